"""Screening calendars (排查/比对/会商日程): recurring rules and one-off deadlines, each cited.

The models hold RFC 5545 RRULE text and dates only; :mod:`xianjie.calendars` turns them into dateutil
rrulesets (always with an explicit ``dtstart``) and iCalendar files.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, model_validator

from .citation import Citation
from .types import MODEL_CONFIG, RegionId, bilingual

__all__ = ["CalendarEvent", "EventKind", "ScreeningOccurrence"]

EventKind = Literal[
    "household_screening", "data_comparison", "consultation", "deadline", "payment", "review", "other",
]


class CalendarEvent(BaseModel):
    """A recurring or one-off screening event for a region."""

    model_config = MODEL_CONFIG

    id: Annotated[str, bilingual("事件编号", "Stable event id, unique per region", pattern=r"^[a-z][a-z0-9_.]*$")]
    region: Annotated[RegionId, bilingual("区划", "Region")]
    kind: Annotated[EventKind, bilingual("事件类型", "Kind of event")]
    name_zh: Annotated[str, bilingual("中文名称", "Name in Chinese", min_length=1)]
    name_en: Annotated[str, bilingual("英文名称", "Name in English", min_length=1)]
    rrule: Annotated[str | None, bilingual(
        "重复规则", "RFC 5545 RRULE body (without DTSTART), e.g. FREQ=YEARLY;BYMONTH=5,10;BYMONTHDAY=1")] = None
    first_date: Annotated[date, bilingual(
        "首次日期", "First occurrence (the rule's DTSTART), or the date of a one-off event")]
    duration_days: Annotated[int, bilingual(
        "持续天数", "Length of each window in days (a whole month = 31 is fine: clipped to the month)",
        ge=1, le=366)] = 1
    valid_until: Annotated[date | None, bilingual("截止日期(含)", "Last day the event recurs")] = None
    aspirational: Annotated[bool, bilingual(
        "力争目标", "True where the document says 力争 (strive): an aim, not an obligation")] = False
    citation: Annotated[Citation, bilingual("依据", "Citation")]

    @model_validator(mode="after")
    def _until_after_start(self) -> CalendarEvent:
        if self.valid_until is not None and self.valid_until < self.first_date:
            raise ValueError("valid_until is before first_date")
        if self.rrule is not None and ("DTSTART" in self.rrule.upper() or "UNTIL" in self.rrule.upper()):
            raise ValueError("rrule must not contain DTSTART or UNTIL: use first_date and valid_until")
        return self


class ScreeningOccurrence(BaseModel):
    """One dated occurrence of a calendar event."""

    model_config = MODEL_CONFIG

    event_id: Annotated[str, bilingual("事件编号", "Event id")]
    region: Annotated[RegionId, bilingual("区划", "Region that declared the event")]
    kind: Annotated[EventKind, bilingual("事件类型", "Kind")]
    name_zh: Annotated[str, bilingual("中文名称", "Name in Chinese")]
    name_en: Annotated[str, bilingual("英文名称", "Name in English")]
    start: Annotated[date, bilingual("开始日期", "First day")]
    end: Annotated[date, bilingual("结束日期(含)", "Last day (inclusive)")]
    aspirational: Annotated[bool, bilingual("力争目标", "Aim rather than obligation")] = False
    citation: Annotated[Citation, bilingual("依据", "Citation")]
