"""The one-year tracking period after risk elimination (001 一.八), for one household on one date.

Why a function and not a rule: a rule condition cannot yet read "months since ``risk_eliminated_on``" (the
core has that derived input only for the 低保 gradual exit), so the tracking window is computed here from the
registry's ``monitoring.tracking_period_months`` for the household's region on the date. With no value in
force (e.g. Lanxi after 2023) the answer is "undetermined" and names the parameter, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta

from ...models import Household
from ...registry import Registry

__all__ = ["TrackingStatus", "tracking_last_day", "tracking_status"]

KEY = "monitoring.tracking_period_months"


@dataclass(frozen=True)
class TrackingStatus:
    """Whether a household is in its post-elimination tracking period on a date."""

    status: Literal["in_tracking", "ended", "not_eliminated", "undetermined"]
    last_day: date | None = None
    missing_fields: tuple[str, ...] = ()
    missing_parameters: tuple[str, ...] = ()


def tracking_last_day(eliminated_on: date, months: int) -> date:
    """Last day of tracking: the day before the same date ``months`` later (2022-11-15 + 12 → 2023-11-14)."""
    return eliminated_on + relativedelta(months=months) - timedelta(days=1)


def tracking_status(household: Household, on: date, registry: Registry) -> TrackingStatus:
    """Tracking status on ``on``: in tracking from the elimination day through :func:`tracking_last_day`."""
    mon = household.statuses.monitoring
    eliminated = mon.risk_eliminated_on
    if eliminated is None:
        return TrackingStatus("undetermined", missing_fields=("statuses.monitoring.risk_eliminated_on",))
    if eliminated > on:
        return TrackingStatus("not_eliminated")
    res = registry.resolve(KEY, household.region, on)
    if res is None:
        return TrackingStatus("undetermined", missing_parameters=(KEY,))
    last = tracking_last_day(eliminated, int(res.value))
    return TrackingStatus("in_tracking" if on <= last else "ended", last_day=last)
