"""``xianjie evaluate``: households in, one decision / summary (or one error) per record out.

JSON and JSON-lines input gives full decisions by default (the per-household path, explained); CSV and
Parquet input (the flat layout of docs/batch.md) gives compact summaries from the columnar engine by
default. ``--summary`` / ``--decisions`` choose explicitly. Large inputs stream in chunks, evaluated in
threads (summaries) or a process pool (full decisions); ``--out DIR --resume`` makes a run resumable.
"""

from __future__ import annotations

import os
import sys
from datetime import date

import click

from ..records import parse_household, read_records
from . import EXIT_INVALID
from ._common import date_option, params_option, registry_from, strict_option

__all__ = ["command", "parse_household", "read_records"]


@click.command("evaluate")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--region", default=None, help="Only accept households of this region id.")
@date_option()
@params_option
@strict_option
@click.option("--explain/--no-explain", default=True, show_default=True,
              help="Include explanations (traces, inputs, parameters) in each full decision.")
@click.option("--summary", "mode", flag_value="summary", default=None,
              help="Compact per-household records from the columnar engine (default for CSV/Parquet).")
@click.option("--decisions", "mode", flag_value="decisions",
              help="Full decisions from the per-household engine (default for JSON input).")
@click.option("--input-format", type=click.Choice(["auto", "jsonl", "json", "csv", "parquet"]), default="auto",
              show_default=True, help="Input format (auto: by file suffix; stdin is JSON).")
@click.option("--format", "out_format", type=click.Choice(["jsonl", "parquet"]), default="jsonl",
              show_default=True, help="Output format (parquet needs --out).")
@click.option("--out", type=click.Path(allow_dash=False), default=None,
              help="Output file (or directory with --resume/--chunked); default stdout.")
@click.option("--chunked", is_flag=True, default=False,
              help="Write --out as a directory of chunk files plus manifest.json.")
@click.option("--resume", is_flag=True, default=False,
              help="Continue an interrupted --out DIR run, skipping finished chunks (implies --chunked).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=20_000, show_default=True,
              help="Households per chunk (the unit of streaming, parallel work and resumption).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Parallel workers: threads for summaries, processes for --decisions (default: the "
                   "number of CPUs; at most 2×jobs+1 chunks in flight).")
@click.option("--progress/--no-progress", default=None,
              help="Progress on stderr (default: only when stderr is a terminal).")
def command(file: str, region: str | None, on: date | None, params: tuple[str, ...], strict_plugins: bool,
            explain: bool, mode: str | None, input_format: str, out_format: str, out: str | None,
            chunked: bool, resume: bool, chunk_size: int, jobs: int | None, progress: bool | None) -> None:
    """Evaluate households from FILE: JSON lines, a JSON array, CSV or Parquet (- for JSON on stdin).

    Writes one record per household, in input order: a decision (or, with --summary, a compact record of
    every rule's outcome and amount), or an error record naming the line and the field (never the value).
    Exit code 1 if any record was invalid.
    """
    from ..batch.cli_errors import input_path, usage_errors
    from ..batch.io import detect_format
    from ..batch.runner import RunSettings, run

    path = input_path(file)
    fmt = detect_format(path) if input_format == "auto" else input_format
    if path == "-" and fmt in ("csv", "parquet"):
        raise click.BadParameter("CSV and Parquet input must be a file, not stdin", param_hint="FILE")
    if out_format == "parquet" and out is None:
        raise click.BadParameter("--format parquet needs --out PATH", param_hint="--format")
    reg = registry_from(params, strict_plugins)
    if region is not None and region not in reg.regions:
        raise click.BadParameter(f"unknown region {region!r} (see `xianjie regions`)", param_hint="--region")
    chosen = mode or ("decisions" if fmt in ("json", "jsonl") else "summary")
    settings = RunSettings(on=on or date.today(), params=tuple(params), strict=strict_plugins,
                           mode=chosen,  # type: ignore[arg-type]
                           explain=explain, region=region, out_format=out_format)  # type: ignore[arg-type]
    with usage_errors(path, fmt):
        stats = run(path, fmt, settings, reg, out=out, chunk_size=chunk_size,  # type: ignore[arg-type]
                    jobs=jobs or (os.cpu_count() or 1), resume=resume, out_dir=chunked,
                    progress=sys.stderr.isatty() if progress is None else progress)
    if stats.skipped_chunks:
        click.echo(f"resumed: {stats.skipped_chunks} finished chunk(s) skipped", err=True)
    if stats.invalid:
        click.echo(f"{stats.invalid} invalid record(s); see the error lines in the output", err=True)
        sys.exit(EXIT_INVALID)
