"""Office-supplied parameter files (TOML or JSON): the values the documents do not give.

A deploying office supplies, for example, this year's rural 低保 standard or the monitoring income line, each
with its own citation (usually the office's own notice, declared in the same file as a document)::

    [[document]]
    id = "hn-minzheng-2021-4"
    title_zh = "关于提高2021年全省城乡低保标准的通知"
    title_en = "Notice raising Hunan's 2021 minimum-living standards"
    issuer = "湖南省民政厅"
    doc_number = "湘民发〔2021〕4号"
    valid_from = 2021-01-01

    [[parameter]]
    key = "dibao.standard_rural"
    region = "430000"
    value = "4300"
    valid_from = 2021-01-01
    valid_until = 2021-12-31
    citation = { document = "hn-minzheng-2021-4", clause = "一" }

Values are validated like everything else: the key must be declared, the value must match its kind (money as
a decimal string or number), and a value overlapping a plugin's value must say ``overrides = true``.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import FieldError, InputError, field_errors
from .models import Document, ParameterSpec, ParameterValue

__all__ = ["ParameterFile", "load_parameter_file", "coerce_parameters"]


@dataclass
class ParameterFile:
    """Documents and raw parameter entries read from one file (validated against the specs later)."""

    source: str
    documents: list[Document] = field(default_factory=list)
    raw_parameters: list[dict[str, Any]] = field(default_factory=list)


def load_parameter_file(path: str | Path) -> ParameterFile:
    """Read a TOML or JSON parameter file. Errors name the entry and field, never the value."""
    p = Path(path)
    try:
        text = p.read_bytes()
    except OSError as exc:
        raise InputError([FieldError(field="--params", type="file_unreadable",
                                     message_zh="无法读取参数文件", message_en=f"cannot read {p.name}: {exc.strerror}")]
                         ) from None
    try:
        data: Any = json.loads(text) if p.suffix.lower() == ".json" else tomllib.loads(text.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError([FieldError(field=p.name, type="parse_error", message_zh="参数文件格式错误(TOML/JSON)",
                                     message_en=f"cannot parse {p.name}: {type(exc).__name__}")]) from None
    return parameter_file_from_mapping(data, source=p.name)


def parameter_file_from_mapping(data: Any, *, source: str) -> ParameterFile:
    """Build a :class:`ParameterFile` from already-parsed data (``document`` and ``parameter`` lists)."""
    if not isinstance(data, Mapping):
        raise InputError([FieldError(field=source, type="model_type", message_zh="应为对象",
                                     message_en="top level must be a table/object")])
    unknown = set(data) - {"document", "parameter"}
    if unknown:
        raise InputError([FieldError(field=f"{source}:{k}", type="extra_forbidden", message_zh="不允许的字段",
                                     message_en="unknown top-level key (expected document, parameter)")
                          for k in sorted(unknown)])
    docs: list[Document] = []
    errors: list[FieldError] = []
    for i, d in enumerate(data.get("document", [])):
        try:
            docs.append(Document.model_validate(d))
        except ValidationError as exc:
            errors.extend(field_errors(exc, prefix=f"{source}:document.{i}."))
    if errors:
        raise InputError(errors)
    raw = list(data.get("parameter", []))
    return ParameterFile(source, docs, raw)


def _coerce(spec: ParameterSpec, value: Any) -> Any:
    if spec.kind in ("money", "ratio"):
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            raise ValueError
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValueError from None
    if spec.kind == "codes":
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ValueError
        return tuple(value)
    return value


def coerce_parameters(pf: ParameterFile, specs: Mapping[str, ParameterSpec]) -> list[ParameterValue]:
    """Validate the file's raw entries against the declared parameter specs."""
    out: list[ParameterValue] = []
    errors: list[FieldError] = []
    for i, raw in enumerate(pf.raw_parameters):
        where = f"{pf.source}:parameter.{i}."
        if not isinstance(raw, Mapping):
            errors.append(FieldError(field=where.rstrip("."), type="model_type", message_zh="应为对象",
                                     message_en="each parameter must be a table/object"))
            continue
        entry = dict(raw)
        spec = specs.get(str(entry.get("key")))
        if spec is None:
            errors.append(FieldError(field=where + "key", type="unknown_parameter", message_zh="未声明的参数键",
                                     message_en="parameter key is not declared by any plugin"))
            continue
        if "value" in entry:
            try:
                entry["value"] = _coerce(spec, entry["value"])
            except ValueError:
                errors.append(FieldError(field=where + "value", type="parameter_kind",
                                         message_zh=f"取值类型应为 {spec.kind}",
                                         message_en=f"value must be of kind {spec.kind!r}"))
                continue
        try:
            out.append(ParameterValue.model_validate(entry))
        except ValidationError as exc:
            errors.extend(field_errors(exc, prefix=where))
    if errors:
        raise InputError(errors)
    return out


def iter_files(paths: Iterable[str | Path]) -> list[ParameterFile]:
    return [load_parameter_file(p) for p in paths]
