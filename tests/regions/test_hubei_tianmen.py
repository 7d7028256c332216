"""The hubei_tianmen plugin (document 000, 天发〔2021〕14号): regions, overrides, Tianmen measures, calendar,
indicators, coverage matrix and docs.

Scenario tests evaluate the example households (examples/hubei_tianmen) twice: in 429006 with the Tianmen
plugin, and as region CN with the same example office values, so each difference is visible exactly where
000 says so. The example values are medium-confidence numbers from research/domain.md, never Tianmen's.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xianjie
from xianjie import coverage
from xianjie.calendars import occurrences, parse_ics, to_ics
from xianjie.models import Decision, Household
from xianjie.params import ParameterFile, load_parameter_file
from xianjie.policies import NATIONAL_RULES
from xianjie.policies.parameters import SPECS
from xianjie.regions import hubei_tianmen as tm

PLUGIN = "xianjie.regions.hubei_tianmen"
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "hubei_tianmen"
PARAMS = EXAMPLES / "params.toml"
DOC = ROOT / "docs" / "regions" / "hubei_tianmen.md"
SEED_000 = next((ROOT.parent / "shared" / "seeds").glob("000_*.txt"), None)
ON = date(2021, 10, 1)
TITLE = "Coverage of document 000 in the hubei_tianmen plugin"

KNOWN_NATIONAL = {r.id for r in NATIONAL_RULES} | {s.key for s in SPECS}
TIANMEN_RULE_IDS = sorted(r.id for r in tm.RULES)


def _cn_params() -> ParameterFile:
    """The same example office values, attached to CN, for the national comparison."""
    pf = load_parameter_file(PARAMS)
    return ParameterFile(source="cn-" + pf.source, documents=pf.documents,
                         raw_parameters=[{**p, "region": "CN"} for p in pf.raw_parameters])


REG = xianjie.build_registry(plugins=[PLUGIN], autoload=False, params=[PARAMS], strict=True)
NAT = xianjie.build_registry(autoload=False, params=[_cn_params()], strict=True)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def examples() -> dict[str, Household]:
    out = {}
    for line in (EXAMPLES / "households.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            h = Household.model_validate_json(line)
            out[h.household_id.split("-", 2)[1]] = h
    return out


HH = examples()


def tianmen(h: Household | dict[str, Any], on: date = ON) -> Decision:
    return xianjie.evaluate(h, on=on, registry=REG)


def national(h: Household, on: date = ON) -> Decision:
    return xianjie.evaluate(h.model_copy(update={"region": "CN"}), on=on, registry=NAT)


def changed(h: Household, path: str, value: Any) -> Household:
    """A copy of ``h`` with one (dotted) field replaced, validated again."""
    data = h.model_dump(mode="json")
    *parents, last = path.split(".")
    node = data
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    node[last] = value
    return Household.model_validate(data)


def member_outcomes(d: Decision, rule_id: str) -> list[str]:
    return [m.outcome for m in d.conclusion(rule_id).members]


# ---- regions and loading -------------------------------------------------------------------------------


def test_regions_chain_and_no_invented_429000() -> None:
    assert REG.chain("429006") == ("429006", "420000", "CN")
    assert REG.regions["429006"].level == "county"
    assert REG.regions["420000"].level == "province"
    assert "429000" not in REG.regions
    assert "429000" in (REG.regions["429006"].note or "")


def test_entry_point_loads_plugin_without_failures() -> None:
    reg = xianjie.build_registry(autoload=True, only=["hubei_tianmen"])
    assert "hubei_tianmen" in reg.plugin_set.plugins
    assert not [f for f in reg.failures if f.plugin == "hubei_tianmen"]


def test_tianmen_rules_apply_only_in_the_transition_period() -> None:
    def local(on: date) -> set[str]:
        return {a.item.id for a in REG.rules_for("429006", on) if a.item.region == "429006"}

    assert local(date(2021, 1, 1)) == set(TIANMEN_RULE_IDS) - {"measure.microcredit"}
    assert local(date(2021, 3, 4)) == set(TIANMEN_RULE_IDS)
    assert local(date(2025, 12, 31)) == set(TIANMEN_RULE_IDS)
    assert local(date(2026, 1, 1)) == set()
    # Hubei itself has no rules of its own: 000 is a city document.
    assert not [a for a in REG.rules_for("420000", ON) if a.item.region != "CN"]


def test_overrides_are_explicit_and_cite_000() -> None:
    overrides = {r.id for r in tm.RULES if r.overrides}
    assert overrides == {"measure.microcredit", "measure.pension_premium_paid", "measure.treat_first_pay_later"}
    for r in tm.RULES:
        assert any(c.document == "000" for c in r.citations), r.id
        assert r.region == "429006"


# ---- 000 九: microcredit for 边缘易致贫户 ------------------------------------------------------------------


def test_000_jiu_marginal_household_gets_microcredit_only_in_tianmen() -> None:
    h = HH["002"]
    t, n = tianmen(h).conclusion("measure.microcredit"), national(h).conclusion("measure.microcredit")
    assert t.outcome == "eligible" and str(t.amount) == "50000.00"
    assert t.explanation is not None and t.explanation.rule_region == "429006"
    assert n.outcome == "ineligible"


def test_000_jiu_tuopin_household_keeps_microcredit_and_unwilling_households_do_not_get_it() -> None:
    tuopin = changed(HH["002"], "statuses.poverty_lifted", True)
    tuopin = changed(tuopin, "statuses.monitoring.kind", "none")
    assert tianmen(tuopin).conclusion("measure.microcredit").outcome == "eligible"
    assert national(tuopin).conclusion("measure.microcredit").outcome == "eligible"
    assert tianmen(changed(HH["002"], "loans.willing", False)).conclusion("measure.microcredit").outcome == "ineligible"


def test_000_jiu_missing_willingness_is_undetermined_and_named() -> None:
    c = tianmen(changed(HH["002"], "loans.willing", None)).conclusion("measure.microcredit")
    assert c.outcome == "undetermined"
    assert c.missing_fields == ("loans.willing",)


# ---- 000 六: pension premium at the minimum tier -----------------------------------------------------------


def test_000_liu_pension_premium_adds_at_risk_population_in_tianmen() -> None:
    h = HH["002"]  # 边缘易致贫户 = 易返贫致贫人员; two working-age enrolled adults, one child
    t, n = tianmen(h), national(h)
    assert member_outcomes(t, "measure.pension_premium_paid") == ["eligible", "eligible", "ineligible"]
    assert str(t.conclusion("measure.pension_premium_paid").amount) == "200"
    assert member_outcomes(n, "measure.pension_premium_paid") == ["ineligible"] * 3


def test_000_liu_pension_premium_same_as_national_for_dibao_and_severely_disabled() -> None:
    h = HH["003"]  # 低保 household; the son has a grade-1 disability; the grandmother already draws the pension
    t, n = tianmen(h), national(h)
    assert member_outcomes(t, "measure.pension_premium_paid") == ["eligible", "eligible", "ineligible"]
    assert member_outcomes(n, "measure.pension_premium_paid") == member_outcomes(t, "measure.pension_premium_paid")


def test_000_liu_pension_amount_is_office_supplied() -> None:
    bare = xianjie.build_registry(plugins=[PLUGIN], autoload=False)
    c = xianjie.evaluate(HH["002"], on=ON, registry=bare).conclusion("measure.pension_premium_paid")
    assert c.outcome == "eligible"
    assert c.amount_outcome == "undetermined"
    assert "pension.paid_amount" in {m.key for m in c.missing_parameters}


def test_000_liu_after_2025_the_national_pension_rule_applies_again() -> None:
    later = date(2026, 3, 1)
    d = tianmen(HH["002"], later)
    c = d.conclusion("measure.pension_premium_paid")
    assert c.explanation is not None and c.explanation.rule_region == "CN"
    assert member_outcomes(d, "measure.pension_premium_paid") == ["ineligible"] * 3


# ---- 000 三: treat first, pay later; premium subsidies ----------------------------------------------------


def _national_treat_first_needs_groups(d: Any) -> bool:
    """Nationally 004 三.4 names no target groups: the rule waits for the office's cohort list."""
    c = d.conclusion("measure.treat_first_pay_later")
    return bool(c.outcome == "undetermined"
                and [m.key for m in c.missing_parameters] == ["medical.treat_first_pay_later_cohorts"])


