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

__all__ = ["SUMMARY_FORMAT", "RuleColumns", "error_line", "rule_columns", "summary_bytes", "summary_lines",
           "summary_table"]

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


Fragments = tuple[list[str], np.ndarray[Any, Any]]


def _fragments(res: BatchResult, valid: np.ndarray[Any, Any]) -> tuple[list[Fragments], int, int]:
    """Per rule, the JSON text each household contributes to ``outcomes``, ``amounts`` and ``members``
    (``""`` where it contributes nothing), in dictionary form: the distinct texts and each row's index.

    Why text fragments: a summary line has a hundred keys; building a dict per household and handing it to
    ``json.dumps`` cost more than evaluating the rules. Distinct fragments are few (three outcomes, a few
    amounts, a few member-outcome sequences), so each is formatted once."""
    pop = res.population
    n = pop.n
    starts = pop.member_starts()
    ends = np.append(starts[1:], pop.n_members).astype(np.int64)
    outcomes: list[Fragments] = []
    amounts: list[Fragments] = []
    members: list[Fragments] = []
    for rid, r in res.rules.items():
        key = json.dumps(rid, ensure_ascii=False)
        code = np.where(valid, r.outcome, -1)
        # codes 0..2 are the words; -1 (not applicable, invalid) is the last text, ""
        outcomes.append(([f', {key}: "{w}"' for w in ("ineligible", "eligible", "undetermined")] + [""],
                         np.where(code < 0, 3, code)))
        if r.has_amount:
            index = np.zeros(n, dtype=np.int64)  # 0: ""
            texts = [""]
            paid = np.nonzero(valid & (r.outcome == 1))[0]
            if len(paid):
                fen = np.where(r.amount_known[paid], r.amount[paid], -1)  # amounts are never negative
                uniq, inverse = np.unique(fen, return_inverse=True)
                texts += [f', {key}: null' if f < 0 else f', {key}: "{fen_to_yuan(int(f))}"' for f in uniq.tolist()]
                index[paid] = inverse + 1
            amounts.append((texts, index))
        if r.member_outcome is not None:
            index = np.zeros(n, dtype=np.int64)
            texts = [""]
            rows = np.nonzero(code >= 0)[0]
            if len(rows):
                keys = _run_keys(r.member_outcome, starts, ends, rows)
                _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
                for j in first.tolist():
                    run = r.member_outcome[starts[rows[j]]:ends[rows[j]]]
                    texts.append(f', {key}: [' + ", ".join(f'"{OUTCOME_NAMES[int(c)]}"' for c in run) + "]")
                index[rows] = inverse + 1
            members.append((texts, index))
    return [*outcomes, *amounts, *members], len(outcomes), len(amounts)


def _distinct_joins(frags: list[Fragments], n: int) -> tuple[list[str], np.ndarray[Any, Any]]:
    """The rows' joined fragments (as :func:`_joined`) in dictionary form: each distinct combination of
    fragments is joined once. Households repeat combinations (a third to a half are distinct in a county
    chunk), and joining a hundred columns row by row cost more than the rules.

    Rows are grouped by a hash of their fragment indices; the grouping is then checked row for row, and a
    collision (never seen) falls back to exact grouping."""
    if not frags:
        return [""], np.zeros(n, dtype=np.int64)
    m = np.stack([index for _, index in frags], axis=1).astype(np.int64)
    _, first, inverse = np.unique(m @ _row_weights(m.shape[1]), return_index=True, return_inverse=True)
    if not (m == m[first][inverse]).all():
        _, first, inverse = np.unique(m, axis=0, return_index=True, return_inverse=True)
    texts = [t for t, _ in frags]
    pick = list.__getitem__
    joined = ["".join(map(pick, texts, row))[2:] for row in m[first].tolist()]
    return joined, inverse.reshape(-1)


def _row_weights(k: int) -> np.ndarray[Any, Any]:
    """Fixed pseudo-random weights: a row's hash is its dot product with them (int64, wrapping)."""
    return np.random.default_rng(20211001).integers(1, 2**61, size=k, dtype=np.int64)


def _joined(frags: list[Fragments], n: int) -> list[str]:
    """Per row, the fragments joined, without the leading ``", "``."""
    if not frags:
        return [""] * n
    columns = (np.array(texts, dtype=object)[index].tolist() for texts, index in frags)
    return list(map(_DROP_SEPARATOR, map("".join, zip(*columns, strict=True))))


_DROP_SEPARATOR = operator.itemgetter(slice(2, None))


class _Lines:
    """What every summary line of a chunk is made of."""

    def __init__(self, res: BatchResult, registry: Registry) -> None:
        pop = res.population
        self.valid = np.asarray(res.valid, dtype=bool)
        self.frags, self.n_out, self.n_amt = _fragments(res, self.valid)
        self.on = json.dumps(res.on.isoformat())
        # per distinct region: its JSON text and that of its parameter-set hash
        regions, self.region_index = pop.region_groups()
        used = set(np.unique(self.region_index[self.valid]).tolist())  # an invalid record's region may be unknown
        self.region_texts: list[tuple[str, str]] = [
            (json.dumps(r, ensure_ascii=False), json.dumps(registry.parameter_set_hash(r, res.on)))
            if i in used else ("", "") for i, r in enumerate(regions)]

    def groups(self) -> tuple[list[Fragments], list[Fragments], list[Fragments]]:
        f, a, b = self.frags, self.n_out, self.n_out + self.n_amt
        return f[:a], f[a:b], f[b:]


