"""Body-size limit: 413 for a declared length over the limit, and for a chunked body as soon as the running
total passes it (the rest of the stream is never read)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import xianjie
from xianjie.service import DEFAULT_MAX_BODY_BYTES, create_app
from xianjie.service.limits import BodyLimitMiddleware
from xianjie.service.testserver import serve_in_thread

LIMIT = 2000
SMALL = {"household_id": "lim-1", "region": "CN", "members": [{"birth_date": "1980-01-01"}]}


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    app = create_app(xianjie.build_registry(autoload=False), max_body_bytes=LIMIT)
    with serve_in_thread(app) as base, httpx.Client(base_url=base, timeout=30) as c:
        yield c


def _assert_413(r: httpx.Response) -> None:
    assert r.status_code == 413
    body = r.json()
    assert body["format"] == "xianjie.error/1"
    assert [(e["field"], e["type"]) for e in body["errors"]] == [("(body)", "body_too_large")]
    assert str(LIMIT) in body["errors"][0]["message_en"]


def test_under_the_limit_is_served(client: httpx.Client) -> None:
    assert client.post("/v1/evaluate", params={"on": "2021-10-01"}, json=SMALL).status_code == 200


def test_declared_length_over_the_limit(client: httpx.Client) -> None:
    big = {**SMALL, "members": [{"birth_date": "1980-01-01", "relation": "head"}] * 60}
    payload = json.dumps(big).encode()
    assert len(payload) > LIMIT
    _assert_413(client.post("/v1/evaluate", content=payload, headers={"content-type": "application/json"}))
    _assert_413(client.post("/v1/evaluate/batch", content=b"\n".join([json.dumps(SMALL).encode()] * 40)))


def test_chunked_body_over_the_limit(client: httpx.Client) -> None:
    line = json.dumps(SMALL).encode() + b"\n"

    def chunks() -> Iterator[bytes]:  # no Content-Length: httpx sends Transfer-Encoding: chunked
        for _ in range(LIMIT // len(line) + 5):
            yield line

    r = client.post("/v1/evaluate/batch", content=chunks(), headers={"content-type": "application/x-ndjson"})
    assert "content-length" not in r.request.headers
    _assert_413(r)


def test_limit_is_enforced_while_reading_not_after() -> None:
    """Drive the ASGI app directly: the app must stop pulling body chunks once the limit is passed."""
    app = create_app(xianjie.build_registry(autoload=False), max_body_bytes=2500)
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 1000, "more_body": pulled < 100}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/v1/evaluate", "raw_path": b"/v1/evaluate", "query_string": b"",
             "root_path": "", "headers": [(b"content-type", b"application/json")],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 2)}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413
    assert pulled == 3  # 3000 bytes > 2500: stopped there, 97 chunks never read


def test_middleware_rejects_nonsense_limits() -> None:
    with pytest.raises(ValueError):
        BodyLimitMiddleware(lambda *a: None, 0)  # type: ignore[arg-type, return-value]
    assert DEFAULT_MAX_BODY_BYTES >= 1_000_000
