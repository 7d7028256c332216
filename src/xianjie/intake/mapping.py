"""Mapping files: which column feeds which field, and how the office's words translate into codes.

A mapping is TOML (or YAML, if PyYAML is installed)::

    format = "xianjie.mapping/1"

    [layout]
    rows = "person"                  # one row per member (household columns repeated) | "split"

    [region]
    column = "行政区划代码"            # or: value = "429006"

    [fields]
    household_id = "户编号"
    "members.birth_date" = "出生日期"
    "members.disability_grade" = { columns = ["残疾等级"], codes = "disability_grade" }

    [codes.disability_grade]
    "一级" = 1

The file is checked as a whole when loaded (unknown fields, codes that are not allowed values, malformed
tables): a mapping error is a usage error, reported before any row is read.
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Mapping as AnyMapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import XianjieError, field_errors
from .fields import FieldInfo, all_fields, field_info
from .values import (
    Cell,
    CellProblem,
    cell_text,
    id_checksum_ok,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
)

__all__ = [
    "DEFAULT_DATE_FORMATS",
    "FORMAT",
    "FieldSpec",
    "Mapping",
    "MappingError",
    "default_mapping",
    "default_mapping_text",
    "field_info",
    "find_column",
    "header_known",
    "load_mapping",
    "mapping_from_dict",
    "normalise_header",
    "region_code",
]

FORMAT = "xianjie.mapping/1"
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d", "%Y.%m.%d")
SET_SEPARATORS = "、,，;；|"

#: A translated value: what a code table entry may hold ("" means "not provided").
Code = str | int | bool | list[str]


class MappingError(XianjieError):
    """The mapping file is unreadable or inconsistent (a usage error: exit code 2)."""

    code = "mapping_error"


_STRICT = ConfigDict(extra="forbid", frozen=True)


class _FieldEntry(BaseModel):
    model_config = _STRICT
    columns: tuple[str, ...] = Field(min_length=1)
    codes: str | dict[str, Code] | None = None
    required: bool = False


class _Layout(BaseModel):
    model_config = _STRICT
    rows: Literal["person", "split"] = "person"
    sheets: tuple[str, ...] = ()
    household_sheet: str | None = None
    member_sheet: str | None = None
    header_row: int = Field(0, ge=0, le=50)


class _Region(BaseModel):
    model_config = _STRICT
    value: str | None = None
    column: str | None = None
    codes: str | dict[str, str] | None = None
    truncate: bool = True


class _Dates(BaseModel):
    model_config = _STRICT
    formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    excel_serial: bool = True


class _Checks(BaseModel):
    model_config = _STRICT
    id_checksum: bool = True


class _File(BaseModel):
    model_config = _STRICT
    format: Literal["xianjie.mapping/1"] = "xianjie.mapping/1"
    title: str | None = None
    layout: _Layout = Field(default_factory=_Layout)
    region: _Region = Field(default_factory=_Region)
    dates: _Dates = Field(default_factory=_Dates)
    checks: _Checks = Field(default_factory=_Checks)
    fields: dict[str, str | list[str] | _FieldEntry]
    codes: dict[str, dict[str, Code]] = Field(default_factory=dict)


def normalise_header(text: str) -> str:
    """Header comparison ignores spaces, line breaks, the * of required-column templates and ASCII/full-width
    bracket differences, because exports from different system versions differ in exactly these."""
    t = "".join(text.split()).replace("*", "").replace("＊", "")
    return t.replace("（", "(").replace("）", ")")


def _without_unit(text: str) -> str:
    # "家庭年纯收入(元)" matches "家庭年纯收入"
    t = normalise_header(text)
    return t.split("(", 1)[0] if t.endswith(")") and "(" in t else t


def find_column(columns: tuple[str, ...], headers: AnyMapping[str, str]) -> str | None:
    """The first of ``columns`` present in ``headers`` (normalised → actual); units in brackets are ignored
    only when no exact match exists."""
    for c in columns:
        if normalise_header(c) in headers:
            return headers[normalise_header(c)]
    for c in columns:
        for norm, actual in headers.items():
            if _without_unit(norm) == _without_unit(c):
                return actual
    return None


def header_known(header: str, names: set[str]) -> bool:
    """Whether ``header`` matches one of the normalised ``names`` (exactly, or without a bracketed unit)."""
    n = normalise_header(header)
    return n in names or any(_without_unit(n) == _without_unit(m) for m in names)


@dataclass(frozen=True)
class FieldSpec:
    """One target field: its candidate columns (first present wins), code table, and whether required."""

    path: str
    info: FieldInfo
    columns: tuple[str, ...]
    codes: dict[str, Code] | None = None
    required: bool = False

    def find_column(self, headers: AnyMapping[str, str]) -> str | None:
        """The actual header (from ``headers``: normalised → actual) this field reads, if present."""
        return find_column(self.columns, headers)

    def _lookup(self, text: str) -> Code | None:
        if self.codes is None:
            return None
        if text in self.codes:
            return self.codes[text]
        squeezed = "".join(text.split())
        return next((v for k, v in self.codes.items() if "".join(k.split()) == squeezed), None)

    def convert(self, cell: Cell, mapping: Mapping) -> Any:
        """The typed value for ``cell`` (None = not provided), or raise :class:`CellProblem`."""
        text = cell_text(cell)
        if text == "":
            return None
        info = self.info
        if info.kind == "codes":
            return self._convert_set(text)
        code = self._lookup(text)
        if code is not None:
            if code == "":
                return None
            return code
        if info.kind == "code":
            if text in info.choices:
                return text
            raise _unknown_code(text, self.codes is not None)
        try:
            if info.kind == "bool":
                return parse_bool(cell)
            if info.kind == "int":
                return parse_int(cell)
            if info.kind == "decimal":
                return parse_decimal(cell)
            if info.kind == "date":
                return parse_date(cell, mapping.date_formats, mapping.excel_serial)
        except CellProblem:
            # with a code table, a value that is neither a listed word nor a plain value is an unknown code
            if self.codes is not None:
                raise _unknown_code(text, True) from None
            raise
        return self._convert_str(cell, text, mapping)

    def _convert_set(self, text: str) -> frozenset[str]:
        whole = self._lookup(text)
        if isinstance(whole, list):
            return frozenset(whole)
        out: set[str] = set()
        tokens = [text]
        for sep in SET_SEPARATORS:
            tokens = [p for t in tokens for p in t.split(sep)]
        for tok in (t.strip() for t in tokens):
            if not tok:
                continue
            code = self._lookup(tok)
            if isinstance(code, list):
                out.update(code)
            elif isinstance(code, str) and code:
                out.add(code)
            elif tok in self.info.choices:
                out.add(tok)
            else:
                raise _unknown_code(tok, self.codes is not None)
        return frozenset(out)

    def _convert_str(self, cell: Cell, text: str, mapping: Mapping) -> str:
        if self.path == "members.id_number":
            if isinstance(cell, float) or (isinstance(cell, int) and not isinstance(cell, bool)):
                raise CellProblem(
                    "id_number_numeric", "身份证号以数字格式保存,末位可能已丢失;请将该列设为文本格式后重新导出",
                    "id number stored as a number (digits may be lost); format the column as text and re-export")
            text = text.upper()
            if mapping.id_checksum and len(text) == 18 and text[:17].isdigit() and not id_checksum_ok(text):
                raise CellProblem("id_number_checksum", "身份证号校验位不正确", "id number check digit is wrong")
        return text


def _unknown_code(text: str, has_table: bool) -> CellProblem:
    shown = text if len(text) <= 20 else text[:20] + "…"
    where = "代码表中没有此值" if has_table else "不是允许的代码"
    return CellProblem("unknown_code", f"未知代码「{shown}」({where})",
                       f"unknown code {shown!r} ({'not in the code table' if has_table else 'not an allowed code'})")


@dataclass(frozen=True)
class Mapping:
    """A loaded, checked mapping."""

    fields: dict[str, FieldSpec]
    rows: Literal["person", "split"] = "person"
    sheets: tuple[str, ...] = ()
    household_sheet: str | None = None
    member_sheet: str | None = None
    header_row: int = 0
    region_value: str | None = None
    region_column: str | None = None
    region_codes: dict[str, str] | None = None
    region_truncate: bool = True
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    excel_serial: bool = True
    id_checksum: bool = True
    title: str | None = None
    code_tables: dict[str, dict[str, Code]] = field(default_factory=dict)

    @property
    def key(self) -> FieldSpec:
        return self.fields["household_id"]

    def with_region(self, region: str) -> Mapping:
        """The same mapping with a constant region (``--region``), replacing any region column."""
        from dataclasses import replace

        return replace(self, region_value=region, region_column=None)

    def column_names(self) -> set[str]:
        """Every column name the mapping mentions (normalised), to list the file's ignored columns."""
        names = {normalise_header(c) for s in self.fields.values() for c in s.columns}
        if self.region_column:
            names.add(normalise_header(self.region_column))
        return names


