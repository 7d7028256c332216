"""防止返贫动态监测和帮扶: the monitoring lifecycle as a dated, auditable event history.

A :class:`Case` is a household's history of events (identified, included, measure_started, risk_eliminated,
tracking_ended, dibao_income_exceeded ...). :func:`advance` replays it as of a date and returns a
:class:`CaseState` whose every transition cites the clause behind it; an impossible history raises
:class:`LifecycleError` naming the event. :func:`screen` turns a population and its cases into the worklist of a
screening run tied to the region's calendar. See docs/lifecycle.md.
"""

from .machine import add_months, advance
from .models import (
    Case,
    CaseState,
    Condition,
    DibaoState,
    EliminationCheck,
    Event,
    LifecycleError,
    MeasureRecord,
    MeasureSuggestion,
    Reason,
)
from .plan import suggest_measures
from .screening import WorkItem, Worklist, screen

__all__ = [
    "Case",
    "CaseState",
    "Condition",
    "DibaoState",
    "EliminationCheck",
    "Event",
    "LifecycleError",
    "MeasureRecord",
    "MeasureSuggestion",
    "Reason",
    "WorkItem",
    "Worklist",
    "add_months",
    "advance",
    "screen",
    "suggest_measures",
]
