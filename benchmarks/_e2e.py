"""Child process of bench.py: one end-to-end file run through the batch runner, timed.

Run in its own process so that its peak memory is its own: prints one JSON object with the wall time, the
records, this process's peak RSS (VmHWM) and ``ru_maxrss`` of it and of its reaped children (kilobytes).
The worker processes of ``--jobs`` are started by a forkserver, so they are not our reaped children: the
parent samples the RSS of the whole process tree instead.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from datetime import date

import xianjie
from xianjie.batch.runner import RunSettings, run


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--format", choices=["jsonl", "parquet", "csv"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--out-format", choices=["jsonl", "parquet"], required=True)
    ap.add_argument("--on", required=True)
    ap.add_argument("--params", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--chunk-size", type=int, default=50_000)
    a = ap.parse_args()
    t0 = time.perf_counter()
    reg = xianjie.build_registry(params=[a.params])
    settings = RunSettings(on=date.fromisoformat(a.on), params=(a.params,), mode="summary",
                           out_format=a.out_format)
    stats = run(a.input, a.format, settings, reg, out=a.out, chunk_size=a.chunk_size, jobs=a.jobs)
    elapsed = time.perf_counter() - t0
    print(json.dumps({"seconds": elapsed, "records": stats.records, "invalid": stats.invalid,
                      "hwm_self_kb": _hwm_kb(),
                      "maxrss_self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "maxrss_children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))


def _hwm_kb() -> int:
    """This process's own peak RSS (VmHWM). ``ru_maxrss`` is not used for that: Linux carries it over
    ``execve`` from the process that forked us, so it reports the *benchmark's* peak, not ours."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
