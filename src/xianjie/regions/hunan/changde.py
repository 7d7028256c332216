"""Changde city (常德市, ``430700``): document 004, the city poverty office's reply of 2021-04-13.

004 restates the central opinions of 2020-12-16 almost word for word, so most of its clauses are the national
rules in :mod:`xianjie.policies` (which already cite 004); ``coverage/004.toml`` points each clause at them.
The one rule 004 states that the national set does not encode is 四.4's second sentence: when resident-pension
tiers are raised, the hard-up groups **and other 脱贫人口** may keep the current minimum tier. Who may keep it
is decidable per member, so it is encoded as ``measure.pension_keep_min_tier`` (a classification: it only
matters in a year the province raises its tiers, which no document in the set records).
"""

from __future__ import annotations

from ...models import Indicator, Region
from ...policies.common import member_not_student, member_severely_disabled, member_tekun
from ...policies.measures import pension_age_window
from ...rules.expr import any_of, field, rule
from ...rules.rule import Rule
from ._common import D004_FROM, D004_UNTIL, cite, indicator, make_rule

__all__ = ["INDICATORS", "REGION", "RULES"]

REGION = Region(id="430700", name_zh="常德市", name_en="Changde city", level="city", parent="430000")

_R = "430700"

RULES: tuple[Rule, ...] = (
    make_rule(
        "measure", "pension_keep_min_tier", "提高缴费档次时可保留最低缴费档次",
        "may keep the current minimum pension tier when tiers are raised",
        pension_age_window & member_not_student & field("pension_enrolled").eq(True)
        & field("pension_receiving").eq(False)
        & any_of(member_severely_disabled, member_tekun, rule("cohort.relapsed"), rule("cohort.dibao"),
                 rule("cohort.tuopin_household")),
        cite("004", "四.4", "在提高城乡居民养老保险缴费档次时,对上述困难群体和其他已脱贫人口可保留现行最低缴费档次"),
        region=_R, valid_from=D004_FROM, valid_until=D004_UNTIL, entity="member", category="pension",
        benefit_kind="classification",
        description_en="Enrolled, not yet receiving, not a student, of contribution age, and 低保, 特困, "
                       "relapsed, severely disabled or from a lifted-out household: may stay at the minimum "
                       "tier if the province raises the tiers."),
)

INDICATORS: tuple[Indicator, ...] = (
    indicator("changde.farm_income_growth_gap", _R, "脱贫地区农民收入增速高于全国农民平均水平",
              "farm-income growth in lifted-out areas above the national farm average",
              numerator="growth of farmers' income in lifted-out areas minus national average growth",
              denominator=None, comparator=">", target="0", unit="percentage points", computable=False,
              due=D004_UNTIL, citation=cite("004", "一", "脱贫地区农民收入增速高于全国农民平均水平")),
)
