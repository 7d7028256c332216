"""Shared annotated types and the bilingual field helper.

Every public field carries a Chinese title and a Chinese/English description so that the generated JSON
Schema (``xianjie schema``) and OpenAPI documents are readable by the offices that use them. Sensitive fields
are marked ``x-sensitive`` so that integrators (and our own logging) know never to print them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import ConfigDict, Field

__all__ = [
    "MODEL_CONFIG",
    "Yuan",
    "SignedYuan",
    "RegionId",
    "Ratio",
    "bilingual",
]

#: The configuration every xianjie model shares: immutable, strict about unknown keys, and never echoing
#: input values in validation errors (they may contain identifiers).
MODEL_CONFIG = ConfigDict(
    frozen=True,
    extra="forbid",
    hide_input_in_errors=True,
    validate_default=True,
)


def bilingual(zh: str, en: str, *, sensitive: bool = False, **constraints: Any) -> Any:
    """Field metadata with a Chinese title and a "zh / en" description.

    Used inside ``Annotated[...]`` so the constraint applies to the field and the labels appear in JSON Schema
    as ``title`` plus ``x-label-zh``/``x-label-en`` (and ``x-sensitive`` for personal identifiers).
    """
    extra: dict[str, Any] = {"x-label-zh": zh, "x-label-en": en}
    if sensitive:
        extra["x-sensitive"] = True
    return Field(title=zh, description=f"{zh} / {en}", json_schema_extra=extra, **constraints)


#: A non-negative amount of money in yuan, exact to the fen (two decimal places).
Yuan = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
#: An amount in yuan that may be negative (net income can be, after business losses).
SignedYuan = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]
#: A ratio between 0 and 1 inclusive, exact decimal.
Ratio = Annotated[Decimal, Field(ge=0, le=1, max_digits=8, decimal_places=6)]
#: A region id: a 6-digit administrative division code (GB/T 2260), ``CN`` for the national root, or a
#: plugin-defined id below county level (lower-case ASCII with dots/underscores, e.g. ``430000.zhangshu``).
RegionId = Annotated[str, Field(pattern=r"^(CN|\d{6}|\d{6}(\.[a-z0-9_]+)+|[a-z][a-z0-9_]*(\.[a-z0-9_]+)*)$")]
