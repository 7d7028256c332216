"""The flat file layout (Arrow / Parquet / CSV) and its conversion to and from columns.

One row per **member**; the rows of one household are consecutive and share ``household_id``. Columns:

* ``household_id``, ``region`` — required;
* household fields by their path, e.g. ``income.annual_net_income``, ``statuses.monitoring.kind``
  (:data:`xianjie.rules.fields.HOUSEHOLD_FIELDS`); taken from the household's first row — later rows may
  repeat the same value or leave it empty, a *different* value is an error;
* member fields prefixed ``members.``, e.g. ``members.birth_date``, ``members.disability_grade``
  (:data:`xianjie.rules.fields.MEMBER_FIELDS`, plus ``members.member_id``). ``members.id_number`` and
  ``members.name`` are accepted, checked as the models check them, and never read.

Any column may be absent (= not provided for everyone); an unknown column is an error, so a typo never reads
as "not provided". Empty cells / nulls mean "not provided". Values may be typed (Arrow ``bool``, integers,
``decimal``/float yuan, ``date32``, ``list<string>`` for code sets) or strings as in CSV (``true``/``false``,
``4300.50`` yuan, ``2021-10-01``, codes; code sets as ``a;b`` with ``[]`` for the empty set). Values are
validated with the same pydantic constraints as the JSON models — parsed once per *distinct* value, so the
cost does not grow with the number of rows — and an invalid value invalidates only its household, reported
with the field path (``members.2.disability_grade``), never the value.

Why one long table instead of two files: a record (household) is then a run of consecutive rows, so a
file can be streamed in chunks that never split a household, and CSV and Parquet share one reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import FieldError, XianjieError, field_errors
from ..models.household import Household
from ..models.person import Person
from ..rules.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS, Column, FieldInfo
from ..rules.money import yuan_to_fen
from .population import Population

try:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - exercised only without the extra
    pa = None
    pc = None

__all__ = [
    "Decoded",
    "LayoutError",
    "MEMBER_PREFIX",
    "accepted_columns",
    "household_dicts",
    "households_to_table",
    "population_from_records",
    "population_from_table",
    "require_arrow",
    "to_csv_table",
]

MEMBER_PREFIX = "members."
KEY_COLUMNS = ("household_id", "region")
MEMBER_EXTRA = ("members.member_id", "members.id_number", "members.name")
MAX_MEMBERS = 60

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class LayoutError(XianjieError):
    """The table does not follow the layout (unknown column, wrong column type): a usage error."""

    code = "layout_error"


def require_arrow() -> None:
    """Raise a clear error when pyarrow (the ``arrow`` extra) is not installed."""
    if pa is None:
        raise LayoutError("CSV and Parquet need pyarrow: pip install 'xianjie[arrow]'")


def accepted_columns() -> list[str]:
    """Every column name the layout accepts, in a stable order."""
    return [*KEY_COLUMNS, *HOUSEHOLD_FIELDS, *MEMBER_EXTRA, *(MEMBER_PREFIX + p for p in MEMBER_FIELDS)]


def code_columns(names: Iterable[str]) -> list[str]:
    """The columns among ``names`` that hold a single code (``region``, kinds, grades, stages): few
    distinct values, which a reader may keep dictionary-encoded."""
    def info(name: str) -> FieldInfo | None:
        if name.startswith(MEMBER_PREFIX):
            return MEMBER_FIELDS.get(name[len(MEMBER_PREFIX):])
        return HOUSEHOLD_FIELDS.get(name)

    return [n for n in names if n == "region" or ((f := info(n)) is not None and f.kind == "code")]


# ---------------------------------------------------------------------------------------------------------
# Per-path validators, taken from the pydantic models so that both paths accept exactly the same values
# ---------------------------------------------------------------------------------------------------------


def _model_field(model: type[BaseModel], path: str) -> Any:
    parts = path.split(".")
    for p in parts[:-1]:
        model = model.model_fields[p].annotation  # type: ignore[assignment]
    return model.model_fields[parts[-1]]


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def _adapter(column: str) -> TypeAdapter[Any]:
    ta = _ADAPTERS.get(column)
    if ta is None:
        if column.startswith(MEMBER_PREFIX):
            fi = _model_field(Person, column[len(MEMBER_PREFIX):])
        else:
            fi = _model_field(Household, column)
        ann: Any = Annotated[(fi.annotation, *fi.metadata)] if fi.metadata else fi.annotation
        ta = TypeAdapter(ann)
        _ADAPTERS[column] = ta
    return ta


def _errors(exc: ValidationError, path: str) -> list[FieldError]:
    out = []
    for fe in field_errors(exc):
        out.append(fe.model_copy(update={"field": path if fe.field == "(record)" else f"{path}.{fe.field}"}))
    return out


# ---------------------------------------------------------------------------------------------------------
# Column conversion
# ---------------------------------------------------------------------------------------------------------

RowErrors = dict[int, list[FieldError]]


def _to_numpy_values(kind: str, values: list[Any]) -> np.ndarray[Any, Any]:
    if kind == "bool":
        return np.array(values, dtype=bool)
    if kind == "int":
        return np.array(values, dtype=np.int64)
    if kind == "money":
        return np.array([yuan_to_fen(v) for v in values], dtype=np.int64)
    if kind == "date":
        return np.array(values, dtype="datetime64[D]")
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


_FILL: dict[str, Any] = {"bool": False, "int": 0, "money": Decimal(0), "date": date(1970, 1, 1), "code": "",
                         "codeset": frozenset()}


def _codeset_text(s: str) -> list[str]:
    t = s.strip()
    if t == "[]":
        return []
    return [p.strip() for p in t.split(";")]


def _by_unique(arr: Any, kind: str, column: str, path: str, pre: Callable[[Any], Any] | None = None
               ) -> tuple[Column, RowErrors]:
    """Parse each distinct value once with the model's validator, then spread the results over the rows."""
    n = len(arr)
    known = arr.is_valid().to_numpy(zero_copy_only=False).astype(bool)
    if pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type):
        # a list's items are joined (codes hold no ';') so that distinct lists can be found; [] stays []
        is_list = True
        arr = pc.binary_join(arr, ";")
    else:
        is_list = False
    enc = arr if pa.types.is_dictionary(arr.type) else pc.dictionary_encode(arr)
    uniques = enc.dictionary.to_pylist()
    idx = pc.fill_null(enc.indices, 0).to_numpy(zero_copy_only=False).astype(np.int64)
    ta = _adapter(column)
    parsed: list[Any] = []
    bad: dict[int, list[FieldError]] = {}
    for u, raw in enumerate(uniques):
        value = raw
        if kind == "codeset" and isinstance(raw, str):
            value = ([] if raw == "" else raw.split(";")) if is_list else _codeset_text(raw)
        elif pre is not None:
            value = pre(raw)
        try:
            parsed.append(ta.validate_python(value))
        except ValidationError as exc:
            bad[u] = _errors(exc, path)
            parsed.append(_FILL[kind])
    uvals = _to_numpy_values(kind, parsed) if parsed else _to_numpy_values(kind, [_FILL[kind]])
    values = uvals[idx] if n else uvals[:0]
    errors: RowErrors = {}
    if bad:
        bad_u = np.zeros(len(uvals), dtype=bool)
        bad_u[list(bad)] = True
        rows = np.nonzero(known & bad_u[idx])[0]
        for r in rows:
            errors[int(r)] = bad[int(idx[r])]
        known = known & ~bad_u[idx]
    if kind in ("code", "codeset"):  # keep the dictionary encoding: code tests then run on integers
        return Column(values, known, idx, tuple(parsed)), errors
    return Column(values, known), errors


