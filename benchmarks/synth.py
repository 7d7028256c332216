"""Synthetic households for the benchmarks, generated vectorised straight into the columnar layout.

Why vectorised: the benchmark runs at 10^6 households (about 2.8 M members); building pydantic objects for
them would take minutes and would measure the generator, not the engine. Every column is drawn with numpy
from one seeded generator, so the same ``(n, seed, missing)`` always gives the same population.

The distributions are *plausible*, not statistics: sizes 1-6, per-capita income log-normal around 9,000 yuan
(so that a few percent fall under the 6,000-yuan monitoring line and the 4,300-yuan example 低保 standard),
a few percent 低保 / 特困 / monitoring households, a few unsafe houses. ``missing`` is the share of each
input that is "not provided" (an unknown cell), so the three-valued logic is exercised as in real data.

Three outputs from the same columns:

* :meth:`Synthetic.population` — an in-memory :class:`xianjie.batch.Population` (compute-only runs);
* :meth:`Synthetic.arrow_table` / :meth:`write_parquet` — the flat long layout (one row per member);
* :meth:`write_jsonl` / :meth:`household_dicts` — nested JSON records, as ``xianjie evaluate`` reads them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa

from xianjie.batch import Population
from xianjie.rules.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS, Column

__all__ = ["Synthetic", "generate"]

ON = date(2021, 10, 1)
CHRONIC_SETS = (frozenset(), frozenset({"hypertension"}), frozenset({"diabetes"}),
                frozenset({"hypertension", "diabetes"}), frozenset({"other"}))


@dataclass
class Synthetic:
    """A generated population as numpy columns (household table + member table with ``hh_index``)."""

    on: date
    household_id: np.ndarray
    region: np.ndarray
    hh_index: np.ndarray
    hcols: dict[str, Column]
    mcols: dict[str, Column]
    _encoded: tuple[dict[str, Column], dict[str, Column]] | None = field(default=None, repr=False)

    @property
    def n(self) -> int:
        return len(self.household_id)

    @property
    def n_members(self) -> int:
        return len(self.hh_index)

    def population(self) -> Population:
        """A fresh in-memory population (fresh column cache: each timing starts cold), with code columns
        dictionary-encoded as :func:`xianjie.batch.layout.population_from_table` leaves them when it reads
        a file (the encoding is computed once per synthetic population, outside any timing)."""
        if self._encoded is None:
            self._encoded = ({k: _encoded(c, HOUSEHOLD_FIELDS[k].kind) for k, c in self.hcols.items()},
                             {k: _encoded(c, MEMBER_FIELDS[k].kind) for k, c in self.mcols.items()})
        hcols, mcols = self._encoded
        fresh = {k: Column(c.values, c.known, c.codes, c.categories) for k, c in hcols.items()}
        mfresh = {k: Column(c.values, c.known, c.codes, c.categories) for k, c in mcols.items()}
        return Population.from_columns(self.household_id, self.region, self.hh_index, fresh, mfresh)

    # ----------------------------------------------------------------------------------------------------
    # Flat (long) layout
    # ----------------------------------------------------------------------------------------------------

    def arrow_table(self) -> pa.Table:
        """The long layout of docs/batch.md with typed Arrow columns (household values on every row)."""
        idx = self.hh_index
        cols: dict[str, pa.Array] = {
            "household_id": pa.array(self.household_id[idx], pa.string()),
            "region": pa.array(self.region[idx], pa.string()),
        }
        for name, col in self.hcols.items():
            cols[name] = _arrow(HOUSEHOLD_FIELDS[name].kind, col.values[idx], col.known[idx])
        for name, col in self.mcols.items():
            cols["members." + name] = _arrow(MEMBER_FIELDS[name].kind, col.values, col.known)
        return pa.table(cols)

    def write_parquet(self, path: str) -> None:
        """Money columns are decimals stored as integers, as Spark writes them and as docs/batch.md advises:
        pyarrow reads a decimal stored as fixed-length bytes four times as slowly (benchmarks/floors.py)."""
        import pyarrow.parquet as pq

        pq.write_table(self.arrow_table(), path, compression="zstd", row_group_size=262_144,
                       store_decimal_as_integer=True)

    # ----------------------------------------------------------------------------------------------------
    # Nested JSON records
    # ----------------------------------------------------------------------------------------------------

    def household_dicts(self, rows: np.ndarray | None = None) -> list[dict[str, Any]]:
        """Nested dicts (the JSON model) for the given household rows (default all)."""
        rows = np.arange(self.n) if rows is None else np.asarray(rows)
        hvals = {k: _py(HOUSEHOLD_FIELDS[k].kind, c) for k, c in self.hcols.items()}
        mvals = {k: _py(MEMBER_FIELDS[k].kind, c) for k, c in self.mcols.items()}
        starts = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.hh_index, minlength=self.n), out=starts[1:])
        ids, regions = self.household_id, self.region
        out = []
        for i in rows.tolist():
            d: dict[str, Any] = {"household_id": ids[i], "region": regions[i]}
            for k, vals in hvals.items():
                v = vals[i]
                if v is None:
                    continue
                node = d
                parts = k.split(".")
                for p in parts[:-1]:
                    node = node.setdefault(p, {})
                node[parts[-1]] = v
            d["members"] = [{k: vals[j] for k, vals in mvals.items() if vals[j] is not None}
                            for j in range(starts[i], starts[i + 1])]
            out.append(d)
        return out

    def write_jsonl(self, path: str, block: int = 50_000) -> None:
        with open(path, "w", encoding="utf-8") as f:
            for s in range(0, self.n, block):
                recs = self.household_dicts(np.arange(s, min(s + block, self.n)))
                f.write("".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in recs))


def _encoded(col: Column, kind: str) -> Column:
    if kind not in ("code", "codeset"):
        return col
    items = col.values.tolist()
    position = {v: i for i, v in enumerate(dict.fromkeys(items))}
    codes = np.fromiter(map(position.__getitem__, items), dtype=np.int64, count=len(items))
    return Column(col.values, col.known, codes, tuple(position))


def _arrow(kind: str, values: np.ndarray, known: np.ndarray) -> pa.Array:
    mask = ~known
    if kind == "money":  # decimal128(16, 2): the unscaled integer *is* the amount in fen
        n = len(values)
        buf = np.empty((n, 2), dtype=np.int64)
        buf[:, 0] = values
        buf[:, 1] = values >> 63
        validity = pa.py_buffer(np.packbits(known, bitorder="little"))
        return pa.Array.from_buffers(pa.decimal128(16, 2), n, [validity, pa.py_buffer(buf)],
                                     null_count=int(mask.sum()))
    if kind == "bool":
        return pa.array(values, pa.bool_(), mask=mask)
    if kind == "int":
        return pa.array(values, pa.int64(), mask=mask)
    if kind == "date":
        return pa.array(values.astype("datetime64[D]"), pa.date32(), mask=mask)
    if kind == "code":
        return pa.array(values, pa.string(), mask=mask)
    if kind == "codeset":
        lists = [sorted(v) if k else None for v, k in zip(values.tolist(), known.tolist(), strict=True)]
        return pa.array(lists, pa.list_(pa.string()))
    raise ValueError(kind)


def _py(kind: str, col: Column) -> list[Any]:
    """JSON-ready Python values (None where unknown)."""
    known = col.known.tolist()
    if kind == "money":
        vals = [f"{v // 100}.{v % 100:02d}" for v in col.values.tolist()]  # generated amounts are >= 0
    elif kind == "date":
        vals = np.datetime_as_string(col.values.astype("datetime64[D]")).tolist()
    elif kind == "codeset":
        vals = [sorted(v) for v in col.values.tolist()]
    else:
        vals = col.values.tolist()
    return [v if k else None for v, k in zip(vals, known, strict=True)]


def _choice(rng: np.random.Generator, codes: tuple[str, ...], p: tuple[float, ...], n: int) -> np.ndarray:
    table = np.empty(len(codes), dtype=object)
    table[:] = codes
    return table[rng.choice(len(codes), size=n, p=np.asarray(p) / sum(p))]


def generate(n: int, seed: int = 20211001, missing: float = 0.01, on: date = ON, region: str = "CN"
             ) -> Synthetic:
    """``n`` synthetic households (fixed ``seed``); each input unknown with probability ``missing``."""
    rng = np.random.default_rng(seed)
    sizes = rng.choice(np.arange(1, 7), size=n, p=[0.15, 0.20, 0.25, 0.20, 0.12, 0.08]).astype(np.int64)
    hh_index = np.repeat(np.arange(n, dtype=np.int64), sizes)
    m = len(hh_index)

    def mask(k: int) -> np.ndarray:
        return rng.random(k) >= missing

    def b(p: float, k: int) -> Column:
        return Column(rng.random(k) < p, mask(k))

    h: dict[str, Column] = {}
    per_capita = np.round(rng.lognormal(np.log(9000), 0.45, n) * 100).astype(np.int64)
    net = per_capita * sizes
    h["income.annual_net_income"] = Column(net, mask(n))
    h["income.wage"] = Column(np.round(net * rng.random(n) * 0.8).astype(np.int64), mask(n))
    for k, med in (("medical_out_of_pocket", 800), ("education", 500), ("other", 300)):
        h[f"rigid_expenditure.{k}"] = Column(np.round(rng.lognormal(np.log(med), 1.2, n) * 100).astype(np.int64),
                                             mask(n))
    h["housing.sole_house"] = b(0.9, n)
    h["housing.safety_grade"] = Column(_choice(rng, ("A", "B", "C", "D"), (0.5, 0.4, 0.07, 0.03), n), mask(n))
    h["water.quantity_lpd"] = Column(rng.integers(15, 101, n).astype(np.int64), mask(n))
    h["water.quality_ok"] = b(0.97, n)
    h["water.piped"] = b(0.85, n)
    h["water.fetch_minutes"] = Column(rng.integers(0, 41, n).astype(np.int64), mask(n))
    h["water.supply_guarantee_pct"] = Column(rng.integers(89, 101, n).astype(np.int64), mask(n))
    h["statuses.poverty_lifted"] = b(0.30, n)
    h["statuses.dibao"] = b(0.08, n)
    h["statuses.dibao_edge"] = b(0.03, n)
    h["statuses.relapsed"] = b(0.01, n)
    h["statuses.assets_within_limits"] = b(0.85, n)
    h["statuses.monitoring.kind"] = Column(_choice(rng, ("none", "unstable", "marginal", "sudden_hardship"),
                                                   (0.90, 0.03, 0.04, 0.03), n), mask(n))
    h["statuses.relocation.kind"] = Column(_choice(rng, ("none", "centralised", "dispersed"), (0.95, 0.03, 0.02),
                                                   n), mask(n))
    h["loans.willing"] = b(0.2, n)

    mc: dict[str, Column] = {}
    band = rng.choice(3, size=m, p=[0.22, 0.58, 0.20])  # child / working age / elder
    age = np.where(band == 0, rng.integers(0, 18, m), np.where(band == 1, rng.integers(18, 60, m),
                                                                 rng.integers(60, 91, m)))
    birth = (np.datetime64(on.isoformat(), "D") - (age * 365.25).astype(np.int64)
             - rng.integers(0, 365, m)).astype("datetime64[D]")
    mc["birth_date"] = Column(birth, mask(m))
    disabled = rng.random(m) < 0.08
    mc["disabled"] = Column(disabled, mask(m))
    # a grade only for disabled members (the model rejects a grade when disabled is false)
    mc["disability_grade"] = Column(rng.integers(1, 5, m).astype(np.int64), disabled & mask(m))
    chronic = np.empty(len(CHRONIC_SETS), dtype=object)
    chronic[:] = list(CHRONIC_SETS)
    mc["chronic_diseases"] = Column(chronic[rng.choice(len(CHRONIC_SETS), size=m, p=[0.75, 0.15, 0.05, 0.03, 0.02])],
                                    mask(m))
    mc["serious_illness"] = b(0.03, m)
    labour = _choice(rng, ("full", "weak", "half", "none"), (0.80, 0.08, 0.07, 0.05), m)
    labour[band != 1] = "none"
    mc["labour_capacity"] = Column(labour, mask(m))
    stage = np.empty(m, dtype=object)
    stage[:] = "none"
    stage[(age >= 3) & (age < 6)] = "preschool"
    stage[(age >= 6) & (age < 12)] = "primary"
    stage[(age >= 12) & (age < 15)] = "junior"
    upper = (age >= 15) & (age < 18)
    stage[upper] = _choice(rng, ("senior", "secondary_vocational", "none"), (0.5, 0.35, 0.15), int(upper.sum()))
    college = (age >= 18) & (age < 22) & (rng.random(m) < 0.3)
    stage[college] = _choice(rng, ("higher_vocational", "undergraduate_or_above"), (0.5, 0.5), int(college.sum()))
    enrolled = stage != "none"
    dropout = (age >= 6) & (age < 15) & (rng.random(m) < 0.005)
    enrolled &= ~dropout
    mc["school_stage"] = Column(stage, mask(m))
    mc["enrolled"] = Column(enrolled, mask(m))
    reason = np.empty(m, dtype=object)
    reason[:] = "other"
    reason[age < 6] = "not_yet_school_age"
    reason[age >= 15] = "completed_compulsory"
    mc["not_enrolled_reason"] = Column(reason, ~enrolled & mask(m))
    mc["medical_insured"] = b(0.98, m)
    mc["pension_enrolled"] = Column((age >= 16) & (rng.random(m) < 0.9), mask(m))
    mc["pension_receiving"] = Column((age >= 60) & (rng.random(m) < 0.95), mask(m))
    mc["tekun"] = Column(_choice(rng, ("none", "dispersed", "centralised"), (0.975, 0.02, 0.005), m), mask(m))

    ids = np.empty(n, dtype=object)
    ids[:] = [f"H{i:08d}" for i in range(n)]
    regions = np.empty(n, dtype=object)
    regions[:] = region
    return Synthetic(on, ids, regions, hh_index, h, mc)
