"""Support measures of the national framework (帮扶措施), as the seeds restate it.

Each measure: who is eligible (a condition), what the benefit is, how much (a parameter where the documents
give no number) and the clauses it rests on. Member-level measures (premiums, pension, 雨露计划, family
doctors) are decided per member; the household conclusion lists the members and sums their amounts.
"""

from __future__ import annotations

from datetime import date

from ..models import Citation
from ..rules.expr import Expr, any_of, const, field, param, rule
from ..rules.rule import Rule
from .common import member_not_student, member_severely_disabled, member_tekun, tuopin_or_monitored
from .documents import TRANSITION_END, cite

__all__ = ["RULES", "measure", "pension_age_window"]


def measure(id: str, zh: str, en: str, cond: Expr, *cites: Citation, **kw: object) -> Rule:
    """Build a measure rule (shared by the national set and region plugins)."""
    return Rule.model_validate({"id": f"measure.{id}", "kind": "measure", "name_zh": zh, "name_en": en,
                                "condition": cond, "citations": cites, **kw})


#: Cohorts a region may name as targets of treat-first-pay-later (``medical.treat_first_pay_later_cohorts``).
TREAT_FIRST_COHORTS = ("cohort.tuopin_household", "cohort.monitoring_object", "cohort.at_risk_population",
                       "cohort.sudden_hardship", "cohort.dibao", "cohort.tekun", "cohort.relapsed",
                       "cohort.low_income_population")

_PREMIUM = cite("004", "四.3", "继续全额资助农村特困人员，定额资助低保对象，过渡期内逐步调整脱贫人口资助政策")
_PENSION = cite("004", "四.4", "按照最低缴费档次为参加城乡居民养老保险的低保对象、特困人员、返贫致贫人口、重度残疾人等缴费困难群体代缴部分或全部保费")

#: Age window for resident-pension premium payment: enrolment age (16) up to, not including, pension age (60).
pension_age_window: Expr = (field("age") >= param("pension.enrol_min_age")) & (
    field("age") < param("pension.receive_age"))

_pension_base: Expr = (
    pension_age_window & member_not_student & field("pension_enrolled").eq(True)
    & field("pension_receiving").eq(False)
)

