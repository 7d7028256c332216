"""Registers xianjie's models with hypothesis, so ``st.from_type(xianjie.Household)`` just works.

Hypothesis calls every function in the ``hypothesis`` entry-point group, with no arguments, at the end of
``import hypothesis`` (unless ``HYPOTHESIS_NO_PLUGINS`` is set); see hypothesis's ``entry_points.py`` and its
"Hypothesis integration via entry points" docs. Pydantic v2 models cannot be inferred by ``st.builds`` (it
ignores ``pattern``/``decimal_places`` and violates the cross-field validators), so each public model gets a
hand-written strategy from :mod:`xianjie.testing.strategies`.

The registrations are *resolver functions* that import the strategies module only when ``from_type`` is
resolved: this hook may run while :mod:`xianjie.testing.strategies` is itself importing hypothesis, and
registering costs an import of :mod:`xianjie.models` only, never a registry build.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _resolver(name: str, *args: Any, **kwargs: Any) -> Callable[[type[Any]], Any]:
    def resolve(_cls: type[Any]) -> Any:
        from . import strategies

        return getattr(strategies, name)(*args, **kwargs)

    return resolve


def _hypothesis_setup_hook() -> None:
    """Entry point ``[project.entry-points.hypothesis] _ = "xianjie.testing._hypothesis_setup:_hypothesis_setup_hook"``."""
    from hypothesis import strategies as st

    from .. import models as m

    registrations: dict[type[Any], Callable[[type[Any]], Any]] = {
        m.Household: _resolver("households", region="CN"),
        m.Person: _resolver("persons"),
        m.Citation: _resolver("citations"),
        m.Document: _resolver("documents"),
        m.ParameterValue: _resolver("parameter_values"),
    }
    for sub in (m.Income, m.RigidExpenditure, m.Housing, m.DrinkingWater, m.Statuses, m.Loans,
                m.MonitoringStatus, m.Relocation):
        registrations[sub] = _resolver("household_parts", sub)
    for cls, resolver in registrations.items():
        st.register_type_strategy(cls, resolver)
