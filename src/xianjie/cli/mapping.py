"""``xianjie mapping``: draft a mapping from a file's headers, print the default, check a mapping."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import XianjieError
from ..intake import default_mapping_text, draft_mapping, load_mapping, read_file
from . import EXIT_USAGE

__all__ = ["command"]


@click.group("mapping")
def command() -> None:
    """Mappings for `xianjie import` (which column feeds which field, and code tables)."""


@command.command("init")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--out", default=None, type=click.Path(dir_okay=False), help="Write the draft here (default: stdout).")
def init(file: str, out: str | None) -> None:
    """Draft a mapping from FILE's headers (known Chinese header synonyms; unknown headers as comments)."""
    try:
        text = draft_mapping(read_file(file), source=Path(file).name)
    except XianjieError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@command.command("default")
def default() -> None:
    """Print the shipped default mapping (TOML)."""
    click.echo(default_mapping_text(), nl=False)


@command.command("check")
@click.argument("mapping", type=click.Path(dir_okay=False))
def check(mapping: str) -> None:
    """Load MAPPING and report any error (exit code 2), or print a one-line summary."""
    try:
        m = load_mapping(mapping)
    except XianjieError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"ok: {len(m.fields)} fields, layout {m.rows}, "
               f"region {'value ' + m.region_value if m.region_value else 'column ' + str(m.region_column)}")