RULES: tuple[Rule, ...] = (
    measure("medical_premium_full", "医保参保个人缴费全额资助", "full medical-insurance premium subsidy",
            member_tekun, _PREMIUM, cite("000", "三"), entity="member", category="medical",
            benefit_kind="premium_subsidy", amount=param("medical.individual_contribution"),
            amount_unit="yuan/person/year"),
    measure("medical_premium_dibao", "低保对象参保定额资助", "fixed medical-insurance premium subsidy (低保)",
            rule("cohort.dibao") & ~member_tekun, _PREMIUM, cite("000", "三"), entity="member",
            category="medical", benefit_kind="premium_subsidy", amount=param("medical.dibao_subsidy"),
            amount_unit="yuan/person/year"),
    measure("medical_premium_tuopin", "脱贫人口参保资助(过渡期)", "transitional premium subsidy (脱贫人口)",
            rule("cohort.tuopin_household") & ~rule("cohort.dibao") & ~member_tekun, _PREMIUM,
            entity="member", category="medical", benefit_kind="premium_subsidy",
            amount=param("medical.tuopin_subsidy"), amount_unit="yuan/person/year", valid_until=TRANSITION_END),
    measure("critical_illness_tilt", "大病保险倾斜支付", "preferential critical-illness insurance payment",
            rule("cohort.dibao") | rule("cohort.tekun") | rule("cohort.relapsed"),
            cite("004", "四.3", "大病保险继续对低保对象、特困人员和返贫致贫人口进行倾斜支付"), cite("000", "三"),
            category="medical", benefit_kind="reimbursement",
            amount_note_zh="起付线降低、报销比例提高等参数文件未给出", amount_note_en="deductible/ratio parameters "
            "are not given by the documents"),
    measure("treat_first_pay_later", "住院先诊疗后付费", "inpatient treat first, pay later",
            any_of(*(const(c).is_in(param("medical.treat_first_pay_later_cohorts")) & rule(c)
                     for c in TREAT_FIRST_COHORTS)),
            cite("004", "三.4", "调整完善县域内先诊疗后付费政策"), category="medical", benefit_kind="service",
            description_en="The national restatement names no target groups (004 三.4 only says the policy is "
                           "adjusted), so the cohorts it covers are a parameter; regions that name them "
                           "(Tianmen 000 三) override the rule."),
    measure("family_doctor_contract", "慢病家庭医生签约服务", "family-doctor contract for chronic illness",
            tuopin_or_monitored & field("chronic_diseases").overlaps(param("health.contract_chronic_diseases")),
            cite("004", "三.4", "优化高血压等主要慢病签约服务"), entity="member", category="medical",
            benefit_kind="service"),
    measure("pension_premium_paid", "城乡居民养老保险代缴", "resident pension premium paid by government",
            _pension_base & any_of(member_severely_disabled, member_tekun, rule("cohort.relapsed"),
                                   rule("cohort.dibao")),
            _PENSION, entity="member", category="pension", benefit_kind="premium_payment",
            amount=param("pension.paid_amount"), amount_unit="yuan/person/year"),
    measure("housing_renovation", "农村危房改造", "dangerous-house renovation",
            rule("cohort.low_income_population") & rule("risk.housing_unsafe"),
            cite("000", "四", "对农村低收入人口唯一住房鉴定为C、D级危房的，及时纳入保障范围，做到应改尽改、应补尽补"),
            cite("004", "二.3", "通过农村危房改造等多种方式保障低收入人口基本住房安全"),
            category="housing", benefit_kind="renovation",
            amount_note_zh="补助标准文件未给出，由住建部门核定", amount_note_en="subsidy not given by the documents"),
    measure("yulu_plan", "雨露计划职业教育补助", "Rain-and-Dew (雨露计划) vocational-education subsidy",
            tuopin_or_monitored & field("enrolled").eq(True)
            & field("school_stage").is_in(("secondary_vocational", "higher_vocational")),
            cite("001", "二.1", "雨露计划"), cite("003", "二.(一).2.①", "雨露计划"),
            entity="member", category="education", benefit_kind="cash",
            amount=param("yulu.amount_per_year"), amount_unit="yuan/student/year"),
    measure("relocation_followup", "易地搬迁后续扶持", "post-relocation follow-up support",
            rule("cohort.relocated"),
            cite("004", "二.4", "从就业需要、产业发展和后续配套设施建设提升完善等方面加大扶持力度"),
            category="relocation", benefit_kind="service"),
    measure("microcredit", "脱贫人口小额信贷", "poverty microcredit",
            rule("cohort.tuopin_household") & field("loans.willing").eq(True),
            cite("yinbaojianfa-2021-6", "支持对象"), cite("000", "九"),
            category="finance", benefit_kind="loan", amount=param("microcredit.max_amount"),
            amount_unit="yuan/household (ceiling)", valid_from=date(2021, 3, 4),
            valid_until=TRANSITION_END,
            amount_note_zh="免担保免抵押，期限不超过3年，额度为上限", amount_note_en="no guarantee or collateral; "
            "at most 3 years; the amount is the ceiling"),
    measure("monitoring_inclusion_review", "纳入防止返贫监测审核", "review for inclusion in monitoring",
            field("statuses.monitoring.kind").eq("none")
            & any_of(rule("risk.income_below_line"), rule("risk.high_rigid_expenditure"),
                     rule("risk.education_dropout"), rule("risk.medical_uninsured"), rule("risk.housing_unsafe"),
                     rule("risk.water_insecure")),
            cite("004", "二.2", "建立健全易返贫致贫人口快速发现和响应机制"),
            category="monitoring", benefit_kind="review",
            description_en="A household not yet monitored shows at least one monitoring risk."),
)
