"""Request-size limit enforced while the body streams in, not after it has been buffered.

A pure ASGI middleware: a declared ``Content-Length`` over the limit is refused before the app runs; otherwise
``receive`` is wrapped and counts bytes as they arrive, raising :class:`BodyTooLarge` (an HTTP 413) as soon as
the running total passes the limit, so an oversized chunked upload is never held in memory whole.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

__all__ = ["BodyLimitMiddleware", "BodyTooLarge", "body_too_large_texts"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(HTTPException):
    """The request body exceeds the configured limit (rendered as a ``xianjie.error/1`` 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"request body exceeds {limit} bytes")
        self.limit = limit


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_body_bytes`` with 413, counting while reading."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        if max_body_bytes < 1:
            raise ValueError("max_body_bytes must be positive")
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > limit:
                    await _refuse(scope, receive, send, limit)
                    return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited_receive, send)


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    """Answer 413 without calling the app (the declared length is already too big)."""
    from .errors import error_response

    response = error_response(413, "(body)", "body_too_large", *body_too_large_texts(limit))
    await response(scope, receive, send)


def body_too_large_texts(limit: int) -> tuple[str, str]:
    """Chinese and English messages for a 413 (shared by both refusal paths)."""
    return (f"请求体过大(上限 {limit} 字节);请分批提交",
            f"request body exceeds the limit of {limit} bytes; split the batch")
