"""兰西县 (Lanxi county, Suihua, Heilongjiang; 231222): the 2023 work points, document 001 (兰农工组发[2023]2号).

Registered as the built-in plugin ``heilongjiang_lanxi`` (entry point group ``xianjie``). Everything it
declares is valid 2023-01-01..2023-12-31 only: the cover letter's date (2022-03-22) contradicts the document's
number and content, and the validity is taken from the content. The clause-by-clause coverage is in
``coverage/001.toml`` and docs/regions/heilongjiang_lanxi.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...hookspecs import hookimpl
from ...models import CalendarEvent, Indicator, ParameterSpec, ParameterValue, Region
from ...rules.rule import Rule
from ._common import HEILONGJIANG, LANXI, SUIHUA
from .calendar import EVENTS
from .indicators import INDICATORS
from .parameters import SPECS, VALUES
from .rules import RULES
from .tracking import TrackingStatus, tracking_status

__all__ = ["EVENTS", "INDICATORS", "RULES", "SPECS", "VALUES", "TrackingStatus", "tracking_status"]


@hookimpl
def xianjie_regions() -> Iterator[Region]:
    yield Region(id=HEILONGJIANG, name_zh="黑龙江省", name_en="Heilongjiang province", level="province",
                 parent="CN")
    yield Region(id=SUIHUA, name_zh="绥化市", name_en="Suihua city", level="city", parent=HEILONGJIANG)
    yield Region(id=LANXI, name_zh="兰西县", name_en="Lanxi county", level="county", parent=SUIHUA)


@hookimpl
def xianjie_parameter_specs() -> Iterator[ParameterSpec]:
    yield from SPECS


@hookimpl
def xianjie_parameters() -> Iterator[ParameterValue]:
    yield from VALUES


@hookimpl
def xianjie_rules() -> Iterator[Rule]:
    yield from RULES


@hookimpl
def xianjie_calendar_events() -> Iterator[CalendarEvent]:
    yield from EVENTS


@hookimpl
def xianjie_indicators() -> Iterator[Indicator]:
    yield from INDICATORS
