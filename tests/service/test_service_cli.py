"""``xianjie serve``: the real command in a subprocess, plus its error paths (exit codes as in docs/cli.md)."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from xianjie.cli import cli
from xianjie.service import DEFAULT_MAX_BODY_BYTES

ID_NUMBER = "11010519491231002X"


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_subprocess_end_to_end(stop: signal.Signals) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", "from xianjie.cli import main; main()", "serve", "--host", "127.0.0.1",
         "--port", "0", "--max-body-bytes", "3000", "--log-level", "debug"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    lines: list[str] = []
    ready = threading.Event()

    def drain() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if "listening on http://" in line:
                ready.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        assert ready.wait(30), "".join(lines)
        base = next(x for x in lines if "listening on" in x).split("listening on ")[1].split(" ")[0]
        assert base.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=base, timeout=30) as c:
            assert c.get("/health").json() == {"status": "ok"}
            household = {"household_id": "cli-1", "region": "CN",
                         "members": [{"birth_date": "1950-01-01", "id_number": ID_NUMBER}]}
            r = c.post("/v1/evaluate", params={"on": "2021-10-01", "explain": "false"}, json=household)
            assert r.status_code == 200 and r.json()["household_id"] == "cli-1"
            r = c.post("/v1/evaluate/batch", content=(json.dumps(household) + "\n").encode() * 40)
            assert r.status_code == 413  # --max-body-bytes took effect
            assert "CN" in {x["id"] for x in c.get("/v1/regions").json()}
    finally:
        proc.send_signal(stop)
        try:
            code = proc.wait(30)
        finally:
            proc.kill()
        reader.join(5)
    assert code == 0, "".join(lines)
    log = "".join(lines)
    assert '"POST /v1/evaluate HTTP/1.1" 200' in log  # access log written, without the query string
    assert "on=2021-10-01" not in log and ID_NUMBER not in log


def test_missing_extra_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)  # import fastapi → ImportError
    result = CliRunner().invoke(cli, ["serve", "--port", "0"])
    assert result.exit_code == 2
    assert "pip install 'xianjie[service]'" in result.output
    assert "Traceback" not in result.output


@pytest.fixture()
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Error-path tests must never start serving (which would block the test run)."""
    import uvicorn

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("the server was started")

    monkeypatch.setattr(uvicorn.Server, "run", refuse)


@pytest.mark.usefixtures("no_server")
def test_port_in_use_is_a_usage_error() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        started = time.monotonic()
        result = CliRunner().invoke(cli, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert time.monotonic() - started < 30


@pytest.mark.usefixtures("no_server")
def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["serve", "--max-body-bytes", "0"]).exit_code == 2
    assert runner.invoke(cli, ["serve", "--port", "70000"]).exit_code == 2
    missing = tmp_path / "nope.toml"
    result = runner.invoke(cli, ["serve", "--port", "0", "--params", str(missing)])
    assert result.exit_code == 2 and "error:" in result.output


def test_defaults_and_help() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert str(DEFAULT_MAX_BODY_BYTES) in result.output
    for option in ("--host", "--port", "--params", "--max-body-bytes", "--strict-plugins", "--log-level"):
        assert option in result.output
    assert "127.0.0.1" in result.output
