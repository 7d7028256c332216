"""Lifecycle rules on concrete dated histories in CN, Hunan (430000), Tianmen (429006) and Lanxi (231222).

The region plugins are written concurrently, so these tests build registries from a small test plugin that
registers the four region ids with the values the documents give — Lanxi's one-year tracking period
(001 一.八) and Hunan's ≤ 1-year 低保 gradual exit (002 (十二)) — plus office parameter files for values no
document gives (clearly test values). Other test modules import the helpers defined here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

import xianjie
from xianjie import hookimpl
from xianjie.lifecycle import Case, CaseState, LifecycleError, advance
from xianjie.lifecycle import clauses as C
from xianjie.models import CalendarEvent, ParameterValue, Region
from xianjie.params import parameter_file_from_mapping
from xianjie.policies.documents import cite
from xianjie.registry import Registry

TRACKING = "monitoring.tracking_period_months"
EXIT = "dibao.gradual_exit_max_months"
STABLE = "monitoring.elimination_min_stable_months"
ASSISTED = "monitoring.elimination_min_assisted_months"
DEFER = "monitoring.defer_elimination_without_labour"


class RegionsPlugin:
    """Test plugin: the four regions of the issue, with the values the seed documents give."""

    @hookimpl
    def xianjie_regions(self) -> Iterator[Region]:
        yield Region(id="430000", name_zh="湖南省", name_en="Hunan", level="province", parent="CN")
        yield Region(id="420000", name_zh="湖北省", name_en="Hubei", level="province", parent="CN")
        yield Region(id="429006", name_zh="天门市", name_en="Tianmen", level="county", parent="420000")
        yield Region(id="230000", name_zh="黑龙江省", name_en="Heilongjiang", level="province", parent="CN")
        yield Region(id="231200", name_zh="绥化市", name_en="Suihua", level="city", parent="230000")
        yield Region(id="231222", name_zh="兰西县", name_en="Lanxi", level="county", parent="231200")

    @hookimpl
    def xianjie_parameters(self) -> Iterator[ParameterValue]:
        yield ParameterValue(key=TRACKING, region="231222", value=12, valid_from=date(2023, 1, 1),
                             valid_until=date(2023, 12, 31),
                             citation=cite("001", "一.八", "已消除风险户设立一年跟踪期"))
        yield ParameterValue(key=EXIT, region="430000", value=12, valid_from=date(2021, 5, 17),
                             valid_until=date(2025, 12, 31), citation=cite("002", "(十二)", "不超過一年的漸退期"))

    @hookimpl
    def xianjie_calendar_events(self) -> Iterator[CalendarEvent]:
        yield CalendarEvent(id="concentrated_screening", region="231222", kind="household_screening",
                            name_zh="集中入户排查", name_en="concentrated door-to-door screening",
                            rrule="FREQ=YEARLY;BYMONTH=5,10;BYMONTHDAY=1", first_date=date(2023, 5, 1),
                            duration_days=31, valid_until=date(2023, 12, 31),
                            citation=cite("001", "一.三", "5月、10月分别开展一次集中入户排查"))


class DeferPlugin:
    """Sets the optional "暂不标注风险消除" parameter (declared nationally) for Lanxi (a test office's choice)."""

    @hookimpl
    def xianjie_parameters(self) -> Iterator[ParameterValue]:
        yield ParameterValue(key=DEFER, region="231222", value=True, valid_from=date(2023, 1, 1),
                             citation=cite("001", "一.七", "对无劳动能力的,落实落靠兜底保障、社会救助等帮扶措施"))


def office_params(values: dict[str, tuple[str, int]]) -> Any:
    """A parameter file from a (test) office notice; values are examples, not policy (domain.md B.3)."""
    return parameter_file_from_mapping({
        "document": [{"id": "test-office-notice", "title_zh": "测试用部署单位通知", "title_en": "Test office notice",
                      "issuer": "测试", "valid_from": date(2021, 1, 1)}],
        "parameter": [{"key": k, "region": region, "value": v, "valid_from": date(2021, 1, 1),
                       "citation": {"document": "test-office-notice", "clause": "一"}}
                      for k, (region, v) in values.items()],
    }, source="test")


def registry(*extra: object, params: dict[str, tuple[str, int]] | None = None, regions: bool = True
             ) -> Registry:
    """The test regions (unless ``regions=False``: national only) plus office parameter values."""
    plugins = [RegionsPlugin(), *extra] if regions else list(extra)
    return xianjie.build_registry(plugins=plugins, autoload=False, params=[office_params(params)] if params else [])


def case(region: str, *events: dict[str, Any], hid: str = "h1") -> Case:
    return Case.model_validate({"household_id": hid, "region": region, "events": list(events)})


def ev(type: str, on: str, **kw: Any) -> dict[str, Any]:
    return {"type": type, "date": on, **kw}


def monitored(on_identified: str, on_included: str, *, kind: str = "marginal", labour: str = "full",
              risks: tuple[str, ...] = ("illness",)) -> list[dict[str, Any]]:
    return [ev("identified", on_identified, source="cadre_visit", risks=list(risks)),
            ev("included", on_included, kind=kind, risks=list(risks), labour_capacity=labour)]


@pytest.fixture(scope="module")
def reg() -> Registry:
    return registry()


def _docs_ok(state: CaseState, reg: Registry) -> None:
    assert state.reasons
    for r in (*state.reasons, *state.warnings):
        assert r.citations and all(c.document in reg.documents for c in r.citations)


# ---- Lanxi (231222): one-year tracking period, 001 一.八 -----------------------------------------------
def test_lanxi_full_lifecycle_year_end(reg: Registry) -> None:
    events = [*monitored("2023-05-08", "2023-05-20"),
              ev("measure_started", "2023-06-01", measure="industry.cattle", category="industry"),
              ev("risk_reassessed", "2023-12-01", risks=[], income_above_line=True,
                 income_stable_since="2023-06-01"),
              ev("risk_eliminated", "2023-12-31", mode="assisted")]
    s = advance(case("231222", *events), on=date(2024, 6, 30), registry=reg)
    assert s.stage == "eliminated_tracking" and s.kind == "marginal"
    assert s.tracking_period_months == 12
    assert s.tracking_end == date(2024, 12, 31)  # year end + 12 months
    tracking_reason = next(r for r in s.reasons if "tracking period of 12 months" in r.text_en)
    assert C.TRACKING in tracking_reason.citations
    assert any(c.document == "001" and c.clause == "一.八" for c in tracking_reason.citations)
    _docs_ok(s, reg)
    with pytest.raises(LifecycleError) as err:
        advance(case("231222", *events, ev("tracking_ended", "2024-12-30")), on=date(2025, 1, 5), registry=reg)
    assert err.value.index == 5 and err.value.event_type == "tracking_ended"
    assert "2024-12-31" in str(err.value)
    closed = advance(case("231222", *events, ev("tracking_ended", "2024-12-31")), on=date(2025, 1, 5),
                     registry=reg)
    assert closed.stage == "closed" and closed.tracking_ended_on == date(2024, 12, 31)


def test_lanxi_tracking_from_feb_28_is_not_moved_to_leap_day(reg: Registry) -> None:
    s = advance(case("231222", *monitored("2023-01-03", "2023-01-10"),
                     ev("risk_eliminated", "2023-02-28", mode="natural")), on=date(2023, 3, 1), registry=reg)
    assert s.tracking_end == date(2024, 2, 28)
    assert s.elimination_mode == "natural"
    assert s.elimination_check is not None
    assert {c.id for c in s.elimination_check.conditions} == {"risks_resolved", "income_stable"}


def test_lanxi_tracking_due_reason_once_period_is_complete(reg: Registry) -> None:
    c = case("231222", *monitored("2023-01-03", "2023-01-10"), ev("risk_eliminated", "2023-03-31", mode="natural"))
    before = advance(c, on=date(2024, 3, 30), registry=reg)
    after = advance(c, on=date(2024, 3, 31), registry=reg)
    assert not any("tracking_ended is due" in r.text_en for r in before.reasons)
    assert any("tracking_ended is due" in r.text_en and r.event_index is None for r in after.reasons)


def test_lanxi_risk_reappears_during_tracking(reg: Registry) -> None:
    events = [*monitored("2023-02-01", "2023-02-10", labour="half"),
              ev("measure_started", "2023-02-15", measure="post.cleaning", category="public_welfare_post"),
              ev("risk_eliminated", "2023-03-15"),
              ev("risk_reappeared", "2023-09-01", risks=["disaster"], kind="sudden_hardship")]
    s = advance(case("231222", *events), on=date(2023, 9, 2), registry=reg)
    assert s.stage == "assisted"  # the post is still in place
    assert s.episodes == 2 and s.kind == "sudden_hardship" and s.included_on == date(2023, 9, 1)
    assert s.eliminated_on is None and s.tracking_end is None
    assert s.inclusion_risks == frozenset({"disaster"})
    last = s.reasons[-1]
    assert last.event_index == 4 and last.event_type == "risk_reappeared"
    assert {(c.document, c.clause) for c in last.citations} >= {("001", "一.八"), ("001", "一.六")}
    assert {m.category for m in s.suggested_measures} >= {"public_welfare_post", "social_assistance"}


def test_lanxi_defer_elimination_without_labour_is_an_option() -> None:
    events = [*monitored("2023-02-01", "2023-02-10", labour="none"),
              ev("measure_started", "2023-02-15", measure="dibao", category="social_assistance"),
              ev("risk_reassessed", "2023-08-01", risks=[], income_above_line=True, income_stable_since="2023-02-15")]
    plain = registry()
    off = advance(case("231222", *events), on=date(2023, 8, 2), registry=plain)
    assert off.elimination_check is not None
    assert "labour_capacity" not in {c.id for c in off.elimination_check.conditions}
    on = advance(case("231222", *events), on=date(2023, 8, 2), registry=plain, defer_without_labour=True)
    assert on.elimination_check is not None and on.elimination_check.outcome == "not_met"
    cond = next(c for c in on.elimination_check.conditions if c.id == "labour_capacity")
    assert cond.outcome == "not_met" and "暂不标注风险消除" in cond.text_zh
    via_param = advance(case("231222", *events), on=date(2023, 8, 2), registry=registry(DeferPlugin()))
    assert via_param.elimination_check is not None
    cond2 = next(c for c in via_param.elimination_check.conditions if c.id == "labour_capacity")
    assert cond2.outcome == "not_met"
    # An explicit False overrides the region's parameter.
    forced = advance(case("231222", *events), on=date(2023, 8, 2), registry=registry(DeferPlugin()),
                     defer_without_labour=False)
    assert forced.elimination_check is not None
    assert "labour_capacity" not in {c.id for c in forced.elimination_check.conditions}


# ---- Tianmen (429006): the documents give no durations -> undetermined, naming the parameter ------------
def test_tianmen_tracking_end_undetermined_without_parameter(reg: Registry) -> None:
    c = case("429006", *monitored("2022-04-01", "2022-04-15"), ev("risk_eliminated", "2022-10-31", mode="natural"),
             ev("dibao_income_exceeded", "2022-11-30"))
    s = advance(c, on=date(2022, 12, 1), registry=reg)
    assert s.stage == "eliminated_tracking" and s.tracking_end is None
    assert {m.key for m in s.missing_parameters} >= {TRACKING, EXIT}
    assert s.dibao.status == "gradual_exit" and s.dibao.exit_deadline is None
    missing = next(m for m in s.missing_parameters if m.key == TRACKING)
    assert missing.region == "429006" and missing.on == date(2022, 10, 31)


def test_tianmen_office_supplies_tracking_period() -> None:
    reg = registry(params={TRACKING: ("429006", 12)})
    s = advance(case("429006", *monitored("2022-04-01", "2022-04-15"), ev("risk_eliminated", "2022-10-31")),
                on=date(2022, 12, 1), registry=reg)
    assert s.tracking_end == date(2023, 10, 31)
    reason = next(r for r in s.reasons if "tracking period of 12 months" in r.text_en)
    assert any(c.document == "test-office-notice" for c in reason.citations)


# ---- Hunan (430000): 低保 gradual exit of at most one year, 002 (十二) --------------------------------
def test_hunan_dibao_gradual_exit_from_leap_day(reg: Registry) -> None:
    c = case("430000", ev("dibao_started", "2022-03-01"), ev("dibao_income_exceeded", "2024-02-29"))
    s = advance(c, on=date(2024, 3, 1), registry=reg)
    assert s.dibao.status == "gradual_exit"
    assert s.dibao.max_months == 12 and s.dibao.exit_deadline == date(2025, 2, 28)
    assert s.stage == "not_monitored"
    assert any(cc.document == "002" and cc.clause == "(十二)" for r in s.reasons for cc in r.citations)
    overdue = advance(c, on=date(2025, 3, 1), registry=reg)
    assert any("no 低保 exit recorded" in w.text_en for w in overdue.warnings)
    on_time = advance(case("430000", ev("dibao_income_exceeded", "2024-02-29"), ev("dibao_exited", "2025-02-28")),
                      on=date(2025, 3, 1), registry=reg)
    assert on_time.dibao.status == "exited" and not on_time.warnings
    late = advance(case("430000", ev("dibao_income_exceeded", "2024-02-29"), ev("dibao_exited", "2025-03-01")),
                   on=date(2025, 3, 1), registry=reg)
    assert late.dibao.exited_on == date(2025, 3, 1)
    assert [w.event_index for w in late.warnings] == [1]


def test_hunan_dibao_exit_year_end(reg: Registry) -> None:
    s = advance(case("430000", ev("dibao_income_exceeded", "2021-12-31")), on=date(2022, 1, 1), registry=reg)
    assert s.dibao.exit_deadline == date(2022, 12, 31)


def test_hunan_dibao_sequence_errors(reg: Registry) -> None:
    with pytest.raises(LifecycleError) as err:
        advance(case("430000", ev("dibao_income_exceeded", "2022-01-01"), ev("dibao_income_exceeded", "2022-02-01")),
                on=date(2022, 3, 1), registry=reg)
    assert (err.value.index, err.value.event_type) == (1, "dibao_income_exceeded")
    with pytest.raises(LifecycleError) as err2:
        advance(case("430000", ev("dibao_exited", "2022-01-01"), ev("dibao_exited", "2022-02-01")),
                on=date(2022, 3, 1), registry=reg)
    assert err2.value.index == 1


# ---- CN: leap days with an office-supplied tracking period; elimination conditions --------------------
def test_cn_tracking_from_leap_day_clamps_to_feb_28() -> None:
    reg = registry(params={TRACKING: ("CN", 12)}, regions=False)
    s = advance(case("CN", *monitored("2024-01-02", "2024-01-15"), ev("risk_eliminated", "2024-02-29", mode="natural")),
                on=date(2024, 3, 1), registry=reg)
    assert s.tracking_end == date(2025, 2, 28)
    with pytest.raises(LifecycleError):
        advance(case("CN", *monitored("2024-01-02", "2024-01-15"), ev("risk_eliminated", "2024-02-29"),
                     ev("tracking_ended", "2025-02-27")), on=date(2025, 3, 1), registry=reg)
    ok = advance(case("CN", *monitored("2024-01-02", "2024-01-15"), ev("risk_eliminated", "2024-02-29"),
                      ev("tracking_ended", "2025-02-28")), on=date(2025, 3, 1), registry=reg)
    assert ok.stage == "closed"


def test_cn_elimination_conditions_undetermined_without_parameters(reg: Registry) -> None:
    s = advance(case("CN", *monitored("2024-01-02", "2024-01-15"),
                     ev("measure_started", "2024-01-31", measure="job.referral", category="employment"),
                     ev("risk_reassessed", "2024-06-01", risks=[], income_above_line=True,
                        income_stable_since="2024-01-31")),
                on=date(2024, 9, 1), registry=reg)
    chk = s.elimination_check
    assert chk is not None and chk.outcome == "undetermined" and chk.mode == "assisted"
    named = {m.key for c in chk.conditions for m in c.missing_parameters}
    assert named == {STABLE, ASSISTED}
    assert {m.key for m in s.missing_parameters} == {STABLE, ASSISTED}


def test_cn_elimination_conditions_with_office_values_and_month_end() -> None:
    reg = registry(params={STABLE: ("CN", 6), ASSISTED: ("CN", 1)})
    events = [*monitored("2024-01-02", "2024-01-15"),
              ev("measure_started", "2024-01-31", measure="job.referral", category="employment"),
              ev("risk_reassessed", "2024-06-01", risks=[], income_above_line=True, income_stable_since="2024-01-31")]
    c = case("CN", *events)
    assert advance(c, on=date(2024, 7, 30), registry=reg).elimination_check.outcome == "not_met"  # type: ignore[union-attr]
    met = advance(c, on=date(2024, 7, 31), registry=reg)
    assert met.elimination_check is not None and met.elimination_check.outcome == "met"
    assisted = next(x for x in met.elimination_check.conditions if x.id == "assistance_duration")
    assert "2024-02-29" in assisted.text_en  # 2024-01-31 + 1 month clamps to the leap day
    # risks still present -> not met, whatever the durations
    c2 = case("CN", *events, ev("risk_reassessed", "2024-07-01", risks=["illness"], income_above_line=True,
                                income_stable_since="2024-01-31"))
    assert advance(c2, on=date(2024, 9, 1), registry=reg).elimination_check.outcome == "not_met"  # type: ignore[union-attr]
    # eliminating against the conditions is recorded, with a warning naming the failed condition
    early = advance(case("CN", *events, ev("risk_eliminated", "2024-06-02")), on=date(2024, 6, 3), registry=reg)
    assert early.stage == "eliminated_tracking"
    assert any(w.event_index == 4 and "not met" in w.text_en for w in early.warnings)


def test_measures_are_dated_and_stage_follows_them(reg: Registry) -> None:
    events = [*monitored("2024-01-02", "2024-01-15", labour="weak"),
              ev("measure_started", "2024-02-01", measure="post.road", category="public_welfare_post"),
              ev("measure_ended", "2024-05-31", measure="post.road")]
    s = advance(case("CN", *events[:3]), on=date(2024, 3, 1), registry=reg)
    assert s.stage == "assisted" and s.measures[0].started_on == date(2024, 2, 1)
    assert [m.category for m in s.suggested_measures if m.in_place] == ["public_welfare_post"]
    s2 = advance(case("CN", *events), on=date(2024, 6, 1), registry=reg)
    assert s2.stage == "included" and not s2.measures
    assert s2.past_measures[0].ended_on == date(2024, 5, 31)
    assert any("no assistance measure in place" in w.text_en for w in s2.warnings)


def test_new_case_is_explained(reg: Registry) -> None:
    s = advance(case("CN"), on=date(2024, 1, 1), registry=reg)
    assert s.stage == "not_monitored" and s.reasons[0].citations[0].clause == "一.一"
