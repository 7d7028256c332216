"""Writing households back out as the office's own export shape (CSV or XLSX), through the same mapping.

Offices use this to send corrected data back to townships in the columns they know; the tests use it to prove
import is faithful (households → export → import gives the same households). Each field is written under the
first column the mapping names for it, and each code as the first word the code table gives for it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..models import Household
from .fields import MEMBER_PREFIX
from .mapping import FieldSpec, Mapping

__all__ = ["export_csv", "export_rows", "export_xlsx"]

_BOOL = {True: "是", False: "否"}


def _reverse(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return ""
    codes = spec.codes or {}
    if isinstance(value, frozenset):
        if not value:
            return next((k for k, v in codes.items() if v == []), "")
        order = spec.info.choices
        return "、".join(_reverse_one(codes, v) for v in sorted(value, key=order.index))
    return _reverse_one(codes, value)


def _reverse_one(codes: dict[str, Any], value: Any) -> str:
    # type-exact comparison: True == 1 in Python, but a grade of 1 is not "是"
    for k, v in codes.items():
        if type(v) is type(value) and v == value:
            return k
    if isinstance(value, bool):
        return _BOOL[value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _header(mapping: Mapping, specs: Iterable[FieldSpec], with_region: bool) -> list[str]:
    cols = [s.columns[0] for s in specs]
    if with_region and mapping.region_column:
        cols.insert(1, mapping.region_column)
    return cols


def export_rows(households: Sequence[Household], mapping: Mapping) -> dict[str, list[list[str]]]:
    """Sheets of text rows (header first) in the mapping's layout: one sheet for ``person``, a household
    sheet and a member sheet for ``split``. Fields the mapping does not name are not written."""
    key = mapping.key
    hh_specs = [key] + [s for p, s in mapping.fields.items() if not s.info.member and p != "household_id"]
    mem_specs = [s for s in mapping.fields.values() if s.info.member]
    region = bool(mapping.region_column) and mapping.region_value is None

    def hh_cells(h: Household) -> list[str]:
        cells = [_reverse(s, _get(h, s.path)) for s in hh_specs]
        if region:
            cells.insert(1, h.region)
        return cells

    def mem_cells(h: Household, i: int) -> list[str]:
        m = h.members[i]
        return [_reverse(s, getattr(m, s.path[len(MEMBER_PREFIX):])) for s in mem_specs]

    if mapping.rows == "person":
        rows = [_header(mapping, hh_specs, region) + _header(mapping, mem_specs, False)]
        for h in households:
            hc = hh_cells(h)
            rows += [hc + mem_cells(h, i) for i in range(len(h.members))]
        return {mapping.sheets[0] if mapping.sheets else "成员信息": rows}
    hh_rows = [_header(mapping, hh_specs, region)] + [hh_cells(h) for h in households]
    mem_rows = [[key.columns[0]] + _header(mapping, mem_specs, False)]
    for h in households:
        mem_rows += [[h.household_id] + mem_cells(h, i) for i in range(len(h.members))]
    return {mapping.household_sheet or "户信息": hh_rows, mapping.member_sheet or "成员信息": mem_rows}


def export_csv(households: Sequence[Household], mapping: Mapping, path: str | Path, *,
               encoding: str = "utf-8-sig", members_path: str | Path | None = None) -> None:
    """Write a CSV (UTF-8 with BOM by default, which Excel opens correctly; ``gb18030`` for old tools).
    The split layout needs ``members_path`` for the member sheet."""
    sheets = list(export_rows(households, mapping).values())
    targets = [Path(path)] + ([Path(members_path)] if members_path is not None else [])
    if len(sheets) != len(targets):
        raise ValueError("the split layout writes two CSV files: give members_path")
    for rows, target in zip(sheets, targets, strict=True):
        buf = io.StringIO(newline="")
        csv.writer(buf).writerows(rows)
        target.write_bytes(buf.getvalue().encode(encoding))


def export_xlsx(households: Sequence[Household], mapping: Mapping, path: str | Path) -> None:
    """Write an XLSX workbook; every cell is text, so id numbers and keys keep their digits."""
    try:
        from openpyxl import Workbook
    except ImportError:
        from .readers import FileError

        raise FileError("writing .xlsx needs openpyxl: pip install 'xianjie[intake]'") from None
    wb = Workbook()
    first = True
    for name, rows in export_rows(households, mapping).items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = name
        first = False
        for r in rows:
            ws.append(r)
        for col in ws.iter_cols():
            for cell in col:
                cell.number_format = "@"
                cell.data_type = "s"
    wb.save(Path(path))
