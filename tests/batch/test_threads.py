"""evaluate_columns(threads=k) gives exactly the single-threaded result, whatever the split.

The population is cut into contiguous household ranges (``Population.households_range``, column views)
evaluated in threads and merged; regions mixed across the cut, invalid households, unknown regions and
member-level rules must all land in the right rows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xianjie
from xianjie.batch import BatchResult, Population, evaluate_columns
from xianjie.batch import engine as batch_engine
from xianjie.batch.layout import households_to_table, population_from_table
from xianjie.testing import strategies as xs

ON = date(2021, 10, 1)
REGISTRY = xianjie.build_registry(params=[Path(__file__).resolve().parents[1] / "params_full.toml"])
regions = st.sampled_from(["CN", "430000", "430700", "429006", "231222"])


def _same(a: BatchResult, b: BatchResult) -> None:
    assert (a.valid == b.valid).all()
    assert a.errors.keys() == b.errors.keys()
    assert a.rules.keys() == b.rules.keys()
    for rid, x in a.rules.items():
        y = b.rules[rid]
        assert (x.outcome == y.outcome).all(), rid
        assert (x.amount_known == y.amount_known).all() and (x.amount == y.amount).all(), rid
        if x.member_outcome is not None:
            assert y.member_outcome is not None and y.member_amount is not None
            assert (x.member_outcome == y.member_outcome).all(), rid
            assert (x.member_amount == y.member_amount).all(), rid


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(regions.flatmap(lambda r: xs.households(region=r, on=ON, registry=REGISTRY)), min_size=1,
                max_size=12), st.integers(2, 5), st.data())
def test_threads_give_the_single_threaded_result(monkeypatch: pytest.MonkeyPatch,
                                                 households: list[xianjie.Household], threads: int,
                                                 data: st.DataObject) -> None:
    monkeypatch.setattr(batch_engine, "_MIN_PART", 1)  # split even tiny populations
    # distinct ids: in the long layout two consecutive households with one id would be one household
    households = [h.model_copy(update={"household_id": f"h{i}"}) for i, h in enumerate(households)]
    valid = np.array(data.draw(st.lists(st.booleans(), min_size=len(households), max_size=len(households))))
    for pop in (Population.from_households(households),
                population_from_table(households_to_table(households)).population):
        one = evaluate_columns(pop, on=ON, registry=REGISTRY, valid=valid)
        many = evaluate_columns(pop, on=ON, registry=REGISTRY, valid=valid, threads=threads)
        _same(one, many)


def test_unknown_region_errors_keep_their_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_engine, "_MIN_PART", 1)
    base = xianjie.Household.model_validate({"household_id": "h", "region": "CN", "members": [{}]})
    hs = [base.model_copy(update={"household_id": f"h{i}", "region": "CN" if i % 3 else "110000"})
          for i in range(7)]
    pop = Population.from_households(hs)
    many = evaluate_columns(pop, on=ON, registry=REGISTRY, threads=3)
    assert sorted(many.errors) == [0, 3, 6]
    assert many.errors[3][0].type == "unknown_region"
    _same(evaluate_columns(pop, on=ON, registry=REGISTRY), many)


def test_households_range_is_a_view_of_the_same_columns() -> None:
    hs = [xianjie.Household.model_validate({"household_id": f"h{i}", "region": "CN",
                                            "members": [{"birth_date": "1990-01-01"}] * (i % 3 + 1)})
          for i in range(6)]
    pop = population_from_table(households_to_table(hs)).population
    part = pop.households_range(2, 5)
    assert list(part.household_id) == ["h2", "h3", "h4"]
    assert part.n_members == 3 + 1 + 2 and list(part.hh_index) == [0, 0, 0, 1, 2, 2]
