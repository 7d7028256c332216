"""A population in the flat columnar layout: a household table and a member table with a household index.

Why a separate representation: building one pydantic ``Household`` per record costs far more than the rules
themselves (OpenFisca spends ~10x the calculation time building entities, research/anchors.md §7). A
:class:`Population` holds numpy columns only; every input is a :class:`~xianjie.rules.fields.Column`
(values plus a ``known`` mask, money as ``int64`` fen, dates as ``datetime64[D]``, codes as object arrays of
``str``, code sets as object arrays of ``frozenset``), read lazily through a :class:`ColumnSource` so that only
the fields some rule reads are ever converted.

Two sources exist: :class:`HouseholdSource` reads validated ``Household`` objects through
:func:`xianjie.rules.fields.extract_column` (the reference path, used by tests and for JSON input), and
:class:`TableSource` wraps ready columns (the fast path, fed by :mod:`xianjie.batch.layout` from Arrow,
Parquet or CSV, or by a caller's own numpy arrays). Derived features (``age``, ``household_size``,
``per_capita_net_income``, ``rigid_expenditure_total``, ``months_since_dibao_income_exceeded``) are computed
vectorised by :class:`TableSource`, with the same rounding as the per-household path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from ..models.household import Household
from ..rules.fields import DERIVED, HOUSEHOLD_FIELDS, MEMBER_FIELDS, Column, FieldInfo, extract_column
from ..rules.money import round_div

__all__ = [
    "ColumnSource",
    "HouseholdSource",
    "Population",
    "TableSource",
    "empty_column",
]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjArray = npt.NDArray[np.object_]


class ColumnSource(Protocol):
    """Produces whole-population columns: household-level fields in household order, member-level fields in
    member order (members of household 0 first, then household 1, ...)."""

    def column(self, info: FieldInfo, on: date) -> Column: ...

    def households_range(self, start: int, stop: int, m_start: int, m_stop: int) -> ColumnSource:
        """The source of households ``start:stop`` (their members are ``m_start:m_stop``)."""
        ...


def empty_column(kind: str, n: int) -> Column:
    """An all-unknown column of a field kind (a field absent from a table is "not provided" everywhere)."""
    values: np.ndarray[Any, Any]
    if kind == "bool":
        values = np.zeros(n, dtype=bool)
    elif kind in ("money", "int"):
        values = np.zeros(n, dtype=np.int64)
    elif kind == "date":
        values = np.zeros(n, dtype="datetime64[D]")
    elif kind == "codeset":
        values = np.empty(n, dtype=object)
        values[:] = [frozenset()] * n
    else:
        values = np.empty(n, dtype=object)
        values[:] = [""] * n
    return Column(values, np.zeros(n, dtype=bool))


class HouseholdSource:
    """Columns read from validated ``Household`` objects (the reference path)."""

    def __init__(self, households: Sequence[Household]) -> None:
        self.households = households

    def column(self, info: FieldInfo, on: date) -> Column:
        return extract_column(info, self.households, on)

    def households_range(self, start: int, stop: int, m_start: int, m_stop: int) -> HouseholdSource:
        return HouseholdSource(self.households[start:stop])


def _by_day(d: np.ndarray[Any, Any], f: Callable[[IntArray, IntArray, IntArray], IntArray]) -> IntArray:
    """``f(years, months, days)`` for each date of a column. Dates in a column span few distinct days (birth
    dates: a century), so ``f`` is computed once per day of the span and gathered, when the span is
    shorter than the column."""
    days = d.astype("datetime64[D]").view(np.int64)
    if len(days) > 1024:
        lo, hi = int(days.min()), int(days.max())
        if hi - lo < len(days) // 2:
            per_day = np.asarray(f(*_civil(np.arange(lo, hi + 1, dtype=np.int64))), dtype=np.int64)
            out: IntArray = per_day[days - lo]
            return out
    return np.asarray(f(*_civil(days)), dtype=np.int64)


def _civil(days: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Year, month, day from days since 1970-01-01 by integer arithmetic (H. Hinnant's
    ``civil_from_days``, proleptic Gregorian): numpy's datetime64 unit casts are several times slower."""
    z = days + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    days = doy - (153 * mp + 2) // 5 + 1
    months = np.where(mp < 10, mp + 3, mp - 9)
    years = yoe + era * 400 + (months <= 2)
    return years.astype(np.int64), months.astype(np.int64), days.astype(np.int64)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


