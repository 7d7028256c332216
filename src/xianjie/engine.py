"""The per-household engine: ``evaluate(household, on=...)`` → :class:`~xianjie.models.Decision`.

It walks the rule set that applies to the household's region on the date (nearest region wins, rules in
dependency order), evaluates each rule's expression with a trace, and turns traces into bilingual
explanations that cite the clauses and parameter values used. The batch engine (:mod:`xianjie.batch`)
evaluates the very same rule objects over columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ._version import __version__
from .errors import FieldError, InputError
from .models import Document, Household
from .models.built import built
from .models.decision import (
    Conclusion,
    Decision,
    DocumentStatus,
    Explanation,
    MemberConclusion,
    MissingParameter,
    Outcome,
    Provenance,
    ResolvedParameter,
    Step,
)
from .registry import Attributed, ParamResolution, Registry, default_registry
from .rules import expr as E
from .rules.fields import FieldInfo
from .rules.rule import Rule

__all__ = ["evaluate"]


@dataclass
class _State:
    household: Household
    on: date
    region: str
    registry: Registry
    results: dict[str, E.SV] = field(default_factory=dict)
    cache: dict[tuple[str, int | None], Any] = field(default_factory=dict)
    reads: dict[str, None] = field(default_factory=dict)
    params_used: dict[str, ParamResolution] = field(default_factory=dict)
    explain: bool = True
    member_contexts: list[_Ctx] = field(default_factory=list)


class _Ctx:
    """The :class:`~xianjie.rules.expr.ScalarContext` for one household (or one member of it)."""

    __slots__ = ("_s", "household", "member", "on")

    def __init__(self, state: _State, member: int | None = None) -> None:
        self._s = state
        self.household = state.household
        self.on = state.on
        self.member = member

    def read(self, info: FieldInfo) -> Any:
        m = self.member if info.level == "member" else None
        key = (info.name, m)
        s = self._s
        if key not in s.cache:
            s.cache[key] = info.read(s.household, m, s.on)
        if s.explain:
            s.reads[info.name if m is None else f"members.{m}.{info.name}"] = None
        return s.cache[key]

    def param(self, key: str) -> ParamResolution | None:
        res = self._s.registry.resolve(key, self._s.region, self._s.on)
        if res is not None:
            self._s.params_used[key] = res
        return res

    def param_label(self, key: str) -> tuple[str, str]:
        spec = self._s.registry.specs.get(key)
        return (spec.name_zh, spec.name_en) if spec else (key, key)

    def rule(self, rule_id: str) -> E.SV:
        return self._s.results.get(rule_id, E.UNKNOWN)

    def rule_label(self, rule_id: str) -> tuple[str, str]:
        return E.Ref(rule_id).label()

    def for_member(self, index: int) -> _Ctx:
        contexts = self._s.member_contexts  # made once per household: aggregates ask for them rule after rule
        if not contexts:
            contexts.extend(_Ctx(self._s, i) for i in range(len(self.household.members)))
        return contexts[index]


def _outcome(sv: E.SV) -> Outcome:
    if sv.value is None:
        return "undetermined"
    return "eligible" if sv.value else "ineligible"


def _missing_params(registry: Registry, keys: set[str] | frozenset[str], region: str, on: date
                    ) -> tuple[MissingParameter, ...]:
    out = []
    for k in sorted(keys):
        spec = registry.specs.get(k)
        zh, en = (spec.name_zh, spec.name_en) if spec else (k, k)
        out.append(MissingParameter(
            key=k, name_zh=zh, name_en=en, region=region, on=on,
            message_zh=f"{region} 在 {on.isoformat()} 没有配置参数“{zh}”({k})：文件未给出该值，须由部署单位提供(--params)",
            message_en=f"no value of {en} ({k}) is configured for region {region} on {on.isoformat()}: the "
                       "documents do not give it; the deploying office must supply it (--params)"))
    return tuple(out)


_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "measure": {"eligible": ("符合", "eligible"), "ineligible": ("不符合", "not eligible"),
                "undetermined": ("无法判定", "undetermined")},
    "risk": {"eligible": ("存在", "present"), "ineligible": ("不存在", "absent"),
             "undetermined": ("无法判定", "undetermined")},
    "cohort": {"eligible": ("属于", "belongs"), "ineligible": ("不属于", "does not belong"),
               "undetermined": ("无法判定是否属于", "undetermined")},
}


def _summary(state: _State, rule: Rule, outcome: Outcome, amount: Decimal | None) -> tuple[str, str]:
    """The conclusion in one sentence, citing the clauses. The sentence without the amount depends only on
    the rule and the outcome: made once per registry, kept with the rule itself (so that an ``id`` reused
    by another object can never give its sentence)."""
    cache: dict[tuple[int, str], tuple[Rule, str, str]] = state.registry.__dict__.setdefault(
        "_engine_summaries", {})
    key = (id(rule), outcome)
    kept = cache.get(key)
    if kept is None or kept[0] is not rule:
        zh_word, en_word = _WORDS[rule.kind][outcome]
        kept = cache[key] = (
            rule, f"{rule.name_zh}：{zh_word}(依据 {'；'.join(c.short() for c in rule.citations)})",
            f"{rule.name_en}: {en_word} (under {'; '.join(c.short() for c in rule.citations)})")
    _, zh, en = kept
    if amount is None:
        return zh, en
    return f"{zh}，金额 {amount:,.2f} 元", f"{en}, amount {amount:,.2f} yuan"


def _evaluate_rule(state: _State, att: Attributed, explain: bool) -> Conclusion:
    rule: Rule = att.item
    state.reads = {}
    state.params_used = {}
    ctx = _Ctx(state)
    trace: list[Step] | None = [] if explain else None
    members: list[MemberConclusion] = []
    amount: Decimal | None = None
    amount_outcome = "not_applicable"
    missing_f: set[str] = set()
    missing_p: set[str] = set()
    if rule.entity == "member":
        any_yes = any_unknown = False
        total = Decimal(0)
        amount_unknown = False
        for i, person in enumerate(state.household.members):
            mctx = ctx.for_member(i)
            mtrace: list[Step] | None = [] if explain else None
            sv = rule.condition.eval(mctx, mtrace)
            m_amount: Decimal | None = None
            m_missing = set(sv.missing_fields)
            if sv.value is True and rule.amount is not None:
                a = rule.amount.eval(mctx, mtrace)
                if a.known:
                    m_amount = a.value
                    total += a.value
                else:
                    amount_unknown = True
                    missing_p.update(a.missing_params)
                    m_missing.update(a.missing_fields)
            if sv.value is True:
                any_yes = True
            elif sv.value is None:
                any_unknown = True
                missing_p.update(sv.missing_params)
            missing_f |= m_missing
            members.append(built(MemberConclusion, {
                "member_index": i, "member_id": person.member_id, "outcome": _outcome(sv), "amount": m_amount,
                "missing_fields": tuple(sorted(m_missing))}))
            if trace is not None and mtrace is not None:
                trace.append(E.step(f"成员{i + 1}", f"member {i + 1}", "true" if sv.value is True else
                                    "false" if sv.value is False else "unknown", children=mtrace))
        sv_h = E.TRUE if any_yes else (E.UNKNOWN if any_unknown else E.FALSE)
        if any_yes and not any_unknown:
            missing_f = {f for m in members for f in m.missing_fields if m.outcome == "eligible"}
        if rule.amount is not None and any_yes:
            if amount_unknown or any_unknown:
                amount_outcome = "undetermined"
            else:
                amount_outcome = "determined"
                amount = total
        state.results[rule.id] = sv_h
        outcome = _outcome(sv_h)
    else:
        sv = rule.condition.eval(ctx, trace)
        state.results[rule.id] = sv
        outcome = _outcome(sv)
        if sv.value is None:
            missing_f.update(sv.missing_fields)
            missing_p.update(sv.missing_params)
        if sv.value is True and rule.amount is not None:
            a = rule.amount.eval(ctx, trace)
            if a.known:
                amount, amount_outcome = a.value, "determined"
            else:
                amount_outcome = "undetermined"
                missing_f.update(a.missing_fields)
                missing_p.update(a.missing_params)
    used = [p.resolved for p in state.params_used.values()]
    explanation = None
    if explain and trace is not None:
        zh, en = _summary(state, rule, outcome, amount)
        explanation = built(Explanation, {
            "rule_id": rule.id, "rule_region": rule.region, "summary_zh": zh, "summary_en": en,
            "steps": tuple(trace), "inputs": tuple(state.reads),
            "parameters": tuple(sorted(used, key=lambda p: p.key))})
    return built(Conclusion, {
        "id": rule.id, "kind": rule.kind, "name_zh": rule.name_zh, "name_en": rule.name_en, "outcome": outcome,
        "missing_fields": tuple(sorted(missing_f)),
        "missing_parameters": _missing_params(state.registry, missing_p, state.region, state.on),
        "citations": rule.citations, "category": rule.category, "benefit_kind": rule.benefit_kind,
        "amount": amount, "amount_unit": rule.amount_unit if rule.amount is not None else None,
        "amount_outcome": amount_outcome, "amount_note_zh": rule.amount_note_zh,
        "amount_note_en": rule.amount_note_en, "members": tuple(members), "explanation": explanation})


def _used_params(concs: list[Conclusion]) -> list[ResolvedParameter]:
    return [p for c in concs if c.explanation for p in c.explanation.parameters]


def evaluate(household: Household | dict[str, Any], *, on: date, registry: Registry | None = None,
             explain: bool = True) -> Decision:
    """Evaluate one household on a date: cohorts, risks and support measures, each explained and cited.

    Args:
        household: a :class:`~xianjie.models.Household` (or a dict, validated here).
        on: the evaluation date; ages, validity periods and parameters are taken as of this day.
        registry: the plugin registry (default: all installed plugins, no office parameters).
        explain: include explanations (traces, inputs, parameters). Outcomes are identical either way.

    Raises:
        InputError: the household fails validation or names a region no plugin declares.
    """
    from pydantic import ValidationError

    from .errors import field_errors

    if not isinstance(household, Household):
        try:
            household = Household.model_validate(household)
        except ValidationError as exc:
            raise InputError(field_errors(exc)) from None
    reg = registry or default_registry()
    if household.region not in reg.regions:
        raise InputError([FieldError(field="region", type="unknown_region", message_zh="未知的区划(没有插件声明该区划)",
                                     message_en="no plugin declares this region (see `xianjie regions`)")])
    state = _State(household, on, household.region, reg, explain=explain)
    concs = [_evaluate_rule(state, att, explain) for att in reg.rules_for(household.region, on)]
    ctx = _region_context(reg, household.region, on)
    # Warn about a document only where a conclusion that is not "ineligible" rests on documents none of
    # which governs the date: then the conclusion applies a rule outside its period and must be confirmed.
    stale: dict[str, None] = {}
    for conc in concs:
        if conc.outcome == "ineligible":
            continue
        cited_docs = [ctx.docs[c.document] for c in conc.citations if c.document in ctx.docs]
        if cited_docs and not any(d.in_force(on) for d in cited_docs):
            stale.update((d.id, None) for d in cited_docs)
    warnings = tuple(
        f"document {d} ({ctx.docs[d].title_zh}) governs {ctx.docs[d].valid_from}–{ctx.docs[d].valid_until or '…'}; "
        f"{on} is outside it, so conclusions resting on it apply the rule as written for that period — "
        "confirm them under the mechanism now in force" for d in stale)
    return Decision.model_construct(
        format="xianjie.decision/1",
        household_id=household.household_id, region=household.region, evaluation_date=on,
        cohorts=tuple(c for c in concs if c.kind == "cohort"), risks=tuple(c for c in concs if c.kind == "risk"),
        measures=tuple(c for c in concs if c.kind == "measure"), documents=ctx.doc_status, warnings=warnings,
        provenance=ctx.provenance)


@dataclass(frozen=True)
class _RegionContext:
    docs: dict[str, Document]
    doc_status: tuple[DocumentStatus, ...]
    provenance: Provenance


def _region_context(reg: Registry, region: str, on: date) -> _RegionContext:
    """Documents and provenance depend only on (region, date): computed once per registry and pair."""
    cache: dict[tuple[str, date], _RegionContext] = reg.__dict__.setdefault("_engine_region_ctx", {})
    key = (region, on)
    if key not in cache:
        docs = reg.documents_for(region)
        status = tuple(DocumentStatus(id=d.id, title_zh=d.title_zh, in_force=d.in_force(on),
                                      valid_from=d.valid_from, valid_until=d.valid_until) for d in docs)
        plugins = {a.plugin for a in reg.rules_for(region, on)}
        plugins |= {p.plugin for p in reg.parameter_set(region, on)}
        plugins |= {reg.region_plugin[r] for r in reg.chain(region)}
        prov = Provenance(library_version=__version__, plugins=reg.plugin_versions(plugins),
                          parameter_set_hash=reg.parameter_set_hash(region, on), region_chain=reg.chain(region))
        cache[key] = _RegionContext({d.id: d for d in docs}, status, prov)
    return cache[key]
