"""pytest fixtures for testing code that uses xianjie (installed through the ``pytest11`` entry point).

Fixtures only, nothing autouse, and xianjie's engine is imported inside the fixtures, so having xianjie
installed changes nothing in a test suite that does not ask for these fixtures.

Fixtures:

* ``xianjie_registry`` — a :class:`~xianjie.Registry`. Which plugins: the ``xianjie`` marker
  (``@pytest.mark.xianjie(plugins=["xianjie.regions.hunan"], params=["office.toml"], autoload=False)``), else
  the ``--xianjie-plugin``/``--xianjie-params``/``--xianjie-autoload`` options, else the national rules only.
  Registries are cached per configuration for the session.
* ``xianjie_evaluation_date`` — the evaluation date: marker ``on=``, else ``--xianjie-on``, else 2021-10-01.
* ``xianjie_register_plugin`` — ``reg = xianjie_register_plugin(plugin)`` registers a plugin for the rest of
  the test: it returns a registry with it, makes ``xianjie_evaluate`` use it, and makes
  :func:`xianjie.evaluate` without ``registry=`` use it (undone at teardown). The same as a context manager
  outside pytest: :func:`registered_plugin`.
* ``xianjie_evaluate`` — ``xianjie_evaluate(household_or_dict, on=None)`` evaluates with the fixtures above.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ..models import Decision, Household
    from ..registry import Registry

__all__ = [
    "registered_plugin",
    "xianjie_evaluate",
    "xianjie_evaluation_date",
    "xianjie_register_plugin",
    "xianjie_registry",
]

DEFAULT_DATE = date(2021, 10, 1)
_CACHE: dict[tuple[Any, ...], Registry] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("xianjie", "xianjie fixtures")
    group.addoption("--xianjie-plugin", action="append", default=[], metavar="MODULE",
                    help="plugin module for the xianjie_registry fixture (repeatable)")
    group.addoption("--xianjie-params", action="append", default=[], metavar="FILE",
                    help="office parameter file (TOML/JSON) for the xianjie_registry fixture (repeatable)")
    group.addoption("--xianjie-autoload", action="store_true", default=False,
                    help="xianjie_registry loads every installed xianjie plugin (entry points)")
    group.addoption("--xianjie-on", default=None, metavar="YYYY-MM-DD",
                    help="evaluation date for the xianjie_evaluation_date fixture (default 2021-10-01)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "xianjie(plugins=[...], params=[...], autoload=False, on=None): choose the plugins, parameter files "
        "and evaluation date of the xianjie_* fixtures for this test")


def _marker_kwargs(request: pytest.FixtureRequest) -> dict[str, Any]:
    m = request.node.get_closest_marker("xianjie")
    return dict(m.kwargs) if m is not None else {}


def _build(plugins: Sequence[Any], params: Sequence[Any], autoload: bool) -> Registry:
    from ..registry import build_registry

    hashable = all(isinstance(p, str) for p in plugins) and all(isinstance(p, str) for p in params)
    key = (tuple(plugins), tuple(str(p) for p in params), autoload)
    if hashable and key in _CACHE:
        return _CACHE[key]
    reg = build_registry(plugins=list(plugins), autoload=autoload, params=list(params))
    if hashable:
        _CACHE[key] = reg
    return reg


@pytest.fixture
def xianjie_registry(request: pytest.FixtureRequest) -> Registry:
    """The registry chosen by the ``xianjie`` marker or the ``--xianjie-*`` options (default: national)."""
    kw = _marker_kwargs(request)
    opt = request.config.getoption
    plugins = kw.get("plugins", opt("--xianjie-plugin"))
    params = kw.get("params", opt("--xianjie-params"))
    autoload = bool(kw.get("autoload", opt("--xianjie-autoload")))
    return _build(list(plugins), list(params), autoload)


@pytest.fixture
def xianjie_evaluation_date(request: pytest.FixtureRequest) -> date:
    """The evaluation date: marker ``on=`` (date or ISO string), ``--xianjie-on``, else 2021-10-01."""
    value = _marker_kwargs(request).get("on", request.config.getoption("--xianjie-on"))
    if value is None:
        return DEFAULT_DATE
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise pytest.UsageError(f"xianjie evaluation date must be YYYY-MM-DD, got {value!r}") from None


@contextlib.contextmanager
def registered_plugin(*plugins: Any, base: Sequence[Any] = (), params: Sequence[Any] = (),
                      autoload: bool = False) -> Iterator[Registry]:
    """Build a registry with ``plugins`` (plus ``base`` plugins) and make it the default registry —
    the one :func:`xianjie.evaluate` uses without ``registry=`` — until the block ends."""
    from .. import registry as registry_module

    reg = registry_module.build_registry(plugins=[*base, *plugins], autoload=autoload, params=list(params))
    previous = registry_module._default
    registry_module._default = reg
    try:
        yield reg
    finally:
        registry_module._default = previous


class _Current:
    """The registry the test's ``xianjie_evaluate`` uses (replaced by ``xianjie_register_plugin``)."""

    def __init__(self) -> None:
        self.registry: Registry | None = None


@pytest.fixture
def _xianjie_current() -> _Current:
    return _Current()


@pytest.fixture
def xianjie_register_plugin(request: pytest.FixtureRequest, _xianjie_current: _Current
                            ) -> Iterator[Callable[..., Registry]]:
    """``xianjie_register_plugin(plugin, ...)`` → a registry with the plugin added to this test's selection;
    ``xianjie_evaluate`` and :func:`xianjie.evaluate` use it until the test ends."""
    stack = contextlib.ExitStack()
    kw = _marker_kwargs(request)
    opt = request.config.getoption
    base = list(kw.get("plugins", opt("--xianjie-plugin")))
    params = list(kw.get("params", opt("--xianjie-params")))
    autoload = bool(kw.get("autoload", opt("--xianjie-autoload")))
    added: list[Any] = []

    def register(*plugins: Any) -> Registry:
        added.extend(plugins)
        reg = stack.enter_context(registered_plugin(*added, base=base, params=params, autoload=autoload))
        _xianjie_current.registry = reg
        return reg

    with stack:
        yield register


@pytest.fixture
def xianjie_evaluate(xianjie_registry: Registry, xianjie_evaluation_date: date, _xianjie_current: _Current
                     ) -> Callable[..., Decision]:
    """``xianjie_evaluate(household, on=None, explain=True)`` with this test's registry and date."""
    from ..engine import evaluate

    def run(household: Household | dict[str, Any], *, on: date | None = None, explain: bool = True) -> Decision:
        reg = _xianjie_current.registry or xianjie_registry
        return evaluate(household, on=on or xianjie_evaluation_date, registry=reg, explain=explain)

    return run
