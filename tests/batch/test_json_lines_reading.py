"""JSON lines read a block at a time, kept as bytes, give exactly the records a line-by-line reader gives:
the same texts, line numbers and chunks, whatever the blank lines, line endings and block boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xianjie.batch import io as bio
from xianjie.batch.json_columns import decode_json_chunk, decode_json_records
from xianjie.errors import XianjieError

record = st.sampled_from(['{"household_id": "h1", "region": "CN", "members": [{}]}', '{"a": "中文"}', "{}",
                          '  {"indented": true}', "not json", '["x"]'])
blank = st.sampled_from(["", " ", "\t", "\r", "\u3000", "\x0b", " \u00a0 "])
line = st.one_of(record, blank)
ending = st.sampled_from(["\n", "\r\n"])


def reference(text: str) -> list[tuple[int, str]]:
    """The line-by-line reader this replaced: lines end at \\n; blank lines are skipped but counted."""
    out = []
    for n, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            out.append((n, raw.rstrip("\r\n")))
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(line, ending), max_size=25), st.booleans(), st.booleans(),
       st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=40))
def test_records_lines_and_chunks_match_the_line_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        lines: list[tuple[str, str]], final_newline: bool,
                                                        bom: bool, chunk_size: int, block: int) -> None:
    monkeypatch.setattr(bio, "_HEAD", block)
    monkeypatch.setattr(bio, "_BLOCK", block)
    text = "".join(a + b for a, b in lines)
    if not final_newline:
        text = text.rstrip("\n")
    if text.lstrip()[:1] == "[":  # an array is another reader's business
        return
    f = tmp_path / "in.jsonl"
    f.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    chunks = list(bio.read_chunks(str(f), "jsonl", chunk_size))
    want = reference(text)
    assert [r for c in chunks for r in c.records] == want
    assert [len(c) for c in chunks[:-1]] == [chunk_size] * (len(chunks) - 1)
    assert 1 <= len(chunks[-1]) <= chunk_size or (len(chunks) == 1 and not want)
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_a_bad_byte_names_its_line_whatever_the_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "in.jsonl"
    f.write_bytes(b'{"a": 1}\n\n{"b": "\xe4\xb8"}\n{"c": 3}\n')
    for block in (3, 7, 1 << 16):
        monkeypatch.setattr(bio, "_HEAD", block)
        monkeypatch.setattr(bio, "_BLOCK", block)
        with pytest.raises(XianjieError, match="line 3 is not valid UTF-8"):
            list(bio.read_chunks(str(f), "jsonl", 10))


def test_the_column_path_reads_the_bytes_as_it_reads_the_texts(tmp_path: Path) -> None:
    good = '{"household_id": "h%d", "region": "CN", "members": [{"birth_date": "1950-01-01"}]}'
    bad = '{"household_id": "bad", "region": "CN", "members": [{"tekun": "bogus"}]}'
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join([good % 1, "", good % 2, bad, good % 3]) + "\n", encoding="utf-8")
    (chunk,) = bio.read_chunks(str(f), "jsonl", 10)
    assert chunk.data is not None  # kept as bytes
    a, b = decode_json_chunk(chunk), decode_json_records(chunk.records)
    assert a is not None and b is not None
    assert a.population.line.tolist() == b.population.line.tolist() == [1, 3, 4, 5]  # type: ignore[union-attr]
    assert a.valid.tolist() == b.valid.tolist() == [True, True, False, True]
    assert a.errors == b.errors and a.errors[2][0].field.startswith("members.0.tekun")
