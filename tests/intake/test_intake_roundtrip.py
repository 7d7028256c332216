"""Households → export (CSV in two encodings, XLSX in both layouts) → import → the same households."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xianjie.intake import default_mapping, export_csv, export_xlsx, import_file, mapping_from_dict
from xianjie.intake.fields import FieldInfo, all_fields
from xianjie.models import Household

MAPPING = default_mapping()
SPLIT = mapping_from_dict({"extends": "default", "layout": {"rows": "split"}})
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RANGES = {"disability_grade": (1, 4), "work_months": (0, 12), "poverty_lifted_year": (2013, 2020),
           "quantity_lpd": (0, 10000), "fetch_minutes": (0, 1440), "supply_guarantee_pct": (0, 100)}
_SIGNED = {"income.annual_net_income", "income.business", "income.previous_year_net_income"}


def _id(n: int) -> str:
    body = f"429006{19600101 + n % 28:08d}{n % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _W, strict=True)) % 11]


def _value(info: FieldInfo) -> st.SearchStrategy[Any]:
    leaf = info.path.rsplit(".", 1)[-1]
    if info.kind == "bool":
        return st.booleans()
    if info.kind == "int":
        lo, hi = _RANGES.get(leaf, (0, 100))
        return st.integers(lo, hi)
    if info.kind == "decimal":
        lo = -100000 if info.path in _SIGNED else 0
        return st.decimals(min_value=lo, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
    if info.kind == "date":
        return st.dates(date(1920, 1, 1), date(2030, 12, 31))
    if info.kind == "code":
        return st.sampled_from(info.choices)
    if info.kind == "codes":
        return st.frozensets(st.sampled_from(info.choices), max_size=3)
    if leaf == "name":
        return st.text("测试张王李赵甲乙丙丁", min_size=1, max_size=4)
    return st.from_regex(r"[A-Za-z0-9_\-]{1,10}", fullmatch=True)  # member_id


def _fields(member: bool) -> list[FieldInfo]:
    return [i for p, i in all_fields().items() if i.member == member and p in MAPPING.fields
            and p not in ("household_id", "members.id_number")]


@st.composite
def households(draw: st.DrawFn) -> list[Household]:
    out: list[Household] = []
    serial = 0
    for hi in range(draw(st.integers(1, 3))):
        data: dict[str, Any] = {"household_id": f"H{hi}", "region": draw(st.sampled_from(["429006", "231222"]))}
        for info in _fields(False):
            v = draw(st.none() | _value(info))
            if v is not None:
                target = data
                *head, last = info.path.split(".")
                for part in head:
                    target = target.setdefault(part, {})
                target[last] = v
        members = []
        for mi in range(draw(st.integers(1, 3))):
            m = {i.path[len("members."):]: draw(st.none() | _value(i)) for i in _fields(True)}
            m = {k: v for k, v in m.items() if v is not None}
            if m.get("disabled") is False:
                m.pop("disability_grade", None)
                m.pop("disability_category", None)
            if m.get("enrolled") is True:
                m.pop("not_enrolled_reason", None)
            if "member_id" in m:
                m["member_id"] = f"{m['member_id']}{mi}"
            if draw(st.booleans()):
                serial += 1
                m["id_number"] = _id(serial + 100 * hi)
            members.append(m)
        data["members"] = members
        out.append(Household.model_validate(data))
    return out


def _roundtrip(hs: list[Household], write: Any, **kw: Any) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as d:
        paths = write(Path(d))
        r = import_file(*paths, **kw)
    assert r.ok, r.report.to_text()
    return [h.model_dump() for h in r.households]


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(households(), st.sampled_from(["utf-8-sig", "gb18030"]))
def test_csv_roundtrip(hs: list[Household], encoding: str) -> None:
    def write(d: Path) -> tuple[Path, Any]:
        export_csv(hs, MAPPING, d / "x.csv", encoding=encoding)
        return d / "x.csv", MAPPING

    assert _roundtrip(hs, write) == [h.model_dump() for h in hs]


@SETTINGS
@given(households())
def test_split_csv_roundtrip(hs: list[Household]) -> None:
    def write(d: Path) -> tuple[Path, Any]:
        export_csv(hs, SPLIT, d / "h.csv", members_path=d / "m.csv")
        return d / "h.csv", SPLIT

    with tempfile.TemporaryDirectory() as d:
        h, _ = write(Path(d))
        r = import_file(h, SPLIT, members=Path(d) / "m.csv")
    assert r.ok and [x.model_dump() for x in r.households] == [x.model_dump() for x in hs]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households(), st.sampled_from(["person", "split"]))
def test_xlsx_roundtrip(hs: list[Household], layout: str) -> None:
    m = MAPPING if layout == "person" else SPLIT

    def write(d: Path) -> tuple[Path, Any]:
        export_xlsx(hs, m, d / "x.xlsx")
        return d / "x.xlsx", m

    assert _roundtrip(hs, write) == [h.model_dump() for h in hs]


def test_money_and_codes_are_written_as_office_words(tmp_path: Path) -> None:
    h = Household.model_validate({"household_id": "H1", "region": "429006",
                                  "income": {"annual_net_income": Decimal("-12.50")},
                                  "members": [{"disability_grade": 2, "disabled": True, "chronic_diseases": []}]})
    export_csv([h], MAPPING, tmp_path / "x.csv")
    text = (tmp_path / "x.csv").read_text(encoding="utf-8-sig")
    assert "-12.50" in text and "二级" in text and ",是," in text and ",无," in text
