from __future__ import annotations

from datetime import date

import xianjie
from xianjie.registry import Registry


def test_tekun_member_gets_full_premium_subsidy_but_amount_needs_office_value(national: Registry) -> None:
    h = xianjie.Household.model_validate({
        "household_id": "h1", "region": "CN",
        "members": [{"birth_date": "1960-03-01", "tekun": "dispersed"}],
        "income": {"annual_net_income": "3000"},
    })
    d = xianjie.evaluate(h, on=date(2021, 6, 1), registry=national)
    c = d.conclusion("measure.medical_premium_full")
    assert c.outcome == "eligible"
    assert c.amount is None and c.amount_outcome == "undetermined"
    assert [m.key for m in c.missing_parameters] == ["medical.individual_contribution"]
    assert d.conclusion("risk.income_below_line").outcome == "eligible"
