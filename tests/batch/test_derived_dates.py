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
