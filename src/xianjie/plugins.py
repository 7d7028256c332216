"""Finding and loading plugins: the ``xianjie`` entry-point group, explicit modules, failure capture.

pluggy does not protect a host from a broken plugin (an exception in ``ep.load()`` escapes, and misspelled
hook names pass silently unless checked), so this module loads entry points one at a time, records every
failure with the plugin's name, and checks hook names itself with a "did you mean" hint.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.metadata as md
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pluggy

from . import hookspecs
from ._version import __version__

__all__ = ["ENTRY_POINT_GROUP", "LoadedPlugin", "PluginFailure", "PluginSet", "load_plugins"]

ENTRY_POINT_GROUP = "xianjie"
HOOK_NAMES = frozenset(n for n in dir(hookspecs) if n.startswith("xianjie_"))


@dataclass(frozen=True)
class PluginFailure:
    """A plugin that could not be used, and why (shown by ``xianjie plugins``)."""

    plugin: str
    error_type: str
    message: str
    distribution: str | None = None
    version: str | None = None


@dataclass(frozen=True)
class LoadedPlugin:
    """A registered plugin with its provenance."""

    name: str
    module: str
    distribution: str | None
    version: str | None


@dataclass
class PluginSet:
    """The plugin manager plus what was loaded and what failed."""

    pm: pluggy.PluginManager
    plugins: dict[str, LoadedPlugin] = field(default_factory=dict)
    failures: list[PluginFailure] = field(default_factory=list)

    def fail(self, name: str, error_type: str, message: str) -> None:
        """Record a failure and unregister the plugin so none of its declarations is used."""
        info = self.plugins.pop(name, None)
        self.failures.append(PluginFailure(name, error_type, message, info.distribution if info else None,
                                           info.version if info else None))
        if self.pm.get_plugin(name) is not None:
            self.pm.unregister(name=name)


def _hook_name_problems(obj: Any) -> list[str]:
    problems = []
    for attr in dir(obj):
        if not attr.startswith("xianjie_") or attr in HOOK_NAMES:
            continue
        if callable(getattr(obj, attr, None)):
            hint = difflib.get_close_matches(attr, sorted(HOOK_NAMES), n=1)
            problems.append(f"unknown hook {attr!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))
    return problems


def _register(ps: PluginSet, name: str, obj: Any, dist: str | None, version: str | None) -> None:
    problems = _hook_name_problems(obj)
    if problems:
        ps.failures.append(PluginFailure(name, "unknown_hook", "; ".join(problems), dist, version))
        return
    if ps.pm.get_plugin(name) is not None:
        return
    ps.pm.register(obj, name=name)
    module = obj.__name__ if isinstance(obj, ModuleType) else type(obj).__module__
    ps.plugins[name] = LoadedPlugin(name, module, dist, version)


def _autoload_disabled() -> bool:
    return os.environ.get("XIANJIE_DISABLE_PLUGIN_AUTOLOAD", "").lower() in {"1", "true", "yes"}


def load_plugins(
    plugins: Sequence[str | ModuleType | object] | None = None,
    *,
    autoload: bool | None = None,
    only: Iterable[str] | None = None,
) -> PluginSet:
    """Build a plugin manager.

    Args:
        plugins: extra plugins to register: module paths (``"xianjie.regions.hunan"``), modules or objects.
        autoload: load the ``xianjie`` entry-point group (default: yes, unless
            ``XIANJIE_DISABLE_PLUGIN_AUTOLOAD=1``). The built-in regions are in that group too; without
            autoload, ``xianjie.policies`` (the national root) is still registered.
        only: restrict autoloading to these entry-point names (also ``XIANJIE_PLUGINS=a,b``).
    """
    pm = pluggy.PluginManager("xianjie")
    pm.add_hookspecs(hookspecs)
    ps = PluginSet(pm)
    if autoload is None:
        autoload = not _autoload_disabled()
    if only is None and os.environ.get("XIANJIE_PLUGINS"):
        only = [p.strip() for p in os.environ["XIANJIE_PLUGINS"].split(",") if p.strip()]
    wanted = set(only) if only is not None else None
    if autoload:
        for ep in sorted(md.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if wanted is not None and ep.name not in wanted and ep.name != "national":
                continue
            dist = ep.dist.name if ep.dist else None
            version = ep.dist.version if ep.dist else None
            try:
                obj = ep.load()
            except Exception as exc:
                ps.failures.append(PluginFailure(ep.name, "import_failed", f"{type(exc).__name__}: {exc}",
                                                 dist, version))
                continue
            _register(ps, ep.name, obj, dist, version)
    if "national" not in ps.plugins:
        _register(ps, "national", importlib.import_module("xianjie.policies"), "xianjie", __version__)
    for p in plugins or ():
        if isinstance(p, str):
            try:
                obj = importlib.import_module(p)
            except Exception as exc:
                ps.failures.append(PluginFailure(p, "import_failed", f"{type(exc).__name__}: {exc}"))
                continue
            name = p
        else:
            obj = p
            name = getattr(p, "__name__", None) or type(p).__name__
        if name.startswith("xianjie.regions.") or name == "xianjie.policies":
            dist, version = "xianjie", __version__
            name = name.removeprefix("xianjie.regions.").replace("xianjie.policies", "national")
        else:
            mod = obj.__name__ if isinstance(obj, ModuleType) else type(obj).__module__
            dist, version = _distribution_of(mod)
        _register(ps, name, obj, dist, version)
    return ps


def _distribution_of(module: str) -> tuple[str | None, str | None]:
    top = module.split(".")[0]
    dists = md.packages_distributions().get(top, [])
    if not dists:
        return None, None
    try:
        return dists[0], md.version(dists[0])
    except md.PackageNotFoundError:
        return dists[0], None