def _check_code(path: str, info: FieldInfo, key: str, value: Code) -> str | None:
    if value == "":
        return None
    if info.kind == "code" and value not in info.choices:
        return f"code {key!r} → {value!r} is not one of {', '.join(info.choices)}"
    if info.kind == "codes":
        items = value if isinstance(value, list) else [value]
        bad = [v for v in items if v not in info.choices]
        if bad:
            return f"code {key!r} → {bad!r} is not one of {', '.join(info.choices)}"
    if info.kind == "bool" and not isinstance(value, bool):
        return f"code {key!r} → {value!r} should be true or false"
    if info.kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        return f"code {key!r} → {value!r} should be a whole number"
    if info.kind in ("str", "date", "decimal") and not isinstance(value, str):
        return f"code {key!r} → {value!r} should be text"
    return None


def mapping_from_dict(data: dict[str, Any], source: str = "mapping") -> Mapping:
    """Check a parsed mapping document and build a :class:`Mapping`; raise :class:`MappingError`.

    ``extends = "default"`` starts from the shipped default mapping: the document's tables are merged over
    it (so a two-line file can switch the layout or fix the region and keep every field and code table).
    """
    data = dict(data)
    base = data.pop("extends", None)
    if base is not None:
        if base != "default":
            raise MappingError(f"{source}: extends: only \"default\" can be extended")
        data = _merge(tomllib.loads(default_mapping_text()), data)
    try:
        raw = _File.model_validate(data)
    except ValidationError as exc:
        msgs = "; ".join(f"{e.field}: {e.message_en}" for e in field_errors(exc))
        raise MappingError(f"{source}: {msgs}") from None
    problems: list[str] = []
    specs: dict[str, FieldSpec] = {}
    known = all_fields()
    for path, entry in raw.fields.items():
        info = known.get(path)
        if info is None:
            problems.append(f"fields.{path}: no such field (see docs/intake.md for the list)")
            continue
        if isinstance(entry, str):
            entry = _FieldEntry(columns=(entry,))
        elif isinstance(entry, list):
            entry = _FieldEntry(columns=tuple(entry))
        table: dict[str, Code] | None
        if isinstance(entry.codes, str):
            table = raw.codes.get(entry.codes)
            if table is None:
                problems.append(f"fields.{path}: code table {entry.codes!r} is not defined under [codes]")
                continue
        else:
            table = entry.codes
        if table is not None:
            for k, v in table.items():
                err = _check_code(path, info, k, v)
                if err:
                    problems.append(f"fields.{path}: {err}")
        specs[path] = FieldSpec(path=path, info=info, columns=entry.columns, codes=table,
                                required=entry.required or path == "household_id")
    if "household_id" not in raw.fields:
        problems.append("fields.household_id: the household key column must be mapped")
    if "region" in specs:
        problems.append("fields.region: use the [region] table (value or column), not [fields]")
    lay = raw.layout
    if lay.rows == "split" and not (lay.household_sheet and lay.member_sheet) and lay.sheets:
        problems.append("layout: split layout names household_sheet and member_sheet, not sheets")
    reg = raw.region
    if reg.value and reg.column:
        problems.append("region: give value or column, not both")
    if reg.value is not None and not _region_ok(reg.value):
        problems.append("region.value: not a region id (6-digit code, CN, or a plugin id)")
    region_codes: dict[str, str] | None
    if isinstance(reg.codes, str):
        region_codes = {k: str(v) for k, v in raw.codes.get(reg.codes, {}).items()}
        if reg.codes not in raw.codes:
            problems.append(f"region: code table {reg.codes!r} is not defined under [codes]")
    else:
        region_codes = reg.codes
    if problems:
        raise MappingError(f"{source}: " + "; ".join(problems))
    return Mapping(
        fields=specs, rows=lay.rows, sheets=lay.sheets, household_sheet=lay.household_sheet,
        member_sheet=lay.member_sheet, header_row=lay.header_row, region_value=reg.value,
        region_column=reg.column, region_codes=region_codes, region_truncate=reg.truncate,
        date_formats=raw.dates.formats, excel_serial=raw.dates.excel_serial,
        id_checksum=raw.checks.id_checksum, title=raw.title, code_tables=dict(raw.codes))


