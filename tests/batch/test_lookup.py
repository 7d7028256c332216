"""Households of a file by id (``xianjie.batch.lookup``, ``xianjie explain --household``): the full
explained decision of any household of a batch input, on demand, in every input format."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xianjie
from xianjie.batch.layout import households_to_table, to_csv_table
from xianjie.batch.lookup import find_households
from xianjie.cli import cli
from xianjie.errors import InputError

PARAMS = Path(__file__).resolve().parents[1] / "params_full.toml"
ON = date(2021, 10, 1)
REGISTRY = xianjie.build_registry(autoload=False, params=[PARAMS])


def household(i: int) -> xianjie.Household:
    return xianjie.Household.model_validate({
        "household_id": f"h{i}", "region": "CN", "income": {"annual_net_income": str(1000 + 997 * i)},
        "statuses": {"dibao": i % 3 == 0, "poverty_lifted": i % 2 == 0},
        "members": [{"birth_date": f"{1940 + i % 70}-03-0{1 + i % 9}", "tekun": ["none", "dispersed"][i % 2]},
                    {"birth_date": "2010-05-05", "medical_insured": i % 5 != 0}][: 1 + i % 2]})


#: households of one and two members, and one of four (rows across several row groups of a small size)
HOUSEHOLDS = [household(i) for i in range(12)] + [xianjie.Household.model_validate({
    "household_id": "big", "region": "CN", "statuses": {"dibao": True},
    "members": [{"birth_date": f"19{50 + k}-01-0{k + 1}", "tekun": "dispersed"} for k in range(4)]})]


def _files(tmp: Path) -> dict[str, Path]:
    table = households_to_table(HOUSEHOLDS)
    files = {"jsonl": tmp / "in.jsonl", "csv": tmp / "in.csv", "parquet": tmp / "in.parquet",
             "parquet-1": tmp / "in-1.parquet", "parquet-3": tmp / "in-3.parquet"}
    files["jsonl"].write_text("".join(h.model_dump_json() + "\n" for h in HOUSEHOLDS), encoding="utf-8")
    pcsv.write_csv(to_csv_table(table), files["csv"])
    pq.write_table(table, files["parquet"], row_group_size=5)  # households cut across row groups
    pq.write_table(table, files["parquet-1"], row_group_size=1)  # a row group per row
    pq.write_table(table, files["parquet-3"], row_group_size=3)
    return files


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _files(tmp_path_factory.mktemp("lookup"))


def _decision(h: xianjie.Household) -> dict[str, Any]:
    d: dict[str, Any] = xianjie.evaluate(h, on=ON, registry=REGISTRY).model_dump(mode="json")
    return d


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=st.sampled_from(["jsonl", "csv", "parquet", "parquet-1", "parquet-3"]),
       wanted=st.sets(st.sampled_from([h.household_id for h in HOUSEHOLDS] + ["absent"]), max_size=4),
       chunk=st.integers(1, 7))
def test_found_households_are_those_asked_for_in_file_order(files: dict[str, Path], file: str, wanted: set[str],
                                                            chunk: int) -> None:
    fmt = file.split("-")[0]
    found = list(find_households(str(files[file]), fmt, wanted, chunk_size=chunk))  # type: ignore[arg-type]
    expected = [h for h in HOUSEHOLDS if h.household_id in wanted]
    assert [hid for hid, _, _ in found] == [h.household_id for h in expected]
    for (_, _, build), h in zip(found, expected, strict=True):
        assert _decision(build()) == _decision(h)  # the same full, explained decision as the original


def test_lines_are_those_of_the_file(files: dict[str, Path]) -> None:
    (_, line, _), = find_households(str(files["jsonl"]), "jsonl", ["h4"])
    assert line == 5
    (_, line, _), = find_households(str(files["csv"]), "csv", ["h2"])
    assert line == 2 + 1 + 2  # header, h0 (one row), h1 (two rows)


def test_an_invalid_household_is_found_and_its_error_names_line_and_field(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    bad = {"household_id": "x1", "region": "CN", "members": [{"birth_date": "1990-13-01"}]}
    f.write_text(HOUSEHOLDS[0].model_dump_json() + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    (hid, line, build), = find_households(str(f), "jsonl", ["x1"])
    assert (hid, line) == ("x1", 2)
    with pytest.raises(InputError) as exc:
        build()
    assert exc.value.line == 2 and exc.value.errors[0].field == "members.0.birth_date"


def test_an_id_written_with_escapes_is_found(tmp_path: Path) -> None:
    f = tmp_path / "escaped.jsonl"
    text = HOUSEHOLDS[3].model_dump_json().replace('"h3"', '"\\u0068\\u0033"')  # "h3" spelled with escapes
    f.write_text(HOUSEHOLDS[0].model_dump_json() + "\n" + text + "\n", encoding="utf-8")
    found = list(find_households(str(f), "jsonl", ["h3"]))
    assert [(hid, line) for hid, line, _ in found] == [("h3", 2)]
    assert _decision(found[0][2]()) == _decision(HOUSEHOLDS[3])


def test_explain_household_from_parquet_as_json(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XIANJIE_PLUGINS", "national")
    r = CliRunner().invoke(cli, ["explain", str(files["parquet"]), "--household", "h7", "--format", "json",
                                 "--on", ON.isoformat(), "--params", str(PARAMS)], catch_exceptions=False)
    assert r.exit_code == 0
    (line,) = r.stdout.splitlines()
    assert json.loads(line) == _decision(HOUSEHOLDS[7])
    r = CliRunner().invoke(cli, ["explain", str(files["csv"]), "--household", "h7", "--lang", "en",
                                 "--on", ON.isoformat(), "--params", str(PARAMS)], catch_exceptions=False)
    assert r.exit_code == 0 and r.stdout.startswith("Household h7 (CN) on 2021-10-01")


def test_explain_names_a_missing_household_by_position_not_by_id(files: dict[str, Path],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XIANJIE_PLUGINS", "national")
    r = CliRunner().invoke(cli, ["explain", str(files["jsonl"]), "--household", "h1", "--household", "zz-secret-9",
                                 "--on", ON.isoformat(), "--params", str(PARAMS)], catch_exceptions=False)
    assert r.exit_code == 1
    assert "农户 h1" in r.stdout and "--household #2" in r.stderr and "zz-secret-9" not in r.stdout + r.stderr


def test_an_escaped_id_is_found_on_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XIANJIE_PLUGINS", "national")
    text = HOUSEHOLDS[3].model_dump_json().replace('"h3"', '"\\u0068\\u0033"')
    r = CliRunner().invoke(cli, ["explain", "-", "--household", "h3", "--format", "json", "--on", ON.isoformat(),
                                 "--params", str(PARAMS)], input=HOUSEHOLDS[0].model_dump_json() + "\n" + text + "\n",
                           catch_exceptions=False)
    assert r.exit_code == 0
    assert json.loads(r.stdout) == _decision(HOUSEHOLDS[3])
