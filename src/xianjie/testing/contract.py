"""A conformance kit for region plugins: subclass :class:`RegionPluginContract` in your own tests.

Modelled on pandas' ``tests/extension/base`` and fsspec's ``tests/abstract``: the base class holds the tests,
your subclass supplies fixtures. The only required fixture is ``plugin_module``::

    import pytest
    import xianjie_region_shili
    from xianjie.testing.contract import RegionPluginContract

    class TestShili(RegionPluginContract):
        @pytest.fixture
        def plugin_module(self):
            return xianjie_region_shili

        @pytest.fixture
        def required_plugins(self):          # plugins that declare your parent regions (besides CN)
            return ["xianjie.regions.hunan"]

Optional fixtures: ``required_plugins``, ``params`` (office parameter files), ``example_households`` (or
``example_households_path``; by default an ``EXAMPLE_HOUSEHOLDS`` attribute of the plugin module or a
``households.jsonl`` beside it), ``evaluation_dates`` and ``max_examples``.

Every test calls a ``check_*`` function of this module, which you can also call directly; each raises
:class:`ContractError` (an ``AssertionError``) listing *every* problem it found and how to fix it.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.metadata as md
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from .. import hookspecs
from ..errors import InputError, RegistryError, field_errors
from ..models import CalendarEvent, Document, Household, Indicator, ParameterSpec, ParameterValue, Region
from ..registry import Registry, build_registry
from ..rules.rule import Rule

__all__ = [
    "ContractError",
    "Declarations",
    "RegionPluginContract",
    "check_calendar",
    "check_citations",
    "check_example_households",
    "check_generated_households",
    "check_parent_chains",
    "check_records_validate",
    "check_registry_alone",
    "check_registry_with_builtins",
    "check_validity_periods",
    "declarations",
    "load_example_households",
]

HOOKS: dict[str, type[BaseModel]] = {
    "xianjie_regions": Region,
    "xianjie_documents": Document,
    "xianjie_parameter_specs": ParameterSpec,
    "xianjie_parameters": ParameterValue,
    "xianjie_rules": Rule,
    "xianjie_calendar_events": CalendarEvent,
    "xianjie_indicators": Indicator,
}
_KNOWN_HOOKS = sorted(n for n in dir(hookspecs) if n.startswith("xianjie_"))
_TRANSITION = (date(2021, 1, 1), date(2025, 12, 31))

Plugin = str | ModuleType | object


class ContractError(AssertionError):
    """A plugin breaks the contract; ``problems`` lists each problem with what to fix."""

    def __init__(self, what: str, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(f"{what}:\n" + "\n".join(f"  - {p}" for p in self.problems))


def _raise(what: str, problems: Sequence[str]) -> None:
    if problems:
        raise ContractError(what, problems)


def _load(plugin: Plugin) -> Any:
    return importlib.import_module(plugin) if isinstance(plugin, str) else plugin


def _name(plugin: Plugin) -> str:
    if isinstance(plugin, str):
        return plugin
    return str(getattr(plugin, "__name__", None) or type(plugin).__name__)


@dataclass
class Declarations:
    """What one plugin declares, validated, plus the problems met while collecting it."""

    name: str
    regions: list[Region] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    specs: list[ParameterSpec] = field(default_factory=list)
    values: list[ParameterValue] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    events: list[CalendarEvent] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def cited(self) -> list[tuple[str, list[Any]]]:
        """(label, citations) of every value, rule, event and indicator."""
        out: list[tuple[str, list[Any]]] = []
        out += [(f"parameter {v.key} ({v.region}, from {v.valid_from})", [v.citation]) for v in self.values]
        out += [(f"rule {r.id} ({r.region})", list(r.citations)) for r in self.rules]
        out += [(f"calendar event {e.id} ({e.region})", [e.citation]) for e in self.events]
        out += [(f"indicator {i.id} ({i.region})", [i.citation]) for i in self.indicators]
        return out


_ATTR = {"xianjie_regions": "regions", "xianjie_documents": "documents", "xianjie_parameter_specs": "specs",
         "xianjie_parameters": "values", "xianjie_rules": "rules", "xianjie_calendar_events": "events",
         "xianjie_indicators": "indicators"}


def declarations(plugin: Plugin) -> Declarations:
    """Call each hook the plugin implements and validate what it yields (never raises for bad data)."""
    obj = _load(plugin)
    out = Declarations(_name(obj))
    for attr in dir(obj):
        if attr.startswith("xianjie_") and attr not in _KNOWN_HOOKS and callable(getattr(obj, attr, None)):
            hint = difflib.get_close_matches(attr, _KNOWN_HOOKS, n=1)
            out.problems.append(f"{attr} is not a xianjie hook, so it is never called"
                                + (f": rename it to {hint[0]}" if hint else f"; hooks are {_KNOWN_HOOKS}"))
    for hook, model in HOOKS.items():
        fn = getattr(obj, hook, None)
        if fn is None:
            continue
        if not hasattr(fn, "xianjie_impl"):
            out.problems.append(f"{hook} is not marked as a hook implementation: decorate it with "
                                "@xianjie.hookimpl")
        try:
            items = list(fn() or ())
        except Exception as exc:
            out.problems.append(f"{hook}() raised {type(exc).__name__}: {exc} — hooks must only yield records")
            continue
        for i, item in enumerate(items):
            if isinstance(item, model):
                getattr(out, _ATTR[hook]).append(item)
                continue
            try:
                getattr(out, _ATTR[hook]).append(model.model_validate(item))
            except ValidationError as exc:
                errs = "; ".join(f"{e.field}: {e.message_en}" for e in field_errors(exc))
                out.problems.append(f"{hook} item {i} is not a valid {model.__name__} ({errs}): yield "
                                    f"{model.__name__}(...) records with every required field")
    return out


def _context(required_plugins: Sequence[Plugin]) -> list[Declarations]:
    base = [declarations("xianjie.policies")]
    return base + [declarations(p) for p in required_plugins if _name(p) not in ("xianjie.policies", "national")]


# ---------------------------------------------------------------------------------------------------------
# Static checks on the declarations
# ---------------------------------------------------------------------------------------------------------


def check_records_validate(plugin: Plugin) -> Declarations:
    """Every hook is a known, marked hook; every record it yields validates; the plugin declares a region."""
    d = declarations(plugin)
    problems = list(d.problems)
    if not d.regions and not problems:
        problems.append("the plugin declares no region: a region plugin yields at least one Region from "
                        "xianjie_regions (with parent set to an existing region)")
    _raise(f"plugin {d.name}: records do not validate", problems)
    return d


def check_citations(plugin: Plugin, *, required_plugins: Sequence[Plugin] = (),
                    extra_documents: Iterable[str] = ()) -> None:
    """Every value, rule, calendar event and indicator cites at least one clause of a declared document."""
    d = declarations(plugin)
    known = {doc.id for doc in d.documents} | set(extra_documents)
    for ctx in _context(required_plugins):
        known |= {doc.id for doc in ctx.documents}
    problems = []
    for label, cites in d.cited():
        if not cites:
            problems.append(f"{label} has no citation: cite the document and clause it comes from")
        for c in cites:
            if c.document not in known:
                problems.append(f"{label} cites document {c.document!r}, which no plugin declares: add a "
                                f"Document(id={c.document!r}, ...) to your xianjie_documents hook (or fix the id)")
    _raise(f"plugin {d.name}: uncited records", problems)


def check_parent_chains(plugin: Plugin, *, required_plugins: Sequence[Plugin] = ()) -> None:
    """Each region's parent chain reaches ``CN`` through declared regions, without cycles, and every record
    names a declared region."""
    d = declarations(plugin)
    parents: dict[str, str | None] = {}
    for ctx in _context(required_plugins):
        parents.update({r.id: r.parent for r in ctx.regions})
    parents.update({r.id: r.parent for r in d.regions})
    problems = []
    for r in d.regions:
        seen: list[str] = []
        cur: str | None = r.id
        while cur is not None and cur != "CN":
            if cur in seen:
                problems.append(f"region {r.id}: its parent chain loops ({' -> '.join([*seen, cur])}); fix the "
                                "parent fields")
                break
            seen.append(cur)
            if cur not in parents:
                problems.append(
                    f"region {r.id}: parent {cur!r} is not declared (chain {' -> '.join(seen)}); set "
                    "Region.parent to a region your plugin declares or to one declared by a plugin listed "
                    "in required_plugins (e.g. 'xianjie.regions.hunan' for '430000'), ending at 'CN'")
                break
            cur = parents[cur]
    declared = set(parents)
    for label, region in ([(f"parameter {v.key}", v.region) for v in d.values]
                          + [(f"rule {x.id}", x.region) for x in d.rules]
                          + [(f"calendar event {e.id}", e.region) for e in d.events]
                          + [(f"indicator {i.id}", i.region) for i in d.indicators]):
        if region not in declared:
            problems.append(f"{label} is for region {region!r}, which is not declared: declare the region "
                            "or use one of yours")
    _raise(f"plugin {d.name}: regions do not reach CN", problems)


def _period(start: date, end: date | None) -> str:
    return f"{start}–{end or 'open'}"


def check_validity_periods(plugin: Plugin) -> None:
    """No two values of one key, rules of one id, or events of one id in one region overlap in time."""
    d = declarations(plugin)
    problems = []
    values: dict[tuple[str, str], list[ParameterValue]] = {}
    for v in d.values:
        values.setdefault((v.key, v.region), []).append(v)
    for (key, region), vs in values.items():
        for i, a in enumerate(vs):
            for b in vs[i + 1:]:
                if a.overlaps(b):
                    problems.append(
                        f"parameter {key} for region {region}: values valid {_period(a.valid_from, a.valid_until)} "
                        f"({a.citation.short()}) and {_period(b.valid_from, b.valid_until)} ({b.citation.short()}) "
                        "overlap: end the earlier one (valid_until) the day before the later one starts")
    rules: dict[tuple[str, str], list[Rule]] = {}
    for r in d.rules:
        rules.setdefault((r.id, r.region), []).append(r)
    for (rid, region), rs in rules.items():
        for i, ra in enumerate(rs):
            for rb in rs[i + 1:]:
                if ra.overlaps(rb):
                    problems.append(
                        f"rule {rid} for region {region}: versions valid {_period(ra.valid_from, ra.valid_until)} "
                        f"and {_period(rb.valid_from, rb.valid_until)} overlap: give the earlier version a "
                        "valid_until before the later one's valid_from")
    seen: set[tuple[str, str]] = set()
    for e in d.events:
        if (e.region, e.id) in seen:
            problems.append(f"calendar event {e.id} is declared twice for region {e.region}: give each a unique id")
        seen.add((e.region, e.id))
    docs = {doc.id: doc for doc in d.documents}
    for v in d.values:
        doc = docs.get(v.citation.document)
        if doc is not None and v.valid_from < doc.valid_from:
            problems.append(f"parameter {v.key} ({v.region}) starts {v.valid_from}, before its document "
                            f"{doc.id} ({doc.valid_from}): a value cannot apply before the document setting it")
    _raise(f"plugin {d.name}: overlapping validity periods", problems)


def check_calendar(plugin: Plugin, *, horizon_years: int = 5) -> None:
    """Each calendar event occurs at least once, only inside its validity, and survives iCalendar export
    and re-import (:func:`xianjie.calendars.to_ics` / :func:`~xianjie.calendars.parse_ics`)."""
    from ..calendars import occurrences, parse_ics, to_ics

    d = declarations(plugin)
    problems = []
    for ev in d.events:
        end = ev.valid_until or ev.first_date + timedelta(days=365 * horizon_years)
        try:
            occ = occurrences([ev], ev.first_date, end)
        except Exception as exc:
            problems.append(f"calendar event {ev.id}: its rrule {ev.rrule!r} does not expand "
                            f"({type(exc).__name__}: {exc}); write an RFC 5545 RRULE body such as "
                            "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1")
            continue
        if not occ:
            problems.append(f"calendar event {ev.id} never occurs between {ev.first_date} and {end}: check its "
                            "rrule and first_date")
            continue
        for o in occ:
            if o.start < ev.first_date or (ev.valid_until is not None and o.start > ev.valid_until):
                problems.append(f"calendar event {ev.id} occurs on {o.start}, outside its validity "
                                f"{_period(ev.first_date, ev.valid_until)}: first_date must be the first occurrence")
        expected = sorted(((o.region, o.event_id, o.start, o.end) for o in occ), key=lambda t: (t[2], t[0], t[1]))
        try:
            back = parse_ics(to_ics(occ, name=f"contract {ev.id}"))
        except Exception as exc:
            problems.append(f"calendar event {ev.id}: iCalendar export failed ({type(exc).__name__}: {exc})")
            continue
        if back != expected:
            problems.append(f"calendar event {ev.id}: occurrences change in an iCalendar round trip "
                            f"({len(expected)} exported, {len(back)} read back differently)")
    _raise(f"plugin {d.name}: calendar problems", problems)


# ---------------------------------------------------------------------------------------------------------
# Registry checks
# ---------------------------------------------------------------------------------------------------------


def _plugin_names(plugin: Plugin) -> set[str]:
    name = _name(plugin)
    names = {name, name.removeprefix("xianjie.regions."), name.replace("xianjie.policies", "national")}
    names |= {ep.name for ep in md.entry_points(group="xianjie") if ep.value == name}
    return names


def check_registry_alone(plugin: Plugin, *, required_plugins: Sequence[Plugin] = (),
                         params: Sequence[Any] = ()) -> Registry:
    """The registry builds, strictly, from the national rules, ``required_plugins`` and this plugin only."""
    d = declarations(plugin)
    try:
        reg = build_registry(plugins=[*required_plugins, _load(plugin)], autoload=False, params=params,
                             strict=True)
    except (RegistryError, InputError) as exc:
        raise ContractError(f"plugin {d.name}: the registry does not build with this plugin alone", [
            f"{exc}  (fix the declaration named; if it depends on another plugin's region, document or "
            "parameter, list that plugin in required_plugins)"]) from None
    missing = [r.id for r in d.regions if r.id not in reg.regions]
    _raise(f"plugin {d.name}: regions missing from the registry", [f"region {m} was not registered" for m in missing])
    return reg


def check_registry_with_builtins(plugin: Plugin, *, required_plugins: Sequence[Plugin] = (),
                                 params: Sequence[Any] = ()) -> Registry:
    """The registry builds with every installed plugin (``autoload=True``) plus this one, without a conflict
    and without this plugin being disabled."""
    d = declarations(plugin)
    autoloaded = {ep.value for ep in md.entry_points(group="xianjie")}
    extra = [p for p in [*required_plugins, _load(plugin)] if _name(p) not in autoloaded]
    try:
        reg = build_registry(plugins=extra, autoload=True, params=params)
    except (RegistryError, InputError) as exc:
        raise ContractError(f"plugin {d.name}: conflicts with the installed plugins", [
            f"{exc}  (a region, document id, parameter or rule clashes with another plugin: rename yours, or "
            "set overrides=True where you deliberately replace an ancestor's value or rule)"]) from None
    names = _plugin_names(plugin)
    mine = [f for f in reg.failures if f.plugin in names]
    _raise(f"plugin {d.name}: disabled when loaded with the installed plugins",
           [f"{f.error_type}: {f.message}" for f in mine])
    missing = [r.id for r in d.regions if r.id not in reg.regions]
    _raise(f"plugin {d.name}: regions missing with the installed plugins",
           [f"region {m} is not registered (is the plugin's entry point broken?)" for m in missing])
    return reg


# ---------------------------------------------------------------------------------------------------------
# Households
# ---------------------------------------------------------------------------------------------------------


def load_example_households(path: str | Path) -> list[dict[str, Any]]:
    """Read example households from a JSON Lines file (one household per line) or a JSON list."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    if p.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    data = json.loads(text)
    return list(data) if isinstance(data, list) else [data]


