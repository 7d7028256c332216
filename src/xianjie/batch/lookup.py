"""Households of a file, one by one or by id: the full explained decision of any household, on demand.

A population run gives compact summaries (:mod:`xianjie.batch.output`); the question that follows is "why
is this household not eligible?". :func:`find_households` streams the same file, in any input format,
and hands back the households asked for by id, ready for the per-household engine
(:func:`xianjie.evaluate`), which explains every conclusion. ``xianjie explain FILE --household ID`` is
built on it.

Finding a household costs a scan, not a decode: a Parquet file's id column is read alone, row group by
row group, and only the matching households' rows are read whole; CSV chunks are tested with one Arrow
``is_in`` over the id column, JSON-lines chunks with a byte search for the id; only a chunk that may hold
one of the ids is turned into records.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator
from typing import Any

from ..models import Household
from ..records import parse_household
from .io import Chunk, InputFormat, JsonChunk, read_chunks

__all__ = ["HouseholdRecord", "find_households", "household_records", "records_of"]

#: (line of the record, or of the household's first row; a function that validates it and returns the
#: ``Household`` or raises :class:`~xianjie.errors.InputError` naming that line)
HouseholdRecord = tuple[int, Callable[[], Household]]


def household_records(chunk: Chunk, region: str | None = None) -> Iterator[HouseholdRecord]:
    """Every household of a chunk, in order, validated only when its function is called (so that one bad
    record is one error, where it is, and the rest go on). ``region``: accept only households of it."""
    if isinstance(chunk, JsonChunk):
        for n, raw in chunk.records:
            yield n, _parsed(n, raw, region)
        return
    from .layout import household_dicts

    for n, d in household_dicts(chunk.table, first_line=chunk.first_line):
        yield n, _parsed(n, d, region)


def _parsed(n: int, record: str | dict[str, Any], region: str | None) -> Callable[[], Household]:
    return lambda: parse_household(n, record, region)


def find_households(path: str, fmt: InputFormat, ids: Collection[str], *, chunk_size: int = 20_000
                    ) -> Iterator[tuple[str, int, Callable[[], Household]]]:
    """``(id, line, build)`` for each household of the file whose ``household_id`` is one of ``ids``, in
    file order (an id held by several households — records of a JSON file, say — is found each time).

    A record whose id cannot be read is not found (its id is unknown); a household that fails validation
    is found, and ``build()`` raises the error naming its line and field. An id written with JSON escapes
    (``\\u0034``) is found too: if a byte search finds nothing for an id, the JSON records are read once
    more by value (standard input, which can be read only once, is read by value from the start)."""
    wanted = set(ids)
    if not wanted:
        return
    if path == "-":  # standard input can be read once: read every record's id by value at once
        yield from _scan(path, fmt, wanted, chunk_size, exact=True)
        return
    seen: set[str] = set()
    for found in _scan(path, fmt, wanted, chunk_size, exact=False):
        seen.add(found[0])
        yield found
    if fmt in ("json", "jsonl") and wanted - seen:  # escaped ids: read every record's id by value
        for found in _scan(path, fmt, wanted - seen, chunk_size, exact=True):
            yield found


def _scan(path: str, fmt: InputFormat, wanted: set[str], chunk_size: int, *, exact: bool
          ) -> Iterator[tuple[str, int, Callable[[], Household]]]:
    if fmt == "parquet":
        yield from _parquet_matches(path, wanted)
        return
    for chunk in read_chunks(path, fmt, chunk_size):
        if isinstance(chunk, JsonChunk):
            yield from _json_matches(chunk, wanted, exact)
        else:
            yield from _table_matches(chunk, wanted)


def _json_matches(chunk: JsonChunk, wanted: set[str], exact: bool
                  ) -> Iterator[tuple[str, int, Callable[[], Household]]]:
    needles = [json.dumps(i, ensure_ascii=False) for i in wanted]  # the id as a JSON string, quotes included
    if not exact:
        data = chunk.data
        if data is not None and not any(x.encode() in data for x in needles):
            return
    for n, raw in chunk.records:
        if not exact and not any(x in raw for x in needles):
            continue
        hid = _record_id(raw)
        if hid in wanted:
            yield hid, n, _parsed(n, raw, None)


def _record_id(raw: str) -> str | None:
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    hid = record.get("household_id") if isinstance(record, dict) else None
    return hid if isinstance(hid, str) else None


def _table_matches(chunk: Any, wanted: set[str]) -> Iterator[tuple[str, int, Callable[[], Household]]]:
    import numpy as np
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    from .layout import group_rows, household_dicts

    ids = chunk.table.column("household_id").combine_chunks()
    hit = pc.is_in(ids, value_set=pa.array(sorted(wanted), pa.string()))
    if not pc.any(hit).as_py():
        return
    # only the matching households' rows are turned into records: a household is a run of rows
    hh_of_row, first_rows = group_rows(ids)
    bounds = np.append(first_rows, len(ids))
    for h in np.unique(hh_of_row[np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool)]):
        start, stop = int(bounds[h]), int(bounds[h + 1])
        rows = chunk.table.slice(start, stop - start)
        for n, d in household_dicts(rows, first_line=chunk.first_line + start):
            # the id of the household's first row, read from the table rather than the model, so that a
            # household that fails validation is found too
            yield ids[start].as_py(), n, _parsed(n, d, None)


def _parquet_matches(path: str, wanted: set[str]) -> Iterator[tuple[str, int, Callable[[], Household]]]:
    """Parquet has row groups to seek to: the id column is read alone, one row group at a time, and only
    the rows of the matching households are read whole (a household may run across row groups)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    from .layout import check_columns, household_dicts, require_arrow

    require_arrow()
    pf = pq.ParquetFile(path, pre_buffer=False)
    check_columns(pf.schema_arrow.names)
    meta = pf.metadata
    starts = np.cumsum([0] + [meta.row_group(g).num_rows for g in range(meta.num_row_groups)])
    value_set = pa.array(sorted(wanted), pa.string())

    def ids_of(g: int) -> Any:
        return pf.read_row_group(g, columns=["household_id"]).column(0).combine_chunks()

    def same(a: Any, b: Any) -> bool:
        return bool(a.is_valid and b.is_valid and a.as_py() == b.as_py())

    done = -1  # the last row of a household already given
    for g in range(meta.num_row_groups):
        ids = ids_of(g)
        hits = np.flatnonzero(np.asarray(pc.fill_null(pc.is_in(ids, value_set=value_set), False)
                                         .to_numpy(zero_copy_only=False), dtype=bool))
        for r in hits.tolist():
            row = int(starts[g]) + r
            if row <= done:
                continue  # a later row of a household already given
            # rows are scanned in file order and every row of a matching run is a hit, so this is the
            # household's first row; its run goes on to the last row with the same id (across row groups)
            first = row
            last = row
            group, local, group_ids = g, r, ids
            while True:
                if local + 1 < len(group_ids) and same(group_ids[local + 1], group_ids[local]):
                    local += 1
                    last += 1
                elif local + 1 == len(group_ids) and group + 1 < meta.num_row_groups:
                    following = ids_of(group + 1)
                    if not same(following[0], group_ids[local]):
                        break
                    group, group_ids, local = group + 1, following, 0
                    last += 1
                else:
                    break
            g0, g1 = (int(k) for k in np.searchsorted(starts, [first, last], side="right") - 1)
            table = pf.read_row_groups(list(range(g0, g1 + 1))).slice(first - int(starts[g0]), last - first + 1)
            for n, d in household_dicts(table, first_line=1 + first):
                yield ids[r].as_py(), n, _parsed(n, d, None)
            done = last


def records_of(path: str, fmt: InputFormat, chunk_size: int = 20_000) -> Iterator[HouseholdRecord]:
    """Every household of the file, in order (the per-household path over any input format)."""
    for chunk in read_chunks(path, fmt, chunk_size):
        yield from household_records(chunk)
