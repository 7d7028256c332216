"""``xianjie explain``: readable Chinese or English explanations (or the full decisions as JSON).

Reads the same inputs as ``xianjie evaluate`` — JSON, JSON lines, CSV or Parquet — so that after a
population run the explanation of any household is one command away: ``--household ID`` picks households
by id, found by a scan of the file (:mod:`xianjie.batch.lookup`) rather than by evaluating it all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date

import click

from ..engine import evaluate
from ..errors import InputError
from ..explain import render_text
from ..models import Household
from . import EXIT_INVALID
from ._common import date_option, params_option, registry_from, strict_option

__all__ = ["command"]


@click.command("explain")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--household", "households", multiple=True, metavar="ID",
              help="Explain only the household with this id (repeatable); the file is scanned, not evaluated.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Also list conclusions that are not eligible.")
@click.option("--format", "out_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: the explanation to read; json: the full decision, one JSON line per household.")
@click.option("--input-format", type=click.Choice(["auto", "jsonl", "json", "csv", "parquet"]), default="auto",
              show_default=True, help="Input format (auto: by file suffix; stdin is JSON).")
@date_option()
@params_option
@strict_option
def command(file: str, households: tuple[str, ...], lang: str, show_all: bool, out_format: str,
            input_format: str, on: date | None, params: tuple[str, ...], strict_plugins: bool) -> None:
    """Explain the decisions for the households in FILE, citing the clauses behind each conclusion.

    FILE is JSON, JSON lines, CSV or Parquet (the layouts of `xianjie evaluate`; - for JSON on stdin).
    Exit code 1 if a record was invalid or a --household was not found."""
    from ..batch.cli_errors import input_path, usage_errors
    from ..batch.io import detect_format

    path = input_path(file)
    fmt = detect_format(path) if input_format == "auto" else input_format
    if path == "-" and fmt in ("csv", "parquet"):
        raise click.BadParameter("CSV and Parquet input must be a file, not stdin", param_hint="FILE")
    reg = registry_from(params, strict_plugins)
    day = on or date.today()
    bad = 0
    with usage_errors(path, fmt):
        found: set[str] = set()
        for line_no, build in _records(path, fmt, households, found):
            try:
                d = evaluate(build(), on=day, registry=reg)
            except InputError as exc:
                bad += 1
                for e in exc.errors:
                    click.echo(f"line {line_no}: {e.field}: {e.message_zh if lang == 'zh' else e.message_en}",
                               err=True)
                continue
            if out_format == "json":
                click.echo(d.model_dump_json())
            else:
                click.echo(render_text(d, lang, only_relevant=not show_all))  # type: ignore[arg-type]
                click.echo("")
    missing = [i for i, h in enumerate(households, start=1) if h not in found]
    for i in missing:  # by position: the id is the caller's own, but ids are not echoed in messages
        click.echo(f"--household #{i}: no household with this id in {'stdin' if path == '-' else file}",
                   err=True)
    if bad or missing:
        sys.exit(EXIT_INVALID)


def _records(path: str, fmt: str, households: tuple[str, ...], found: set[str]
             ) -> Iterator[tuple[int, Callable[[], Household]]]:
    from ..batch.lookup import find_households, records_of

    if not households:
        yield from records_of(path, fmt)  # type: ignore[arg-type]
        return
    for hid, line_no, build in find_households(path, fmt, households):  # type: ignore[arg-type]
        found.add(hid)
        yield line_no, build
