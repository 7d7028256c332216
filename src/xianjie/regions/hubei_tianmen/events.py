"""Tianmen's calendar (document 000): the transition-period bounds, the first secretaries' monthly duty list
and the one dated target.

The monthly duty list (000 十三, "每月履职责任清单") is a month-long window on the first of each month. Its
first occurrence is October 2021, the first whole month after the plan was published (2021-09-16): a duty
cannot fall due before the document that creates it. It recurs until the end of the transition period
(000 一), so there is none in 2026.
"""

from __future__ import annotations

from datetime import date

from ...models import CalendarEvent
from ...policies.documents import cite
from .regions import TIANMEN, TRANSITION_END, TRANSITION_START

__all__ = ["DUTY_LIST_FIRST", "EVENTS"]

#: First month of the monthly duty list: the first whole month after publication on 2021-09-16.
DUTY_LIST_FIRST = date(2021, 10, 1)

_C1 = cite("000", "一", "过渡期内(2021-2025 年)严格落实“四个不摘”要求")

EVENTS: tuple[CalendarEvent, ...] = (
    CalendarEvent(
        id="tianmen.transition_period_start", region=TIANMEN, kind="other", name_zh="过渡期开始",
        name_en="transition period begins", first_date=TRANSITION_START, citation=_C1),
    CalendarEvent(
        id="tianmen.transition_period_end", region=TIANMEN, kind="deadline", name_zh="过渡期结束",
        name_en="transition period ends", first_date=TRANSITION_END, citation=_C1),
    CalendarEvent(
        id="tianmen.first_secretary_duty_list", region=TIANMEN, kind="review",
        name_zh="驻村第一书记和工作队每月履职责任清单和工作纪实",
        name_en="first secretaries' and work teams' monthly duty list and work record",
        rrule="FREQ=MONTHLY;BYMONTHDAY=1", first_date=DUTY_LIST_FIRST, duration_days=31,
        valid_until=TRANSITION_END,
        citation=cite("000", "十三", "建立第一书记和工作队每月履职责任清单和工作纪实制")),
    CalendarEvent(
        id="tianmen.tap_water_target_deadline", region=TIANMEN, kind="deadline",
        name_zh="农村自来水普及率超过93%的期限", name_en="deadline: rural tap-water coverage above 93%",
        first_date=date(2025, 12, 31), citation=cite("000", "五", "确保2025年年底农村自来水普及率超过93%")),
)
