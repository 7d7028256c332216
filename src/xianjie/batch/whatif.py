"""What-if: one population under two parameter sets, and what changes.

An office asks "what if the monitoring line rose to X?" or "what if the premium subsidy became Y?". Both
parameter sets are applied to the *same* decoded columns (decoded once), every rule is evaluated under
each, and the differences are counted per rule: households newly included (eligible under the alternative,
not under the base), newly excluded (the reverse), and the change in the total amount, exact to the fen.
Counts are broken down per region and per cohort (cohort membership as under the base parameters).

Totals add only determined amounts; households whose amount is undetermined under either set are counted
separately, so a total is never silently incomplete.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..rules.money import fen_to_yuan
from .engine import ELIGIBLE, UNDETERMINED, BatchResult

__all__ = ["Counter", "WhatIf"]

_FIELDS = ("households", "base_eligible", "alt_eligible", "newly_included", "newly_excluded",
           "base_undetermined", "alt_undetermined", "base_total_fen", "alt_total_fen",
           "base_amount_undetermined", "alt_amount_undetermined")


@dataclass
class Counter:
    """Counts for one rule within one slice of the population (all, a region, or a cohort)."""

    households: int = 0
    base_eligible: int = 0
    alt_eligible: int = 0
    newly_included: int = 0
    newly_excluded: int = 0
    base_undetermined: int = 0
    alt_undetermined: int = 0
    base_total_fen: int = 0
    alt_total_fen: int = 0
    base_amount_undetermined: int = 0
    alt_amount_undetermined: int = 0

    def add(self, other: Counter) -> None:
        for f in _FIELDS:
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def as_dict(self, with_amounts: bool) -> dict[str, Any]:
        d: dict[str, Any] = {f: getattr(self, f) for f in _FIELDS[:7]}
        if with_amounts:
            d["base_total"] = str(fen_to_yuan(self.base_total_fen))
            d["alt_total"] = str(fen_to_yuan(self.alt_total_fen))
            d["change"] = str(fen_to_yuan(self.alt_total_fen - self.base_total_fen))
            d["base_amount_undetermined"] = self.base_amount_undetermined
            d["alt_amount_undetermined"] = self.alt_amount_undetermined
        return d


def _count(sel: np.ndarray[Any, Any], b: Any, a: Any) -> Counter:
    be, ae = (b.outcome == ELIGIBLE) & sel, (a.outcome == ELIGIBLE) & sel
    return Counter(
        households=int(sel.sum()), base_eligible=int(be.sum()), alt_eligible=int(ae.sum()),
        newly_included=int((ae & ~be).sum()), newly_excluded=int((be & ~ae).sum()),
        base_undetermined=int(((b.outcome == UNDETERMINED) & sel).sum()),
        alt_undetermined=int(((a.outcome == UNDETERMINED) & sel).sum()),
        base_total_fen=int(b.amount[be & b.amount_known].sum()),
        alt_total_fen=int(a.amount[ae & a.amount_known].sum()),
        base_amount_undetermined=int((be & ~b.amount_known).sum()),
        alt_amount_undetermined=int((ae & ~a.amount_known).sum()))


@dataclass
class WhatIf:
    """Accumulates the comparison chunk by chunk (constant memory)."""

    rules: dict[str, Counter] = field(default_factory=dict)
    by_region: dict[tuple[str, str], Counter] = field(default_factory=lambda: defaultdict(Counter))
    by_cohort: dict[tuple[str, str], Counter] = field(default_factory=lambda: defaultdict(Counter))
    has_amount: dict[str, bool] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    households: int = 0
    invalid: int = 0

    def add(self, base: BatchResult, alt: BatchResult) -> None:
        """Add one chunk evaluated under both parameter sets (same population, same validity)."""
        valid = base.valid & alt.valid
        self.households += int(valid.sum())
        self.invalid += int((~valid).sum())
        regions = base.population.region.astype(str)
        uniq = np.unique(regions[valid]) if valid.any() else np.array([], dtype=str)
        cohorts = [rid for rid, r in base.rules.items() if r.kind == "cohort"]
        empty = None
        for rid in _union(base.rules, alt.rules):
            b = base.rules.get(rid)
            a = alt.rules.get(rid)
            ref = b or a
            assert ref is not None
            if b is None or a is None:
                empty = empty or _empty_like(ref)
                b, a = b or empty, a or empty
            self.has_amount[rid] = self.has_amount.get(rid, False) or ref.has_amount
            self.kinds[rid] = ref.kind
            self.rules.setdefault(rid, Counter()).add(_count(valid, b, a))
            for reg in uniq:
                self.by_region[(rid, str(reg))].add(_count(valid & (regions == reg), b, a))
            for c in cohorts:
                if c == rid:
                    continue
                self.by_cohort[(rid, c)].add(_count(valid & (base.rules[c].outcome == ELIGIBLE), b, a))

    def to_json(self) -> dict[str, Any]:
        """Every rule with its totals, per-region and per-cohort rows (cohort rows only where something
        changed)."""
        out = []
        for rid, c in self.rules.items():
            amt = self.has_amount.get(rid, False)
            out.append({
                "rule": rid, "kind": self.kinds.get(rid), **c.as_dict(amt),
                "by_region": {reg: v.as_dict(amt) for (r, reg), v in sorted(self.by_region.items()) if r == rid},
                "by_cohort": {co: v.as_dict(amt) for (r, co), v in sorted(self.by_cohort.items())
                              if r == rid and (v.newly_included or v.newly_excluded
                                               or v.alt_total_fen != v.base_total_fen)},
            })
        total_base = sum(c.base_total_fen for rid, c in self.rules.items() if self.has_amount.get(rid))
        total_alt = sum(c.alt_total_fen for rid, c in self.rules.items() if self.has_amount.get(rid))
        return {"format": "xianjie.whatif/1", "households": self.households, "invalid": self.invalid,
                "total_base": str(fen_to_yuan(total_base)), "total_alt": str(fen_to_yuan(total_alt)),
                "total_change": str(fen_to_yuan(total_alt - total_base)), "rules": out}

    def render(self) -> str:
        """A plain-text table of the rules whose outcome or amount changed."""
        data = self.to_json()
        rows = [("rule", "base", "alt", "+in", "-out", "change (yuan)")]
        for r in data["rules"]:
            if not (r["newly_included"] or r["newly_excluded"] or r.get("change", "0.00") != "0.00"):
                continue
            rows.append((r["rule"], str(r["base_eligible"]), str(r["alt_eligible"]), str(r["newly_included"]),
                         str(r["newly_excluded"]), r.get("change", "")))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = [f"households: {data['households']} (invalid records: {data['invalid']})",
                 f"total amount: {data['total_base']} -> {data['total_alt']} (change {data['total_change']})",
                 ""]
        for row in rows:
            lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                                   enumerate(zip(row, widths, strict=True))))
        if len(rows) == 1:
            lines.append("(no rule changes outcome or amount)")
        for r in data["rules"]:
            for dim in ("by_region", "by_cohort"):
                for key, v in r[dim].items():
                    if v["newly_included"] or v["newly_excluded"]:
                        lines.append(f"  {r['rule']} [{dim[3:]} {key}]: +{v['newly_included']} "
                                     f"-{v['newly_excluded']}" + (f", change {v['change']}" if "change" in v
                                                                   else ""))
        return "\n".join(lines)


def _union(a: Iterable[str], b: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*a, *b]))


def _empty_like(r: Any) -> Any:
    from .engine import NOT_APPLICABLE, RuleResult

    n = len(r.outcome)
    return RuleResult(r.rule_id, r.kind, r.entity, r.has_amount, np.full(n, NOT_APPLICABLE, dtype=np.int8),
                      np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool))
