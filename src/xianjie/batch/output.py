"""Per-household output of a batch: compact summary records (JSON lines or Parquet).

A summary record carries each rule's outcome, the amount in yuan (exact, as a decimal string, or ``null``
when eligible but the amount is undetermined) and, for member-level rules, the outcome of each member. The
full explained decision of one household is the per-household path (``xianjie explain`` / ``evaluate
--decisions``); the summary is what a population run needs and what Parquet can hold column by column.
"""

from __future__ import annotations

import json
import operator
from datetime import date
from typing import Any

import numpy as np

from ..errors import FieldError
from ..registry import Registry
from ..rules.money import fen_to_yuan
from .engine import OUTCOME_NAMES, BatchResult

__all__ = ["SUMMARY_FORMAT", "RuleColumns", "rule_columns", "error_line", "summary_lines", "summary_table"]

SUMMARY_FORMAT = "xianjie.summary/1"


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


def _run_keys(codes: np.ndarray[Any, Any], starts: np.ndarray[Any, Any], ends: np.ndarray[Any, Any],
              rows: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A key per household (of ``rows``) equal exactly when the members' outcome sequences are equal.

    Codes −1…2 become digits 1…4 of a base-5 number, one digit per member: exact in int64 up to 27
    members. Larger households (rare; the models allow 60) get keys from their bytes."""
    sizes = (ends - starts)[rows]
    if len(rows) and sizes.max() <= 27:
        member_rows = np.repeat(rows, sizes)
        pos = np.arange(len(member_rows)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        digits = (codes[np.repeat(starts[rows], sizes) + pos].astype(np.int64) + 2) * (5 ** pos)
        return np.add.reduceat(digits, np.cumsum(sizes) - sizes)
    keyed = np.empty(len(rows), dtype=object)
    keyed[:] = [codes[starts[i]:ends[i]].tobytes() for i in rows.tolist()]
    return keyed


def _fragments(res: BatchResult, valid: np.ndarray[Any, Any]) -> tuple[list[np.ndarray[Any, Any]], int, int]:
    """Per rule, the JSON text each household contributes to ``outcomes``, ``amounts`` and ``members``
    (``""`` where it contributes nothing), as object arrays: a summary line is then a join per row.

    Why text fragments: a summary line has a hundred keys; building a dict per household and handing it to
    ``json.dumps`` cost more than evaluating the rules. Distinct fragments are few (three outcomes, a few
    amounts, a few member-outcome sequences), so each is formatted once."""
    pop = res.population
    n = pop.n
    starts = pop.member_starts()
    ends = np.append(starts[1:], pop.n_members).astype(np.int64)
    outcomes: list[np.ndarray[Any, Any]] = []
    amounts: list[np.ndarray[Any, Any]] = []
    members: list[np.ndarray[Any, Any]] = []
    for rid, r in res.rules.items():
        key = json.dumps(rid, ensure_ascii=False)
        words = np.array([f', {key}: "{w}"' for w in ("ineligible", "eligible", "undetermined")] + [""],
                         dtype=object)
        code = np.where(valid, r.outcome, -1)
        outcomes.append(words[code])
        if r.has_amount:
            frag = np.full(n, "", dtype=object)
            paid = np.nonzero(valid & (r.outcome == 1))[0]
            if len(paid):
                fen = np.where(r.amount_known[paid], r.amount[paid], -1)  # amounts are never negative
                uniq, inverse = np.unique(fen, return_inverse=True)
                amount_texts = np.array([f', {key}: null' if f < 0 else f', {key}: "{fen_to_yuan(int(f))}"'
                                         for f in uniq.tolist()], dtype=object)
                frag[paid] = amount_texts[inverse]
            amounts.append(frag)
        if r.member_outcome is not None:
            frag = np.full(n, "", dtype=object)
            rows = np.nonzero(code >= 0)[0]
            if len(rows):
                keys = _run_keys(r.member_outcome, starts, ends, rows)
                _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
                texts: list[str] = []
                for j in first.tolist():
                    run = r.member_outcome[starts[rows[j]]:ends[rows[j]]]
                    texts.append(f', {key}: [' + ", ".join(f'"{OUTCOME_NAMES[int(c)]}"' for c in run) + "]")
                frag[rows] = np.array(texts, dtype=object)[inverse]
            members.append(frag)
    return [*outcomes, *amounts, *members], len(outcomes), len(amounts)


def _joined(frags: list[np.ndarray[Any, Any]], n: int) -> list[str]:
    """Per row, the fragments joined, without the leading ``", "``."""
    if not frags:
        return [""] * n
    return list(map(_DROP_SEPARATOR, map("".join, zip(*(f.tolist() for f in frags), strict=True))))


_DROP_SEPARATOR = operator.itemgetter(slice(2, None))


def summary_lines(res: BatchResult, registry: Registry, errors: dict[int, list[FieldError]]) -> list[str]:
    """One JSON line per household, in input order: a summary record or an error record.

    A summary record: ``{"format", "line", "household_id", "region", "on", "outcomes": {rule: word},
    "amounts": {rule: yuan string or null}, "members": {rule: [word per member]}, "parameter_set_hash"}``;
    rules that do not apply to the household's region are left out."""
    pop = res.population
    n = pop.n
    valid = np.asarray(res.valid, dtype=bool)
    frags, n_out, n_amt = _fragments(res, valid)
    outcomes = _joined(frags[:n_out], n)
    amounts = _joined(frags[n_out:n_out + n_amt], n)
    members = _joined(frags[n_out + n_amt:], n)
    on = json.dumps(res.on.isoformat())
    regions: dict[str, tuple[str, str]] = {}
    line_of = [None] * n if pop.line is None else pop.line.tolist()
    ids = pop.household_id.tolist()  # valid ids match ^[A-Za-z0-9_.:\-]{1,64}$: nothing to escape
    region_of = pop.region.tolist()
    lines: list[str] = []
    for i in range(n):
        line = line_of[i]
        if not valid[i]:
            lines.append(error_line(line, errors.get(i) or res.errors.get(i) or []))
            continue
        region = str(region_of[i])
        if region not in regions:
            regions[region] = (json.dumps(region, ensure_ascii=False),
                               json.dumps(registry.parameter_set_hash(region, res.on)))
        region_json, hash_json = regions[region]
        lines.append(
            f'{{"format": "{SUMMARY_FORMAT}", "line": {"null" if line is None else line}, '
            f'"household_id": "{ids[i]}", "region": {region_json}, '
            f'"on": {on}, "outcomes": {{{outcomes[i]}}}, "amounts": {{{amounts[i]}}}, '
            f'"members": {{{members[i]}}}, "parameter_set_hash": {hash_json}}}')
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
