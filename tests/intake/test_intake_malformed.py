"""Malformed exports: clear per-row reports, whole households rejected, the right exit codes, no identifiers."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from xianjie.cli import cli
from xianjie.intake import default_mapping, import_file, mapping_from_dict
from xianjie.intake.values import id_checksum_ok

IDS = re.compile(r"\d{17}[\dX]")
HEAD = "行政区划代码,户编号,家庭年纯收入,姓名,身份证号,与户主关系,出生日期,残疾等级\n"
A1, A2, B1 = "429006196503120111", "429006196708010223", "42900619500228042X"
GOOD = (f"429006,H1,8000,测试甲,{A1},户主,1965-03-12,\n"
        f"429006,H1,8000,测试乙,{A2},配偶,1967/8/1,二级\n"
        f"429006,H2,5000,测试丁,{B1},户主,19500228,\n")


def run(tmp_path: Path, text: str, *args: str, encoding: str = "utf-8", name: str = "x.csv") -> tuple[int, str, str]:
    f = tmp_path / name
    f.write_bytes(text.encode(encoding))
    r = CliRunner().invoke(cli, ["import", str(f), "--report", str(tmp_path / "r.json"), *args])
    assert "Traceback" not in r.stderr
    return r.exit_code, r.stdout, r.stderr


def report(tmp_path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    return data


def test_good_file_exit_0(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, HEAD + GOOD)
    assert code == 0 and len(out.splitlines()) == 2


def test_unknown_code_rejects_the_whole_household_and_reports_the_row(tmp_path: Path) -> None:
    text = HEAD + GOOD.replace("二级", "五级")
    code, out, err = run(tmp_path, text)
    assert code == 1
    assert [json.loads(x)["household_id"] for x in out.splitlines()] == ["H2"]  # H1 not half-imported
    rep = report(tmp_path)
    assert rep["summary"] == {"rows_read": 3, "households_built": 1, "households_rejected": 1, "rows_rejected": 2}
    probs = rep["problems"]
    assert isinstance(probs, list)
    bad = [p for p in probs if p["type"] == "unknown_code"]
    assert len(bad) == 1 and bad[0]["row"] == 3 and bad[0]["column"] == "残疾等级"
    assert bad[0]["field"] == "members.disability_grade" and "五级" in bad[0]["message_zh"]
    assert bad[0]["person"] == "4290**********0223"
    assert any(p["type"] == "household_rejected" and p["household_id"] == "H1" for p in probs)
    assert "未知代码" in err and "unknown code" in err
    assert not IDS.search(out.replace(A1, "").replace(A2, "").replace(B1, "") + err)
    assert A2 not in err


def test_bad_dates_and_amounts_are_reported_per_field(tmp_path: Path) -> None:
    text = HEAD + GOOD.replace("1967/8/1", "1967-13-01").replace("5000", "五千")
    code, _, err = run(tmp_path, text)
    probs = report(tmp_path)["problems"]
    assert code == 1 and isinstance(probs, list)
    kinds = {(p["row"], p["field"], p["type"]) for p in probs if p["type"] != "household_rejected"}
    assert kinds == {(3, "members.birth_date", "date_parsing"), (4, "income.annual_net_income", "decimal_parsing")}
    assert "日期无法识别" in err and "not a date" in err


def test_missing_required_column_is_a_usage_error(tmp_path: Path) -> None:
    text = HEAD.replace("户编号", "编号") + GOOD
    code, out, err = run(tmp_path, text)
    assert code == 2 and out == "" and "户编号" in err
    # no region column and no --region: usage error; --region fixes it
    text = HEAD.replace("行政区划代码", "地区") + GOOD
    assert run(tmp_path, text)[0] == 2
    assert run(tmp_path, text, "--region", "429006")[0] == 0


def test_duplicate_person_and_duplicate_household_keys(tmp_path: Path) -> None:
    text = HEAD + GOOD + f"429006,H3,100,测试丙,{A2},户主,1967-08-01,\n"
    code, out, _ = run(tmp_path, text)
    rep = report(tmp_path)
    assert code == 1 and [json.loads(x)["household_id"] for x in out.splitlines()] == ["H2"]
    dup = [p for p in rep["problems"] if p["type"] == "duplicate_person"]  # type: ignore[union-attr]
    assert {p["row"] for p in dup} == {3, 5}
    # split layout: the household key repeated on the household sheet
    m = mapping_from_dict({"extends": "default", "layout": {"rows": "split"}, "region": {"value": "429006"}})
    hh = tmp_path / "hh.csv"
    mem = tmp_path / "mem.csv"
    hh.write_text("户编号,家庭年纯收入\nH1,100\nH1,200\nH2,300\n", encoding="utf-8")
    mem.write_text("户编号,姓名\nH1,测试甲\nH2,测试乙\nH9,测试丙\n", encoding="utf-8")
    r = import_file(hh, m, members=mem)
    assert [h.household_id for h in r.households] == ["H2"]
    types = {(p.sheet, p.row, p.type) for p in r.report.problems}
    assert ("hh.csv", 3, "duplicate_household") in types and ("mem.csv", 4, "household_not_found") in types
    assert r.report.summary.rows_rejected == 4  # two H1 household rows, the H1 member row, the orphan


def test_conflicting_household_values_across_member_rows(tmp_path: Path) -> None:
    code, _, _ = run(tmp_path, HEAD + GOOD.replace("H1,8000,测试乙", "H1,9000,测试乙"))
    probs = report(tmp_path)["problems"]
    assert code == 1 and any(p["type"] == "household_conflict" and p["row"] == 3 for p in probs)  # type: ignore[union-attr]


def test_id_number_checks(tmp_path: Path) -> None:
    assert id_checksum_ok(A1) and not id_checksum_ok(A1[:-1] + "2")
    code, _, err = run(tmp_path, HEAD + GOOD.replace(A1, A1[:-1] + "2"))
    assert code == 1 and "校验位" in err and A1[:-1] + "2" not in err


def test_encodings(tmp_path: Path) -> None:
    for enc in ("utf-8-sig", "gbk", "gb18030", "utf-16"):
        assert run(tmp_path, HEAD + GOOD, encoding=enc)[0] == 0, enc
    f = tmp_path / "junk.csv"
    f.write_bytes((HEAD + GOOD).encode("utf-8") + b"\x80\xff\n")  # neither UTF-8 nor GB18030
    r = CliRunner().invoke(cli, ["import", str(f)])
    assert r.exit_code == 2 and "decode" in r.stderr
    f = tmp_path / "old.xls"
    f.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    r = CliRunner().invoke(cli, ["import", str(f)])
    assert r.exit_code == 2 and ".xlsx" in r.stderr
    r = CliRunner().invoke(cli, ["import", str(tmp_path / "missing.csv")])
    assert r.exit_code == 2
    f = tmp_path / "broken.xlsx"
    f.write_bytes(b"not a zip")
    r = CliRunner().invoke(cli, ["import", str(f)])
    assert r.exit_code == 2 and "xlsx" in r.stderr


def test_xlsx_numeric_id_and_merged_household_cells(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["户编号", "家庭年纯收入", "姓名", "身份证号", "出生日期"])
    ws.append(["H1", 8000, "测试甲", A1, 23813])  # a bare serial date: 1965-03-12
    ws.append([None, None, "测试乙", A2, None])
    ws.append(["H2", 100, "测试丁", 429006196503120111, None])  # id stored as a number
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    f = tmp_path / "x.xlsx"
    wb.save(f)
    m = default_mapping().with_region("429006")
    r = import_file(f, m)
    assert [(h.household_id, len(h.members)) for h in r.households] == [("H1", 2)]
    assert str(r.households[0].members[0].birth_date) == "1965-03-12"
    assert [p.type for p in r.report.errors] == ["id_number_numeric", "household_rejected"]


def test_mapping_errors_are_usage_errors(tmp_path: Path) -> None:
    bad = tmp_path / "m.toml"
    bad.write_text('format = "xianjie.mapping/1"\n[fields]\nhousehold_id = "户编号"\n"members.nam" = "姓名"\n'
                   '"members.sex" = { columns = ["性别"], codes = { "男" = "man" } }\n', encoding="utf-8")
    f = tmp_path / "x.csv"
    f.write_text(HEAD + GOOD, encoding="utf-8")
    r = CliRunner().invoke(cli, ["import", str(f), "--mapping", str(bad)])
    assert r.exit_code == 2 and "members.nam" in r.stderr and "'man'" in r.stderr
    r = CliRunner().invoke(cli, ["mapping", "check", str(bad)])
    assert r.exit_code == 2
    bad.write_text("not = [toml", encoding="utf-8")
    assert CliRunner().invoke(cli, ["import", str(f), "--mapping", str(bad)]).exit_code == 2


def test_yaml_mapping(tmp_path: Path) -> None:
    y = tmp_path / "m.yaml"
    y.write_text("format: xianjie.mapping/1\nregion: {value: '429006'}\nfields:\n  household_id: 户编号\n"
                 "  members.name: 姓名\n", encoding="utf-8")
    f = tmp_path / "x.csv"
    f.write_text("户编号,姓名,电话\nH1,测试甲,1\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["import", str(f), "--mapping", str(y)])
    assert r.exit_code == 0 and json.loads(r.stdout)["members"][0]["name"] == "测试甲"
    assert "电话" in r.stderr