def test_000_san_treat_first_pay_later_excludes_disaster_only_hardship_in_tianmen() -> None:
    h = HH["006"]  # 突发严重困难户 after a flood (risk cause: disaster)
    assert tianmen(h).conclusion("measure.treat_first_pay_later").outcome == "ineligible"
    assert _national_treat_first_needs_groups(national(h))


@pytest.mark.parametrize("cause", ["illness", "disability", "accident"])
def test_000_san_treat_first_pay_later_named_causes_qualify(cause: str) -> None:
    h = changed(HH["006"], "statuses.monitoring.risk_causes", [cause, "disaster"])
    assert tianmen(h).conclusion("measure.treat_first_pay_later").outcome == "eligible"
    assert _national_treat_first_needs_groups(national(h))


def test_000_san_treat_first_pay_later_unknown_causes_are_undetermined() -> None:
    h = changed(HH["006"], "statuses.monitoring.risk_causes", None)
    c = tianmen(h).conclusion("measure.treat_first_pay_later")
    assert c.outcome == "undetermined"
    assert c.missing_fields == ("statuses.monitoring.risk_causes",)


def test_000_san_treat_first_pay_later_other_groups_unchanged() -> None:
    for key in ("001", "002", "003", "004"):  # 易致贫返贫 (unstable, marginal), 低保, 特困
        assert tianmen(HH[key]).conclusion("measure.treat_first_pay_later").outcome == "eligible", key
        assert _national_treat_first_needs_groups(national(HH[key])), key


