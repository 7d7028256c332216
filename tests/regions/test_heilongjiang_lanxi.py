"""兰西县 (231222) plugin: document 001 clause by clause, validity 2023 only, calendar, coverage and docs.

Each scenario names the clause of 001 it checks and, where 001 departs from the national rules, shows the
result in 231222 on a 2023 date differing from the national default (region CN, or 231222 outside 2023).
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xianjie
from xianjie.calendars import occurrences, parse_ics, to_ics
from xianjie.coverage import check, load, render_markdown
from xianjie.models import Citation, Household
from xianjie.params import parameter_file_from_mapping
from xianjie.policies import NATIONAL_RULES
from xianjie.policies.parameters import SPECS as NATIONAL_SPECS
from xianjie.regions import heilongjiang_lanxi as lx
from xianjie.registry import Registry

PLUGIN = "xianjie.regions.heilongjiang_lanxi"
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "001_4497101008bee382.txt"
EXAMPLES = ROOT / "examples" / "heilongjiang_lanxi"
LANXI = "231222"
ON = date(2023, 6, 1)
AFTER = date(2024, 3, 1)
LANXI_RULE_IDS = {r.id for r in lx.RULES}


# ---- fixtures and builders ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reg() -> Registry:
    return xianjie.build_registry(plugins=[PLUGIN], autoload=False, strict=True)


def _office_file(values: dict[str, str]) -> Any:
    """An office parameter file for 231222, 2023 (test values, cited to a test document)."""
    return parameter_file_from_mapping({
        "document": [{"id": "test-lanxi-office", "title_zh": "测试参数", "title_en": "test values (not policy)",
                      "issuer": "tests", "valid_from": date(2023, 1, 1)}],
        "parameter": [{"key": k, "region": LANXI, "value": v, "valid_from": date(2023, 1, 1),
                       "valid_until": date(2023, 12, 31),
                       "citation": {"document": "test-lanxi-office", "clause": "test"}} for k, v in values.items()],
    }, source="test")


@pytest.fixture(scope="module")
def reg_amounts() -> Registry:
    return xianjie.build_registry(plugins=[PLUGIN], autoload=False, strict=True, params=[_office_file({
        "lanxi.courtyard_award": "500", "lanxi.cross_province_transport_subsidy": "800",
        "lanxi.migrant_work_award": "1000", "lanxi.agri_insurance_premium_subsidy": "120"})])


def person(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"birth_date": date(1980, 1, 1), "labour_capacity": "full", "work_location": "none",
                            "serious_illness": False}
    base.update(kw)
    return base


def household(*members: dict[str, Any], region: str = LANXI, lifted: bool | None = False, kind: str | None = "none",
              **kw: Any) -> Household:
    statuses = kw.pop("statuses", {})
    monitoring = {"kind": kind, **statuses.pop("monitoring", {})}
    data: dict[str, Any] = {
        "household_id": "t1", "region": region, "members": list(members or [person()]),
        "statuses": {"poverty_lifted": lifted, "monitoring": monitoring, **statuses}, **kw}
    return Household.model_validate(data)


def outcome(h: Household, rule_id: str, on: date, registry: Registry) -> str:
    conc = xianjie.evaluate(h, on=on, registry=registry, explain=False).conclusion(rule_id)
    assert conc is not None, rule_id
    return conc.outcome


# ---- regions and validity ----------------------------------------------------------------------------------


def test_region_chain_reaches_cn(reg: Registry) -> None:
    assert reg.chain(LANXI) == (LANXI, "231200", "230000", "CN")
    assert reg.regions["230000"].level == "province" and reg.regions["231222"].name_zh == "兰西县"


def test_everything_is_valid_in_2023_only() -> None:
    """通知: the 2022-03-22 cover date is not used; validity is the content's year, 2023."""
    for r in lx.RULES:
        assert (r.region, r.valid_from, r.valid_until) == (LANXI, date(2023, 1, 1), date(2023, 12, 31)), r.id
    for v in lx.VALUES:
        assert (v.valid_from, v.valid_until) == (date(2023, 1, 1), date(2023, 12, 31)), v.key
    for e in lx.EVENTS:
        assert e.first_date.year == 2023 and (e.valid_until is None or e.valid_until == date(2023, 12, 31)), e.id
    for i in lx.INDICATORS:
        assert i.region == LANXI and i.due == date(2023, 12, 31), i.id


