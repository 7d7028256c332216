"""Logging for the service: uvicorn's usual format, minus anything that could carry personal data.

Request bodies are never logged (neither uvicorn nor the service does). Query strings are stripped from access
log lines as well: none of the service's parameters is personal, but a client could append one.
"""

from __future__ import annotations

import logging
from typing import Any

__all__ = ["StripQueryFilter", "log_config"]


class StripQueryFilter(logging.Filter):
    """Drop the query string from uvicorn access records (``client, method, path, http version, status``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
        return True


def log_config(level: str = "info") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` mapping for uvicorn (``log_config=``), with the query filter attached
    to the access logger itself so every handler sees filtered records."""
    lvl = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"strip_query": {"()": f"{__name__}.StripQueryFilter"}},
        "formatters": {
            "default": {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(levelprefix)s %(message)s",
                        "use_colors": None},
            "access": {"()": "uvicorn.logging.AccessFormatter",
                       "fmt": '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s'},
        },
        "handlers": {
            "default": {"formatter": "default", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
            "access": {"formatter": "access", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": lvl, "propagate": False},
            "uvicorn.error": {"level": lvl},
            "uvicorn.access": {"handlers": ["access"], "level": lvl, "propagate": False,
                               "filters": ["strip_query"]},
            "xianjie": {"handlers": ["default"], "level": lvl, "propagate": False},
        },
    }
