"""Parameters: declared keys (ParameterSpec) and dated, cited values (ParameterValue).

A value applies to one region and a closed date range. Regions inherit along the parent chain; a value that
overlaps an ancestor's value must say ``overrides=True`` (an explicit override, recorded in every decision
that uses it). A key nobody configured is *missing*, and rules that need it are undetermined.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, model_validator

from .citation import Citation
from .period import in_period, periods_overlap
from .types import MODEL_CONFIG, RegionId, bilingual

__all__ = ["ParameterKind", "ParameterSpec", "ParameterValue", "ParamScalar"]

ParameterKind = Literal["money", "ratio", "int", "bool", "codes"]
ParamScalar = Decimal | int | bool | tuple[str, ...]

KEY_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"


class ParameterSpec(BaseModel):
    """Declaration of a parameter key: its meaning, unit and value kind (参数定义)."""

    model_config = MODEL_CONFIG

    key: Annotated[str, bilingual("参数键", "Stable dotted key, e.g. monitoring.income_line", pattern=KEY_PATTERN)]
    name_zh: Annotated[str, bilingual("中文名称", "Name in Chinese", min_length=1)]
    name_en: Annotated[str, bilingual("英文名称", "Name in English", min_length=1)]
    kind: Annotated[ParameterKind, bilingual(
        "取值类型", "money (yuan), ratio (0-1), int, bool, codes (a set of code strings)")]
    unit: Annotated[str, bilingual("单位", "Unit, e.g. yuan/person/year", min_length=1)]
    allowed_codes: Annotated[tuple[str, ...] | None, bilingual(
        "允许的代码", "For kind=codes: the codes a value may contain")] = None
    note: Annotated[str | None, bilingual("说明", "Why the parameter exists / how offices should set it")] = None


class ParameterValue(BaseModel):
    """A dated, cited parameter value for one region (参数取值)."""

    model_config = MODEL_CONFIG

    key: Annotated[str, bilingual("参数键", "Parameter key", pattern=KEY_PATTERN)]
    region: Annotated[RegionId, bilingual("区划", "Region the value applies to (and its descendants)")]
    value: Annotated[ParamScalar, bilingual("取值", "The value; money in yuan as a decimal")]
    valid_from: Annotated[date, bilingual("生效日期", "First day in force")]
    valid_until: Annotated[date | None, bilingual("失效日期(含)", "Last day in force (inclusive); none = open")] = None
    citation: Annotated[Citation, bilingual("依据", "Citation: document and clause")]
    overrides: Annotated[bool, bilingual(
        "覆盖上级", "True when this value deliberately replaces an ancestor region's value")] = False
    note: Annotated[str | None, bilingual("说明", "Note on how the value was derived")] = None

    @model_validator(mode="after")
    def _period_ordered(self) -> ParameterValue:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self

    def in_force(self, on: date) -> bool:
        """Whether this applies on ``on``."""
        return in_period(self.valid_from, self.valid_until, on)

    def overlaps(self, other: ParameterValue) -> bool:
        """Whether the two validity periods share at least one day."""
        return periods_overlap(self.valid_from, self.valid_until, other.valid_from, other.valid_until)