@pytest.mark.parametrize("on", [date(2022, 12, 31), AFTER, date(2026, 1, 1)])
def test_no_lanxi_rule_applies_outside_2023(reg: Registry, on: date) -> None:
    in_force = {a.item.id for a in reg.rules_for(LANXI, on) if a.item.region == LANXI}
    assert in_force == set()
    assert reg.resolve("monitoring.tracking_period_months", LANXI, on) is None


def test_all_lanxi_rules_apply_in_2023(reg: Registry) -> None:
    applied = {a.item.id: a.item.region for a in reg.rules_for(LANXI, ON)}
    assert all(applied[rid] == LANXI for rid in LANXI_RULE_IDS)


def test_decision_in_2024_shows_001_out_of_force(reg: Registry) -> None:
    h = household(person(work_location="outside_province"), lifted=True, loans={"willing": True})
    d = xianjie.evaluate(h, on=AFTER, registry=reg)
    doc = next(x for x in d.documents if x.id == "001")
    assert doc.in_force is False and doc.valid_until == date(2023, 12, 31)
    assert not {m.id for m in d.measures} & (LANXI_RULE_IDS - {"measure.microcredit"})
    assert d.conclusion("measure.microcredit").explanation.rule_region == "CN"  # type: ignore[union-attr]
    d23 = xianjie.evaluate(h, on=ON, registry=reg)
    assert next(x for x in d23.documents if x.id == "001").in_force is True


# ---- 一.七 assistance by labour capacity ---------------------------------------------------------------


def test_1_7_able_and_working_member_gets_development_assistance(reg: Registry) -> None:
    h = household(person(work_location="outside_province"), person(labour_capacity="none"), kind="unstable",
                  lifted=True)
    assert outcome(h, "measure.development_assistance", ON, reg) == "eligible"
    assert outcome(h, "measure.safety_net_assistance", ON, reg) == "ineligible"
    assert reg.rules_for("CN", ON) and "measure.development_assistance" not in {
        a.item.id for a in reg.rules_for("CN", ON)}


def test_1_7_willingness_unknown_is_undetermined(reg: Registry) -> None:
    h = household(person(work_location="none"), kind="marginal")
    conc = xianjie.evaluate(h, on=ON, registry=reg).conclusion("measure.development_assistance")
    assert conc is not None and conc.outcome == "undetermined"
    assert "industry_willing" in conc.missing_fields
    willing = household(person(work_location="none"), kind="marginal", industry_willing=True)
    assert outcome(willing, "measure.development_assistance", ON, reg) == "eligible"


def test_1_7_no_labour_capacity_gets_safety_net(reg: Registry) -> None:
    h = household(person(labour_capacity="none", birth_date=date(1945, 5, 5)),
                  person(labour_capacity="none", birth_date=date(1947, 8, 8)), kind="sudden_hardship",
                  industry_willing=False)
    assert outcome(h, "measure.safety_net_assistance", ON, reg) == "eligible"
    assert outcome(h, "measure.development_assistance", ON, reg) == "ineligible"
    # not monitored: 一.七 is about monitored households
    assert outcome(household(person(labour_capacity="none")), "measure.safety_net_assistance", ON, reg) == "ineligible"


def test_1_7_unknown_labour_capacity_names_the_field(reg: Registry) -> None:
    h = household(person(labour_capacity=None), kind="marginal")
    conc = xianjie.evaluate(h, on=ON, registry=reg).conclusion("measure.safety_net_assistance")
    assert conc is not None and conc.outcome == "undetermined"
    assert "members.0.labour_capacity" in conc.missing_fields


