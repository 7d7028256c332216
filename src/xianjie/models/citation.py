"""Citations and the policy documents they point into.

A citation is mandatory on every parameter value, rule, calendar event and indicator: OpenFisca and
PolicyEngine make references optional free text and lose them on reforms; we make them typed and required.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, model_validator

from .period import in_period
from .types import MODEL_CONFIG, bilingual

__all__ = ["Citation", "Document"]


class Document(BaseModel):
    """A policy document that citations refer to (政策文件).

    The five seed documents have the ids ``000``…``004`` from the project's shared README. Other documents
    (national rules rated high-confidence, or a deploying office's own notices) get a short stable id.
    """

    model_config = MODEL_CONFIG

    id: Annotated[str, bilingual("文件编号", "Document id (stable key)", pattern=r"^[A-Za-z0-9_.\-]+$",
                                 min_length=1, max_length=64)]
    title_zh: Annotated[str, bilingual("文件标题", "Title in Chinese", min_length=1)]
    title_en: Annotated[str, bilingual("英文标题", "Title in English", min_length=1)]
    issuer: Annotated[str, bilingual("发文机关", "Issuing body", min_length=1)]
    doc_number: Annotated[str | None, bilingual("文号", "Official document number (文号)")] = None
    issued_on: Annotated[date | None, bilingual("成文或发布日期", "Date issued or published")] = None
    valid_from: Annotated[date, bilingual("适用起始日", "First day the document governs")]
    valid_until: Annotated[date | None, bilingual("适用截止日(含)", "Last day it governs (inclusive); none = open")] = None
    note: Annotated[str | None, bilingual("备注", "Note, e.g. a discrepancy found in the text")] = None
    url: Annotated[str | None, bilingual("来源链接", "Where the text was found")] = None

    @model_validator(mode="after")
    def _period_ordered(self) -> Document:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self

    def in_force(self, on: date) -> bool:
        """Whether this applies on ``on``."""
        return in_period(self.valid_from, self.valid_until, on)


class Citation(BaseModel):
    """Where a value or rule comes from: document, 文号, clause and a short quote (引用)."""

    model_config = MODEL_CONFIG

    document: Annotated[str, bilingual("文件编号", "Document id", pattern=r"^[A-Za-z0-9_.\-]+$", min_length=1)]
    clause: Annotated[str, bilingual("条款", "Clause, in the document's own numbering, e.g. (十四) or 一.八",
                                     min_length=1, max_length=64)]
    quote_zh: Annotated[str | None, bilingual("原文摘录", "Short quote of the clause, as written",
                                              max_length=400)] = None
    doc_number: Annotated[str | None, bilingual("文号", "Official document number")] = None

    def short(self) -> str:
        """A compact reference such as ``002 (十四)``."""
        return f"{self.document} {self.clause}"