class TableSource:
    """Columns given directly (the fast path): raw fields by path, derived features computed vectorised.

    ``household_columns`` are keyed by :data:`~xianjie.rules.fields.HOUSEHOLD_FIELDS` paths,
    ``member_columns`` by :data:`~xianjie.rules.fields.MEMBER_FIELDS` paths; a path that is absent means the
    field was not provided for anyone.
    """

    def __init__(self, n_households: int, hh_index: IntArray, household_columns: Mapping[str, Column],
                 member_columns: Mapping[str, Column], member_counts: IntArray | None = None) -> None:
        self.n = n_households
        self.hh_index = hh_index
        self.household_columns = dict(household_columns)
        self.member_columns = dict(member_columns)
        self._counts = member_counts  # members per household, computed once (size, per-capita income)

    def households_range(self, start: int, stop: int, m_start: int, m_stop: int) -> TableSource:
        """Views of the columns: no data is copied."""
        return TableSource(stop - start, self.hh_index[m_start:m_stop] - start,
                           {k: c.take(slice(start, stop)) for k, c in self.household_columns.items()},
                           {k: c.take(slice(m_start, m_stop)) for k, c in self.member_columns.items()},
                           None if self._counts is None else self._counts[start:stop])

    def _raw(self, info: FieldInfo) -> Column:
        table = self.member_columns if info.level == "member" else self.household_columns
        n = len(self.hh_index) if info.level == "member" else self.n
        col = table.get(info.name)
        return col if col is not None else empty_column(info.kind, n)

    def column(self, info: FieldInfo, on: date) -> Column:
        name = info.name
        if name not in DERIVED:
            return self._raw(info)
        if name == "household_size":
            if self._counts is None:
                self._counts = np.bincount(self.hh_index, minlength=self.n).astype(np.int64)
            return Column(self._counts, np.ones(self.n, dtype=bool))
        if name == "age":
            births = self._raw(MEMBER_FIELDS["birth_date"])

            def age(years: IntArray, months: IntArray, days: IntArray) -> IntArray:
                if not _is_leap(on.year):  # 29 February birthdays fall on 28 February in common years
                    days = np.where((months == 2) & (days == 29), 28, days)
                before = (months > on.month) | ((months == on.month) & (days > on.day))
                return np.asarray(on.year - years - before, dtype=np.int64)

            return Column(_by_day(births.values, age), births.known)
        if name == "per_capita_net_income":
            net = self._raw(HOUSEHOLD_FIELDS["income.annual_net_income"])
            sizes = self.column(DERIVED["household_size"], on)
            return Column(round_div(net.values.astype(np.int64), sizes.values), net.known)
        if name == "rigid_expenditure_total":
            parts = [self._raw(HOUSEHOLD_FIELDS[f"rigid_expenditure.{k}"])
                     for k in ("medical_out_of_pocket", "education", "other")]
            total = sum((p.values.astype(np.int64) for p in parts), np.zeros(self.n, dtype=np.int64))
            known = parts[0].known & parts[1].known & parts[2].known
            return Column(np.asarray(total, dtype=np.int64), known)
        if name == "months_since_dibao_income_exceeded":
            d = self._raw(HOUSEHOLD_FIELDS["statuses.dibao_income_exceeded_on"])
            months = _by_day(d.values, lambda y, m, day: (on.year - y) * 12 + (on.month - m) - (on.day < day))
            return Column(months, d.known)
        raise NotImplementedError(f"derived feature {name!r} has no columnar implementation")


