"""``xianjie explain``: readable Chinese or English explanations."""

from __future__ import annotations

from datetime import date
from typing import IO

import click

from ..engine import evaluate
from ..errors import InputError
from ..explain import render_text
from ..records import parse_household, read_records
from . import EXIT_INVALID
from ._common import date_option, params_option, registry_from, strict_option

__all__ = ["command"]


@click.command("explain")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Also list conclusions that are not eligible.")
@date_option()
@params_option
@strict_option
def command(file: IO[str], lang: str, show_all: bool, on: date | None, params: tuple[str, ...],
            strict_plugins: bool) -> None:
    """Explain the decisions for the households in FILE, citing the clauses behind each conclusion."""
    reg = registry_from(params, strict_plugins)
    bad = 0
    for line_no, raw in read_records(file):
        try:
            d = evaluate(parse_household(line_no, raw, None), on=on or date.today(), registry=reg)
        except InputError as exc:
            bad += 1
            for e in exc.errors:
                click.echo(f"line {line_no}: {e.field}: {e.message_zh if lang == 'zh' else e.message_en}", err=True)
            continue
        click.echo(render_text(d, lang, only_relevant=not show_all))  # type: ignore[arg-type]
        click.echo("")
    if bad:
        raise SystemExit(EXIT_INVALID)
