"""The member-to-household folds of the columnar engine against a plain loop over households."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from xianjie.rules.expr import any_per_household, per_household

sizes = st.lists(st.integers(min_value=1, max_value=6), max_size=40)


@st.composite
def members(draw: st.DrawFn) -> tuple[list[int], list[bool], list[bool], list[int]]:
    counts = draw(sizes)
    m = sum(counts)
    yes = draw(st.lists(st.booleans(), min_size=m, max_size=m))
    unknown = draw(st.lists(st.booleans(), min_size=m, max_size=m))
    # amounts in fen up to 10^15 (10^13 yuan): beyond float64's exact range once summed
    amounts = draw(st.lists(st.integers(min_value=0, max_value=10**15), min_size=m, max_size=m))
    return counts, yes, unknown, amounts


def _groups(counts: list[int], values: list[object]) -> list[list[object]]:
    out, i = [], 0
    for c in counts:
        out.append(values[i:i + c])
        i += c
    return out


@given(members())
def test_folds_match_a_loop_over_households(data: tuple[list[int], list[bool], list[bool], list[int]]) -> None:
    counts, yes, unknown, amounts = data
    ends = np.cumsum(np.array(counts, dtype=np.int64)) - 1
    any_yes, any_unknown = any_per_household(np.array(yes, dtype=bool), np.array(unknown, dtype=bool), ends)
    assert any_yes.tolist() == [any(g) for g in _groups(counts, yes)]
    assert any_unknown.tolist() == [any(g) for g in _groups(counts, unknown)]
    total = per_household("sum", np.array(amounts, dtype=np.int64), ends)
    assert total.dtype == np.int64
    assert total.tolist() == [sum(g) for g in _groups(counts, amounts)]  # type: ignore[arg-type]
    count = per_household("sum", np.array(yes, dtype=bool), ends)
    assert count.tolist() == [sum(g) for g in _groups(counts, yes)]  # type: ignore[arg-type]
