"""Streaming input: JSON lines, JSON arrays, CSV and Parquet, read in chunks that never split a household.

Why chunks: a province does not fit in memory as Python objects, and a chunk is also the unit of parallel
work and of resumption. A chunk holds about ``chunk_size`` households; its boundaries depend only on the
input and ``chunk_size``, so a rerun sees the same chunks (which is what ``--resume`` relies on).

* JSON lines are streamed line by line; a JSON array element by element (:func:`array_items`).
* CSV is read by pyarrow's streaming reader with every column as text (values are validated by
  :mod:`xianjie.batch.layout` with the model's own rules); Parquet by row batches, keeping native types.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..errors import XianjieError
from .layout import LayoutError, check_columns, require_arrow

__all__ = ["InputFormat", "JsonChunk", "TableChunk", "array_items", "detect_format", "read_chunks"]

InputFormat = Literal["jsonl", "json", "csv", "parquet"]


class JsonChunk:
    """A chunk of JSON records, each a (line number, text) pair in ``records``.

    Read from a JSON-lines file, a chunk keeps the bytes as read instead — ``data``, its records one per
    line, each line ended by a newline, and ``lines``, their line numbers — and decodes the texts of
    ``records`` only when they are asked for: the column path hands ``data`` to pyarrow as it is, and
    splitting a province into a million Python strings cost the reading thread more than the parsing."""

    def __init__(self, index: int, records: list[tuple[int, str]] | None = None, *, data: bytes | None = None,
                 lines: np.ndarray[Any, np.dtype[np.int64]] | None = None) -> None:
        if records is None and (data is None or lines is None):
            raise ValueError("a JsonChunk needs records, or data and lines")
        self.index = index
        self._records = records
        self.data = data
        self.lines = lines

    @property
    def records(self) -> list[tuple[int, str]]:
        if self._records is None:
            assert self.data is not None and self.lines is not None
            texts = self.data.decode("utf-8").split("\n")[:-1]
            self._records = [(n, t.rstrip("\r")) for n, t in zip(self.lines.tolist(), texts, strict=True)]
        return self._records

    def __len__(self) -> int:
        return len(self._records) if self._records is not None else len(self.lines)  # type: ignore[arg-type]


@dataclass
class TableChunk:
    """Consecutive rows of the long layout; ``first_line`` is the line (CSV) or row number (Parquet) of the
    first row, ``households`` the number of households in it."""

    index: int
    table: Any
    first_line: int
    households: int

    def __len__(self) -> int:
        return self.households


Chunk = JsonChunk | TableChunk


def detect_format(path: str) -> InputFormat:
    """By file suffix; stdin and unknown suffixes are JSON (an array or JSON lines, told apart on reading)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix == ".json":
        return "json"
    return "jsonl"


NOT_UTF8_HINT = ("JSON input must be UTF-8 (spreadsheet exports in GBK/GB18030 go through `xianjie import`, "
             "which reads those encodings)")


_HEAD = 1 << 16  # bytes read first, to tell a JSON array from JSON lines
_BLOCK = 1 << 22  # bytes read at a time after that


