"""HTTP/JSON service for systems not written in Python (GitHub issue 7).

``xianjie serve`` runs :func:`create_app` on uvicorn. The service is a thin layer over the library: request and
response bodies *are* the library's pydantic models, so the OpenAPI document (``/openapi.json``) is generated
from the same bilingual field metadata as ``xianjie schema``. It holds no state between requests: the registry
is built once at start-up and is immutable configuration.

This module deliberately imports nothing from FastAPI, so the CLI can tell a user that the optional extra
``xianjie[service]`` is missing instead of failing at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from ..registry import Registry

__all__ = ["API_VERSION", "DEFAULT_MAX_BODY_BYTES", "create_app", "log_config"]

#: Request bodies larger than this are refused with 413 (``--max-body-bytes``): 16 MiB is roughly 80,000 small
#: households in one JSON-lines batch.
DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024

#: Version of the HTTP interface (paths, error format); the library version is reported by ``/version``.
API_VERSION = "1"


def create_app(registry: Registry, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> FastAPI:
    """The FastAPI application serving ``registry`` (see :mod:`xianjie.service.app`)."""
    from .app import create_app as _create

    return _create(registry, max_body_bytes=max_body_bytes)


def log_config(level: str = "info") -> dict[str, Any]:
    """uvicorn logging configuration that never writes request bodies or query strings."""
    from .logs import log_config as _log_config

    return _log_config(level)
