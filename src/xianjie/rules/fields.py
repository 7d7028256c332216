"""The input catalogue: every household and member field a rule may read, with its kind and labels.

Rules never reach into the pydantic models directly; they name a field path (``statuses.dibao``) or a derived
feature (``age``). This catalogue tells both evaluation paths how to read it — one household at a time, or
as numpy columns — and gives the zh/en labels the explanations use. Paths are built from the models
themselves, so a renamed field breaks loudly here instead of silently reading ``None``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from ..models.household import Household
from ..models.person import Person
from .money import quantize, round_div, yuan_to_fen

__all__ = [
    "DERIVED",
    "FieldInfo",
    "HOUSEHOLD_FIELDS",
    "Kind",
    "MEMBER_FIELDS",
    "Missing",
    "age_on",
    "lookup",
]

Kind = Literal["bool", "money", "int", "code", "codeset", "date"]
Level = Literal["household", "member"]


class Missing:
    """Marker for a value that was not provided; carries the dotted paths of the missing inputs."""

    __slots__ = ("fields",)

    def __init__(self, fields: Sequence[str]) -> None:
        self.fields = tuple(fields)

    def __repr__(self) -> str:
        return f"Missing({self.fields!r})"


@dataclass(frozen=True)
class FieldInfo:
    """One readable input: a model field path or a derived feature."""

    name: str
    level: Level
    kind: Kind
    label_zh: str
    label_en: str
    #: Reads the value for one household (member index given for member-level inputs).
    read: Callable[[Household, int | None, date], Any]
    #: Input paths it depends on, relative to the household or member (for "missing field" reports).
    depends_on: tuple[str, ...]


def _kind_of(annotation: Any) -> tuple[Kind, type[BaseModel] | None]:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _kind_of(args[0])
    if origin is typing.Annotated:
        return _kind_of(args[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "code", annotation
    if annotation is bool:
        return "bool", None
    if annotation is Decimal:
        return "money", None
    if annotation is int:
        return "int", None
    if annotation is date:
        return "date", None
    if origin is Literal:
        return "code", None
    if origin is frozenset:
        return "codeset", None
    if annotation is str:
        return "code", None
    raise TypeError(f"unsupported field annotation {annotation!r}")


def _walk(model: type[BaseModel], prefix: str, skip: frozenset[str] = frozenset()
          ) -> list[tuple[str, Kind, str, str]]:
    out: list[tuple[str, Kind, str, str]] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        kind, sub = _kind_of(info.annotation)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        zh = str(extra.get("x-label-zh", name))
        en = str(extra.get("x-label-en", name))
        if sub is not None:
            out.extend(_walk(sub, f"{prefix}{name}."))
        elif not extra.get("x-sensitive"):
            out.append((f"{prefix}{name}", kind, zh, en))
    return out


def _getter(path: str) -> Callable[[Any], Any]:
    parts = path.split(".")

    def get(obj: Any) -> Any:
        for p in parts:
            obj = getattr(obj, p)
        return obj

    return get


def _household_field(path: str, kind: Kind, zh: str, en: str) -> FieldInfo:
    get = _getter(path)

    def read(h: Household, _m: int | None, _on: date) -> Any:
        value = get(h)
        return Missing((path,)) if value is None else value

    return FieldInfo(path, "household", kind, zh, en, read, (path,))


def _member_field(path: str, kind: Kind, zh: str, en: str) -> FieldInfo:
    get = _getter(path)

    def read(h: Household, m: int | None, _on: date) -> Any:
        assert m is not None
        value = get(h.members[m])
        return Missing((f"members.{m}.{path}",)) if value is None else value

    return FieldInfo(path, "member", kind, zh, en, read, (path,))


HOUSEHOLD_FIELDS: dict[str, FieldInfo] = {
    p: _household_field(p, k, zh, en)
    for p, k, zh, en in _walk(Household, "", frozenset({"household_id", "region", "members"}))
}
MEMBER_FIELDS: dict[str, FieldInfo] = {
    p: _member_field(p, k, zh, en) for p, k, zh, en in _walk(Person, "", frozenset({"member_id"}))
}


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def age_on(birth: date, on: date) -> int:
    """Age in whole years on ``on`` (周岁), one year more from the birthday itself.

    Someone born on 29 February has the birthday on 28 February in common years: the month-end rule of
    民法典 §201 ("没有对应日的，月末日为期间的最后一日") and ``dateutil.relativedelta(on, birth).years`` agree.
    """
    bm, bd = birth.month, birth.day
    if (bm, bd) == (2, 29) and not _is_leap(on.year):
        bd = 28
    return on.year - birth.year - ((on.month, on.day) < (bm, bd))


def _read_age(h: Household, m: int | None, on: date) -> Any:
    assert m is not None
    birth = h.members[m].birth_date
    if birth is None:
        return Missing((f"members.{m}.birth_date",))
    return age_on(birth, on)


def _read_size(h: Household, _m: int | None, _on: date) -> Any:
    return len(h.members)


def _read_per_capita(h: Household, _m: int | None, _on: date) -> Any:
    net = h.income.annual_net_income
    if net is None:
        return Missing(("income.annual_net_income",))
    return quantize(net / len(h.members))


_RIGID = ("medical_out_of_pocket", "education", "other")


def _read_rigid(h: Household, _m: int | None, _on: date) -> Any:
    values = [getattr(h.rigid_expenditure, k) for k in _RIGID]
    missing = [f"rigid_expenditure.{k}" for k, v in zip(_RIGID, values, strict=True) if v is None]
    if missing:
        return Missing(missing)
    return sum(values, Decimal(0))


def _read_months_since_exceeded(h: Household, _m: int | None, on: date) -> Any:
    d = h.statuses.dibao_income_exceeded_on
    if d is None:
        return Missing(("statuses.dibao_income_exceeded_on",))
    return (on.year - d.year) * 12 + (on.month - d.month) - (on.day < d.day)


def _read_months_since_eliminated(h: Household, _m: int | None, on: date) -> Any:
    d = h.statuses.monitoring.risk_eliminated_on
    if d is None:
        return Missing(("statuses.monitoring.risk_eliminated_on",))
    return (on.year - d.year) * 12 + (on.month - d.month) - (on.day < d.day)


DERIVED: dict[str, FieldInfo] = {
    "age": FieldInfo("age", "member", "int", "年龄(周岁)", "age in whole years", _read_age, ("birth_date",)),
    "household_size": FieldInfo(
        "household_size", "household", "int", "家庭人口数", "household size", _read_size, ("members",)),
    "per_capita_net_income": FieldInfo(
        "per_capita_net_income", "household", "money", "家庭年人均纯收入", "per-capita annual net income",
        _read_per_capita, ("income.annual_net_income",)),
    "rigid_expenditure_total": FieldInfo(
        "rigid_expenditure_total", "household", "money", "刚性支出合计", "total rigid expenditure", _read_rigid,
        tuple(f"rigid_expenditure.{k}" for k in _RIGID)),
    "months_since_dibao_income_exceeded": FieldInfo(
        "months_since_dibao_income_exceeded", "household", "int", "收入超过低保标准后的整月数",
        "whole months since income exceeded the 低保 standard", _read_months_since_exceeded,
        ("statuses.dibao_income_exceeded_on",)),
    "months_since_risk_eliminated": FieldInfo(
        "months_since_risk_eliminated", "household", "int", "风险消除后的整月数",
        "whole months since the risk was marked eliminated", _read_months_since_eliminated,
        ("statuses.monitoring.risk_eliminated_on",)),
}


def lookup(name: str) -> FieldInfo:
    """Find a field or derived feature by name; raises ``KeyError`` naming it otherwise."""
    for table in (DERIVED, HOUSEHOLD_FIELDS, MEMBER_FIELDS):
        if name in table:
            return table[name]
    raise KeyError(f"unknown input field or feature: {name!r}")


# ---------------------------------------------------------------------------------------------------------
# Columnar extraction: households -> numpy columns (values + known mask). Money is int64 fen.
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Column:
    """A column of values with a mask of which rows are known.

    A code column read from a file may also carry its dictionary encoding: ``codes`` (an index per row into
    ``categories``, the distinct validated values), so that code tests run on integers instead of comparing
    Python strings row by row. ``values`` is always complete; the encoding is an optional shortcut.
    Constant columns may be read-only broadcast views: consumers never write into an input column."""

    values: np.ndarray[Any, Any]
    known: np.ndarray[Any, np.dtype[np.bool_]]
    codes: np.ndarray[Any, Any] | None = None
    categories: tuple[Any, ...] | None = None

    def take(self, rows: np.ndarray[Any, Any] | slice) -> Column:
        """The column at ``rows`` (a selection or a broadcast through an index), encoding included."""
        return Column(self.values[rows], self.known[rows],
                      None if self.codes is None else self.codes[rows], self.categories)


_EMPTY_VALUE: dict[Kind, Any] = {"bool": False, "money": 0, "int": 0, "code": "", "codeset": frozenset(),
                                 "date": date(1970, 1, 1)}


def _as_array(kind: Kind, raw: list[Any]) -> np.ndarray[Any, Any]:
    if kind == "bool":
        return np.array(raw, dtype=bool)
    if kind == "money":
        return np.array([yuan_to_fen(v) if isinstance(v, Decimal) else v for v in raw], dtype=np.int64)
    if kind == "int":
        return np.array(raw, dtype=np.int64)
    if kind == "date":
        return np.array(raw, dtype="datetime64[D]")
    arr = np.empty(len(raw), dtype=object)
    arr[:] = raw
    return arr


def extract_column(info: FieldInfo, households: Sequence[Household], on: date) -> Column:
    """Read one input for every household (or every member, in household order) into a Column.

    ``age`` and ``per_capita_net_income`` are computed vectorised from the raw columns, so the batch path
    shares no per-record arithmetic with the scalar path beyond reading the field.
    """
    if info.name == "age":
        births = extract_column(MEMBER_FIELDS["birth_date"], households, on)
        b = births.values.astype("datetime64[D]")
        years = b.astype("datetime64[Y]").astype(np.int64) + 1970
        month_start = b.astype("datetime64[M]")
        months = month_start.astype(np.int64) % 12 + 1
        days = (b - month_start.astype("datetime64[D]")).astype(np.int64) + 1
        if not _is_leap(on.year):
            days = np.where((months == 2) & (days == 29), 28, days)
        before = (months > on.month) | ((months == on.month) & (days > on.day))
        return Column((on.year - years - before).astype(np.int64), births.known)
    if info.name == "per_capita_net_income":
        net = extract_column(HOUSEHOLD_FIELDS["income.annual_net_income"], households, on)
        size = extract_column(DERIVED["household_size"], households, on)
        return Column(round_div(net.values, size.values), net.known)
    raw: list[Any] = []
    known: list[bool] = []
    empty = _EMPTY_VALUE[info.kind]
    if info.level == "member":
        for h in households:
            for i in range(len(h.members)):
                v = info.read(h, i, on)
                ok = not isinstance(v, Missing)
                raw.append(v if ok else empty)
                known.append(ok)
    else:
        for h in households:
            v = info.read(h, None, on)
            ok = not isinstance(v, Missing)
            raw.append(v if ok else empty)
            known.append(ok)
    return Column(_as_array(info.kind, raw), np.array(known, dtype=bool))
