"""Turning file and layout problems into clean CLI errors (exit code 2), never echoing input values."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..errors import XianjieError

__all__ = ["input_path", "usage_errors"]

EXIT_USAGE = 2


def input_path(file: str) -> str:
    """The FILE argument, checked to exist (``-`` is stdin)."""
    if file != "-" and not os.path.isfile(file):
        raise click.BadParameter(f"cannot read {file!r}: no such file", param_hint="FILE")
    return file


@contextmanager
def usage_errors(path: str, fmt: str) -> Iterator[None]:
    """Report layout, option and file errors on stderr and exit 2; let real bugs through (exit 4)."""
    try:
        yield
    except XianjieError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:  # the reader went away (`| head`): click ends quietly, as any CLI would
        raise
    except OSError as exc:
        click.echo(f"error: cannot read or write a file: {exc.strerror or exc or type(exc).__name__}", err=True)
        sys.exit(EXIT_USAGE)
    except Exception as exc:
        if type(exc).__module__.startswith("pyarrow"):
            # Arrow's parse messages can quote the offending row, i.e. input values: never echo them.
            click.echo(f"error: cannot parse {os.path.basename(path)} as {fmt} ({type(exc).__name__}); check "
                       "the file's structure (header, delimiters, quoting)", err=True)
            sys.exit(EXIT_USAGE)
        raise
