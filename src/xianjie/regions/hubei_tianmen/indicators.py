"""Tianmen's aggregate targets (document 000). Only tap-water coverage is computable from household records
(``water.piped``); the others concern villages, roads, clinics or the urban population, which household
records do not hold, so they are declared with ``computable=False`` to keep them visible in reports.

Targets are the document's own numbers. Where the text says "全覆盖"/"村村"/"乡乡" the target is every unit
(ratio 1); "基本" (basically) is kept in the name rather than turned into an invented percentage, and "力争"
(strive) sets ``aspirational``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ...models import Indicator
from ...policies.documents import cite
from .regions import TIANMEN, TRANSITION_END

__all__ = ["INDICATORS"]

_ONE = Decimal(1)


def _ind(id: str, zh: str, en: str, numerator: str, denominator: str | None, comparator: str, target: Decimal,
         clause: str, quote: str, *, unit: str = "ratio", computable: bool = False, aspirational: bool = False,
         due: date | None = TRANSITION_END) -> Indicator:
    return Indicator.model_validate({
        "id": f"tianmen.{id}", "region": TIANMEN, "name_zh": zh, "name_en": en, "numerator": numerator,
        "denominator": denominator, "comparator": comparator, "target": target, "unit": unit,
        "computable": computable, "aspirational": aspirational, "due": due,
        "citation": cite("000", clause, quote)})


INDICATORS: tuple[Indicator, ...] = (
    _ind("tap_water_coverage", "农村自来水普及率", "rural tap-water coverage", "cohort.tap_water_household",
         "households", ">", Decimal("0.93"), "五", "确保2025年年底农村自来水普及率超过93%", computable=True),
    _ind("remote_medicine_coverage", "市镇村远程医疗覆盖率", "remote-medicine coverage of city, towns and villages",
         "city, towns and villages with remote medicine", "city, towns and villages", ">=", _ONE, "三",
         "到2025年实现市镇村远程医疗全覆盖"),
    _ind("emergency_circle_minutes", "市域急救圈(分钟)", "emergency-response circle in the city area",
         "emergency travel time within the city area", None, "<=", Decimal(30), "三", "打造市域30分钟急救圈",
         unit="minutes", due=None),
    _ind("rural_teacher_training", "农村学校教师参训率", "rural teachers taking part in training",
         "rural school teachers trained", "rural school teachers", ">=", _ONE, "二",
         "确保农村学校教师全员参与培训", due=None),
    _ind("township_class2_roads", "乡镇通二级路(基本实现)", "townships linked by class-2 roads (basically all)",
         "townships linked by a class-2 road", "townships", ">=", _ONE, "九",
         "力争到2025年基本实现乡乡通二级路", aspirational=True),
    _ind("village_double_lane", "具备条件的行政村双车道通达(基本实现)",
         "eligible villages reached by double-lane roads (basically all)",
         "eligible administrative villages with double-lane access", "eligible administrative villages", ">=",
         _ONE, "九", "具备条件的行政村基本实现双车道通达", aspirational=True),
    _ind("village_ecommerce_coverage", "快递物流、村级电商服务站点村村覆盖",
         "express-delivery and village e-commerce service points in every village",
         "villages with express delivery and an e-commerce service point", "administrative villages", ">=",
         _ONE, "九", "实现快递物流、村级电商服务站点村村全覆盖", due=None),
    _ind("sanitary_toilets", "卫生厕所(基本普及)", "sanitary toilets (basically universal, 基本普及)",
         "rural households with a sanitary toilet", "rural households", ">=", _ONE, "九",
         "到2025年基本普及卫生厕所"),
    _ind("refuse_system_villages", "生活垃圾收运处置体系覆盖行政村比例",
         "administrative villages covered by the refuse collection and disposal system",
         "administrative villages covered", "administrative villages", ">=", _ONE, "九",
         "实现收运处置体系覆盖100%的行政村", due=None),
    _ind("urbanisation_rate", "常住人口城镇化率", "resident urbanisation rate", "urban resident population",
         "resident population", ">=", Decimal("0.62"), "十一", "力争全市常住人口城镇化率达到62%",
         aspirational=True),
)
