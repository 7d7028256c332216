"""JSON arrays are streamed element by element (an exported province is one array, often on one line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from xianjie.batch.io import array_items, read_chunks
from xianjie.cli import cli

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.decimals(allow_nan=False, allow_infinity=False,
                                                                         places=2).map(str),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8)


def pieces(text: str, cuts: list[int]) -> Iterator[str]:
    at = 0
    for c in sorted(set(cuts)):
        yield text[at:c]
        at = c
    yield text[at:]


@given(st.lists(json_values, max_size=8), st.sampled_from([None, 0, 2]), st.data())
def test_elements_come_back_whatever_the_layout_and_the_cuts(items: list[Any], indent: int | None,
                                                              data: st.DataObject) -> None:
    text = json.dumps(items, indent=indent, ensure_ascii=data.draw(st.booleans()))
    cuts = data.draw(st.lists(st.integers(min_value=0, max_value=len(text)), max_size=10))
    out = list(array_items(pieces(text, cuts)))
    assert [json.loads(x) for x in out] == items
    assert all("\n" not in x for x in out)  # one element per line for the JSON-lines paths


def test_numbers_keep_their_text() -> None:
    assert list(array_items(iter(['[{"a": 4300.50, "b": 1e2}', ', 0.10]']))) == [
        '{"a": 4300.50, "b": 1e2}', "0.10"]


@given(st.lists(st.dictionaries(st.text(max_size=3), st.integers(), max_size=2), min_size=1, max_size=5),
       st.sampled_from(["missing comma", "extra comma", "truncated", "trailing text", "bad element"]))
def test_a_broken_array_gives_the_good_elements_then_one_invalid_one(items: list[Any], how: str) -> None:
    good = [json.dumps(x) for x in items]
    if how == "missing comma":
        text = "[" + ", ".join(good) + " " + good[0] + "]"
    elif how == "extra comma":
        text = "[" + ", ".join(good) + ",, " + good[0] + "]"
    elif how == "truncated":
        text = "[" + ", ".join(good)
    elif how == "trailing text":
        text = "[" + ", ".join(good) + "] x"
    else:
        text = "[" + ", ".join(good) + ", {oops}]"
    out = list(array_items(iter([text])))
    assert [json.loads(x) for x in out[:len(items)]] == items
    assert len(out) == len(items) + 1
    try:
        json.loads(out[-1])
        last_is_json = True
    except ValueError:
        last_is_json = False
    assert not last_is_json


def test_elements_are_yielded_before_the_rest_is_read() -> None:
    read = []

    def source() -> Iterator[str]:
        yield '[{"household_id": "h0"}'
        for i in range(1, 1000):
            read.append(i)
            yield f', {{"household_id": "h{i}"}}'
        yield "]"

    it = array_items(source())
    assert json.loads(next(it)) == {"household_id": "h0"}
    assert len(read) <= 1  # one piece of read-ahead, not the whole array
    assert len(list(it)) == 999


def test_array_file_in_chunks_and_through_the_cli(tmp_path: Path) -> None:
    hs = [{"household_id": f"h{i}", "region": "CN", "members": [{"birth_date": "1950-01-01"}]} for i in range(7)]
    f = tmp_path / "in.json"
    f.write_text("\ufeff" + json.dumps(hs, indent=2, ensure_ascii=False), encoding="utf-8")
    chunks = list(read_chunks(str(f), "json", 3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    assert [n for c in chunks for n, _ in c.records] == list(range(1, 8))  # array position as the "line"
    r = CliRunner().invoke(cli, ["evaluate", str(f), "--on", "2021-10-01", "--summary", "--chunk-size", "3"],
                           catch_exceptions=False, env={"XIANJIE_PLUGINS": "national"})
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["household_id"] for x in lines] == [h["household_id"] for h in hs]
