"""The ``xianjie`` command line (click).

Each subcommand lives in its own module in this package and exposes ``command`` (a click command); modules
are discovered here, so adding a command means adding a module. Exit codes (documented in docs/cli.md):

* 0 — success;
* 1 — some records were invalid (each reported on its own output line / stderr);
* 2 — usage error (bad option, unknown region, unreadable file);
* 3 — plugin failure with ``--strict-plugins``;
* 4 — internal error (a bug: please report it).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from .._version import __version__

__all__ = ["EXIT_INVALID", "EXIT_PLUGIN", "EXIT_USAGE", "main"]

EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_PLUGIN = 3
EXIT_INTERNAL = 4


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="xianjie")
def cli() -> None:
    """xianjie (衔接): transition-period rural support policy as explainable rules."""


for _mod in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
    _command = getattr(importlib.import_module(f"{__name__}.{_mod}"), "command", None)
    if isinstance(_command, click.Command):
        cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the CLI and turns unexpected exceptions into exit code 4 without a traceback."""
    from ..errors import XianjieError

    try:
        cli.main(args=argv, prog_name="xianjie", standalone_mode=True)
    except XianjieError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except Exception as exc:
        click.echo(f"internal error ({type(exc).__name__}); please report it with the command you ran",
                   err=True)
        sys.exit(EXIT_INTERNAL)