def test_1_7_and_3_3_weak_or_half_labour_member_gets_public_welfare_post(reg: Registry) -> None:
    h = household(person(labour_capacity="weak"), person(labour_capacity="full"), person(labour_capacity="half"),
                  lifted=True)
    conc = xianjie.evaluate(h, on=ON, registry=reg).conclusion("measure.public_welfare_post")
    assert conc is not None and conc.outcome == "eligible"
    assert [m.outcome for m in conc.members] == ["eligible", "ineligible", "eligible"]
    assert outcome(household(person(labour_capacity="weak")), "measure.public_welfare_post", ON, reg) == "ineligible"


def test_1_7_disaster_illness_epidemic_get_social_assistance(reg: Registry) -> None:
    for cause, expected in (("illness", "eligible"), ("epidemic", "eligible"), ("disaster", "eligible"),
                            ("industry_failure", "ineligible")):
        h = household(person(), kind="sudden_hardship", statuses={"monitoring": {"risk_causes": [cause]}})
        assert outcome(h, "measure.hardship_social_assistance", ON, reg) == expected, cause


# ---- 一.八 tracking period ---------------------------------------------------------------------------------


def test_1_8_tracking_period_is_12_months_in_2023(reg: Registry) -> None:
    res = reg.resolve("monitoring.tracking_period_months", LANXI, ON)
    assert res is not None and res.value == 12 and res.resolved.citation.clause == "一.八"
    assert reg.resolve("monitoring.tracking_period_months", "CN", ON) is None
    for key in ("monitoring.elimination_min_stable_months", "monitoring.elimination_min_assisted_months"):
        assert reg.resolve(key, LANXI, ON) is None  # NF: the office supplies them


def test_1_8_household_eliminated_2022_11_is_tracked_through_2023_11_14(reg: Registry) -> None:
    h = household(person(), kind="marginal", statuses={"monitoring": {"risk_eliminated_on": date(2022, 11, 15)}})
    s = lx.tracking_status(h, ON, reg)
    assert (s.status, s.last_day) == ("in_tracking", date(2023, 11, 14))
    assert lx.tracking_status(h, date(2023, 11, 14), reg).status == "in_tracking"
    assert lx.tracking_status(h, date(2023, 11, 15), reg).status == "ended"
    later = lx.tracking_status(h, AFTER, reg)
    assert later.status == "undetermined" and later.missing_parameters == ("monitoring.tracking_period_months",)
    cn = household(person(), region="CN", kind="marginal",
                   statuses={"monitoring": {"risk_eliminated_on": date(2022, 11, 15)}})
    assert lx.tracking_status(cn, ON, reg).status == "undetermined"
    assert lx.tracking_status(household(person()), ON, reg).missing_fields == (
        "statuses.monitoring.risk_eliminated_on",)


def test_1_8_tracking_last_day_month_ends() -> None:
    from xianjie.regions.heilongjiang_lanxi.tracking import tracking_last_day

    assert tracking_last_day(date(2023, 1, 31), 12) == date(2024, 1, 30)
    assert tracking_last_day(date(2020, 2, 29), 12) == date(2021, 2, 27)


# ---- 二.2 serious illness -> monitoring -------------------------------------------------------------------


def test_2_2_lifted_out_household_with_serious_illness_is_reviewed(reg: Registry) -> None:
    h = household(person(serious_illness=True), lifted=True)
    assert outcome(h, "measure.serious_illness_monitoring_review", ON, reg) == "eligible"
    assert outcome(household(person(serious_illness=True), lifted=True, kind="unstable"),
                   "measure.serious_illness_monitoring_review", ON, reg) == "ineligible"
    unknown = xianjie.evaluate(household(person(serious_illness=None), lifted=True), on=ON, registry=reg)
    conc = unknown.conclusion("measure.serious_illness_monitoring_review")
    assert conc is not None and conc.outcome == "undetermined"
    assert "members.0.serious_illness" in conc.missing_fields


# ---- 三.1 courtyard economy ----------------------------------------------------------------------------