def _region_ok(value: str) -> bool:
    from pydantic import TypeAdapter

    from ..models.types import RegionId

    try:
        TypeAdapter(RegionId).validate_python(value)
    except ValidationError:
        return False
    return True


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        # the region is one choice (a value or a column): an override replaces it whole
        merge = k != "region" and isinstance(v, dict) and isinstance(out.get(k), dict)
        out[k] = _merge(out[k], v) if merge else v
    return out


def _parse_text(text: str, suffix: str, source: str) -> dict[str, Any]:
    if suffix in (".yaml", ".yml"):
        try:
            yaml: Any = importlib.import_module("yaml")  # optional; untyped
        except ImportError:
            raise MappingError(f"{source}: YAML mappings need PyYAML (pip install pyyaml); TOML needs nothing") \
                from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise MappingError(f"{source}: not valid YAML ({type(exc).__name__})") from None
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise MappingError(f"{source}: not valid TOML ({exc})") from None
    if not isinstance(data, dict):
        raise MappingError(f"{source}: expected a table at the top level")
    return data


def load_mapping(path: str | Path) -> Mapping:
    """Load and check a mapping file (``.toml``; ``.yaml``/``.yml`` if PyYAML is installed)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"cannot read mapping {p.name}: {type(exc).__name__}") from None
    return mapping_from_dict(_parse_text(text, p.suffix.lower(), p.name), p.name)


def default_mapping_text() -> str:
    """The shipped default mapping (TOML), for a typical monitoring-platform export with Chinese headers."""
    return resources.files("xianjie.intake").joinpath("default_mapping.toml").read_text(encoding="utf-8")


def default_mapping() -> Mapping:
    """The shipped default mapping, loaded."""
    return mapping_from_dict(tomllib.loads(default_mapping_text()), "default_mapping.toml")


def region_code(mapping: Mapping, cell: Cell) -> str | None:
    """The region id for a row: the constant, or the translated/truncated column value."""
    if mapping.region_value is not None:
        return mapping.region_value
    text = cell_text(cell)
    if text == "":
        return None
    if mapping.region_codes and text in mapping.region_codes:
        return mapping.region_codes[text]
    if mapping.region_truncate and text.isdigit() and len(text) in (9, 12):
        return text[:6]
    return text

