"""Departmental data comparison (部门信息比对): households against department extracts.

The seeds make comparison a routine duty — 001 一.五 (each department compares in May and October), 002 (二)
(部门信息比对 as one of the three discovery channels), 000 六 (大数据分析比对 to warn early). This module does
the mechanical part: it matches each extract row to a household member by id number (or to a household by
户编号), and reports every disagreement that signals a risk or a data error, with the clause that makes it
matter.

Identifiers are matched as keyed hashes held in memory only (HMAC-SHA256 with a random per-run key), so
neither the findings nor any log line can carry an id number: people are shown as masked ids. Missing data is
not a disagreement: a household field that is empty while the extract has a positive record is reported
separately as ``unrecorded`` (the file should be completed), never as a conflict.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..errors import XianjieError
from ..models import Citation, Household, Person
from ..policies.documents import cite
from .mapping import find_column, normalise_header
from .readers import read_file, to_table
from .values import cell_text, mask_id

__all__ = [
    "EXTRACT_KINDS",
    "ComparisonReport",
    "ExtractError",
    "ExtractSummary",
    "Finding",
    "compare",
    "detect_kind",
    "load_extract",
]

ExtractKind = Literal["insurance", "disability", "assistance", "school", "housing"]
Severity = Literal["risk", "data_error", "unrecorded"]

COMPARISON = cite("001", "一.五", "各相关行业部门要在5月、10月分别开展一次信息比对,解决政策落实不到位问题")
_INSURANCE = cite("001", "二.二", "实现脱贫人口、监测对象基本医保参保率100%")
_SCHOOL = (cite("000", "二", "确保除身体原因不具备学习条件外,脱贫家庭义务教育阶段适龄儿童少年不失学辍学"),
           cite("001", "二.一", "确保脱贫家庭义务教育阶段辍学学生始终动态为零"))
_DISABILITY = cite("000", "六", "继续为农村低保对象、特困人员、易返贫致贫人员、重度残疾人等困难群众代缴最低缴费档次城乡居民养老保险保费")
_DISABILITY_SHARE = cite("001", "二", "加强乡村振兴与民政、残联等部门协调沟通和信息共享")
_ASSISTANCE = cite("001", "二", "确保应兜尽兜、应享尽享")
_ROLLS = cite("000", "六", "建立健全农村低保对象、农村特困人员")
_TEKUN = cite("000", "六", "建立农村分散供养特困人员联系帮扶机制")
_HOUSING = cite("000", "四", "对农村低收入人口唯一住房鉴定为C、D级危房的,及时纳入保障范围")

_ID_COLUMNS = ("身份证号", "公民身份号码", "证件号码", "身份证号码")


class ExtractError(XianjieError):
    """An extract cannot be used (unknown kind, no id column): a usage error, exit code 2."""

    code = "extract_error"


@dataclass(frozen=True)
class _Kind:
    name_zh: str
    signature: tuple[str, ...]  # any of these headers identifies the kind
    roles: dict[str, tuple[str, ...]]


EXTRACT_KINDS: dict[str, _Kind] = {
    "insurance": _Kind("医保参保名单", ("参保状态", "参保年度", "参保险种", "参保类型", "参保情况"),
                       {"id": _ID_COLUMNS, "status": ("参保状态", "参保情况")}),
    "disability": _Kind("持证残疾人名单", ("残疾证号", "残疾等级"),
                        {"id": _ID_COLUMNS, "grade": ("残疾等级",), "category": ("残疾类别",)}),
    "assistance": _Kind("低保/特困名册", ("救助类别", "保障类别", "保障类型", "救助类型", "供养方式"),
                        {"id": _ID_COLUMNS, "kind": ("救助类别", "保障类别", "保障类型", "救助类型"),
                         "mode": ("供养方式", "供养形式")}),
    "school": _Kind("学籍名单", ("学籍号", "学校名称", "就读学校", "在校状态", "学籍状态"),
                    {"id": _ID_COLUMNS, "status": ("在校状态", "学籍状态", "就读状态")}),
    "housing": _Kind("住房安全鉴定", ("鉴定等级", "房屋鉴定等级", "住房安全鉴定等级", "危房等级"),
                     {"id": ("户主身份证号",) + _ID_COLUMNS, "household": ("户编号",),
                      "grade": ("鉴定等级", "房屋鉴定等级", "住房安全鉴定等级", "危房等级")}),
}

_YES_INSURED = {"参保", "已参保", "正常参保", "正常", "在保", "参保缴费"}
_NOT_INSURED = {"未参保", "停保", "暂停参保", "终止参保", "中断", "断保"}
_ENROLLED = {"在读", "在校", "在籍", "正常"}
_NOT_ENROLLED = {"休学", "辍学", "退学", "毕业", "转出", "失学"}
_GRADES = {"一级": 1, "二级": 2, "三级": 3, "四级": 4, "1": 1, "2": 2, "3": 3, "4": 4, "1级": 1, "2级": 2,
           "3级": 3, "4级": 4, "一": 1, "二": 2, "三": 3, "四": 4}
_CATEGORIES = {"视力残疾": "vision", "听力残疾": "hearing", "言语残疾": "speech", "肢体残疾": "physical",
               "智力残疾": "intellectual", "精神残疾": "mental", "多重残疾": "multiple"}
_ASSIST = {"低保": "dibao", "农村低保": "dibao", "城乡低保": "dibao", "最低生活保障": "dibao", "特困": "tekun",
           "特困供养": "tekun", "特困人员": "tekun", "低保边缘": "dibao_edge", "低保边缘家庭": "dibao_edge"}
_MODES = {"分散供养": "dispersed", "分散": "dispersed", "集中供养": "centralised", "集中": "centralised"}
_HOUSE = {"A": "A", "B": "B", "C": "C", "D": "D", "A级": "A", "B级": "B", "C级": "C", "D级": "D"}


class Finding(BaseModel):
    """One disagreement between the household file and a department extract (no identifiers inside)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    check: str
    severity: Severity
    household_id: str
    member: int | None = None  # 1-based position in the household
    person: str | None = None  # masked id number
    field: str
    file_value: str | None
    extract_value: str | None
    extract: str
    message_zh: str
    message_en: str
    citations: tuple[Citation, ...]

    def line(self) -> str:
        who = f" 成员{self.member} ({self.person})" if self.member is not None else ""
        refs = "; ".join(c.short() for c in self.citations)
        return (f"[{self.severity}] 户 {self.household_id}{who} {self.field}: {self.message_zh} / {self.message_en} "
                f"(file={self.file_value}, {self.extract}={self.extract_value}) [{refs}]")


