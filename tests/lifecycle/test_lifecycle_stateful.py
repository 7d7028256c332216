"""Stateful property tests: no event sequence ``advance`` accepts reaches an inconsistent state, every state is
explained by reasons citing declared documents, and a rejected event is the one the error names."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from test_lifecycle_regions import ASSISTED, EXIT, STABLE, TRACKING, case, registry

from xianjie.lifecycle import CaseState, LifecycleError, add_months, advance
from xianjie.registry import Registry

REG_CN = registry(params={TRACKING: ("CN", 12), STABLE: ("CN", 6), ASSISTED: ("CN", 3), EXIT: ("CN", 12)},
                  regions=False)
REG_REGIONS = registry()
TARGETS = [("CN", REG_CN), ("231222", REG_REGIONS), ("430000", REG_REGIONS), ("429006", REG_REGIONS)]

RISKS = ["illness", "disability", "disaster", "accident", "education", "housing", "water", "unemployment"]
risk_sets = st.frozensets(st.sampled_from(RISKS), max_size=3)
# Gaps chosen to cross month ends, the 2024 leap day, year ends and the 12-month tracking period.
gaps = st.sampled_from([0, 0, 1, 10, 29, 31, 59, 70, 180, 365, 366])
# Every event type, weighted towards the forward path so that runs reach tracking and closure often.
TYPES = ["identified", "not_included", "included", "measure_started", "measure_ended", "risk_reassessed",
         "risk_eliminated", "risk_reappeared", "tracking_ended", "dibao_started", "dibao_income_exceeded",
         "dibao_exited", "included", "included", "measure_started", "risk_reassessed", "risk_eliminated",
         "risk_eliminated", "tracking_ended", "tracking_ended", "tracking_ended"]


@st.composite
def payload(draw: st.DrawFn, etype: str, day: date) -> dict[str, Any]:
    p: dict[str, Any] = {"type": etype, "date": day.isoformat()}
    if etype == "identified":
        p["source"] = draw(st.sampled_from(["self_application", "department_data", "department_alert",
                                            "cadre_visit", "concentrated_screening"]))
        p["risks"] = sorted(draw(risk_sets))
    elif etype in ("included", "risk_reappeared"):
        p["risks"] = sorted(draw(risk_sets.filter(bool)))
        kind = draw(st.sampled_from(["unstable", "marginal", "sudden_hardship"]))
        if etype == "included":
            p["kind"] = kind
            p["labour_capacity"] = draw(st.sampled_from(["full", "weak", "half", "none", None]))
        elif draw(st.booleans()):
            p["kind"] = kind
    elif etype in ("measure_started", "measure_ended"):
        p["measure"] = draw(st.sampled_from(["m.a", "m.b", "m.c"]))
        if etype == "measure_started":
            p["category"] = draw(st.sampled_from(["industry", "employment", "public_welfare_post",
                                                  "social_assistance", "medical", "housing"]))
    elif etype == "risk_reassessed":
        p["risks"] = sorted(draw(st.frozensets(st.sampled_from(RISKS), max_size=1)))
        p["income_above_line"] = draw(st.sampled_from([True, True, False, None]))
        back = draw(st.sampled_from([None, 0, 90, 200, 400]))
        p["income_stable_since"] = None if back is None else (day - timedelta(days=back)).isoformat()
    elif etype == "risk_eliminated":
        p["mode"] = draw(st.sampled_from(["assisted", "natural"]))
    return p


class Lifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[dict[str, Any]] = []
        self.day = date(2023, 12, 20)
        self.region = "CN"
        self.reg: Registry = REG_CN
        self.state: CaseState | None = None
        self.defer: bool | None = None

    @initialize(where=st.sampled_from(TARGETS), defer=st.sampled_from([None, True, False]))
    def setup(self, where: tuple[str, Registry], defer: bool | None) -> None:
        self.region, self.reg = where
        self.defer = defer
        self.state = self._advance(self.events, self.day)

    def _advance(self, events: list[dict[str, Any]], on: date) -> CaseState:
        return advance(case(self.region, *events), on=on, registry=self.reg, defer_without_labour=self.defer)

    @rule(etype=st.sampled_from(TYPES), gap=gaps, later=st.sampled_from([0, 0, 45, 400]), data=st.data())
    def add_event(self, etype: str, gap: int, later: int, data: st.DataObject) -> None:
        day = self.day + timedelta(days=gap)
        e = data.draw(payload(etype, day))
        on = day + timedelta(days=later)
        try:
            state = self._advance([*self.events, e], on)
        except LifecycleError as err:
            # the accepted prefix stays valid, so the error must name the new event
            assert (err.index, err.event_type) == (len(self.events), etype)
            assert str(err).startswith(f"events[{err.index}] ({etype})")
            return
        self.events.append(e)
        self.day = day
        self.state = state
        # stages change only through events: a later evaluation date never changes the stage
        assert self._advance(self.events, on + timedelta(days=500)).stage == state.stage

    @rule(back=st.integers(1, 40))
    def out_of_order_is_rejected(self, back: int) -> None:
        if not self.events:
            return
        e = {"type": "dibao_started", "date": (self.day - timedelta(days=back)).isoformat()}
        try:
            self._advance([*self.events, e], self.day)
        except LifecycleError as err:
            assert err.index == len(self.events) and "date order" in str(err)
        else:
            raise AssertionError("an event dated before its predecessor was accepted")

    @invariant()
    def consistent(self) -> None:
        s = self.state
        if s is None:
            return
        monitored = s.stage in ("included", "assisted", "eliminated_tracking", "closed")
        assert (s.kind is not None) == monitored
        assert (s.episodes >= 1) if monitored else True
        if s.stage in ("included", "assisted"):
            assert s.included_on is not None and s.eliminated_on is None and s.tracking_end is None
            assert (s.stage == "assisted") == bool(s.measures)
            assert s.elimination_check is not None and s.elimination_check.on == s.on
        if s.stage == "eliminated_tracking":
            assert s.included_on is not None and s.eliminated_on is not None
            assert s.included_on <= s.eliminated_on <= s.on
            assert s.elimination_check is not None and s.elimination_check.on == s.eliminated_on
        if s.stage == "closed":
            assert s.eliminated_on is not None and s.tracking_ended_on is not None
            assert s.eliminated_on <= s.tracking_ended_on
            assert s.tracking_end is None or s.tracking_end <= s.tracking_ended_on
        if s.stage in ("not_monitored", "identified"):
            assert s.eliminated_on is None and s.tracking_end is None and s.tracking_ended_on is None
        if s.tracking_end is not None:
            assert s.eliminated_on is not None and s.tracking_period_months is not None
            assert s.tracking_end == add_months(s.eliminated_on, s.tracking_period_months) > s.eliminated_on
        chk = s.elimination_check
        if chk is not None:
            outcomes = {c.outcome for c in chk.conditions}
            expected = "not_met" if "not_met" in outcomes else "undetermined" if "undetermined" in outcomes else "met"
            assert chk.outcome == expected
            for c in chk.conditions:
                assert (c.outcome == "undetermined") == bool(c.missing_fields or c.missing_parameters)
        for m in s.measures:
            assert m.started_on <= s.on and m.ended_on is None
        for m in s.past_measures:
            assert m.ended_on is not None and m.started_on <= m.ended_on
        d = s.dibao
        if d.status == "gradual_exit":
            assert d.income_exceeded_on is not None
        if d.exit_deadline is not None:
            assert d.income_exceeded_on is not None and d.max_months is not None
            assert d.exit_deadline == add_months(d.income_exceeded_on, d.max_months)

    @invariant()
    def explained(self) -> None:
        s = self.state
        if s is None:
            return
        assert s.reasons
        explained = {r.event_index for r in s.reasons}
        assert set(range(len(self.events))) <= explained
        for r in (*s.reasons, *s.warnings):
            assert r.text_zh and r.text_en and r.citations
            assert all(c.document in self.reg.documents for c in r.citations)
        for m in s.missing_parameters:
            assert m.key in self.reg.specs


Lifecycle.TestCase.settings = settings(max_examples=100, stateful_step_count=30, deadline=None)
test_lifecycle_state_machine = Lifecycle.TestCase
