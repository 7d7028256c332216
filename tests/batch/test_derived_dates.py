"""Ages and month counts by column (computed once per day of a column's span, then gathered) against the
per-household definitions, on columns long enough to take that path."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from xianjie.batch import Population
from xianjie.rules.fields import DERIVED, Column, age_on

# a span of at most 500 days in a column of more than 1,100: the once-per-day path is taken
days = st.integers(min_value=0, max_value=500)
bases = st.sampled_from([date(1999, 11, 1), date(1955, 3, 1), date(2011, 12, 15), date(1923, 6, 30)])


@settings(max_examples=25, deadline=None)
@given(bases, st.lists(days, min_size=1, max_size=30),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)), st.integers(min_value=1100, max_value=3000))
@example(date(1999, 11, 1), [120, 0], date(2001, 2, 28), 1100)  # a leap-day birthday, on 28 February
@example(date(1999, 11, 1), [120, 0], date(2001, 3, 1), 1100)
def test_ages_by_column_match_age_on(base: date, picked: list[int], on: date, n: int) -> None:
    births = [base + timedelta(days=picked[i % len(picked)]) for i in range(n)]
    if base.year == 1999:
        births[0] = date(2000, 2, 29)  # a leap-day birthday inside the span
    col = Column(np.array(births, dtype="datetime64[D]"), np.ones(n, dtype=bool))
    pop = Population.from_columns([f"h{i}" for i in range(n)], ["CN"] * n, np.arange(n), {},
                                  {"birth_date": col})
    ages = pop.column(DERIVED["age"], on).values
    assert ages.tolist() == [age_on(b, on) for b in births]


@settings(max_examples=25, deadline=None)
@given(bases, st.lists(days, min_size=1, max_size=30),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)), st.integers(min_value=1100, max_value=3000))
def test_months_since_by_column_match_the_record_definition(base: date, picked: list[int], on: date, n: int
                                                             ) -> None:
    when = [base + timedelta(days=picked[i % len(picked)]) for i in range(n)]
    col = Column(np.array(when, dtype="datetime64[D]"), np.ones(n, dtype=bool))
    pop = Population.from_columns([f"h{i}" for i in range(n)], ["CN"] * n, np.arange(n),
                                  {"statuses.dibao_income_exceeded_on": col}, {})
    months = pop.column(DERIVED["months_since_dibao_income_exceeded"], on).values
    assert months.tolist() == [(on.year - d.year) * 12 + (on.month - d.month) - (on.day < d.day) for d in when]


_OPS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
leap_days = st.sampled_from([date(2000, 2, 29), date(2004, 2, 28), date(2004, 3, 1), date(1996, 2, 29),
                             date(2005, 2, 28), date(2005, 3, 1)])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)) | leap_days, min_size=1,
                max_size=40),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)) | st.sampled_from(
           [date(2024, 2, 29), date(2023, 2, 28), date(2024, 2, 28), date(2023, 3, 1)]),
       st.integers(min_value=-1, max_value=1), st.sampled_from(sorted(_OPS)))
@example([date(2000, 2, 29), date(2001, 2, 28), date(2001, 3, 1)], date(2021, 2, 28), 0, ">=")
@example([date(2000, 2, 29), date(2000, 2, 28), date(2000, 3, 1)], date(2024, 2, 29), 0, "<")
def test_age_comparisons_by_birth_date_cut_off_match_age_on(births: list[date], on: date, delta: int, op: str
                                                            ) -> None:
    """The batch engine compares birth dates with a cut-off instead of computing ages (``_AgeCmp``); the
    age compared with is the first member's, give or take a year, so that every outcome occurs."""
    from xianjie.batch.engine import _AgeCmp, _Group, _rewrite
    from xianjie.rules.expr import Cmp, const, field

    n = age_on(births[0], on) + delta
    node = _rewrite(Cmp(op, field("age"), const(n)), True)
    assert isinstance(node, _AgeCmp)
    m = len(births)
    known = np.array([i % 7 != 3 for i in range(m)])
    col = Column(np.array(births, dtype="datetime64[D]"), known)
    pop = Population.from_columns(["h"], ["CN"], np.zeros(m, dtype=np.int64), {}, {"birth_date": col})
    out = node.vec(_Group(pop, None, "CN", on, None).mctx)  # type: ignore[arg-type]
    assert out.known.tolist() == known.tolist()
    expected = [_OPS[op](age_on(b, on), n) for b in births]
    assert [v for v, k in zip(out.values.tolist(), known, strict=True) if k] == [
        e for e, k in zip(expected, known, strict=True) if k]
