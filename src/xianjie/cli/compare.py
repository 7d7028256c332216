"""``xianjie compare``: households against department extracts (部门信息比对), disagreements with citations."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from pydantic import ValidationError

from ..errors import XianjieError, field_errors
from ..intake.compare import EXTRACT_KINDS, compare
from ..models import Household
from ..records import read_records
from . import EXIT_INVALID, EXIT_USAGE

__all__ = ["command"]


def _parse_with(value: str) -> tuple[str | None, str]:
    kind, sep, path = value.partition("=")
    if sep and kind in EXTRACT_KINDS:
        return kind, path
    if sep and not Path(value).exists():
        raise click.BadParameter(f"unknown extract kind {kind!r}; one of {', '.join(EXTRACT_KINDS)}",
                                 param_hint="--with")
    return None, value


def _households(path: str) -> list[Household]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise XianjieError(f"cannot read {Path(path).name}: {type(exc).__name__}") from None
    import io

    out: list[Household] = []
    for line_no, raw in read_records(io.StringIO(text)):
        try:
            out.append(Household.model_validate_json(raw))
        except ValidationError as exc:
            fields = "; ".join(f"{e.field}: {e.message_en}" for e in field_errors(exc))
            raise XianjieError(f"{Path(path).name} line {line_no}: {fields}") from None
    return out


@click.command("compare")
@click.argument("households", type=click.Path(dir_okay=False))
@click.option("--with", "extracts", multiple=True, required=True, metavar="[KIND=]PATH",
              help="A department extract (CSV/XLSX); repeatable. KIND is one of "
                   + ", ".join(EXTRACT_KINDS) + "; without it the kind is recognised from the headers.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def command(households: str, extracts: tuple[str, ...], fmt: str) -> None:
    """Compare HOUSEHOLDS (JSON lines, e.g. from `xianjie import`) with department extracts.

    Reports every disagreement (risk, data_error, or unrecorded in the household file) with the clause that
    makes it matter. People are matched by id number in memory (keyed hashes) and shown only masked. Exit
    codes: 0 no disagreement, 1 disagreements found, 2 usage error.
    """
    try:
        pairs = [_parse_with(v) for v in extracts]
        report = compare(_households(households), pairs)
    except XianjieError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if fmt == "json":
        click.echo(report.model_dump_json(indent=2))
    else:
        click.echo(report.to_text(), nl=False)
    if report.findings:
        sys.exit(EXIT_INVALID)
