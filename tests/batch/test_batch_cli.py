"""``xianjie evaluate`` on files: formats, one record per input record, chunks over a pool, resume, progress."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import xianjie
from xianjie.batch.layout import households_to_table, to_csv_table
from xianjie.cli import cli

PARAMS = str(Path(__file__).resolve().parents[1] / "params_full.toml")
ON = "2021-10-01"
SECRET = "430102199001011234"


@pytest.fixture(autouse=True)
def _national_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XIANJIE_PLUGINS", "national")


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def household(i: int) -> dict[str, Any]:
    return {"household_id": f"h{i}", "region": "CN",
            "income": {"annual_net_income": str(1000 + 997 * i), "wage": str(50 * (i % 7))},
            "statuses": {"dibao": i % 3 == 0, "poverty_lifted": i % 2 == 0, "assets_within_limits": True},
            "members": [{"birth_date": f"{1940 + i % 70}-03-0{1 + i % 9}", "tekun": ["none", "dispersed"][i % 2],
                         "enrolled": i % 4 == 0, "school_stage": "secondary_vocational"},
                        {"birth_date": "2010-05-05", "medical_insured": i % 5 != 0}][: 1 + i % 2]}


HOUSEHOLDS = [household(i) for i in range(23)]
BAD = {"household_id": "bad", "region": "CN", "members": [{"id_number": SECRET + "X", "tekun": "bogus"}]}


def jsonl(tmp_path: Path) -> Path:
    lines = [json.dumps(h) for h in HOUSEHOLDS]
    lines.insert(5, json.dumps(BAD))
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def outcomes(records: list[dict[str, Any]]) -> list[dict[str, str] | None]:
    out: list[dict[str, str] | None] = []
    for r in records:
        if r["format"] == "xianjie.summary/1":
            out.append(r["outcomes"])
        elif r["format"] == "xianjie.decision/1":
            out.append({c["id"]: c["outcome"] for k in ("cohorts", "risks", "measures") for c in r[k]})
        else:
            out.append(None)
    return out


def test_summary_matches_decisions_one_record_per_line(tmp_path: Path) -> None:
    f = jsonl(tmp_path)
    code, out, err = run("evaluate", str(f), "--on", ON, "--params", PARAMS, "--summary")
    summ = [json.loads(x) for x in out.splitlines()]
    code2, out2, _ = run("evaluate", str(f), "--on", ON, "--params", PARAMS, "--no-explain")
    dec = [json.loads(x) for x in out2.splitlines()]
    assert code == code2 == 1 and len(summ) == len(dec) == 24
    assert summ[5]["format"] == "xianjie.error/1" and summ[5]["line"] == 6
    assert summ[5]["errors"] == dec[5]["errors"]
    assert outcomes(summ) == outcomes(dec)
    for s, d in zip(summ, dec, strict=True):
        if s["format"] == "xianjie.summary/1":
            amounts = {m["id"]: m["amount"] and Decimal(m["amount"]) for m in d["measures"]
                       if m["outcome"] == "eligible" and m["amount_unit"] is not None}
            assert {k: v and Decimal(v) for k, v in s["amounts"].items()} == amounts
    assert SECRET not in out + err and "bogus" not in out


def test_csv_and_parquet_in_parquet_out(tmp_path: Path) -> None:
    hs = [xianjie.Household.model_validate(h) for h in HOUSEHOLDS]
    table = households_to_table(hs)
    pq.write_table(table, tmp_path / "in.parquet")
    pcsv.write_csv(to_csv_table(table), tmp_path / "in.csv")
    code, out_csv, _ = run("evaluate", str(tmp_path / "in.csv"), "--on", ON, "--params", PARAMS)
    code2, out_pq, _ = run("evaluate", str(tmp_path / "in.parquet"), "--on", ON, "--params", PARAMS)
    assert code == code2 == 0
    a = [json.loads(x) for x in out_csv.splitlines()]
    b = [json.loads(x) for x in out_pq.splitlines()]
    assert [x["line"] for x in a][:3] == [2, 3, 5]  # CSV lines of each household's first row
    assert outcomes(a) == outcomes(b) and len(a) == 23
    code, _, _ = run("evaluate", str(tmp_path / "in.parquet"), "--on", ON, "--params", PARAMS,
                     "--format", "parquet", "--out", str(tmp_path / "out.parquet"))
    out = pq.read_table(tmp_path / "out.parquet")
    assert code == 0 and out.num_rows == 23
    assert out.column("measure.medical_premium_full").to_pylist() == [
        r["outcomes"]["measure.medical_premium_full"] for r in b]
    fen = out.column("measure.medical_premium_full.amount_fen").to_pylist()
    assert [None if v is None else f"{v // 100}.{v % 100:02d}" for v in fen] == [
        r["amounts"].get("measure.medical_premium_full") for r in b]
    code, out_dec, _ = run("evaluate", str(tmp_path / "in.csv"), "--on", ON, "--params", PARAMS, "--decisions",
                           "--no-explain")
    assert code == 0 and outcomes([json.loads(x) for x in out_dec.splitlines()]) == outcomes(a)


def test_decisions_over_a_process_pool_keep_order(tmp_path: Path) -> None:
    """Full decisions (pure Python) are evaluated by worker processes when there are more chunks than
    workers: the same lines, in input order, as one process gives."""
    f = jsonl(tmp_path)
    code, ref, _ = run("evaluate", str(f), "--on", ON, "--params", PARAMS, "--decisions", "--no-explain",
                       "--jobs", "1")
    code2, out, _ = run("evaluate", str(f), "--on", ON, "--params", PARAMS, "--decisions", "--no-explain",
                        "--jobs", "2", "--chunk-size", "4")
    assert code == code2 == 1 and len(ref.splitlines()) == 24
    assert out == ref


def test_chunks_over_two_workers_keep_order_and_resume(tmp_path: Path) -> None:
    f = jsonl(tmp_path)
    code, ref, _ = run("evaluate", str(f), "--on", ON, "--params", PARAMS, "--summary")
    out_dir = tmp_path / "out"
    args = ["evaluate", str(f), "--on", ON, "--params", PARAMS, "--summary", "--chunk-size", "5", "--jobs", "2",
            "--out", str(out_dir), "--chunked", "--progress"]
    code, _, err = run(*args)
    parts = sorted(out_dir.glob("part-*.jsonl"))
    assert code == 1 and len(parts) == 5 and "24 households" in err
    assert "".join(p.read_text(encoding="utf-8") for p in parts) == ref
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] and sum(c["records"] for c in manifest["chunks"].values()) == 24
    # an interruption lost two chunks: the rerun redoes only those
    parts[1].unlink()
    parts[3].write_text("truncated", encoding="utf-8")
    code, _, err = run(*args[:-2], "--resume")
    assert code == 1 and "3 finished chunk(s) skipped" in err
    assert "".join(p.read_text(encoding="utf-8") for p in sorted(out_dir.glob("part-*.jsonl"))) == ref
    code, _, err = run(*args[:-2], "--chunked")  # without --resume an existing run is not overwritten
    assert code == 2 and "--resume" in err
    code, _, err = run(*[a if a != ON else "2022-01-01" for a in args[:-2]], "--resume")
    assert code == 2 and "differ" in err


def test_table_input_in_threads_keeps_order_and_resumes(tmp_path: Path) -> None:
    """Parquet and CSV chunks are evaluated in threads of one process: many small chunks over two threads
    give the one-chunk output, in order, and a chunked run resumes."""
    hs = [xianjie.Household.model_validate(h) for h in HOUSEHOLDS]
    pq.write_table(households_to_table(hs), tmp_path / "in.parquet", row_group_size=7)  # households cut
    code, ref, _ = run("evaluate", str(tmp_path / "in.parquet"), "--on", ON, "--params", PARAMS, "--jobs", "1")
    assert code == 0 and len(ref.splitlines()) == 23
    code, out, _ = run("evaluate", str(tmp_path / "in.parquet"), "--on", ON, "--params", PARAMS,
                       "--chunk-size", "2", "--jobs", "2")
    assert code == 0 and out == ref
    args = ["evaluate", str(tmp_path / "in.parquet"), "--on", ON, "--params", PARAMS, "--chunk-size", "4",
            "--jobs", "2", "--format", "parquet", "--out", str(tmp_path / "out"), "--chunked"]
    assert run(*args)[0] == 0
    parts = sorted((tmp_path / "out").glob("part-*.parquet"))
    assert len(parts) == 6
    ids = [i for p in parts for i in pq.read_table(p).column("household_id").to_pylist()]
    assert ids == [h["household_id"] for h in HOUSEHOLDS]
    parts[2].unlink()
    code, _, err = run(*args[:-1], "--resume")
    assert code == 0 and "5 finished chunk(s) skipped" in err
    assert [i for p in sorted((tmp_path / "out").glob("part-*.parquet"))
            for i in pq.read_table(p).column("household_id").to_pylist()] == ids


def test_usage_errors_are_clean(tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("household_id,region,income.wage,members.tekun,typo\nh,CN,1,none,2\n", encoding="utf-8")
    code, _, err = run("evaluate", str(f))
    assert code == 2 and "typo" in err and "Traceback" not in err
    code, _, err = run("evaluate", str(f), "--format", "parquet")
    assert code == 2 and "--out" in err
    f.write_text("household_id,region\nh,CN,extra,\"unclosed\n", encoding="utf-8")
    code, _, err = run("evaluate", str(f))
    assert code == 2 and "unclosed" not in err and "cannot parse" in err


@pytest.mark.parametrize("mode", ["--summary", "--decisions"])
def test_json_that_is_not_utf8_is_a_clear_error_naming_the_line(tmp_path: Path, mode: str) -> None:
    good = '{"household_id": "a", "region": "CN", "members": [{}]}\n'
    bad = '{"household_id": "b", "region": "CN", "members": [{"name": "张三"}]}\n'
    f = tmp_path / "gbk.jsonl"
    f.write_bytes(good.encode("utf-8") + bad.encode("gbk"))
    code, out, err = run("evaluate", str(f), "--on", ON, mode)
    assert code == 2 and "gbk.jsonl: line 2 is not valid UTF-8" in err and "xianjie import" in err
    assert "张" not in err and "internal error" not in err
    # explain reads through click.File: the entry point (not CliRunner) turns the error into exit code 2
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-c", "from xianjie.cli import main; main()", "explain", str(f),
                        "--on", ON], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and "not valid UTF-8" in p.stderr and "Traceback" not in p.stderr


def test_a_byte_order_mark_before_the_first_record_is_ignored(tmp_path: Path) -> None:
    text = '{"household_id": "a", "region": "CN", "members": [{}]}\n'
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "plain.jsonl").write_text(text, encoding="utf-8")
    for mode in ("--summary", "--decisions"):
        _, a, _ = run("evaluate", str(tmp_path / "bom.jsonl"), "--on", ON, mode)
        _, b, _ = run("evaluate", str(tmp_path / "plain.jsonl"), "--on", ON, mode)
        assert a == b and '"household_id": "a"' in a.replace('"household_id":"a"', '"household_id": "a"')


def test_csv_in_gb18030_or_with_a_byte_order_mark_reads_as_utf8(tmp_path: Path) -> None:
    text = ("household_id,region,income.annual_net_income,members.name,members.disabled\n"
            "h1,CN,4200.00,张三,true\nh1,CN,,李四,false\nh2,CN,9000,王五,\n")
    (tmp_path / "utf8.csv").write_text(text, encoding="utf-8")
    (tmp_path / "gbk.csv").write_bytes(text.encode("gb18030"))
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    outs = [run("evaluate", str(tmp_path / f), "--on", ON, "--params", PARAMS, "--summary")
            for f in ("utf8.csv", "gbk.csv", "bom.csv")]
    assert outs[0][0] == 0 and outs[0][1].count("xianjie.summary/1") == 2
    assert outs[1] == outs[0] and outs[2] == outs[0]


def test_csv_identifiers_are_checked_without_echoing_them(tmp_path: Path) -> None:
    text = ("household_id,region,members.id_number,members.name\n"
            "h1,CN,11010519491231002X,张三\nh2,CN,99999,李四\n")
    (tmp_path / "ids.csv").write_text(text, encoding="utf-8")
    code, out, _ = run("evaluate", str(tmp_path / "ids.csv"), "--on", ON, "--params", PARAMS, "--summary")
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 1 and lines[0]["format"] == "xianjie.summary/1"
    assert lines[1]["format"] == "xianjie.error/1" and lines[1]["errors"][0]["field"] == "members.0.id_number"
    assert "99999" not in out and "李四" not in out and "张三" not in out


def test_parquet_code_columns_are_validated_as_read_dictionary_encoded(tmp_path: Path) -> None:
    """Code columns of a Parquet input are read dictionary-encoded (as Parquet stores them): a bad code is
    still reported for its household, and the results are those of the same file stored without
    dictionaries, row groups cutting households included."""
    import pyarrow as pa

    hs = [xianjie.Household.model_validate(h) for h in HOUSEHOLDS]
    table = households_to_table(hs)
    tekun = table.column("members.tekun").to_pylist()
    tekun[3] = "bogus"
    table = table.set_column(table.schema.get_field_index("members.tekun"), "members.tekun", pa.array(tekun))
    pq.write_table(table, tmp_path / "dict.parquet", row_group_size=5)
    pq.write_table(table, tmp_path / "plain.parquet", row_group_size=5, use_dictionary=False)
    assert "RLE_DICTIONARY" in pq.ParquetFile(tmp_path / "dict.parquet").metadata.row_group(0).column(
        table.schema.get_field_index("members.tekun")).encodings
    code, out, _ = run("evaluate", str(tmp_path / "dict.parquet"), "--on", ON, "--params", PARAMS, "--jobs", "2",
                       "--chunk-size", "3")
    code2, ref, _ = run("evaluate", str(tmp_path / "plain.parquet"), "--on", ON, "--params", PARAMS)
    assert code == code2 == 1 and out == ref
    records = [json.loads(x) for x in out.splitlines()]
    bad = [r for r in records if r["format"] == "xianjie.error/1"]
    assert len(bad) == 1 and bad[0]["errors"][0]["field"].endswith(".tekun") and "bogus" not in out


def test_parquet_money_stored_as_integers_reads_as_stored_as_bytes(tmp_path: Path) -> None:
    """docs/batch.md advises writing money columns with ``store_decimal_as_integer`` (pyarrow reads them
    four times as fast): such a file gives exactly the results of the same table stored as fixed-length
    bytes, pyarrow's default."""
    hs = [xianjie.Household.model_validate(h) for h in HOUSEHOLDS]
    table = households_to_table(hs)
    pq.write_table(table, tmp_path / "int.parquet", store_decimal_as_integer=True)
    pq.write_table(table, tmp_path / "bytes.parquet")
    kinds = {pq.ParquetFile(tmp_path / name).schema.column(table.schema.get_field_index("income.wage")).physical_type
             for name in ("int.parquet", "bytes.parquet")}
    assert kinds == {"INT64", "FIXED_LEN_BYTE_ARRAY"}
    code, out, _ = run("evaluate", str(tmp_path / "int.parquet"), "--on", ON, "--params", PARAMS)
    code2, ref, _ = run("evaluate", str(tmp_path / "bytes.parquet"), "--on", ON, "--params", PARAMS)
    assert code == code2 == 0 and out == ref
    assert any(json.loads(x)["outcomes"]["measure.dibao"] == "eligible" for x in out.splitlines())


