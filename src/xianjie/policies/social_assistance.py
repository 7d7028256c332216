"""Social assistance (社会救助兜底): 低保, its gradual exit and 单人户, 特困 support, safety-net review.

The income test compares household net income, less the employment-cost deduction on wages, with the
standard times household size — the same comparison as per-capita income against the standard, without a
rounding step. The benefit itself (补差) is set by civil affairs; no document gives a formula, so the measure
has no amount.
"""

from __future__ import annotations

from datetime import date

from ..models import Citation
from ..rules.expr import Expr, any_member, field, if_else, param, rule
from ..rules.rule import Rule
from .common import member_severely_disabled
from .documents import cite

__all__ = ["RULES", "dibao_gradual_exit_rule", "dibao_income_test"]

_wage = field("income.wage")
_deduction = if_else(_wage > 0, param("dibao.employment_cost_deduction_rate") * _wage, 0)

#: Household income after the employment-cost deduction is below the standard × household size.
dibao_income_test: Expr = (
    (field("income.annual_net_income") - _deduction) < (param("dibao.standard_rural") * field("household_size"))
)


def _measure(id: str, zh: str, en: str, cond: Expr, *cites: Citation, **kw: object) -> Rule:
    return Rule.model_validate({"id": f"measure.{id}", "kind": "measure", "name_zh": zh, "name_en": en,
                                "condition": cond, "citations": cites, **kw})


def dibao_gradual_exit_rule(region: str, citation: Citation, *, valid_from: date, valid_until: date | None
                            ) -> Rule:
    """A region's 低保 gradual-exit (渐退) rule: a 低保 household whose income rose above the standard keeps
    the benefit for at most ``dibao.gradual_exit_max_months`` months (Hunan: 002 (十二))."""
    return _measure(
        "dibao_gradual_exit", "低保渐退", "低保 gradual exit",
        rule("cohort.dibao") & ~dibao_income_test
        & (field("months_since_dibao_income_exceeded") < param("dibao.gradual_exit_max_months")),
        citation, region=region, valid_from=valid_from, valid_until=valid_until,
        category="social_assistance", benefit_kind="cash",
        description_en="Keeps 低保 during the gradual-exit period after income exceeds the standard.",
        amount_note_zh="渐退期内继续享受低保金，标准由民政部门核定", amount_note_en="the 低保 benefit continues; "
        "the amount is set by civil affairs")


RULES: tuple[Rule, ...] = (
    _measure("dibao", "农村最低生活保障", "rural minimum living allowance (低保)",
             dibao_income_test & field("statuses.assets_within_limits").eq(True),
             cite("004", "四.2", "鼓励有劳动能力的农村低保对象参与就业，在计算家庭收入时扣减必要的就业成本"),
             cite("004", "四.5", "按规定纳入农村低保或特困人员救助供养范围"),
             category="social_assistance", benefit_kind="cash",
             description_en="Income, after deducting employment costs from wages, below the local standard; "
                            "assets within the limits.",
             amount_note_zh="按差额发放，金额由民政部门核定(文件未给出公式)",
             amount_note_en="paid as the gap to the standard; set by civil affairs (no formula in the documents)"),
    _measure("dibao_single_person", "低保“单人户”", "individual 低保 application (单人户)",
             field("statuses.dibao_edge").eq(True)
             & any_member(member_severely_disabled | field("serious_illness").eq(True),
                          "有重度残疾或重病成员", "a member is severely disabled or seriously ill"),
             cite("004", "四.2", "调整优化针对原建档立卡贫困户的低保“单人户”政策"),
             category="social_assistance", benefit_kind="review",
             description_en="A 低保-edge household with a severely disabled or seriously ill member may apply "
                            "for that member alone."),
    _measure("tekun_support", "特困人员救助供养", "extreme-poverty support (特困供养)", rule("cohort.tekun"),
             cite("004", "四.2", "完善农村特困人员救助供养制度，合理提高救助供养水平和服务质量"),
             category="social_assistance", benefit_kind="care",
             amount_note_zh="供养标准由民政部门核定", amount_note_en="support level set by civil affairs"),
    _measure("safety_net_review", "丧失劳动能力脱贫人口兜底保障审核", "safety-net review for lifted-out people "
             "unable to work",
             rule("cohort.tuopin_household")
             & ~any_member(field("labour_capacity").eq("full"), "有完全劳动能力成员", "a member has full labour "
                           "capacity"),
             cite("004", "四.5", "对脱贫人口中完全丧失劳动能力或部分丧失劳动能力且无法通过产业就业获得稳定收入的人口，要按规定纳入农村低保或特困人员救助供养范围"),
             category="social_assistance", benefit_kind="review",
             description_en="A lifted-out household with no member able to work fully is reviewed for 低保 "
                            "or 特困."),
)
