"""JSON lines straight to columns: the fast path of the batch engine for JSON input.

Why: validating each household with pydantic and then reading the rules' inputs back out of the objects
costs about 100 µs per household, far more than the rules. Here a chunk of JSON lines is parsed by pyarrow's
JSON reader (C++) against an explicit schema derived from the models, split into household and member
columns of the layout of :mod:`xianjie.batch.layout` and validated there column by column, with the models' own constraints, once
per distinct value.

The fast path accepts a chunk only where it decodes it exactly as the per-record path
(``Household.model_validate_json``) would; otherwise :func:`decode_json_records` returns ``None`` and the
caller takes the per-record path. It declines a chunk when pyarrow cannot read it under the strict schema
(a number where the model has a decimal string, ``"true"`` for a boolean, an unknown field, a malformed
line), when a container the model requires is written as ``null``, when a household has no members, when a
code list holds a null, an empty code or a ``;``, when escaped ASCII (``\\u0041``) could hide a key, or
when a record holds a byte-order mark. Those cases are all legal or reportable for the per-record path, so
nothing is lost, only speed.

Households that the column validation rejects are validated once more, one by one, by pydantic, so that
their error records are exactly those of the per-record path (field paths, types and messages).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import FieldError, InputError
from ..rules.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS
from .io import JsonChunk, one_string
from .layout import MEMBER_EXTRA, MEMBER_PREFIX, Decoded, population_from_records

try:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]
    import pyarrow.json as pj  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - exercised only without the extra
    pa = None

__all__ = ["decode_json_records", "json_schema"]

# ASCII written as an escape (\u0069ncome) could spell a key that `_null_container` does not see
_ESCAPED_ASCII = re.compile(rb"\\u00[0-7][0-9a-fA-F]")


def _arrow_type(kind: str) -> Any:
    if kind == "bool":
        return pa.bool_()
    if kind == "int":
        return pa.int64()
    if kind == "codeset":
        return pa.list_(pa.string())
    return pa.string()  # money (decimal strings), dates (ISO text) and codes: validated by the layout


def _struct_fields(paths: Mapping[str, str]) -> list[Any]:
    """Nested struct fields from dotted paths (``statuses.monitoring.kind``) and their kinds."""
    tree: dict[str, Any] = {}
    for path, kind in paths.items():
        node = tree
        *parents, leaf = path.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = kind

    def build(node: dict[str, Any]) -> list[Any]:
        return [pa.field(k, pa.struct(build(v)) if isinstance(v, dict) else _arrow_type(v))
                for k, v in node.items()]

    return build(tree)


_SCHEMA: Any = None
_NULL_CONTAINER: re.Pattern[bytes] | None = None


def _null_container() -> re.Pattern[bytes]:
    """``"<object>": null`` for any object the models require (``members``, ``income``, ``statuses``,
    ``monitoring``, …; read from the schema): ``null`` there is an error per record, but pyarrow reads
    ``null`` and an absent key alike, so a chunk that writes one goes the per-record way."""
    global _NULL_CONTAINER
    if _NULL_CONTAINER is None:
        names: set[str] = set()

        def walk(t: Any) -> None:
            for f in t:
                inner = f.type.value_type if pa.types.is_list(f.type) else f.type
                if pa.types.is_struct(inner):
                    names.add(f.name)
                    walk(inner)

        walk(json_schema())
        alternatives = b"|".join(re.escape(n.encode()) for n in sorted(names))
        _NULL_CONTAINER = re.compile(rb'"(?:' + alternatives + rb')"\s*:\s*null')
    return _NULL_CONTAINER


def _declined_text(text: bytes) -> bool:
    """Whether the chunk's text holds what the column path must not read: ``null`` for a required object
    (:func:`_null_container`), ASCII written as an escape (:data:`_ESCAPED_ASCII`) or a byte-order mark
    inside a record (invalid JSON for pydantic). RE2 searches by Arrow, which release the GIL (the same
    search by :mod:`re` held it for a tenth of a chunk's time, which threads then waited on); one search
    per pattern, because RE2 scans for a single pattern's rare first byte far faster than for an
    alternation of the three (a 20,000-household chunk: 24 ms against 44)."""
    global _DECLINE
    if _DECLINE is None:
        _DECLINE = (_ESCAPED_ASCII.pattern.decode(), r"\x{FEFF}", _null_container().pattern.decode())
    s = one_string(text)
    return any(pc.match_substring_regex(s, pattern)[0].as_py() for pattern in _DECLINE)


_DECLINE: tuple[str, ...] | None = None


def json_schema() -> Any:
    """The Arrow schema of one household record (nested, as the JSON models are)."""
    global _SCHEMA
    if _SCHEMA is None:
        member: dict[str, str] = {p: info.kind for p, info in MEMBER_FIELDS.items()}
        member.update({c[len(MEMBER_PREFIX):]: "code" for c in MEMBER_EXTRA})
        household: dict[str, str] = {"household_id": "code", "region": "code",
                     **{p: info.kind for p, info in HOUSEHOLD_FIELDS.items()}}
        fields = _struct_fields(household)
        fields.append(pa.field("members", pa.list_(pa.struct(_struct_fields(member)))))
        _SCHEMA = pa.schema(fields)
    return _SCHEMA


def _leaves(arr: Any, name: str, out: dict[str, Any]) -> None:
    """Struct columns into their leaves (``income.wage``), a null struct making its leaves null."""
    if pa.types.is_struct(arr.type):
        for field, child in zip(arr.type, arr.flatten(), strict=True):
            _leaves(child, f"{name}.{field.name}", out)
    else:
        out[name] = arr


def _clean_codes(arr: Any) -> bool:
    """A code list column the layout reads as the models do: no null items, no empty codes, no ';'."""
    items = pc.list_flatten(arr)
    if len(items) == 0:
        return True
    if items.null_count:
        return False
    return not (pc.any(pc.equal(items, "")).as_py() or pc.any(pc.match_substring(items, ";")).as_py())


def _columns(records: Any) -> tuple[Any, Any, Any] | None:
    """Household columns (one row per record), member columns (one row per member) and each member row's
    record, or ``None`` to decline."""
    members = records.column("members").combine_chunks()
    if members.null_count or len(members) == 0:
        return None
    if pc.min(pc.list_value_length(members)).as_py() == 0:
        return None
    items = pc.list_flatten(members)
    if items.null_count:
        return None
    hcols: dict[str, Any] = {}
    for name in records.column_names:
        if name != "members":
            _leaves(records.column(name).combine_chunks(), name, hcols)
    mcols: dict[str, Any] = {}
    for field, child in zip(items.type, items.flatten(), strict=True):
        _leaves(child, f"members.{field.name}", mcols)
    for arr in (*hcols.values(), *mcols.values()):
        if pa.types.is_list(arr.type) and not _clean_codes(arr):
            return None
    parent = pc.list_parent_indices(members).to_numpy(zero_copy_only=False).astype(np.int64)
    return pa.table(hcols), pa.table(mcols), parent


def decode_json_records(records: Sequence[tuple[int, str]]) -> Decoded | None:
    """Decode ``(line number, JSON text)`` records into a population, or ``None`` if the chunk needs the
    per-record path (see the module docstring). Errors name the record's line, as the per-record path does."""
    if pa is None or not records:
        return None
    text = "\n".join(raw for _, raw in records).encode("utf-8")
    return _decode_text(text, [n for n, _ in records], records.__getitem__)


def decode_json_chunk(chunk: JsonChunk) -> Decoded | None:
    """:func:`decode_json_records` for a chunk, from the bytes it was read as when it has them (no string per
    record is made unless a record is invalid)."""
    data, lines = chunk.data, chunk.lines
    if data is None or lines is None or b"\r" in data:  # CRLF lines: the texts, which drop the CR
        return decode_json_records(chunk.records)
    if pa is None or not len(lines):
        return None
    bounds: list[np.ndarray[Any, Any]] = []  # each line's start and end, found only if a record is invalid

    def record(h: int) -> tuple[int, str]:
        if not bounds:
            ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
            bounds.extend((np.concatenate(([0], ends[:-1] + 1)), ends))
        starts, ends = bounds
        return int(lines[h]), data[int(starts[h]):int(ends[h])].decode("utf-8")

    return _decode_text(data, lines.tolist(), record)


def _decode_text(text: bytes, lines: list[int], record: Callable[[int], tuple[int, str]]) -> Decoded | None:
    """The records of ``text`` (one per line; ``lines`` their line numbers, ``record(i)`` the i-th as
    (line, text)) by column, or ``None`` where the per-record path must decide.

    The chunk is parsed as one block: runs are parallel over chunks, and on two cores two chunks parsed side
    by side take a fifth less time than each cut into blocks of 1 MB parsed by Arrow's thread pool (which
    also needed every line's length, since a block must hold a whole line)."""
    if _declined_text(text):
        return None
    try:
        table = pj.read_json(
            io.BytesIO(text),
            read_options=pj.ReadOptions(block_size=len(text) + 1, use_threads=False),
            parse_options=pj.ParseOptions(explicit_schema=json_schema(), unexpected_field_behavior="error",
                                          newlines_in_values=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    if table.num_rows != len(lines):
        return None
    cols = _columns(table)
    if cols is None:
        return None
    decoded = population_from_records(*cols, lines)
    return _with_record_errors(decoded, record)


def _with_record_errors(decoded: Decoded, record: Callable[[int], tuple[int, str]]) -> Decoded | None:
    """Replace the column validation's errors by the per-record path's own (a handful of records)."""
    from ..records import parse_household

    errors: dict[int, list[FieldError]] = {}
    for h in np.nonzero(~decoded.valid)[0]:
        line, raw = record(int(h))
        try:
            parse_household(line, raw, None)
        except InputError as exc:
            errors[int(h)] = exc.errors
            continue
        return None  # the two paths disagree on this record: trust the per-record path for the chunk
    decoded.errors = errors
    return decoded
