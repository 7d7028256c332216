"""Monitoring risks (风险): income and expenditure, 两不愁三保障 and drinking water.

The documents name the dimensions (004 二.2: "重点监测其收入支出状况、“两不愁三保障”及饮水安全状况");
the thresholds are parameters. An input that is not provided makes the risk undetermined, never absent.
"""

from __future__ import annotations

from ..rules.expr import any_member, field, param
from ..rules.rule import Rule
from .documents import cite

__all__ = ["RULES", "EXEMPT_NOT_ENROLLED"]

_DIMENSIONS = cite("004", "二.2", "重点监测其收入支出状况、“两不愁三保障”及饮水安全状况")

#: Reasons a compulsory-age child may be out of school without that being a dropout risk.
EXEMPT_NOT_ENROLLED = ("health_home_teaching", "health_leave", "completed_compulsory", "not_yet_school_age")


def _risk(id: str, zh: str, en: str, cond: object, *cites: object, desc_en: str = "") -> Rule:
    return Rule.model_validate({"id": f"risk.{id}", "kind": "risk", "name_zh": zh, "name_en": en,
                                "condition": cond, "citations": cites, "description_en": desc_en})


_dropout = any_member(
    (field("age") >= param("education.compulsory_age_min"))
    & (field("age") <= param("education.compulsory_age_max"))
    & field("enrolled").eq(False)
    & ~field("not_enrolled_reason").is_in(EXEMPT_NOT_ENROLLED),
    "有义务教育阶段适龄成员失学辍学", "a compulsory-age member is out of school")

_water = (
    field("water.quality_ok").eq(False)
    | (field("water.quantity_lpd") < param("water.min_quantity_lpd"))
    | (~field("water.piped").eq(True) & (field("water.fetch_minutes") > param("water.max_fetch_minutes")))
    | (field("water.supply_guarantee_pct") < param("water.min_supply_guarantee_pct"))
)

RULES: tuple[Rule, ...] = (
    _risk("income_below_line", "收入低于监测线", "income at or below the monitoring line",
          field("per_capita_net_income") <= param("monitoring.income_line"), _DIMENSIONS,
          cite("zhongnongzufa-2021-7", "监测范围", "以脱贫攻坚期国家扶贫标准的1.5倍为底线"),
          desc_en="Per-capita annual net income at or below the monitoring line (以下 includes the line)."),
    _risk("high_rigid_expenditure", "刚性支出较大", "large rigid expenditure",
          (field("rigid_expenditure_total") > 0)
          & (field("rigid_expenditure_total")
             >= param("monitoring.rigid_expenditure_ratio") * field("income.annual_net_income")),
          cite("004", "二.2", "因病因灾因意外事故等刚性支出较大或收入大幅缩减导致基本生活出现严重困难户"),
          desc_en="Rigid expenditure (medical, education, other) at or above the configured share of net income."),
    _risk("education_dropout", "义务教育失学辍学", "compulsory-education dropout", _dropout,
          cite("004", "二.3", "确保除身体原因不具备学习条件外脱贫家庭义务教育阶段适龄儿童少年不失学辍学"),
          cite("000", "二"),
          desc_en="A member of compulsory-education age not enrolled, unless taught at home or on leave for "
                  "health reasons, finished, or not yet of school age."),
    _risk("medical_uninsured", "未参加基本医疗保险", "member without basic medical insurance",
          any_member(field("medical_insured").eq(False), "有成员未参保", "a member is not insured"),
          cite("004", "二.3", "落实分类资助参保政策，做好脱贫人口参保动员工作")),
    _risk("housing_unsafe", "住房不安全", "sole house appraised C or D",
          field("housing.sole_house").eq(True) & field("housing.safety_grade").is_in(("C", "D")),
          cite("000", "四", "对农村低收入人口唯一住房鉴定为C、D级危房的，及时纳入保障范围"),
          cite("004", "二.3", "通过农村危房改造等多种方式保障低收入人口基本住房安全")),
    _risk("water_insecure", "饮水不安全", "insecure drinking water", _water, _DIMENSIONS,
          cite("shuinong-2004-547", "评价指标"),
          desc_en="Quality fails, quantity below the minimum, a long round trip without piped water, or a "
                  "supply guarantee below the minimum."),
)
