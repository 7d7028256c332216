"""Indicator report: a region's declared indicators (指标) computed over a population.

Each :class:`~xianjie.models.Indicator` names a numerator and a denominator: a rule id, ``households`` or
``members`` (or no denominator: a count). The counting unit is the member when ``members`` is the numerator
or denominator or the unit is ``persons``, else the household. A member-level rule counts the members whose
own outcome is eligible; a household-level rule counted per member counts every member of an eligible
household. With a rule denominator, the numerator counts units satisfying both. An indicator in ``yuan``
sums the numerator measure's determined amounts.

Undetermined outcomes are never guessed: the report gives the lowest and highest value the undetermined
units could produce (for a ratio, adding a unit to both numerator and denominator can only raise it, adding
it to the denominator alone can only lower it, so the bounds are exact) and says the target is met only if
it is met at both ends, not met if at neither, and undetermined otherwise.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from ..models import Indicator
from ..registry import Registry
from ..rules.money import fen_to_yuan
from .engine import ELIGIBLE, UNDETERMINED, BatchResult

__all__ = ["IndicatorReport", "evaluate_target"]

_CMP: dict[str, Callable[[Any, Any], bool]] = {">=": operator.ge, ">": operator.gt, "<=": operator.le,
                                               "<": operator.lt, "==": operator.eq}
_COUNTS = ("a", "b", "u1", "u2", "u3", "u4", "lo_fen", "unknown_amounts")


def evaluate_target(comparator: str, target: Decimal, lo: Fraction | None, hi: Fraction | None,
                    hi_unbounded: bool = False) -> str:
    """``met``/``not_met``/``undetermined`` for a value known to lie in [lo, hi] (hi may be unbounded)."""
    if lo is None:
        return "undetermined"
    cmp = _CMP[comparator]
    t = Fraction(target)
    at_lo = cmp(lo, t)
    if hi_unbounded:
        if comparator in (">=", ">") and at_lo:
            return "met"
        if comparator in ("<=", "<") and not at_lo:
            return "not_met"
        return "undetermined"
    assert hi is not None
    at_hi = cmp(hi, t)
    if at_lo and at_hi and (comparator != "==" or lo == hi):
        return "met"
    if not at_lo and not at_hi and (comparator != "==" or not (lo <= t <= hi)):
        return "not_met"
    return "undetermined"


@dataclass
class IndicatorReport:
    """Accumulates indicator counts chunk by chunk for one region (households in it or below it)."""

    registry: Registry
    region: str
    indicators: list[Indicator]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    households: int = 0
    members: int = 0
    outside: int = 0
    invalid: int = 0
    seen_rules: set[str] = field(default_factory=set)

    def _unit(self, ind: Indicator) -> str:
        return "members" if "members" in (ind.numerator, ind.denominator) or ind.unit == "persons" else \
            "households"

    def add(self, res: BatchResult) -> None:
        """Add one evaluated chunk."""
        pop = res.population
        regions = pop.region.astype(str)
        inside = np.zeros(pop.n, dtype=bool)
        for reg in np.unique(regions) if pop.n else []:
            if str(reg) in self.registry.regions and self.region in self.registry.chain(str(reg)):
                inside |= regions == reg
        self.invalid += int((~res.valid).sum())
        self.outside += int((~inside & res.valid).sum())
        sel = inside & res.valid
        self.households += int(sel.sum())
        m_sel = sel[pop.hh_index]
        self.members += int(m_sel.sum())
        self.seen_rules.update(res.rules)
        for ind in self.indicators:
            if not ind.computable:
                continue
            unit = self._unit(ind)
            num = self._codes(res, ind.numerator, unit)
            den = self._codes(res, ind.denominator, unit) if ind.denominator is not None else None
            if num is None or (ind.denominator is not None and den is None):
                continue
            s = m_sel if unit == "members" else sel
            c = self.counts.setdefault(ind.id, dict.fromkeys(_COUNTS, 0))
            n_e, n_u = (num == ELIGIBLE) & s, (num == UNDETERMINED) & s
            if den is None:
                c["a"] += int(n_e.sum())
                c["u1"] += int(n_u.sum())
            else:
                d_e, d_u = (den == ELIGIBLE) & s, (den == UNDETERMINED) & s
                n_n = s & ~n_e & ~n_u
                c["a"] += int((n_e & d_e).sum())
                c["b"] += int(d_e.sum())
                c["u1"] += int((d_e & n_u).sum())
                c["u2"] += int((d_u & n_e).sum())
                c["u3"] += int((d_u & n_u).sum())
                c["u4"] += int((d_u & n_n).sum())
            if ind.unit == "yuan" and ind.numerator in res.rules:
                r = res.rules[ind.numerator]
                hs = sel & (r.outcome == ELIGIBLE)
                c["lo_fen"] += int(r.amount[hs & r.amount_known].sum())
                c["unknown_amounts"] += int((hs & ~r.amount_known).sum() + ((r.outcome == UNDETERMINED)
                                                                           & sel).sum())

    @staticmethod
    def _codes(res: BatchResult, name: str | None, unit: str) -> np.ndarray[Any, Any] | None:
        pop = res.population
        if name in ("households", "members"):
            return np.full(pop.n_members if unit == "members" else pop.n, ELIGIBLE, dtype=np.int8)
        r = res.rules.get(name or "")
        if r is None:
            return None
        if unit == "households":
            return r.outcome
        if r.member_outcome is not None:
            return r.member_outcome
        return r.outcome[pop.hh_index]

    def _row(self, ind: Indicator) -> dict[str, Any]:
        row: dict[str, Any] = {
            "id": ind.id, "region": ind.region, "name_zh": ind.name_zh, "name_en": ind.name_en,
            "numerator": ind.numerator, "denominator": ind.denominator, "comparator": ind.comparator,
            "target": str(ind.target), "unit": ind.unit, "aspirational": ind.aspirational,
            "due": ind.due.isoformat() if ind.due else None, "citation": ind.citation.short(),
        }
        if not ind.computable:
            return {**row, "status": "not_computable", "reason": "not computable from household records"}
        refs = [x for x in (ind.numerator, ind.denominator) if x not in (None, "households", "members")]
        if not all(x in self.seen_rules or self._declared(x) for x in refs):
            return {**row, "status": "not_computable", "reason": "refers to a rule that is not declared"}
        c = self.counts.get(ind.id)
        if c is None:
            return {**row, "status": "undetermined", "reason": "no household of the region was evaluated",
                    "value": None, "value_min": None, "value_max": None}
        lo: Fraction | None
        hi: Fraction | None
        unbounded = False
        if ind.unit == "yuan":
            lo = Fraction(c["lo_fen"], 100)
            hi, unbounded = (lo, False) if c["unknown_amounts"] == 0 else (None, True)
            shown = (str(fen_to_yuan(c["lo_fen"])), None if unbounded else str(fen_to_yuan(c["lo_fen"])))
        elif ind.denominator is None:
            lo, hi = Fraction(c["a"]), Fraction(c["a"] + c["u1"])
            shown = (str(c["a"]), str(c["a"] + c["u1"]))
        else:
            # b counts every unit whose denominator holds (including those with an undetermined numerator)
            b_lo = c["b"] + c["u3"] + c["u4"]
            b_hi = c["b"] + c["u2"] + c["u3"]
            lo = Fraction(c["a"], b_lo) if b_lo else None
            hi = Fraction(c["a"] + c["u1"] + c["u2"] + c["u3"], b_hi) if b_hi else None
            if lo is None:
                lo = hi
            if hi is None:
                hi = lo
            shown = tuple(None if v is None else f"{float(v):.4f}" for v in (lo, hi))  # type: ignore[assignment]
        status = evaluate_target(ind.comparator, ind.target, lo, hi, unbounded)
        undetermined_units = c["u1"] + c["u2"] + c["u3"] + c["u4"] + c["unknown_amounts"]
        return {**row, "status": status, "value": shown[0] if shown[0] == shown[1] else None,
                "value_min": shown[0], "value_max": shown[1], "numerator_count": c["a"],
                "denominator_count": c["b"] if ind.denominator is not None else None,
                "undetermined_units": undetermined_units}

    def _declared(self, rule_id: str) -> bool:
        return any(rid == rule_id for rid, _ in self.registry.rules)

    def to_json(self) -> dict[str, Any]:
        return {"format": "xianjie.indicator-report/1", "region": self.region, "households": self.households,
                "members": self.members, "outside_region": self.outside, "invalid": self.invalid,
                "indicators": [self._row(i) for i in self.indicators]}

    def render(self) -> str:
        data = self.to_json()
        lines = [f"region {data['region']}: {data['households']} households, {data['members']} members "
                 f"(outside the region: {data['outside_region']}, invalid: {data['invalid']})", ""]
        word = {"met": "met 达标", "not_met": "NOT met 未达标", "undetermined": "undetermined 无法判定",
                "not_computable": "not computable 不可计算"}
        for r in data["indicators"]:
            target = f"{r['comparator']} {r['target']} {r['unit']}"
            if r["status"] == "not_computable":
                value = "—"
            elif r.get("value") is not None:
                value = r["value"]
            else:
                value = f"[{r.get('value_min')}, {r.get('value_max') or '?'}]"
            lines.append(f"{r['id']}  {r['name_zh']} / {r['name_en']}")
            lines.append(f"    target {target}{' (力争 aspirational)' if r['aspirational'] else ''}; value "
                         f"{value}; {word[r['status']]}  [{r['citation']}]")
        return "\n".join(lines)
