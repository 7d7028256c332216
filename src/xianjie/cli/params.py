"""``xianjie params REGION``: resolved parameter values, with citations and where each came from."""

from __future__ import annotations

from datetime import date

import click

from ._common import date_option, dump, params_option, registry_from, strict_option

__all__ = ["command"]


@click.command("params")
@click.argument("region")
@date_option()
@params_option
@strict_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--missing/--no-missing", default=True, show_default=True,
              help="Also list parameters the region's rules need that have no value in force (the office "
                   "must supply them).")
def command(region: str, on: date | None, params: tuple[str, ...], strict_plugins: bool, fmt: str,
            missing: bool) -> None:
    """Show the parameters in force for REGION on a date."""
    reg = registry_from(params, strict_plugins)
    if region not in reg.regions:
        raise click.BadParameter(f"unknown region {region!r} (see `xianjie regions`)", param_hint="REGION")
    when = on or date.today()
    resolved = reg.parameter_set(region, when)
    have = {p.key for p in resolved}
    # Only keys a rule in force here actually reads: a township's own parameter is not "missing" elsewhere.
    needed = {k for a in reg.rules_for(region, when)
              for k in a.item.condition.params() | (a.item.amount.params() if a.item.amount else set())}
    absent = [reg.specs[k] for k in sorted(needed - have)] if missing else []
    if fmt == "json":
        click.echo(dump({"region": region, "on": when.isoformat(), "chain": list(reg.chain(region)),
                         "parameters": [p.model_dump(mode="json") for p in resolved],
                         "missing": [{"key": s.key, "name_zh": s.name_zh, "name_en": s.name_en, "unit": s.unit}
                                     for s in absent]}))
        return
    r = reg.regions[region]
    click.echo(f"{r.name_zh} / {r.name_en} ({region}) on {when}; chain: {' → '.join(reg.chain(region))}")
    for p in resolved:
        over = f"; overrides {', '.join(f'{o.region}={o.value}' for o in p.overrode)}" if p.overrode else ""
        until = p.valid_until or "…"
        click.echo(f"  {p.key} = {p.value} {p.unit}  [{p.region}, {p.plugin}; {p.valid_from}–{until}; "
                   f"{p.citation.document} {p.citation.clause}{over}]")
    if absent:
        click.echo("  not configured (the deploying office must supply these; --params FILE):")
        for s in absent:
            click.echo(f"    {s.key} — {s.name_zh} / {s.name_en} ({s.unit})")
