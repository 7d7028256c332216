"""Reading CSV and XLSX exports into plain grids of cells, then into tables with a header row.

County offices send whatever their system wrote: UTF-8 with or without a BOM, GBK/GB18030 (Excel's "CSV" on
a Chinese Windows), UTF-16 "Unicode text", workbooks with a title row above the headers, several sheets, and
household columns merged down over the member rows. Each of these is handled explicitly; anything else is a
usage error that says what the file looks like, never a traceback.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import XianjieError
from .mapping import normalise_header
from .values import Cell, blank

__all__ = ["FileError", "RawSheet", "Table", "decode_csv", "read_file", "to_table"]


class FileError(XianjieError):
    """The file cannot be read as an export (usage error, exit code 2)."""

    code = "file_error"


@dataclass(frozen=True)
class RawSheet:
    """A sheet (or a CSV file) as a grid; ``rows[i]`` is spreadsheet row ``i + 1``."""

    name: str
    rows: list[list[Cell]]
    encoding: str | None = None


@dataclass
class Table:
    """A sheet with its header row found: ``records`` are (spreadsheet row number, cells by column)."""

    name: str
    headers: list[str]
    header_row: int
    records: list[tuple[int, list[Cell]]]
    duplicate_headers: list[str] = field(default_factory=list)
    encoding: str | None = None

    def index(self) -> dict[str, str]:
        """Normalised header → actual header (first occurrence wins)."""
        out: dict[str, str] = {}
        for h in self.headers:
            out.setdefault(normalise_header(h), h)
        return out

    def column(self, header: str) -> int:
        return self.headers.index(header)


def decode_csv(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding). Tries UTF-16 (by BOM), UTF-8 (with or without BOM) and GB18030 (a superset of GBK
    and GB2312), each strictly: a byte that fits none of them is a usage error, not a replacement character
    in someone's name."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise FileError(f"{name}: starts like UTF-16 but cannot be decoded as UTF-16") from None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileError(f"{name}: this is an old Excel .xls workbook; save it as .xlsx or CSV first")
    if data.startswith(b"PK\x03\x04"):
        raise FileError(f"{name}: this looks like an .xlsx workbook; give it the .xlsx extension")
    if b"\x00" in data[:4096]:
        raise FileError(f"{name}: contains NUL bytes; not a text (CSV) file")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), ("utf-8" if enc == "utf-8-sig" else enc)
        except UnicodeDecodeError:
            continue
    raise FileError(f"{name}: cannot be decoded as UTF-8, GB18030/GBK or UTF-16; re-save it as UTF-8 CSV")


def _sniff_delimiter(text: str) -> str:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path) -> list[RawSheet]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileError(f"cannot read {path.name}: {type(exc).__name__}") from None
    text, encoding = decode_csv(data, path.name)
    try:
        rows: list[list[Cell]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""),
                                                              delimiter=_sniff_delimiter(text))]
    except csv.Error as exc:
        raise FileError(f"{path.name}: malformed CSV ({exc})") from None
    return [RawSheet(name=path.name, rows=rows, encoding=encoding)]


def _read_xlsx(path: Path) -> list[RawSheet]:
    try:
        import openpyxl
    except ImportError:
        raise FileError("reading .xlsx needs openpyxl: pip install 'xianjie[intake]'") from None
    from zipfile import BadZipFile

    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileError(f"cannot read {path.name} as an .xlsx workbook ({type(exc).__name__})") from None
    sheets: list[RawSheet] = []
    for ws in wb.worksheets:
        grid: list[list[Cell]] = [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
        # Household columns are often merged down over the member rows: every cell of a merged range
        # carries the value shown in it, so each row is read as the person reading the sheet reads it.
        for rng in ws.merged_cells.ranges:
            top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else None
            for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
                row = grid[r]
                for c in range(rng.min_col - 1, min(rng.max_col, len(row))):
                    row[c] = top
        sheets.append(RawSheet(name=ws.title, rows=grid))
    wb.close()
    return sheets


def _cell(v: object) -> Cell:
    """openpyxl values as the cell types the importer knows (rich text, times and formulas as text)."""
    if v is None or isinstance(v, str | int | float | bool | date):
        return v
    return str(v)


def read_file(path: str | Path) -> list[RawSheet]:
    """Every sheet of ``path`` (a CSV is one sheet named after the file)."""
    p = Path(path)
    if not p.is_file():
        raise FileError(f"{p.name}: no such file")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(p)
    if suffix == ".xls":
        raise FileError(f"{p.name}: old Excel .xls workbooks are not read; save it as .xlsx or CSV first")
    return _read_csv(p)


def to_table(sheet: RawSheet, known: Iterable[str], header_row: int = 0) -> Table:
    """Find the header row (given, or the one among the first ten that names the most ``known`` columns)
    and return the records below it; wholly blank rows are skipped (they carry no data)."""
    known_norm = {normalise_header(k) for k in known}
    known_base = {k.split("(", 1)[0] for k in known_norm}
    if header_row:
        hdr = header_row - 1
    else:
        best, hdr = -1, 0
        for i, row in enumerate(sheet.rows[:10]):
            names = [normalise_header(str(c)) for c in row if not blank(c)]
            score = sum(1 for n in names if n in known_norm or n.split("(", 1)[0] in known_base)
            if score > best:
                best, hdr = score, i
    if hdr >= len(sheet.rows):
        return Table(name=sheet.name, headers=[], header_row=hdr + 1, records=[], encoding=sheet.encoding)
    headers = ["" if blank(c) else " ".join(str(c).split()) for c in sheet.rows[hdr]]
    seen: set[str] = set()
    dups: list[str] = []
    for h in headers:
        n = normalise_header(h)
        if n and n in seen:
            dups.append(h)
        seen.add(n)
    width = len(headers)
    records: list[tuple[int, list[Cell]]] = []
    for i in range(hdr + 1, len(sheet.rows)):
        row = list(sheet.rows[i][:width])
        if all(blank(c) for c in row):
            continue
        row += [None] * (width - len(row))
        records.append((i + 1, row))
    return Table(name=sheet.name, headers=headers, header_row=hdr + 1, records=records,
                 duplicate_headers=dups, encoding=sheet.encoding)