def test_3_1_courtyard_award_amount_is_office_supplied(reg: Registry, reg_amounts: Registry) -> None:
    h = household(person(), lifted=True, courtyard_economy=["garden"])
    conc = xianjie.evaluate(h, on=ON, registry=reg).conclusion("measure.courtyard_economy_award")
    assert conc is not None and conc.outcome == "eligible" and conc.amount_outcome == "undetermined"
    assert [p.key for p in conc.missing_parameters] == ["lanxi.courtyard_award"]
    paid = xianjie.evaluate(h, on=ON, registry=reg_amounts).conclusion("measure.courtyard_economy_award")
    assert paid is not None and paid.amount == Decimal("500.00")
    assert outcome(household(person(), lifted=True, courtyard_economy=[]), "measure.courtyard_economy_award", ON,
                   reg) == "ineligible"
    assert outcome(household(person(), courtyard_economy=["garden"]), "measure.courtyard_economy_award", ON,
                   reg) == "ineligible"


def test_3_1_three_thousand_yuan_is_an_aspirational_average_never_an_amount() -> None:
    ind = next(i for i in lx.INDICATORS if i.id == "lanxi.industry_income_average")
    assert ind.aspirational and ind.target == Decimal(3000) and ind.unit == "yuan/household"
    assert ind.denominator is not None and ind.comparator == ">="
    for r in lx.RULES:
        assert r.amount is None or "3000" not in repr(r.amount), r.id
    assert all(v.value != 3000 for v in lx.VALUES)


# ---- 三.2 employment ---------------------------------------------------------------------------------------


def test_3_2_transport_subsidy_only_for_members_working_outside_the_province(reg_amounts: Registry) -> None:
    h = household(person(work_location="outside_province"), person(work_location="local"),
                  person(work_location="outside_province"), kind="marginal")
    conc = xianjie.evaluate(h, on=ON, registry=reg_amounts).conclusion("measure.cross_province_transport_subsidy")
    assert conc is not None and [m.outcome for m in conc.members] == ["eligible", "ineligible", "eligible"]
    assert conc.amount == Decimal("1600.00")
    ordinary = household(person(work_location="outside_province"))
    assert outcome(ordinary, "measure.cross_province_transport_subsidy", ON, reg_amounts) == "ineligible"


def test_3_2_migrant_work_award_is_for_lifted_out_people(reg_amounts: Registry) -> None:
    away = person(work_location="outside_county")
    assert outcome(household(away, lifted=True), "measure.migrant_work_award", ON, reg_amounts) == "eligible"
    assert outcome(household(away, kind="marginal"), "measure.migrant_work_award", ON, reg_amounts) == "ineligible"
    assert outcome(household(person(work_location="local"), lifted=True), "measure.migrant_work_award", ON,
                   reg_amounts) == "ineligible"


def test_3_2_training_for_able_members(reg: Registry) -> None:
    h = household(person(labour_capacity="full"), person(labour_capacity="weak"), kind="unstable", lifted=True)
    conc = xianjie.evaluate(h, on=ON, registry=reg).conclusion("measure.vocational_training")
    assert conc is not None and [m.outcome for m in conc.members] == ["eligible", "ineligible"]


# ---- 三.5 finance ----------------------------------------------------------------------------------------


def test_3_5_monitored_household_gets_microcredit_in_lanxi_2023_only(reg: Registry) -> None:
    """三.5 extends microcredit to 监测帮扶对象; the national rule (CN) covers 脱贫人口 only."""
    lanxi = household(person(), kind="marginal", loans={"willing": True})
    national = household(person(), region="CN", kind="marginal", loans={"willing": True})
    assert outcome(lanxi, "measure.microcredit", ON, reg) == "eligible"
    assert outcome(national, "measure.microcredit", ON, reg) == "ineligible"
    assert outcome(lanxi, "measure.microcredit", AFTER, reg) == "ineligible"
    conc = xianjie.evaluate(lanxi, on=ON, registry=reg).conclusion("measure.microcredit")
    assert conc is not None and conc.amount == Decimal("50000.00")
    assert conc.explanation is not None and conc.explanation.rule_region == LANXI
    assert conc.citations[0].document == "001" and conc.citations[0].clause == "三.5"
    assert outcome(household(person(), kind="marginal", loans={"willing": False}), "measure.microcredit", ON,
                   reg) == "ineligible"


