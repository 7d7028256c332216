"""The nationwide parameter catalogue (keys, units, kinds) and the few built-in national values.

A built-in value exists only where the seeds give it or the project's research rates an outside source high
confidence; everything else is a key the deploying office supplies (``--params FILE``), and rules that need
it say so ("undetermined", naming the key, region and date).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..models import ParameterSpec, ParameterValue
from .documents import TRANSITION_END, TRANSITION_START, cite

__all__ = ["NATIONAL_VALUES", "SPECS"]

CHRONIC_CODES = ("hypertension", "diabetes", "tuberculosis", "severe_mental_disorder", "other")


def _spec(key: str, zh: str, en: str, kind: str, unit: str, note: str, **kw: object) -> ParameterSpec:
    return ParameterSpec.model_validate({"key": key, "name_zh": zh, "name_en": en, "kind": kind, "unit": unit,
                                         "note": note, **kw})


SPECS: tuple[ParameterSpec, ...] = (
    _spec("monitoring.income_line", "防止返贫监测收入线", "monitoring income line", "money",
          "yuan/person/year", "Per-capita annual net income at or below which a household is in the monitoring "
          "range. 2021: national floor 6000; from 2022 each province sets it (not in the documents)."),
    _spec("monitoring.rigid_expenditure_ratio", "刚性支出较大认定比例", "rigid-expenditure share threshold",
          "ratio", "share of annual net income", "Rigid expenditure at or above this share of net income "
          "counts as 'large'. No document gives a value: the office supplies it."),
    _spec("monitoring.tracking_period_months", "风险消除后跟踪期", "tracking period after risk elimination",
          "int", "months", "Months a household stays under tracking after its risk is marked eliminated "
          "(Lanxi 2023: one year, 001 一.八). No national value."),
    _spec("monitoring.elimination_min_stable_months", "风险消除收入稳定最短月数",
          "minimum months of stable income before risk elimination", "int", "months",
          "Not given by the documents (local practice: 6): the office supplies it."),
    _spec("monitoring.elimination_min_assisted_months", "风险消除前最短帮扶月数",
          "minimum months of assistance before assisted risk elimination", "int", "months",
          "Not given by the documents (local practice: 6): the office supplies it."),
    _spec("monitoring.defer_elimination_without_labour", "无劳动能力户暂不标注风险消除",
          "defer risk elimination for households without labour capacity", "bool", "flag",
          "Some provinces keep tracking households without labour capacity instead of marking the risk "
          "eliminated (local practice, research/domain.md B.3, M): the office decides; no default."),
    _spec("education.compulsory_age_min", "义务教育入学年龄", "compulsory-education starting age", "int", "years",
          "Age from which a child must be in school (义务教育法 §11: 6)."),
    _spec("education.compulsory_age_max", "义务教育适龄上限", "compulsory-education upper age", "int", "years",
          "Oldest age still counted as compulsory-education age (local practice 15; not in the documents)."),
    _spec("disability.severe_max_grade", "重度残疾等级上限", "most severe grades counted as severe disability",
          "int", "grade", "Grades 1..N count as 重度残疾 (common practice N=2; the documents do not define it)."),
    _spec("dibao.standard_rural", "农村低保标准", "rural 低保 standard", "money", "yuan/person/year",
          "The county's or province's yearly rural minimum-living standard."),
    _spec("dibao.employment_cost_deduction_rate", "就业成本扣减比例", "employment-cost deduction rate", "ratio",
          "share of wage income", "Share of wage income deducted as necessary employment cost (no document "
          "gives a rate)."),
    _spec("dibao.gradual_exit_max_months", "低保渐退期上限", "maximum 低保 gradual-exit period", "int", "months",
          "Months a household keeps 低保 after its income rises above the standard."),
    _spec("medical.individual_contribution", "城乡居民医保个人缴费标准", "resident medical insurance individual "
          "contribution", "money", "yuan/person/year", "The year's individual contribution (fully subsidised "
          "for 特困人员)."),
    _spec("medical.dibao_subsidy", "低保对象参保定额资助", "fixed premium subsidy for 低保 recipients", "money",
          "yuan/person/year", "定额资助低保对象: the amount is set locally."),
    _spec("medical.tuopin_subsidy", "脱贫人口参保资助", "transitional premium subsidy for lifted-out people",
          "money", "yuan/person/year", "过渡期内逐步调整: the amount is set locally each year."),
    _spec("medical.treat_first_pay_later_cohorts", "先诊疗后付费对象范围", "cohorts covered by treat first, pay "
          "later", "codes", "cohort ids", "The cohorts a region's treat-first-pay-later policy covers; the "
          "national restatement (004 三.4) names none.",
          allowed_codes=("cohort.tuopin_household", "cohort.monitoring_object", "cohort.at_risk_population",
                         "cohort.sudden_hardship", "cohort.dibao", "cohort.tekun", "cohort.relapsed",
                         "cohort.low_income_population")),
    _spec("pension.min_tier", "城乡居民养老保险最低缴费档次", "minimum resident-pension contribution tier",
          "money", "yuan/person/year", "The lowest contribution tier in the province."),
    _spec("pension.paid_amount", "困难群体养老保险代缴金额", "pension premium paid for hard-up groups", "money",
          "yuan/person/year", "Part or all of the minimum tier paid by the government (004 四.4)."),
    _spec("pension.paid_amount_priority", "重点困难群体养老保险代缴金额",
          "pension premium paid for priority groups", "money", "yuan/person/year",
          "Used where a province pays the whole tier for some groups (Hunan 002 (十四))."),
    _spec("pension.enrol_min_age", "城乡居民养老保险参保年龄", "resident pension enrolment age", "int", "years",
          "Age from which a non-student may enrol (国发〔2014〕8号: 16)."),
    _spec("pension.receive_age", "城乡居民养老金领取年龄", "resident pension receiving age", "int", "years",
          "Age from which the pension is received (国发〔2014〕8号: 60)."),
    _spec("health.contract_chronic_diseases", "家庭医生签约慢病范围", "chronic diseases for family-doctor "
          "contracts", "codes", "disease codes", "Diseases that qualify 脱贫人口/监测对象 for a contract.",
          allowed_codes=CHRONIC_CODES),
    _spec("yulu.amount_per_year", "雨露计划补助标准", "Rain-and-Dew (雨露计划) subsidy", "money",
          "yuan/student/year", "Vocational-education subsidy (commonly 3000; not in the documents)."),
    _spec("microcredit.max_amount", "脱贫人口小额信贷额度上限", "poverty microcredit ceiling", "money",
          "yuan/household", "银保监发〔2021〕6号: at most 50,000 yuan."),
    _spec("microcredit.max_term_months", "脱贫人口小额信贷期限上限", "poverty microcredit maximum term", "int",
          "months", "银保监发〔2021〕6号: at most 3 years."),
    _spec("water.min_quantity_lpd", "饮水水量下限", "minimum water quantity", "int", "litres/person/day",
          "Basic level of the 2004 rural drinking-water index: 20."),
    _spec("water.max_fetch_minutes", "取水往返时间上限", "maximum round trip to fetch water", "int", "minutes",
          "Basic level of the 2004 index: 20 minutes."),
    _spec("water.min_supply_guarantee_pct", "供水保证率下限", "minimum supply guarantee", "int", "percent",
          "Basic level of the 2004 index: 90%."),
)


def _v(key: str, value: object, frm: date, until: date | None, citation: object, note: str | None = None
       ) -> ParameterValue:
    return ParameterValue.model_validate({"key": key, "region": "CN", "value": value, "valid_from": frm,
                                          "valid_until": until, "citation": citation, "note": note})


NATIONAL_VALUES: tuple[ParameterValue, ...] = (
    _v("monitoring.income_line", Decimal("6000.00"), TRANSITION_START, date(2021, 12, 31),
       cite("zhongnongzufa-2021-7", "监测范围", "以脱贫攻坚期国家扶贫标准的1.5倍为底线"),
       "1.5 x the ~4000-yuan 2020 national poverty line; from 2022 provinces set the range."),
    _v("education.compulsory_age_min", 6, TRANSITION_START, None,
       cite("yiwu-jiaoyu-fa", "第十一条", "凡年满六周岁的儿童，其父母或者其他法定监护人应当送其入学接受并完成义务教育")),
    _v("pension.enrol_min_age", 16, TRANSITION_START, None,
       cite("guofa-2014-8", "参保范围")),
    _v("pension.receive_age", 60, TRANSITION_START, None,
       cite("guofa-2014-8", "待遇领取条件")),
    _v("microcredit.max_amount", Decimal("50000.00"), date(2021, 3, 4), TRANSITION_END,
       cite("yinbaojianfa-2021-6", "贷款额度")),
    _v("microcredit.max_term_months", 36, date(2021, 3, 4), TRANSITION_END,
       cite("yinbaojianfa-2021-6", "贷款期限")),
    _v("water.min_quantity_lpd", 20, TRANSITION_START, None, cite("shuinong-2004-547", "水量")),
    _v("water.max_fetch_minutes", 20, TRANSITION_START, None, cite("shuinong-2004-547", "方便程度")),
    _v("water.min_supply_guarantee_pct", 90, TRANSITION_START, None, cite("shuinong-2004-547", "保证率")),
)