def check_example_households(households: Sequence[Household | dict[str, Any]], *, dates: Sequence[date],
                             registry: Registry) -> None:
    """Every example validates and evaluates on every date without an exception; each conclusion that is not
    "ineligible" cites a clause of a declared document; decisions are deterministic, JSON-stable and have
    exact, non-negative amounts."""
    from ..engine import evaluate
    from .properties import check_amounts, check_cited, check_json_round_trip

    problems = []
    if not households:
        problems.append("no example households: supply a few through the example_households fixture (or "
                        "example_households_path / EXAMPLE_HOUSEHOLDS / households.jsonl beside the module)")
    for i, raw in enumerate(households):
        try:
            h = raw if isinstance(raw, Household) else Household.model_validate(raw)
        except ValidationError as exc:
            errs = "; ".join(f"{e.field}: {e.message_en}" for e in field_errors(exc))
            problems.append(f"example household {i} does not validate: {errs}")
            continue
        for on in dates:
            try:
                dec = evaluate(h, on=on, registry=registry)
                for check in (check_json_round_trip, check_amounts):
                    check(dec)
                check_cited(dec, registry)
                if evaluate(h, on=on, registry=registry) != dec:
                    problems.append(f"example household {i} on {on}: two evaluations differ")
            except AssertionError as exc:
                problems.append(f"example household {i} on {on}: {exc}")
            except Exception as exc:
                problems.append(f"example household {i} on {on}: evaluation raised {type(exc).__name__}: {exc}")
    _raise("example households", problems)


