"""``xianjie serve``: the HTTP/JSON service for systems not written in Python (needs ``xianjie[service]``).

FastAPI and uvicorn are imported only when the command runs, so the rest of the CLI works without the extra
and this command can say exactly what to install. The listening socket is bound here, before uvicorn starts,
so an address in use is a usage error (exit 2) with a clear message rather than uvicorn's exit 1, which the
CLI reserves for invalid records.
"""

from __future__ import annotations

import signal
import socket
import sys
from types import FrameType

import click

from ..service import DEFAULT_MAX_BODY_BYTES  # the package itself imports nothing from FastAPI
from . import EXIT_USAGE
from ._common import params_option, registry_from, strict_option

__all__ = ["bind", "command"]



def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0 picks a free port)."""
    try:
        family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                          flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise click.BadParameter(f"cannot resolve host {host!r}: {exc.strerror}", param_hint="--host") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; put a TLS-terminating proxy in front to expose it).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="TCP port (0 picks a free one and prints it).")
@params_option
@strict_option
@click.option("--max-body-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BODY_BYTES, show_default=True,
              help="Refuse request bodies larger than this with HTTP 413 (checked while reading).")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True, help="Log level (bodies and query strings are never logged).")
def command(host: str, port: int, params: tuple[str, ...], strict_plugins: bool, max_body_bytes: int,
            log_level: str) -> None:
    """Run the HTTP/JSON service (OpenAPI document at /openapi.json, interactive docs at /docs)."""
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError:
        click.echo("error: `xianjie serve` needs the optional service dependencies; install them with\n"
                   "    pip install 'xianjie[service]'", err=True)
        sys.exit(EXIT_USAGE)
    from ..service import create_app, log_config

    reg = registry_from(params, strict_plugins)
    app = create_app(reg, max_body_bytes=max_body_bytes)
    sock = bind(host, port)
    actual = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"xianjie service listening on http://{shown}:{actual} (docs: /docs; Ctrl-C stops it)", err=True)
    config = uvicorn.Config(app, log_config=log_config(log_level), log_level=log_level, access_log=True,
                            server_header=False, proxy_headers=False)
    # uvicorn shuts down gracefully on SIGINT/SIGTERM, then re-raises the signal; a requested stop is a normal
    # end (exit 0), not click's "Aborted!" (exit 1) or death by signal.
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()
    click.echo("xianjie service stopped", err=True)


def _stop(_sig: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt
