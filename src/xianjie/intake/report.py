"""The validation report every import produces: per row, the field and the problem, in Chinese and English.

The report is meant to be sent back to the township that made the export, so it names sheet, row, column and
household key — and never a personal identifier: a person is shown only as a masked id number or a masked
name, which is enough for a clerk with the sheet open to find the row.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ImportReport", "Problem", "Summary"]

_CFG = ConfigDict(frozen=True, extra="forbid")


class Problem(BaseModel):
    """One problem: where (sheet, row, column), what (field, type) and why (zh/en). Never a raw identifier."""

    model_config = _CFG

    severity: Literal["error", "warning"] = "error"
    sheet: str | None = None
    row: int | None = None
    household_id: str | None = None
    person: str | None = Field(None, description="masked id number or name, e.g. 4301**********1234")
    column: str | None = None
    field: str | None = None
    type: str
    message_zh: str
    message_en: str

    def line(self) -> str:
        """One human-readable line, Chinese then English."""
        where = []
        if self.sheet is not None:
            where.append(self.sheet + (f"!{self.row}" if self.row is not None else ""))
        elif self.row is not None:
            where.append(f"row {self.row}")
        if self.household_id:
            where.append(f"[户 {self.household_id}]")
        if self.person:
            where.append(f"({self.person})")
        target = ""
        if self.column or self.field:
            target = f"{self.column or ''}{' → ' if self.column and self.field else ''}{self.field or ''}: "
        tag = "错误 error" if self.severity == "error" else "提示 warning"
        return f"{tag} {' '.join(where)} {target}{self.message_zh} / {self.message_en}".replace("  ", " ")


class Summary(BaseModel):
    model_config = _CFG

    rows_read: int
    households_built: int
    households_rejected: int
    rows_rejected: int


class ImportReport(BaseModel):
    """Counts plus every problem; ``ok`` is true when nothing was rejected."""

    model_config = _CFG

    format: Literal["xianjie.import-report/1"] = "xianjie.import-report/1"
    files: tuple[str, ...]
    summary: Summary
    ignored_columns: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.summary.rows_rejected == 0 and self.summary.households_rejected == 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        s = self.summary
        head = [
            f"导入文件 files: {', '.join(self.files)}",
            f"读取行数 rows read: {s.rows_read}; 生成户数 households built: {s.households_built}; "
            f"拒收户数 households rejected: {s.households_rejected}; 拒收行数 rows rejected: {s.rows_rejected}",
        ]
        if self.ignored_columns:
            head.append("未映射的列(已忽略) columns not in the mapping (ignored): " + ", ".join(self.ignored_columns))
        return "\n".join(head + [p.line() for p in self.problems]) + "\n"
