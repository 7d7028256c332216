"""A compact household strategy for the core's own property tests (users get xianjie.testing.strategies)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

import xianjie

ON = date(2021, 10, 1)


def opt(s: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | s


money = st.decimals(min_value=0, max_value=200000, places=2, allow_nan=False, allow_infinity=False)
# incomes clustered around the thresholds used in the test params (6000 line, 4300 standard)
net_income = st.one_of(money, st.sampled_from([Decimal(x) for x in (
    "0", "4299.99", "4300.00", "4300.01", "5999.99", "6000.00", "6000.01", "8600.00", "12000.00", "-500.00")]))


@st.composite
def persons(draw: st.DrawFn) -> dict[str, Any]:
    age = draw(st.sampled_from([0, 5, 6, 7, 14, 15, 16, 17, 30, 59, 60, 61, 80]))
    birth = ON - timedelta(days=int(age * 365.25)) + timedelta(days=draw(st.integers(-3, 3)))
    disabled = draw(opt(st.booleans()))
    p: dict[str, Any] = {
        "birth_date": draw(opt(st.just(birth))),
        "disabled": disabled,
        "disability_grade": draw(opt(st.integers(1, 4))) if disabled else None,
        "chronic_diseases": draw(opt(st.frozensets(st.sampled_from(
            ["hypertension", "diabetes", "tuberculosis", "severe_mental_disorder", "other"]), max_size=2))),
        "serious_illness": draw(opt(st.booleans())),
        "labour_capacity": draw(opt(st.sampled_from(["full", "weak", "half", "none"]))),
        "school_stage": draw(opt(st.sampled_from(["none", "primary", "junior", "secondary_vocational"]))),
        "medical_insured": draw(opt(st.booleans())),
        "pension_enrolled": draw(opt(st.booleans())),
        "pension_receiving": draw(opt(st.booleans())),
        "tekun": draw(opt(st.sampled_from(["none", "dispersed", "centralised"]))),
    }
    enrolled = draw(opt(st.booleans()))
    p["enrolled"] = enrolled
    if enrolled is False:
        p["not_enrolled_reason"] = draw(opt(st.sampled_from(
            ["health_home_teaching", "health_leave", "completed_compulsory", "other"])))
    if p["chronic_diseases"] is not None:
        p["chronic_diseases"] = sorted(p["chronic_diseases"])
    return p


@st.composite
def households(draw: st.DrawFn, region: str = "CN") -> xianjie.Household:
    members = draw(st.lists(persons(), min_size=1, max_size=5))
    data: dict[str, Any] = {
        "household_id": "h" + str(draw(st.integers(0, 10**6))),
        "region": region,
        "members": members,
        "income": {"annual_net_income": draw(opt(net_income)), "wage": draw(opt(money))},
        "rigid_expenditure": {"medical_out_of_pocket": draw(opt(money)), "education": draw(opt(money)),
                              "other": draw(opt(money))},
        "housing": {"sole_house": draw(opt(st.booleans())),
                    "safety_grade": draw(opt(st.sampled_from(["A", "B", "C", "D"])))},
        "water": {"quantity_lpd": draw(opt(st.integers(0, 100))), "quality_ok": draw(opt(st.booleans())),
                  "piped": draw(opt(st.booleans())), "fetch_minutes": draw(opt(st.integers(0, 60))),
                  "supply_guarantee_pct": draw(opt(st.integers(50, 100)))},
        "statuses": {
            "poverty_lifted": draw(opt(st.booleans())), "dibao": draw(opt(st.booleans())),
            "dibao_edge": draw(opt(st.booleans())), "relapsed": draw(opt(st.booleans())),
            "assets_within_limits": draw(opt(st.booleans())),
            "monitoring": {"kind": draw(opt(st.sampled_from(["none", "unstable", "marginal", "sudden_hardship"])))},
            "relocation": {"kind": draw(opt(st.sampled_from(["none", "centralised", "dispersed"])))},
        },
        "loans": {"willing": draw(opt(st.booleans()))},
    }
    return xianjie.Household.model_validate(data)