def check_generated_households(regions: Iterable[str], *, dates: Sequence[date], registry: Registry,
                               max_examples: int = 6, max_paths: int | None = 25) -> None:
    """The property checks of :mod:`xianjie.testing.properties` hold for generated households of each
    region on each date (hypothesis prints the failing household)."""
    from .properties import property_test

    for region in regions:
        for on in dates:
            property_test(region=region, on=on, registry=registry, max_examples=max_examples,
                          max_paths=max_paths)()


def default_evaluation_dates(plugin: Plugin) -> list[date]:
    """Dates to evaluate on: the start (and end) of each of the plugin's documents, within 2021-2025."""
    d = declarations(plugin)
    lo, hi = _TRANSITION
    picked: set[date] = set()
    for doc in d.documents:
        picked.add(min(max(doc.valid_from, lo), hi))
        if doc.valid_until is not None:
            picked.add(min(max(doc.valid_until, lo), hi))
    ordered = sorted(picked) or [date(2021, 10, 1)]
    return sorted({ordered[0], ordered[len(ordered) // 2], ordered[-1]})


# ---------------------------------------------------------------------------------------------------------
# The base test class
# ---------------------------------------------------------------------------------------------------------


class RegionPluginContract:
    """Inherit from this in a ``Test*`` class and override ``plugin_module``; the tests come with it."""

    @pytest.fixture
    def plugin_module(self) -> Any:
        """Your plugin: a module (or object) with ``@xianjie.hookimpl`` functions. Must be overridden."""
        raise NotImplementedError(
            "override the plugin_module fixture in your RegionPluginContract subclass to return your plugin "
            "module, e.g. `@pytest.fixture\ndef plugin_module(self): return xianjie_region_x`")

    @pytest.fixture
    def required_plugins(self) -> Sequence[Plugin]:
        """Plugins declaring your parent regions or documents you cite (the national rules are implied)."""
        return ()

    @pytest.fixture
    def params(self) -> Sequence[Any]:
        """Office parameter files (paths or ParameterFile) to build registries with."""
        return ()

    @pytest.fixture
    def example_households_path(self, plugin_module: Any) -> Path | None:
        """A ``.jsonl``/``.json`` file of example households; default ``households.jsonl`` beside the module."""
        f = getattr(plugin_module, "__file__", None)
        if f is None:
            return None
        p = Path(f).with_name("households.jsonl")
        return p if p.exists() else None

    @pytest.fixture
    def example_households(self, plugin_module: Any, example_households_path: Path | None
                           ) -> Sequence[Household | dict[str, Any]]:
        """Example households (default: ``EXAMPLE_HOUSEHOLDS`` of the module, else the path above)."""
        attr = getattr(plugin_module, "EXAMPLE_HOUSEHOLDS", None)
        if attr is not None:
            return list(attr)
        return load_example_households(example_households_path) if example_households_path else []

    @pytest.fixture
    def evaluation_dates(self, plugin_module: Any) -> Sequence[date]:
        """Evaluation dates (default: :func:`default_evaluation_dates`)."""
        return default_evaluation_dates(plugin_module)

    @pytest.fixture
    def max_examples(self) -> int:
        """Generated households per region and date for the property test."""
        return 6

    @pytest.fixture
    def contract_registry(self, plugin_module: Any, required_plugins: Sequence[Plugin],
                          params: Sequence[Any]) -> Registry:
        return check_registry_alone(plugin_module, required_plugins=required_plugins, params=params)

    # ---- the inherited tests ----------------------------------------------------------------------------
    def test_records_validate(self, plugin_module: Any) -> None:
        check_records_validate(plugin_module)

    def test_everything_is_cited(self, plugin_module: Any, required_plugins: Sequence[Plugin],
                                 params: Sequence[Any]) -> None:
        from ..params import ParameterFile, load_parameter_file

        files = [p if isinstance(p, ParameterFile) else load_parameter_file(p) for p in params]
        check_citations(plugin_module, required_plugins=required_plugins,
                        extra_documents=[doc.id for f in files for doc in f.documents])

    def test_parent_chain_reaches_cn(self, plugin_module: Any, required_plugins: Sequence[Plugin]) -> None:
        check_parent_chains(plugin_module, required_plugins=required_plugins)

    def test_no_overlapping_validity_periods(self, plugin_module: Any) -> None:
        check_validity_periods(plugin_module)

    def test_calendar_events(self, plugin_module: Any) -> None:
        check_calendar(plugin_module)

    def test_registry_builds_alone(self, plugin_module: Any, required_plugins: Sequence[Plugin],
                                   params: Sequence[Any]) -> None:
        check_registry_alone(plugin_module, required_plugins=required_plugins, params=params)

    def test_registry_builds_with_installed_plugins(self, plugin_module: Any,
                                                    required_plugins: Sequence[Plugin]) -> None:
        # Without the params fixture: test-only office values (often set at CN) are not what is checked here.
        check_registry_with_builtins(plugin_module, required_plugins=required_plugins)

    def test_example_households_evaluate(self, example_households: Sequence[Household | dict[str, Any]],
                                         evaluation_dates: Sequence[date], contract_registry: Registry) -> None:
        check_example_households(example_households, dates=evaluation_dates, registry=contract_registry)

    def test_properties_hold_for_generated_households(self, plugin_module: Any, evaluation_dates: Sequence[date],
                                                      contract_registry: Registry, max_examples: int) -> None:
        regions = [r.id for r in declarations(plugin_module).regions]
        check_generated_households(regions, dates=evaluation_dates, registry=contract_registry,
                                   max_examples=max_examples)
