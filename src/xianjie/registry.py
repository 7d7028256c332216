"""The registry: every plugin's declarations, validated, merged and indexed for evaluation.

Built once (hooks are called once), then queried many times: ``resolve(key, region, on)`` walks the region's
explicit parent chain and picks the value in force on the date; ``rules_for(region, on)`` gives the rule set
(with overrides applied) in dependency order. Conflicts raise :class:`PluginConflictError` naming both
plugins; a plugin that yields invalid data is disabled and reported (or raises, with ``strict=True``).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import ModuleType
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .errors import PluginConflictError, PluginError, RegistryError, field_errors
from .models import CalendarEvent, Document, Indicator, ParameterSpec, ParameterValue, Region
from .models.citation import Citation
from .models.decision import OverriddenValue, PluginVersion, ResolvedParameter
from .params import ParameterFile, coerce_parameters, load_parameter_file
from .plugins import PluginFailure, PluginSet, load_plugins
from .policies import catalogue
from .rules.rule import Rule

__all__ = ["Attributed", "Registry", "build_registry"]

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Attributed:
    """A declaration together with the plugin that made it."""

    item: Any
    plugin: str


@dataclass(frozen=True)
class ParamResolution:
    """What :class:`xianjie.rules.expr.Param` needs: the value, its kind and labels, plus provenance."""

    value: Any
    kind: str
    name_zh: str
    name_en: str
    resolved: ResolvedParameter


#: Plugin names given to office parameter files.
PARAMS_PREFIX = "params:"

_HOOKS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("xianjie_documents", Document),
    ("xianjie_regions", Region),
    ("xianjie_parameter_specs", ParameterSpec),
    ("xianjie_parameters", ParameterValue),
    ("xianjie_rules", Rule),
    ("xianjie_calendar_events", CalendarEvent),
    ("xianjie_indicators", Indicator),
)


def _citations_of(item: BaseModel) -> list[Citation]:
    if isinstance(item, Rule):
        return list(item.citations)
    c = getattr(item, "citation", None)
    return [c] if isinstance(c, Citation) else []


class Registry:
    """Validated, merged plugin data. Build it with :func:`build_registry`."""

    def __init__(self, ps: PluginSet, *, strict: bool = False, param_files: Sequence[ParameterFile] = ()) -> None:
        self.plugin_set = ps
        self.strict = strict
        collected = self._collect(ps, param_files)
        self._validate_references(collected)
        self.documents: dict[str, Document] = {a.item.id: a.item for a in collected["xianjie_documents"]}
        self.regions: dict[str, Region] = {a.item.id: a.item for a in collected["xianjie_regions"]}
        self.region_plugin: dict[str, str] = {a.item.id: a.plugin for a in collected["xianjie_regions"]}
        self.specs: dict[str, ParameterSpec] = {}
        spec_plugin: dict[str, str] = {}
        for a in collected["xianjie_parameter_specs"]:
            if a.item.key in self.specs and self.specs[a.item.key] != a.item:
                raise PluginConflictError(f"parameter key {a.item.key!r} declared differently by plugins "
                                          f"{spec_plugin[a.item.key]!r} and {a.plugin!r}")
            self.specs[a.item.key] = a.item
            spec_plugin[a.item.key] = a.plugin
        catalogue.register_specs(self.specs.values())
        self.values: dict[tuple[str, str], list[Attributed]] = defaultdict(list)
        for a in collected["xianjie_parameters"]:
            self.values[(a.item.key, a.item.region)].append(a)
        self.rules: dict[tuple[str, str], list[Attributed]] = defaultdict(list)
        for a in collected["xianjie_rules"]:
            self.rules[(a.item.id, a.item.region)].append(a)
            catalogue.RULE_LABELS.setdefault(a.item.id, (a.item.name_zh, a.item.name_en))
        self.events: list[Attributed] = list(collected["xianjie_calendar_events"])
        self.indicators: list[Attributed] = list(collected["xianjie_indicators"])
        self._check_parameters()
        self._check_rules()
        self._check_events()
        self._resolve_cache: dict[tuple[str, str, date], ParamResolution | None] = {}
        self._rules_cache: dict[tuple[str, date], tuple[Attributed, ...]] = {}

    # ---- collection -------------------------------------------------------------------------------------
    def _fail(self, plugin: str, error_type: str, message: str) -> None:
        if self.strict:
            raise PluginError(f"plugin {plugin!r}: {message}")
        self.plugin_set.fail(plugin, error_type, message)

    def _collect(self, ps: PluginSet, param_files: Sequence[ParameterFile]) -> dict[str, list[Attributed]]:
        for f in ps.failures:
            if self.strict:
                raise PluginError(f"plugin {f.plugin!r} failed ({f.error_type}): {f.message}")
        out: dict[str, list[Attributed]] = {name: [] for name, _ in _HOOKS}
        per_plugin: dict[str, dict[str, list[Attributed]]] = defaultdict(lambda: defaultdict(list))
        bad: set[str] = set()
        for hook_name, model in _HOOKS:
            adapter: TypeAdapter[Any] = TypeAdapter(model)
            for impl in getattr(ps.pm.hook, hook_name).get_hookimpls():
                name = impl.plugin_name
                if name in bad:
                    continue
                try:
                    items = list(impl.function() or ())
                except Exception as exc:
                    bad.add(name)
                    self._fail(name, "hook_failed", f"{hook_name} raised {type(exc).__name__}: {exc}")
                    continue
                for i, item in enumerate(items):
                    if not isinstance(item, model):
                        try:
                            item = adapter.validate_python(item)
                        except ValidationError as exc:
                            bad.add(name)
                            errs = "; ".join(f"{e.field}: {e.message_en}" for e in field_errors(exc))
                            self._fail(name, "invalid_data", f"{hook_name} item {i} ({model.__name__}): {errs}")
                            break
                    per_plugin[name][hook_name].append(Attributed(item, name))
        for name, hooks in per_plugin.items():
            if name in bad:
                continue
            for hook_name, items in hooks.items():
                out[hook_name].extend(items)
        specs = {a.item.key: a.item for a in out["xianjie_parameter_specs"]}
        for pf in param_files:
            source = f"params:{pf.source}"
            out["xianjie_documents"].extend(Attributed(d, source) for d in pf.documents)
            out["xianjie_parameters"].extend(Attributed(v, source) for v in coerce_parameters(pf, specs))
        return out

    def _validate_references(self, c: dict[str, list[Attributed]]) -> None:
        """Regions and documents unique; parents reach CN; citations name declared documents."""
        docs: dict[str, Attributed] = {}
        for a in c["xianjie_documents"]:
            if a.item.id in docs and docs[a.item.id].item != a.item:
                raise PluginConflictError(
                    f"document {a.item.id!r} declared differently by plugins {docs[a.item.id].plugin!r} "
                    f"and {a.plugin!r}")
            docs[a.item.id] = a
        c["xianjie_documents"] = list(docs.values())
        regions: dict[str, Attributed] = {}
        for a in c["xianjie_regions"]:
            if a.item.id in regions:
                raise PluginConflictError(
                    f"region {a.item.id!r} declared by both {regions[a.item.id].plugin!r} and {a.plugin!r}")
            regions[a.item.id] = a
        # orphan regions: the chain must reach CN
        orphans: dict[str, str] = {}
        for rid, a in regions.items():
            seen: set[str] = set()
            cur: str | None = rid
            while cur is not None and cur != "CN":
                if cur in seen or cur not in regions:
                    orphans[rid] = a.plugin
                    break
                seen.add(cur)
                cur = regions[cur].item.parent
        for rid, plugin in sorted(orphans.items()):
            self._fail(plugin, "orphan_region",
                       f"region {rid!r}: its parent chain does not reach CN (missing or cyclic parent)")
        dead = {f.plugin for f in self.plugin_set.failures}
        for hook in c:
            c[hook] = [a for a in c[hook] if a.plugin not in dead]
        known_docs = {a.item.id for a in c["xianjie_documents"]}
        for hook in c:
            for a in list(c[hook]):
                for cit in _citations_of(a.item):
                    if cit.document not in known_docs:
                        msg = (f"{type(a.item).__name__} {getattr(a.item, 'id', getattr(a.item, 'key', ''))!r} "
                               f"cites unknown document {cit.document!r}; declare it with xianjie_documents")
                        if a.plugin.startswith("params:"):
                            raise RegistryError(msg)
                        self._fail(a.plugin, "unknown_document", msg)
        dead = {f.plugin for f in self.plugin_set.failures}
        for hook in c:
            c[hook] = [a for a in c[hook] if a.plugin not in dead]

    # ---- checks -----------------------------------------------------------------------------------------
    def chain(self, region: str) -> tuple[str, ...]:
        """The region and its ancestors up to ``CN``."""
        if region not in self.regions:
            raise RegistryError(f"unknown region {region!r}")
        out = [region]
        while (parent := self.regions[out[-1]].parent) is not None:
            out.append(parent)
        return tuple(out)

    def _ancestors(self, region: str) -> tuple[str, ...]:
        return self.chain(region)[1:]

    def _check_parameters(self) -> None:
        for (key, region), items in self.values.items():
            spec = self.specs.get(key)
            where = f"parameter {key!r} for region {region!r}"
            if spec is None:
                raise RegistryError(f"{where} (plugin {items[0].plugin!r}): key is not declared")
            if region not in self.regions:
                raise RegistryError(f"{where} (plugin {items[0].plugin!r}): region is not declared")
            for a in items:
                _check_kind(spec, a.item.value, f"{where} (plugin {a.plugin!r})")
            for i, a in enumerate(items):
                for b in items[i + 1:]:
                    if a.item.overlaps(b.item):
                        raise PluginConflictError(
                            f"{where}: overlapping values from plugins {a.plugin!r} "
                            f"({a.item.valid_from}–{a.item.valid_until or 'open'}, {a.item.citation.short()}) "
                            f"and {b.plugin!r} ({b.item.valid_from}–{b.item.valid_until or 'open'}, "
                            f"{b.item.citation.short()})")
            for a in items:
                overlapped = [
                    b for anc in self._ancestors(region) for b in self.values.get((key, anc), ())
                    if b.item.overlaps(a.item)
                ]
                # A plugin must say overrides=true to replace another plugin's ancestor value. An office's
                # own file (params:*) setting a value for a wide region does not make the plugins' more
                # specific values conflicts: the nearest region still wins and the decision records it.
                declared = [b for b in overlapped if not b.plugin.startswith(PARAMS_PREFIX)]
                if declared and not a.item.overrides:
                    b = declared[0]
                    raise PluginConflictError(
                        f"{where} from plugin {a.plugin!r} overlaps the value of ancestor region "
                        f"{b.item.region!r} from plugin {b.plugin!r}; set overrides=true to replace it "
                        "deliberately")
                if a.item.overrides and not overlapped:
                    raise RegistryError(
                        f"{where} from plugin {a.plugin!r} says overrides=true but no ancestor value overlaps")

    def _check_rules(self) -> None:
        all_ids = {rid for rid, _ in self.rules}
        for (rid, region), items in self.rules.items():
            where = f"rule {rid!r} for region {region!r}"
            if region not in self.regions:
                raise RegistryError(f"{where} (plugin {items[0].plugin!r}): region is not declared")
            for i, a in enumerate(items):
                for b in items[i + 1:]:
                    if a.item.overlaps(b.item):
                        raise PluginConflictError(
                            f"{where}: declared by plugins {a.plugin!r} and {b.plugin!r} with overlapping periods")
            for a in items:
                overlapped = [b for anc in self._ancestors(region) for b in self.rules.get((rid, anc), ())
                              if b.item.overlaps(a.item)]
                if overlapped and not a.item.overrides:
                    raise PluginConflictError(
                        f"{where} from plugin {a.plugin!r} redefines the rule of ancestor region "
                        f"{overlapped[0].item.region!r} (plugin {overlapped[0].plugin!r}); set overrides=true")
                if a.item.overrides and not overlapped:
                    raise RegistryError(f"{where} from plugin {a.plugin!r} says overrides=true but no ancestor "
                                        "declares that rule")
                for ref in a.item.condition.refs() | (a.item.amount.refs() if a.item.amount else set()):
                    if ref not in all_ids:
                        raise RegistryError(f"{where} refers to unknown rule {ref!r}")
                for key in a.item.condition.params() | (a.item.amount.params() if a.item.amount else set()):
                    if key not in self.specs:
                        raise RegistryError(f"{where} uses undeclared parameter {key!r}")

    def _check_events(self) -> None:
        seen: dict[tuple[str, str], str] = {}
        for a in self.events:
            ev: CalendarEvent = a.item
            if ev.region not in self.regions:
                raise RegistryError(f"calendar event {ev.id!r} (plugin {a.plugin!r}): region {ev.region!r} "
                                    "is not declared")
            if (ev.region, ev.id) in seen:
                raise PluginConflictError(f"calendar event {ev.id!r} for region {ev.region!r} declared by "
                                          f"{seen[(ev.region, ev.id)]!r} and {a.plugin!r}")
            seen[(ev.region, ev.id)] = a.plugin
        for a in self.indicators:
            if a.item.region not in self.regions:
                raise RegistryError(f"indicator {a.item.id!r}: region {a.item.region!r} is not declared")

    # ---- queries ----------------------------------------------------------------------------------------
    def resolve(self, key: str, region: str, on: date) -> ParamResolution | None:
        """The value of ``key`` in force for ``region`` on ``on``, walking up the parent chain; None if none."""
        ck = (key, region, on)
        if ck in self._resolve_cache:
            return self._resolve_cache[ck]
        result: ParamResolution | None = None
        spec = self.specs.get(key)
        if spec is not None:
            chain = self.chain(region)
            for i, r in enumerate(chain):
                hit = next((a for a in self.values.get((key, r), ()) if a.item.in_force(on)), None)
                if hit is None:
                    continue
                overrode = tuple(
                    OverriddenValue(region=b.item.region, value=b.item.value, plugin=b.plugin,
                                    citation=b.item.citation)
                    for anc in chain[i + 1:] for b in self.values.get((key, anc), ()) if b.item.in_force(on))
                pv: ParameterValue = hit.item
                info = self.plugin_set.plugins.get(hit.plugin)
                resolved = ResolvedParameter(
                    key=key, name_zh=spec.name_zh, name_en=spec.name_en, value=pv.value, unit=spec.unit,
                    region=r, valid_from=pv.valid_from, valid_until=pv.valid_until, plugin=hit.plugin,
                    plugin_version=info.version if info else None, citation=pv.citation, overrode=overrode)
                result = ParamResolution(pv.value, spec.kind, spec.name_zh, spec.name_en, resolved)
                break
        self._resolve_cache[ck] = result
        return result

    def rules_for(self, region: str, on: date) -> tuple[Attributed, ...]:
        """The rules that apply in ``region`` on ``on`` (nearest region wins), in dependency order."""
        ck = (region, on)
        if ck in self._rules_cache:
            return self._rules_cache[ck]
        chain = self.chain(region)
        chosen: dict[str, Attributed] = {}
        ids = sorted({rid for rid, _ in self.rules})
        for rid in ids:
            for r in chain:
                hit = next((a for a in self.rules.get((rid, r), ()) if a.item.in_force(on)), None)
                if hit is not None:
                    chosen[rid] = hit
                    break
        ordered: list[Attributed] = []
        state: dict[str, int] = {}

        def visit(rid: str, path: tuple[str, ...]) -> None:
            if state.get(rid) == 2 or rid not in chosen:
                return
            if state.get(rid) == 1:
                raise RegistryError("rule dependency cycle: " + " -> ".join((*path, rid)))
            state[rid] = 1
            r: Rule = chosen[rid].item
            deps = r.condition.refs() | (r.amount.refs() if r.amount else set())
            for d in sorted(deps):
                visit(d, (*path, rid))
            state[rid] = 2
            ordered.append(chosen[rid])

        kind_order = {"cohort": 0, "risk": 1, "measure": 2}
        for rid in sorted(chosen, key=lambda x: (kind_order[x.split(".")[0]], x)):
            visit(rid, ())
        result = tuple(ordered)
        self._rules_cache[ck] = result
        return result

    def parameter_set(self, region: str, on: date) -> list[ResolvedParameter]:
        """Every parameter value in force for the region on the date."""
        out = []
        for key in sorted(self.specs):
            res = self.resolve(key, region, on)
            if res is not None:
                out.append(res.resolved)
        return out

    @lru_cache(maxsize=4096)  # noqa: B019 - the registry lives as long as its cache should
    def parameter_set_hash(self, region: str, on: date) -> str:
        """SHA-256 over the resolved parameter set and the rule set in force (reproducibility stamp)."""
        payload = {
            "parameters": [p.model_dump(mode="json") for p in self.parameter_set(region, on)],
            "rules": [(a.item.id, a.item.region, a.plugin) for a in self.rules_for(region, on)],
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()

    def plugin_versions(self, names: Iterable[str]) -> tuple[PluginVersion, ...]:
        """Name, version and distribution of each named plugin (params files have no version)."""
        out = []
        for n in sorted(set(names)):
            info = self.plugin_set.plugins.get(n)
            out.append(PluginVersion(name=n, version=info.version if info else None,
                                     distribution=info.distribution if info else None))
        return tuple(out)

    def documents_for(self, region: str) -> list[Document]:
        """Documents cited by the rules, values and events of the region's chain."""
        chain = set(self.chain(region))
        ids: set[str] = set()
        for (_rid, r), items in self.rules.items():
            if r in chain:
                for a in items:
                    ids.update(c.document for c in a.item.citations)
        for (_k, r), items in self.values.items():
            if r in chain:
                ids.update(a.item.citation.document for a in items)
        return [self.documents[i] for i in sorted(ids) if i in self.documents]

    def events_for(self, region: str, *, inherited: bool = True) -> list[CalendarEvent]:
        regions = set(self.chain(region)) if inherited else {region}
        return [a.item for a in self.events if a.item.region in regions]

    def indicators_for(self, region: str, *, inherited: bool = True) -> list[Indicator]:
        regions = set(self.chain(region)) if inherited else {region}
        return [a.item for a in self.indicators if a.item.region in regions]

    @property
    def failures(self) -> list[PluginFailure]:
        return self.plugin_set.failures


