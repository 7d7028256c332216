"""``xianjie evaluate``: households in, one decision (or one error) per line out."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from typing import IO

import click
from pydantic import ValidationError

from ..engine import evaluate
from ..errors import FieldError, InputError, field_errors
from ..models import Household
from . import EXIT_INVALID
from ._common import date_option, emit_error, params_option, registry_from, strict_option

__all__ = ["command", "read_records"]


def read_records(stream: IO[str]) -> Iterator[tuple[int, str]]:
    """(line number, text) for each household: a JSON array, a single object, or JSON lines."""
    text = stream.read()
    stripped = text.lstrip()
    if stripped.startswith("["):
        import json

        try:
            items = json.loads(text)
        except ValueError:
            yield 1, text
            return
        for i, item in enumerate(items, start=1):
            yield i, json.dumps(item, ensure_ascii=False)
        return
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield n, line


def parse_household(line_no: int, raw: str, region: str | None) -> Household:
    """Validate one record; errors name the field, never the value."""
    try:
        h = Household.model_validate_json(raw)
    except ValidationError as exc:
        raise InputError(field_errors(exc), line=line_no) from None
    if region is not None and h.region != region:
        raise InputError([FieldError(field="region", type="region_mismatch",
                                     message_zh="记录的区划与 --region 不一致",
                                     message_en="record's region differs from --region")], line=line_no)
    return h


@click.command("evaluate")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--region", default=None, help="Only accept households of this region id.")
@date_option()
@params_option
@strict_option
@click.option("--explain/--no-explain", default=True, show_default=True,
              help="Include explanations (traces, inputs, parameters) in each decision.")
def command(file: IO[str], region: str | None, on: date | None, params: tuple[str, ...],
            strict_plugins: bool, explain: bool) -> None:
    """Evaluate households from FILE (JSON, JSON array or JSON lines; - for stdin).

    Writes one JSON line per household to stdout: a decision, or an error record naming the line and the
    field (never the value). Exit code 1 if any record was invalid.
    """
    reg = registry_from(params, strict_plugins)
    if region is not None and region not in reg.regions:
        raise click.BadParameter(f"unknown region {region!r} (see `xianjie regions`)", param_hint="--region")
    when = on or date.today()
    bad = 0
    out = sys.stdout
    for line_no, raw in read_records(file):
        try:
            h = parse_household(line_no, raw, region)
            d = evaluate(h, on=when, registry=reg, explain=explain)
        except InputError as exc:
            bad += 1
            out.write(emit_error(line_no, exc.errors) + "\n")
            continue
        out.write(d.model_dump_json() + "\n")
    if bad:
        click.echo(f"{bad} invalid record(s); see the error lines in the output", err=True)
        sys.exit(EXIT_INVALID)


