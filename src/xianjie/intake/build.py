"""Building validated households from export rows, all-or-nothing per household.

Two layouts cover the exports seen in practice: ``person`` (one row per member, household columns repeated
or merged down, rows grouped by the household key) and ``split`` (a household sheet and a member sheet joined
by the key). A household with any bad row is rejected whole and reported: half a household would give
wrong per-capita income and wrong member conclusions, which is worse than no household.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import XianjieError, field_errors
from ..models import Household
from .fields import MEMBER_PREFIX
from .mapping import FieldSpec, Mapping, find_column, header_known, region_code
from .readers import RawSheet, Table, read_file, to_table
from .report import ImportReport, Problem, Summary
from .values import CellProblem, cell_text, mask_id, mask_name

__all__ = ["ImportResult", "MappingMismatch", "import_file", "import_sheets"]


class MappingMismatch(XianjieError):
    """The file lacks columns the mapping requires (usage error: exit code 2)."""

    code = "mapping_mismatch"


@dataclass
class ImportResult:
    households: list[Household]
    report: ImportReport

    @property
    def ok(self) -> bool:
        return self.report.ok


@dataclass
class _Bound:
    """A table with each field's column index resolved."""

    table: Table
    columns: dict[str, int]  # field path → column index
    region_col: int | None


@dataclass
class _Row:
    sheet: str
    row: int
    key: str | None
    person: str | None
    hh: dict[str, Any] = field(default_factory=dict)
    member: dict[str, Any] = field(default_factory=dict)
    region: str | None = None
    bad: bool = False
    is_member: bool = True


@dataclass
class _Group:
    key: str
    rows: list[_Row] = field(default_factory=list)  # every row of the household (household row first)
    hh: dict[str, tuple[Any, _Row]] = field(default_factory=dict)
    members: list[_Row] = field(default_factory=list)
    region: tuple[str, _Row] | None = None


def _bind(table: Table, specs: Sequence[FieldSpec], mapping: Mapping, need_region: bool) -> _Bound:
    idx = table.index()
    cols: dict[str, int] = {}
    missing: list[str] = []
    for s in specs:
        actual = s.find_column(idx)
        if actual is None:
            if s.required:
                missing.append("/".join(s.columns))
            continue
        cols[s.path] = table.column(actual)
    region_col = None
    if need_region and mapping.region_value is None:
        if mapping.region_column is None:
            raise MappingMismatch("the mapping has no [region] value or column; give --region CODE")
        actual = find_column((mapping.region_column,), idx)
        if actual is None:
            missing.append(mapping.region_column)
        else:
            region_col = table.column(actual)
    if missing:
        raise MappingMismatch(f"{table.name}: required column(s) missing: {', '.join(missing)} "
                              f"(表中缺少映射要求的列)")
    return _Bound(table=table, columns=cols, region_col=region_col)


def _problem(r: _Row, spec: FieldSpec | None, column: str | None, p: CellProblem | None = None, *,
             type: str = "", zh: str = "", en: str = "", path: str | None = None) -> Problem:
    return Problem(sheet=r.sheet, row=r.row, household_id=r.key, person=r.person, column=column,
                   field=path or (spec.path if spec else None), type=p.type if p else type,
                   message_zh=p.message_zh if p else zh, message_en=p.message_en if p else en)


def _read_rows(b: _Bound, mapping: Mapping, problems: list[Problem], member_rows: bool) -> list[_Row]:
    out: list[_Row] = []
    key_col = b.columns["household_id"]
    id_col = b.columns.get("members.id_number")
    name_col = b.columns.get("members.name")
    for row_no, cells in b.table.records:
        person = None
        if member_rows:
            person = (mask_id(cell_text(cells[id_col])) if id_col is not None else "") or \
                     (mask_name(cell_text(cells[name_col])) if name_col is not None else "") or None
        key_text = cell_text(cells[key_col])
        r = _Row(sheet=b.table.name, row=row_no, key=key_text or None, person=person, is_member=member_rows)
        if not key_text:
            r.bad = True
            problems.append(_problem(r, mapping.key, b.table.headers[key_col], type="household_key_missing",
                                     zh="户编号为空,无法归户", en="household key is empty; the row belongs to no household"))
            out.append(r)
            continue
        for path, col in b.columns.items():
            if path == "household_id":
                continue
            spec = mapping.fields[path]
            try:
                value = spec.convert(cells[col], mapping)
            except CellProblem as p:
                r.bad = True
                problems.append(_problem(r, spec, b.table.headers[col], p))
                continue
            if value is None:
                continue
            (r.member if path.startswith(MEMBER_PREFIX) else r.hh)[path] = value
        if b.region_col is not None:
            r.region = region_code(mapping, cells[b.region_col])
        out.append(r)
    return out


