"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import FieldError, InputError, PluginError, XianjieError
from ..registry import Registry, build_registry

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "date_option", "dump", "emit_error", "params_option", "parse_date", "registry_from", "strict_option",
]


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("expected a date as YYYY-MM-DD") from None


def date_option(name: str = "--on", help: str = "Evaluation date, YYYY-MM-DD (default: today).") -> Callable[[F], F]:
    return click.option(name, "on", callback=parse_date, default=None, help=help)


def params_option(f: F) -> F:
    return click.option("--params", "params", multiple=True, type=click.Path(dir_okay=False),
                        help="Office-supplied parameter file (TOML or JSON); may be repeated.")(f)


def strict_option(f: F) -> F:
    return click.option("--strict-plugins", is_flag=True, default=False,
                        help="Treat any plugin failure as fatal (exit code 3).")(f)


def registry_from(params: tuple[str, ...] = (), strict: bool = False) -> Registry:
    """Build the registry for a command, turning failures into clean CLI errors."""
    try:
        reg = build_registry(params=[Path(p) for p in params], strict=strict)
    except PluginError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(3)
    except InputError as exc:
        for e in exc.errors:
            click.echo(f"error: {e.field}: {e.message_en} / {e.message_zh}", err=True)
        sys.exit(2)
    except XianjieError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for f in reg.failures:
        click.echo(f"warning: plugin {f.plugin!r} disabled ({f.error_type}): {f.message}", err=True)
    return reg


def dump(obj: Any) -> str:
    """JSON with Chinese kept readable."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=False, default=str)


def emit_error(line: int | None, errors: list[FieldError], household_id: str | None = None) -> str:
    """One JSON line describing an invalid record (never containing input values)."""
    return dump({"format": "xianjie.error/1", "line": line, "household_id": household_id,
                 "errors": [e.model_dump() for e in errors]})
