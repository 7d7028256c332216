"""``xianjie regions``: the region tree the installed plugins declare."""

from __future__ import annotations

import click

from ._common import dump, registry_from, strict_option

__all__ = ["command"]


@click.command("regions")
@strict_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def command(strict_plugins: bool, fmt: str) -> None:
    """List regions with their parents and the plugin that declares each."""
    reg = registry_from((), strict_plugins)
    if fmt == "json":
        click.echo(dump([{**r.model_dump(mode="json"), "plugin": reg.region_plugin[r.id]}
                         for r in reg.regions.values()]))
        return
    children: dict[str | None, list[str]] = {}
    for r in reg.regions.values():
        children.setdefault(r.parent, []).append(r.id)

    def show(rid: str, depth: int) -> None:
        r = reg.regions[rid]
        click.echo(f"{'  ' * depth}{r.id}  {r.name_zh} / {r.name_en}  ({r.level}; {reg.region_plugin[rid]})")
        for c in sorted(children.get(rid, [])):
            show(c, depth + 1)

    for root in sorted(children.get(None, [])):
        show(root, 0)
