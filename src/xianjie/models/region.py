"""Regions: the administrative hierarchy that parameters and rules are inherited along."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, model_validator

from .types import MODEL_CONFIG, RegionId, bilingual

__all__ = ["Region", "RegionLevel"]

RegionLevel = Literal["national", "province", "city", "county", "township", "village"]


class Region(BaseModel):
    """One administrative region (行政区划).

    ``parent`` is explicit: values resolve along the parent chain (township → county → city → province →
    national ``CN``), never by plugin registration order.
    """

    model_config = MODEL_CONFIG

    id: Annotated[RegionId, bilingual("区划代码", "Administrative division code, CN, or plugin-defined id")]
    name_zh: Annotated[str, bilingual("中文名称", "Name in Chinese", min_length=1)]
    name_en: Annotated[str, bilingual("英文名称", "Name in English", min_length=1)]
    level: Annotated[RegionLevel, bilingual("层级", "Level in the hierarchy")]
    parent: Annotated[RegionId | None, bilingual("上级区划", "Parent region id (None only for CN)")] = None
    note: Annotated[str | None, bilingual("备注", "Note, e.g. why a plugin-defined id is used")] = None

    @model_validator(mode="after")
    def _root_has_no_parent(self) -> Region:
        if (self.id == "CN") != (self.parent is None):
            raise ValueError("only the national root CN has no parent")
        if self.id == "CN" and self.level != "national":
            raise ValueError("CN must have level national")
        return self
