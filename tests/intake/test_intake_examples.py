"""The shipped synthetic exports import into exactly the hand-written households, and the comparison finds
exactly the seeded disagreements in the example department extracts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from xianjie.cli import cli
from xianjie.intake import compare, default_mapping, import_file, load_mapping
from xianjie.models import Household

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples" / "intake"
SEEDS = ROOT.parent / "shared" / "seeds"
IDS = re.compile(r"\d{17}[\dX]")


def expected() -> list[dict[str, object]]:
    lines = (EX / "households.jsonl").read_text(encoding="utf-8").splitlines()
    return [Household.model_validate_json(x).model_dump() for x in lines if x.strip()]


def test_gbk_person_csv_imports_into_the_hand_written_households() -> None:
    assert (EX / "monitoring_export_gbk.csv").read_bytes().decode("gbk")  # really GBK, not UTF-8
    r = import_file(EX / "monitoring_export_gbk.csv", default_mapping())
    assert r.ok and [h.model_dump() for h in r.households] == expected()
    assert r.report.summary.rows_read == 10 and r.report.ignored_columns == ("联系电话", "备注")


def test_two_sheet_xlsx_imports_into_the_same_households() -> None:
    r = import_file(EX / "monitoring_two_sheets.xlsx", load_mapping(EX / "two_sheets_mapping.toml"))
    assert r.ok and [h.model_dump() for h in r.households] == expected()
    assert r.report.summary.households_built == 4


def test_cli_import_writes_households_and_exit_0(tmp_path: Path) -> None:
    out = tmp_path / "h.jsonl"
    res = CliRunner().invoke(cli, ["import", str(EX / "monitoring_export_gbk.csv"), "--out", str(out),
                                   "--report", str(tmp_path / "r.json")])
    assert res.exit_code == 0, res.stderr
    got = [Household.model_validate_json(x).model_dump() for x in out.read_text(encoding="utf-8").splitlines()]
    assert got == expected()
    rep = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert rep["summary"] == {"rows_read": 10, "households_built": 4, "households_rejected": 0, "rows_rejected": 0}
    assert not IDS.search(res.stderr)


SEEDED = {
    ("insurance.insured_not_confirmed", "risk", "H001", 3),
    ("insurance.insured_not_recorded", "data_error", "H003", 1),
    ("disability.grade_differs", "data_error", "H001", 2),
    ("disability.certificate_not_recorded", "risk", "H004", 1),
    ("assistance.dibao_not_marked", "data_error", "H003", None),
    ("assistance.tekun_differs", "data_error", "H003", 3),
    ("school.not_on_school_roll", "risk", "H002", 2),
    ("housing.grade_differs", "data_error", "H003", None),
    ("housing.grade_differs", "risk", "H004", None),
}
EXTRACTS = ["insurance.xlsx", "disability.csv", "assistance.csv", "school.csv", "housing.csv"]


def test_comparison_finds_every_seeded_disagreement_and_nothing_else() -> None:
    hs = [Household.model_validate(d) for d in expected()]
    rep = compare(hs, [(None, EX / "extracts" / f) for f in EXTRACTS])
    got = {(f.check, f.severity, f.household_id, f.member) for f in rep.findings}
    assert got == SEEDED and len(rep.findings) == len(SEEDED)
    assert [e.kind for e in rep.extracts] == ["insurance", "disability", "assistance", "school", "housing"]
    assert rep.extracts[0].unmatched_rows == 1  # the person who is in no household
    assert all(len(f.citations) >= 2 for f in rep.findings)
    assert not IDS.search(rep.model_dump_json())


def test_comparison_quotes_are_verbatim_from_the_seeds() -> None:
    def norm(s: str) -> str:
        return re.sub(r"\s+", "", s).replace("，", ",")

    if not SEEDS.is_dir():
        pytest.fail(f"the policy seeds are expected at {SEEDS}")
    texts = {p.name[:3]: norm(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    hs = [Household.model_validate(d) for d in expected()]
    rep = compare(hs, [(None, EX / "extracts" / f) for f in EXTRACTS])
    cites = {c for f in rep.findings for c in f.citations} | {rep.citation}
    assert len(cites) >= 6
    for c in cites:
        assert c.quote_zh and norm(c.quote_zh) in texts[c.document], c.short()


def test_cli_compare_with_kind_forms_and_exit_codes(tmp_path: Path) -> None:
    hfile = tmp_path / "h.jsonl"
    hfile.write_text((EX / "households.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(cli, ["compare", str(hfile), "--with", f"school={EX / 'extracts' / 'school.csv'}",
                              "--with", str(EX / "extracts" / "housing.csv"), "--format", "json"])
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert {f["check"] for f in data["findings"]} == {"school.not_on_school_roll", "housing.grade_differs"}
    assert not IDS.search(res.stdout + res.stderr)
    # an extract that agrees → exit 0; an unknown kind → usage error
    agree = tmp_path / "school_ok.csv"
    agree.write_text("姓名,身份证号,在校状态\n测试戊,429006201405200517,在读\n测试丙,429006201009010316,在读\n"
                     "测试庚,429006200801150721,在读\n测试癸,429006201609090137,在读\n", encoding="utf-8")
    assert runner.invoke(cli, ["compare", str(hfile), "--with", str(agree)]).exit_code == 0
    bad = runner.invoke(cli, ["compare", str(hfile), "--with", f"pension={agree}"])
    assert bad.exit_code == 2 and "pension" in bad.stderr
    unknown = tmp_path / "x.csv"
    unknown.write_text("姓名,身份证号,电话\n", encoding="utf-8")
    res = runner.invoke(cli, ["compare", str(hfile), "--with", str(unknown)])
    assert res.exit_code == 2 and "KIND=PATH" in res.stderr


def test_mapping_init_drafts_a_mapping_that_imports_the_workbook(tmp_path: Path) -> None:
    m = tmp_path / "m.toml"
    res = CliRunner().invoke(cli, ["mapping", "init", str(EX / "monitoring_export_gbk.csv"), "--out", str(m)])
    assert res.exit_code == 0
    text = m.read_text(encoding="utf-8")
    assert "#   monitoring_export_gbk.csv: 联系电话" in text and 'rows = "person"' in text
    r = import_file(EX / "monitoring_export_gbk.csv", load_mapping(m))
    assert r.ok and [h.model_dump() for h in r.households] == expected()
    res = CliRunner().invoke(cli, ["mapping", "init", str(EX / "monitoring_two_sheets.xlsx")])
    assert 'rows = "split"' in res.stdout and 'member_sheet = "成员信息"' in res.stdout
    assert CliRunner().invoke(cli, ["mapping", "default"]).stdout.startswith("# xianjie default mapping")


def test_missing_household_data_is_unrecorded_not_a_conflict() -> None:
    data = expected()
    h = data[3]  # H004: clear the fields the extracts speak about
    h["housing"]["safety_grade"] = None  # type: ignore[index]
    h["members"][0]["disabled"] = None  # type: ignore[index]
    h["members"][0]["medical_insured"] = None  # type: ignore[index]
    hs = [Household.model_validate(h)]
    rep = compare(hs, [(None, EX / "extracts" / f) for f in ("insurance.xlsx", "disability.csv", "housing.csv")])
    got = {(f.check, f.severity, f.member) for f in rep.findings}
    assert got == {("insurance.insured_unrecorded", "unrecorded", 1),
                   ("disability.disability_unrecorded", "unrecorded", 1),
                   ("housing.grade_unrecorded", "unrecorded", None)}