def _json_chunks(path: str, chunk_size: int) -> Iterator[JsonChunk]:
    stream = sys.stdin.buffer if path == "-" else open(path, "rb")
    name = "stdin" if path == "-" else Path(path).name
    try:
        # the first block tells an array from JSON lines without reading a whole line (an exported array is
        # often one line, the whole file)
        head = stream.read(max(_HEAD, 3)).removeprefix(b"\xef\xbb\xbf")  # a whole byte-order mark
        while (not head or head.isspace()) and (more := stream.read(_HEAD)):
            head += more
        if head.lstrip()[:1] == b"[":
            items = enumerate(array_items(_text_blocks(head, stream, name)), start=1)
            yield from _chunked(items, chunk_size)
            return
        yield from _json_line_chunks(head, stream, name, chunk_size)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _json_line_chunks(head: bytes, stream: Any, name: str, chunk_size: int) -> Iterator[JsonChunk]:
    """Chunks of ``chunk_size`` records from JSON lines: ``head``, then the rest of ``stream``.

    Read a block at a time and kept as bytes (see :class:`JsonChunk`); a block is cut into lines by
    numpy, and its bytes are copied once, into the chunk. Lines end at ``\\n`` only, as in a file read line
    by line; a blank line (nothing but whitespace) is no record but keeps its number. A block that is not
    UTF-8 is an error naming the first bad line."""
    n = 0  # lines read so far
    index = 0
    parts: list[Any] = []  # the pending chunk's data (views of blocks), and its line numbers
    numbers: list[np.ndarray[Any, np.dtype[np.int64]]] = []
    pending = 0

    def lines(seg: Any) -> Iterator[JsonChunk]:
        """Take the whole lines of ``seg`` (bytes or a view, ending with a newline)."""
        nonlocal n, index, parts, numbers, pending
        if not _utf8(seg):
            try:
                str(seg, "utf-8")
            except UnicodeDecodeError as exc:
                bad = n + bytes(seg[:exc.start]).count(b"\n") + 1
                raise XianjieError(f"{name}: line {bad} is not valid UTF-8. {NOT_UTF8_HINT}") from None
        raw = np.frombuffer(seg, dtype=np.uint8)
        ends = np.flatnonzero(raw == 10)
        starts = np.concatenate(([0], ends[:-1] + 1))
        keep = raw[starts] == ord("{")  # a record's line starts with "{" ...
        for i in np.flatnonzero(~keep).tolist():  # ... or is tested as the line-by-line reader did
            keep[i] = bool(str(seg[starts[i]:ends[i]], "utf-8").strip())
        if not keep.all():
            seg = b"".join(seg[a:e + 1] for a, e in zip(starts[keep].tolist(), ends[keep].tolist(), strict=True))
            ends = np.flatnonzero(np.frombuffer(seg, dtype=np.uint8) == 10)
        at = n + 1 + np.flatnonzero(keep)
        n += len(keep)
        taken = 0
        while pending + len(at) - taken >= chunk_size:
            upto = taken + chunk_size - pending  # records of this segment that complete the chunk
            parts.append(seg[int(ends[taken - 1]) + 1 if taken else 0:int(ends[upto - 1]) + 1])
            numbers.append(at[taken:upto])
            yield JsonChunk(index, data=b"".join(parts), lines=np.concatenate(numbers))
            index += 1
            parts, numbers, pending, taken = [], [], 0, upto
        if taken < len(at):
            parts.append(seg[int(ends[taken - 1]) + 1 if taken else 0:])
            numbers.append(at[taken:])
            pending += len(at) - taken

    rest = b""  # a line begun in the previous block
    block = head
    while block:
        first = block.find(b"\n") + 1
        if not first:  # no line ends in this block
            rest += block
        else:
            cut = block.rfind(b"\n") + 1
            yield from lines(rest + block[:first])
            if first < cut:
                yield from lines(memoryview(block)[first:cut])
            rest = block[cut:]
        block = stream.read(_BLOCK)
    if rest:  # the last line needs no newline
        yield from lines(rest + b"\n")
    if pending or index == 0:
        yield JsonChunk(index, data=b"".join(parts),
                        lines=np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64))


def _utf8(seg: Any) -> bool:
    """Whether ``seg`` is UTF-8: Arrow's validation (vectorised, no string made) where pyarrow is installed."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - the test environment has pyarrow
        try:
            str(seg, "utf-8")
        except UnicodeDecodeError:
            return False
        return True
    try:
        one_string(seg).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def one_string(data: Any) -> Any:
    """``data`` (bytes or a view) as an Arrow array of one large string, without copying or checking it —
    what Arrow's string kernels (validation, RE2 searches) take."""
    import pyarrow as pa

    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    return pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])