def summary_lines(res: BatchResult, registry: Registry, errors: dict[int, list[FieldError]]) -> list[str]:
    """One JSON line per household, in input order: a summary record or an error record.

    A summary record: ``{"format", "line", "household_id", "region", "on", "outcomes": {rule: word},
    "amounts": {rule: yuan string or null}, "members": {rule: [word per member]}, "parameter_set_hash"}``;
    rules that do not apply to the household's region are left out."""
    pop = res.population
    n = pop.n
    parts = _Lines(res, registry)
    outcomes, amounts, members = (_joined(g, n) for g in parts.groups())
    texts = parts.region_texts
    line_of = [None] * n if pop.line is None else pop.line.tolist()
    ids = pop.household_id.tolist()  # valid ids match ^[A-Za-z0-9_.:\-]{1,64}$: nothing to escape
    region_of = parts.region_index.tolist()
    lines: list[str] = []
    for i in range(n):
        line = line_of[i]
        if not parts.valid[i]:
            lines.append(error_line(line, errors.get(i) or res.errors.get(i) or []))
            continue
        region_json, hash_json = texts[region_of[i]]
        lines.append(
            f'{{"format": "{SUMMARY_FORMAT}", "line": {"null" if line is None else line}, '
            f'"household_id": "{ids[i]}", "region": {region_json}, '
            f'"on": {parts.on}, "outcomes": {{{outcomes[i]}}}, "amounts": {{{amounts[i]}}}, '
            f'"members": {{{members[i]}}}, "parameter_set_hash": {hash_json}}}')
    return lines


def summary_bytes(res: BatchResult, registry: Registry, errors: dict[int, list[FieldError]]) -> Any:
    """:func:`summary_lines`, each ended by a newline, as UTF-8: the JSON-lines output of a chunk (``bytes``,
    or an Arrow buffer of them: either can be written, hashed or compared with ``bytes()``).

    With pyarrow installed the lines are assembled by Arrow's string kernels, column by column, instead of
    a Python join per household (formatting was a quarter of a JSON-lines run); the bytes are the same
    (tested). Without pyarrow, :func:`summary_lines` is joined."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.compute as pc  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - the test environment has pyarrow
        return "".join(x + "\n" for x in summary_lines(res, registry, errors)).encode()
    pop = res.population
    n = pop.n
    if n == 0:
        return b""
    parts = _Lines(res, registry)
    text = pa.large_string()

    def lit(value: str) -> Any:
        return pa.scalar(value, text)

    def column(texts: list[str], index: np.ndarray[Any, Any]) -> Any:
        return pa.DictionaryArray.from_arrays(pa.array(index, pa.int64()), pa.array(texts, text)).dictionary_decode()

    def joined(frags: list[Fragments]) -> Any:
        return column(*_distinct_joins(frags, n))

    outcomes, amounts, members = (joined(g) for g in parts.groups())
    texts = parts.region_texts
    region_json = column([t[0] for t in texts], parts.region_index)
    hash_json = column([t[1] for t in texts], parts.region_index)
    line = lit("null") if pop.line is None else pa.array(pop.line, pa.int64()).cast(text)
    ids = pa.array(pop.household_id, text)
    lines = pc.binary_join_element_wise(
        lit(f'{{"format": "{SUMMARY_FORMAT}", "line": '), line, lit(', "household_id": "'), ids,
        lit('", "region": '), region_json, lit(f', "on": {parts.on}, "outcomes": {{'), outcomes,
        lit('}, "amounts": {'), amounts, lit('}, "members": {'), members, lit('}, "parameter_set_hash": '),
        hash_json, lit("}\n"), lit(""))
    if not parts.valid.all():
        line_of = [None] * n if pop.line is None else pop.line.tolist()
        errs: list[str | None] = [None] * n
        for i in np.nonzero(~parts.valid)[0].tolist():
            errs[i] = error_line(line_of[i], errors.get(i) or res.errors.get(i) or []) + "\n"
        lines = pc.if_else(pa.array(parts.valid), lines, pa.array(errs, text))
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset:lines.offset + n + 1]
    return lines.buffers()[2].slice(int(offsets[0]), int(offsets[-1] - offsets[0]))  # the lines, not copied


def _text(values: np.ndarray[Any, Any]) -> Any:
    """An Arrow string column of ids or region codes: converted from the Python strings directly (a
    quarter of the time of going through a numpy text array first), or as text if they are not strings."""
    import pyarrow as pa

    try:
        return pa.array(values, pa.string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return pa.array(np.asarray(values).astype(str), pa.string())


def summary_table(res: BatchResult, registry: Registry, errors: dict[int, list[FieldError]],
                  columns: RuleColumns) -> Any:
    """The same records as a Parquet-ready Arrow table: ``line``, ``household_id``, ``region``, ``error``
    (JSON, null when valid), then per rule ``<id>`` (outcome), ``<id>.amount_fen`` (int64 fen, for rules with
    amounts) and ``<id>.members`` (list of member outcomes, for member-level rules)."""
    import pyarrow as pa

    pop = res.population
    n = pop.n
    valid = res.valid
    err_col: list[str | None] = [None] * n
    for i in np.flatnonzero(~np.asarray(valid, dtype=bool)).tolist():  # invalid records are few
        err_col[i] = json.dumps([e.model_dump() for e in (errors.get(i) or res.errors.get(i) or [])],
                                ensure_ascii=False)
    cols: dict[str, Any] = {
        "line": pa.array(pop.line if pop.line is not None else np.zeros(n, dtype=np.int64), pa.int64()),
        "household_id": _text(pop.household_id),
        "region": _text(pop.region),
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
