"""``xianjie screen``: the worklist of a screening run (who to visit, review, close, include) for a region."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import IO

import click
from pydantic import ValidationError

from ..errors import FieldError, field_errors
from ..lifecycle import Case, Worklist, screen
from ..models import Household
from ..records import read_records
from . import EXIT_INVALID
from ._common import date_option, dump, emit_error, params_option, registry_from, strict_option

__all__ = ["command", "render_table"]


def _parse(line_no: int, raw: str) -> Case | Household:
    """A record with an ``events`` key is a case; anything else a household. Errors never echo values."""
    try:
        data = json.loads(raw)
    except ValueError:
        raise _Bad(line_no, [FieldError(field="(record)", type="json_invalid", message_zh="不是有效的JSON",
                                        message_en="not valid JSON")], None) from None
    model: type[Case] | type[Household] = Case if isinstance(data, dict) and "events" in data else Household
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        hid = data.get("household_id") if isinstance(data, dict) else None
        raise _Bad(line_no, field_errors(exc), hid if isinstance(hid, str) else None) from None


class _Bad(Exception):
    def __init__(self, line: int, errors: list[FieldError], household_id: str | None) -> None:
        self.line, self.errors, self.household_id = line, errors, household_id


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def _pad(s: str, n: int) -> str:
    return s + " " * max(0, n - _width(s))


def render_table(wl: Worklist) -> str:
    """A readable table: one row per item, the first reason in Chinese and English, the clauses cited."""
    head = f"排查 / screening run: region {wl.region}, {wl.on} (channel {wl.channel}, due up to {wl.horizon})"
    lines = [head]
    if wl.occurrence:
        o = wl.occurrence
        lines.append(f"日程 / calendar: {o.name_zh} / {o.name_en} {o.start} – {o.end} "
                     f"({o.citation.short()})")
    elif wl.next_occurrence:
        o = wl.next_occurrence
        lines.append(f"无日程覆盖当日；下次 / next: {o.name_zh} / {o.name_en} {o.start} ({o.citation.short()})")
    rows = [("household", "action", "due", "stage", "reason / 理由", "clauses / 依据")]
    for it in wl.items:
        r = it.reasons[0]
        cites = "; ".join(dict.fromkeys(c.short() for rr in it.reasons for c in rr.citations))
        due = it.due.isoformat() if it.due else ("undetermined" if not it.determined else "-")
        if not it.determined and it.due:
            due += " (undetermined)"
        rows.append((it.household_id, it.action, due, it.stage or "-", f"{r.text_zh} / {r.text_en}", cites))
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        lines.append("  ".join(_pad(c, widths[i]) for i, c in enumerate(row[:4])) + "  " + row[4] + "  [" + row[5] + "]")
    for e in wl.errors:
        where = f"events[{e.event_index}] ({e.event_type}): " if e.event_index is not None else ""
        lines.append(f"error {e.household_id}: {where}{e.message_en} / {e.message_zh}")
    lines.append(f"{len(wl.items)} item(s), {len(wl.errors)} case error(s)")
    return "\n".join(lines)


def _jsonl(wl: Worklist) -> Iterable[str]:
    header = wl.model_dump(mode="json", exclude={"items", "errors"})
    yield dump({"format": "xianjie.worklist/1", **header, "item_count": len(wl.items),
                "error_count": len(wl.errors)})
    for it in wl.items:
        yield it.model_dump_json()
    for e in wl.errors:
        field = f"events.{e.event_index}" if e.event_index is not None else "region"
        yield emit_error(None, [FieldError(field=field, type="lifecycle_sequence", message_zh=e.message_zh,
                                           message_en=e.message_en)], e.household_id)


@click.command("screen")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--region", required=True, help="Region id of the screening run (records may be in sub-regions).")
@date_option(help="Run date, YYYY-MM-DD (default: today); picks the calendar occurrence covering it.")
@click.option("--cases", "cases_file", type=click.File("r", encoding="utf-8"), default=None,
              help="Extra JSON lines of cases (monitoring histories), joined to FILE by household_id.")
@params_option
@strict_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option("--defer-no-labour/--no-defer-no-labour", "defer", default=None,
              help="暂不标注风险消除 for households without labour capacity (default: the region's "
                   "monitoring.defer_elimination_without_labour parameter if set, else off).")
def command(file: IO[str], region: str, on: date | None, cases_file: IO[str] | None, params: tuple[str, ...],
            strict_plugins: bool, fmt: str, defer: bool | None) -> None:
    """Screening worklist for REGION from FILE: JSON lines of households and/or cases (a record with an
    ``events`` key is a case). Households are checked for risks (inclusion candidates); cases are replayed
    (visits, elimination reviews, tracking ends, 低保 exits). Output: a header line, one line per work item,
    then error lines (format xianjie.error/1); ``--format table`` prints a readable table instead.
    Exit code 1 if any record or case was invalid.
    """
    reg = registry_from(params, strict_plugins)
    if region not in reg.regions:
        raise click.BadParameter(f"unknown region {region!r} (see `xianjie regions`)", param_hint="--region")
    households: list[Household] = []
    cases: list[Case] = []
    bad: list[_Bad] = []
    for stream in (file, cases_file):
        if stream is None:
            continue
        for line_no, raw in read_records(stream):
            try:
                rec = _parse(line_no, raw)
            except _Bad as exc:
                bad.append(exc)
                continue
            (cases if isinstance(rec, Case) else households).append(rec)  # type: ignore[arg-type]
    wl = screen(households, cases, region=region, on=on or date.today(), registry=reg, defer_without_labour=defer)
    out = sys.stdout
    for b in bad:
        msg = emit_error(b.line, b.errors, b.household_id)
        if fmt == "jsonl":
            out.write(msg + "\n")
        else:
            click.echo(msg, err=True)
    if fmt == "table":
        out.write(render_table(wl) + "\n")
    else:
        for line in _jsonl(wl):
            out.write(line + "\n")
    if bad or wl.errors:
        click.echo(f"{len(bad) + len(wl.errors)} invalid record(s)/case(s); see the error lines", err=True)
        sys.exit(EXIT_INVALID)
