"""xianjie (衔接): China's transition-period rural support policy as executable, explainable, testable rules.

Quick start::

    from datetime import date
    import xianjie

    household = xianjie.Household.model_validate_json(open("examples/hunan/households.jsonl").readline())
    decision = xianjie.evaluate(household, on=date(2021, 10, 1))
    for m in decision.measures:
        print(m.id, m.outcome, m.amount)
"""

from . import explain
from ._version import __version__
from .engine import evaluate
from .errors import InputError, PluginConflictError, RegistryError, XianjieError
from .hookspecs import hookimpl
from .models import (
    CalendarEvent,
    Citation,
    Decision,
    Document,
    Household,
    Indicator,
    ParameterSpec,
    ParameterValue,
    Person,
    Region,
)
from .registry import Registry, build_registry
from .rules.rule import Rule

__all__ = [
    "CalendarEvent",
    "Citation",
    "Decision",
    "Document",
    "Household",
    "Indicator",
    "InputError",
    "ParameterSpec",
    "ParameterValue",
    "Person",
    "PluginConflictError",
    "Region",
    "Registry",
    "RegistryError",
    "Rule",
    "XianjieError",
    "__version__",
    "build_registry",
    "evaluate",
    "explain",
    "hookimpl",
]