def test_3_5_insurance(reg_amounts: Registry) -> None:
    insured = household(person(), lifted=True, agri_insured=True)
    conc = xianjie.evaluate(insured, on=ON, registry=reg_amounts).conclusion("measure.agri_insurance_premium_subsidy")
    assert conc is not None and conc.outcome == "eligible" and conc.amount == Decimal("120.00")
    assert outcome(household(person(), lifted=True, agri_insured=False), "measure.agri_insurance_premium_subsidy",
                   ON, reg_amounts) == "ineligible"
    acc = xianjie.evaluate(household(person(), person(), kind="unstable"), on=ON, registry=reg_amounts)
    a = acc.conclusion("measure.accident_insurance")
    assert a is not None and [m.outcome for m in a.members] == ["eligible", "eligible"] and a.amount is None


# ---- calendar ---------------------------------------------------------------------------------------------


def _lanxi_events(reg: Registry) -> list[Any]:
    return [e for e in reg.events_for(LANXI) if e.region == LANXI]


def test_1_3_and_1_5_may_and_october_windows_in_2023_only(reg: Registry) -> None:
    occ = occurrences(_lanxi_events(reg), date(2021, 1, 1), date(2026, 12, 31))
    for event_id in ("lanxi.concentrated_screening", "lanxi.policy_data_comparison"):
        got = [(o.start, o.end) for o in occ if o.event_id == event_id]
        assert got == [(date(2023, 5, 1), date(2023, 5, 31)), (date(2023, 10, 1), date(2023, 10, 31))], event_id
    mid_may = occurrences(_lanxi_events(reg), date(2023, 5, 20), date(2023, 5, 20))
    assert {o.event_id for o in mid_may} == {"lanxi.concentrated_screening", "lanxi.policy_data_comparison"}
    assert occurrences(_lanxi_events(reg), date(2023, 6, 1), date(2023, 6, 29)) == []


def test_1_4_quarterly_consultation_is_aspirational(reg: Registry) -> None:
    occ = [o for o in occurrences(_lanxi_events(reg), date(2021, 1, 1), date(2026, 12, 31))
           if o.event_id == "lanxi.department_consultation"]
    assert [o.start for o in occ] == [date(2023, 3, 31), date(2023, 6, 30), date(2023, 9, 30), date(2023, 12, 31)]
    assert all(o.aspirational for o in occ)
    meetings = [o for o in occurrences(_lanxi_events(reg), date(2023, 1, 1), date(2023, 12, 31))
                if o.event_id == "lanxi.county_quarterly_meeting"]
    assert len(meetings) == 4 and not any(o.aspirational for o in meetings)


@pytest.mark.parametrize("year", [2021, 2022, 2024, 2025, 2026])
def test_no_lanxi_events_outside_2023(reg: Registry, year: int) -> None:
    assert occurrences(_lanxi_events(reg), date(year, 1, 1), date(year, 12, 31)) == []


def test_ics_round_trip(reg: Registry) -> None:
    occ = occurrences(_lanxi_events(reg), date(2023, 1, 1), date(2023, 12, 31))
    data = to_ics(occ, name="兰西县 2023")
    assert data == to_ics(occ, name="兰西县 2023")
    assert parse_ics(data) == sorted(((o.region, o.event_id, o.start, o.end) for o in occ),
                                     key=lambda t: (t[2], t[0], t[1]))
    assert len(occ) == 2 * 2 + 4 * 2 + 1


# ---- indicators -------------------------------------------------------------------------------------------


def test_indicators_cover_the_targets_of_001() -> None:
    by_id = {i.id: i for i in lx.INDICATORS}
    assert len(by_id) == len(lx.INDICATORS) == 23
    expect = {"lanxi.monitoring_coverage": ("1", True), "lanxi.assistance_rate": ("1", True),
              "lanxi.medical_insurance_rate": ("1", True), "lanxi.microcredit_rate": ("1", True),
              "lanxi.employment_scale": ("3600", True), "lanxi.dangerous_houses_rebuilt": ("1125", False),
              "lanxi.income_growth": ("0.10", False), "lanxi.dropouts": ("0", True)}
    for iid, (target, computable) in expect.items():
        assert by_id[iid].target == Decimal(target) and by_id[iid].computable is computable, iid
    assert by_id["lanxi.dropouts"].comparator == "=="
    aspirational = {i.id for i in lx.INDICATORS if i.aspirational}
    assert aspirational == {"lanxi.garden_coverage", "lanxi.industry_and_pv_income", "lanxi.industry_income_average"}


