"""Screening calendars: dateutil rrulesets (always with an explicit ``dtstart``) and iCalendar export.

Query with :func:`occurrences` ("what is due for region X between two dates", inherited events included);
export with :func:`to_ics`, which is byte-for-byte reproducible: UIDs are UUID5 of region and event id, and
DTSTAMP is a fixed timestamp you pass (default: the first day of the requested range).
"""

from __future__ import annotations

import calendar as _cal
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rruleset, rrulestr

from .models import CalendarEvent, ScreeningOccurrence

__all__ = ["build_rruleset", "occurrences", "parse_ics", "to_ics"]

_UID_NAMESPACE = uuid.UUID("6f1c1d4e-7a55-4f38-9d0a-3c9a0b8f5e21")


def build_rruleset(event: CalendarEvent) -> rruleset:
    """The event's dates as a dateutil rruleset. ``dtstart`` is the event's first date (never ``now()``)."""
    rs = rruleset(cache=True)
    start = datetime.combine(event.first_date, time())
    if event.rrule is None:
        rs.rdate(start)
    else:
        until = ";UNTIL=" + event.valid_until.strftime("%Y%m%dT000000") if event.valid_until else ""
        rs.rrule(rrulestr(event.rrule + until, dtstart=start))  # type: ignore[arg-type]
    return rs


def _end(event: CalendarEvent, start: date) -> date:
    end = start + timedelta(days=event.duration_days - 1)
    if event.duration_days >= 28:  # "in May": clip a month-long window to the month
        last = date(start.year, start.month, _cal.monthrange(start.year, start.month)[1])
        end = min(end, last)
    return end


def occurrences(events: Iterable[CalendarEvent], start: date, end: date) -> list[ScreeningOccurrence]:
    """Occurrences whose window overlaps ``start``..``end`` (inclusive), sorted by date then id."""
    out: list[ScreeningOccurrence] = []
    for ev in events:
        rs = build_rruleset(ev)
        lookback = datetime.combine(start - timedelta(days=ev.duration_days), time())
        for dt in rs.between(lookback, datetime.combine(end, time()), inc=True):
            s = dt.date()
            e = _end(ev, s)
            if e < start or s > end:
                continue
            out.append(ScreeningOccurrence(
                event_id=ev.id, region=ev.region, kind=ev.kind, name_zh=ev.name_zh, name_en=ev.name_en,
                start=s, end=e, aspirational=ev.aspirational, citation=ev.citation))
    return sorted(out, key=lambda o: (o.start, o.region, o.event_id))


def to_ics(occ: Iterable[ScreeningOccurrence], *, name: str, stamp: datetime | None = None) -> bytes:
    """An iCalendar file with one all-day event per occurrence; identical input gives identical bytes."""
    from icalendar import Calendar, Event

    items = list(occ)
    cal = Calendar()
    cal.add("prodid", "-//xianjie//screening calendar//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    fixed = stamp or datetime.combine(min((o.start for o in items), default=date(2021, 1, 1)), time())
    for o in items:
        ev = Event()
        ev.add("uid", f"{uuid.uuid5(_UID_NAMESPACE, f'{o.region}/{o.event_id}/{o.start.isoformat()}')}@xianjie")
        ev.add("dtstamp", fixed)
        ev.add("dtstart", o.start)
        ev.add("dtend", o.end + timedelta(days=1))  # DTEND is exclusive for all-day events
        ev.add("summary", f"{o.name_zh} / {o.name_en}")
        ev.add("description", f"依据 {o.citation.short()}" + (f"：{o.citation.quote_zh}" if o.citation.quote_zh else ""))
        ev.add("categories", [o.kind])
        ev.add("x-xianjie-event", o.event_id)
        ev.add("x-xianjie-region", o.region)
        cal.add_component(ev)
    return bytes(cal.to_ical())


def parse_ics(data: bytes) -> list[tuple[str, str, date, date]]:
    """Read back (region, event id, start, end inclusive) from an exported file (for round-trip checks)."""
    from icalendar import Calendar

    out = []
    for comp in Calendar.from_ical(data).walk("VEVENT"):
        start = comp.decoded("dtstart")
        end = comp.decoded("dtend") - timedelta(days=1)
        out.append((str(comp.get("x-xianjie-region")), str(comp.get("x-xianjie-event")), start, end))
    return sorted(out, key=lambda t: (t[2], t[0], t[1]))