def test_000_san_premium_subsidies_are_the_national_rules() -> None:
    full = tianmen(HH["004"]).conclusion("measure.medical_premium_full")
    assert full.outcome == "eligible" and str(full.amount) == "320"
    assert full.explanation is not None and full.explanation.rule_region == "CN"
    assert str(tianmen(HH["003"]).conclusion("measure.medical_premium_dibao").amount) == "480"
    assert tianmen(HH["003"]).conclusion("measure.critical_illness_tilt").outcome == "eligible"


# ---- 000 二, 四, 八, 六: Tianmen measures and mapped national rules ----------------------------------------


def test_000_er_dropout_control_for_lifted_out_family_except_physical_reasons() -> None:
    child = "members.2"
    out = changed(changed(HH["001"], f"{child}.enrolled", False), f"{child}.not_enrolled_reason", "other")
    assert tianmen(out).conclusion("risk.education_dropout").outcome == "eligible"
    assert tianmen(out).conclusion("measure.dropout_control").outcome == "eligible"
    home = changed(out, f"{child}.not_enrolled_reason", "health_home_teaching")
    assert tianmen(home).conclusion("measure.dropout_control").outcome == "ineligible"
    ordinary = changed(changed(HH["005"], f"{child}.birth_date", "2010-01-01"), f"{child}.enrolled", False)
    ordinary = changed(ordinary, f"{child}.not_enrolled_reason", "other")
    assert tianmen(ordinary).conclusion("risk.education_dropout").outcome == "eligible"
    assert tianmen(ordinary).conclusion("measure.dropout_control").outcome == "ineligible"
    with pytest.raises(KeyError):
        national(out).conclusion("measure.dropout_control")


def test_000_si_c_grade_sole_house_of_low_income_household_is_renovated() -> None:
    d = tianmen(HH["001"])
    assert d.conclusion("risk.housing_unsafe").outcome == "eligible"
    assert d.conclusion("measure.housing_renovation").outcome == "eligible"
    assert national(HH["001"]).conclusion("measure.housing_renovation").outcome == "eligible"


def test_000_ba_public_welfare_post_priority_for_lifted_out_members_able_to_work() -> None:
    d = tianmen(HH["001"])
    assert member_outcomes(d, "measure.public_welfare_post_priority") == ["eligible", "eligible", "ineligible"]
    assert member_outcomes(tianmen(HH["002"]), "measure.public_welfare_post_priority") == ["ineligible"] * 3
    with pytest.raises(KeyError):
        national(HH["001"]).conclusion("measure.public_welfare_post_priority")


def test_000_liu_dispersed_tekun_contact_and_help() -> None:
    d = tianmen(HH["004"])
    assert member_outcomes(d, "measure.tekun_dispersed_contact") == ["eligible"]
    assert d.conclusion("measure.tekun_support").outcome == "eligible"
    central = changed(HH["004"], "members.0.tekun", "centralised")
    assert member_outcomes(tianmen(central), "measure.tekun_dispersed_contact") == ["ineligible"]


