"""Errors an integrator can show a user: a stable code, the field path, zh/en text, never the input value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

__all__ = [
    "FieldError",
    "InputError",
    "PluginConflictError",
    "PluginError",
    "RegistryError",
    "XianjieError",
    "field_errors",
]


class FieldError(BaseModel):
    """One problem with one field, safe to show (the offending value is never included)."""

    model_config = {"frozen": True}

    field: str
    type: str
    message_zh: str
    message_en: str


# pydantic error types → Chinese text. English comes from pydantic's own message (which never contains the
# input when hide_input_in_errors is set and include_input=False).
_ZH = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段(字段名拼写错误或不属于该模型)",
    "bool_type": "应为布尔值(true/false)",
    "bool_parsing": "应为布尔值(true/false)",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "decimal_type": "应为金额(数字)",
    "decimal_parsing": "应为金额(数字)",
    "decimal_max_places": "金额最多保留两位小数(精确到分)",
    "decimal_max_digits": "金额位数过多",
    "date_type": "应为日期(YYYY-MM-DD)",
    "date_parsing": "应为日期(YYYY-MM-DD)",
    "date_from_datetime_parsing": "应为日期(YYYY-MM-DD)",
    "string_type": "应为字符串",
    "string_pattern_mismatch": "格式不符合要求",
    "string_too_short": "内容过短",
    "string_too_long": "内容过长",
    "literal_error": "取值不在允许的代码范围内",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "less_than": "数值过大",
    "too_short": "条目过少",
    "too_long": "条目过多",
    "value_error": "取值不一致",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "frozen_set_type": "应为列表",
    "tuple_type": "应为列表",
    "list_type": "应为列表",
    "json_invalid": "不是有效的JSON",
    "json_type": "不是有效的JSON",
    "dict_type": "应为对象",
    "set_item_not_hashable": "列表中的值无效",
}


def _loc(loc: Sequence[Any]) -> str:
    return ".".join(str(p) for p in loc) or "(record)"


def field_errors(exc: ValidationError, prefix: str = "") -> list[FieldError]:
    """Turn a pydantic ``ValidationError`` into field-named errors without input values."""
    out: list[FieldError] = []
    errs = exc.errors(include_input=False, include_url=False, include_context=True)
    paths = [_loc(e["loc"]) for e in errs]
    for err, path in zip(errs, paths, strict=True):
        # A collection whose items failed is also reported as "too short" by pydantic: noise, drop it.
        if err["type"] == "too_short" and any(p.startswith(path + ".") for p in paths):
            continue
        msg_en = err["msg"]
        if err["type"] == "literal_error":
            msg_en = "value is not one of the allowed codes: " + str(err.get("ctx", {}).get("expected", ""))
        out.append(FieldError(
            field=f"{prefix}{path}", type=err["type"],
            message_zh=_ZH.get(err["type"], "取值无效"),
            message_en=msg_en,
        ))
    return out


class XianjieError(Exception):
    """Base class for errors xianjie reports to users (never with a traceback at the CLI)."""

    code = "xianjie_error"


class InputError(XianjieError):
    """A record failed validation; ``errors`` names each field and problem."""

    code = "invalid_input"

    def __init__(self, errors: list[FieldError], *, line: int | None = None) -> None:
        self.errors = errors
        self.line = line
        where = f"line {line}: " if line is not None else ""
        super().__init__(where + "; ".join(f"{e.field}: {e.message_en}" for e in errors))


class RegistryError(XianjieError):
    """The plugins' declarations are inconsistent (conflict, orphan region, unknown key...)."""

    code = "registry_error"


class PluginConflictError(RegistryError):
    """Two declarations clash; the message names both plugins."""

    code = "plugin_conflict"


class PluginError(RegistryError):
    """A plugin failed to load or yielded invalid data (raised only with strict plugin loading)."""

    code = "plugin_failed"