def _set_path(target: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for p in parts[:-1]:
        target = target.setdefault(p, {})
    target[parts[-1]] = value


def _column_of(mapping: Mapping, tables: dict[str, _Bound], sheet: str, path: str) -> str | None:
    b = tables.get(sheet)
    if b is None or path not in b.columns:
        return None
    return b.table.headers[b.columns[path]]


def _duplicates(rows: list[_Row], problems: list[Problem], id_of: dict[int, str]) -> None:
    """Flag every row whose id number also appears on another row: one person cannot be two members."""
    seen: dict[str, list[_Row]] = defaultdict(list)
    for r in rows:
        ident = id_of.get(id(r))
        if ident:
            seen[ident].append(r)
    for same in seen.values():
        if len(same) < 2:
            continue
        for r in same:
            others = ", ".join(f"{o.sheet}!{o.row}" for o in same if o is not r)
            r.bad = True
            problems.append(_problem(r, None, None, type="duplicate_person", path="members.id_number",
                                     zh=f"同一身份证号出现在多行({others})",
                                     en=f"the same id number appears on several rows ({others})"))


def import_sheets(sheets: Sequence[RawSheet], mapping: Mapping, *, member_sheets: Sequence[RawSheet] = (),
                  files: Sequence[str] = ()) -> ImportResult:
    """Import already-read sheets (see :func:`import_file`)."""
    problems: list[Problem] = []
    specs = list(mapping.fields.values())
    hh_specs = [s for s in specs if not s.info.member]
    mem_specs = [mapping.key] + [s for s in specs if s.info.member]
    known = [c for s in specs for c in s.columns] + ([mapping.region_column] if mapping.region_column else [])
    bound: dict[str, _Bound] = {}
    hh_rows: list[_Row] = []
    mem_rows: list[_Row] = []
    all_tables: list[Table] = []

    if mapping.rows == "person":
        tables = [to_table(s, known, mapping.header_row) for s in sheets]
        if mapping.sheets:
            names = {t.name for t in tables}
            absent = [n for n in mapping.sheets if n not in names]
            if absent:
                raise MappingMismatch(f"sheet(s) not in the workbook: {', '.join(absent)}")
            tables = [t for t in tables if t.name in mapping.sheets]
        else:
            with_key = [t for t in tables if mapping.key.find_column(t.index()) is not None]
            tables = with_key or tables[:1]
        for t in tables:
            b = _bind(t, specs, mapping, need_region=True)
            bound[t.name] = b
            all_tables.append(t)
            mem_rows += _read_rows(b, mapping, problems, member_rows=True)
    else:
        hh_sheet, mem_sheet = _split_sheets(sheets, member_sheets, mapping)
        ht = to_table(hh_sheet, known, mapping.header_row)
        mt = to_table(mem_sheet, known, mapping.header_row)
        if ht.name == mt.name:
            mt.name = mt.name + " (members)"
        hb = _bind(ht, [mapping.key] + [s for s in hh_specs if s.path != "household_id"], mapping, need_region=True)
        mb = _bind(mt, mem_specs, mapping, need_region=False)
        bound[ht.name], bound[mt.name] = hb, mb
        all_tables += [ht, mt]
        hh_rows = _read_rows(hb, mapping, problems, member_rows=False)
        mem_rows = _read_rows(mb, mapping, problems, member_rows=True)

    id_of = {id(r): str(r.member["members.id_number"]) for r in mem_rows if "members.id_number" in r.member}
    _duplicates(mem_rows, problems, id_of)

    groups: dict[str, _Group] = {}
    orphans: list[_Row] = []
    for r in hh_rows:
        if r.key is None:
            orphans.append(r)
            continue
        if r.key in groups:
            first = groups[r.key].rows[0]
            for x in (first, r):
                x.bad = True
            problems.append(_problem(r, mapping.key, None, type="duplicate_household", path="household_id",
                                     zh=f"户编号重复(与 {first.sheet}!{first.row} 相同)",
                                     en=f"household key repeated (same as {first.sheet}!{first.row})"))
            groups[r.key].rows.append(r)
            continue
        g = groups[r.key] = _Group(key=r.key, rows=[r])
        g.hh = {p: (v, r) for p, v in r.hh.items()}
        if r.region is not None or mapping.region_value is not None:
            g.region = (r.region or mapping.region_value or "", r)
    for r in mem_rows:
        if r.key is None:
            orphans.append(r)
            continue
        g0 = groups.get(r.key)
        if g0 is None:
            if mapping.rows == "split":
                r.bad = True
                orphans.append(r)
                problems.append(_problem(r, mapping.key, None, type="household_not_found", path="household_id",
                                         zh="户表中没有此户编号", en="household key not found on the household sheet"))
                continue
            g0 = groups[r.key] = _Group(key=r.key)
        g0.rows.append(r)
        g0.members.append(r)
        if mapping.rows == "person":
            for p, v in r.hh.items():
                if p in g0.hh and g0.hh[p][0] != v:
                    prev = g0.hh[p][1]
                    r.bad = True
                    problems.append(_problem(
                        r, mapping.fields[p], _column_of(mapping, bound, r.sheet, p), type="household_conflict",
                        zh=f"同户各行的户级字段取值不一致(与第{prev.row}行不同)",
                        en=f"household value differs from row {prev.row} of the same household"))
                else:
                    g0.hh.setdefault(p, (v, r))
            region = r.region or mapping.region_value
            if region is not None:
                if g0.region is not None and g0.region[0] != region:
                    r.bad = True
                    problems.append(_problem(r, None, mapping.region_column, type="household_conflict",
                                             path="region", zh=f"同户各行的区划不一致(与第{g0.region[1].row}行不同)",
                                             en=f"region differs from row {g0.region[1].row} of the same household"))
                elif g0.region is None:
                    g0.region = (region, r)

    households: list[Household] = []
    rejected_rows = len(orphans)
    rejected = 0
    for g in groups.values():
        ok = not any(r.bad for r in g.rows)
        if ok and not g.members:
            first = g.rows[0]
            problems.append(_problem(first, None, None, type="no_members", path="members",
                                     zh="此户在成员表中没有成员行", en="no member rows for this household"))
            ok = False
        if ok:
            h, errs = _validate(g, mapping, bound)
            if h is not None:
                households.append(h)
                continue
            problems.extend(errs)
        rejected += 1
        rejected_rows += len(g.rows)
        bad_rows = ", ".join(str(r.row) for r in g.rows if r.bad) or ", ".join(str(r.row) for r in g.rows)
        first = g.rows[0]
        problems.append(Problem(sheet=first.sheet, row=first.row, household_id=g.key, type="household_rejected",
                                message_zh=f"本户整户未导入(共{len(g.rows)}行;问题行:{bad_rows})",
                                message_en=f"household rejected whole ({len(g.rows)} rows; rows with problems: "
                                           f"{bad_rows})"))

    ignored: list[str] = []
    mapped = mapping.column_names()
    for t in all_tables:
        for name in t.headers:
            if name and not header_known(name, mapped) and name not in ignored:
                ignored.append(name)
        for d in t.duplicate_headers:
            problems.append(Problem(severity="warning", sheet=t.name, row=t.header_row, column=d,
                                    type="duplicate_column", message_zh="列名重复,只读取第一列",
                                    message_en="column name repeated; only the first is read"))
    rows_read = sum(len(t.records) for t in all_tables)
    report = ImportReport(
        files=tuple(files), ignored_columns=tuple(ignored), problems=tuple(problems),
        summary=Summary(rows_read=rows_read, households_built=len(households), households_rejected=rejected,
                        rows_rejected=rejected_rows))
    return ImportResult(households=households, report=report)


def _split_sheets(sheets: Sequence[RawSheet], member_sheets: Sequence[RawSheet],
                  mapping: Mapping) -> tuple[RawSheet, RawSheet]:
    pool = list(sheets) + list(member_sheets)
    by_name = {s.name: s for s in pool}

    def pick(name: str | None, fallback: RawSheet | None, role: str) -> RawSheet:
        if name is not None:
            if name in by_name:
                return by_name[name]
            if fallback is None or member_sheets == ():
                raise MappingMismatch(f"{role} sheet {name!r} not in the workbook")
        if fallback is None:
            raise MappingMismatch(f"the split layout needs a {role} sheet (a second sheet, or --members FILE)")
        return fallback

    hh = pick(mapping.household_sheet, sheets[0] if sheets else None, "household")
    rest = [s for s in pool if s is not hh]
    mem = pick(mapping.member_sheet, member_sheets[0] if member_sheets else (rest[0] if rest else None), "member")
    return hh, mem


def _validate(g: _Group, mapping: Mapping, bound: dict[str, _Bound]) -> tuple[Household | None, list[Problem]]:
    data: dict[str, Any] = {"household_id": g.key}
    if g.region is not None:
        data["region"] = g.region[0]
    for p, (v, _r) in g.hh.items():
        _set_path(data, p, v)
    data["members"] = [{k[len(MEMBER_PREFIX):]: v for k, v in r.member.items()} for r in g.members]
    try:
        return Household.model_validate(data), []
    except ValidationError as exc:
        out: list[Problem] = []
        for e in field_errors(exc):
            parts = e.field.split(".")
            row: _Row = g.rows[0]
            path = e.field
            if parts[0] == "members" and len(parts) > 1 and parts[1].isdigit():
                row = g.members[int(parts[1])]
                path = MEMBER_PREFIX + ".".join(parts[2:]) if len(parts) > 2 else "members"
            elif path in g.hh:
                row = g.hh[path][1]
            elif path == "region" and g.region is not None:
                row = g.region[1]
            row.bad = True
            col = mapping.region_column if path == "region" else _column_of(mapping, bound, row.sheet, path)
            out.append(_problem(row, None, col, type=e.type, zh=e.message_zh, en=e.message_en, path=path))
        return None, out


def import_file(path: str | Path, mapping: Mapping, *, members: str | Path | None = None) -> ImportResult:
    """Read ``path`` (CSV or XLSX; for the split layout, ``members`` may name a separate member file)."""
    sheets = read_file(path)
    member_sheets = read_file(members) if members is not None else []
    files = [Path(path).name] + ([Path(members).name] if members is not None else [])
    return import_sheets(sheets, mapping, member_sheets=member_sheets, files=files)
