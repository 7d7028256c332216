"""xianjie.testing.strategies: valid by construction, aimed at the boundaries, house-style errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import xianjie
from xianjie.errors import InputError
from xianjie.models import Citation, Household, Income, ParameterValue, Person, Statuses
from xianjie.policies.parameters import SPECS
from xianjie.rules.fields import age_on
from xianjie.testing import strategies as xst

ON = date(2021, 10, 1)
PARAMS = Path(__file__).parents[1] / "params_full.toml"
REG = xianjie.build_registry(autoload=False, params=[PARAMS])
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sample(strategy: st.SearchStrategy[Any], n: int = 250) -> list[Any]:
    out: list[Any] = []

    @settings(max_examples=n, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(x: Any) -> None:
        out.append(x)

    collect()
    return out


HOUSEHOLDS = sample(xst.households(region="CN", on=ON, registry=REG), 120)


def test_every_generated_household_validates_and_evaluates() -> None:
    assert len(HOUSEHOLDS) >= 100
    for h in HOUSEHOLDS:
        assert Household.model_validate(h.model_dump(mode="json")) == h
        assert all(p.birth_date is None or p.birth_date <= ON for p in h.members)
    for h in HOUSEHOLDS[:20]:
        xianjie.evaluate(h, on=ON, registry=REG)


def test_boundaries_come_from_the_parameters_in_force() -> None:
    b = xst.boundaries(region="CN", on=ON, registry=REG)
    assert Decimal("6000.00") in b.money and Decimal("4300") in b.money  # monitoring line, 低保 standard
    assert Decimal("0.5") in b.ratios
    assert {6, 15, 16, 59, 60} <= set(b.ages)
    assert 20 in b.integers and 90 in b.integers  # water quantity and supply guarantee
    # the national 2021 monitoring floor expires at the end of 2021 (only office values remain)
    assert Decimal("6000.00") not in xst.boundaries(region="CN", on=date(2022, 3, 1), registry=REG).money


def hit(strategy: st.SearchStrategy[Any], condition: Callable[[Any], bool], n: int = 300) -> Any:
    """An example satisfying ``condition`` among the first ``n`` generated (raises NoSuchExample if none)."""
    return find(strategy, condition, settings=settings(max_examples=n, phases=[Phase.generate], database=None,
                                                       derandomize=True, deadline=None))


GEN = xst.households(region="CN", on=ON, registry=REG)


def per_capita_is(value: Decimal) -> Callable[[Household], bool]:
    return lambda h: h.income.annual_net_income == value * len(h.members) and len(h.members) > 1


@pytest.mark.parametrize(("threshold", "delta"), [
    (Decimal("6000"), Decimal("-0.01")), (Decimal("6000"), Decimal(0)), (Decimal("6000"), Decimal("0.01")),
    (Decimal("4300"), Decimal(0)),
])
def test_incomes_hit_each_threshold_per_capita_exactly_and_one_fen_around(threshold: Decimal, delta: Decimal
                                                                          ) -> None:
    h = hit(GEN, per_capita_is(threshold + delta))
    assert h.income.annual_net_income / len(h.members) == threshold + delta


def test_incomes_hit_thresholds_per_household_too() -> None:
    hit(GEN, lambda h: h.income.annual_net_income == Decimal("4300") and len(h.members) > 1)


def test_boundary_incomes_decide_the_monitoring_risk_both_ways() -> None:
    def risk(h: Household) -> str:
        return xianjie.evaluate(h, on=ON, registry=REG).conclusion("risk.income_below_line").outcome

    assert risk(hit(GEN, per_capita_is(Decimal("6000.00")))) == "eligible"
    assert risk(hit(GEN, per_capita_is(Decimal("6000.01")))) == "ineligible"


PEOPLE = xst.persons(on=ON, registry=REG)


@pytest.mark.parametrize("age", [6, 15, 16, 59, 60])
def test_ages_hit_birthdays_on_the_date_and_the_day_after(age: int) -> None:
    people = xst.persons(on=ON, registry=REG, min_age=age - 1, max_age=age)
    on_the_day = ON.replace(year=ON.year - age)
    hit(people, lambda p: p.birth_date == on_the_day, n=150)
    tomorrow = hit(people, lambda p: p.birth_date == on_the_day + timedelta(days=1), n=150)
    assert age_on(tomorrow.birth_date, ON) == age - 1


def test_default_persons_have_boundary_birthdays() -> None:
    boundary = {ON.replace(year=ON.year - a) + timedelta(days=d) for a in (6, 15, 16, 59, 60) for d in (0, 1)}
    births = [p.birth_date for h in HOUSEHOLDS for p in h.members]
    assert len(boundary.intersection(births)) >= 3


def test_leap_day_and_year_end_births() -> None:
    hit(PEOPLE, lambda p: p.birth_date is not None and (p.birth_date.month, p.birth_date.day) == (2, 29))
    hit(PEOPLE, lambda p: p.birth_date is not None and (p.birth_date.month, p.birth_date.day) == (12, 31))


def test_missing_values_and_month_boundaries_are_generated() -> None:
    assert any(h.income.annual_net_income is None for h in HOUSEHOLDS)
    assert any(p.birth_date is None for h in HOUSEHOLDS for p in h.members)
    # 36 months = microcredit term: a status date exactly that many months before the evaluation date
    hit(GEN, lambda h: h.statuses.dibao_since == date(2018, 10, 1))


def _rigid_total(h: Household) -> Decimal | None:
    r = h.rigid_expenditure
    parts = (r.medical_out_of_pocket, r.education, r.other)
    return None if None in parts else sum(parts, Decimal(0))  # type: ignore[arg-type]


def test_rigid_expenditure_sometimes_sits_exactly_on_the_ratio() -> None:
    h = hit(GEN, lambda h: bool(h.income.annual_net_income) and _rigid_total(h) == (
        Decimal("0.5") * h.income.annual_net_income).quantize(Decimal("0.01")))
    assert _rigid_total(h) is not None


@FAST
@given(xst.persons(on=ON, min_age=16, max_age=59, allow_missing=False))
def test_persons_respect_the_age_window_and_allow_missing(p: Person) -> None:
    assert p.birth_date is not None and 16 <= age_on(p.birth_date, ON) <= 59
    assert p.sex is not None and p.disabled is not None and p.enrolled is not None


@FAST
@given(xst.households(on=ON, registry=REG, statuses=st.just(Statuses(dibao=True)), min_size=2, max_size=2,
                      members=xst.persons(on=ON, tekun=st.just("dispersed"))))
def test_field_overrides_replace_the_default(h: Household) -> None:
    assert h.statuses.dibao is True and len(h.members) == 2
    assert all(p.tekun == "dispersed" for p in h.members)


@FAST
@given(xst.household_parts(Income, on=ON, registry=REG), xst.yuan(0, 100, near=[Decimal("50")]))
def test_parts_and_yuan_are_exact_to_the_fen(income: Income, amount: Decimal) -> None:
    assert isinstance(income, Income)
    assert amount == amount.quantize(Decimal("0.01")) and 0 <= amount <= 100


@pytest.mark.parametrize("strategy", [
    xst.persons(on=ON, min_age=10, max_age=5),
    xst.persons(on=ON, nickname=st.just("x")),
    xst.persons(on=ON, sex="male"),  # type: ignore[arg-type]
    xst.households(region="XX-not-declared"),
    xst.households(on=ON, min_size=0),
    xst.households(on=ON, household_id="fixed"),  # type: ignore[arg-type]
    xst.yuan(10, 1),
    xst.invalid_household_dicts(base="not a strategy"),  # type: ignore[arg-type]
    xst.yuan(0, 10, near=["0.001"]),
    xst.dates(date(2022, 1, 1), date(2021, 1, 1)),
    xst.citations(documents=[]),
    xst.parameter_values(specs=[]),
    xst.household_parts(Household, on=ON),  # type: ignore[type-var]
])
def test_bad_options_raise_invalid_argument_when_drawn(strategy: st.SearchStrategy[Any]) -> None:
    with pytest.raises(InvalidArgument) as info:
        find(strategy, lambda _: True, settings=settings(database=None, max_examples=1))
    assert str(info.value)  # says what is wrong


SMALL = st.builds(lambda n: Household.model_validate(
    {"household_id": f"h{n}", "region": "CN", "members": [{"birth_date": "1980-01-01", "sex": "male"}]}),
    st.integers(0, 9))


@settings(max_examples=60, deadline=None)
@given(xst.invalid_household_dicts(on=ON, registry=REG, base=SMALL))
def test_invalid_dicts_are_rejected_naming_the_broken_field(case: tuple[dict[str, Any], str]) -> None:
    record, path = case
    with pytest.raises(InputError) as info:
        xianjie.evaluate(record, on=ON, registry=REG)
    fields = [e.field for e in info.value.errors]
    assert any(f == path or f.startswith(path + ".") for f in fields), (path, fields)
    assert "12345X678" not in str(info.value)  # identifiers are never echoed


@FAST
@given(xst.invalid_household_dicts(on=ON, registry=REG))
def test_generated_households_break_the_same_way(case: tuple[dict[str, Any], str]) -> None:
    record, path = case
    with pytest.raises(InputError) as info:
        xianjie.evaluate(record, on=ON, registry=REG)
    assert any(e.field == path or e.field.startswith(path + ".") for e in info.value.errors)


def test_every_breakage_kind_is_generated() -> None:
    paths = {p for _, p in sample(xst.invalid_household_dicts(on=ON, registry=REG, base=SMALL), 200)}
    assert {"members", "members.0.birth_date", "income.annual_net_income", "members.0", "region"} <= paths


@FAST
@given(xst.parameter_values(region="CN"), xst.citations())
def test_parameter_values_match_their_kind_and_build_a_registry(value: ParameterValue, cite: Citation) -> None:
    spec = next(s for s in SPECS if s.key == value.key)
    assert value.valid_until is None or value.valid_until >= value.valid_from
    if spec.kind == "money":
        assert isinstance(value.value, Decimal)
    assert cite.document in {d.id for d in REG.documents.values()}


def test_evaluation_dates_hit_the_end_of_a_value_and_the_day_after() -> None:
    dates = xst.evaluation_dates(region="CN", registry=REG)
    # monitoring.income_line (the national floor) is valid in 2021 only
    for d in (date(2021, 12, 31), date(2022, 1, 1), date(2024, 2, 29)):
        hit(dates, lambda x, d=d: x == d, n=300)


def test_from_type_uses_the_registered_strategies() -> None:
    households = sample(st.from_type(xianjie.Household), 30)
    assert all(isinstance(h, Household) and h.region == "CN" for h in households)
    assert all(isinstance(p, Person) for p in sample(st.from_type(xianjie.Person), 20))
    assert all(isinstance(c, Citation) for c in sample(st.from_type(xianjie.Citation), 20))
    assert all(isinstance(s, Statuses) for s in sample(st.from_type(Statuses), 10))
    assert all(isinstance(b, xianjie.Household) for b in sample(st.builds(lambda h: h, st.from_type(Household)), 5))
