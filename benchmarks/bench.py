"""xianjie benchmarks: batch compute, per-household with explanations, end-to-end files, and OpenFisca.

Usage (from the repository root, with ``pip install -e '.[bench]'``)::

    python benchmarks/bench.py                 # N = 100,000 and 1,000,000
    python benchmarks/bench.py --n 1000000     # one size
    python benchmarks/bench.py --quick         # N = 10,000 (CI smoke run)

Everything is reproducible: the population comes from a fixed seed (``--seed``), the evaluation date is
2021-10-01 and the office parameters are the test-only example values of ``tests/params_full.toml`` (not
policy values). Generated input files are cached in ``--workdir``.

What is measured, per N (printed as a table; ``--json FILE`` also writes the figures):

* **batch compute**: :func:`xianjie.batch.evaluate_columns` on an in-memory ``Population`` (numpy columns,
  no I/O, no validation) — the full national rule set, and the subset the OpenFisca peer implements;
  best of ``--repeat`` runs, each on a fresh population (cold column cache);
* **OpenFisca peer** (``benchmarks/openfisca_xianjie``): build-simulation time (entities from ids, roles,
  ``set_input``) and calculation time, separately, on the same population and parameter values, plus a
  household-by-household agreement check against xianjie's batch results;
* **per household with explanation**: :func:`xianjie.evaluate` with ``explain=True`` on ``--sample``
  validated households, one at a time; the rate is *extrapolated* from the sample;
* **end to end**: JSONL → JSONL and Parquet → Parquet through :func:`xianjie.batch.runner.run` (the engine
  of ``xianjie evaluate``) in a child process with ``--jobs`` workers: wall time including start-up,
  reading, validation, evaluation and writing; peak memory as the child's ``ru_maxrss`` and as the sampled
  peak RSS summed over the child's whole process tree (workers included).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from synth import ON, Synthetic, generate  # noqa: E402

import xianjie  # noqa: E402
from xianjie.batch import BatchResult, evaluate_columns  # noqa: E402
from xianjie.registry import Registry  # noqa: E402

PARAMS = ROOT / "tests" / "params_full.toml"


class SubsetRegistry:
    """A view of a registry that offers only some rules (everything else delegated): the batch engine
    reads ``regions``, ``rules_for`` and ``resolve``."""

    def __init__(self, registry: Registry, rule_ids: list[str]) -> None:
        self.registry = registry
        self.ids = set(rule_ids)
        self.regions = registry.regions

    def rules_for(self, region: str, on: date) -> tuple[Any, ...]:
        return tuple(a for a in self.registry.rules_for(region, on) if a.item.id in self.ids)

    def resolve(self, key: str, region: str, on: date) -> Any:
        return self.registry.resolve(key, region, on)


def _timed_batch(s: Synthetic, registry: Any, repeat: int, threads: int = 1) -> tuple[list[float], BatchResult]:
    times = []
    res = None
    for _ in range(repeat):
        pop = s.population()
        t0 = time.perf_counter()
        res = evaluate_columns(pop, on=ON, registry=registry, threads=threads)
        times.append(time.perf_counter() - t0)
    assert res is not None
    return times, res


def _batch_figures(out: dict[str, Any], key: str, label: str, s: Synthetic, registry: Any,
                   a: argparse.Namespace) -> tuple[list[float], list[float], BatchResult]:
    """Batch compute on 1 thread and on ``a.threads`` threads: figures into ``out``, a line each."""
    n = s.n
    times, res = _timed_batch(s, registry, a.repeat)
    ttimes, _ = _timed_batch(s, registry, a.repeat, threads=a.threads)
    out[f"batch_{key}"] = {"seconds": times, "per_s": n / min(times), "rules": len(res.rules)}
    out[f"batch_{key}_threads"] = {"threads": a.threads, "seconds": ttimes, "per_s": n / min(ttimes)}
    for what, ts in ((f"{label} ({len(res.rules)} rules), 1 thread", times), (f"{label}, {a.threads} threads", ttimes)):
        print(f"batch compute, {what}: best {min(ts):.3f} s (runs {', '.join(f'{t:.3f}' for t in ts)}) "
              f"-> {_fmt_rate(n / min(ts))}")
    return times, ttimes, res


def _per_household(s: Synthetic, registry: Registry, sample: int) -> dict[str, float]:
    rows = np.linspace(0, s.n - 1, num=min(sample, s.n), dtype=np.int64)
    texts = [json.dumps(d, ensure_ascii=False) for d in s.household_dicts(rows)]
    t0 = time.perf_counter()
    households = [xianjie.Household.model_validate_json(t) for t in texts]
    t1 = time.perf_counter()
    for h in households:
        xianjie.evaluate(h, on=ON, registry=registry, explain=True)
    t2 = time.perf_counter()
    for h in households:
        xianjie.evaluate(h, on=ON, registry=registry, explain=False)
    t3 = time.perf_counter()
    n = len(households)
    return {"sample": n, "parse_per_s": n / (t1 - t0), "explain_per_s": n / (t2 - t1),
            "no_explain_per_s": n / (t3 - t2), "explain_with_parse_per_s": n / (t2 - t0)}


def _tree_rss(pid: int) -> int:
    import psutil  # type: ignore[import-untyped]

    try:
        p = psutil.Process(pid)
        procs = [p, *p.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def _end_to_end(inp: Path, fmt: str, out: Path, out_fmt: str, jobs: int, chunk_size: int) -> dict[str, Any]:
    if out.exists():
        out.unlink()
    cmd = [sys.executable, str(HERE / "_e2e.py"), str(inp), "--format", fmt, "--out", str(out),
           "--out-format", out_fmt, "--on", ON.isoformat(), "--params", str(PARAMS), "--jobs", str(jobs),
           "--chunk-size", str(chunk_size)]
    peak = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    th.join()
    if proc.returncode != 0:
        raise SystemExit(f"end-to-end run failed ({fmt}):\n{stderr[-2000:]}")
    rep = json.loads(stdout.strip().splitlines()[-1])
    rep.update({"wall_seconds": wall, "per_s": rep["records"] / wall, "peak_tree_rss_mb": peak / 2**20,
                "hwm_main_mb": rep["hwm_self_kb"] / 1024,
                "input_mb": inp.stat().st_size / 2**20, "output_mb": out.stat().st_size / 2**20})
    return rep


def _files(s: Synthetic, workdir: Path, seed: int, missing: float) -> tuple[Path, Path]:
    stem = f"synth-n{s.n}-seed{seed}-missing{round(missing * 10_000)}bp"
    # "-int-decimals": money stored as integers (Synthetic.write_parquet); files cached before that differ
    pq, jl = workdir / f"{stem}-int-decimals.parquet", workdir / f"{stem}.jsonl"
    if not pq.exists():
        s.write_parquet(str(pq))
    if not jl.exists():
        tmp = workdir / f"{stem}.jsonl.tmp"
        s.write_jsonl(str(tmp))
        os.replace(tmp, jl)
    return pq, jl


def _fmt_rate(x: float) -> str:
    return f"{x:>12,.0f}/s"


def run_size(n: int, a: argparse.Namespace, registry: Registry, report: dict[str, Any]) -> None:
    out: dict[str, Any] = {"n": n}
    print(f"\n=== N = {n:,} households ===")
    t0 = time.perf_counter()
    s = generate(n, seed=a.seed, missing=a.missing)
    out["members"] = s.n_members
    print(f"generated {n:,} households / {s.n_members:,} members in {time.perf_counter() - t0:.2f} s "
          f"(seed {a.seed}, {a.missing:.0%} of inputs not provided)")

    evaluate_columns(generate(100, seed=1).population(), on=ON, registry=registry)  # warm caches
    times, ttimes, full = _batch_figures(out, "full", "full national set", s, registry, a)

    subset_ids = None
    if not a.skip_openfisca:
        from peer import agreement, parameter_values, run_openfisca, subset_rule_ids

        subset_ids = subset_rule_ids()
        sub = SubsetRegistry(registry, subset_ids)
        stimes, sttimes, subset = _batch_figures(out, "subset", "OpenFisca subset", s, sub, a)
        values = parameter_values(registry, "CN", ON)
        runs = [run_openfisca(s, values, ON) for _ in range(a.repeat)]
        peer = min(runs, key=lambda r: r.calc_s)
        build = min(r.build_s for r in runs)
        of_rate = n / peer.calc_s
        out["openfisca"] = {"build_seconds": [r.build_s for r in runs], "calc_seconds": [r.calc_s for r in runs],
                            "calc_per_s": of_rate, "build_plus_calc_per_s": n / (build + peer.calc_s)}
        print(f"OpenFisca {_of_version()} (same subset, same data): build simulation {build:.3f} s, "
              f"calculate {peer.calc_s:.3f} s -> calc {_fmt_rate(of_rate)}, "
              f"build+calc {_fmt_rate(n / (build + peer.calc_s))}")
        ratio_sub = (n / min(stimes)) / of_rate
        ratio_full = (n / min(times)) / of_rate
        ratio_sub_threads = (n / min(sttimes)) / of_rate
        out["ratio_subset_vs_openfisca"] = ratio_sub
        out["ratio_full_vs_openfisca"] = ratio_full
        out["ratio_subset_threads_vs_openfisca"] = ratio_sub_threads
        print(f"xianjie / OpenFisca calculation rate: subset {ratio_sub:.2f}x (1 thread each), "
              f"{ratio_sub_threads:.2f}x ({a.threads} threads; OpenFisca has no threaded mode); "
              f"full set {ratio_full:.2f}x (OpenFisca computes the subset only)")
        rows = agreement(peer, subset)
        bad = sum(r[4] for r in rows)
        out["agreement"] = {"disagreements": bad, "rules": [list(r) for r in rows]}
        print("agreement check (households xianjie determined; OpenFisca fills unknown inputs with defaults):")
        print(f"  {'rule':38} {'determined':>11} {'xianjie elig.':>14} {'OpenFisca elig.':>16} {'disagree':>9}")
        for rid, det, ours, theirs, nbad in rows:
            print(f"  {rid:38} {det:>11,} {ours:>14,} {theirs:>16,} {nbad:>9,}")
        print(f"  => {'AGREE' if bad == 0 else 'DISAGREE'} ({bad} disagreements, outcomes and member amounts)")
        if bad:
            report.setdefault("failures", []).append(f"N={n}: {bad} disagreements with OpenFisca")

    if a.sample and "per_household" not in report:
        ph = _per_household(s, registry, a.sample)
        report["per_household"] = ph
        print(f"per household, explain=True, sample of {ph['sample']:,} (rate extrapolated from the sample): "
              f"{_fmt_rate(ph['explain_per_s'])} evaluate; {_fmt_rate(ph['explain_with_parse_per_s'])} "
              f"with JSON validation; explain=False {_fmt_rate(ph['no_explain_per_s'])}")

    if not a.skip_files:
        workdir = Path(a.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        pq, jl = _files(s, workdir, a.seed, a.missing)
        print(f"input files ready in {time.perf_counter() - t0:.1f} s: {pq.name} "
              f"({pq.stat().st_size / 2**20:.1f} MB), {jl.name} ({jl.stat().st_size / 2**20:.1f} MB)")
        del s
        for label, inp, fmt, out_fmt in (("JSONL -> JSONL", jl, "jsonl", "jsonl"),
                                         ("Parquet -> Parquet", pq, "parquet", "parquet")):
            runs = [_end_to_end(inp, fmt, workdir / f"out-n{n}.{out_fmt}", out_fmt, a.jobs, a.chunk_size)
                    for _ in range(a.e2e_repeat)]
            r = min(runs, key=lambda x: x["wall_seconds"])
            r["runs_wall_seconds"] = [x["wall_seconds"] for x in runs]
            for k in ("peak_tree_rss_mb", "hwm_main_mb"):  # memory: the worst run
                r[k] = max(x[k] for x in runs)
            out[f"e2e_{fmt}"] = r
            print(f"end to end {label} (jobs={a.jobs}, chunks of {a.chunk_size:,}): best {r['wall_seconds']:.2f} s "
                  f"wall (runs {', '.join(f'{x:.2f}' for x in r['runs_wall_seconds'])}) -> "
                  f"{_fmt_rate(r['per_s'])}; peak RSS: process tree {r['peak_tree_rss_mb']:,.0f} MB "
                  f"(sampled), main process VmHWM {r['hwm_main_mb']:,.0f} MB; output {r['output_mb']:.1f} MB")
    report["sizes"].append(out)


def _of_version() -> str:
    try:
        from importlib.metadata import version

        return "openfisca-core " + version("openfisca-core")
    except Exception:
        return "openfisca-core"


def _machine() -> dict[str, Any]:
    from importlib.metadata import version

    def v(p: str) -> str:
        try:
            return version(p)
        except Exception:
            return "-"

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "numpy": v("numpy"), "pyarrow": v("pyarrow"),
            "pydantic": v("pydantic"), "openfisca-core": v("openfisca-core"), "xianjie": v("xianjie")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, action="append", help="households (repeatable; default 100000 and 1000000)")
    ap.add_argument("--quick", action="store_true", help="N = 10,000, 500-household sample (CI smoke run)")
    ap.add_argument("--seed", type=int, default=20211001)
    ap.add_argument("--missing", type=float, default=0.01, help="share of inputs not provided")
    ap.add_argument("--repeat", type=int, default=5, help="runs per batch timing (the best is kept)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                    help="threads for the threaded batch figure (default: the CPU count)")
    ap.add_argument("--sample", type=int, default=2000, help="households for the per-household path")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the end-to-end runs")
    ap.add_argument("--chunk-size", type=int, default=20_000,
                    help="households per chunk in the end-to-end runs (xianjie evaluate's default)")
    ap.add_argument("--e2e-repeat", type=int, default=2, help="runs per end-to-end figure (the best is kept)")
    ap.add_argument("--workdir", default="/tmp/xianjie-bench", help="where generated files are cached")
    ap.add_argument("--skip-openfisca", action="store_true")
    ap.add_argument("--skip-files", action="store_true", help="skip the end-to-end file runs")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    a = ap.parse_args()
    sizes = a.n or ([10_000] if a.quick else [100_000, 1_000_000])
    if a.quick and a.sample == 2000:
        a.sample = 500
    machine = _machine()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    registry = xianjie.build_registry(autoload=False, params=[PARAMS])
    report: dict[str, Any] = {"machine": machine, "on": ON.isoformat(), "seed": a.seed, "missing": a.missing,
                              "sizes": []}
    for n in sizes:
        run_size(n, a, registry, report)
    _targets(report)
    if a.json:
        Path(a.json).write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    if report.get("failures"):
        raise SystemExit("; ".join(report["failures"]))


def _targets(report: dict[str, Any]) -> None:
    """The issue's targets (at 10^6 households on 2 cores) against the largest N measured."""
    big = max(report["sizes"], key=lambda r: r["n"])
    print(f"\n=== targets (issue 6), at N = {big['n']:,} ===")

    def line(name: str, value: float | None, target: float, unit: str = "/s") -> None:
        if value is None:
            print(f"  {name:46} not measured")
            return
        ok = "met" if value >= target else "MISSED"
        print(f"  {name:46} {value:>14,.2f}{unit:3} target >= {target:,.2f}{unit:3} {ok}")

    line("batch compute, full set, 1 thread (households/s)", big["batch_full"]["per_s"], 2_000_000)
    line(f"batch compute, full set, {big['batch_full_threads']['threads']} threads (households/s)",
         big["batch_full_threads"]["per_s"], 2_000_000)
    line("batch compute vs OpenFisca, subset, 1 thread (x)", big.get("ratio_subset_vs_openfisca"), 2.5, "x")
    line("batch compute vs OpenFisca, subset, threads (x)", big.get("ratio_subset_threads_vs_openfisca"), 2.5, "x")
    line("end to end JSONL->JSONL (households/s)", big.get("e2e_jsonl", {}).get("per_s"), 250_000)
    line("end to end Parquet->Parquet (households/s)", big.get("e2e_parquet", {}).get("per_s"), 1_000_000)
    line("per household with explanation (households/s)",
         report.get("per_household", {}).get("explain_per_s"), 30_000)
    peaks = [(r["n"], r["e2e_parquet"]["peak_tree_rss_mb"]) for r in report["sizes"] if "e2e_parquet" in r]
    if len(peaks) > 1:
        print("  peak memory, Parquet run, by N: " + ", ".join(f"{n:,}: {mb:,.0f} MB" for n, mb in peaks)
              + f" (ratio {peaks[-1][1] / peaks[0][1]:.2f} for {peaks[-1][0] / peaks[0][0]:.0f}x households)")


if __name__ == "__main__":
    main()
