"""Long layout: a household's later member rows may repeat or omit a household value, never contradict it.

The check compares each row with its household's first row: dictionary columns by index, booleans and
integers in numpy, other types (decimals, text, lists) by Arrow. A property test holds every path to the
rule stated above, computed here row by row in Python.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from xianjie.batch.layout import population_from_table

#: one household column per comparison path, with a few valid values each
VALUES: dict[str, tuple[Any, ...]] = {
    "housing.safety_grade": ("A", "C", "D"),  # dictionary-encoded
    "statuses.dibao": (True, False),
    "water.fetch_minutes": (0, 15, 30),
    "income.annual_net_income": (Decimal("0.00"), Decimal("3000.50"), Decimal("3000.05")),
    "statuses.monitoring.kind": ("none", "marginal"),  # plain text
}
TYPES = {"housing.safety_grade": pa.string(), "statuses.dibao": pa.bool_(), "water.fetch_minutes": pa.int64(),
         "income.annual_net_income": pa.decimal128(16, 2), "statuses.monitoring.kind": pa.string()}

Row = dict[str, Any]


@st.composite
def households(draw: st.DrawFn) -> list[list[Row]]:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        rows = []
        for _ in range(draw(st.integers(1, 4))):
            rows.append({name: draw(st.none() | st.sampled_from(values)) for name, values in VALUES.items()})
        out.append(rows)
    return out


def _table(hh: list[list[Row]], dictionary: pa.Array | None = None) -> pa.Table:
    cols: dict[str, list[Any]] = {"household_id": [], "region": [], "members.birth_date": [],
                                  **{name: [] for name in VALUES}}
    for h, rows in enumerate(hh):
        for row in rows:
            cols["household_id"].append(f"h{h}")
            cols["region"].append("CN")
            cols["members.birth_date"].append(date(1980, 1, 1))
            for name in VALUES:
                cols[name].append(row[name])
    arrays = {name: pa.array(v, TYPES.get(name, pa.date32() if name == "members.birth_date" else pa.string()))
              for name, v in cols.items()}
    grades = arrays["housing.safety_grade"]
    if dictionary is None:
        arrays["housing.safety_grade"] = grades.dictionary_encode()
    else:  # a dictionary that repeats a value: indices of equal values differ
        position = {v: i for i, v in enumerate(dictionary.to_pylist())}  # the last index of each value
        indices = pa.array([None if g is None else position[g] for g in grades.to_pylist()], pa.int32())
        arrays["housing.safety_grade"] = pa.DictionaryArray.from_arrays(indices, dictionary)
    return pa.table(arrays)


def _expected(hh: list[list[Row]]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for h, rows in enumerate(hh):
        for name in VALUES:
            first = rows[0][name]
            if first is not None and any(r[name] is not None and r[name] != first for r in rows[1:]):
                out.setdefault(h, set()).add(name)
    return out


def _found(table: pa.Table) -> dict[int, set[str]]:
    d = population_from_table(table)
    return {h: {e.field for e in errs if e.type == "inconsistent_rows"} for h, errs in d.errors.items()}


@settings(max_examples=150, deadline=None)
@given(households())
def test_contradicting_rows_are_found_on_every_path(hh: list[list[Row]]) -> None:
    assert _found(_table(hh)) == _expected(hh)


@settings(max_examples=60, deadline=None)
@given(households())
def test_a_dictionary_repeating_a_value_is_compared_by_value(hh: list[list[Row]]) -> None:
    # "C" twice in the dictionary: a row written with one index and a row with the other agree
    dictionary = pa.array(["A", "C", "D", "C"])
    table = _table(hh, dictionary)
    first_c = pa.DictionaryArray.from_arrays(
        pa.array([None if i is None else (1 if i == 3 and n % 2 else i)
                  for n, i in enumerate(table.column("housing.safety_grade").combine_chunks().indices.to_pylist())],
                 pa.int32()), dictionary)
    table = table.set_column(table.schema.get_field_index("housing.safety_grade"), "housing.safety_grade", first_c)
    assert _found(table) == _expected(hh)


def test_a_contradiction_is_an_error_of_its_household_only() -> None:
    hh = [[{**dict.fromkeys(VALUES), "statuses.dibao": True}, {**dict.fromkeys(VALUES), "statuses.dibao": False}],
          [{**dict.fromkeys(VALUES), "statuses.dibao": True}, {**dict.fromkeys(VALUES), "statuses.dibao": None}]]
    d = population_from_table(_table(hh))
    assert d.valid.tolist() == [False, True]
    (error,) = d.errors[0]
    assert (error.field, error.type) == ("statuses.dibao", "inconsistent_rows")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.none() | st.sampled_from(["a", "b", "c"]), min_size=1, max_size=12))
def test_runs_of_ids_are_households_and_a_returning_id_is_reported(ids: list[str | None]) -> None:
    """Consecutive rows with one id are one household; an id-less row is a household of its own; a run
    whose id an earlier run had is reported (its rows are not consecutive), the first run is not."""
    table = pa.table({"household_id": pa.array(ids, pa.string()), "region": ["CN"] * len(ids),
                      "members.birth_date": pa.array([date(1980, 1, 1)] * len(ids), pa.date32())})
    runs: list[str | None] = []
    for i, x in enumerate(ids):
        if i == 0 or x is None or ids[i - 1] is None or x != ids[i - 1]:
            runs.append(x)
    d = population_from_table(table)
    assert d.population.n == len(runs)
    returning = {h for h, x in enumerate(runs) if x is not None and x in runs[:h]}
    found = {h for h, errs in d.errors.items() if any(e.type == "rows_not_consecutive" for e in errs)}
    assert found == returning
    missing = {h for h, errs in d.errors.items() if any(e.field == "household_id" and e.type == "missing"
                                                        for e in errs)}
    assert missing == {h for h, x in enumerate(runs) if x is None}
