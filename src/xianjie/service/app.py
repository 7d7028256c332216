"""The FastAPI application: routes, error handlers, the body-size limit and the OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from .._version import __version__
from ..errors import InputError
from ..registry import Registry
from . import DEFAULT_MAX_BODY_BYTES
from .errors import (
    CatchAllMiddleware,
    UnknownRegion,
    http_exception_handler,
    input_error_handler,
    unknown_region_handler,
    validation_error_handler,
)
from .limits import BodyLimitMiddleware
from .routes import TAGS, build_router
from .schemas import BatchErrorLine

__all__ = ["create_app"]

DESCRIPTION = """\
巩固拓展脱贫攻坚成果同乡村振兴有效衔接政策规则服务:判定农户的群体认定、风险与帮扶措施,每项结论附政策依据。

HTTP/JSON service for China's 2021-2025 transition-period rural support policy: evaluates households
(cohorts, risks, support measures), each conclusion cited to the clause behind it.

错误格式 / Errors: `{"format": "xianjie.error/1", "errors": [{"field", "type", "message_zh", "message_en"}]}`;
never containing the values sent.
"""


def create_app(registry: Registry, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> FastAPI:
    """Build the application for ``registry``; ``max_body_bytes`` bounds every request body (413 beyond)."""
    app = FastAPI(title="xianjie 衔接 — 过渡期帮扶政策规则服务 / transition-period rural support rules service",
                  version=__version__, description=DESCRIPTION, openapi_tags=TAGS)
    app.include_router(build_router(registry))
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(InputError, input_error_handler)
    app.add_exception_handler(UnknownRegion, unknown_region_handler)
    app.add_exception_handler(HTTPException, http_exception_handler)
    # Added last = outermost: the size limit sits outside the catch-all, which sits outside the routes.
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=max_body_bytes)
    _document_batch_body(app)
    return app


def _document_batch_body(app: FastAPI) -> None:
    """The batch route reads its body itself (to accept JSON lines), so FastAPI cannot describe it: add the
    request body to the generated document, reusing the exact Household schema of ``/v1/evaluate``."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        doc = generate()
        household = doc["paths"]["/v1/evaluate"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        doc["paths"]["/v1/evaluate/batch"]["post"]["requestBody"] = {
            "required": True,
            "description": "农户数组或每行一户的JSON Lines / A JSON array of households, or JSON lines",
            "content": {
                "application/json": {"schema": {"type": "array", "items": household}},
                "application/x-ndjson": {"schema": {
                    "type": "string", "description": "每行一个 Household 对象 / One Household object per line"}},
            },
        }
        # Each line of the batch response is one of these two (OpenAPI cannot type JSON lines directly).
        schemas = doc["components"]["schemas"]
        line = BatchErrorLine.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in line.pop("$defs", {}).items():
            schemas.setdefault(name, sub)
        schemas["BatchErrorLine"] = line
        ok = doc["paths"]["/v1/evaluate/batch"]["post"]["responses"]["200"]
        ok["x-line-schemas"] = [{"$ref": "#/components/schemas/Decision"},
                                {"$ref": "#/components/schemas/BatchErrorLine"}]
        _errors_are_json(doc)
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]


def _errors_are_json(doc: dict[str, Any]) -> None:
    """Error responses are always ``application/json``, even on routes whose success is text or .ics (FastAPI
    files every documented response under the route's own media type)."""
    for item in doc["paths"].values():
        for op in item.values():
            for status, resp in op.get("responses", {}).items():
                content = resp.get("content", {})
                if status[:1] in "45" and "application/json" not in content:
                    schemas = [c["schema"] for c in content.values() if "schema" in c]
                    if schemas:
                        resp["content"] = {"application/json": {"schema": schemas[0]}}
