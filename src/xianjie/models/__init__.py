"""Public pydantic models of xianjie (households, parameters, regions, decisions)."""

from .calendar import CalendarEvent, ScreeningOccurrence
from .citation import Citation, Document
from .decision import (
    Conclusion,
    Decision,
    DocumentStatus,
    Explanation,
    MemberConclusion,
    MissingParameter,
    Provenance,
    ResolvedParameter,
)
from .household import (
    DrinkingWater,
    Household,
    Housing,
    Income,
    Loans,
    MonitoringStatus,
    Relocation,
    RigidExpenditure,
    Statuses,
)
from .indicator import Indicator
from .parameters import ParameterSpec, ParameterValue
from .person import Person
from .region import Region

__all__ = [
    "CalendarEvent",
    "Citation",
    "Conclusion",
    "Decision",
    "Document",
    "DocumentStatus",
    "DrinkingWater",
    "Explanation",
    "Household",
    "Housing",
    "Income",
    "Indicator",
    "Loans",
    "MemberConclusion",
    "MissingParameter",
    "MonitoringStatus",
    "ParameterSpec",
    "ParameterValue",
    "Person",
    "Provenance",
    "Region",
    "Relocation",
    "ResolvedParameter",
    "RigidExpenditure",
    "ScreeningOccurrence",
    "Statuses",
]
