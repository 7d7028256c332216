"""Household records as JSON text: read them from a stream and validate them one by one.

Shared by the command line (``evaluate``, ``explain``, ``screen``, ``compare``), the HTTP service and the
batch engine's per-record path, so that every entry point reads a record — and reports a bad one — alike:
errors name the line and the field, never the value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO, Any

from pydantic import ValidationError

from .errors import FieldError, InputError, XianjieError, field_errors
from .models import Household

__all__ = ["parse_household", "read_records", "region_mismatch"]


def read_records(stream: IO[str]) -> Iterator[tuple[int, str]]:
    """(line number, text) for each household: a JSON array, a single object, or JSON lines. A byte-order
    mark starting the text (Windows exports) is not part of the first record."""
    try:
        text = stream.read().removeprefix("\ufeff")
    except UnicodeDecodeError:
        from .batch.io import NOT_UTF8_HINT

        raise XianjieError(f"the input is not valid UTF-8. {NOT_UTF8_HINT}") from None
    stripped = text.lstrip()
    if stripped.startswith("["):
        import json

        try:
            items = json.loads(text)
        except ValueError:
            yield 1, text
            return
        for i, item in enumerate(items, start=1):
            yield i, json.dumps(item, ensure_ascii=False)
        return
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield n, line


def parse_household(line_no: int, raw: str | Mapping[str, Any], region: str | None) -> Household:
    """Validate one record — JSON text, or a dict (a row group of a table) — ; errors name the line and
    the field, never the value."""
    try:
        h = Household.model_validate_json(raw) if isinstance(raw, str) else Household.model_validate(raw)
    except ValidationError as exc:
        raise InputError(field_errors(exc), line=line_no) from None
    if region is not None and h.region != region:
        raise InputError(region_mismatch(), line=line_no)
    return h


def region_mismatch() -> list[FieldError]:
    """The error of a record whose region is not the one asked for (``--region``)."""
    return [FieldError(field="region", type="region_mismatch", message_zh="记录的区划与 --region 不一致",
                       message_en="record's region differs from --region")]
