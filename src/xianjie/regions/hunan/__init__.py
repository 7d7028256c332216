"""Hunan region plugin (entry point ``hunan``): Hunan province, Changde city and 樟树乡 township.

Regions and documents:

* ``430000`` 湖南省 — document 002 (provincial implementation opinions, 2021-05-17 to 2025-12-31), plus the
  2021 rural 低保 standard from 湘民发〔2021〕4号 (research/domain.md B.9, confidence H); see
  :mod:`.province`.
* ``430700`` 常德市 — document 004 (city reply, 2021-2025), which mostly restates national rules; see
  :mod:`.changde`.
* ``430000.zhangshu`` 樟树乡 — document 003 (campaign plan, 2021-09-18 to 2021-12-31). Its county is not
  named, so the id is plugin-defined and the township hangs directly under the province; see :mod:`.zhangshu`.

Every clause of the three documents has a row in ``coverage/{002,003,004}.toml`` saying how it is encoded or
why it cannot be (``python -m xianjie.coverage hunan`` renders them; docs/regions/hunan.md embeds the result).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...hookspecs import hookimpl
from ...models import CalendarEvent, Document, Indicator, ParameterSpec, ParameterValue, Region
from ...rules.rule import Rule
from . import changde, province, zhangshu

__all__ = [
    "xianjie_calendar_events",
    "xianjie_documents",
    "xianjie_indicators",
    "xianjie_parameter_specs",
    "xianjie_parameters",
    "xianjie_regions",
    "xianjie_rules",
]


@hookimpl
def xianjie_regions() -> Iterator[Region]:
    yield province.REGION
    yield changde.REGION
    yield zhangshu.REGION


@hookimpl
def xianjie_documents() -> Iterator[Document]:
    yield from province.DOCUMENTS


@hookimpl
def xianjie_parameter_specs() -> Iterator[ParameterSpec]:
    yield from zhangshu.SPECS


@hookimpl
def xianjie_parameters() -> Iterator[ParameterValue]:
    yield from province.VALUES
    yield from zhangshu.VALUES


@hookimpl
def xianjie_rules() -> Iterator[Rule]:
    yield from province.RULES
    yield from changde.RULES
    yield from zhangshu.RULES


@hookimpl
def xianjie_calendar_events() -> Iterator[CalendarEvent]:
    yield from zhangshu.EVENTS


@hookimpl
def xianjie_indicators() -> Iterator[Indicator]:
    yield from province.INDICATORS
    yield from changde.INDICATORS
    yield from zhangshu.INDICATORS
