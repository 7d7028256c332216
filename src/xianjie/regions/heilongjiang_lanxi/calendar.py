"""Lanxi 2023 screening calendar: May/October windows, quarterly consultations and county meetings.

Each event starts inside 2023 (an explicit ``first_date``, never "now") and stops on 2023-12-31, the last day
001 governs. Month-long windows ("5月、10月分别开展一次") use ``duration_days=31``, which the calendar engine
clips to the month. Quarterly duties ("每季度…一次") are encoded as a due date on the last day of each quarter.
"""

from __future__ import annotations

from datetime import date

from ...models import CalendarEvent
from ._common import LANXI, VALID_UNTIL, c

__all__ = ["EVENTS"]

_MAY_OCT = "FREQ=YEARLY;BYMONTH=5,10"
_QUARTER_END = "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"

EVENTS: tuple[CalendarEvent, ...] = (
    CalendarEvent(
        id="lanxi.concentrated_screening", region=LANXI, kind="household_screening",
        name_zh="集中入户排查", name_en="concentrated door-to-door household screening",
        rrule=_MAY_OCT, first_date=date(2023, 5, 1), duration_days=31, valid_until=VALID_UNTIL,
        citation=c("一.三", "5月、10月分别开展一次集中入户排查,建立问题排查清单和整改台账")),
    CalendarEvent(
        id="lanxi.policy_data_comparison", region=LANXI, kind="data_comparison",
        name_zh="行业部门帮扶政策信息比对", name_en="departmental comparison of assistance-policy data",
        rrule=_MAY_OCT, first_date=date(2023, 5, 1), duration_days=31, valid_until=VALID_UNTIL,
        citation=c("一.五", "各相关行业部门要在5月、10月分别开展一次信息比对")),
    CalendarEvent(
        id="lanxi.department_consultation", region=LANXI, kind="consultation",
        name_zh="部门会商(力争每季度一次，季末前)", name_en="departmental consultation (aim: once a quarter, by "
        "quarter end)",
        rrule=_QUARTER_END, first_date=date(2023, 3, 31), valid_until=VALID_UNTIL, aspirational=True,
        citation=c("一.四", "力争每季度会商一次")),
    CalendarEvent(
        id="lanxi.county_quarterly_meeting", region=LANXI, kind="deadline",
        name_zh="县级党委常委会议、政府常务会议专题研究乡村振兴(每季度至少1次，季末前)",
        name_en="county party standing committee and government executive meetings on rural revitalisation "
                "(at least once a quarter, by quarter end)",
        rrule=_QUARTER_END, first_date=date(2023, 3, 31), valid_until=VALID_UNTIL,
        citation=c("六.1", "县级党委和政府每季度至少召开1次党委常委会议、政府常务会议专题研究乡村振兴工作")),
    CalendarEvent(
        id="lanxi.annual_study_session", region=LANXI, kind="deadline",
        name_zh="党委理论学习中心组乡村振兴专题学习(每年至少1次)",
        name_en="party theory study group session on rural revitalisation (at least once a year)",
        first_date=VALID_UNTIL,
        citation=c("六.1", "每年至少组织1次党委理论学习中心组乡村振兴专题学习")),
)
