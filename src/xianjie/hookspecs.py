"""Hook specifications: how a plugin declares regions, documents, parameters, rules, calendars, indicators.

Modelled on pytest's ``hookspec.py``, datasette's ``hookspecs.py`` and conda's plugin hooks. Every hook
*declares data*: it returns (or yields) an iterable of typed records and is called exactly once, when the
:class:`~xianjie.registry.Registry` is built — never per household, which keeps the batch path free of plugin
dispatch. Results of all plugins are collected, validated with pydantic and merged by the registry, which
raises on conflicts; registration order never decides an answer (precedence comes from each region's
explicit ``parent`` chain).

Plugins are modules or objects whose functions are marked with :data:`hookimpl` and carry the hook's exact
name; misspelled names are reported when the registry is built. Third-party plugins are found through the
``xianjie`` entry-point group, the same group the built-in regions use.

Example::

    from xianjie import hookimpl
    from xianjie.models import Region

    @hookimpl
    def xianjie_regions():
        yield Region(id="430999", name_zh="示例县", name_en="Example county", level="county", parent="430000")
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .models import CalendarEvent, Document, Indicator, ParameterSpec, ParameterValue, Region
    from .rules.rule import Rule

__all__ = ["hookimpl", "hookspec"]

hookspec = pluggy.HookspecMarker("xianjie")
hookimpl = pluggy.HookimplMarker("xianjie")


@hookspec
def xianjie_regions() -> Iterable[Region]:  # type: ignore[empty-body]
    """Declare the regions this plugin defines.

    Each :class:`~xianjie.models.Region` names its ``parent``; the chain must reach the national root ``CN``.
    Declaring a region id another plugin already declared is an error naming both plugins.

    Added in 0.1.
    """


@hookspec
def xianjie_documents() -> Iterable[Document]:  # type: ignore[empty-body]
    """Declare the policy documents this plugin's citations point into, with their validity periods.

    Every citation yielded by any hook must name a declared document. Validity drives the "documents in
    force" section of each decision, so evaluating outside a document's period is never silent.

    Added in 0.1.
    """


@hookspec
def xianjie_parameter_specs() -> Iterable[ParameterSpec]:  # type: ignore[empty-body]
    """Declare new parameter keys (name, unit, kind). The national catalogue declares the shared ones.

    A value for an undeclared key is rejected, so a typo in a key cannot silently create a new parameter.

    Added in 0.1.
    """


@hookspec
def xianjie_parameters() -> Iterable[ParameterValue]:  # type: ignore[empty-body]
    """Supply dated, cited parameter values for this plugin's regions.

    A value overlapping an ancestor region's value for the same key must set ``overrides=True``; two values
    for the same region and key with overlapping periods are an error naming both plugins.

    Added in 0.1.
    """


@hookspec
def xianjie_rules() -> Iterable[Rule]:  # type: ignore[empty-body]
    """Declare cohort, risk and measure rules.

    ``xianjie.policies`` supplies the nationwide set for ``CN``; a region may add rules or override a rule of
    an ancestor by declaring the same id with ``overrides=True`` and its own citation.

    Added in 0.1.
    """


@hookspec
def xianjie_calendar_events() -> Iterable[CalendarEvent]:  # type: ignore[empty-body]
    """Declare screening calendar events: recurring (RRULE) or one-off, each cited.

    Added in 0.1.
    """


@hookspec
def xianjie_indicators() -> Iterable[Indicator]:  # type: ignore[empty-body]
    """Declare aggregate indicators (coverage rates, targets) that a report computes over a population.

    Added in 0.1.
    """
