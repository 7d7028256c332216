"""Labels shared by explanations: parameter specs and rule names, filled as the registry loads plugins.

Expressions render their own explanations, so they need the names of the parameters and rules they mention.
This module keeps those names in one place; the national specs are declared in
:mod:`xianjie.policies.parameters` and plugins may add more through ``xianjie_parameter_specs``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import ParameterSpec

PARAMETER_SPECS: dict[str, ParameterSpec] = {}
RULE_LABELS: dict[str, tuple[str, str]] = {}


def register_specs(specs: Iterable[ParameterSpec]) -> None:
    for s in specs:
        PARAMETER_SPECS.setdefault(s.key, s)