def _text_blocks(head: bytes, stream: Any, name: str) -> Iterator[str]:
    """``head`` and the rest of ``stream`` as text, block by block (a character may straddle two blocks)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    block = head
    while True:
        final = not block
        try:
            text = decoder.decode(block, final=final)
        except UnicodeDecodeError as exc:
            raise XianjieError(f"{name}: the bytes near byte {offset + exc.start} are not valid UTF-8. "
                               f"{NOT_UTF8_HINT}") from None
        if text:
            yield text
        if final:
            return
        offset += len(block)
        block = stream.read(_BLOCK)


def _chunked(records: Iterator[tuple[int, str]], chunk_size: int) -> Iterator[JsonChunk]:
    """Records grouped into chunks of ``chunk_size`` (at least one chunk)."""
    buf: list[tuple[int, str]] = []
    index = 0
    for record in records:
        buf.append(record)
        if len(buf) == chunk_size:
            yield JsonChunk(index, buf)
            index += 1
            buf = []
    if buf or index == 0:
        yield JsonChunk(index, buf)


_DECODER = json.JSONDecoder()
_SPACE = " \t\r\n"
#: No household record comes near this (60 members at most); a longer "element" is a malformed array.
_MAX_ELEMENT = 1 << 24


def array_items(pieces: Iterator[str]) -> Iterator[str]:
    """The elements of a JSON array, streamed: each element's own text, on one line, as it is read.

    A province exported as one JSON array (Jackson's default for a list) does not fit in memory as one
    string; this holds one element and a read-ahead piece at a time. Each element is checked by the
    standard library's JSON scanner and handed on as its original text — numbers are not rounded through
    floats — with the line breaks between its tokens turned into spaces (a JSON string cannot hold a raw
    line break), so that the JSON-lines paths read it unchanged. Where the text stops being a JSON array,
    what is left of it (at most one read-ahead piece) is handed on as one last element, to be reported as
    that element's error, and nothing after it is read."""
    buf, pos = "", 0
    more = True

    def fill() -> bool:
        nonlocal buf, pos, more
        piece = next(pieces, None) if more else None
        if piece is None:
            more = False
            return False
        buf, pos = buf[pos:] + piece, 0
        return True

    def skip_space() -> bool:
        """Move to the next token; False at the end of the input."""
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos] in _SPACE:
                pos += 1
            if pos < len(buf) or not fill():
                return pos < len(buf)

    if not skip_space() or buf[pos] != "[":
        yield buf[pos:]
        return
    pos += 1
    after = "["  # the last token: "[", "," or an element ("v")
    while skip_space():
        c = buf[pos]
        if c == "]" and after != ",":
            pos += 1
            if skip_space():  # text after the array
                yield buf[pos:]
            return
        if c == "," and after == "v":
            pos, after = pos + 1, ","
            continue
        if after == "v" or c in ",]":  # a missing or extra comma: not JSON
            yield buf[pos:]
            return
        try:
            _, end = _DECODER.raw_decode(buf, pos)
        except ValueError:
            if len(buf) - pos < _MAX_ELEMENT and fill():  # the element may go on in the next piece
                continue
            yield buf[pos:]
            return
        if end == len(buf) and fill():
            continue  # a number or literal cut at the end of the piece: decode it again with more text
        yield buf[pos:end].replace("\r", " ").replace("\n", " ")
        pos, after = end, "v"
    yield "["  # the array never closed: one last, invalid element


def _household_starts(batch: Any, previous_id: Any) -> np.ndarray[Any, Any]:
    """Which rows of ``batch`` start a household (:func:`~xianjie.batch.layout.run_starts`), the first row
    compared with the previous batch's last id."""
    from .layout import run_starts

    ids = batch.column(batch.schema.get_field_index("household_id"))
    flags = run_starts(ids)
    if len(ids) and previous_id is not None and ids[0].is_valid and previous_id.is_valid:
        flags[0] = ids[0].as_py() != previous_id.as_py()
    return flags