def test_000_liu_temporary_assistance_review() -> None:
    assert tianmen(HH["006"]).conclusion("measure.temporary_assistance_review").outcome == "eligible"
    assert tianmen(HH["005"]).conclusion("measure.temporary_assistance_review").outcome == "ineligible"


def test_ordinary_household_has_no_risk_and_no_measure() -> None:
    d = tianmen(HH["005"])
    assert {c.outcome for c in (*d.risks, *d.measures)} == {"ineligible"}


# ---- indicators (000 三, 五, 九, 十一) ---------------------------------------------------------------------


def test_indicators_declared_with_document_targets() -> None:
    ind = {i.id: i for i in REG.indicators_for("429006")}
    tap = ind["tianmen.tap_water_coverage"]
    assert (tap.comparator, str(tap.target), tap.computable, tap.due) == (">", "0.93", True, date(2025, 12, 31))
    assert tap.numerator == "cohort.tap_water_household" and tap.denominator == "households"
    assert str(ind["tianmen.urbanisation_rate"].target) == "0.62" and ind["tianmen.urbanisation_rate"].aspirational
    assert ind["tianmen.township_class2_roads"].aspirational
    assert [i for i in ind.values() if i.computable] == [tap]
    assert not REG.indicators_for("420000")


def test_tap_water_coverage_computed_over_example_households() -> None:
    outcomes = [tianmen(h).conclusion("cohort.tap_water_household").outcome for h in HH.values()]
    rate = outcomes.count("eligible") / len(outcomes)
    assert outcomes.count("undetermined") == 0
    assert rate == pytest.approx(5 / 6)
    assert not rate > 0.93  # the example villages are below the 000 五 target
    unknown = changed(HH["005"], "water.piped", None)
    assert tianmen(unknown).conclusion("cohort.tap_water_household").outcome == "undetermined"


# ---- calendar (000 一, 五, 十三) --------------------------------------------------------------------------


def _duty(start: date, end: date) -> list[Any]:
    return [o for o in occurrences(REG.events_for("429006"), start, end)
            if o.event_id == "tianmen.first_secretary_duty_list"]


def test_000_shisan_monthly_duty_list_within_2021_to_2025_only() -> None:
    assert _duty(date(2021, 1, 1), date(2021, 9, 30)) == []
    oct21 = _duty(date(2021, 10, 15), date(2021, 10, 15))
    assert [(o.start, o.end) for o in oct21] == [(date(2021, 10, 1), date(2021, 10, 31))]
    feb24 = _duty(date(2024, 2, 10), date(2024, 2, 10))
    assert [(o.start, o.end) for o in feb24] == [(date(2024, 2, 1), date(2024, 2, 29))]
    dec25 = _duty(date(2025, 12, 31), date(2025, 12, 31))
    assert [(o.start, o.end) for o in dec25] == [(date(2025, 12, 1), date(2025, 12, 31))]
    assert len(_duty(date(2021, 1, 1), date(2025, 12, 31))) == 3 + 12 * 4
    assert _duty(date(2026, 1, 1), date(2026, 12, 31)) == []
    assert occurrences(REG.events_for("429006", inherited=False), date(2026, 1, 1), date(2026, 12, 31)) == []


def test_000_yi_transition_period_bounds_and_000_wu_deadline() -> None:
    occ = occurrences(REG.events_for("429006"), date(2021, 1, 1), date(2021, 1, 1))
    assert [o.event_id for o in occ] == ["tianmen.transition_period_start"]
    end = occurrences(REG.events_for("429006"), date(2025, 12, 31), date(2025, 12, 31))
    assert {o.event_id for o in end} == {"tianmen.transition_period_end", "tianmen.tap_water_target_deadline",
                                         "tianmen.first_secretary_duty_list"}
    assert not REG.events_for("420000")


def test_calendar_ics_round_trip_is_deterministic() -> None:
    occ = occurrences(REG.events_for("429006"), date(2021, 1, 1), date(2026, 12, 31))
    stamp = datetime(2021, 1, 1)
    ics = to_ics(occ, name="天门市 429006", stamp=stamp)
    assert ics == to_ics(occ, name="天门市 429006", stamp=stamp)
    assert parse_ics(ics) == sorted(((o.region, o.event_id, o.start, o.end) for o in occ),
                                    key=lambda t: (t[2], t[0], t[1]))
    assert len(parse_ics(ics)) == 51 + 3


