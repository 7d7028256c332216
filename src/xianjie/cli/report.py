"""``xianjie report``: a region's declared indicators computed over a population, against their targets."""

from __future__ import annotations

import json
import os
import sys
from datetime import date

import click

from . import EXIT_INVALID
from ._common import date_option, params_option, registry_from, strict_option

__all__ = ["command"]


@click.command("report")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--region", required=True, help="Region id: its indicators (and its ancestors'), over the "
              "households in it or below it.")
@date_option()
@params_option
@strict_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--input-format", type=click.Choice(["auto", "jsonl", "json", "csv", "parquet"]), default="auto",
              show_default=True, help="Input format (auto: by file suffix; stdin is JSON).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=50_000, show_default=True)
def command(file: str, region: str, on: date | None, params: tuple[str, ...], strict_plugins: bool, fmt: str,
            input_format: str, chunk_size: int) -> None:
    """Compute REGION's indicators over the households in FILE: each target, its value, whether it is met.

    Undetermined outcomes give a range instead of a value; a target is "met" only if met across the whole
    range. Indicators that household records cannot measure are listed as not computable. Exit code 1 if
    any record was invalid (left out and counted).
    """
    from ..batch.cli_errors import input_path, usage_errors
    from ..batch.engine import evaluate_columns
    from ..batch.io import detect_format
    from ..batch.report import IndicatorReport
    from ..batch.runner import iter_decoded

    path = input_path(file)
    in_fmt = detect_format(path) if input_format == "auto" else input_format
    reg = registry_from(params, strict_plugins)
    if region not in reg.regions:
        raise click.BadParameter(f"unknown region {region!r} (see `xianjie regions`)", param_hint="--region")
    when = on or date.today()
    acc = IndicatorReport(reg, region, reg.indicators_for(region))
    with usage_errors(path, in_fmt):
        for d in iter_decoded(path, in_fmt, chunk_size):  # type: ignore[arg-type]
            acc.add(evaluate_columns(d.population, on=when, registry=reg, valid=d.valid, threads=os.cpu_count() or 1))
    data = acc.to_json()
    data["on"] = when.isoformat()
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo(f"{when.isoformat()}  " + acc.render())
    if acc.invalid:
        click.echo(f"{acc.invalid} invalid record(s) left out; `xianjie evaluate --summary FILE` names them",
                   err=True)
        sys.exit(EXIT_INVALID)
