"""Personal identifiers never reach a log record, whatever the request does (valid, invalid, crashing)."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from typing import Any, NoReturn

import httpx
import pytest
from fastapi import FastAPI

import xianjie
from xianjie.service import create_app, log_config
from xianjie.service.testserver import serve_in_thread

ID_NUMBER = "11010519491231002X"
NAME = "李四保密"
HOUSEHOLD: dict[str, Any] = {
    "household_id": "priv-1", "region": "CN",
    "members": [{"birth_date": "1950-03-01", "relation": "head", "id_number": ID_NUMBER, "name": NAME}],
}
SERVICE_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "xianjie")


@pytest.fixture()
def records(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[logging.LogRecord]]:
    """Every record any logger passes to its handlers (after logger filters), whatever the handlers are."""
    seen: list[logging.LogRecord] = []
    original = logging.Logger.callHandlers

    def capture(self: logging.Logger, record: logging.LogRecord) -> None:
        seen.append(record)
        original(self, record)

    saved = {n: (lg.level, list(lg.handlers), list(lg.filters), lg.propagate)
             for n in SERVICE_LOGGERS for lg in [logging.getLogger(n)]}
    monkeypatch.setattr(logging.Logger, "callHandlers", capture)
    yield seen
    for n, (level, handlers, filters, propagate) in saved.items():
        lg = logging.getLogger(n)
        lg.setLevel(level)
        lg.handlers[:] = handlers
        lg.filters[:] = filters
        lg.propagate = propagate


def _app() -> FastAPI:
    app = create_app(xianjie.build_registry(autoload=False))

    def boom(payload: dict[str, Any]) -> NoReturn:  # a bug whose exception message quotes the input
        raise RuntimeError(f"cannot handle {payload}")

    app.add_api_route("/test-only/boom", boom, methods=["POST"], response_model=None)
    return app


def _text(record: logging.LogRecord) -> str:
    parts = [record.getMessage(), repr(record.args), record.name]
    if record.exc_info:
        parts.append("".join(traceback.format_exception(*record.exc_info)))
    return "\n".join(parts)


def test_identifiers_are_in_no_log_record(records: list[logging.LogRecord]) -> None:
    with serve_in_thread(_app(), log_config=log_config("debug"), log_level="debug") as base, \
            httpx.Client(base_url=base, timeout=30) as c:
        assert c.post("/v1/evaluate", params={"on": "2021-10-01"}, json=HOUSEHOLD).status_code == 200
        bad = {**HOUSEHOLD, "members": [{**HOUSEHOLD["members"][0], "birth_date": "not-a-date"}]}
        r = c.post("/v1/evaluate", json=bad)
        assert r.status_code == 422 and ID_NUMBER not in r.text and NAME not in r.text
        batch = "\n".join([f'{{"household_id": "priv-2", "region": "CN", "members": [{{"name": "{NAME}", '
                           f'"id_number": "{ID_NUMBER}", "sex": "?"}}]}}'] * 3)
        r = c.post("/v1/evaluate/batch", content=batch.encode())
        assert r.status_code == 200 and ID_NUMBER not in r.text and NAME not in r.text
        r = c.post("/v1/explain", params={"id_number": ID_NUMBER}, json=HOUSEHOLD)  # stray query parameter
        assert r.status_code == 200 and ID_NUMBER not in r.text
        r = c.post("/test-only/boom", json=HOUSEHOLD)
        assert r.status_code == 500
        assert r.json()["errors"][0]["type"] == "internal_error"
        assert ID_NUMBER not in r.text and "Traceback" not in r.text
    access = [r for r in records if r.name == "uvicorn.access"]
    assert len(access) >= 5  # the requests were logged, so the check below is not vacuous
    assert any("/test-only/boom" in _text(r) for r in access)
    assert any(r.name == "xianjie.service" and "RuntimeError" in r.getMessage() for r in records)
    leaked = [_text(r) for r in records if ID_NUMBER in _text(r) or NAME in _text(r)]
    assert leaked == []
