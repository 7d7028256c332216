"""JSON lines decoded by column (xianjie.batch.json_columns) give exactly what the per-record path gives.

The per-record path (each line validated by ``Household.model_validate_json``) is the reference: for valid
and invalid records, the summary lines written after evaluation — outcomes, amounts, member outcomes,
error records with their lines and fields — must be byte-identical, and the fast path must actually be
taken for ordinary exports (or it would be a slow path with extra steps).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xianjie
from xianjie.batch.engine import evaluate_columns
from xianjie.batch.io import JsonChunk
from xianjie.batch.json_columns import decode_json_records
from xianjie.batch.layout import accepted_columns
from xianjie.batch.output import summary_lines
from xianjie.batch.runner import decode_chunk
from xianjie.testing import strategies as xs

ON = date(2021, 10, 1)
PARAMS = Path(__file__).resolve().parents[1] / "params_full.toml"
REGISTRY = xianjie.build_registry(params=[PARAMS])
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


def _summaries(records: list[tuple[int, str]], *, columnar: bool, region: str | None = None) -> list[str]:
    d = decode_chunk(JsonChunk(0, records), region, columnar_json=columnar)
    res = evaluate_columns(d.population, on=ON, registry=REGISTRY, valid=d.valid)
    return summary_lines(res, REGISTRY, d.errors)


def _records(texts: list[str], first_line: int = 1) -> list[tuple[int, str]]:
    return [(first_line + 2 * i, t) for i, t in enumerate(texts)]  # lines with gaps, as after blank lines


def _same(texts: list[str], *, fast: bool = True, region: str | None = None) -> list[str]:
    records = _records(texts)
    assert (decode_json_records(records) is not None) is fast
    want = _summaries(records, columnar=False, region=region)
    got = _summaries(records, columnar=True, region=region)
    assert got == want
    return got


regions = st.sampled_from(["CN", "430000", "430700", "430000.zhangshu", "429006", "231222"])


@SETTINGS
@given(st.lists(regions.flatmap(lambda r: xs.households(region=r, on=ON, registry=REGISTRY)),
                min_size=1, max_size=8))
def test_generated_households_decode_identically(households: list[xianjie.Household]) -> None:
    lines = _same([h.model_dump_json() for h in households])
    assert [json.loads(x)["household_id"] for x in lines] == [h.household_id for h in households]


@SETTINGS
@given(st.lists(xs.households(on=ON, registry=REGISTRY), min_size=1, max_size=4),
       xs.invalid_household_dicts(on=ON))
def test_invalid_records_report_the_per_record_errors(households: list[xianjie.Household],
                                                       bad: dict[str, Any]) -> None:
    texts = [h.model_dump_json() for h in households]
    texts.insert(len(texts) // 2, json.dumps(bad, ensure_ascii=False, default=str))
    lines = _same(texts, fast=decode_json_records(_records(texts)) is not None)
    errors = [json.loads(x) for x in lines if json.loads(x)["format"] == "xianjie.error/1"]
    assert len(errors) == 1 and errors[0]["line"] == 1 + 2 * (len(households) // 2)


def _base(i: int = 0) -> dict[str, Any]:
    return {"household_id": f"h{i}", "region": "430000",
            "income": {"annual_net_income": "5200.50", "wage": "1000"},
            "statuses": {"dibao": True, "monitoring": {"kind": "marginal"}},
            "members": [{"birth_date": "1950-02-28", "disabled": True, "disability_grade": 2,
                         "chronic_diseases": ["hypertension"], "labour_capacity": "none"},
                        {"birth_date": "2012-02-29", "enrolled": True, "school_stage": "primary"}]}


def _dump(d: dict[str, Any]) -> str:
    return json.dumps(d, ensure_ascii=False)


@pytest.mark.parametrize("change", [
    lambda d: d["members"][0].update(disability_grade=7),            # out of range
    lambda d: d["members"][1].update(birth_date="2021-02-29"),       # no such day
    lambda d: d["members"][1].update(birth_date="2012/02/29"),       # not ISO
    lambda d: d["members"][0].update(chronic_diseases=["gout"]),     # unknown code
    lambda d: d.update(household_id="户 1"),                          # id pattern
    lambda d: d.update(region="999999"),                             # undeclared region
    lambda d: d["members"][0].update(disabled=False),                # grade without disability
    lambda d: d["members"][0].update(member_id="a") or d["members"][1].update(member_id="a"),
    lambda d: d["income"].update(wage="-3"),                         # negative amount
])
def test_invalid_values_give_the_per_record_errors_on_the_fast_path(change: Any) -> None:
    bad = _base(1)
    change(bad)
    lines = _same([_dump(_base(0)), _dump(bad), _dump(_base(2))])
    assert json.loads(lines[0])["format"] == json.loads(lines[2])["format"] == "xianjie.summary/1"
    assert json.loads(lines[1])["format"] == "xianjie.error/1" or json.loads(lines[1])["region"] == "999999"


@pytest.mark.parametrize("change", [
    lambda d: d["income"].update(annual_net_income=5200.5),          # a JSON number for a decimal
    lambda d: d["members"][0].update(disabled="true"),               # a string for a boolean
    lambda d: d.update(income=None),                                 # null for a required object
    lambda d: d.update(members=[]),                                  # no members
    lambda d: d["members"].append(None),                             # null member
    lambda d: d.update(shoe_size=42),                                # unknown field
    lambda d: d["members"][0].update(chronic_diseases=["hypertension", None]),
    lambda d: d["members"][0].update(chronic_diseases=["hypertension;diabetes"]),
    lambda d: d["members"][0].update(chronic_diseases=[""]),
    lambda d: d["members"][0].update(disability_grade=2.0),          # a float for an integer
])
def test_what_the_fast_path_cannot_read_exactly_goes_the_per_record_way(change: Any) -> None:
    odd = _base(1)
    change(odd)
    _same([_dump(_base(0)), _dump(odd)], fast=False)


def test_escaped_keys_and_malformed_lines_go_the_per_record_way() -> None:
    _same([_dump(_base(0)).replace('"income"', '"\\u0069ncome"')], fast=False)
    _same([_dump(_base(0)), '{"household_id": "h1", "region": '], fast=False)


def test_same_id_twice_stays_two_households_and_region_filter_applies() -> None:
    a, b = _base(0), _base(0)
    b["region"] = "430700"
    lines = _same([_dump(a), _dump(b)], region="430000")
    assert json.loads(lines[0])["format"] == "xianjie.summary/1"
    assert json.loads(lines[1])["errors"][0]["type"] == "region_mismatch"


def test_chinese_text_escaped_or_not_is_read_the_same() -> None:
    d = _base(0)
    d["members"][0]["name"] = "张三"
    _same([json.dumps(d, ensure_ascii=True), json.dumps(d, ensure_ascii=False)])


def test_several_errors_in_one_record_come_as_the_per_record_path_lists_them() -> None:
    bad = _base(1)
    bad["members"][1]["birth_date"] = "2021-02-29"
    bad["members"][0]["disability_grade"] = 9
    bad["income"]["wage"] = "-1"
    bad["housing"] = {"safety_grade": "E"}
    bad["household_id"] = "户"
    lines = _same([_dump(_base(0)), _dump(bad)])
    fields = [e["field"] for e in json.loads(lines[1])["errors"]]
    assert len(fields) == 5 and fields[0] == "household_id"


def test_a_byte_order_mark_starting_the_file_is_not_part_of_the_first_record(tmp_path: Path) -> None:
    from xianjie.batch.io import read_chunks

    text = "\n".join([_dump(_base(0)), _dump(_base(1))]) + "\n"
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "plain.jsonl").write_text(text, encoding="utf-8")
    bom, plain = (next(iter(read_chunks(str(tmp_path / f), "jsonl", 100))) for f in ("bom.jsonl", "plain.jsonl"))
    assert bom.records == plain.records
    assert _same([raw for _, raw in bom.records])[0].startswith('{"format": "xianjie.summary/1"')


def test_a_byte_order_mark_inside_a_record_goes_the_per_record_way() -> None:
    lines = _same([_dump(_base(0)), "\ufeff" + _dump(_base(1))], fast=False)
    assert json.loads(lines[1])["format"] == "xianjie.error/1"


@pytest.mark.parametrize("change", [
    lambda d: d["members"][0].update(id_number="12345"),            # not an 18-character id
    lambda d: d["members"][1].update(name="张" * 61),               # longer than the model allows
])
def test_identifiers_are_checked_as_the_model_checks_them(change: Any) -> None:
    bad = _base(1)
    change(bad)
    ok = _base(2)
    ok["members"][0].update(id_number="11010519491231002X", name="张三")
    lines = _same([_dump(_base(0)), _dump(bad), _dump(ok)])
    assert [json.loads(x)["format"] for x in lines] == ["xianjie.summary/1", "xianjie.error/1",
                                                        "xianjie.summary/1"]
    assert "12345" not in lines[1] and "张" not in lines[1]  # the error names the field, never the value


_ODD = ["x" * 100, "", -1, 0, 999_999, 61, "2021-02-30", "1800-01-01", "9999-12-31", True, 1.5, "-0.001", "1e3",
        "12.345", ["zz"], [], "A", "none", "C", "hypertension"]


@pytest.mark.parametrize("column", [c for c in accepted_columns() if c not in ("household_id", "region")])
def test_each_field_accepts_and_rejects_what_the_model_does(column: str) -> None:
    """Field by field, odd values (too long, negative, impossible dates, wrong types, unknown codes): where
    the column path reads the record at all, it accepts it exactly when pydantic does."""
    from xianjie.errors import InputError
    from xianjie.records import parse_household

    read = 0
    for value in _ODD:
        rec: dict[str, Any] = {"household_id": "h1", "region": "CN", "members": [{}]}
        target = rec["members"][0] if column.startswith("members.") else rec
        *parents, leaf = column.removeprefix("members.").split(".")
        for p in parents:
            target = target.setdefault(p, {})
        target[leaf] = value
        raw = json.dumps(rec, ensure_ascii=False)
        try:
            parse_household(1, raw, None)
            valid = True
        except InputError:
            valid = False
        decoded = decode_json_records([(1, raw)])
        if decoded is not None:
            read += 1
            assert bool(decoded.valid[0]) is valid, (column, value)
    assert read > 0  # the column path read at least some of them (strings, numbers or booleans fit)


def test_a_record_longer_than_a_megabyte_is_read_by_column(tmp_path: Path) -> None:
    """A chunk is parsed as one block, so a very long line (here padded with 2 MB of spaces, which JSON
    allows) stays on the column path, from a file read by blocks as from records."""
    from xianjie.batch.io import read_chunks
    from xianjie.batch.json_columns import decode_json_chunk

    texts = [_dump(_base(0)), _dump(_base(1)).replace('"region"', " " * (2 << 20) + '"region"'), _dump(_base(2))]
    got = _same(texts)
    assert [json.loads(x)["household_id"] for x in got] == ["h0", "h1", "h2"]
    f = tmp_path / "long.jsonl"
    f.write_text("\n".join(texts) + "\n", encoding="utf-8")
    (chunk,) = list(read_chunks(str(f), "jsonl", 10))
    decoded = decode_json_chunk(chunk)  # type: ignore[arg-type]
    assert decoded is not None and decoded.valid.all() and list(decoded.population.household_id) == [
        "h0", "h1", "h2"]
