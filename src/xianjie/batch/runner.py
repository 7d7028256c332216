"""Streaming, parallel, resumable evaluation of a file: the engine behind ``xianjie evaluate``.

* **Constant memory**: the input is read in chunks (:mod:`xianjie.batch.io`); at most ``2 × jobs + 1``
  chunks are in flight (read, being evaluated, or waiting to be written).
* **Both cores**: summaries are computed in ``jobs`` threads of this process, while the calling thread
  reads and one more writes — parsing (pyarrow),
  validation and rules (numpy) and output assembly (Arrow string kernels, Parquet) release the GIL, so
  threads overlap without pickling chunks; full decisions (the per-household engine, pure Python) go to
  a process pool (each worker builds its own registry once) when there are more chunks than workers, so
  small files pay no start-up cost.
* **Nothing dropped**: every input record yields exactly one output record, in input order — a summary or
  decision, or an error naming the line and field (never the value).
* **Resumable**: with an output directory, each chunk is written to its own file (atomically: temp file,
  then rename) and recorded in ``manifest.json`` with its checksum; a rerun with ``resume=True`` skips the
  chunks already finished, provided the input file and the options are unchanged.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np

from ..errors import FieldError, InputError, XianjieError
from ..records import region_mismatch
from ..registry import Registry, build_registry
from .engine import evaluate_columns
from .io import Chunk, InputFormat, JsonChunk, TableChunk, read_chunks
from .layout import Decoded
from .output import error_line, rule_columns, summary_bytes, summary_table
from .population import Population

__all__ = ["ChunkResult", "RunSettings", "RunStats", "decode_chunk", "iter_decoded", "process_chunk", "run"]

Mode = Literal["summary", "decisions"]
OutFormat = Literal["jsonl", "parquet"]
MANIFEST_FORMAT = "xianjie.batch-manifest/1"


@dataclass(frozen=True)
class RunSettings:
    """Everything a worker needs to process a chunk (picklable)."""

    on: date
    params: tuple[str, ...] = ()
    strict: bool = False
    mode: Mode = "summary"
    explain: bool = True
    region: str | None = None
    out_format: OutFormat = "jsonl"

    def fingerprint(self) -> dict[str, Any]:
        d = asdict(self)
        d["on"] = self.on.isoformat()
        d["params"] = [_file_identity(p) for p in self.params]
        return d


@dataclass
class ChunkResult:
    index: int
    records: int
    invalid: int
    #: JSON lines (UTF-8: ``bytes``, or an Arrow buffer, written without a copy) or an Arrow table (Parquet
    #: output: encoded once, where written)
    payload: Any

    def data(self) -> bytes:
        """The bytes of a chunk file: the JSON lines, or the table as Parquet."""
        return _parquet_bytes(self.payload) if hasattr(self.payload, "column_names") else self.payload


@dataclass
class RunStats:
    records: int = 0
    invalid: int = 0
    chunks: int = 0
    skipped_chunks: int = 0


# ---------------------------------------------------------------------------------------------------------
# Decoding and processing one chunk
# ---------------------------------------------------------------------------------------------------------


def decode_chunk(chunk: Chunk, region: str | None = None, *, columnar_json: bool = True) -> Decoded:
    """Validate a chunk into a :class:`Population` (invalid records stay in place, flagged).

    JSON records go through :mod:`xianjie.batch.json_columns` (parsed and validated by column) unless that
    declines the chunk or ``columnar_json`` is false; then each record is validated by pydantic."""
    if isinstance(chunk, TableChunk):
        from .layout import population_from_table

        d = population_from_table(chunk.table, first_line=chunk.first_line)
    else:
        from .json_columns import decode_json_chunk

        fast = decode_json_chunk(chunk) if columnar_json else None
        d = fast if fast is not None else _decode_records(chunk)
    if region is not None:
        for i in np.nonzero(d.valid & (d.population.region.astype(str) != region))[0]:
            d.errors[int(i)] = region_mismatch()
            d.valid[i] = False
    return d


def _decode_records(chunk: JsonChunk) -> Decoded:
    """The per-record path: each JSON record validated by pydantic (the reference for the fast path)."""
    from ..models import Household
    from ..records import parse_household

    households: list[Household] = []
    lines: list[int] = []
    errors: dict[int, list[FieldError]] = {}
    ok: list[bool] = []
    placeholder: Household | None = None
    for line_no, raw in chunk.records:
        try:
            h = parse_household(line_no, raw, None)
            ok.append(True)
        except InputError as exc:
            errors[len(households)] = exc.errors
            if placeholder is None:
                placeholder = Household.model_validate({"household_id": "invalid", "region": "CN",
                                                        "members": [{}]})
            h = placeholder
            ok.append(False)
        households.append(h)
        lines.append(line_no)
    return Decoded(Population.from_households(households, line=lines), np.array(ok, dtype=bool), errors,
                   np.arange(len(households), dtype=np.int64))


def _decisions(chunk: Chunk, reg: Registry, s: RunSettings) -> tuple[list[str], list[dict[str, Any] | None],
                                                                       int]:
    """The per-household path: full decisions (as the pre-batch ``xianjie evaluate`` wrote them)."""
    from ..engine import evaluate
    from .lookup import household_records

    lines: list[str] = []
    rows: list[dict[str, Any] | None] = []
    bad = 0
    for n, build in household_records(chunk, s.region):
        try:
            dec = evaluate(build(), on=s.on, registry=reg, explain=s.explain)
        except InputError as exc:
            bad += 1
            lines.append(error_line(n, exc.errors))
            rows.append({"line": n, "household_id": None, "decision": None,
                         "error": json.dumps([e.model_dump() for e in exc.errors], ensure_ascii=False)})
            continue
        text = dec.model_dump_json()
        lines.append(text)
        rows.append({"line": n, "household_id": dec.household_id, "decision": text, "error": None})
    return lines, rows, bad


#: Columns whose Parquet statistics (min/max per row group) are written: what readers filter a result file
#: by. Statistics of the outcome columns cost a quarter of the writing time and select nothing (every row
#: group holds every outcome).
STATISTICS_COLUMNS = ("line", "household_id", "region")


def _parquet_bytes(table: Any) -> bytes:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    buf = io.BytesIO()
    pq.write_table(table, buf, **parquet_options(table.schema))
    return buf.getvalue()


def parquet_options(schema: Any) -> dict[str, Any]:
    """How result files are written: zstd, statistics only for :data:`STATISTICS_COLUMNS`."""
    return {"compression": "zstd", "write_statistics": [c for c in STATISTICS_COLUMNS if c in schema.names]}


def process_chunk(chunk: Chunk, reg: Registry, s: RunSettings) -> ChunkResult:
    """Evaluate one chunk and serialise its output (one record per input record, in order). Runs are
    parallel over chunks (threads or worker processes), so a chunk is evaluated on one thread."""
    if s.mode == "decisions":
        lines, rows, bad = _decisions(chunk, reg, s)
        if s.out_format == "parquet":
            import pyarrow as pa

            schema = pa.schema([("line", pa.int64()), ("household_id", pa.string()), ("decision", pa.string()),
                                ("error", pa.string())])
            return ChunkResult(chunk.index, len(rows), bad, pa.Table.from_pylist(rows, schema))
        return ChunkResult(chunk.index, len(lines), bad, "".join(x + "\n" for x in lines).encode())
    d = decode_chunk(chunk, s.region)
    res = evaluate_columns(d.population, on=s.on, registry=reg, valid=d.valid)
    invalid = int((~res.valid).sum())
    if s.out_format == "parquet":
        table = summary_table(res, reg, d.errors, rule_columns(reg, s.on))
        return ChunkResult(chunk.index, d.population.n, invalid, table)
    return ChunkResult(chunk.index, d.population.n, invalid, summary_bytes(res, reg, d.errors))


def iter_decoded(path: str, fmt: InputFormat, chunk_size: int = 50_000) -> Iterator[Decoded]:
    """The input chunk by chunk as validated populations (for what-if and reports)."""
    for chunk in read_chunks(path, fmt, chunk_size):
        yield decode_chunk(chunk)


# ---------------------------------------------------------------------------------------------------------
# Workers
# ---------------------------------------------------------------------------------------------------------

_WORKER: tuple[Registry, RunSettings] | None = None


def _init_worker(settings: RunSettings) -> None:
    global _WORKER
    _WORKER = (build_registry(params=[Path(p) for p in settings.params], strict=settings.strict), settings)


def _work(chunk: Chunk) -> ChunkResult:
    assert _WORKER is not None
    return process_chunk(chunk, *_WORKER)


# ---------------------------------------------------------------------------------------------------------
# Progress and resumable output
# ---------------------------------------------------------------------------------------------------------


class Progress:
    """Households done and the rate, on stderr, through tqdm (the total of a streamed input is unknown,
    so it shows a count, not a percentage)."""

    def __init__(self, enabled: bool, stream: IO[str] | None = None) -> None:
        from tqdm import tqdm

        self.bar = tqdm(desc="xianjie", unit=" households", file=stream or sys.stderr, disable=not enabled,
                        mininterval=0.5, dynamic_ncols=True)

    def update(self, n: int) -> None:
        self.bar.update(n)

    def close(self) -> None:
        self.bar.close()


def _file_identity(path: str) -> dict[str, Any]:
    if path == "-":
        return {"path": "-"}
    p = Path(path)
    st = p.stat()
    return {"path": str(p.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


class ChunkDir:
    """Output directory of a resumable run: ``part-NNNNN.<ext>`` files plus ``manifest.json``."""

    def __init__(self, root: Path, identity: dict[str, Any], resume: bool) -> None:
        self.root = root
        self.identity = identity
        self.path = root / "manifest.json"
        root.mkdir(parents=True, exist_ok=True)
        self.done: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            try:
                old = json.loads(self.path.read_text(encoding="utf-8"))
            except ValueError:
                old = {}
            if not resume:
                raise XianjieError(f"{root} already holds a batch run; pass --resume to continue it or choose "
                                   "another --out directory")
            if old.get("identity") != identity:
                raise XianjieError(f"{root}: the input file or options differ from the run recorded there; "
                                   "resume needs the same input and options")
            self.done = {k: v for k, v in old.get("chunks", {}).items() if self._intact(v)}
        self._write(complete=False)

    def _intact(self, entry: dict[str, Any]) -> bool:
        f = self.root / entry.get("file", "")
        return f.is_file() and hashlib.sha256(f.read_bytes()).hexdigest() == entry.get("sha256")

    def finished(self, index: int) -> dict[str, Any] | None:
        return self.done.get(str(index))

    def save(self, r: ChunkResult, ext: str) -> None:
        name = f"part-{r.index:05d}.{ext}"
        tmp = self.root / (name + ".tmp")
        data = r.data()
        tmp.write_bytes(data)
        os.replace(tmp, self.root / name)
        self.done[str(r.index)] = {"file": name, "records": r.records, "invalid": r.invalid,
                                   "sha256": hashlib.sha256(data).hexdigest()}
        self._write(complete=False)

    def _write(self, complete: bool) -> None:
        data = {"format": MANIFEST_FORMAT, "identity": self.identity, "complete": complete,
                "chunks": dict(sorted(self.done.items(), key=lambda kv: int(kv[0])))}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)

    def complete(self) -> None:
        self._write(complete=True)


# ---------------------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------------------


class _Sink:
    """Where chunk outputs go, in order: a stream (JSON lines), one Parquet file, or a chunk directory."""

    def __init__(self, s: RunSettings, out: str | None, chunk_dir: ChunkDir | None) -> None:
        self.s, self.chunk_dir = s, chunk_dir
        self.stream: IO[bytes] | None = None
        self.writer: Any = None
        self.out = out
        if chunk_dir is None and s.out_format == "jsonl":
            self.stream = sys.stdout.buffer if out is None else open(out, "wb")

    def write(self, r: ChunkResult) -> None:
        if self.chunk_dir is not None:
            self.chunk_dir.save(r, "parquet" if self.s.out_format == "parquet" else "jsonl")
        elif self.stream is not None:
            self.stream.write(r.payload)
            self.stream.flush()
        else:
            import pyarrow.parquet as pq

            table = r.payload
            if self.writer is None:
                assert self.out is not None
                self.writer = pq.ParquetWriter(self.out, table.schema, **parquet_options(table.schema))
            self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        if self.stream is not None and self.stream is not sys.stdout.buffer:
            self.stream.close()


def _in_threads(chunks: Iterator[Chunk], registry: Registry, settings: RunSettings, jobs: int,
                emit: Callable[[ChunkResult], None]) -> None:
    """Evaluate chunks in ``jobs`` threads of this process, while this thread reads and one more writes (in
    input order).

    For summaries the work is mostly inside pyarrow and numpy, which release the GIL, so threads overlap
    as well as processes would, without pickling every chunk both ways or starting workers: on two cores
    a Parquet run takes about two thirds of the time the process pool took, a JSON-lines run about 85 %
    with a third less CPU (docs/performance.md). Writing has a thread of its own because reading and
    writing in one thread made that thread the bottleneck (Parquet encoding costs as much CPU as the
    rules and validation together). At most ``2 * jobs + 1`` chunks are in flight, so memory stays flat.
    Per-household decisions hold the GIL; they use the process pool."""
    failed = threading.Event()  # once a write fails, nothing more is written

    def write_when_done(done: Future[ChunkResult]) -> None:
        if failed.is_set():
            return
        try:
            emit(done.result())
        except BaseException:
            failed.set()
            raise

    with ThreadPoolExecutor(max_workers=jobs) as pool, ThreadPoolExecutor(max_workers=1) as writer:
        writes: deque[Future[None]] = deque()
        try:
            for c in chunks:
                done = pool.submit(process_chunk, c, registry, settings)
                writes.append(writer.submit(write_when_done, done))
                while len(writes) > 2 * jobs:
                    writes.popleft().result()  # re-raises an evaluation or writing error here
            while writes:
                writes.popleft().result()
        except BaseException:
            failed.set()
            for w in writes:
                w.cancel()
            raise


def run(path: str, fmt: InputFormat, settings: RunSettings, registry: Registry, *, out: str | None = None,
        chunk_size: int = 20_000, jobs: int = 1, resume: bool = False, out_dir: bool = False,
        progress: bool = False) -> RunStats:
    """Evaluate the file at ``path`` chunk by chunk and write one output record per input record.

    ``out_dir=True`` (implied by ``resume``) writes chunk files and a manifest into the directory ``out``.
    """
    stats = RunStats()
    chunk_dir = None
    if out_dir or resume:
        if out is None:
            raise XianjieError("--resume needs --out DIR (the chunk files and manifest are kept there)")
        identity = {"input": _file_identity(path), "settings": settings.fingerprint(), "chunk_size": chunk_size}
        chunk_dir = ChunkDir(Path(out), identity, resume)
    sink = _Sink(settings, out, chunk_dir)
    bar = Progress(progress)
    chunks = read_chunks(path, fmt, chunk_size)

    counting = threading.Lock()  # the writer thread and this one both count

    def todo() -> Iterator[Chunk]:
        for c in chunks:
            done = chunk_dir.finished(c.index) if chunk_dir is not None else None
            if done is not None:
                with counting:
                    stats.skipped_chunks += 1
                    stats.records += int(done["records"])
                    stats.invalid += int(done["invalid"])
                    bar.update(int(done["records"]))
                continue
            yield c

    def emit(r: ChunkResult) -> None:
        sink.write(r)
        with counting:
            stats.records += r.records
            stats.invalid += r.invalid
            stats.chunks += 1
            bar.update(r.records)

    try:
        pending = todo()
        # Workers pay a start-up (interpreter, imports, registry) of about a second: worth it only when
        # there are more chunks than workers; smaller inputs are evaluated in this process.
        head: list[Chunk] = []
        for c in pending:
            head.append(c)
            if len(head) > jobs:
                break
        if jobs <= 1 or len(head) <= jobs or settings.mode != "decisions":
            _in_threads(itertools.chain(head, pending), registry, settings, max(1, jobs), emit)
        else:
            import multiprocessing as mp

            ctx = mp.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                                     initargs=(settings,)) as pool:
                window: deque[Future[ChunkResult]] = deque(pool.submit(_work, c) for c in head)
                for c in pending:
                    window.append(pool.submit(_work, c))
                    while len(window) >= 2 * jobs:
                        emit(window.popleft().result())
                while window:
                    emit(window.popleft().result())
        if chunk_dir is not None:
            chunk_dir.complete()
    finally:
        sink.close()
        bar.close()
    return stats
