"""Floors: what the libraries xianjie stands on cost by themselves, for the work a target asks for.

Usage (from the repository root, with ``pip install -e '.[bench]'``)::

    python benchmarks/floors.py              # N = 1,000,000 (the targets' size)
    python benchmarks/floors.py --n 10000    # a quick look

Why: three of issue 6's targets are missed, and docs/performance.md argues that no xianjie code can meet
them on this machine, because pyarrow (or CPython) alone costs more than the target allows. This script
measures those floors, on the same seeded files ``bench.py`` uses, with no xianjie code inside the timed
parts (one thread each, so that they add up to CPU-seconds):

* **Parquet**: pyarrow reading the input file (``ParquetFile.iter_batches``, dictionary columns as the
  batch reader asks), and again with its money stored as fixed-length bytes (pyarrow's default), and
  writing the summary tables of that input (``write_table`` with the options of ``xianjie evaluate``, one
  file per 20,000-household chunk). A rate R on C cores allows C / R CPU-seconds per household. The one
  piece of xianjie timed here: its columnar rules on the same chunks, added to read and write for the
  verdict, since rules that meet their own target still cost CPU;
* **JSON lines**: pyarrow's JSON reader parsing the input against the models' schema, chunk by chunk,
  as the column path does; and writing the JSON-lines summaries of that many households to a file (CPU
  time from ``getrusage``, the kernel's share included: on this VM it is most of the cost);
* **other readers**: the fastest other readers of the same files we know of, as a check that the floors
  above are not pyarrow's alone: DuckDB's JSON reader (same columns and types, into Arrow) and polars'
  and DuckDB's Parquet readers (into Arrow), one thread each, CPU time from ``getrusage``;
* **per household**: creating the pydantic models of full decisions (steps, conclusions, explanations)
  with :func:`xianjie.models.built.built`, the cheapest way pydantic allows, from values already computed;
  and, for scale, one bare ``object()`` per model.

Each figure is the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
os.environ.setdefault("POLARS_MAX_THREADS", "1")  # read when polars is imported: one thread, as every floor
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.json as pj  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from bench import PARAMS, _files  # noqa: E402
from pydantic import BaseModel  # noqa: E402
from synth import ON, generate  # noqa: E402

import xianjie  # noqa: E402
from xianjie.batch.engine import evaluate_columns  # noqa: E402
from xianjie.batch.io import _code_columns, read_chunks  # noqa: E402
from xianjie.batch.json_columns import json_schema  # noqa: E402
from xianjie.batch.output import rule_columns, summary_bytes, summary_table  # noqa: E402
from xianjie.batch.runner import decode_chunk, parquet_options  # noqa: E402
from xianjie.models.built import built  # noqa: E402

CHUNK = 20_000


def _best(repeat: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return min(times)


def _cpu() -> float:
    """CPU-seconds the whole process has used so far (every thread, the kernel's share included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu_best(repeat: int, work: Callable[[], Any]) -> float:
    """Best CPU-seconds of the whole process over the runs."""
    times = []
    for _ in range(repeat):
        before = _cpu()
        work()
        times.append(_cpu() - before)
    return min(times)


def _per_million(seconds: float, n: int) -> str:
    return f"{seconds * 1_000_000 / n:6.2f} CPU-s per 10^6 households"


def _read_all(path: Path) -> None:
    """Read every row of a Parquet file as the batch reader does (dictionary code columns), one thread."""
    pf = pq.ParquetFile(str(path), pre_buffer=False, read_dictionary=_code_columns(pq.read_schema(str(path))))
    for _ in pf.iter_batches(batch_size=65536, use_threads=False):
        pass


def parquet_floor(path: Path, registry: Any, n: int, repeat: int) -> tuple[float, float, float]:
    """(read, write) seconds for the whole input, one thread each; and, for the verdict, the CPU-seconds of
    xianjie's columnar rules over its chunks (one pass, one thread: the only xianjie code timed here)."""
    tables = []  # the summary tables xianjie writes for this input (made untimed)
    rules = 0.0  # CPU-seconds of xianjie's columnar rules on these chunks, as a run spends them
    for chunk in read_chunks(str(path), "parquet", CHUNK):
        d = decode_chunk(chunk)
        before = _cpu()
        res = evaluate_columns(d.population, on=ON, registry=registry, valid=d.valid)
        rules += _cpu() - before
        tables.append(summary_table(res, registry, d.errors, rule_columns(registry, ON)))

    def write() -> None:
        for t in tables:
            pq.write_table(t, io.BytesIO(), **parquet_options(t.schema))

    return _best(repeat, lambda: _read_all(path)), _best(repeat, write), rules


def fixed_decimal_read(path: Path, repeat: int) -> float:
    """Seconds to read the input again with its money columns stored as fixed-length bytes (pyarrow's
    default when writing decimals; the benchmark's files store them as integers), one thread."""
    fixed = path.with_name(path.name.replace("-int-decimals", "-fixed-decimals"))
    if not fixed.exists():
        pq.write_table(pq.read_table(str(path)), str(fixed), compression="zstd", row_group_size=262_144,
                       store_decimal_as_integer=False)
    columns = pq.ParquetFile(str(fixed)).schema
    money = [columns.column(i) for i in range(len(columns)) if columns.column(i).logical_type.type == "DECIMAL"]
    assert money and all(c.physical_type == "FIXED_LEN_BYTE_ARRAY" for c in money)

    return _best(repeat, lambda: _read_all(fixed))


def json_floor(path: Path, repeat: int) -> tuple[float, float]:
    """(seconds to parse every line, bytes per household), chunk by chunk as the column path parses."""
    data = path.read_bytes()
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    cuts = [0, *(int(ends[i]) + 1 for i in range(CHUNK - 1, len(ends), CHUNK))]
    if cuts[-1] != len(data):
        cuts.append(len(data))
    chunks = [data[a:b] for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
    options = pj.ParseOptions(explicit_schema=json_schema(), unexpected_field_behavior="error",
                              newlines_in_values=False)

    def parse() -> None:
        for c in chunks:
            pj.read_json(io.BytesIO(c), read_options=pj.ReadOptions(block_size=len(c) + 1, use_threads=False),
                         parse_options=options)

    return _best(repeat, parse), len(data) / len(ends)


def write_floor(jsonl: Path, registry: Any, n: int, workdir: Path) -> tuple[float, float]:
    """(CPU-seconds, bytes) of writing the JSON-lines summaries of the whole input to a file in ``workdir``
    (the kernel's share included: measured with ``getrusage``, not a clock). The summary lines of the first
    chunk, written over and over to the size of the whole output."""
    chunk = next(iter(read_chunks(str(jsonl), "jsonl", CHUNK)))
    d = decode_chunk(chunk)
    res = evaluate_columns(d.population, on=ON, registry=registry, valid=d.valid)
    block = bytes(summary_bytes(res, registry, d.errors))
    total = len(block) * n // d.population.n
    target = workdir / "floors-write.tmp"
    before = _cpu()
    with open(target, "wb") as f:
        written = 0
        while written < total:
            written += f.write(block[: total - written])
    seconds = _cpu() - before
    os.remove(target)
    return seconds, float(total)


def _duckdb_type(t: pa.DataType) -> str:
    """The DuckDB type of one of the models' Arrow column types (``json_schema`` uses only these)."""
    if pa.types.is_list(t):
        return _duckdb_type(t.value_type) + "[]"
    if pa.types.is_struct(t):
        return "STRUCT(" + ", ".join(f'"{f.name}" {_duckdb_type(f.type)}' for f in t) + ")"
    return {pa.string(): "VARCHAR", pa.bool_(): "BOOLEAN", pa.int64(): "BIGINT"}[t]


def other_readers(parquet: Path, jsonl: Path, n: int, repeat: int) -> dict[str, tuple[str, float]]:
    """{reader: (library and version, CPU-seconds for the whole file)} for the other readers installed
    (``pip install -e '.[bench]'`` installs them). Each reads every row into Arrow, one thread."""
    found: dict[str, tuple[str, float]] = {}
    try:
        import duckdb
    except ImportError:
        duckdb = None
    try:
        import polars as pl
    except ImportError:
        pl = None

    def rows(batches: Any) -> int:
        return sum(b.num_rows for b in batches)

    if duckdb is not None:
        con = duckdb.connect(config={"threads": 1})
        columns = "{" + ", ".join(f"'{f.name}': '{_duckdb_type(f.type)}'" for f in json_schema()) + "}"
        def quoted(path: Path) -> str:  # a SQL string literal
            return "'" + str(path).replace("'", "''") + "'"

        query = f"select * from read_json({quoted(jsonl)}, format='newline_delimited', columns={columns})"

        def duck_json() -> None:
            assert rows(con.sql(query).to_arrow_reader(65536)) == n

        def duck_parquet() -> None:
            assert rows(con.sql(f"select * from read_parquet({quoted(parquet)})").to_arrow_reader(65536)) > n

        version = f"duckdb {duckdb.__version__}"
        found["json duckdb"] = (version, _cpu_best(repeat, duck_json))
        found["parquet duckdb"] = (version, _cpu_best(repeat, duck_parquet))
    if pl is not None:
        def polars_parquet() -> None:
            assert pl.read_parquet(parquet).to_arrow().num_rows > n

        found["parquet polars"] = (f"polars {pl.__version__}", _cpu_best(repeat, polars_parquet))
    return found


def _models(model: BaseModel, out: list[BaseModel]) -> list[BaseModel]:
    for value in model.__dict__.values():
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, BaseModel):
                _models(item, out)
    out.append(model)
    return out


def decision_floor(registry: Any, sample: int, repeat: int) -> tuple[float, float, float, float]:
    """(models per decision, JSON bytes per decision, seconds per household to create the models with
    ``built``, seconds per household for one bare ``object()`` per model)."""
    s = generate(sample, seed=20211001)
    households = [xianjie.Household.model_validate(d) for d in s.household_dicts(np.arange(sample))]
    decisions = [xianjie.evaluate(h, on=ON, registry=registry, explain=True) for h in households]
    # every model below the Decision, with the values it holds (the Decision itself is model_construct-ed)
    plans = [[(type(m), dict(m.__dict__)) for m in _models(d, [])[:-1]] for d in decisions]
    per = sum(map(len, plans)) / sample
    size = sum(len(d.model_dump_json()) for d in decisions) / sample

    def build() -> None:
        for plan in plans:
            for cls, values in plan:
                built(cls, values)

    def bare() -> None:
        for plan in plans:
            for _ in plan:
                object()

    return per, size, _best(repeat, build) / sample, _best(repeat, bare) / sample


def _verdict(floor: float, budget: float) -> str:
    return "the floor alone exceeds it" if floor > budget else "the floor fits"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="households in the files (default 1,000,000)")
    ap.add_argument("--sample", type=int, default=1000, help="households for the per-household floor")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (the best is kept)")
    ap.add_argument("--cores", type=int, default=2, help="cores the targets are set for")
    ap.add_argument("--workdir", default="/tmp/xianjie-bench", help="where generated files are cached")
    a = ap.parse_args()
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    registry = xianjie.build_registry(autoload=False, params=[PARAMS])
    workdir = Path(a.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    parquet, jsonl = _files(generate(a.n, seed=20211001, missing=0.01), workdir, 20211001, 0.01)
    print(f"pyarrow {pa.__version__}; N = {a.n:,}; one thread per figure; best of {a.repeat}")

    read, write_pq, rules = parquet_floor(parquet, registry, a.n, a.repeat)
    budget = a.cores / 1_000_000  # CPU-seconds per household at 1,000,000 /s
    print(f"Parquet read of the input alone:        {_per_million(read, a.n)}")
    print(f"Parquet write of the summaries alone:   {_per_million(write_pq, a.n)}")
    print(f"  together {_per_million(read + write_pq, a.n)}; 1,000,000 /s on {a.cores} cores allows "
          f"{budget * 1_000_000:.2f}: {_verdict((read + write_pq) / a.n, budget)}")
    print(f"  with xianjie's columnar rules on the same chunks ({_per_million(rules, a.n).strip()}), "
          f"{_per_million(read + write_pq + rules, a.n).strip()}: "
          f"{'over' if read + write_pq + rules > budget * a.n else 'within'} the budget before any validation "
          "of the input or building of the output table")
    print(f"  (read with money stored as fixed-length bytes, pyarrow's default when writing decimals: "
          f"{_per_million(fixed_decimal_read(parquet, a.repeat), a.n)})")

    parse, size = json_floor(jsonl, a.repeat)
    budget = a.cores / 250_000
    print(f"JSON parse alone (pyarrow, {size:,.0f} bytes per household): {_per_million(parse, a.n)}")
    write, out_bytes = write_floor(jsonl, registry, a.n, workdir)
    print(f"writing the JSON-lines summaries alone ({out_bytes / 2**30:.2f} GB, kernel time included): "
          f"{_per_million(write, a.n)}")
    print(f"  together {_per_million(parse + write, a.n)}; 250,000 /s on {a.cores} cores allows "
          f"{budget * 1_000_000:.2f}: {_verdict((parse + write) / a.n, budget)}")

    others = other_readers(parquet, jsonl, a.n, a.repeat)
    if not others:
        print("other readers: neither duckdb nor polars is installed (pip install -e '.[bench]')")
    if "json duckdb" in others:
        version, duck = others["json duckdb"]
        print(f"JSON parse alone (DuckDB's reader, {version}): {_per_million(duck, a.n)}")
        print(f"  with the writing, {_per_million(duck + write, a.n)}; 250,000 /s on {a.cores} cores allows "
              f"{budget * 1_000_000:.2f}: {_verdict((duck + write) / a.n, budget)}, leaving "
              f"{max(0.0, budget * a.n - duck - write) * 1_000_000 / a.n:.2f} CPU-s per 10^6 for validation, "
              "rules and the summary lines")
    for key in ("parquet polars", "parquet duckdb"):
        if key in others:
            version, seconds = others[key]
            print(f"Parquet read of the input alone ({version}): {_per_million(seconds, a.n)}")
    readers = {version: seconds for key, (version, seconds) in others.items() if key.startswith("parquet")}
    if readers:
        fastest, seconds = min({**readers, f"pyarrow {pa.__version__}": read}.items(), key=lambda kv: kv[1])
        budget = a.cores / 1_000_000
        print(f"  the fastest read ({fastest}) with pyarrow's write, {_per_million(seconds + write_pq, a.n)}; "
              f"1,000,000 /s on {a.cores} cores allows {budget * 1_000_000:.2f}: "
              f"{_verdict((seconds + write_pq) / a.n, budget)}")

    per, json_size, each, bare = decision_floor(registry, a.sample, a.repeat)
    print(f"a full decision: {per:.0f} models, {json_size / 1024:.0f} KB of JSON; creating the models alone "
          f"{each * 1e6:.0f} µs per household (at most {1 / each:,.0f} /s per core; 30,000 /s on {a.cores} "
          f"cores allows {a.cores * 1e6 / 30_000:.0f} CPU-µs: {_verdict(each, a.cores / 30_000)}); "
          f"for scale, one bare object() per model {bare * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
