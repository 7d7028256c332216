"""Rule declarations: cohorts, risks and support measures, each a condition plus citations.

A rule is data. Its condition (and, for measures, its amount) is an :class:`~xianjie.rules.expr.Expr`, so the
registry can list it, the docs can print it, the per-household engine can explain it and the batch engine can
evaluate it over columns. A region overrides a parent's rule by declaring the same id with ``overrides=True``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from ..models.citation import Citation
from ..models.period import in_period, periods_overlap
from ..models.types import RegionId, bilingual
from .expr import Expr

__all__ = ["BenefitKind", "Rule", "RuleKind", "MeasureCategory"]

RuleKind = Literal["cohort", "risk", "measure"]
BenefitKind = Literal[
    "cash", "premium_subsidy", "premium_payment", "reimbursement", "service", "in_kind", "loan", "job",
    "renovation", "care", "classification", "review",
]
MeasureCategory = Literal[
    "social_assistance", "medical", "pension", "housing", "education", "employment", "industry", "finance",
    "relocation", "monitoring",
]

RULE_ID = r"^(cohort|risk|measure)\.[a-z][a-z0-9_]*$"


class Rule(BaseModel):
    """一条规则 / One rule: a cohort, a risk or a support measure."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True,
                              hide_input_in_errors=True)

    id: Annotated[str, bilingual("规则编号", "Stable id: cohort.*, risk.* or measure.*", pattern=RULE_ID)]
    kind: Annotated[RuleKind, bilingual("规则类别", "cohort, risk or measure")]
    name_zh: Annotated[str, bilingual("中文名称", "Name in Chinese", min_length=1)]
    name_en: Annotated[str, bilingual("英文名称", "Name in English", min_length=1)]
    region: Annotated[RegionId, bilingual("区划", "Region that declares the rule")] = "CN"
    entity: Annotated[Literal["household", "member"], bilingual(
        "判定对象", "Decided per household or per member")] = "household"
    condition: Expr
    citations: Annotated[tuple[Citation, ...], bilingual("依据", "Citations (at least one)", min_length=1)]
    valid_from: Annotated[date, bilingual("生效日期", "First day in force")] = date(2021, 1, 1)
    valid_until: Annotated[date | None, bilingual("失效日期(含)", "Last day in force")] = None
    overrides: Annotated[bool, bilingual("覆盖上级", "Replaces an ancestor region's rule of the same id")] = False
    description_zh: Annotated[str, bilingual("说明", "What the rule decides, in Chinese")] = ""
    description_en: Annotated[str, bilingual("说明(英文)", "What the rule decides, in English")] = ""
    # measures only
    category: Annotated[MeasureCategory | None, bilingual("措施类别", "Measure category")] = None
    benefit_kind: Annotated[BenefitKind | None, bilingual("待遇形式", "Kind of benefit")] = None
    amount: Expr | None = None
    amount_unit: Annotated[str | None, bilingual("金额单位", "Unit of the amount")] = None
    amount_note_zh: Annotated[str | None, bilingual("金额说明", "Note on the amount, Chinese")] = None
    amount_note_en: Annotated[str | None, bilingual("金额说明(英文)", "Note on the amount, English")] = None

    @model_validator(mode="after")
    def _check(self) -> Rule:
        if not self.id.startswith(self.kind + "."):
            raise ValueError(f"rule id must start with '{self.kind}.'")
        if self.condition.kind != "bool":
            raise ValueError("condition must be a yes/no expression")
        if self.condition.level() != self.entity and self.entity == "household":
            raise ValueError("a household rule reads member fields outside any_member/count_members/sum_members")
        if self.kind == "measure":
            if self.category is None or self.benefit_kind is None:
                raise ValueError("a measure needs category and benefit_kind")
        elif self.amount is not None or self.category is not None:
            raise ValueError("only measures have an amount or category")
        if self.amount is not None:
            if self.amount.kind not in ("money", "any"):
                raise ValueError("amount must be an amount of money")
            if self.amount_unit is None:
                raise ValueError("an amount needs amount_unit")
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self

    def in_force(self, on: date) -> bool:
        """Whether this applies on ``on``."""
        return in_period(self.valid_from, self.valid_until, on)

    def overlaps(self, other: Rule) -> bool:
        """Whether the two validity periods share at least one day."""
        return periods_overlap(self.valid_from, self.valid_until, other.valid_from, other.valid_until)