class ExtractSummary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    kind: str
    rows: int
    matched_rows: int
    unmatched_rows: int
    problems: tuple[str, ...] = ()


class ComparisonReport(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["xianjie.comparison/1"] = "xianjie.comparison/1"
    households: int
    extracts: tuple[ExtractSummary, ...]
    findings: tuple[Finding, ...]
    citation: Citation = COMPARISON

    def to_text(self) -> str:
        out = [f"比对户数 households compared: {self.households}; 发现不一致 disagreements: {len(self.findings)} "
               f"[{self.citation.short()}]"]
        for e in self.extracts:
            out.append(f"  {e.file} ({e.kind}): rows {e.rows}, matched {e.matched_rows}, "
                       f"not in the household file {e.unmatched_rows}")
            out += [f"    ! {p}" for p in e.problems]
        out += [f.line() for f in self.findings]
        return "\n".join(out) + "\n"


@dataclass
class _Extract:
    file: str
    kind: str
    by_person: dict[bytes, dict[str, Any]] = field(default_factory=dict)
    by_household: dict[str, dict[str, Any]] = field(default_factory=dict)
    rows: int = 0
    problems: list[str] = field(default_factory=list)
    matched: set[int] = field(default_factory=set)
    row_of: dict[bytes | str, int] = field(default_factory=dict)

    def roll_kinds(self) -> set[str]:
        recs = list(self.by_person.values()) + list(self.by_household.values())
        return {k for r in recs for k in r.get("kinds", ())}


class _Hasher:
    def __init__(self) -> None:
        self._key = os.urandom(32)

    def __call__(self, id_number: str) -> bytes:
        return hmac.new(self._key, id_number.strip().upper().encode(), hashlib.sha256).digest()


def detect_kind(headers: Iterable[str]) -> str | None:
    """The one extract kind whose signature headers appear, or None if none or several do."""
    norm = {normalise_header(h) for h in headers if h}
    hits = [k for k, spec in EXTRACT_KINDS.items() if any(normalise_header(s) in norm for s in spec.signature)]
    return hits[0] if len(hits) == 1 else None


def _translate(table: dict[str, Any], text: str) -> Any:
    return table.get(text, table.get(text.replace(" ", "")))


def load_extract(path: str | Path, kind: str | None, hasher: Callable[[str], bytes]) -> _Extract:
    """Read one extract; ``kind`` None means recognise it from its headers."""
    p = Path(path)
    sheets = read_file(p)
    known = [c for spec in EXTRACT_KINDS.values() for cols in spec.roles.values() for c in cols]
    tables = [to_table(s, known) for s in sheets]
    if kind is None:
        for t in tables:
            kind = detect_kind(t.headers)
            if kind:
                break
        if kind is None:
            raise ExtractError(f"{p.name}: cannot tell which department extract this is; use --with KIND=PATH "
                               f"with KIND one of {', '.join(EXTRACT_KINDS)}")
    if kind not in EXTRACT_KINDS:
        raise ExtractError(f"unknown extract kind {kind!r}; one of {', '.join(EXTRACT_KINDS)}")
    spec = EXTRACT_KINDS[kind]
    table = next((t for t in tables if find_column(spec.roles["id"], t.index())
                  or ("household" in spec.roles and find_column(spec.roles["household"], t.index()))), None)
    if table is None:
        raise ExtractError(f"{p.name}: no id-number column ({'/'.join(spec.roles['id'])}) to match on")
    cols = {role: find_column(names, table.index()) for role, names in spec.roles.items()}
    idx = {role: table.column(c) for role, c in cols.items() if c is not None}
    ex = _Extract(file=p.name, kind=kind)
    for row_no, cells in table.records:
        ex.rows += 1
        values = {role: cell_text(cells[i]) for role, i in idx.items()}
        record = _parse_record(kind, values, row_no, ex.problems)
        if record is None:
            continue
        ident = values.get("id", "")
        if ident:
            h = hasher(ident)
            ex.row_of[h] = row_no
            if kind == "assistance" and h in ex.by_person:
                prev = ex.by_person[h]
                prev["kinds"] = prev["kinds"] | record["kinds"]
                prev["mode"] = prev["mode"] or record["mode"]
            else:
                ex.by_person[h] = record
        elif values.get("household"):
            ex.by_household[values["household"]] = record
            ex.row_of[values["household"]] = row_no
        else:
            ex.problems.append(f"row {row_no}: no id number or household key / 第{row_no}行无身份证号或户编号")
    return ex


def _parse_record(kind: str, v: dict[str, str], row: int, problems: list[str]) -> dict[str, Any] | None:
    def bad(col: str) -> None:
        problems.append(f"row {row}: unreadable {col} / 第{row}行「{col}」无法识别")

    if kind == "insurance":
        s = v.get("status", "")
        if s and s not in _YES_INSURED | _NOT_INSURED:
            bad("参保状态")
            return None
        return {"insured": s not in _NOT_INSURED}
    if kind == "disability":
        grade = _translate(_GRADES, v.get("grade", "")) if v.get("grade") else None
        cat = _translate(_CATEGORIES, v.get("category", "")) if v.get("category") else None
        if (v.get("grade") and grade is None) or (v.get("category") and cat is None):
            bad("残疾等级/残疾类别")
            return None
        return {"grade": grade, "category": cat}
    if kind == "assistance":
        k = _translate(_ASSIST, v.get("kind", ""))
        mode = _translate(_MODES, v.get("mode", "")) if v.get("mode") else None
        if k is None or (v.get("mode") and mode is None):
            bad("救助类别/供养方式")
            return None
        return {"kinds": frozenset({k}), "mode": mode}
    if kind == "school":
        s = v.get("status", "")
        if s and s not in _ENROLLED | _NOT_ENROLLED:
            bad("在校状态")
            return None
        return {"enrolled": s not in _NOT_ENROLLED}
    grade_text = v.get("grade", "")
    g = _translate(_HOUSE, grade_text.upper())
    if g is None:
        bad("鉴定等级")
        return None
    return {"grade": g}


def _s(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class _Ctx:
    h: Household
    ex: _Extract
    hasher: Callable[[str], bytes]
    out: list[Finding]

    def member_record(self, m: Person) -> dict[str, Any] | None:
        if not m.id_number:
            return None
        key = self.hasher(m.id_number)
        rec = self.ex.by_person.get(key)
        if rec is not None:
            self.ex.matched.add(self.ex.row_of[key])
        return rec

    def add(self, check: str, severity: Severity, fld: str, file_value: Any, extract_value: Any, zh: str, en: str,
            cites: Sequence[Citation], i: int | None = None) -> None:
        m = self.h.members[i] if i is not None else None
        self.out.append(Finding(
            check=f"{self.ex.kind}.{check}", severity=severity, household_id=self.h.household_id,
            member=None if i is None else i + 1, person=mask_id(m.id_number) if m is not None else None,
            field=fld, file_value=_s(file_value), extract_value=_s(extract_value), extract=self.ex.file,
            message_zh=zh, message_en=en, citations=(*cites, COMPARISON)))


def _insurance(c: _Ctx) -> None:
    for i, m in enumerate(c.h.members):
        if not m.id_number:
            continue
        rec = c.member_record(m)
        insured = bool(rec and rec["insured"])
        f = m.medical_insured
        if f is True and not insured:
            c.add("insured_not_confirmed", "risk", "members.medical_insured", f, insured,
                  "户表记为已参保,医保参保名单中没有参保记录", "household file says insured; the insurance extract "
                  "has no enrolment", (_INSURANCE,), i)
        elif f is False and insured:
            c.add("insured_not_recorded", "data_error", "members.medical_insured", f, insured,
                  "医保名单显示已参保,户表记为未参保", "the insurance extract shows enrolment; the household file "
                  "says not insured", (_INSURANCE,), i)
        elif f is None and insured:
            c.add("insured_unrecorded", "unrecorded", "members.medical_insured", f, insured,
                  "户表未填参保情况,医保名单显示已参保", "insurance not recorded in the household file; the extract "
                  "shows enrolment", (_INSURANCE,), i)


def _disability(c: _Ctx) -> None:
    cites = (_DISABILITY, _DISABILITY_SHARE)
    for i, m in enumerate(c.h.members):
        if not m.id_number:
            continue
        rec = c.member_record(m)
        if rec is None:
            if m.disabled is True or m.disability_grade is not None:
                c.add("no_certificate", "data_error", "members.disabled", True, None,
                      "户表记为残疾,残联持证名单中没有此人", "household file records a disability; no certificate in "
                      "the disability extract", cites, i)
            continue
        if m.disabled is False:
            c.add("certificate_not_recorded", "risk", "members.disabled", False, rec["grade"],
                  "持有残疾证,户表记为非残疾", "holds a disability certificate; household file says not disabled",
                  cites, i)
            continue
        if m.disabled is None and m.disability_grade is None:
            c.add("disability_unrecorded", "unrecorded", "members.disability_grade", None, rec["grade"],
                  "户表未填残疾情况,残联名单有持证记录", "disability not recorded in the household file; the "
                  "extract has a certificate", cites, i)
            continue
        if m.disability_grade is not None and rec["grade"] is not None and m.disability_grade != rec["grade"]:
            c.add("grade_differs", "data_error", "members.disability_grade", m.disability_grade, rec["grade"],
                  "残疾等级与残联记录不一致", "disability grade differs from the certificate", cites, i)
        if m.disability_category is not None and rec["category"] is not None \
                and m.disability_category != rec["category"]:
            c.add("category_differs", "data_error", "members.disability_category", m.disability_category,
                  rec["category"], "残疾类别与残联记录不一致", "disability category differs from the certificate",
                  cites, i)


def _assistance(c: _Ctx) -> None:
    recs = [(i, c.member_record(m)) for i, m in enumerate(c.h.members) if m.id_number]
    if not recs:
        return
    hh = c.ex.by_household.get(c.h.household_id)
    kinds: set[str] = set(hh["kinds"]) if hh else set()
    for _i, r in recs:
        if r is not None:
            kinds |= r["kinds"]
    cites = (_ROLLS, _ASSISTANCE)
    for status, fld, zh, en in (("dibao", "statuses.dibao", "低保", "低保 (minimum living allowance)"),
                                ("dibao_edge", "statuses.dibao_edge", "低保边缘", "低保-edge")):
        f = getattr(c.h.statuses, status)
        on = status in kinds
        if on and f is False:
            c.add(f"{status}_not_marked", "data_error", fld, f, on, f"在民政{zh}名册上,户表未标记为{zh}户",
                  f"on the {en} roll; the household file says no", cites)
        elif on and f is None:
            c.add(f"{status}_unrecorded", "unrecorded", fld, f, on, f"在民政{zh}名册上,户表未填写",
                  f"on the {en} roll; not recorded in the household file", cites)
        elif f is True and not on and status in c.ex.roll_kinds():
            # a roll that lists no one of this kind (e.g. a 特困-only register) says nothing about it
            c.add(f"{status}_not_on_roll", "risk", fld, f, on, f"户表标记为{zh}户,民政名册中没有本户成员",
                  f"household file says {en}; no member is on the roll", cites)
    for i, r in recs:
        m = c.h.members[i]
        on_roll = r is not None and "tekun" in r["kinds"]
        mode = r["mode"] if r is not None else None
        f = m.tekun
        if on_roll:
            if f is None:
                c.add("tekun_unrecorded", "unrecorded", "members.tekun", f, mode or "tekun",
                      "在特困人员名册上,户表未填写特困供养", "on the 特困 roll; not recorded in the household file",
                      (_TEKUN,), i)
            elif f == "none" or (mode is not None and f != mode):
                c.add("tekun_differs", "data_error", "members.tekun", f, mode or "tekun",
                      "特困供养情况与民政名册不一致", "特困 support differs from the civil-affairs roll", (_TEKUN,), i)
        elif f in ("dispersed", "centralised"):
            c.add("tekun_not_on_roll", "risk", "members.tekun", f, None, "户表记为特困供养,民政名册中没有此人",
                  "household file says 特困; not on the civil-affairs roll", (_TEKUN,), i)


_COMPULSORY = ("primary", "junior")


def _school(c: _Ctx) -> None:
    for i, m in enumerate(c.h.members):
        if not m.id_number:
            continue
        rec = c.member_record(m)
        on = rec is not None and rec["enrolled"]
        expected = m.enrolled is True or (m.enrolled is None and m.school_stage in _COMPULSORY)
        if expected and not on:
            which = "学籍显示未在读" if rec is not None else "学籍名单中没有此人"
            c.add("not_on_school_roll", "risk", "members.enrolled", m.enrolled, on,
                  f"户表记为在校,{which}(核实是否失学辍学或在外地就读)",
                  "household file says in school; the school roll does not (check for dropout or schooling "
                  "elsewhere)", _SCHOOL, i)
        elif m.enrolled is False and on:
            c.add("enrolled_not_recorded", "data_error", "members.enrolled", False, True,
                  "学籍显示在读,户表记为不在校", "the school roll shows enrolment; household file says not in school",
                  _SCHOOL, i)
        elif m.enrolled is None and not expected and on:
            c.add("enrolled_unrecorded", "unrecorded", "members.enrolled", None, True,
                  "学籍显示在读,户表未填写", "the school roll shows enrolment; not recorded in the household file",
                  _SCHOOL, i)


def _housing(c: _Ctx) -> None:
    rec = c.ex.by_household.get(c.h.household_id)
    if rec is not None:
        c.ex.matched.add(c.ex.row_of[c.h.household_id])
    else:
        for m in c.h.members:
            rec = c.member_record(m)
            if rec is not None:
                break
    if rec is None:
        return
    f, g = c.h.housing.safety_grade, rec["grade"]
    if f is None:
        c.add("grade_unrecorded", "unrecorded", "housing.safety_grade", None, g, "户表未填住房鉴定等级,住建有鉴定记录",
              "housing grade not recorded in the household file; the appraisal extract has one", (_HOUSING,))
    elif f != g:
        flips = (f in "CD") != (g in "CD")
        c.add("grade_differs", "risk" if flips else "data_error", "housing.safety_grade", f, g,
              "住房安全鉴定等级与住建记录不一致" + (",危房认定随之不同" if flips else ""),
              "housing safety grade differs from the appraisal" + (
                  "; whether the house is dangerous (C/D) differs" if flips else ""), (_HOUSING,))


_CHECKS: dict[str, Callable[[_Ctx], None]] = {
    "insurance": _insurance, "disability": _disability, "assistance": _assistance, "school": _school,
    "housing": _housing,
}


def compare(households: Sequence[Household], extracts: Sequence[tuple[str | None, str | Path]]) -> ComparisonReport:
    """Compare ``households`` with each ``(kind or None, path)`` extract; findings in household order."""
    hasher = _Hasher()
    loaded = [load_extract(path, kind, hasher) for kind, path in extracts]
    findings: list[Finding] = []
    for ex in loaded:
        for h in households:
            _CHECKS[ex.kind](_Ctx(h=h, ex=ex, hasher=hasher, out=findings))
    summaries = tuple(ExtractSummary(
        file=ex.file, kind=ex.kind, rows=ex.rows, matched_rows=len(ex.matched),
        unmatched_rows=len(set(ex.row_of.values()) - ex.matched), problems=tuple(ex.problems)) for ex in loaded)
    return ComparisonReport(households=len(households), extracts=summaries, findings=tuple(findings))

