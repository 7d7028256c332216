"""Shared helpers of the Hunan plugin: validity periods of its documents and record builders.

The periods come from the documents themselves (research/domain.md A.0, A.4): 002 governs from its date,
2021-05-17, to the end of the transition period; 003 is a campaign plan dated 2021-09-18 for the rest of
2021; 004 (dated 2021-04-13) restates the national framework for the whole transition period. Every value and
rule of this plugin stays inside the period of the document it cites.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ...models import Citation, Indicator
from ...policies.documents import cite
from ...rules.expr import Expr
from ...rules.rule import Rule

__all__ = [
    "D002_FROM", "D002_UNTIL", "D003_FROM", "D003_UNTIL", "D004_FROM", "D004_UNTIL",
    "cite", "indicator", "make_rule",
]

D002_FROM, D002_UNTIL = date(2021, 5, 17), date(2025, 12, 31)
D003_FROM, D003_UNTIL = date(2021, 9, 18), date(2021, 12, 31)
D004_FROM, D004_UNTIL = date(2021, 1, 1), date(2025, 12, 31)


def make_rule(kind: str, id: str, zh: str, en: str, cond: Expr, *cites: Citation, region: str,
              valid_from: date, valid_until: date | None, **kw: Any) -> Rule:
    """A cohort, risk or measure rule of one Hunan region (``id`` without the ``kind.`` prefix)."""
    return Rule.model_validate({"id": f"{kind}.{id}", "kind": kind, "name_zh": zh, "name_en": en,
                                "condition": cond, "citations": cites, "region": region,
                                "valid_from": valid_from, "valid_until": valid_until, **kw})


def indicator(id: str, region: str, zh: str, en: str, *, numerator: str, denominator: str | None,
              comparator: str, target: str, unit: str, citation: Citation, computable: bool,
              due: date | None = None, aspirational: bool = False) -> Indicator:
    """An aggregate target (the documents' rates and counts), with its citation."""
    return Indicator.model_validate({
        "id": id, "region": region, "name_zh": zh, "name_en": en, "numerator": numerator,
        "denominator": denominator, "comparator": comparator, "target": target, "unit": unit,
        "computable": computable, "due": due, "aspirational": aspirational, "citation": citation})
