"""CLI: evaluate/explain/params/regions/plugins/schema, exit codes, errors without tracebacks or values."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from xianjie.cli import cli

PARAMS = str(Path(__file__).with_name("params_full.toml"))
GOOD = {"household_id": "h1", "region": "CN", "members": [{"birth_date": "1950-01-01", "tekun": "dispersed"}],
        "income": {"annual_net_income": "3000"}}
SECRET = "430102199001011234"


@pytest.fixture(autouse=True)
def _no_autoload(monkeypatch: pytest.MonkeyPatch) -> None:
    # the CLI builds its own registry; keep it to the national plugin so these tests don't depend on regions
    monkeypatch.setenv("XIANJIE_PLUGINS", "national")


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def test_evaluate_jsonl_one_line_per_record_with_errors_named(tmp_path: Path) -> None:
    bad = {"household_id": "h2", "region": "CN", "members": [{"id_number": SECRET + "X", "birth_date": "1990-13-01"}]}
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps(GOOD) + "\n" + json.dumps(bad, ensure_ascii=False) + "\nnot json\n", encoding="utf-8")
    code, out, err = run("evaluate", str(f), "--on", "2021-10-01", "--params", PARAMS)
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 1 and len(lines) == 3
    assert lines[0]["format"] == "xianjie.decision/1" and lines[0]["household_id"] == "h1"
    assert lines[1]["format"] == "xianjie.error/1" and lines[1]["line"] == 2
    assert {e["field"] for e in lines[1]["errors"]} == {"members.0.id_number", "members.0.birth_date"}
    assert lines[2]["line"] == 3 and lines[2]["errors"][0]["type"] == "json_invalid"
    assert SECRET not in out + err and "Traceback" not in err


def test_evaluate_json_array_and_stdin() -> None:
    code, out, _ = run("evaluate", "-", "--on", "2021-10-01", input=json.dumps([GOOD, GOOD]))
    assert code == 0 and len(out.splitlines()) == 2


def test_evaluate_every_eligible_measure_cites_a_clause() -> None:
    code, out, _ = run("evaluate", "-", "--on", "2021-10-01", "--params", PARAMS, input=json.dumps(GOOD))
    d = json.loads(out)
    eligible = [m for m in d["measures"] if m["outcome"] == "eligible"]
    assert code == 0 and eligible
    assert all(m["citations"] and m["citations"][0]["clause"] for m in eligible)


def test_unknown_region_is_a_usage_error() -> None:
    code, _, err = run("evaluate", "-", "--region", "999999", input=json.dumps(GOOD))
    assert code == 2 and "unknown region" in err


def test_bad_date_option_is_a_usage_error() -> None:
    code, _, err = run("evaluate", "-", "--on", "2021-02-30", input=json.dumps(GOOD))
    assert code == 2 and "YYYY-MM-DD" in err


def test_explain_zh_and_en() -> None:
    code, out, _ = run("explain", "-", "--on", "2021-10-01", "--lang", "zh", "--params", PARAMS,
                       input=json.dumps(GOOD))
    assert code == 0 and "特困人员救助供养" in out and "依据" in out
    code, out, _ = run("explain", "-", "--on", "2021-10-01", "--lang", "en", "--params", PARAMS,
                       input=json.dumps(GOOD))
    assert code == 0 and "extreme-poverty support" in out and "Basis: 004" in out


def test_params_shows_source_and_missing() -> None:
    code, out, _ = run("params", "CN", "--on", "2021-10-01", "--format", "json")
    data = json.loads(out)
    keys = {p["key"]: p for p in data["parameters"]}
    assert keys["monitoring.income_line"]["citation"]["document"] == "zhongnongzufa-2021-7"
    assert keys["monitoring.income_line"]["region"] == "CN"
    assert "dibao.standard_rural" in {m["key"] for m in data["missing"]}


def test_regions_plugins_schema() -> None:
    assert "CN" in run("regions")[1]
    code, out, _ = run("plugins", "--format", "json")
    assert code == 0 and json.loads(out)["plugins"][0]["name"] == "national"
    code, out, _ = run("schema", "Household")
    assert code == 0 and "家庭成员" in out and "\\u" not in out
    assert json.loads(out)["title"] == "Household"


def test_installed_entry_point_has_no_traceback_on_bad_file(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("xianjie")
    r = subprocess.run([str(exe), "evaluate", str(tmp_path / "missing.jsonl")], capture_output=True, text=True,
                       check=False)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "missing.jsonl" in r.stderr


def test_a_reader_that_goes_away_is_no_error(tmp_path: Path) -> None:
    """``xianjie explain FILE | head -1``: the pipe closes early; no "cannot write a file" error."""
    f = tmp_path / "in.jsonl"
    f.write_text((json.dumps(GOOD) + "\n") * 300, encoding="utf-8")
    exe = Path(sys.executable).with_name("xianjie")
    p = subprocess.Popen([str(exe), "explain", str(f), "--on", "2021-10-01", "--all"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env={**os.environ, "XIANJIE_PLUGINS": "national"})
    assert p.stdout is not None and p.stderr is not None
    first = p.stdout.readline()
    p.stdout.close()  # as `head -1` does
    err = p.stderr.read().decode()
    p.wait(timeout=120)
    assert "h1" in first.decode() and "error" not in err and "Traceback" not in err
