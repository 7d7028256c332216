"""``xianjie plugins``: installed plugins with versions, regions, hooks and failures."""

from __future__ import annotations

from typing import Any

import click

from ._common import dump, registry_from

__all__ = ["command"]


@click.command("plugins")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def command(fmt: str) -> None:
    """List plugins (built-in regions register the same way as third-party ones)."""
    reg = registry_from((), False)
    pm = reg.plugin_set.pm
    rows: list[dict[str, Any]] = []
    for name, info in sorted(reg.plugin_set.plugins.items()):
        plugin = pm.get_plugin(name)
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or []) if plugin is not None else []
        regions = sorted(r for r, p in reg.region_plugin.items() if p == name)
        rows.append({"name": name, "distribution": info.distribution, "version": info.version,
                     "module": info.module, "regions": regions, "hooks": hooks})
    failures = [{"name": f.plugin, "error_type": f.error_type, "message": f.message,
                 "distribution": f.distribution, "version": f.version} for f in reg.failures]
    if fmt == "json":
        click.echo(dump({"plugins": rows, "failures": failures}))
        return
    for r in rows:
        click.echo(f"{r['name']} {r['version'] or ''} ({r['distribution'] or 'local'}; {r['module']})")
        click.echo(f"  regions: {', '.join(r['regions']) or '—'}")
        click.echo(f"  hooks:   {', '.join(r['hooks'])}")
    for f in failures:
        click.echo(f"FAILED {f['name']}: {f['error_type']}: {f['message']}")
