"""The nationwide rule families: example tests per family and hypothesis properties.

Properties checked for every family: determinism; adding information never flips a determined conclusion
(removing an input a rule reads gives the same outcome or "undetermined", never the opposite); less income
never removes an income-tested benefit; amounts are non-negative and exact to the fen.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xianjie
from xianjie.models import Decision, Household

from ._households import ON, households

PARAMS = Path(__file__).with_name("params_full.toml")
REG = xianjie.build_registry(autoload=False, params=[PARAMS])
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ev(h: Household | dict[str, Any], on: date = ON) -> Decision:
    return xianjie.evaluate(h, on=on, registry=REG)


def hh(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"household_id": "x", "region": "CN", "members": [{"birth_date": "1980-05-05"}]}
    base.update(kw)
    return base


def outcomes(d: Decision) -> dict[str, str]:
    return {c.id: c.outcome for c in (*d.cohorts, *d.risks, *d.measures)}


def _with_income(h: Household, income: Decimal | None) -> Household:
    return h.model_copy(update={"income": h.income.model_copy(update={"annual_net_income": income})})


# ---- example tests -------------------------------------------------------------------------------------


def test_monitoring_line_is_inclusive() -> None:
    assert ev(hh(income={"annual_net_income": "6000.00"})).conclusion("risk.income_below_line").outcome == "eligible"
    assert ev(hh(income={"annual_net_income": "6000.01"})).conclusion("risk.income_below_line").outcome == "ineligible"


def test_monitoring_line_missing_after_2021_is_undetermined_and_named() -> None:
    c = ev(hh(income={"annual_net_income": "100"}), date(2022, 3, 1)).conclusion("risk.income_below_line")
    assert c.outcome == "undetermined"
    assert [m.key for m in c.missing_parameters] == ["monitoring.income_line"]
    assert "must supply" in c.missing_parameters[0].message_en


def test_dropout_exempt_for_home_teaching_but_not_other_reasons() -> None:
    child = {"birth_date": "2012-01-01", "enrolled": False}
    exempt = ev(hh(members=[{**child, "not_enrolled_reason": "health_home_teaching"}]))
    dropout = ev(hh(members=[{**child, "not_enrolled_reason": "other"}]))
    unknown = ev(hh(members=[child]))
    assert exempt.conclusion("risk.education_dropout").outcome == "ineligible"
    assert dropout.conclusion("risk.education_dropout").outcome == "eligible"
    assert unknown.conclusion("risk.education_dropout").missing_fields == ("members.0.not_enrolled_reason",)


def test_dibao_income_test_with_employment_cost_deduction() -> None:
    # 2 people, standard 4300 → 8600; income 9000 with wage 2000 → 9000 - 600 = 8400 < 8600
    d = ev(hh(members=[{}, {}], income={"annual_net_income": "9000", "wage": "2000"},
              statuses={"assets_within_limits": True}))
    assert d.conclusion("measure.dibao").outcome == "eligible"
    d2 = ev(hh(members=[{}, {}], income={"annual_net_income": "9000", "wage": "0"},
               statuses={"assets_within_limits": True}))
    assert d2.conclusion("measure.dibao").outcome == "ineligible"


def test_premium_subsidies_split_tekun_dibao_tuopin_per_member() -> None:
    d = ev(hh(members=[{"tekun": "dispersed"}, {"tekun": "none"}], statuses={"dibao": True, "poverty_lifted": True}))
    full, fixed = d.conclusion("measure.medical_premium_full"), d.conclusion("measure.medical_premium_dibao")
    assert [m.outcome for m in full.members] == ["eligible", "ineligible"] and full.amount == Decimal("320")
    assert [m.outcome for m in fixed.members] == ["ineligible", "eligible"] and fixed.amount == Decimal("160")
    assert d.conclusion("measure.medical_premium_tuopin").outcome == "ineligible"


@pytest.mark.parametrize(("birth", "expected"), [
    ("2005-10-01", "eligible"),    # turns 16 on the evaluation date
    ("2005-10-02", "ineligible"),  # 16 tomorrow
    ("1961-10-02", "eligible"),    # 59, turns 60 tomorrow
    ("1961-10-01", "ineligible"),  # 60 today: receives the pension instead
])
def test_pension_premium_age_window(birth: str, expected: str) -> None:
    m = {"birth_date": birth, "enrolled": False, "pension_enrolled": True, "pension_receiving": False,
         "disabled": True, "disability_grade": 1}
    c = ev(hh(members=[m])).conclusion("measure.pension_premium_paid")
    assert c.outcome == expected
    assert (c.amount == Decimal("100")) == (expected == "eligible")


def test_leap_day_birthday_age() -> None:
    from dateutil.relativedelta import relativedelta

    from xianjie.rules.fields import age_on

    # born on 29 February: a year older on 28 February in common years (month-end rule), as relativedelta says
    for on in (date(2021, 2, 27), date(2021, 2, 28), date(2021, 3, 1), date(2024, 2, 28), date(2024, 2, 29)):
        assert age_on(date(2004, 2, 29), on) == relativedelta(on, date(2004, 2, 29)).years
    assert age_on(date(2004, 2, 29), date(2021, 2, 27)) == 16
    assert age_on(date(2004, 2, 29), date(2021, 2, 28)) == 17
    m = {"birth_date": "1964-02-29", "enrolled": False, "pension_enrolled": True, "pension_receiving": False,
         "tekun": "dispersed"}
    assert ev(hh(members=[m]), date(2024, 2, 28)).conclusion("measure.pension_premium_paid").outcome == "eligible"
    assert ev(hh(members=[m]), date(2024, 2, 29)).conclusion("measure.pension_premium_paid").outcome == "ineligible"


def test_housing_renovation_needs_low_income_and_c_or_d_sole_house() -> None:
    unsafe = {"sole_house": True, "safety_grade": "D"}
    assert ev(hh(housing=unsafe, statuses={"dibao": True})).conclusion("measure.housing_renovation").outcome == "eligible"
    assert ev(hh(housing={**unsafe, "safety_grade": "B"}, statuses={"dibao": True})).conclusion(
        "measure.housing_renovation").outcome == "ineligible"
    no_status = ev(hh(housing=unsafe)).conclusion("measure.housing_renovation")
    assert no_status.outcome == "undetermined" and "statuses.dibao" in no_status.missing_fields


def test_water_piped_home_is_convenient_even_if_fetch_time_unknown() -> None:
    ok = {"quantity_lpd": 40, "quality_ok": True, "piped": True, "supply_guarantee_pct": 95}
    assert ev(hh(water=ok)).conclusion("risk.water_insecure").outcome == "ineligible"
    assert ev(hh(water={**ok, "piped": False, "fetch_minutes": 25})).conclusion("risk.water_insecure").outcome == "eligible"


def test_family_doctor_needs_listed_disease_and_target_cohort() -> None:
    m = {"chronic_diseases": ["tuberculosis"]}
    d = ev(hh(members=[m], statuses={"poverty_lifted": True}))
    assert d.conclusion("measure.family_doctor_contract").outcome == "eligible"
    d2 = ev(hh(members=[m], statuses={"poverty_lifted": False, "monitoring": {"kind": "none"}}))
    assert d2.conclusion("measure.family_doctor_contract").outcome == "ineligible"


def test_inclusion_review_for_unmonitored_household_with_a_risk() -> None:
    d = ev(hh(members=[{"medical_insured": False}], statuses={"monitoring": {"kind": "none"}}))
    assert d.conclusion("measure.monitoring_inclusion_review").outcome == "eligible"


def test_documents_out_of_force_are_reported() -> None:
    d = ev(hh(), date(2026, 3, 1))
    status = {s.id: s.in_force for s in d.documents}
    assert status["004"] is False
    assert any("004" in w for w in d.warnings)
    assert ev(hh()).warnings == ()


def test_decision_records_versions_and_parameter_hash() -> None:
    d = ev(hh())
    assert d.provenance.library_version == xianjie.__version__
    assert {p.name for p in d.provenance.plugins} >= {"national", "params:params_full.toml"}
    assert len(d.provenance.parameter_set_hash) == 64
    other = xianjie.build_registry(autoload=False)
    assert xianjie.evaluate(hh(), on=ON, registry=other).provenance.parameter_set_hash != d.provenance.parameter_set_hash


def test_every_measure_cites_and_explains() -> None:
    d = ev(hh(statuses={"dibao": True}))
    for c in d.measures:
        assert c.citations and c.explanation is not None
        assert c.explanation.summary_zh and c.explanation.summary_en


# ---- properties ------------------------------------------------------------------------------------------

INCOME_TESTED = ("risk.income_below_line", "measure.dibao", "risk.high_rigid_expenditure")


@FAST
@given(households(), st.decimals(min_value=Decimal("0.01"), max_value=5000, places=2))
def test_less_income_never_removes_income_tested_benefit(h: Household, cut: Decimal) -> None:
    if h.income.annual_net_income is None:
        return
    before = outcomes(ev(h))
    after = outcomes(ev(_with_income(h, h.income.annual_net_income - cut)))
    for rid in INCOME_TESTED:
        if before[rid] == "eligible":
            assert after[rid] == "eligible", rid


@FAST
@given(households())
def test_evaluation_is_deterministic_and_round_trips(h: Household) -> None:
    a, b = ev(h), ev(h)
    assert a == b
    assert Decision.model_validate_json(a.model_dump_json()) == a


@FAST
@given(households())
def test_amounts_non_negative_and_exact_to_the_fen(h: Household) -> None:
    for c in ev(h).measures:
        if c.amount is not None:
            assert c.amount >= 0 and c.amount == c.amount.quantize(Decimal("0.01"))
            assert c.outcome == "eligible" and c.amount_outcome == "determined"


def _drop(h: Household, path: str) -> Household:
    """Remove one input (set it to None) given a field path such as members.0.age or statuses.dibao."""
    data = h.model_dump(mode="json")
    parts = path.split(".")
    if parts[-1] == "age":
        parts[-1] = "birth_date"
    if parts[0] in ("per_capita_net_income",):
        parts = ["income", "annual_net_income"]
    if parts[0] == "rigid_expenditure_total":
        parts = ["rigid_expenditure", "medical_out_of_pocket"]
    if parts[0] in ("household_size", "months_since_dibao_income_exceeded"):
        return h
    cur: Any = data
    for p in parts[:-1]:
        cur = cur[int(p)] if isinstance(cur, list) else cur[p]
    cur[parts[-1]] = None
    return Household.model_validate(data)


@FAST
@given(households(), st.data())
def test_removing_an_input_never_flips_a_conclusion(h: Household, data: st.DataObject) -> None:
    d = ev(h)
    for c in (*d.cohorts, *d.risks, *d.measures):
        if c.outcome == "undetermined" or c.explanation is None or not c.explanation.inputs:
            continue
        path = data.draw(st.sampled_from(sorted(c.explanation.inputs)))
        after = ev(_drop(h, path)).conclusion(c.id).outcome
        assert after in (c.outcome, "undetermined"), (c.id, path, c.outcome, after)
        if after == "undetermined":
            missing = ev(_drop(h, path)).conclusion(c.id)
            assert missing.missing_fields or missing.missing_parameters


@FAST
@given(households())
def test_low_income_population_is_the_union_of_its_parts(h: Household) -> None:
    o = outcomes(ev(h))
    parts = [o[k] for k in ("cohort.dibao", "cohort.tekun", "cohort.at_risk_population", "cohort.sudden_hardship")]
    if "eligible" in parts:
        assert o["cohort.low_income_population"] == "eligible"
    elif all(p == "ineligible" for p in parts):
        assert o["cohort.low_income_population"] == "ineligible"
    else:
        assert o["cohort.low_income_population"] == "undetermined"