def _money(arr: Any, column: str, path: str) -> tuple[Column, RowErrors]:
    """Money to int64 fen: a vectorised cast when exact, else value by value through the model validator."""
    t = arr.type
    fen = None
    if pa.types.is_integer(t):
        fen = pc.multiply(pc.cast(arr, pa.int64()), 100)
    elif pa.types.is_decimal(t) or pa.types.is_string(t) or pa.types.is_large_string(t):
        try:
            dec = pc.cast(arr, pa.decimal128(18, 2))
            fen = pc.cast(pc.multiply(dec, pa.scalar(Decimal(100), pa.decimal128(3, 0))), pa.int64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            fen = None
    if fen is None:
        return _by_unique(arr, "money", column, path)
    known = arr.is_valid().to_numpy(zero_copy_only=False).astype(bool)
    values = pc.fill_null(fen, 0).to_numpy(zero_copy_only=False).astype(np.int64)
    suspect = known & (np.abs(values) >= 10**14)
    if _nonnegative(column):
        suspect |= known & (values < 0)
    errors: RowErrors = {}
    if suspect.any():  # exact pydantic errors for the few offending rows
        ta = _adapter(column)
        for r in np.nonzero(suspect)[0]:
            try:
                ta.validate_python(Decimal(int(values[r])) / 100)
            except ValidationError as exc:
                errors[int(r)] = _errors(exc, path)
        known = known & ~suspect
    return Column(values, known), errors


_NONNEG: dict[str, bool] = {}


def _nonnegative(column: str) -> bool:
    """Whether the model rejects negative amounts in this column (``Yuan`` vs ``SignedYuan``)."""
    if column not in _NONNEG:
        try:
            _adapter(column).validate_python(Decimal("-1"))
            _NONNEG[column] = False
        except ValidationError:
            _NONNEG[column] = True
    return _NONNEG[column]


def _constraint(model: type[BaseModel], name: str, attr: str) -> Any:
    """A constraint (``pattern``, ``max_length``) of a string field, read from the model (one source of
    truth)."""
    for m in model.model_fields[name].metadata:
        value = getattr(m, attr, None)
        if value is not None:
            return value
    raise LookupError(f"{model.__name__}.{name} has no {attr}")


_HOUSEHOLD_ID_PATTERN = str(_constraint(Household, "household_id", "pattern"))
_ID_NUMBER_PATTERN = str(_constraint(Person, "id_number", "pattern"))
_NAME_MAX_LENGTH = int(_constraint(Person, "name", "max_length"))


def _all_match(arr: Any, pattern: str, *, nulls: bool = False) -> bool:
    """Every value matching ``pattern`` (simple ASCII patterns read alike by RE2 and pydantic); nulls are
    allowed only with ``nulls=True``."""
    if (arr.null_count and not nulls) or len(arr) == 0 or not pa.types.is_string(arr.type):
        return False
    return bool(pc.all(pc.match_substring_regex(arr, pattern)).as_py() is not False)


def _sensitive_text_ok(arr: Any, column: str) -> bool:
    """``members.id_number`` and ``members.name`` are never read by rules, but are checked like every
    field, so that a record is valid here exactly when the model accepts it — by one regex or one length
    over the column (these values are nearly all distinct), the model's validator only where that fails."""
    if arr.null_count == len(arr):
        return True
    if column == "members.id_number":
        return _all_match(arr, _ID_NUMBER_PATTERN, nulls=True)
    if not pa.types.is_string(arr.type):
        return False
    return bool(pc.max(pc.utf8_length(arr)).as_py() <= _NAME_MAX_LENGTH)


def _all_iso_dates(arr: Any) -> bool:
    """Every value is a real calendar date written ``YYYY-MM-DD``: then Arrow's cast reads each exactly as
    the model's validator would, and text dates need not go through pydantic one distinct value at a time
    (other spellings, and impossible dates like 2021-02-30, still do, for the model's own error)."""
    if pc.all(pc.match_substring_regex(arr, r"^[1-9]\d{3}-\d{2}-\d{2}$")).as_py() is not True:
        return False
    try:
        pc.cast(arr, pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    return True


def _convert(arr: Any, info: FieldInfo, column: str, path: str) -> tuple[Column, RowErrors]:
    t = arr.type
    if pa.types.is_null(t):
        from .population import empty_column

        return empty_column(info.kind, len(arr)), {}
    if info.kind == "money":
        return _money(arr, column, path)
    if info.kind == "bool" and pa.types.is_boolean(t):
        known = arr.is_valid().to_numpy(zero_copy_only=False).astype(bool)
        return Column(pc.fill_null(arr, False).to_numpy(zero_copy_only=False).astype(bool), known), {}
    if info.kind == "date" and (pa.types.is_date32(t) or pa.types.is_date64(t)):
        known = arr.is_valid().to_numpy(zero_copy_only=False).astype(bool)
        d = pc.fill_null(pc.cast(arr, pa.date32()), pa.scalar(0, pa.date32()))
        return Column(d.to_numpy(zero_copy_only=False).astype("datetime64[D]"), known), {}
    if info.kind == "date" and pa.types.is_string(t) and _all_iso_dates(arr):
        return _convert(pc.cast(arr, pa.date32()), info, column, path)
    return _by_unique(arr, info.kind, column, path)


# ---------------------------------------------------------------------------------------------------------
# Table -> Population
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Decoded:
    """A decoded chunk: the population, which households are valid, errors by household, and each
    household's first row in the input (for record-per-household inputs, its own index)."""

    population: Population
    valid: BoolArray
    errors: dict[int, list[FieldError]]
    first_rows: IntArray


def check_columns(names: Iterable[str]) -> None:
    """Raise :class:`LayoutError` for unknown or missing columns."""
    names = list(names)
    accepted = set(accepted_columns())
    unknown = [c for c in names if c not in accepted]
    if unknown:
        raise LayoutError(f"unknown column(s) {unknown[:5]}: expected the field paths of docs/batch.md "
                          "(household fields by path, member fields as members.<field>)")
    missing = [c for c in KEY_COLUMNS if c not in names]
    if missing:
        raise LayoutError(f"missing required column(s) {missing}")


def _chunk(table: Any, name: str) -> Any:
    col = table.column(name)
    return col.chunk(0) if col.num_chunks else pa.array([], col.type)


def _strings(col: Any) -> np.ndarray[Any, Any]:
    return np.asarray(col.to_numpy(zero_copy_only=False), dtype=object)


def _nulls(col: Any) -> BoolArray:
    """Which values of an Arrow array (or chunked array) are null, as a numpy mask."""
    return np.asarray(col.is_null().to_numpy(zero_copy_only=False), dtype=bool)


def run_starts(ids: Any) -> BoolArray:
    """Which rows of an Arrow id column start a household: the id differs from the row before, or either
    is null (every id-less row is a household of its own). Compared by Arrow, without making a Python
    string per row (the reader cuts chunks with it too)."""
    n = len(ids)
    start = np.ones(n, dtype=bool)
    if n > 1:
        same = pc.fill_null(pc.equal(ids.slice(1), ids.slice(0, n - 1)), False)
        start[1:] = ~np.asarray(same.to_numpy(zero_copy_only=False), dtype=bool)
    return start


def group_rows(ids: Any) -> tuple[IntArray, IntArray]:
    """(household of each row, first row of each household) for consecutive runs of equal ids (an Arrow
    id column; see :func:`run_starts`)."""
    start = run_starts(ids)
    return np.cumsum(start, dtype=np.int64) - 1, np.flatnonzero(start).astype(np.int64)


def population_from_table(table: Any, *, first_line: int = 1) -> Decoded:
    """Decode a table in the long layout (one row per member). ``first_line`` is the line (or row number)
    of the table's first row; each household is reported at the line of its first row."""
    require_arrow()
    check_columns(table.column_names)
    table = table.combine_chunks()
    hh_of_row, first_rows = group_rows(_chunk(table, "household_id"))
    take_first = pa.array(first_rows)
    households = {name: _chunk(table, name).take(take_first) for name in table.column_names
                  if not name.startswith(MEMBER_PREFIX)}
    members = {name: _chunk(table, name) for name in table.column_names if name.startswith(MEMBER_PREFIX)}
    return _decode(households, members, table.column_names, hh_of_row, first_rows,
                   (first_line + first_rows).tolist(), repeats=(table, first_rows))


def population_from_records(households: Any, members: Any, household_of_row: IntArray,
                            lines: Sequence[int]) -> Decoded:
    """Decode records that are already households (JSON lines, :mod:`xianjie.batch.json_columns`).

    ``households`` holds one row per record (``household_id``, ``region``, household fields by path),
    ``members`` one row per member (``members.<field>`` columns), ``household_of_row`` each member row's
    record (non-decreasing, every record with at least one member) and ``lines`` each record's line. Unlike
    the long layout, two records with the same ``household_id`` stay two households, as in the per-record
    path."""
    require_arrow()
    check_columns([*households.column_names, *members.column_names])
    hh_of_row = np.asarray(household_of_row, dtype=np.int64)
    start = np.ones(len(hh_of_row), dtype=bool)
    start[1:] = hh_of_row[1:] != hh_of_row[:-1]
    first_rows = np.nonzero(start)[0].astype(np.int64)
    households = households.combine_chunks()
    members = members.combine_chunks()
    return _decode({name: _chunk(households, name) for name in households.column_names},
                   {name: _chunk(members, name) for name in members.column_names},
                   [*households.column_names, *members.column_names], hh_of_row, first_rows, list(lines),
                   repeats=None)


def _decode(households: dict[str, Any], members: dict[str, Any], order: Sequence[str], hh_of_row: IntArray,
            first_rows: IntArray, lines: list[int], repeats: tuple[Any, IntArray] | None) -> Decoded:
    """Validate household-level and member-level columns into a population. ``repeats`` (the long table
    and each household's first row) asks for the check that later rows do not contradict the first."""
    n = len(first_rows)
    n_rows = len(hh_of_row)
    errors: dict[int, list[FieldError]] = {}

    def add(h: int, errs: list[FieldError]) -> None:
        errors.setdefault(h, []).extend(errs)

    raw_ids = _strings(households["household_id"])
    null_id = _nulls(households["household_id"])
    hh_ids = raw_ids.copy()
    if null_id.any():
        hh_ids[null_id] = [f"\x00{int(first_rows[h])}" for h in np.nonzero(null_id)[0]]
    for h in np.nonzero(null_id)[0]:
        add(int(h), [FieldError(field="household_id", type="missing", message_zh="缺少必填字段",
                                message_en="Field required")])
    # household_id pattern, region pattern: once per distinct value
    regions = np.zeros(n, dtype=object)
    for column in KEY_COLUMNS:
        sub = households[column]
        if column == "household_id" and _all_match(sub, _HOUSEHOLD_ID_PATTERN):
            continue  # ids are nearly all distinct: one regex over the column instead of a check per id
        c, errs = _by_unique(sub, "code", column, column)
        for hk, e in errs.items():
            add(hk, e)
        if column == "region":
            missing = ~np.asarray(sub.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
            for hm in np.nonzero(missing)[0]:
                add(int(hm), [FieldError(field="region", type="missing", message_zh="缺少必填字段",
                                        message_en="Field required")])
            regions = c.values
    # a household whose rows are not consecutive appears as two runs with the same id
    if n and repeats is not None and _repeated_ids(households["household_id"]):
        by_id = np.argsort(hh_ids[~null_id].astype(str), kind="stable")
        named = np.nonzero(~null_id)[0][by_id]
        sorted_ids = hh_ids[named]
        dup = np.zeros(len(named), dtype=bool)
        dup[1:] = sorted_ids[1:] == sorted_ids[:-1]
        for h in named[dup]:
            add(int(h), [FieldError(field="household_id", type="rows_not_consecutive",
                                    message_zh="同一户的成员行必须连续(该户编号在前面已出现)",
                                    message_en="the rows of one household must be consecutive (this id "
                                               "already appeared earlier)")])
    first_of_row = first_rows[hh_of_row]
    first_row_index = pa.array(first_of_row)  # once, for every household column's repeat check
    member_pos = np.arange(n_rows, dtype=np.int64) - first_of_row
    sizes = np.bincount(hh_of_row, minlength=n)
    for h in np.nonzero(sizes > MAX_MEMBERS)[0]:
        add(int(h), [FieldError(field="members", type="too_long", message_zh="条目过多",
                                message_en=f"List should have at most {MAX_MEMBERS} items")])
    hcols: dict[str, Column] = {}
    mcols: dict[str, Column] = {}
    for name in order:  # the input's column order, so that a household's errors come in a stable order
        if name in KEY_COLUMNS:
            continue
        if name in ("members.id_number", "members.name"):
            arr = members[name]
            if not _sensitive_text_ok(arr, name):
                _, errs = _by_unique(arr, "code", name, name[len(MEMBER_PREFIX):])
                for r, e in errs.items():
                    add(int(hh_of_row[r]), [x.model_copy(update={"field": f"members.{member_pos[r]}.{x.field}"})
                                            for x in e])
            continue
        if name in members:
            arr = members[name]
            path = name[len(MEMBER_PREFIX):]
            if path == "member_id":
                _check_member_ids(arr, hh_of_row, member_pos, add)
                continue
            col, errs = _convert(arr, MEMBER_FIELDS[path], name, path)
            for r, e in errs.items():
                add(int(hh_of_row[r]), [x.model_copy(update={"field": f"members.{member_pos[r]}.{x.field}"})
                                        for x in e])
            mcols[path] = col
            continue
        arr = households[name]
        if repeats is not None:
            _check_repeats(_chunk(repeats[0], name), first_of_row, first_row_index, hh_of_row, name, add)
        col, errs = _convert(arr, HOUSEHOLD_FIELDS[name], name, name)
        for hk, e in errs.items():
            add(hk, e)
        hcols[name] = col
    _check_person(mcols, hh_of_row, member_pos, add)
    valid = np.ones(n, dtype=bool)
    if errors:
        valid[list(errors)] = False
    pop = Population.from_columns(hh_ids, regions, hh_of_row, hcols, mcols, line=lines)
    return Decoded(pop, valid, errors, first_rows)


def _repeated_ids(ids: Any) -> bool:
    """Whether two households (runs of rows) share an id: counted by Arrow's hashing, so that the sort
    that names them runs only when there is one."""
    return bool(pc.count_distinct(ids).as_py() < len(ids) - ids.null_count)


def _differs_from_first(arr: Any, first_of_row: IntArray, first_row_index: Any) -> BoolArray:
    """Rows whose value is given and differs from the given value of their household's first row.

    Dictionary columns (codes read from Parquet) compare their indices, booleans and integers their
    values, in numpy: a gather and a comparison of small integers, where Arrow's ``take`` of strings or
    bits cost ten (dictionary) or two (booleans) times as much. Other types, and dictionaries that repeat
    a value (where equal values could have different indices), are compared by Arrow."""
    t = arr.type
    if pa.types.is_dictionary(t) and arr.dictionary.null_count == 0 and (
            len(pc.unique(arr.dictionary)) == len(arr.dictionary)):
        codes = pc.fill_null(arr.indices, -1).to_numpy(zero_copy_only=False)
        first = codes[first_of_row]
        given: BoolArray = (codes >= 0) & (first >= 0) & (codes != first)
        return given
    if pa.types.is_boolean(t) or pa.types.is_integer(t):
        valid = np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        values = pc.fill_null(arr, pa.scalar(False if pa.types.is_boolean(t) else 0, t)).to_numpy(
            zero_copy_only=False)
        differs: BoolArray = valid & valid[first_of_row] & (values != values[first_of_row])
        return differs
    cmp = pc.binary_join(arr, ";") if pa.types.is_list(t) else arr
    firsts = cmp.take(first_row_index)
    d = pc.fill_null(pc.and_(pc.not_equal(cmp, firsts), pc.is_valid(firsts)), False)
    return np.asarray(d.to_numpy(zero_copy_only=False), dtype=bool)


def _check_repeats(arr: Any, first_of_row: IntArray, first_row_index: Any, hh_of_row: IntArray, name: str,
                   add: Callable[[int, list[FieldError]], None]) -> None:
    """Later rows of a household may repeat or omit a household value, never contradict it. ``first_of_row``:
    each row's household's first row (``first_row_index``: the same as an Arrow array)."""
    if len(arr) == 0 or int(hh_of_row[-1]) + 1 == len(arr):  # one row per household: nothing to compare
        return
    d = _differs_from_first(arr, first_of_row, first_row_index)
    for h in np.unique(hh_of_row[d]):
        add(int(h), [FieldError(field=name, type="inconsistent_rows", message_zh="同一户各成员行的户级字段取值不一致",
                                message_en="member rows of the household give different values for this "
                                           "household field")])


def _check_member_ids(arr: Any, hh_of_row: IntArray, member_pos: IntArray,
                      add: Callable[[int, list[FieldError]], None]) -> None:
    c, errs = _by_unique(arr, "code", "members.member_id", "member_id")
    for r, e in errs.items():
        add(int(hh_of_row[r]), [x.model_copy(update={"field": f"members.{member_pos[r]}.{x.field}"}) for x in e])
    rows = np.nonzero(c.known)[0]
    if len(rows) < 2:
        return
    keys = np.array([f"{hh_of_row[i]}\x00{c.values[i]}" for i in rows], dtype=object)
    _, counts = np.unique(keys, return_counts=True)
    if (counts > 1).any():
        seen: set[str] = set()
        for i, k in zip(rows, keys, strict=True):
            if k in seen:
                add(int(hh_of_row[i]), [FieldError(field="(record)", type="value_error", message_zh="取值不一致",
                                                   message_en="Value error, member_id values must be unique "
                                                              "within the household")])
            seen.add(k)


def _check_person(mcols: dict[str, Column], hh_of_row: IntArray, member_pos: IntArray,
                  add: Callable[[int, list[FieldError]], None]) -> None:
    """The cross-field checks of :class:`~xianjie.models.Person`, vectorised."""
    n = len(hh_of_row)
    none = np.zeros(n, dtype=bool)

    def known(p: str) -> BoolArray:
        c = mcols.get(p)
        return c.known if c is not None else none

    def is_(p: str, v: bool) -> BoolArray:
        c = mcols.get(p)
        return (c.known & (c.values == v)) if c is not None else none

    checks = (
        (is_("disabled", False) & (known("disability_grade") | known("disability_category")),
         "disability_grade/disability_category given but disabled is false"),
        (is_("enrolled", True) & known("not_enrolled_reason"), "not_enrolled_reason given but enrolled is true"),
    )
    for bad, msg in checks:
        for r in np.nonzero(bad)[0]:
            add(int(hh_of_row[r]), [FieldError(field=f"members.{member_pos[r]}", type="value_error",
                                               message_zh="取值不一致", message_en=f"Value error, {msg}")])


# ---------------------------------------------------------------------------------------------------------
# Households <-> table (tests, conversions, the per-household path on tabular input)
# ---------------------------------------------------------------------------------------------------------


def _arrow_type(kind: str) -> Any:
    return {"bool": pa.bool_(), "int": pa.int64(), "money": pa.decimal128(16, 2), "date": pa.date32(),
            "code": pa.string(), "codeset": pa.list_(pa.string())}[kind]


def _plain(v: Any) -> Any:
    if isinstance(v, frozenset):
        return sorted(v)
    return v


def households_to_table(households: Sequence[Household]) -> Any:
    """The long layout (typed Arrow columns) for validated households; household values on every row."""
    require_arrow()
    h_paths = list(HOUSEHOLD_FIELDS)
    m_paths = list(MEMBER_FIELDS)
    cols: dict[str, list[Any]] = {c: [] for c in
                                  ["household_id", "region", *h_paths, "members.member_id",
                                   *(MEMBER_PREFIX + p for p in m_paths)]}
    getters = {p: p.split(".") for p in h_paths}
    for h in households:
        hvals = {}
        for p, parts in getters.items():
            obj: Any = h
            for part in parts:
                obj = getattr(obj, part)
            hvals[p] = _plain(obj)
        for m in h.members:
            cols["household_id"].append(h.household_id)
            cols["region"].append(h.region)
            for p in h_paths:
                cols[p].append(hvals[p])
            cols["members.member_id"].append(m.member_id)
            for p in m_paths:
                cols[MEMBER_PREFIX + p].append(_plain(getattr(m, p)))
    arrays = {}
    for c, vals in cols.items():
        if c in ("household_id", "region", "members.member_id"):
            arrays[c] = pa.array(vals, pa.string())
            continue
        info = MEMBER_FIELDS[c[len(MEMBER_PREFIX):]] if c.startswith(MEMBER_PREFIX) else HOUSEHOLD_FIELDS[c]
        arrays[c] = pa.array(vals, _arrow_type(info.kind))
    return pa.table(arrays)


def to_csv_table(table: Any) -> Any:
    """Code-set (list) columns as ``a;b`` text (``[]`` when empty), so the table can be written as CSV."""
    require_arrow()
    out = {}
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_list(col.type):
            joined = pc.binary_join(col, ";")
            empty = pc.and_(pc.equal(joined, ""), pc.is_valid(joined))
            col = pc.if_else(empty, pa.scalar("[]"), joined)
        out[name] = col
    return pa.table(out)


def household_dicts(table: Any, *, first_line: int = 1) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, household dict) per household of a long-layout table, for the per-household engine.

    Values are passed to pydantic as read (strings are parsed by the model), except code-set text."""
    require_arrow()
    check_columns(table.column_names)
    hh_of_row, first_rows = group_rows(table.column("household_id").combine_chunks())
    rows = table.to_pylist()
    setsy = {c for c in table.column_names if
             (c.startswith(MEMBER_PREFIX) and c[len(MEMBER_PREFIX):] in MEMBER_FIELDS
              and MEMBER_FIELDS[c[len(MEMBER_PREFIX):]].kind == "codeset")
             or (c in HOUSEHOLD_FIELDS and HOUSEHOLD_FIELDS[c].kind == "codeset")}

    def val(c: str, v: Any) -> Any:
        return _codeset_text(v) if c in setsy and isinstance(v, str) else v

    bounds = [*first_rows.tolist(), len(rows)]
    for k in range(len(first_rows)):
        first = rows[bounds[k]]
        d: dict[str, Any] = {"household_id": first["household_id"], "region": first["region"], "members": []}
        for c, v in first.items():
            if c in KEY_COLUMNS or c.startswith(MEMBER_PREFIX) or v is None:
                continue
            parts = c.split(".")
            node = d
            for p in parts[:-1]:
                node = node.setdefault(p, {})
            node[parts[-1]] = val(c, v)
        for r in range(bounds[k], bounds[k + 1]):
            row = rows[r]
            d["members"].append({c[len(MEMBER_PREFIX):]: val(c, v) for c, v in row.items()
                                 if c.startswith(MEMBER_PREFIX) and v is not None})
        yield first_line + bounds[k], d
