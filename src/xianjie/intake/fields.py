"""The fields a mapping may fill, read from the ``Household``/``Person`` models themselves.

Mappings name targets by dotted path (``income.annual_net_income``, ``statuses.monitoring.kind``,
``members.disability_grade``). Deriving the list and each field's kind from the pydantic models, instead of a
second hand-kept table, means a field added to the model is importable at once and a typo in a mapping is
caught when the mapping is loaded, not on row 4,000.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from ..models import Household, Person

__all__ = ["MEMBER_PREFIX", "FieldInfo", "Kind", "all_fields", "field_info", "is_member", "is_sensitive"]

MEMBER_PREFIX = "members."

Kind = Literal["str", "bool", "int", "decimal", "date", "code", "codes"]


@dataclass(frozen=True)
class FieldInfo:
    """What a target field accepts: ``kind`` and, for codes, the allowed values."""

    path: str
    kind: Kind
    choices: tuple[str, ...] = ()
    label_zh: str = ""
    sensitive: bool = False

    @property
    def member(self) -> bool:
        return self.path.startswith(MEMBER_PREFIX)


def _strip_optional(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _strip_optional(args[0])
    if origin is typing.Annotated:
        return _strip_optional(typing.get_args(tp)[0])
    return tp


def _kind(tp: Any) -> tuple[Kind, tuple[str, ...]] | None:
    tp = _strip_optional(tp)
    origin = typing.get_origin(tp)
    if origin is Literal:
        return "code", tuple(str(a) for a in typing.get_args(tp))
    if origin is frozenset:
        inner = _strip_optional(typing.get_args(tp)[0])
        if typing.get_origin(inner) is Literal:
            return "codes", tuple(str(a) for a in typing.get_args(inner))
        return None
    simple: dict[Any, Kind] = {bool: "bool", int: "int", Decimal: "decimal", date: "date", str: "str"}
    kind = simple.get(tp)
    return None if kind is None else (kind, ())


def _walk(model: type[BaseModel], prefix: str, out: dict[str, FieldInfo]) -> None:
    for name, f in model.model_fields.items():
        tp = _strip_optional(f.annotation)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            _walk(tp, f"{prefix}{name}.", out)
            continue
        kind = _kind(f.annotation)
        if kind is None:
            continue  # members (handled separately) or a type a flat table cannot carry
        extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
        out[prefix + name] = FieldInfo(
            path=prefix + name, kind=kind[0], choices=kind[1], label_zh=str(f.title or ""),
            sensitive=bool(extra.get("x-sensitive", False)))


@cache
def all_fields() -> dict[str, FieldInfo]:
    """Every field a mapping may target, household fields first, then ``members.*``."""
    out: dict[str, FieldInfo] = {}
    _walk(Household, "", out)
    _walk(Person, MEMBER_PREFIX, out)
    return out


def field_info(path: str) -> FieldInfo | None:
    """The field at ``path``, or None if the models have no such (flat) field."""
    return all_fields().get(path)


def is_member(path: str) -> bool:
    return path.startswith(MEMBER_PREFIX)


def is_sensitive(path: str) -> bool:
    info = field_info(path)
    return info is not None and info.sensitive