def test_computable_indicators_name_declared_rules(reg: Registry) -> None:
    rule_ids = {rid for rid, _ in reg.rules}
    for ind in lx.INDICATORS:
        if not ind.computable:
            continue
        for ref in re.findall(r"\b(?:cohort|risk|measure)\.[a-z_]+", f"{ind.numerator} {ind.denominator or ''}"):
            assert ref in rule_ids, (ind.id, ref)


# ---- citations, coverage, docs, examples ----------------------------------------------------------------

_PUNCT = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "“": '"', "”": '"', "、": ","})


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s).translate(_PUNCT)


def _plugin_citations() -> list[Citation]:
    out = [c for r in lx.RULES for c in r.citations]
    out += [v.citation for v in lx.VALUES] + [e.citation for e in lx.EVENTS] + [i.citation for i in lx.INDICATORS]
    return out


def test_every_quote_is_verbatim_from_001() -> None:
    text = _norm(SEED.read_text(encoding="utf-8"))
    cites = [c for c in _plugin_citations() if c.document == "001"]
    assert len(cites) > 40 and all(c.quote_zh for c in cites)
    bad = [f"{c.clause}: {c.quote_zh}" for c in cites if _norm(c.quote_zh or "") not in text]
    assert not bad, bad


def test_coverage_check_is_clean() -> None:
    known = {r.id for r in NATIONAL_RULES} | {s.key for s in NATIONAL_SPECS}
    assert check(PLUGIN, known_elsewhere=known) == []
    # without the national ids, the rows that rely on national rules are reported (the check can fail)
    assert any("measure.monitoring_inclusion_review" in p for p in check(PLUGIN))


def test_coverage_lists_every_clause() -> None:
    [cf] = load(PLUGIN)
    assert (cf.document, cf.region) == ("001", LANXI)
    clauses = {c.clause for c in cf.clauses}
    wanted = {"序", *(f"一.{n}" for n in "一二三四五六七八"), "二.1", "二.2", "二.3", "二.4", "二.兜底",
              *(f"三.{n}" for n in range(1, 7)), "四.一", "四.二", *(f"五.{n}" for n in range(1, 9)),
              *(f"六.{n}" for n in range(1, 6))}
    assert wanted <= clauses, wanted - clauses


def test_docs_page_embeds_the_coverage_matrix_and_office_parameters(reg: Registry) -> None:
    text = (ROOT / "docs" / "regions" / "heilongjiang_lanxi.md").read_text(encoding="utf-8")
    assert render_markdown(PLUGIN, title="Coverage of document 001 (兰西县 2023)") in text
    assert "2022-03-22" in text or "2022年3月22日" in text
    needed: set[str] = set()
    for a in reg.rules_for(LANXI, ON):
        needed |= a.item.condition.params() | (a.item.amount.params() if a.item.amount else set())
    missing = {k for k in needed if reg.resolve(k, LANXI, ON) is None}
    assert {s.key for s in lx.SPECS} <= missing
    for key in missing | {"monitoring.elimination_min_stable_months", "monitoring.elimination_min_assisted_months"}:
        assert f"`{key}`" in text, key


def _example_households() -> list[Household]:
    lines = (EXAMPLES / "households.jsonl").read_text(encoding="utf-8").splitlines()
    return [Household.model_validate_json(line) for line in lines if line.strip()]


