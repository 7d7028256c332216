"""樟树乡 (``430000.zhangshu``): document 003, the township's 2021 "大排查大巩固大提升" campaign plan.

Region id: 003 names neither its county nor its city (research/domain.md A.0, B.12: searched, not found; the
樟树乡 of 永兴县 became a town in 2012, so it is not that one). The township therefore gets the plugin-defined
id ``430000.zhangshu`` directly under Hunan rather than an invented county code; if its county is identified,
the region can be re-parented without changing any rule.

Everything here is valid for the campaign only: 2021-09-18 (the plan's date) to 2021-12-31 (its last
deadline, 三.(三)). What 003 adds:

* 二.(二).1 "一超过": per-capita annual net income must **exceed** 6500 yuan. This is a township
  consolidation line, not the monitoring threshold (research/domain.md A.6.5): it gets its own parameter,
  ``consolidation.income_line``, and its own risk, ``risk.consolidation_income_not_exceeded`` (present when
  income is at or below the line — "超过" is strict).
* 二.(一).2.② family-doctor contracts for four chronic diseases (the Hunan parameter names two).
* 二.(一).3.② each relocated household enjoys at least one of employment, industry or social-security
  follow-up support, and has moved in.
* 二.(一).3.④ small loans for 脱贫户 **and 边缘户** (the national rule names 脱贫户 only); industry support
  for 脱贫户, 边缘户 and 突发严重困难户 with conditions and willingness; jobs or benefit linkage after an
  industry failure.
* 二.(一).2.① compulsory-education aid for the listed student groups, and a "一人一策" plan per dropout.
* screening groups (二.(一)), the campaign calendar (三.(一)–(三), 二.(一).2.①) and the campaign's targets.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ...models import CalendarEvent, Citation, Indicator, ParameterSpec, ParameterValue, Region
from ...policies.common import member_severely_disabled, member_tekun, tuopin_or_monitored
from ...rules.expr import Expr, any_member, field, param, rule
from ...rules.rule import Rule
from ._common import D003_FROM, D003_UNTIL, cite, indicator, make_rule

__all__ = ["EVENTS", "INDICATORS", "REGION", "RULES", "SPECS", "VALUES"]

_R = "430000.zhangshu"

REGION = Region(
    id=_R, name_zh="樟树乡", name_en="Zhangshu township", level="township", parent="430000",
    note=("Plugin-defined id: document 003 does not name the township's county (not found in research either), "
          "so no county code is invented; the township sits directly under Hunan (430000)."))

SPECS: tuple[ParameterSpec, ...] = (
    ParameterSpec(
        key="consolidation.income_line", name_zh="巩固“一超过”收入线", name_en="consolidation income line",
        kind="money", unit="yuan/person/year",
        note=("Per-capita annual net income a household must EXCEED (strictly) for the consolidation target "
              "'一超过' (樟树乡 003 二.(二).1: 6500). A campaign target, not the monitoring threshold.")),
)

_LINE = cite("003", "二.(二).1", "实现农村家庭成员年人均纯收入超过6500元")
_DOCTOR = cite("003", "二.(一).2.②", "脱贫人口(含监测对象)慢病患者(高血压、糖尿病、结核病、重性精神障碍等4种)家庭医生签约是否应签尽签")
_RELOC = cite("003", "二.(一).3.②", "搬迁对象是否享受了搬迁后续扶持政策(就业、产业、社会保障至少享受1项)")
_LOANS = cite("003", "二.(一).3.④", "对符合条件且有贷款意愿的脱贫户和边缘户是否应贷尽贷")
_INDUSTRY = cite("003", "二.(一).3.④", "对于具备发展产业条件且有产业发展意愿的脱贫户、边缘户和突发严重困难户")
_FAILURE = cite("003", "二.(一).3.④", "具备劳动能力的是否就近安排就业岗位,不具备劳动能力的是否及时纳入新的联结机制进行帮扶")
_SCREEN = cite("003", "二.(一)", "重点排查脱贫户、消除风险的边缘易致贫户、低保户、特困供养户、重病重残户")
_EDU_AID = cite("003", "二.(一).2.①", "农村脱贫家庭学生、低保家庭学生、特困救助供养学生(含孤儿和事实无人抚养儿童)、家庭经济困难残疾学生以及监测对象家庭学生义务教育阶段资助政策是否实现应助尽助")


def _v(key: str, value: Decimal | tuple[str, ...], citation: Citation, *, overrides: bool = False,
       note: str | None = None) -> ParameterValue:
    return ParameterValue(key=key, region=_R, value=value, valid_from=D003_FROM, valid_until=D003_UNTIL,
                          citation=citation, overrides=overrides, note=note)


VALUES: tuple[ParameterValue, ...] = (
    _v("consolidation.income_line", Decimal("6500.00"), _LINE,
       note="超过6500元: income must be strictly greater than 6500."),
    _v("health.contract_chronic_diseases", ("hypertension", "diabetes", "tuberculosis", "severe_mental_disorder"),
       _DOCTOR, overrides=True, note="高血压、糖尿病、结核病、重性精神障碍等4种 (Hunan 002 names two)."),
)

# ---- rules ----------------------------------------------------------------------------------------------

_SUPPORTS = ("employment", "industry", "social_security")
_CAN_WORK = ("full", "weak", "half")


def _rule(kind: str, id: str, zh: str, en: str, cond: Expr, *cites: Citation, **kw: object) -> Rule:
    return make_rule(kind, id, zh, en, cond, *cites, region=_R, valid_from=D003_FROM, valid_until=D003_UNTIL,
                     **kw)


_industry_failed: Expr = field("statuses.monitoring.risk_causes").overlaps(("industry_failure",))

_chronic_eligible: Expr = tuopin_or_monitored & field("chronic_diseases").overlaps(
    param("health.contract_chronic_diseases"))

RULES: tuple[Rule, ...] = (
    _rule("cohort", "campaign_screening_group", "大排查重点排查对象", "campaign screening group",
          rule("cohort.tuopin_household") | rule("cohort.marginal") | rule("cohort.dibao") | rule("cohort.tekun")
          | any_member(field("serious_illness").eq(True) | member_severely_disabled,
                       "有重病或重度残疾成员(重病重残户)", "a member is seriously ill or severely disabled"),
          _SCREEN, cite("003", "三.(一)", "全面排查摸底(9月26日前)"),
          description_en="脱贫户, 边缘易致贫户, 低保户, 特困供养户 and 重病重残户. 003 names the marginal "
                         "households whose risk was eliminated; current marginal households are monitoring "
                         "objects screened under 二.(一).3.① anyway, so every marginal household is included."),
    _rule("risk", "consolidation_income_not_exceeded", "人均纯收入未超过“一超过”收入线",
          "per-capita net income does not exceed the consolidation line",
          field("per_capita_net_income") <= param("consolidation.income_line"), _LINE,
          description_en="Present when per-capita annual net income is at or below the line (the target is to "
                         "exceed it strictly). A consolidation target, not the monitoring threshold."),
    _rule("risk", "relocation_support_missing", "搬迁户未享受后续扶持", "relocated household without follow-up support",
          rule("cohort.relocated") & ~field("statuses.relocation.supports").overlaps(_SUPPORTS), _RELOC,
          description_en="A relocated household with none of employment, industry or social-security support."),
    _rule("risk", "relocation_not_moved_in", "搬迁户未入住", "relocated household not moved in",
          rule("cohort.relocated") & field("statuses.relocation.moved_in").eq(False),
          cite("003", "二.(一).3.②", "易地搬迁户是否实现100%入住")),
    _rule("risk", "chronic_contract_unsigned", "慢病患者未签约家庭医生", "chronic patient without a family-doctor contract",
          any_member(_chronic_eligible & field("family_doctor_signed").eq(False),
                     "有应签未签的慢病患者", "a member who should have a contract has none"),
          _DOCTOR, description_en="应签尽签: a 脱贫/监测 member with one of the four diseases has not signed."),
    _rule("measure", "microcredit", "脱贫户和边缘户小额信贷", "microcredit for lifted-out and marginal households",
          (rule("cohort.tuopin_household") | rule("cohort.marginal")) & field("loans.willing").eq(True),
          _LOANS, cite("yinbaojianfa-2021-6", "支持对象"), overrides=True,
          category="finance", benefit_kind="loan", amount=param("microcredit.max_amount"),
          amount_unit="yuan/household (ceiling)",
          amount_note_zh="应贷尽贷，不得暗设门槛；额度为上限", amount_note_en="lend to all eligible and willing, no "
          "hidden thresholds; the amount is the ceiling"),
    _rule("measure", "industry_support", "产业帮扶(种苗、技术、保底回收)",
          "industry support (seedlings, technical service, guaranteed buy-back)",
          (rule("cohort.tuopin_household") | rule("cohort.marginal") | rule("cohort.sudden_hardship"))
          & field("industry_willing").eq(True), _INDUSTRY,
          category="industry", benefit_kind="in_kind",
          amount_note_zh="帮扶标准文件未给出", amount_note_en="no amount in the documents"),
    _rule("measure", "industry_failure_job", "产业失败后就近安排就业", "nearby job after an industry failure",
          rule("cohort.tuopin_household") & _industry_failed & field("labour_capacity").is_in(_CAN_WORK),
          _FAILURE, entity="member", category="employment", benefit_kind="job",
          description_en="A member of a lifted-out household whose industry failed (risk cause "
                         "industry_failure) and who can work (full, weak or half labour capacity)."),
    _rule("measure", "industry_failure_linkage", "产业失败后纳入新的联结机制",
          "new benefit-linkage mechanism after an industry failure",
          rule("cohort.tuopin_household") & _industry_failed & field("labour_capacity").eq("none"),
          _FAILURE, entity="member", category="industry", benefit_kind="service"),
    _rule("measure", "compulsory_education_aid", "义务教育阶段资助", "compulsory-education student aid",
          field("school_stage").is_in(("primary", "junior")) & field("enrolled").eq(True)
          & (rule("cohort.tuopin_household") | rule("cohort.dibao") | rule("cohort.monitoring_object")
             | member_tekun | field("orphan").eq(True) | field("de_facto_unsupported_child").eq(True)),
          _EDU_AID, entity="member", category="education", benefit_kind="cash",
          description_en="Primary or junior-secondary students from 脱贫, 低保 or 监测 households, and 特困 "
                         "students including orphans and de-facto unsupported children. 家庭经济困难残疾学生 "
                         "is not encoded: the documents do not define 家庭经济困难.",
          amount_note_zh="资助标准文件未给出", amount_note_en="no amount in the documents"),
    _rule("measure", "dropout_return_plan", "控辍保学“一人一策”劝返复学", "one-plan-per-child return to school",
          rule("risk.education_dropout"),
          cite("003", "二.(一).2.①", "对义务教育阶段因厌学辍学等问题是否建立\"一人一策\"帮扶台账"),
          category="education", benefit_kind="service"),
)

# ---- calendar -------------------------------------------------------------------------------------------


def _event(id: str, kind: str, zh: str, en: str, on: date, citation: Citation) -> CalendarEvent:
    return CalendarEvent.model_validate({"id": id, "region": _R, "kind": kind, "name_zh": zh, "name_en": en,
                                         "first_date": on, "citation": citation})


EVENTS: tuple[CalendarEvent, ...] = (
    _event("zhangshu.yulu_spring_2021_paid", "payment", "2021年春季学期雨露计划补助发放到位",
           "2021 spring-semester Rain-and-Dew subsidy paid", date(2021, 8, 31),
           cite("003", "二.(一).2.①", "2021年春季学期\"雨露计划\"补助是否在8月31日前发放到位")),
    _event("zhangshu.screening_done", "deadline", "全面排查摸底完成", "full screening completed",
           date(2021, 9, 26), cite("003", "三.(一)", "全面排查摸底(9月26日前)")),
    _event("zhangshu.rectification_done", "deadline", "全面整改落实完成", "all rectification completed",
           date(2021, 10, 23), cite("003", "三.(二)", "全面整改落实(10月23日前)")),
    _event("zhangshu.consolidation_done", "deadline", "巩固提升脱贫成果完成", "consolidation completed",
           date(2021, 12, 31), cite("003", "三.(三)", "巩固提升脱贫成果(12月31日前)")),
)

# ---- indicators -----------------------------------------------------------------------------------------


def _ind(id: str, zh: str, en: str, citation: Citation, *, numerator: str, denominator: str | None,
         target: str, computable: bool, comparator: str = ">=", unit: str = "ratio",
         due: date | None = D003_UNTIL) -> Indicator:
    return indicator(f"zhangshu.{id}", _R, zh, en, numerator=numerator, denominator=denominator,
                     comparator=comparator, target=target, unit=unit, citation=citation, computable=computable,
                     due=due)


INDICATORS: tuple[Indicator, ...] = (
    _ind("chronic_contract_rate", "四类慢性病签约服务率", "family-doctor contract rate (four chronic diseases)",
         cite("003", "二.(二).1", "四类慢性病签约服务率达100%"),
         numerator="members with a contract-qualifying disease (measure.family_doctor_contract eligible) and "
                   "family_doctor_signed = true",
         denominator="members eligible for measure.family_doctor_contract", target="1", computable=True),
    _ind("income_line_exceeded_share", "人均纯收入超过6500元的农户占比",
         "households whose per-capita net income exceeds 6500 yuan", _LINE,
         numerator="households where risk.consolidation_income_not_exceeded is absent",
         denominator="households", target="1", computable=True),
    _ind("relocation_move_in_rate", "易地搬迁入住率", "relocated households moved in",
         cite("003", "二.(二).1", "易地搬迁入住率、后续扶持覆盖率达100%"),
         numerator="cohort.relocated households with statuses.relocation.moved_in = true",
         denominator="cohort.relocated", target="1", computable=True),
    _ind("relocation_followup_coverage", "易地搬迁后续扶持覆盖率", "relocation follow-up coverage",
         cite("003", "二.(二).1", "易地搬迁入住率、后续扶持覆盖率达100%"),
         numerator="cohort.relocated households where risk.relocation_support_missing is absent",
         denominator="cohort.relocated", target="1", computable=True),
    _ind("medical_insurance_2022", "脱贫人口和监测对象参加2022年度城乡居民医保",
         "2022 resident medical-insurance enrolment of 脱贫人口 and 监测对象",
         cite("003", "二.(一).2.②", "脱贫人口和监测对象是否100%参加2022年度城乡居民基本医疗保险"),
         numerator="members of cohort.tuopin_household or cohort.monitoring_object households with "
                   "medical_insured = true for coverage year 2022",
         denominator="members of cohort.tuopin_household or cohort.monitoring_object households", target="1",
         computable=True, due=None),
    _ind("property_registration_rate", "搬迁住房不动产登记办证率、发证率", "relocation housing title registration",
         cite("003", "二.(一).3.②", "住房不动产登记办证率、发证率是否均达到100%"),
         numerator="relocation dwellings registered and certified", denominator="relocation dwellings",
         target="1", computable=False),
    _ind("mutual_aid_elderly_facility_coverage", "农村互助养老服务设施村(社区)覆盖率",
         "villages with mutual-aid elderly-care facilities",
         cite("003", "二.(二).2", "确保2021年农村互助养老服务设施村(社区)覆盖率达到30%"),
         numerator="villages (communities) with a mutual-aid elderly-care facility",
         denominator="villages (communities)", target="0.30", computable=False),
    _ind("health_centre_gps", "卫生院注册(助理)全科医师数", "registered (assistant) GPs at the health centre",
         cite("003", "二.(二).2", "确保卫生院有2名以上注册的(助理)全科医师"),
         numerator="registered (assistant) general practitioners", denominator=None, target="2",
         unit="persons", computable=False),
    _ind("village_clinic_coverage", "行政村卫生室及合格乡村医生覆盖", "villages with a clinic and a qualified doctor",
         cite("003", "二.(二).2", "每个行政村有卫生室,有1名以上合格的乡村医生(含派驻)"),
         numerator="administrative villages with a clinic and at least one qualified village doctor",
         denominator="administrative villages", target="1", computable=False),
    _ind("left_behind_care_agreement_rate", "农村留守儿童委托照护签约率", "left-behind children's care agreements",
         cite("003", "二.(二).4", "确保农村留守儿童委托照护签约率达到100%"),
         numerator="left-behind children with an entrusted-care agreement", denominator="left-behind children",
         target="1", computable=False),
    _ind("tuopin_employment_vs_last_year", "脱贫人口就业规模不低于去年", "lifted-out employment not below last year",
         cite("003", "二.(一).3.③", "今年脱贫人口就业规模是否低于去年"),
         numerator="脱贫人口 employed this year", denominator="脱贫人口 employed last year", target="1",
         computable=False),
    _ind("empty_shell_villages", "村集体收入“空壳村”", "villages with no collective income",
         cite("003", "二.(三).1", "全面消除村集体收入\"空壳村\""),
         numerator="villages without collective income", denominator=None, comparator="==", target="0",
         unit="villages", computable=False),
    _ind("rural_income_growth_gap", "农村居民收入增速高于城镇", "rural disposable-income growth above urban",
         cite("003", "二.(三).2", "农村居民人均可支配收入增速高于城镇居民人均可支配收入增速"),
         numerator="rural minus urban per-capita disposable-income growth", denominator=None, comparator=">",
         target="0", unit="percentage points", computable=False),
)