def _table_chunks(batches: Iterator[Any], chunk_size: int, first_line: int) -> Iterator[TableChunk]:
    """Regroup record batches into chunks of ``chunk_size`` households, cutting only between households."""
    import pyarrow as pa

    pending: list[Any] = []
    pending_flags: list[np.ndarray[Any, Any]] = []
    previous = None
    line = first_line
    index = 0
    for batch in batches:
        if batch.num_rows == 0:
            continue
        flags = _household_starts(batch, previous)
        previous = batch.column(batch.schema.get_field_index("household_id"))[-1]
        pending.append(batch)
        pending_flags.append(flags)
        starts = np.nonzero(np.concatenate(pending_flags))[0]
        if len(starts) <= chunk_size:
            continue
        table = pa.Table.from_batches(pending)
        offset = 0
        while len(starts) > chunk_size:
            cut = int(starts[chunk_size])
            yield TableChunk(index, table.slice(offset, cut - offset), line, chunk_size)
            index += 1
            line += cut - offset
            offset = cut
            starts = starts[chunk_size:]
        rest = table.slice(offset)
        pending = rest.to_batches()
        pending_flags = [np.concatenate(pending_flags)[offset:]]
    if pending:
        flags = np.concatenate(pending_flags)
        yield TableChunk(index, pa.Table.from_batches(pending), line, int(np.count_nonzero(flags)))


def _csv_encoding(sample: bytes) -> str:
    """UTF-8, or GB18030 (a superset of GBK and GB2312) for files that are not UTF-8 — what spreadsheet
    exports of Chinese offices use. ``sample`` is the start of the file (its last character may be cut)."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data":  # not merely a character cut at the end of the sample
            return "gb18030"
    return "utf-8"


def _csv_chunks(path: str, chunk_size: int) -> Iterator[TableChunk]:
    require_arrow()
    import pyarrow as pa
    import pyarrow.csv as pcsv  # type: ignore[import-untyped]

    with open(path, "rb") as f:
        sample = f.read(1 << 16)
    encoding = _csv_encoding(sample)
    first_line = sample.split(b"\n", 1)[0].removeprefix(b"\xef\xbb\xbf")
    header = next(csv.reader([first_line.decode(encoding, errors="replace")]), None)
    if not header:
        raise LayoutError(f"{Path(path).name}: empty CSV (expected a header row)")
    check_columns(header)
    reader = pcsv.open_csv(
        path, read_options=pcsv.ReadOptions(block_size=1 << 22, encoding=encoding),
        convert_options=pcsv.ConvertOptions(column_types={c: pa.string() for c in header},
                                            strings_can_be_null=True, null_values=[""]))
    yield from _table_chunks(iter(reader), chunk_size, first_line=2)


def _parquet_chunks(path: str, chunk_size: int) -> Iterator[TableChunk]:
    require_arrow()
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    # pre_buffer (the default) keeps every buffer it read ahead until the file is closed: memory would grow
    # with the file; a chunked read must stay flat
    schema = pq.read_schema(path)
    check_columns(schema.names)
    pf = pq.ParquetFile(path, pre_buffer=False, read_dictionary=_code_columns(schema))
    yield from _table_chunks(pf.iter_batches(batch_size=65536), chunk_size, first_line=1)


def _code_columns(schema: Any) -> list[str]:
    """Text columns of code fields: read dictionary-encoded, as Parquet stores them, so that their few
    distinct values are neither copied per row nor hashed again by the decoder."""
    import pyarrow as pa

    from .layout import code_columns

    text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    return code_columns(text)


def read_chunks(path: str, fmt: InputFormat, chunk_size: int) -> Iterator[Chunk]:
    """The input as chunks of about ``chunk_size`` households (at least one chunk, possibly empty)."""
    if fmt in ("json", "jsonl"):
        yield from _json_chunks(path, chunk_size)
    elif fmt == "csv":
        yield from _csv_chunks(path, chunk_size)
    else:
        yield from _parquet_chunks(path, chunk_size)
