"""Turning one spreadsheet cell into one typed value, or a bilingual problem.

Exports from the monitoring platform and from department systems write the same fact many ways: 是/否, √/×,
2021年9月26日, 20210926, an Excel serial number, 12,345.60元. Parsing is strict on purpose: a value that fits
no known spelling is reported, never guessed (the project rule "never guessed" applies to data too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "BOOL_WORDS",
    "Cell",
    "CellProblem",
    "blank",
    "cell_text",
    "id_checksum_ok",
    "mask_id",
    "mask_name",
    "parse_bool",
    "parse_date",
    "parse_decimal",
    "parse_int",
]

#: What readers hand over: openpyxl yields numbers, dates and booleans; CSV yields text.
Cell = str | int | float | bool | date | datetime | None

#: The spellings of yes/no seen in county exports. A mapping's code table for the field overrides them.
BOOL_WORDS: dict[str, bool] = {
    "是": True, "否": False, "有": True, "无": False, "Y": True, "N": False, "y": True, "n": False,
    "yes": True, "no": False, "Yes": True, "No": False, "true": True, "false": False, "TRUE": True,
    "FALSE": False, "True": True, "False": False, "1": True, "0": False, "√": True, "×": False,
    "已参保": True, "未参保": False,
}

_SPACE = re.compile(r"[\s\u3000\xa0]+")
_EXCEL_EPOCH = date(1899, 12, 30)  # the 1900 date system, allowing for Excel's phantom 1900-02-29


@dataclass(frozen=True)
class CellProblem(Exception):
    """Why a cell could not be read: a stable ``type`` and Chinese/English text (never an identifier)."""

    type: str
    message_zh: str
    message_en: str


def cell_text(cell: Cell) -> str:
    """The cell as trimmed text, the way a person reading the sheet would see it."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    return _SPACE.sub(" ", str(cell)).strip()


def blank(cell: Cell) -> bool:
    return cell_text(cell) == ""


def parse_bool(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    text = cell_text(cell)
    if text in BOOL_WORDS:
        return BOOL_WORDS[text]
    raise CellProblem("bool_parsing", "应为是/否", "expected yes/no (是/否)")


def parse_int(cell: Cell) -> int:
    if isinstance(cell, bool):
        raise CellProblem("int_parsing", "应为整数", "expected a whole number")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    text = cell_text(cell)
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    raise CellProblem("int_parsing", "应为整数", "expected a whole number")


_MONEY_NOISE = re.compile(r"[,，\s元¥￥]")


def parse_decimal(cell: Cell) -> Decimal:
    """An amount in yuan: thousands separators and a trailing 元 are allowed, nothing else."""
    if isinstance(cell, bool):
        raise CellProblem("decimal_parsing", "应为金额(数字)", "expected an amount (a number)")
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell))
    text = _MONEY_NOISE.sub("", cell_text(cell))
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise CellProblem("decimal_parsing", "应为金额(数字)", "expected an amount (a number)")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex above admits only valid decimals
        raise CellProblem("decimal_parsing", "应为金额(数字)", "expected an amount (a number)") from None


def _from_serial(n: float) -> date:
    # 1 = 1900-01-01 in Excel; serials below 61 are before Excel's fictitious 1900-02-29 and are not dates
    # any export of living people would contain, so they are refused rather than shifted by a day.
    if not 61 <= n < 2958466:
        raise CellProblem("date_parsing", "Excel日期序号超出范围", "Excel serial date out of range")
    return _EXCEL_EPOCH + timedelta(days=int(n))


def parse_date(cell: Cell, formats: tuple[str, ...], excel_serial: bool) -> date:
    """A date from a date cell, a text in one of ``formats``, or (if allowed) an Excel serial number."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if excel_serial:
            return _from_serial(float(cell))
        text = cell_text(cell)
    else:
        text = cell_text(cell)
    # a time part written by spreadsheets ("2021-09-26 00:00:00") carries nothing for a date field
    head = re.split(r"[ T]", text, maxsplit=1)[0] if re.search(r"\d[ T]\d{1,2}:\d", text) else text
    for fmt in formats:
        try:
            return datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    if excel_serial and re.fullmatch(r"\d{5}(\.\d+)?", head):
        return _from_serial(float(head))
    raise CellProblem("date_parsing", "日期无法识别(可用格式:" + " ".join(formats) + ")",
                      "not a date in any accepted format: " + " ".join(formats))


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_checksum_ok(id_number: str) -> bool:
    """GB 11643 check digit (ISO 7064 MOD 11-2) of an 18-character resident id number."""
    if not re.fullmatch(r"\d{17}[\dX]", id_number):
        return False
    total = sum(int(d) * w for d, w in zip(id_number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == id_number[17]


def mask_id(id_number: str | None) -> str:
    """4301**********1234: enough for a clerk to find the row, not enough to identify anyone."""
    if not id_number:
        return ""
    if len(id_number) < 10:
        return "*" * len(id_number)
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def mask_name(name: str | None) -> str:
    """张** : the first character only."""
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def as_str(value: Any) -> str:
    return "" if value is None else str(value)
