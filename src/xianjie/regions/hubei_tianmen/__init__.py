"""Region plugin ``hubei_tianmen``: 湖北省 (420000) and 天门市 (429006), document 000 (天发〔2021〕14号).

000 is Tianmen's plan for the 2021-2025 transition period. Most of its household-level clauses restate
national rules the ``national`` plugin already encodes (and cites 000 for); this plugin adds what is specific
to Tianmen — three overrides where 000 names different groups, four Tianmen measures and a cohort, the
first secretaries' monthly duty list, and the plan's aggregate targets. Every clause of 000 has a row in
``coverage/000.toml`` saying how it is encoded or why it cannot be (``python -m xianjie.coverage
hubei_tianmen``). No parameter values are built in: the amounts 000 leaves open (Hubei's minimum pension
tier, premium subsidies, 低保 standard, monitoring line after 2021) are not in any document the project
trusts, so the deploying office supplies them (see ``docs/regions/hubei_tianmen.md``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...hookspecs import hookimpl
from ...models import CalendarEvent, Document, Indicator, Region
from ...policies.documents import DOCUMENTS
from ...rules.rule import Rule
from .events import EVENTS
from .indicators import INDICATORS
from .regions import REGIONS
from .rules import RULES

__all__ = ["EVENTS", "INDICATORS", "REGIONS", "RULES"]


@hookimpl
def xianjie_regions() -> Iterator[Region]:
    yield from REGIONS


@hookimpl
def xianjie_documents() -> Iterator[Document]:
    # The same Document object the national plugin declares (identical declarations merge).
    yield from (d for d in DOCUMENTS if d.id == "000")


@hookimpl
def xianjie_rules() -> Iterator[Rule]:
    yield from RULES


@hookimpl
def xianjie_calendar_events() -> Iterator[CalendarEvent]:
    yield from EVENTS


@hookimpl
def xianjie_indicators() -> Iterator[Indicator]:
    yield from INDICATORS
