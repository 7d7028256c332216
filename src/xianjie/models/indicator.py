"""Declared aggregate indicators (指标): coverage rates and targets a report computes over a population."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel

from .citation import Citation
from .types import MODEL_CONFIG, RegionId, bilingual

__all__ = ["Indicator"]


class Indicator(BaseModel):
    """An aggregate target: numerator and denominator (rule ids or descriptions), target and citation.

    ``numerator``/``denominator`` name rule ids (``cohort.*``/``risk.*``/``measure.*``) or
    ``households``/``members`` when the indicator is computable from household records; ``computable`` is
    false for targets about things household records do not hold (kilometres of road, village sewage).
    """

    model_config = MODEL_CONFIG

    id: Annotated[str, bilingual("指标编号", "Stable id", pattern=r"^[a-z][a-z0-9_.]*$")]
    region: Annotated[RegionId, bilingual("区划", "Region")]
    name_zh: Annotated[str, bilingual("中文名称", "Name in Chinese")]
    name_en: Annotated[str, bilingual("英文名称", "Name in English")]
    numerator: Annotated[str, bilingual("分子", "Numerator: rule id or description")]
    denominator: Annotated[str | None, bilingual("分母", "Denominator: rule id, 'households' or description")] = None
    comparator: Annotated[Literal[">=", ">", "<=", "<", "=="], bilingual("比较", "How the value meets the target")]
    target: Annotated[Decimal, bilingual("目标值", "Target (a ratio 0-1 for rates)")]
    unit: Annotated[str, bilingual("单位", "Unit: ratio, yuan, persons, ...")]
    computable: Annotated[bool, bilingual("可由农户数据计算", "Computable from household records")] = True
    aspirational: Annotated[bool, bilingual("力争目标", "The document says 力争 (strive)")] = False
    due: Annotated[date | None, bilingual("完成期限", "Deadline, if any")] = None
    citation: Annotated[Citation, bilingual("依据", "Citation")]
