"""Reusable property checks for eligibility rules: run them against your own rules, regions and data.

Each check is a plain function that raises :class:`AssertionError` with a message saying what broke and
where to look; call them from any test, or let :func:`property_test` run them all under ``@given``::

    from datetime import date
    import xianjie
    from xianjie.testing.properties import property_test

    REG = xianjie.build_registry(autoload=False, params=["my_params.toml"])
    test_national_properties = property_test(region="CN", on=date(2021, 10, 1), registry=REG)

The checks:

* :func:`check_deterministic` — the same household, date and registry always give the same decision, with
  or without explanations;
* :func:`check_json_round_trip` — ``Decision.model_validate_json(d.model_dump_json()) == d``;
* :func:`check_cited` — no award without a citation, and every citation names a declared document;
* :func:`check_amounts` — amounts are non-negative, exact to the fen, only on determined eligible measures,
  and a member-level total equals the sum of its members' amounts;
* :func:`check_income_monotone` — less income never loses an income-tested conclusion;
* :func:`check_missing_is_undetermined` — removing an input a rule reads turns an eligible/ineligible
  conclusion into the same outcome or "undetermined" (naming what is missing), never the opposite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..engine import evaluate
from ..models import Conclusion, Decision, Household

if TYPE_CHECKING:
    from hypothesis import strategies as st

    from ..registry import Registry
    from ..rules.rule import Rule

__all__ = [
    "ALL_CHECKS",
    "INCOME_FIELDS",
    "INCOME_RISING_RULES",
    "check_all",
    "check_amounts",
    "check_cited",
    "check_deterministic",
    "check_income_monotone",
    "check_json_round_trip",
    "check_missing_is_undetermined",
    "income_tested_rules",
    "property_test",
]

FEN = Decimal("0.01")
#: Input fields that measure income: a rule reading one of these (directly, or through a rule it refers
#: to) is income-tested.
INCOME_FIELDS = frozenset({"income.annual_net_income", "per_capita_net_income"})
#: Rules that by design need income *above* a standard, so less income may end them (another measure takes
#: over): the 低保 gradual exit (渐退, e.g. Hunan 002 (十二)), from
#: :func:`xianjie.policies.social_assistance.dibao_gradual_exit_rule`. Exempt from the monotonicity check
#: by default; pass your own ``exempt=`` to change that.
INCOME_RISING_RULES = frozenset({"measure.dibao_gradual_exit"})

def _all(d: Decision) -> tuple[Conclusion, ...]:
    return (*d.cohorts, *d.risks, *d.measures)


def _where(h: Household, on: date) -> str:
    # household_id is pseudonymous by contract; names and identity numbers are never printed.
    return f"household {h.household_id!r} (region {h.region}, {len(h.members)} members) on {on}"


# ---------------------------------------------------------------------------------------------------------
# Checks on one decision
# ---------------------------------------------------------------------------------------------------------


def check_json_round_trip(decision: Decision) -> None:
    """The decision survives JSON: ``Decision.model_validate_json(d.model_dump_json()) == d``."""
    back = Decision.model_validate_json(decision.model_dump_json())
    if back != decision:
        diff = [c.id for c, b in zip(_all(decision), _all(back), strict=False) if c != b]
        raise AssertionError(
            f"decision for household {decision.household_id!r} changes in a JSON round trip "
            f"(conclusions that differ: {diff or 'top-level fields'}); a value in it is not JSON-stable — "
            "use Decimal for money, date for dates and tuples for lists")


def check_cited(decision: Decision, registry: Registry | None = None) -> None:
    """No award without a citation: every conclusion that is not "ineligible" cites at least one clause,
    and (given a registry) every cited document is declared."""
    problems = []
    for c in _all(decision):
        if c.outcome != "ineligible" and not c.citations:
            problems.append(f"{c.id} is {c.outcome} but cites nothing: give the rule citations=(Citation(...),)")
        if registry is not None:
            for cit in c.citations:
                if cit.document not in registry.documents:
                    problems.append(f"{c.id} cites undeclared document {cit.document!r}: declare it with "
                                    "the xianjie_documents hook")
        if c.explanation is not None and c.outcome == "eligible":
            for p in c.explanation.parameters:
                if not p.citation.clause:
                    problems.append(f"{c.id} uses parameter {p.key} without a clause")
    if problems:
        raise AssertionError(f"household {decision.household_id!r}: " + "; ".join(problems))


def check_amounts(decision: Decision) -> None:
    """Amounts are non-negative and exact to the fen; only determined, eligible measures carry one; a
    member-level measure's amount is the sum of its members' amounts."""
    problems = []
    for c in decision.measures:
        for label, amount in [(c.id, c.amount)] + [(f"{c.id} member {m.member_index}", m.amount)
                                                   for m in c.members]:
            if amount is None:
                continue
            if amount < 0:
                problems.append(f"{label}: negative amount {amount} (amounts are benefits, never charges)")
            if amount != amount.quantize(FEN):
                problems.append(f"{label}: amount {amount} is not exact to the fen: round with "
                                "xianjie.rules.money.quantize")
        if c.amount is not None and (c.outcome != "eligible" or c.amount_outcome != "determined"):
            problems.append(f"{c.id}: amount given although outcome={c.outcome}, amount_outcome={c.amount_outcome}")
        if c.amount is not None and c.members:
            total = sum((m.amount for m in c.members if m.amount is not None), Decimal(0))
            if total != c.amount:
                problems.append(f"{c.id}: household amount {c.amount} differs from the members' sum {total}")
    if problems:
        raise AssertionError(f"household {decision.household_id!r}: " + "; ".join(problems))


# ---------------------------------------------------------------------------------------------------------
# Checks on one household (they evaluate, and re-evaluate changed copies)
# ---------------------------------------------------------------------------------------------------------


def check_deterministic(household: Household, *, on: date, registry: Registry) -> None:
    """Evaluating twice gives equal decisions, and outcomes do not depend on ``explain``."""
    a = evaluate(household, on=on, registry=registry)
    b = evaluate(household, on=on, registry=registry)
    if a != b:
        diff = [x.id for x, y in zip(_all(a), _all(b), strict=False) if x != y]
        raise AssertionError(f"{_where(household, on)}: two evaluations differ in {diff or 'metadata'}; a rule "
                             "or plugin depends on hidden state (time, randomness, a mutable global)")
    quiet = evaluate(household, on=on, registry=registry, explain=False)
    loud = {c.id: (c.outcome, c.amount) for c in _all(a)}
    for c in _all(quiet):
        if loud.get(c.id) != (c.outcome, c.amount):
            raise AssertionError(f"{_where(household, on)}: {c.id} is {loud.get(c.id)} with explanations but "
                                 f"{(c.outcome, c.amount)} without: outcomes must not depend on explain=")


def _rule_index(registry: Registry, region: str, on: date) -> dict[str, Rule]:
    return {a.item.id: a.item for a in registry.rules_for(region, on)}


def _reads(rule: Rule, index: dict[str, Rule], seen: frozenset[str] = frozenset()) -> set[str]:
    """Input fields a rule reads, following the rules it refers to."""
    out = set(rule.condition.inputs())
    for ref in rule.condition.refs():
        if ref in index and ref not in seen:
            out |= _reads(index[ref], index, seen | {rule.id})
    return out


def income_tested_rules(registry: Registry, region: str, on: date) -> list[str]:
    """Ids of the rules in force that read income (directly or through a rule they refer to)."""
    index = _rule_index(registry, region, on)
    return sorted(rid for rid, r in index.items() if _reads(r, index) & INCOME_FIELDS)


def check_income_monotone(household: Household, *, on: date, registry: Registry,
                          rule_ids: Iterable[str] | None = None, exempt: Iterable[str] = INCOME_RISING_RULES,
                          cuts: Sequence[Decimal] = (FEN, Decimal("100.00"), Decimal("5000.00"))) -> None:
    """Less income never loses a benefit: lowering the household's net income by each of ``cuts`` keeps
    every eligible income-tested conclusion eligible.

    ``rule_ids`` defaults to :func:`income_tested_rules`; ``exempt`` lists rules designed to need more
    income (default :data:`INCOME_RISING_RULES`). Households without a net income are skipped (nothing to
    lower). Per-member conclusions are compared member by member.
    """
    net = household.income.annual_net_income
    if net is None:
        return
    ids = set(rule_ids if rule_ids is not None else income_tested_rules(registry, household.region, on))
    ids -= set(exempt)
    before = evaluate(household, on=on, registry=registry, explain=False)
    eligible = {c.id: c for c in _all(before) if c.id in ids and c.outcome == "eligible"}
    if not eligible:
        return
    for cut in cuts:
        lower = household.model_copy(update={"income": household.income.model_copy(
            update={"annual_net_income": net - cut})})
        after = {c.id: c for c in _all(evaluate(lower, on=on, registry=registry, explain=False))}
        for rid, c in eligible.items():
            a = after.get(rid)
            if a is None or a.outcome != "eligible":
                raise AssertionError(
                    f"{_where(household, on)}: {rid} is eligible with net income {net} but "
                    f"{a.outcome if a else 'absent'} with {net - cut} (income lowered by {cut}): less income "
                    "must never lose an income-tested benefit — check the direction of the income comparison "
                    "(< vs >) in the rule's condition")
            for mb, ma in zip(c.members, a.members, strict=False):
                if mb.outcome == "eligible" and ma.outcome != "eligible":
                    raise AssertionError(
                        f"{_where(household, on)}: {rid} member {mb.member_index} is eligible with net income "
                        f"{net} but {ma.outcome} with {net - cut}: less income must never lose a benefit")


def _concrete_paths(name: str, household: Household) -> list[str]:
    """Household/member input paths behind a field or derived feature name (only those provided)."""
    from ..rules.fields import DERIVED, MEMBER_FIELDS, lookup

    info = lookup(name)
    deps = info.depends_on if name in DERIVED else (name,)
    if name == "household_size":
        return []  # not removable: a household always has its members
    out: list[str] = []
    for dep in deps:
        if info.level == "member" or dep in MEMBER_FIELDS:
            out.extend(f"members.{i}.{dep}" for i in range(len(household.members)))
        else:
            out.append(dep)
    return [p for p in out if _get(household, p) is not None]


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
    return obj


def _without(household: Household, path: str) -> Household:
    data = household.model_dump()
    parts = path.split(".")
    cur: Any = data
    for p in parts[:-1]:
        cur = cur[int(p)] if p.isdigit() else cur[p]
    cur[parts[-1]] = None
    return Household.model_validate(data)


def check_missing_is_undetermined(household: Household, *, on: date, registry: Registry,
                                  rule_ids: Iterable[str] | None = None, max_paths: int | None = None) -> None:
    """Missing data makes a conclusion "undetermined", never the opposite outcome.

    For each input a rule reads (``Rule.condition.inputs()``, following referenced rules, mapped to the
    household's concrete paths such as ``members.1.birth_date``) that the household provides, the input is
    removed and the household re-evaluated: every conclusion that was eligible or ineligible must keep its
    outcome or become "undetermined" naming a missing field or parameter. ``max_paths`` bounds the work.
    """
    before = evaluate(household, on=on, registry=registry, explain=False)
    index = _rule_index(registry, household.region, on)
    wanted = set(rule_ids) if rule_ids is not None else set(index)
    paths: dict[str, set[str]] = {}
    for rid in sorted(wanted & set(index)):
        for name in sorted(_reads(index[rid], index)):
            for p in _concrete_paths(name, household):
                paths.setdefault(p, set()).add(rid)
    todo = sorted(paths)[:max_paths] if max_paths is not None else sorted(paths)
    determined = {c.id: c for c in _all(before) if c.outcome != "undetermined" and c.id in wanted}
    for path in todo:
        after = {c.id: c for c in _all(evaluate(_without(household, path), on=on, registry=registry,
                                                explain=False))}
        for rid, c in determined.items():
            a = after[rid]
            if a.outcome not in (c.outcome, "undetermined"):
                raise AssertionError(
                    f"{_where(household, on)}: {rid} is {c.outcome} with {path} given but {a.outcome} without "
                    "it: a missing input must make the conclusion 'undetermined', never flip it — test for "
                    "the value you need (field(...).eq(True)) rather than for the absence of its opposite")
            if a.outcome == "undetermined" and not (a.missing_fields or a.missing_parameters):
                raise AssertionError(
                    f"{_where(household, on)}: without {path}, {rid} is undetermined but names no missing "
                    "field or parameter: undetermined conclusions must say what is missing")


#: Every check, in the order :func:`check_all` runs them.
ALL_CHECKS: tuple[str, ...] = (
    "check_json_round_trip", "check_amounts", "check_cited", "check_deterministic", "check_income_monotone",
    "check_missing_is_undetermined")


def check_all(household: Household, *, on: date, registry: Registry,
              checks: Iterable[str] = ALL_CHECKS, max_paths: int | None = 40) -> Decision:
    """Run the named checks (default: all) on one household and return its decision."""
    names = list(checks)
    unknown = sorted(set(names) - set(ALL_CHECKS))
    if unknown:
        raise ValueError(f"unknown checks {unknown}; choose from {list(ALL_CHECKS)}")
    decision = evaluate(household, on=on, registry=registry)
    if "check_json_round_trip" in names:
        check_json_round_trip(decision)
    if "check_amounts" in names:
        check_amounts(decision)
    if "check_cited" in names:
        check_cited(decision, registry)
    if "check_deterministic" in names:
        check_deterministic(household, on=on, registry=registry)
    if "check_income_monotone" in names:
        check_income_monotone(household, on=on, registry=registry)
    if "check_missing_is_undetermined" in names:
        check_missing_is_undetermined(household, on=on, registry=registry, max_paths=max_paths)
    return decision


def property_test(*, region: str, on: date, registry: Registry,
                  households: st.SearchStrategy[Household] | None = None, checks: Iterable[str] = ALL_CHECKS,
                  max_examples: int = 25, max_paths: int | None = 40) -> Callable[[], None]:
    """A ready-made hypothesis test: ``test_x = property_test(region=..., on=..., registry=...)``.

    Draws households (default :func:`xianjie.testing.strategies.households` for the region, date and
    registry) and runs :func:`check_all` on each. ``deadline`` is off: the first example may build caches.
    """
    from hypothesis import HealthCheck, given, settings

    from .strategies import households as make_households

    strategy = households if households is not None else make_households(region=region, on=on, registry=registry)
    names = tuple(checks)

    @settings(max_examples=max_examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(household=strategy)
    def test_properties(household: Household) -> None:
        check_all(household, on=on, registry=registry, checks=names, max_paths=max_paths)

    test_properties.__name__ = f"test_properties_{region.replace('.', '_')}"
    return test_properties