def test_a_failing_write_stops_the_run_with_its_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Results are written by a thread of their own: an error there ends the run with that error (no hang,
    no later chunk written), reported as a file error."""
    from xianjie.batch import runner

    calls = []

    def failing(self: Any, r: Any) -> None:
        calls.append(r.index)
        if len(calls) == 3:
            raise OSError("disk full")

    monkeypatch.setattr(runner._Sink, "write", failing)
    code, _, err = run("evaluate", str(jsonl(tmp_path)), "--on", ON, "--params", PARAMS, "--summary",
                       "--chunk-size", "2", "--jobs", "2")
    assert code == 2 and err == "error: cannot read or write a file: disk full\n"
    assert calls == [0, 1, 2]  # in input order, and nothing more after the failure


def test_parquet_results_keep_statistics_for_the_lookup_columns(tmp_path: Path) -> None:
    hs = [xianjie.Household.model_validate(h) for h in HOUSEHOLDS]
    pq.write_table(households_to_table(hs), tmp_path / "in.parquet")
    assert run("evaluate", str(tmp_path / "in.parquet"), "--on", ON, "--params", PARAMS, "--format", "parquet",
               "--out", str(tmp_path / "out.parquet"))[0] == 0
    meta = pq.ParquetFile(tmp_path / "out.parquet").metadata.row_group(0)
    with_stats = {meta.column(i).path_in_schema for i in range(meta.num_columns) if meta.column(i).is_stats_set}
    assert with_stats == {"line", "household_id", "region"}
