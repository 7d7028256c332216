"""``xianjie import``: an office export (CSV/XLSX) in, validated households (JSON lines) out, with a report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import XianjieError
from ..intake import default_mapping, import_file, load_mapping
from . import EXIT_INVALID, EXIT_USAGE

__all__ = ["command"]


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--mapping", "mapping_path", default=None, type=click.Path(dir_okay=False),
              help="Mapping file (TOML, or YAML with PyYAML). Default: the shipped default mapping.")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False),
              help="Write households here as JSON lines (default: standard output).")
@click.option("--members", default=None, type=click.Path(dir_okay=False),
              help="Member file for the split layout when the export is two CSV files.")
@click.option("--region", default=None, help="Region id for every household (overrides the mapping's region).")
@click.option("--report", "report_path", default=None, type=click.Path(dir_okay=False),
              help="Also write the validation report as JSON to this file.")
def command(file: str, mapping_path: str | None, out: str | None, members: str | None, region: str | None,
            report_path: str | None) -> None:
    """Import households from FILE (CSV in UTF-8/GBK/GB18030/UTF-16, or XLSX).

    Households go to --out (or standard output) as JSON lines; the validation report (per row: sheet, row,
    column, field, problem in Chinese and English; identifiers masked) goes to standard error. A household
    with any bad row is rejected whole. Exit codes: 0 all imported, 1 some rows rejected, 2 usage error
    (unreadable file or encoding, mapping error, required columns missing).
    """
    try:
        mapping = load_mapping(mapping_path) if mapping_path else default_mapping()
        if region is not None:
            mapping = mapping.with_region(region)
        result = import_file(file, mapping, members=members)
    except XianjieError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    lines = "".join(h.model_dump_json(exclude_none=True) + "\n" for h in result.households)
    if out:
        Path(out).write_text(lines, encoding="utf-8")
    else:
        click.echo(lines, nl=False)
    if report_path:
        Path(report_path).write_text(result.report.to_json(), encoding="utf-8")
    click.echo(result.report.to_text(), err=True, nl=False)
    if not result.ok:
        sys.exit(EXIT_INVALID)
