"""Drafting a mapping from a file's headers (``xianjie mapping init``).

Every header is matched against the header synonyms of the shipped default mapping; matched fields are
written with their code tables, and headers nobody recognised are listed as comments so the office can map
them by hand. The draft is a starting point to review, not a guess that is silently used.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .mapping import Mapping, default_mapping, find_column, header_known, normalise_header
from .readers import RawSheet, Table, to_table

__all__ = ["draft_mapping"]


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _matches(table: Table, base: Mapping) -> dict[str, str]:
    idx = table.index()
    out: dict[str, str] = {}
    for path, spec in base.fields.items():
        actual = find_column(spec.columns, idx)
        if actual is not None:
            out[path] = actual
    return out


def draft_mapping(sheets: Sequence[RawSheet], source: str = "") -> str:
    """A TOML mapping for ``sheets``, based on the default mapping's header synonyms."""
    base = default_mapping()
    known = [c for s in base.fields.values() for c in s.columns] + [base.region_column or ""]
    tables = [to_table(s, known) for s in sheets]
    matched = [(t, _matches(t, base)) for t in tables]
    matched = [(t, m) for t, m in matched if m]
    member_like = [(t, m) for t, m in matched if any(p.startswith("members.") for p in m)]
    split = (len(matched) >= 2 and len(member_like) == 1
             and any(not any(p.startswith("members.") for p in m) and "household_id" in m for _t, m in matched))
    lines = [
        "# Draft mapping written by `xianjie mapping init`" + (f" from {source}" if source else "") + ".",
        "# Review every line: matched headers use the default mapping's code tables; headers that matched",
        "# nothing are listed at the end as comments. docs/intake.md explains each key.",
        'format = "xianjie.mapping/1"', "", "[layout]",
    ]
    if split:
        hh_t = next(t for t, m in matched if not any(p.startswith("members.") for p in m))
        lines += ['rows = "split"', f"household_sheet = {_toml_value(hh_t.name)}",
                  f"member_sheet = {_toml_value(member_like[0][0].name)}"]
    else:
        lines.append('rows = "person"')
        if len(tables) > 1 and matched:
            lines.append("sheets = " + _toml_value([t.name for t, _m in matched]))
    region_tables = [t for t in tables if base.region_column and find_column((base.region_column,), t.index())]
    lines += ["", "[region]"]
    if region_tables:
        lines += [f"column = {_toml_value(base.region_column)}", "truncate = true"]
    else:
        lines.append('# value = "000000"   # no region-code column found: give the 6-digit code here or --region')
    lines += ["", "[dates]", "formats = " + _toml_value(list(base.date_formats)), "excel_serial = true", "",
              "[fields]"]
    fields: dict[str, str] = {}
    for _t, m in matched:
        for path, col in m.items():
            fields.setdefault(path, col)
    if "household_id" not in fields:
        lines.append('household_id = "户编号"   # TODO: no household key column recognised; name it here')
    tables_used: list[str] = []
    for path in base.fields:
        if path not in fields:
            continue
        spec = base.fields[path]
        key = path if path.replace("_", "").isalnum() else _toml_value(path)
        table_name = next((n for n, t in base.code_tables.items() if t == spec.codes), None) if spec.codes else None
        if table_name:
            tables_used.append(table_name)
            lines.append(f"{key} = {{ columns = {_toml_value([fields[path]])}, codes = {_toml_value(table_name)} }}")
        else:
            lines.append(f"{key} = {_toml_value(fields[path])}")
    for name in dict.fromkeys(tables_used):
        lines += ["", f"[codes.{name}]"]
        lines += [f"{_toml_value(k)} = {_toml_value(v)}" for k, v in base.code_tables[name].items()]
    names = {normalise_header(c) for s in base.fields.values() for c in s.columns}
    if base.region_column:
        names.add(normalise_header(base.region_column))
    unknown = [(t.name, h) for t in tables for h in t.headers if h and not header_known(h, names)]
    if unknown:
        lines += ["", "# Headers not recognised (map them under [fields] if they matter):"]
        lines += [f"#   {sheet}: {h}" for sheet, h in unknown]
    return "\n".join(lines) + "\n"
