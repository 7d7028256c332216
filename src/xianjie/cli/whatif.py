"""``xianjie whatif``: a population under two parameter sets, and who gains or loses what."""

from __future__ import annotations

import json
import os
import sys
from datetime import date

import click

from . import EXIT_INVALID
from ._common import date_option, registry_from, strict_option

__all__ = ["command"]


@click.command("whatif")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--params", "params", multiple=True, type=click.Path(dir_okay=False),
              help="Parameter file(s) of the base scenario; may be repeated.")
@click.option("--vs", "vs", multiple=True, type=click.Path(dir_okay=False), required=True,
              help="Parameter file(s) of the alternative scenario; may be repeated.")
@date_option()
@strict_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--input-format", type=click.Choice(["auto", "jsonl", "json", "csv", "parquet"]), default="auto",
              show_default=True, help="Input format (auto: by file suffix; stdin is JSON).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=50_000, show_default=True)
def command(file: str, params: tuple[str, ...], vs: tuple[str, ...], on: date | None, strict_plugins: bool,
            fmt: str, input_format: str, chunk_size: int) -> None:
    """Evaluate FILE under --params (base) and --vs (alternative) and report the differences.

    Per rule: households newly included and newly excluded, per region and per cohort (cohort as under the
    base), and the change in the total amount, exact to the fen. Exit code 1 if any record was invalid
    (invalid records are left out of the comparison and counted).
    """
    from ..batch.cli_errors import input_path, usage_errors
    from ..batch.engine import evaluate_columns
    from ..batch.io import detect_format
    from ..batch.runner import iter_decoded
    from ..batch.whatif import WhatIf

    path = input_path(file)
    in_fmt = detect_format(path) if input_format == "auto" else input_format
    base = registry_from(params, strict_plugins)
    alt = registry_from(vs, strict_plugins)
    when = on or date.today()
    acc = WhatIf()
    with usage_errors(path, in_fmt):
        for d in iter_decoded(path, in_fmt, chunk_size):  # type: ignore[arg-type]
            b = evaluate_columns(d.population, on=when, registry=base, valid=d.valid, threads=os.cpu_count() or 1)
            a = evaluate_columns(d.population, on=when, registry=alt, valid=d.valid, threads=os.cpu_count() or 1)
            acc.add(b, a)
    if fmt == "json":
        click.echo(json.dumps(acc.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(acc.render())
    if acc.invalid:
        click.echo(f"{acc.invalid} invalid record(s) left out; `xianjie evaluate --summary FILE` names them",
                   err=True)
        sys.exit(EXIT_INVALID)