def test_examples_evaluate_with_example_params() -> None:
    reg = xianjie.build_registry(plugins=[PLUGIN], autoload=False, strict=True,
                                 params=[EXAMPLES / "params.toml"])
    hs = {h.household_id: h for h in _example_households()}
    assert all(h.region == LANXI for h in hs.values()) and len(hs) >= 5
    got = {hid: {m.id for m in xianjie.evaluate(h, on=ON, registry=reg, explain=False).measures
                 if m.outcome == "eligible"} for hid, h in hs.items()}
    assert {"measure.cross_province_transport_subsidy", "measure.microcredit",
            "measure.development_assistance"} <= got["lx-001-monitored-migrant"]
    assert {"measure.courtyard_economy_award", "measure.serious_illness_monitoring_review"} <= got[
        "lx-002-tuopin-courtyard"]
    assert {"measure.safety_net_assistance", "measure.hardship_social_assistance"} <= got["lx-003-no-labour"]
    assert "measure.public_welfare_post" in got["lx-005-weak-labour"]
    assert not got["lx-006-ordinary"] & LANXI_RULE_IDS
    assert lx.tracking_status(hs["lx-004-eliminated-tracking"], ON, reg).status == "in_tracking"
    yulu = xianjie.evaluate(hs["lx-004-eliminated-tracking"], on=ON, registry=reg).conclusion("measure.yulu_plan")
    assert yulu is not None and yulu.amount == Decimal("3000.00")  # the EXAMPLE value from params.toml


def test_example_params_are_marked_as_examples() -> None:
    import tomllib

    data = tomllib.loads((EXAMPLES / "params.toml").read_text(encoding="utf-8"))
    assert "EXAMPLE" in data["document"][0]["title_en"]
    assert data["parameter"] and all(p["citation"]["clause"].startswith("EXAMPLE") for p in data["parameter"])
    assert not any(p["key"].startswith("lanxi.") for p in data["parameter"])  # no source: left to the office


def test_example_file_is_json_lines() -> None:
    for line in (EXAMPLES / "households.jsonl").read_text(encoding="utf-8").splitlines():
        assert isinstance(json.loads(line), dict)


# ---- property tests --------------------------------------------------------------------------------------

_opt = st.none().__or__


@st.composite
def _people(draw: st.DrawFn) -> dict[str, Any]:
    return {"birth_date": draw(st.dates(date(1940, 1, 1), date(2015, 12, 31))),
            "labour_capacity": draw(_opt(st.sampled_from(["full", "weak", "half", "none"]))),
            "work_location": draw(_opt(st.sampled_from(["none", "local", "outside_county", "outside_province"]))),
            "serious_illness": draw(_opt(st.booleans()))}


@st.composite
def _households(draw: st.DrawFn, region: str = LANXI) -> Household:
    return Household.model_validate({
        "household_id": "p1", "region": region,
        "members": draw(st.lists(_people(), min_size=1, max_size=4)),
        "statuses": {"poverty_lifted": draw(_opt(st.booleans())),
                     "monitoring": {"kind": draw(_opt(st.sampled_from(
                         ["none", "unstable", "marginal", "sudden_hardship"]))),
                         "risk_causes": draw(_opt(st.frozensets(st.sampled_from(
                             ["illness", "disaster", "epidemic", "education", "industry_failure"]), max_size=2)))}},
        "loans": {"willing": draw(_opt(st.booleans()))},
        "agri_insured": draw(_opt(st.booleans())), "industry_willing": draw(_opt(st.booleans())),
        "courtyard_economy": draw(_opt(st.frozensets(st.sampled_from(["garden", "pasture", "textile"]), max_size=2))),
    })


_SETTINGS = settings(max_examples=60, deadline=None)


@_SETTINGS
@given(h=_households(), on=st.dates(date(2023, 1, 1), date(2023, 12, 31)))
def test_property_lanxi_microcredit_extends_the_national_rule(reg: Registry, h: Household, on: date) -> None:
    national = outcome(h.model_copy(update={"region": "CN"}), "measure.microcredit", on, reg)
    lanxi = outcome(h, "measure.microcredit", on, reg)
    if national == "eligible":
        assert lanxi == "eligible"
    if h.loans.willing is False:
        assert lanxi == "ineligible"


@_SETTINGS
@given(h=_households(), on=st.one_of(st.dates(date(2021, 1, 1), date(2022, 12, 31)),
                                     st.dates(date(2024, 1, 1), date(2026, 12, 31))))
