"""Lanxi 2023 aggregate targets (指标), due by 2023-12-31.

Why indicators and not rules: "监测覆盖率100%", "户均产业帮扶收入力争达到3000元以上" or "就业规模稳定在3600人以上"
are facts about the county's population, not entitlements of any one household (research/domain.md A.6.5/7).
Targets qualified by "力争" are ``aspirational``. ``computable`` says whether household records can show
the value: numerators and denominators then name rule ids (``cohort.*``/``risk.*``/``measure.*``) or record
fields; otherwise they describe what an office report would have to count.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ...models import Citation, Indicator
from ._common import LANXI, VALID_UNTIL, c

__all__ = ["INDICATORS", "TARGET_POPULATION"]

#: The households most 001 targets are about: 脱贫户 and 监测对象.
TARGET_POPULATION = "households where cohort.tuopin_household or cohort.monitoring_object"
_MEMBERS = "members of " + TARGET_POPULATION

Cmp = Literal[">=", ">", "<=", "<", "=="]


def _ind(id: str, zh: str, en: str, numerator: str, denominator: str | None, comparator: Cmp, target: str,
         unit: str, citation: Citation, *, computable: bool = True, aspirational: bool = False) -> Indicator:
    return Indicator(id=f"lanxi.{id}", region=LANXI, name_zh=zh, name_en=en, numerator=numerator,
                     denominator=denominator, comparator=comparator, target=Decimal(target), unit=unit,
                     computable=computable, aspirational=aspirational, due=VALID_UNTIL, citation=citation)


INDICATORS: tuple[Indicator, ...] = (
    _ind("income_growth", "脱贫人口人均纯收入增幅", "growth of lifted-out per-capita net income",
         "per-capita net income of 脱贫人口 in 2023 divided by 2022, minus 1", None, ">=", "0.10", "ratio",
         c("序", "全县脱贫人口人均纯收入保持两位数增幅"), computable=False),
    _ind("monitoring_coverage", "监测覆盖率", "monitoring coverage",
         "households where cohort.monitoring_object",
         "households where cohort.monitoring_object or measure.monitoring_inclusion_review or "
         "measure.serious_illness_monitoring_review", ">=", "1", "ratio", c("一.二", "实现监测覆盖率100%")),
    _ind("risk_judgement_accuracy", "规模性返贫致贫风险研判精准率", "accuracy of judging large-scale relapse risk",
         "judgements confirmed correct", "judgements made", ">=", "1", "ratio", c("一.四", "实现研判精准率100%"),
         computable=False),
    _ind("assistance_rate", "监测对象帮扶率", "assistance rate of monitored households",
         "households where cohort.monitoring_object and any of measure.development_assistance, "
         "measure.public_welfare_post, measure.safety_net_assistance, measure.hardship_social_assistance",
         "households where cohort.monitoring_object", ">=", "1", "ratio", c("一.七", "实现帮扶率 100%")),
    _ind("dropouts", "脱贫家庭义务教育阶段辍学学生", "compulsory-education dropouts in lifted-out households",
         "households where cohort.tuopin_household and risk.education_dropout", None, "==", "0", "households",
         c("二.1", "确保脱贫家庭义务教育阶段辍学学生始终动态为零")),
    _ind("yulu_uptake", "雨露计划应享尽享", "Rain-and-Dew plan take-up",
         "members receiving 雨露计划 (payment records, not in household records)", "members where measure.yulu_plan",
         ">=", "1", "ratio", c("二.1", "实现“雨露计划”应享尽享"), computable=False),
    _ind("medical_insurance_rate", "脱贫人口、监测对象基本医保参保率", "basic medical insurance enrolment of "
         "lifted-out and monitored people",
         _MEMBERS + " with medical_insured = true", _MEMBERS, ">=", "1", "ratio",
         c("二.2", "实现脱贫人口、监测对象基本医保参保率100%")),
    _ind("dangerous_houses_rebuilt", "农村低收入人群危房改造户数", "dangerous houses of low-income rural people "
         "rebuilt", "houses rebuilt in 2023 (housing-department records)", None, ">=", "1125", "households",
         c("二.3", "全年计划改造农村低收入人群危房1125户"), computable=False),
    _ind("dangerous_houses_remaining", "脱贫户、监测户危房", "dangerous houses left among lifted-out and monitored "
         "households", TARGET_POPULATION + " and risk.housing_unsafe", None, "==", "0", "households",
         c("五.3", "消灭脱贫户、监测户危房")),
    _ind("water_plants_built", "新建农村集中供水厂", "new centralised rural water plants",
         "plants built in 2023", None, ">=", "1", "plants", c("二.4", "今年新建农村集中供水厂1处"),
         computable=False),
    _ind("water_quality_tests", "水质检测次数", "water-quality tests in the year", "tests carried out in 2023",
         None, ">=", "1", "tests", c("二.4", "及时开展一次水质检测"), computable=False),
    _ind("garden_coverage", "脱贫户小菜园覆盖率", "courtyard-garden coverage of lifted-out households",
         "households where cohort.tuopin_household and courtyard_economy contains garden",
         "households where cohort.tuopin_household", ">=", "1", "ratio",
         c("三.1", "脱贫户力争实现全覆盖"), aspirational=True),
    _ind("garden_area", "小菜园开发利用面积", "courtyard-garden area developed", "mu of gardens developed", None,
         ">=", "10000", "mu", c("三.1", "全年计划开发利用小菜园1万亩,农户1.5万户"), computable=False),
    _ind("garden_households", "小菜园农户数", "households with a courtyard garden",
         "all rural households with a garden (household records cover only 脱贫户 and 监测对象)", None, ">=",
         "15000", "households", c("三.1", "全年计划开发利用小菜园1万亩,农户1.5万户"), computable=False),
    _ind("industry_and_pv_income", "帮扶产业和光伏电站收益", "income of support industries and PV plants",
         "project income in 2023 (asset ledgers)", None, ">=", "20000000", "yuan",
         c("三.1", "2023年全县帮扶产业和光伏电站收益力争实现2000万元以上"), computable=False, aspirational=True),
    _ind("industry_support_coverage", "脱贫户和监测帮扶对象产业帮扶覆盖率", "industry-support coverage of lifted-out "
         "and monitored households", TARGET_POPULATION + " and industry_support_income > 0", TARGET_POPULATION,
         ">=", "1", "ratio", c("三.1", "脱贫户和监测帮扶对象产业帮扶全覆盖")),
    _ind("industry_income_average", "户均产业帮扶收入", "average industry-support income per household",
         "sum of industry_support_income over " + TARGET_POPULATION, TARGET_POPULATION, ">=", "3000",
         "yuan/household", c("三.1", "户均产业帮扶收入力争达到3000元以上"), aspirational=True),
    _ind("employment_scale", "脱贫人口和监测帮扶对象就业规模", "employment of lifted-out and monitored people",
         _MEMBERS + " with work_location in (local, outside_county, outside_province)", None, ">=", "3600",
         "persons", c("三.2", "全年脱贫人口和监测帮扶对象就业规模稳定在3600人以上")),
    _ind("training_coverage", "有意愿、有劳动能力人员培训覆盖面", "training coverage of willing and able people",
         "willing and able members trained this year", "willing and able " + _MEMBERS
         + " (willingness is not recorded)", ">=", "1", "ratio",
         c("三.2", "实现有意愿、有劳动能力的脱贫人口和监测对象培训覆盖面达到100%"), computable=False),
    _ind("microcredit_rate", "小额信贷获贷率", "microcredit take-up of willing households",
         "households where measure.microcredit and loans.outstanding_amount > 0", "households where measure.microcredit",
         ">=", "1", "ratio", c("三.5", "确保有贷款意愿且符合贷款条件的脱贫人口、监测帮扶对象获贷率100%")),
    _ind("agri_insurance_subsidy_rate", "政策性农业保险补贴率", "agricultural-insurance premium subsidy rate",
         "insured eligible households subsidised (insurer records)", "households where "
         "measure.agri_insurance_premium_subsidy", ">=", "1", "ratio",
         c("三.5", "对符合条件的脱贫户和监测帮扶对象补贴率和理赔率实现100%"), computable=False),
    _ind("accident_insurance_rate", "人身小额意外伤害保险参保率", "small accident-insurance enrolment",
         _MEMBERS + " with accident_insured = true", _MEMBERS, ">=", "1", "ratio",
         c("三.5", "脱贫人口和监测帮扶对象人身小额意外伤害保险参保率和理赔率实现100%")),
    _ind("industry_fund_share", "衔接资金用于产业发展比重", "share of linkage funds used for industry",
         "linkage funds spent on industry", "all linkage funds", ">=", "0.60", "ratio",
         c("四.一", "今年财政衔接资金用于产业发展的比重达到 60%以上"), computable=False),
)
