"""xianjie.testing.properties: the checks pass on the national rules and catch deliberately broken rules."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import xianjie
from xianjie import hookimpl
from xianjie.models import Decision, Household
from xianjie.policies.documents import cite
from xianjie.rules.expr import SV, Expr, ScalarContext, Step, const, field, param
from xianjie.rules.rule import Rule
from xianjie.testing import properties as props

ON = date(2021, 10, 1)
PARAMS = Path(__file__).parents[1] / "params_full.toml"
REG = xianjie.build_registry(autoload=False, params=[PARAMS])
CITE = cite("004", "四.2")

# The ready-made hypothesis test, on the national rules with the test office parameters.
test_national_rules_satisfy_every_property = props.property_test(region="CN", on=ON, registry=REG, max_examples=15)


def household(**kw: Any) -> Household:
    base: dict[str, Any] = {"household_id": "p1", "region": "CN", "members": [{"birth_date": "1980-05-05"}]}
    base.update(kw)
    return Household.model_validate(base)


def with_rule(r: Rule) -> xianjie.Registry:
    plugin = SimpleNamespace(__name__="broken_rules", xianjie_rules=hookimpl(lambda: [r]))
    return xianjie.build_registry(plugins=[plugin], autoload=False, params=[PARAMS], strict=True)


def measure(id: str, cond: Expr, **kw: Any) -> Rule:
    return Rule(id=f"measure.{id}", kind="measure", name_zh="测试", name_en="test", condition=cond,
                citations=(CITE,), category="social_assistance", benefit_kind="cash", **kw)


POOR = household(income={"annual_net_income": "3000.00", "wage": "0"}, statuses={"assets_within_limits": True})


def test_income_tested_rules_are_found_through_references() -> None:
    ids = props.income_tested_rules(REG, "CN", ON)
    assert {"measure.dibao", "risk.income_below_line"} <= set(ids)
    assert "measure.monitoring_inclusion_review" in ids  # reads income only through risk rules


def test_checks_pass_on_a_national_household() -> None:
    d = props.check_all(POOR, on=ON, registry=REG)
    assert d.conclusion("measure.dibao").outcome == "eligible"


def test_reversed_income_comparison_fails_monotonicity() -> None:
    # "income ABOVE the standard gets the benefit": the comparison reversed by mistake
    reg = with_rule(measure("reversed", field("per_capita_net_income") > param("dibao.standard_rural")))
    rich = household(income={"annual_net_income": "4300.01"})
    with pytest.raises(AssertionError, match=r"measure\.reversed is eligible with net income 4300\.01 but "
                                              r"ineligible .*direction of the income comparison"):
        props.check_income_monotone(rich, on=ON, registry=reg)
    props.check_income_monotone(rich, on=ON, registry=reg, exempt={"measure.reversed"})  # exemptions work


class MissingMeansNo(Expr):
    """A buggy custom expression: treats "not provided" as False instead of unknown."""

    kind = "bool"

    def __init__(self, inner: Expr) -> None:
        self.inner = inner

    def children(self) -> tuple[Expr, ...]:
        return (self.inner,)

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        return SV(bool(self.inner.eval(ctx, trace).value))

    def label(self) -> tuple[str, str]:
        return "缺失即否", "missing means no"


def test_missing_data_turned_into_ineligible_is_caught() -> None:
    reg = with_rule(measure("missing_means_no", MissingMeansNo(field("statuses.dibao").eq(True))))
    with pytest.raises(AssertionError, match=r"measure\.missing_means_no is eligible with statuses\.dibao given "
                                              r"but ineligible without it"):
        props.check_missing_is_undetermined(household(statuses={"dibao": True}), on=ON, registry=reg)


class Flaky(Expr):
    """A buggy expression with hidden state: alternates true and false."""

    kind = "bool"
    counter = itertools.count()

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        return SV(next(self.counter) % 2 == 0)

    def label(self) -> tuple[str, str]:
        return "随机", "flaky"


def test_hidden_state_fails_determinism() -> None:
    reg = with_rule(measure("flaky", Flaky()))
    with pytest.raises(AssertionError, match="hidden state"):
        props.check_deterministic(POOR, on=ON, registry=reg)


def test_negative_or_sub_fen_amounts_fail() -> None:
    for amount, message in ((Decimal("-5.00"), "negative amount"), (Decimal("0.005"), "not exact to the fen")):
        reg = with_rule(measure("odd_amount", field("statuses.assets_within_limits").eq(True),
                                amount=const(amount), amount_unit="yuan"))
        with pytest.raises(AssertionError, match=message):
            props.check_amounts(xianjie.evaluate(POOR, on=ON, registry=reg))


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")  # the float amount below, on purpose
def test_uncited_award_and_unstable_json_fail() -> None:
    d = xianjie.evaluate(POOR, on=ON, registry=REG)
    dibao = d.conclusion("measure.dibao")
    stripped = d.model_copy(update={"measures": tuple(
        c.model_copy(update={"citations": ()}) if c.id == dibao.id else c for c in d.measures)})
    with pytest.raises(AssertionError, match=r"measure\.dibao is eligible but cites nothing"):
        props.check_cited(stripped)
    with pytest.raises(AssertionError, match="undeclared document '004'"):
        props.check_cited(d, _registry_without_004())
    floaty = d.model_copy(update={"measures": tuple(
        c.model_copy(update={"amount": 0.1}) if c.id == dibao.id else c for c in d.measures)})
    with pytest.raises(AssertionError, match="JSON round trip"):
        props.check_json_round_trip(floaty)
    props.check_json_round_trip(d)


def _registry_without_004() -> Any:
    return SimpleNamespace(documents={k: v for k, v in REG.documents.items() if k != "004"})


def test_unknown_check_names_are_rejected() -> None:
    with pytest.raises(ValueError, match="unknown checks"):
        props.check_all(POOR, on=ON, registry=REG, checks=["check_speling"])


def test_decision_round_trip_property_holds_for_a_plain_decision() -> None:
    d = xianjie.evaluate(POOR, on=ON, registry=REG)
    assert Decision.model_validate_json(d.model_dump_json()) == d