# ---- coverage matrix, docs, citations ---------------------------------------------------------------------


def test_coverage_check_has_no_problems() -> None:
    assert coverage.check(PLUGIN, known_elsewhere=KNOWN_NATIONAL) == []


def test_coverage_without_national_ids_reports_them() -> None:
    problems = coverage.check(PLUGIN)
    assert any("'measure.housing_renovation'" in p for p in problems)


def test_coverage_rows_cover_every_section_and_match_citations() -> None:
    (cf,) = coverage.load(PLUGIN)
    sections = "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六".split()
    assert (cf.document, cf.region) == ("000", "429006")
    assert {c.clause for c in cf.clauses} == set(sections)
    cited: dict[str, set[str]] = {r.id: {c.clause for c in r.citations if c.document == "000"} for r in tm.RULES}
    cited |= {e.id: {e.citation.clause} for e in tm.EVENTS} | {i.id: {i.citation.clause} for i in tm.INDICATORS}
    for row in cf.clauses:
        for i in row.ids:
            if i in cited:
                assert row.clause in cited[i], (row.clause, i)


def test_docs_contain_rendered_coverage_matrix() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert coverage.render_markdown(PLUGIN, title=TITLE) in text


def test_docs_list_every_parameter_the_office_must_supply() -> None:
    bare = xianjie.build_registry(plugins=[PLUGIN], autoload=False)
    text = DOC.read_text(encoding="utf-8")
    for on in (date(2021, 10, 1), date(2022, 6, 1)):
        needed = set()
        for a in bare.rules_for("429006", on):
            r = a.item
            needed |= r.condition.params() | (r.amount.params() if r.amount else set())
        missing = {k for k in needed if bare.resolve(k, "429006", on) is None}
        assert missing, on
        for key in missing:
            assert f"`{key}`" in text, key


def _sections(text: str) -> dict[str, str]:
    """000's sixteen sections, split at the headings that start a line (一、 … 十六、)."""
    parts = re.split(r"^\s*(十[一二三四五六]|[一二三四五六七八九十])、", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _norm(s: str) -> str:
    table = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "“": '"', "”": '"', "、": ","})
    return re.sub(r"\s+", "", s).translate(table)


def test_quotes_are_verbatim_in_the_cited_section_of_000() -> None:
    if SEED_000 is None:
        pytest.fail("the policy seeds are expected beside the checkout (../shared/seeds)")
    sections = {k: _norm(v) for k, v in _sections(SEED_000.read_text(encoding="utf-8")).items()}
    assert len(sections) == 16
    cits = [c for r in tm.RULES for c in r.citations] + [e.citation for e in tm.EVENTS]
    cits += [i.citation for i in tm.INDICATORS]
    for c in cits:
        if c.document == "000" and c.quote_zh:
            assert _norm(c.quote_zh) in sections[c.clause], (c.clause, c.quote_zh)


def test_example_params_are_marked_as_examples() -> None:
    pf = load_parameter_file(PARAMS)
    assert pf.documents and all(d.id.startswith("example-domain-") for d in pf.documents)
    assert all("EXAMPLE" in d.title_en for d in pf.documents)
    assert all(p["citation"]["document"].startswith("example-domain-") for p in pf.raw_parameters)
    assert all("EXAMPLE" in p["note"] for p in pf.raw_parameters)