def _check_kind(spec: ParameterSpec, value: Any, where: str) -> None:
    from decimal import Decimal

    ok = {
        "money": isinstance(value, Decimal) and value == value.quantize(Decimal("0.01")),
        "ratio": isinstance(value, Decimal) and Decimal(0) <= value <= Decimal(1),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "codes": isinstance(value, tuple) and all(isinstance(v, str) for v in value),
    }[spec.kind]
    if not ok:
        raise RegistryError(f"{where}: value does not match the declared kind {spec.kind!r}")
    if spec.kind == "codes" and spec.allowed_codes is not None:
        unknown = sorted(set(value) - set(spec.allowed_codes))
        if unknown:
            raise RegistryError(f"{where}: unknown codes {unknown}; allowed: {list(spec.allowed_codes)}")


def build_registry(
    plugins: Sequence[str | ModuleType | object] | None = None,
    *,
    autoload: bool | None = None,
    only: Iterable[str] | None = None,
    params: Sequence[Any] = (),
    strict: bool = False,
) -> Registry:
    """Load plugins and build a :class:`Registry`.

    Args:
        plugins: extra plugins (module paths, modules or objects), e.g. for tests.
        autoload: load the ``xianjie`` entry-point group (built-in regions and third-party plugins).
        only: restrict autoloaded entry points to these names.
        params: office-supplied values: paths to TOML/JSON parameter files or
            :class:`~xianjie.params.ParameterFile` objects (see :mod:`xianjie.params`).
        strict: make any plugin failure an error instead of disabling that plugin.
    """
    ps = load_plugins(plugins, autoload=autoload, only=only)
    files = [p if isinstance(p, ParameterFile) else load_parameter_file(p) for p in params]
    return Registry(ps, strict=strict, param_files=files)


_default: Registry | None = None


def default_registry() -> Registry:
    """A process-wide registry with autoloaded plugins (built lazily, once)."""
    global _default
    if _default is None:
        _default = build_registry()
    return _default


Builder = Callable[[], Registry]
