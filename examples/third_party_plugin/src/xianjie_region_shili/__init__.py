"""示例县(虚构) / Shili county (FICTIONAL): an example xianjie region plugin.

Nothing here is real policy. The county, its document ``shili-fictional-2021-1`` and the 500-yuan award
are invented to show how a plugin declares a region, a document, a parameter, a rule and a calendar event
with the public API only (``xianjie.hookimpl``, ``xianjie.models``, ``xianjie.rules``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from xianjie import hookimpl
from xianjie.models import CalendarEvent, Citation, Document, ParameterSpec, ParameterValue, Region
from xianjie.rules.expr import field, param, rule
from xianjie.rules.rule import Rule

__version__ = "0.1.0"

REGION = "430000.shili"
DOCUMENT = "shili-fictional-2021-1"
VALID_FROM = date(2021, 7, 1)
VALID_UNTIL = date(2025, 12, 31)
FICTIONAL = "FICTIONAL example for plugin authors: not a real region, document or policy (虚构示例)."


def _cite(clause: str, quote: str) -> Citation:
    return Citation(document=DOCUMENT, clause=clause, quote_zh=quote)


@hookimpl
def xianjie_regions() -> Iterator[Region]:
    yield Region(id=REGION, name_zh="示例县(虚构)", name_en="Shili county (fictional)", level="county",
                 parent="430000", note=FICTIONAL)


@hookimpl
def xianjie_documents() -> Iterator[Document]:
    yield Document(id=DOCUMENT, title_zh="示例县庭院经济奖补办法(虚构文件，仅供示例)",
                   title_en="Shili county courtyard-economy award rules (FICTIONAL document, example only)",
                   issuer="示例县人民政府(虚构)", issued_on=date(2021, 6, 15), valid_from=VALID_FROM,
                   valid_until=VALID_UNTIL, note=FICTIONAL)


@hookimpl
def xianjie_parameter_specs() -> Iterator[ParameterSpec]:
    yield ParameterSpec(key="shili.courtyard_award", name_zh="庭院经济奖补标准(虚构)",
                        name_en="courtyard-economy award (fictional)", kind="money", unit="yuan/household/year",
                        note=FICTIONAL)


@hookimpl
def xianjie_parameters() -> Iterator[ParameterValue]:
    yield ParameterValue(key="shili.courtyard_award", region=REGION, value=Decimal("500.00"),
                         valid_from=VALID_FROM, valid_until=VALID_UNTIL,
                         citation=_cite("三", "每户每年奖补500元(虚构)"), note=FICTIONAL)


COURTYARD_KINDS = ("garden", "pasture", "workshop", "handicraft", "textile")


@hookimpl
def xianjie_rules() -> Iterator[Rule]:
    yield Rule(
        id="measure.shili_courtyard_award", kind="measure", region=REGION,
        name_zh="庭院经济奖补(虚构)", name_en="courtyard-economy award (fictional)",
        condition=(rule("cohort.tuopin_household") | rule("cohort.monitoring_object"))
        & field("courtyard_economy").overlaps(COURTYARD_KINDS),
        citations=(_cite("二", "脱贫户和监测对象发展庭院经济的，给予奖补(虚构)"),),
        valid_from=VALID_FROM, valid_until=VALID_UNTIL, category="industry", benefit_kind="cash",
        amount=param("shili.courtyard_award"), amount_unit="yuan/household/year",
        description_en="Fictional: lifted-out or monitored households running a courtyard economy.")


@hookimpl
def xianjie_calendar_events() -> Iterator[CalendarEvent]:
    yield CalendarEvent(id="shili.courtyard_review", region=REGION, kind="review",
                        name_zh="庭院经济奖补年度审核(虚构)", name_en="yearly courtyard-award review (fictional)",
                        rrule="FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=1", first_date=date(2021, 11, 1),
                        duration_days=30, valid_until=VALID_UNTIL, citation=_cite("四", "每年11月集中审核(虚构)"))
