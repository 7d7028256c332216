"""The JSON-lines output of a chunk assembled by Arrow's string kernels (``summary_bytes``) is byte for
byte the reference join of ``summary_lines``: valid and invalid records, every region, unknown regions,
households with many members, populations with and without line numbers."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xianjie
from xianjie.batch import Population
from xianjie.batch.engine import evaluate_columns
from xianjie.batch.io import JsonChunk
from xianjie.batch.output import _text, rule_columns, summary_bytes, summary_lines, summary_table
from xianjie.batch.runner import decode_chunk
from xianjie.testing import strategies as xs

ON = date(2021, 10, 1)
PARAMS = Path(__file__).resolve().parents[1] / "params_full.toml"
REGISTRY = xianjie.build_registry(params=[PARAMS])
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
regions = st.sampled_from(["CN", "430000", "430700", "430000.zhangshu", "429006", "231222"])


def _reference(res: Any, errors: dict[int, Any]) -> bytes:
    return "".join(x + "\n" for x in summary_lines(res, REGISTRY, errors)).encode()


@SETTINGS
@given(st.lists(regions.flatmap(lambda r: xs.households(region=r, on=ON, registry=REGISTRY)), max_size=8),
       st.lists(xs.invalid_household_dicts(on=ON), max_size=2), st.randoms(use_true_random=False))
def test_arrow_assembly_is_the_reference_join(households: list[xianjie.Household], bad: list[dict[str, Any]],
                                              rnd: Any) -> None:
    texts = [h.model_dump_json() for h in households] + [json.dumps(b, ensure_ascii=False, default=str)
                                                         for b in bad]
    texts.append(json.dumps({"household_id": "elsewhere", "region": "999999", "members": [{}]}))
    rnd.shuffle(texts)
    d = decode_chunk(JsonChunk(0, [(3 * i + 1, t) for i, t in enumerate(texts)]))
    res = evaluate_columns(d.population, on=ON, registry=REGISTRY, valid=d.valid)
    got = bytes(summary_bytes(res, REGISTRY, d.errors))
    assert got == _reference(res, d.errors)
    assert got.count(b"\n") == len(texts) and "未知" in got.decode()  # the unknown region's error record


@SETTINGS
@given(st.lists(xs.households(on=ON, registry=REGISTRY), min_size=1, max_size=5))
def test_without_line_numbers(households: list[xianjie.Household]) -> None:
    res = evaluate_columns(Population.from_households(households), on=ON, registry=REGISTRY)
    got = bytes(summary_bytes(res, REGISTRY, {}))
    assert got == _reference(res, {}) and b'"line": null' in got


def test_an_empty_chunk_writes_nothing() -> None:
    res = evaluate_columns(Population.from_households([]), on=ON, registry=REGISTRY)
    assert bytes(summary_bytes(res, REGISTRY, {})) == b"" == _reference(res, {})


@given(st.lists(st.lists(st.sampled_from(["", ", a", ", bb", ", ccc"]), min_size=4, max_size=4, unique=True),
                max_size=5),
       st.integers(min_value=0, max_value=30), st.booleans(), st.randoms(use_true_random=False))
def test_distinct_joins_are_the_row_joins(texts: list[list[str]], n: int, collide: bool, rnd: Any) -> None:
    """Each distinct combination joined once, spread over the rows — also when the row hash collides (the
    exact grouping then takes over)."""
    import numpy as np
    import pytest

    from xianjie.batch import output

    frags = [(t, np.array([rnd.randrange(4) for _ in range(n)], dtype=np.int64)) for t in texts]
    with pytest.MonkeyPatch.context() as mp:
        if collide:  # every row the same hash
            mp.setattr(output, "_row_weights", lambda k: np.zeros(k, dtype=np.int64))
        joined, index = output._distinct_joins(frags, n)
    assert [joined[i] for i in index.tolist()] == output._joined(frags, n)
    assert len(joined) <= n or (not frags and joined == [""])  # each combination once


@SETTINGS
@given(st.lists(regions.flatmap(lambda r: xs.households(region=r, on=ON, registry=REGISTRY)), max_size=6),
       st.lists(xs.invalid_household_dicts(on=ON), max_size=2), st.randoms(use_true_random=False))
def test_parquet_table_holds_the_summary_records(households: list[xianjie.Household],
                                                 bad: list[dict[str, Any]], rnd: Any) -> None:
    """``summary_table`` (Parquet output) and the JSON-lines records say the same, row for row: line, id,
    region, error record, each rule's outcome and amount."""
    texts = [h.model_dump_json() for h in households] + [json.dumps(b, ensure_ascii=False, default=str)
                                                         for b in bad]
    rnd.shuffle(texts)
    d = decode_chunk(JsonChunk(0, [(2 * i + 1, t) for i, t in enumerate(texts)]))
    res = evaluate_columns(d.population, on=ON, registry=REGISTRY, valid=d.valid)
    rows = summary_table(res, REGISTRY, d.errors, rule_columns(REGISTRY, ON)).to_pylist()
    lines = [json.loads(x) for x in summary_lines(res, REGISTRY, d.errors)]
    assert len(rows) == len(lines) == len(texts)
    for row, rec in zip(rows, lines, strict=True):
        assert row["line"] == rec["line"]
        if rec["format"] == "xianjie.error/1":
            assert row["error"] is not None and json.loads(row["error"]) == rec["errors"]
            assert all(row[rid] is None for rid, _, _ in rule_columns(REGISTRY, ON))
            continue
        assert row["error"] is None
        assert (row["household_id"], row["region"]) == (rec["household_id"], rec["region"])
        assert {rid: row[rid] for rid, _, _ in rule_columns(REGISTRY, ON) if row[rid] is not None} == rec["outcomes"]
        for rid, yuan in rec["amounts"].items():
            fen = row[f"{rid}.amount_fen"]
            assert (fen is None) if yuan is None else (Decimal(fen) / 100 == Decimal(yuan))


def test_text_columns_from_strings_or_other_values() -> None:
    assert _text(np.array(["a", "b"], dtype=object)).to_pylist() == ["a", "b"]
    assert _text(np.array(["a", "bc"])).to_pylist() == ["a", "bc"]  # numpy text
    assert _text(np.array([1, 22], dtype=object)).to_pylist() == ["1", "22"]  # not strings: as text
