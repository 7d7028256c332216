"""Lanxi 2023 measures (001 一.七, 二.2, 三.1, 三.2, 三.3, 三.5), valid 2023-01-01..2023-12-31 only.

Why these and not more: 001 is a county work plan. Most of it is aggregate targets (indicators.py), dates
(calendar.py) or exhortation (coverage/001.toml says why for each). The rules below are the clauses that name a
cohort and a support measure a household or member can be checked against. Where 001 gives no amount, the
amount is an office-supplied parameter (parameters.py). Labour capacity decides the assistance type (一.七):
able and willing → developmental help, weak or half labour → public-welfare posts, no labour capacity →
safety net. Willingness is not a household field; a recorded wish for industry support (``industry_willing``)
or an able member already in work counts as "有意愿" — documented in docs/regions/heilongjiang_lanxi.md.
"""

from __future__ import annotations

from ...policies.common import tuopin_or_monitored
from ...policies.documents import cite
from ...policies.measures import measure
from ...rules.expr import Expr, any_member, field, param, rule
from ...rules.rule import Rule
from ._common import c, dated

__all__ = ["COURTYARD_CODES", "RULES", "WORKING"]

#: All courtyard-economy kinds named in 三.1 (小菜园、小牧园、小作坊、小手工、小纺织).
COURTYARD_CODES = ("garden", "pasture", "workshop", "handicraft", "textile")
#: Work locations that mean the person is in work.
WORKING = ("local", "outside_county", "outside_province")

_monitored: Expr = rule("cohort.monitoring_object")
_able: Expr = field("labour_capacity").eq("full")
_weak_or_half: Expr = field("labour_capacity").is_in(("weak", "half"))

_Q_DEV = c("一.七", "对有劳动能力、有意愿的,落实产业、就业等开发式帮扶措施")
_Q_WEAK = c("一.七", "对弱、半劳动力的,努力创造条件探索开发式帮扶措施")
_Q_NONE = c("一.七", "对无劳动能力的,落实落靠兜底保障、社会救助等帮扶措施,确保基本生活不出问题")
_Q_HAZARD = c("一.七", "对发现的因灾因病因疫等苗头性问题,及时落实社会救助、医疗保障等帮扶措施")

