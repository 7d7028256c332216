"""``xianjie calendar REGION``: screening events due in a year or a date range, with citations."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import click

from ..calendars import occurrences, to_ics
from ._common import dump, parse_date, registry_from, strict_option

__all__ = ["command"]


@click.command("calendar")
@click.argument("region")
@click.option("--year", type=click.IntRange(2000, 2100), default=None, help="Calendar year (default: this year).")
@click.option("--from", "start", callback=parse_date, default=None, help="Start of a date range (YYYY-MM-DD).")
@click.option("--to", "end", callback=parse_date, default=None, help="End of a date range, inclusive.")
@click.option("--ics", "ics", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write an iCalendar file (identical input gives an identical file).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@strict_option
def command(region: str, year: int | None, start: date | None, end: date | None, ics: str | None, fmt: str,
            strict_plugins: bool) -> None:
    """List the screening events due for REGION (its own and those inherited from parent regions)."""
    reg = registry_from((), strict_plugins)
    if region not in reg.regions:
        raise click.BadParameter(f"unknown region {region!r} (see `xianjie regions`)", param_hint="REGION")
    if (start is None) != (end is None):
        raise click.UsageError("--from and --to go together")
    if start is None or end is None:
        y = year or date.today().year
        start, end = date(y, 1, 1), date(y, 12, 31)
    elif year is not None:
        raise click.UsageError("use either --year or --from/--to")
    if end < start:
        raise click.UsageError("--to is before --from")
    occ = occurrences(reg.events_for(region), start, end)
    if ics:
        Path(ics).write_bytes(to_ics(occ, name=f"xianjie {region} {start}–{end}",
                                     stamp=datetime.combine(start, time())))
    if fmt == "json":
        click.echo(dump([o.model_dump(mode="json") for o in occ]))
        return
    name = reg.regions[region]
    click.echo(f"{name.name_zh} / {name.name_en} ({region}): {start} – {end}, {len(occ)} event(s)")
    for o in occ:
        span = o.start.isoformat() if o.start == o.end else f"{o.start} – {o.end}"
        aim = " [力争 / aim]" if o.aspirational else ""
        click.echo(f"  {span}  {o.name_zh} / {o.name_en}{aim}  ({o.region}; {o.citation.document} "
                   f"{o.citation.clause})")
