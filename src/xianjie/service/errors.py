"""Error responses in the CLI's format, ``{"format": "xianjie.error/1", "errors": [...]}``.

FastAPI's default 422 handler echoes the offending ``input``, which may be an identity number or a name; the
handlers here replace it and every other error body with field-named errors that never contain input values.
Body fields are named exactly as the CLI names them (``members.0.birth_date``); query and path parameters are
prefixed with where they came from (``query.on``, ``path.region``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from pydantic_core import InitErrorDetails
from starlette.exceptions import HTTPException

from ..errors import FieldError, InputError, field_errors

__all__ = [
    "ERROR_FORMAT", "CatchAllMiddleware", "UnknownRegion", "error_payload", "error_response",
    "http_exception_handler", "input_error_handler", "request_errors", "unknown_region_handler",
    "validation_error_handler",
]

ERROR_FORMAT = "xianjie.error/1"
log = logging.getLogger("xianjie.service")

_HTTP_TEXTS: dict[int, tuple[str, str, str]] = {
    404: ("not_found", "请求的资源不存在", "no such resource"),
    405: ("method_not_allowed", "不支持该请求方法", "method not allowed for this path"),
    406: ("not_acceptable", "无法提供所请求的格式", "cannot produce the requested format"),
    415: ("unsupported_media_type", "不支持的请求体格式", "unsupported request body media type"),
}


class UnknownRegion(Exception):
    """A path names a region no plugin declares: 404 naming ``path.region``."""


def error_payload(errors: Sequence[FieldError]) -> dict[str, Any]:
    """The JSON body of an error response."""
    return {"format": ERROR_FORMAT, "errors": [e.model_dump() for e in errors]}


def error_response(status: int, field: str, type_: str, message_zh: str, message_en: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """A one-error response."""
    err = FieldError(field=field, type=type_, message_zh=message_zh, message_en=message_en)
    return JSONResponse(error_payload([err]), status_code=status, headers=headers)


def _loc(loc: Sequence[Any], type_: str) -> tuple[Any, ...]:
    if type_ == "json_invalid" or not loc:
        return ()  # the position of a JSON syntax error is not a field: report the record, as the CLI does
    if loc[0] == "body":
        return tuple(loc[1:])
    return tuple(loc)


def _details(raw: Sequence[Any]) -> list[InitErrorDetails]:
    out: list[InitErrorDetails] = []
    for e in raw:
        d: InitErrorDetails = {"type": e["type"], "loc": _loc(e.get("loc", ()), e["type"]), "input": None}
        if e.get("ctx"):
            d["ctx"] = e["ctx"]
        out.append(d)
    return out


def request_errors(exc: RequestValidationError) -> list[FieldError]:
    """FastAPI's validation errors → :func:`xianjie.errors.field_errors`, so messages match the CLI's."""
    details = _details(exc.errors())
    try:
        return field_errors(ValidationError.from_exception_data("request", details, hide_input=True))
    except Exception:  # an error type pydantic cannot rebuild: convert one by one, generic text as fallback
        out: list[FieldError] = []
        for d in details:
            try:
                out.extend(field_errors(ValidationError.from_exception_data("request", [d], hide_input=True)))
            except Exception:
                out.append(FieldError(field=".".join(str(p) for p in d["loc"]) or "(record)",
                                      type=str(d["type"]), message_zh="取值无效", message_en="invalid value"))
        return out


async def validation_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    """422 with field-named errors and no input values (replaces FastAPI's echoing default)."""
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(error_payload(request_errors(exc)), status_code=422)


async def input_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    """A household the library refused (e.g. a region no plugin declares): 422, as the CLI's exit 1."""
    assert isinstance(exc, InputError)
    return JSONResponse(error_payload(exc.errors), status_code=422)


async def unknown_region_handler(_request: Request, exc: Exception) -> JSONResponse:
    """404 for a region no plugin declares."""
    return error_response(404, "path.region", "unknown_region", "未知的区划(没有插件声明该区划)",
                          "no plugin declares this region (see /v1/regions)")


async def http_exception_handler(_request: Request, exc: Exception) -> JSONResponse:
    """404, 405, 413... in the same error format."""
    assert isinstance(exc, HTTPException)
    from .limits import BodyTooLarge, body_too_large_texts

    headers = dict(exc.headers) if exc.headers else None
    if isinstance(exc, BodyTooLarge):
        return error_response(413, "(body)", "body_too_large", *body_too_large_texts(exc.limit), headers=headers)
    if exc.status_code == 400:
        # FastAPI's only 400: a body it could not decode as JSON (e.g. not UTF-8). Bad input is a 422, as a
        # JSON syntax error is, and named the same way.
        return error_response(422, "(record)", "json_invalid", "不是有效的JSON", "body is not valid UTF-8 JSON")
    type_, zh, en = _HTTP_TEXTS.get(exc.status_code, ("http_error", "请求无法处理", "request cannot be processed"))
    return error_response(exc.status_code, "(request)", type_, zh, en, headers=headers)


class CatchAllMiddleware:
    """Turn an unexpected exception into a 500 in the error format, and *swallow* it.

    Starlette's own last-resort handler re-raises after responding, and uvicorn then logs the traceback,
    whose exception message could quote input. Here the log gets the exception type and the route only.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            log.error("internal error %s on %s %s", type(exc).__name__, scope.get("method"), scope.get("path"))
            if not started:
                response = error_response(500, "(request)", "internal_error", "服务内部错误,请报告此问题",
                                           "internal error; please report it")
                await response(scope, receive, send)
