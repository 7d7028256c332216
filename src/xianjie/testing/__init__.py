"""Testing toolkit for xianjie users and plugin authors.

* :mod:`xianjie.testing.strategies` — hypothesis strategies for households, persons, parameter values,
  citations and dates, biased to the boundaries eligibility logic turns on;
* :mod:`xianjie.testing.properties` — reusable property checks (determinism, income monotonicity, citations,
  exact amounts, JSON round trip, missing data → "undetermined") and a helper to run them under ``@given``;
* :mod:`xianjie.testing.contract` — :class:`~xianjie.testing.contract.RegionPluginContract`, a base test
  class a region-plugin author subclasses;
* :mod:`xianjie.testing.pytest_plugin` — fixtures (``xianjie_registry``, ``xianjie_evaluate``, ...),
  installed automatically through the ``pytest11`` entry point.

The submodules are imported lazily (``xianjie.testing.strategies`` needs hypothesis, which is only a test
dependency), so importing :mod:`xianjie.testing` costs nothing. See ``docs/testing.md``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["contract", "properties", "strategies"]


def __getattr__(name: str) -> ModuleType:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