def test_example_households_are_valid_tianmen_records() -> None:
    lines = (EXAMPLES / "households.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(HH) == 6
    assert all(json.loads(line)["region"] == "429006" for line in lines)


# ---- properties --------------------------------------------------------------------------------------------


def _opt(s: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | s


@st.composite
def _member(draw: st.DrawFn) -> dict[str, Any]:
    year = draw(st.sampled_from([1940, 1955, 1962, 1966, 1975, 1990, 2003, 2006, 2010, 2014, 2018]))
    disabled = draw(_opt(st.booleans()))
    m: dict[str, Any] = {
        "birth_date": draw(_opt(st.just(f"{year}-06-15"))),
        "disabled": disabled,
        "disability_grade": draw(_opt(st.integers(1, 4))) if disabled else None,
        "labour_capacity": draw(_opt(st.sampled_from(["full", "weak", "half", "none"]))),
        "tekun": draw(_opt(st.sampled_from(["none", "dispersed", "centralised"]))),
        "pension_enrolled": draw(_opt(st.booleans())),
        "pension_receiving": draw(_opt(st.booleans())),
        "enrolled": draw(_opt(st.booleans())),
    }
    if m["enrolled"] is False:
        m["not_enrolled_reason"] = draw(_opt(st.sampled_from(["health_home_teaching", "other"])))
    return m


_money = st.decimals(min_value=-2000, max_value=120000, places=2, allow_nan=False, allow_infinity=False)
_causes = st.frozensets(st.sampled_from(["illness", "disability", "disaster", "accident", "unemployment"]))


@st.composite
def tianmen_households(draw: st.DrawFn) -> Household:
    return Household.model_validate({
        "household_id": "p1", "region": "429006", "members": draw(st.lists(_member(), min_size=1, max_size=4)),
        "income": {"annual_net_income": draw(_opt(_money)), "wage": draw(_opt(st.just("0")))},
        "rigid_expenditure": {"medical_out_of_pocket": draw(_opt(st.sampled_from(["0", "3000", "15000"]))),
                              "education": "0", "other": draw(_opt(st.sampled_from(["0", "8000"])))},
        "water": {"piped": draw(_opt(st.booleans()))},
        "statuses": {
            "poverty_lifted": draw(_opt(st.booleans())), "dibao": draw(_opt(st.booleans())),
            "relapsed": draw(_opt(st.booleans())),
            "monitoring": {"kind": draw(_opt(st.sampled_from(["none", "unstable", "marginal", "sudden_hardship"]))),
                           "risk_causes": draw(_opt(_causes))}},
        "loans": {"willing": draw(_opt(st.booleans()))},
    })


def _tianmen_outcomes(d: Decision) -> dict[str, str]:
    out = {}
    for rid in TIANMEN_RULE_IDS:
        c = d.conclusion(rid)
        out[rid] = c.outcome
        for m in c.members:
            out[f"{rid}#{m.member_index}"] = m.outcome
    return out


REMOVABLE = ["income.annual_net_income", "rigid_expenditure.medical_out_of_pocket", "water.piped",
             "statuses.poverty_lifted", "statuses.dibao", "statuses.relapsed", "statuses.monitoring.kind",
             "statuses.monitoring.risk_causes", "loans.willing"]
MEMBER_REMOVABLE = ["birth_date", "disabled", "labour_capacity", "tekun", "pension_enrolled", "pension_receiving",
                    "enrolled", "not_enrolled_reason"]


@FAST
@given(tianmen_households(), st.data())
def test_property_removing_an_input_never_flips_a_tianmen_conclusion(h: Household, data: st.DataObject) -> None:
    paths = REMOVABLE + [f"members.{i}.{f}" for i in range(len(h.members)) for f in MEMBER_REMOVABLE]
    path = data.draw(st.sampled_from(paths))
    before = _tianmen_outcomes(tianmen(h))
    after = _tianmen_outcomes(tianmen(changed(h, path, None)))
    for rid, outcome in before.items():
        assert after[rid] in (outcome, "undetermined"), (rid, path, outcome, after[rid])


@FAST
@given(tianmen_households(), st.decimals(min_value=0, max_value=50000, places=2, allow_nan=False,
                                         allow_infinity=False))
def test_property_less_income_never_removes_a_tianmen_measure(h: Household, cut: Any) -> None:
    if h.income.annual_net_income is None:
        return
    lower = changed(h, "income.annual_net_income", str(h.income.annual_net_income - cut))
    before, after = _tianmen_outcomes(tianmen(h)), _tianmen_outcomes(tianmen(lower))
    for rid, outcome in before.items():
        if outcome == "eligible":
            assert after[rid] == "eligible", (rid, h.income.annual_net_income, cut)


@FAST
@given(tianmen_households())
def test_property_tianmen_widens_microcredit_and_pension_never_narrows_them(h: Household) -> None:
    t, n = tianmen(h), national(h)
    for rid in ("measure.microcredit", "measure.pension_premium_paid"):
        if n.conclusion(rid).outcome == "eligible":
            assert t.conclusion(rid).outcome == "eligible", rid
    # treat-first-pay-later can only narrow (000 三 names fewer causes than the national rule's cohort)
    if t.conclusion("measure.treat_first_pay_later").outcome == "eligible":
        assert n.conclusion("measure.treat_first_pay_later").outcome in ("eligible", "undetermined")