@dataclass
class Population:
    """Households as columns. ``hh_index[j]`` is the household (row) of member ``j``; it is non-decreasing and
    every household has at least one member (the model requires one).

    ``line`` optionally records each household's line (or row) in its input file, for error reports.
    """

    household_id: ObjArray
    region: ObjArray
    hh_index: IntArray
    source: ColumnSource
    line: IntArray | None = None
    _cache: dict[tuple[str, date], Column] = field(default_factory=dict, repr=False)
    _counts: IntArray | None = field(default=None, repr=False)
    _regions: tuple[list[str], IntArray] | None = field(default=None, repr=False)

    @property
    def n(self) -> int:
        return len(self.household_id)

    @property
    def n_members(self) -> int:
        return len(self.hh_index)

    def column(self, info: FieldInfo, on: date) -> Column:
        """The whole-population column of one input (cached per date)."""
        key = (info.name, on)
        col = self._cache.get(key)
        if col is None:
            col = self.source.column(info, on)
            self._cache[key] = col
        return col

    def households_range(self, start: int, stop: int) -> Population:
        """Households ``start:stop`` as a population of their own (column views, a fresh cache)."""
        starts = self.member_starts()
        m_start = int(starts[start]) if start < self.n else self.n_members
        m_stop = int(starts[stop]) if stop < self.n else self.n_members
        return Population(self.household_id[start:stop], self.region[start:stop],
                          self.hh_index[m_start:m_stop] - start,
                          self.source.households_range(start, stop, m_start, m_stop),
                          None if self.line is None else self.line[start:stop],
                          _counts=self.member_counts()[start:stop])

    def member_counts(self) -> IntArray:
        """Members per household (computed once)."""
        if self._counts is None:
            self._counts = np.bincount(self.hh_index, minlength=self.n).astype(np.int64, copy=False)
        return self._counts

    def region_groups(self) -> tuple[list[str], IntArray]:
        """(the distinct regions, sorted; each household's index into them), computed once: the engine
        evaluates region by region and the summary writer looks up each region's texts. Grouped with a dict
        (regions are few; sorting a million strings is not needed), and one comparison pass in C when every
        household is in one region (the usual run)."""
        if self._regions is None:
            region_list = self.region.tolist()
            if region_list and region_list.count(region_list[0]) == len(region_list):
                self._regions = [str(region_list[0])], np.zeros(self.n, dtype=np.int64)
            else:
                position = {r: i for i, r in enumerate(sorted(dict.fromkeys(region_list), key=str))}
                self._regions = [str(r) for r in position], np.fromiter(
                    map(position.__getitem__, region_list), dtype=np.int64, count=self.n)
        return self._regions

    def member_starts(self) -> IntArray:
        """Index of each household's first member (households are contiguous in the member table)."""
        counts = self.member_counts()
        starts = np.zeros(self.n, dtype=np.int64)
        np.cumsum(counts[:-1], out=starts[1:])
        return starts

    @classmethod
    def from_households(cls, households: Sequence[Household], line: Sequence[int] | None = None) -> Population:
        """The reference path: columns are read from validated ``Household`` objects."""
        sizes = np.fromiter((len(h.members) for h in households), dtype=np.int64, count=len(households))
        ids = np.empty(len(households), dtype=object)
        ids[:] = [h.household_id for h in households]
        regions = np.empty(len(households), dtype=object)
        regions[:] = [h.region for h in households]
        return cls(ids, regions, np.repeat(np.arange(len(households), dtype=np.int64), sizes),
                   HouseholdSource(households), None if line is None else np.asarray(line, dtype=np.int64))

    @classmethod
    def from_columns(cls, household_id: Sequence[str] | ObjArray, region: Sequence[str] | ObjArray,
                     hh_index: Sequence[int] | IntArray, household_columns: Mapping[str, Column],
                     member_columns: Mapping[str, Column], line: Sequence[int] | None = None) -> Population:
        """The fast path from numpy columns (see docs/batch.md for the layout). Raises ``ValueError`` naming
        the problem if the layout is inconsistent; values are trusted (validate them upstream, e.g. with
        :func:`xianjie.batch.layout.population_from_table`)."""
        ids = np.asarray(household_id, dtype=object)
        regions = np.asarray(region, dtype=object)
        idx = np.asarray(hh_index, dtype=np.int64)
        n = len(ids)
        if len(regions) != n:
            raise ValueError("region and household_id have different lengths")
        if len(idx) and (np.any(np.diff(idx) < 0) or idx[0] < 0 or idx[-1] >= n):
            raise ValueError("hh_index must be non-decreasing household rows in [0, n)")
        counts = np.bincount(idx, minlength=n).astype(np.int64, copy=False)
        if n and np.any(counts == 0):
            raise ValueError("every household needs at least one member row")
        for name, col in household_columns.items():
            if name not in HOUSEHOLD_FIELDS:
                raise ValueError(f"unknown household column {name!r}")
            if len(col.values) != n or len(col.known) != n:
                raise ValueError(f"household column {name!r} has the wrong length")
        for name, col in member_columns.items():
            if name not in MEMBER_FIELDS:
                raise ValueError(f"unknown member column {name!r}")
            if len(col.values) != len(idx) or len(col.known) != len(idx):
                raise ValueError(f"member column {name!r} has the wrong length")
        return cls(ids, regions, idx, TableSource(n, idx, household_columns, member_columns, counts),
                   None if line is None else np.asarray(line, dtype=np.int64), _counts=counts)