def test_property_outside_2023_lanxi_equals_national(reg: Registry, h: Household, on: date) -> None:
    def outcomes(x: Household) -> dict[str, str]:
        d = xianjie.evaluate(x, on=on, registry=reg, explain=False)
        return {c.id: c.outcome for c in (*d.cohorts, *d.risks, *d.measures)}

    assert outcomes(h) == outcomes(h.model_copy(update={"region": "CN"}))


@_SETTINGS
@given(h=_households(), on=st.dates(date(2023, 1, 1), date(2023, 12, 31)))
def test_property_labour_capacity_assignment(reg: Registry, h: Household, on: date) -> None:
    d = xianjie.evaluate(h, on=on, registry=reg, explain=False)
    safety = d.conclusion("measure.safety_net_assistance")
    dev = d.conclusion("measure.development_assistance")
    post = d.conclusion("measure.public_welfare_post")
    assert safety is not None and dev is not None and post is not None
    if safety.outcome == "eligible":  # no member has any labour capacity
        assert dev.outcome == "ineligible" and post.outcome == "ineligible"
    if dev.outcome == "eligible":
        assert safety.outcome == "ineligible"
    caps = [m.labour_capacity for m in h.members]
    if h.statuses.monitoring.kind in ("unstable", "marginal", "sudden_hardship") and None not in caps:
        assert (safety.outcome == "eligible") == all(c == "none" for c in caps)


@_SETTINGS
@given(h=_households(), on=st.dates(date(2023, 1, 1), date(2023, 12, 31)))
def test_property_transport_subsidy_per_member(reg: Registry, h: Household, on: date) -> None:
    conc = xianjie.evaluate(h, on=on, registry=reg, explain=False).conclusion("measure.cross_province_transport_subsidy")
    assert conc is not None
    kind, lifted = h.statuses.monitoring.kind, h.statuses.poverty_lifted
    for m, mc in zip(h.members, conc.members, strict=True):
        if m.work_location is not None and m.work_location != "outside_province":
            assert mc.outcome == "ineligible"
        elif m.work_location == "outside_province" and (
                lifted is True or kind in ("unstable", "marginal", "sudden_hardship")):
            assert mc.outcome == "eligible"
        elif m.work_location == "outside_province" and lifted is False and kind == "none":
            assert mc.outcome == "ineligible"


@settings(max_examples=40, deadline=None)
@given(elim=st.dates(date(2022, 1, 1), date(2023, 12, 31)), offset=st.integers(0, 400))
def test_property_tracking_window_is_one_year(reg: Registry, elim: date, offset: int) -> None:
    on = elim + timedelta(days=offset)
    h = household(person(), kind="marginal", statuses={"monitoring": {"risk_eliminated_on": elim}})
    s = lx.tracking_status(h, on, reg)
    if not date(2023, 1, 1) <= on <= date(2023, 12, 31):
        assert s.status == "undetermined"
    elif on < date(elim.year + 1, elim.month, 1):  # strictly before the anniversary month: surely tracked
        assert s.status == "in_tracking"
    elif on.year * 12 + on.month > (elim.year + 1) * 12 + elim.month:  # after the anniversary month: ended
        assert s.status == "ended"


@settings(max_examples=25, deadline=None)
@given(hs=st.lists(_households(), min_size=1, max_size=6), on=st.dates(date(2023, 1, 1), date(2023, 12, 31)))
def test_property_batch_engine_agrees_with_scalar(reg_amounts: Registry, hs: list[Household], on: date) -> None:
    """The Lanxi rules give the same outcomes and amounts over columns as one household at a time."""
    from xianjie.batch import Population, evaluate_columns

    hs = [h.model_copy(update={"household_id": f"p{i}"}) for i, h in enumerate(hs)]
    batch = evaluate_columns(Population.from_households(hs), on=on, registry=reg_amounts)
    for i, h in enumerate(hs):
        d = xianjie.evaluate(h, on=on, registry=reg_amounts, explain=False)
        for rid in sorted(LANXI_RULE_IDS):
            conc = d.conclusion(rid)
            assert conc is not None
            assert batch.outcome_names(rid)[i] == conc.outcome, (rid, i)
            res = batch.rules[rid]
            if conc.amount is not None:
                assert res.amount_known[i] and Decimal(int(res.amount[i])) / 100 == conc.amount, rid
