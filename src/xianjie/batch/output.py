"""Per-household output of a batch: compact summary records (JSON lines or Parquet).

A summary record carries each rule's outcome, the amount in yuan (exact, as a decimal string, or ``null``
when eligible but the amount is undetermined) and, for member-level rules, the outcome of each member. The
full explained decision of one household is the per-household path (``xianjie explain`` / ``evaluate
--decisions``); the summary is what a population run needs and what Parquet can hold column by column.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import numpy as np

from ..errors import FieldError
from ..registry import Registry
from ..rules.money import fen_to_yuan
from .engine import OUTCOME_NAMES, BatchResult

__all__ = ["SUMMARY_FORMAT", "RuleColumns", "rule_columns", "error_line", "summary_lines", "summary_table"]

SUMMARY_FORMAT = "xianjie.summary/1"
_NAMES = np.array(["ineligible", "eligible", "undetermined", None], dtype=object)  # index -1 -> None


def error_line(line: int | None, errors: list[FieldError]) -> str:
    """The same error record as the per-household path (``xianjie.error/1``), never with input values."""
    return json.dumps({"format": "xianjie.error/1", "line": line, "household_id": None,
                       "errors": [e.model_dump() for e in errors]}, ensure_ascii=False)


RuleColumns = list[tuple[str, bool, bool]]


def rule_columns(registry: Registry, on: date) -> RuleColumns:
    """(id, has an amount, member-level) of every rule in force on ``on`` in any region, in a stable order:
    the Parquet columns, identical for every chunk of a run."""
    seen: dict[str, tuple[bool, bool]] = {}
    for region in sorted(registry.regions):
        for att in registry.rules_for(region, on):
            seen.setdefault(att.item.id, (att.item.amount is not None, att.item.entity == "member"))
    return [(rid, a, m) for rid, (a, m) in seen.items()]


def _row_records(res: BatchResult, registry: Registry) -> list[dict[str, Any] | None]:
    pop = res.population
    n = pop.n
    starts = pop.member_starts()
    ends = np.append(starts[1:], pop.n_members).astype(np.int64)
    names = {rid: _NAMES[r.outcome] for rid, r in res.rules.items()}
    hashes: dict[str, str] = {}
    out: list[dict[str, Any] | None] = []
    for i in range(n):
        if not res.valid[i]:
            out.append(None)
            continue
        region = str(pop.region[i])
        if region not in hashes:
            hashes[region] = registry.parameter_set_hash(region, res.on)
        outcomes: dict[str, str] = {}
        amounts: dict[str, str | None] = {}
        members: dict[str, list[str]] = {}
        for rid, r in res.rules.items():
            word = names[rid][i]
            if word is None:
                continue
            outcomes[rid] = word
            if r.has_amount and r.outcome[i] == 1:
                amounts[rid] = str(fen_to_yuan(int(r.amount[i]))) if r.amount_known[i] else None
            if r.member_outcome is not None:
                members[rid] = [OUTCOME_NAMES[int(c)] for c in r.member_outcome[starts[i]:ends[i]]]
        out.append({"format": SUMMARY_FORMAT, "line": None if pop.line is None else int(pop.line[i]),
                    "household_id": str(pop.household_id[i]), "region": region, "on": res.on.isoformat(),
                    "outcomes": outcomes, "amounts": amounts, "members": members,
                    "parameter_set_hash": hashes[region]})
    return out


def summary_lines(res: BatchResult, registry: Registry, errors: dict[int, list[FieldError]]) -> list[str]:
    """One JSON line per household, in input order: a summary record or an error record."""
    pop = res.population
    lines = []
    for i, rec in enumerate(_row_records(res, registry)):
        if rec is None:
            line = None if pop.line is None else int(pop.line[i])
            lines.append(error_line(line, errors.get(i) or res.errors.get(i) or []))
        else:
            lines.append(json.dumps(rec, ensure_ascii=False))
    return lines


def summary_table(res: BatchResult, registry: Registry, errors: dict[int, list[FieldError]],
                  columns: RuleColumns) -> Any:
    """The same records as a Parquet-ready Arrow table: ``line``, ``household_id``, ``region``, ``error``
    (JSON, null when valid), then per rule ``<id>`` (outcome), ``<id>.amount_fen`` (int64 fen, for rules with
    amounts) and ``<id>.members`` (list of member outcomes, for member-level rules)."""
    import pyarrow as pa  # type: ignore[import-untyped]

    pop = res.population
    n = pop.n
    valid = res.valid
    err_col = [None if valid[i] else json.dumps([e.model_dump() for e in (errors.get(i) or res.errors.get(i)
                                                                           or [])], ensure_ascii=False)
               for i in range(n)]
    cols: dict[str, Any] = {
        "line": pa.array(pop.line if pop.line is not None else np.zeros(n, dtype=np.int64), pa.int64()),
        "household_id": pa.array(pop.household_id.astype(str), pa.string()),
        "region": pa.array(pop.region.astype(str), pa.string()),
        "error": pa.array(err_col, pa.string()),
    }
    dictionary = pa.array(["ineligible", "eligible", "undetermined"], pa.string())
    starts = pop.member_starts()
    offsets = pa.array(np.append(starts, pop.n_members).astype(np.int32), pa.int32())
    null_outcome = pa.DictionaryArray.from_arrays(pa.nulls(n, pa.int8()), dictionary)
    for rid, has_amount, member in columns:
        r = res.rules.get(rid)
        if r is None:
            cols[rid] = null_outcome
        else:
            codes = np.where(valid, r.outcome, -1).astype(np.int8)
            cols[rid] = pa.DictionaryArray.from_arrays(pa.array(codes, pa.int8(), mask=codes < 0), dictionary)
        if has_amount:
            cols[f"{rid}.amount_fen"] = pa.nulls(n, pa.int64()) if r is None else pa.array(
                r.amount, pa.int64(), mask=~(r.amount_known & valid))
        if member:
            if r is None or r.member_outcome is None:
                cols[f"{rid}.members"] = pa.nulls(n, pa.list_(pa.string()))
            else:
                m = r.member_outcome
                values = pa.DictionaryArray.from_arrays(pa.array(m, pa.int8(), mask=m < 0), dictionary)
                cols[f"{rid}.members"] = pa.ListArray.from_arrays(offsets, values.cast(pa.string()))
    return pa.table(cols)