RULES: tuple[Rule, ...] = (
    # ---- 一.七 assistance by labour capacity --------------------------------------------------------------
    measure("development_assistance", "开发式帮扶(产业、就业)", "developmental (industry/employment) assistance",
            _monitored
            & any_member(_able, "有劳动能力成员", "a member is able to work")
            & (field("industry_willing").eq(True)
               | any_member(_able & field("work_location").is_in(WORKING),
                            "有劳动能力成员已务工", "an able member is already in work")),
            _Q_DEV, category="industry", benefit_kind="service",
            description_zh="监测对象家庭有劳动能力成员，且有产业发展意愿或有劳动能力成员已务工(视为有就业意愿)。",
            description_en="A monitored household with a member able to work that wants industry support, or "
                           "whose able member already works (taken as willingness to work).",
            **dated()),
    measure("public_welfare_post", "乡村公益性岗位(弱、半劳动力)", "rural public-welfare post (weak or half labour)",
            tuopin_or_monitored & _weak_or_half, _Q_WEAK,
            c("三.3", "因地制宜开发乡村公益性岗位,促进弱、半劳动力就近就地就业"),
            entity="member", category="employment", benefit_kind="job",
            amount_note_zh="岗位补贴标准文件未给出", amount_note_en="post pay is not given by the document",
            description_en="A weak or half-labour member of a 脱贫户 or monitored household: developmental help "
                           "through a nearby public-welfare post.",
            **dated()),
    measure("safety_net_assistance", "兜底保障和社会救助(无劳动能力)", "safety net and social assistance "
            "(no labour capacity)",
            _monitored
            & ~any_member(field("labour_capacity").is_in(("full", "weak", "half")),
                          "有成员具备(含弱、半)劳动能力", "a member has some labour capacity"),
            _Q_NONE, category="social_assistance", benefit_kind="review",
            description_en="A monitored household in which no member has any labour capacity is reviewed for "
                           "低保, 特困 and other social assistance (the amounts come from those rules).",
            **dated()),
    measure("hardship_social_assistance", "因灾因病因疫社会救助和医疗保障", "social assistance and medical "
            "protection after disaster, illness or epidemic",
            _monitored & field("statuses.monitoring.risk_causes").overlaps(("disaster", "illness", "epidemic")),
            _Q_HAZARD, category="social_assistance", benefit_kind="review",
            description_en="A monitored household whose risk causes include disaster, illness or epidemic.",
            **dated()),
    # ---- 二.2 serious illness -> monitoring ---------------------------------------------------------------
    measure("serious_illness_monitoring_review", "大病脱贫人口纳入监测审核", "review for monitoring: lifted-out "
            "household with a seriously ill member",
            rule("cohort.tuopin_household") & field("statuses.monitoring.kind").eq("none")
            & any_member(field("serious_illness").eq(True), "有患大病成员", "a member has a serious illness"),
            c("二.2", "及时将患有大病的脱贫人口等纳入监测范围"), category="monitoring", benefit_kind="review",
            description_en="A 脱贫户 not yet monitored with a seriously ill member is reviewed for inclusion.",
            **dated()),
    # ---- 三.1 courtyard economy --------------------------------------------------------------------------
    measure("courtyard_economy_award", "庭院经济奖补", "courtyard-economy award",
            tuopin_or_monitored & field("courtyard_economy").overlaps(COURTYARD_CODES),
            c("三.1", "落实脱贫户和监测对象小菜园、小牧园、小作坊、小手工、小纺织等庭院经济奖补政策"),
            category="industry", benefit_kind="cash", amount=param("lanxi.courtyard_award"),
            amount_unit="yuan/household/year",
            amount_note_zh="奖补标准文件未给出；“户均…3000元以上”是平均目标，不是每户待遇",
            amount_note_en="the award is not given by the document; its 3000 yuan is a household-average "
                           "target, not an entitlement",
            **dated()),
    # ---- 三.2 employment ---------------------------------------------------------------------------------
    measure("cross_province_transport_subsidy", "跨省务工交通补助", "cross-province migrant-work transport subsidy",
            tuopin_or_monitored & field("work_location").eq("outside_province"),
            c("三.2", "严格兑现跨省务工交通补助和生产奖补政策,鼓励脱贫人口和监测对象外出务工就业和发展生产增收"),
            entity="member", category="employment", benefit_kind="cash",
            amount=param("lanxi.cross_province_transport_subsidy"), amount_unit="yuan/person/year", **dated()),
    measure("migrant_work_award", "省内外务工奖补", "award for migrant work inside and outside the province",
            rule("cohort.tuopin_household") & field("work_location").is_in(("outside_county", "outside_province")),
            c("三.2", "省内外务工奖补等政策,促进脱贫人口创业就业"),
            entity="member", category="employment", benefit_kind="cash",
            amount=param("lanxi.migrant_work_award"), amount_unit="yuan/person/year",
            description_en="A member of a 脱贫户 working away from the county (in or outside the province).",
            **dated()),
    measure("vocational_training", "职业技能培训(含培训补贴)", "vocational skills training (with training subsidy)",
            tuopin_or_monitored & _able,
            c("三.2", "实现有意愿、有劳动能力的脱贫人口和监测对象培训覆盖面达到100%"),
            entity="member", category="employment", benefit_kind="service",
            amount_note_zh="培训补贴标准文件未给出；培训意愿由帮扶干部确认", amount_note_en="the training subsidy is "
            "not given by the document; willingness is confirmed by the caseworker",
            **dated()),
    # ---- 三.5 finance ------------------------------------------------------------------------------------
    measure("microcredit", "脱贫人口和监测帮扶对象小额信贷", "poverty microcredit (incl. monitored households)",
            tuopin_or_monitored & field("loans.willing").eq(True),
            c("三.5", "确保有贷款意愿且符合贷款条件的脱贫人口、监测帮扶对象获贷率100%"),
            cite("yinbaojianfa-2021-6", "支持对象"),
            category="finance", benefit_kind="loan", amount=param("microcredit.max_amount"),
            amount_unit="yuan/household (ceiling)", overrides=True,
            amount_note_zh="免担保免抵押，期限不超过3年，额度为上限；兰西县2023年扩至监测帮扶对象",
            amount_note_en="no guarantee or collateral; at most 3 years; the amount is the ceiling. Lanxi 2023 "
                           "extends it to monitored households",
            **dated()),
    measure("agri_insurance_premium_subsidy", "政策性农业保险保费补贴", "policy agricultural-insurance premium "
            "subsidy",
            tuopin_or_monitored & field("agri_insured").eq(True),
            c("三.5", "落实落靠政策性农业保险保费补贴政策,对符合条件的脱贫户和监测帮扶对象补贴率和理赔率实现100%"),
            category="finance", benefit_kind="premium_subsidy",
            amount=param("lanxi.agri_insurance_premium_subsidy"), amount_unit="yuan/household/year", **dated()),
    measure("accident_insurance", "人身小额意外伤害保险", "small personal accident insurance",
            tuopin_or_monitored,
            c("三.5", "脱贫人口和监测帮扶对象人身小额意外伤害保险参保率和理赔率实现100%"),
            entity="member", category="finance", benefit_kind="service",
            amount_note_zh="文件只要求参保率100%，未规定保费由谁负担", amount_note_en="the document requires 100% "
            "enrolment but does not say who pays the premium",
            description_en="Every member of a 脱贫户 or monitored household is to be covered.",
            **dated()),
)
