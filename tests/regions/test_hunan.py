"""The Hunan plugin (430000, 430700, 430000.zhangshu): documents 002, 003 and 004.

Scenario tests show the results differ from the national default exactly where the documents say so; each
test's name and docstring name the clause. Then: calendar, iCalendar round trip, coverage matrices, docs,
citations, validity periods, the example files, and hypothesis properties for each rule family added.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xianjie
from xianjie import coverage
from xianjie.calendars import occurrences, parse_ics, to_ics
from xianjie.models import Citation, Decision, Household
from xianjie.params import parameter_file_from_mapping
from xianjie.policies import NATIONAL_RULES
from xianjie.policies.parameters import SPECS
from xianjie.regions import hunan

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLE_PARAMS = ROOT / "examples" / "hunan" / "params.toml"
EXAMPLE_HOUSEHOLDS = ROOT / "examples" / "hunan" / "households.jsonl"
DOCS = ROOT / "docs" / "regions" / "hunan.md"
MATRIX_TITLE = "Coverage matrices: Hunan (documents 002, 003, 004)"

PLUGIN = ["xianjie.regions.hunan"]
REG = xianjie.build_registry(plugins=PLUGIN, autoload=False)
REG_EX = xianjie.build_registry(plugins=PLUGIN, autoload=False, params=[EXAMPLE_PARAMS])

ON = date(2021, 10, 1)  # inside the 樟树乡 campaign (2021-09-18..2021-12-31)
HN, CD, ZS = "430000", "430700", "430000.zhangshu"
PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ev(h: Household | dict[str, Any], on: date = ON, reg: xianjie.Registry = REG) -> Decision:
    return xianjie.evaluate(h, on=on, registry=reg, explain=False)


def member(**kw: Any) -> dict[str, Any]:
    """An adult (age 50 on ON), rural, not a student, paying resident-pension premiums, no special status."""
    base: dict[str, Any] = {"birth_date": "1971-03-01", "rural_hukou": True, "disabled": False,
                            "enrolled": False, "school_stage": "none", "pension_enrolled": True,
                            "pension_receiving": False, "tekun": "none", "chronic_diseases": [],
                            "serious_illness": False, "labour_capacity": "full", "adl_disability": "none",
                            "orphan": False, "de_facto_unsupported_child": False}
    base.update(kw)
    return base


def household(region: str = HN, members: list[dict[str, Any]] | None = None, **kw: Any) -> dict[str, Any]:
    statuses = {"poverty_lifted": False, "dibao": False, "dibao_edge": False, "relapsed": False,
                "assets_within_limits": True, "monitoring": {"kind": "none", "risk_causes": []},
                "relocation": {"kind": "none"}}
    statuses.update(kw.pop("statuses", {}))
    h: dict[str, Any] = {"household_id": "TEST-HN", "region": region, "members": members or [member()],
                         "income": {"annual_net_income": "20000.00", "wage": "0.00"}, "statuses": statuses,
                         "loans": {"willing": False}, "industry_willing": False}
    h.update(kw)
    return h


def office_registry(values: list[dict[str, Any]], docs: list[dict[str, Any]] | None = None) -> xianjie.Registry:
    """A registry with test-only office values (declared under a test document, never a policy number)."""
    doc = {"id": "test-office", "title_zh": "测试用参数(非政策)", "title_en": "TEST values (not policy)",
           "issuer": "tests", "valid_from": "2021-01-01"}
    pf = parameter_file_from_mapping({"document": [doc, *(docs or [])], "parameter": values}, source="test")
    return xianjie.build_registry(plugins=PLUGIN, autoload=False, params=[EXAMPLE_PARAMS, pf])


def office_value(key: str, value: Any, region: str = HN, frm: str = "2021-01-01", until: str = "2025-12-31"
               ) -> dict[str, Any]:
    return {"key": key, "region": region, "value": value, "valid_from": date.fromisoformat(frm),
            "valid_until": date.fromisoformat(until), "citation": {"document": "test-office", "clause": "test"}}


# ---- 002 (十四): pension premium at the 100-yuan tier ------------------------------------------------------


def test_002_14_tekun_member_pension_amount_100_in_hunan_vs_undetermined_nationally() -> None:
    """002 (十四): a rural 特困 member gets the full 100-yuan tier in Hunan; nationally the amount is open."""
    h = household(members=[member(tekun="dispersed")])
    hunan_c = ev(h).conclusion("measure.pension_premium_paid")
    assert hunan_c.outcome == "eligible" and hunan_c.amount_outcome == "determined"
    assert hunan_c.amount == Decimal("100.00")
    assert {c.short() for c in hunan_c.citations} >= {"002 (十四)"}
    national_c = ev({**h, "region": "CN"}).conclusion("measure.pension_premium_paid")
    assert national_c.outcome == "eligible" and national_c.amount_outcome == "undetermined"
    assert national_c.amount is None
    assert [m.key for m in national_c.missing_parameters] == ["pension.paid_amount"]


def test_002_14_relapsed_household_gets_full_tier_whatever_the_hukou() -> None:
    """002 (十四): 返贫致贫人口 has no 农村 qualifier, so the member's hukou is not needed."""
    h = household(members=[member(rural_hukou=None)], statuses={"relapsed": True})
    c = ev(h).conclusion("measure.pension_premium_paid")
    assert (c.outcome, c.amount) == ("eligible", Decimal("100.00"))


def test_002_14_dibao_member_gets_the_office_supplied_partial_amount() -> None:
    """002 (十四): 低保对象 get part or all of the tier, the amount set by the county (office-supplied)."""
    h = household(members=[member()], statuses={"dibao": True})
    c = ev(h).conclusion("measure.pension_premium_paid")
    assert c.outcome == "eligible" and c.amount_outcome == "undetermined"
    assert [m.key for m in c.missing_parameters] == ["pension.paid_amount"]
    reg = office_registry([office_value("pension.paid_amount", "40.00")])
    assert ev(h, reg=reg).conclusion("measure.pension_premium_paid").amount == Decimal("40.00")


def test_002_14_rural_qualifier_decides_the_amount_for_severe_disability_and_tekun() -> None:
    """002 (十四): full payment is for 农村 重度残疾人/特困人员; unknown hukou → amount undetermined, named."""
    disabled = member(disabled=True, disability_grade=1, disability_category="physical", rural_hukou=None)
    c = ev(household(members=[disabled]), reg=REG_EX).conclusion("measure.pension_premium_paid")
    assert c.outcome == "eligible" and c.amount_outcome == "undetermined"
    assert "members.0.rural_hukou" in c.missing_fields
    reg = office_registry([office_value("pension.paid_amount", "40.00")])
    urban = member(tekun="dispersed", rural_hukou=False)
    assert ev(household(members=[urban]), reg=reg).conclusion("measure.pension_premium_paid").amount == Decimal("40.00")
    rural = member(disabled=True, disability_grade=2, disability_category="physical", rural_hukou=True)
    assert ev(household(members=[rural]), reg=reg).conclusion("measure.pension_premium_paid").amount == Decimal("100.00")


def test_002_14_pension_values_are_cited_and_limited_to_the_document_period() -> None:
    """002 (十四): pension.min_tier and pension.paid_amount_priority = 100 from 2021-05-17 to 2025-12-31."""
    for key in ("pension.min_tier", "pension.paid_amount_priority"):
        res = REG.resolve(key, HN, date(2021, 5, 17))
        assert res is not None and res.value == Decimal("100.00")
        assert res.resolved.citation.short() == "002 (十四)"
        assert REG.resolve(key, CD, date(2025, 12, 31)) is not None  # inherited by Changde
        assert REG.resolve(key, HN, date(2021, 5, 16)) is None
        assert REG.resolve(key, HN, date(2026, 1, 1)) is None
        assert REG.resolve(key, "CN", date(2022, 1, 1)) is None


def test_002_14_national_rule_applies_in_hunan_before_the_opinions() -> None:
    """002 governs from 2021-05-17: before that the national pension rule (amount office-supplied) applies."""
    h = household(members=[member(tekun="dispersed")])
    c = ev(h, on=date(2021, 5, 1)).conclusion("measure.pension_premium_paid")
    assert c.outcome == "eligible" and c.amount is None


# ---- 002 (十二): 低保 gradual exit, 2021 standard -------------------------------------------------------------


def _exiting(region: str = HN, exceeded: str | None = "2020-12-01") -> dict[str, Any]:
    return household(region, members=[member(), member(birth_date="1945-01-01")],
                     income={"annual_net_income": "9000.00", "wage": "0.00"},
                     statuses={"dibao": True, "dibao_income_exceeded_on": exceeded, "poverty_lifted": True})


def test_002_12_gradual_exit_exists_in_hunan_only() -> None:
    """002 (十二): income above the 4300 standard (9000 for 2 > 8600) keeps 低保 in the exit period in Hunan."""
    c = ev(_exiting(), on=date(2021, 10, 1)).conclusion("measure.dibao_gradual_exit")
    assert c.outcome == "eligible" and {x.short() for x in c.citations} == {"002 (十二)"}
    assert ev(_exiting(), on=date(2021, 10, 1)).conclusion("measure.dibao").outcome == "ineligible"
    with pytest.raises(KeyError):
        ev({**_exiting(), "region": "CN"}).conclusion("measure.dibao_gradual_exit")


def test_002_12_gradual_exit_lasts_at_most_twelve_months() -> None:
    """002 (十二) "不超过一年": 11 whole months in → still in the exit period; 12 → over."""
    assert ev(_exiting(), on=date(2021, 11, 30)).conclusion("measure.dibao_gradual_exit").outcome == "eligible"
    assert ev(_exiting(), on=date(2021, 12, 1)).conclusion("measure.dibao_gradual_exit").outcome == "ineligible"
    assert REG.resolve("dibao.gradual_exit_max_months", HN, ON).value == 12  # type: ignore[union-attr]


def test_002_12_gradual_exit_without_the_date_is_undetermined() -> None:
    """002 (十二): the exit period needs the date income exceeded the standard; missing → undetermined."""
    c = ev(_exiting(exceeded=None)).conclusion("measure.dibao_gradual_exit")
    assert c.outcome == "undetermined" and "statuses.dibao_income_exceeded_on" in c.missing_fields


def test_hunan_2021_dibao_standard_is_4300_for_2021_only() -> None:
    """湘民发〔2021〕4号 (domain.md B.9, H): 4300 in 2021; 2022+ not found, so 低保 is undetermined then."""
    res = REG.resolve("dibao.standard_rural", HN, date(2021, 1, 1))
    assert res is not None and res.value == Decimal("4300.00")
    assert res.resolved.citation.document == "xiangminfa-2021-4"
    assert REG.documents["xiangminfa-2021-4"].doc_number == "湘民发〔2021〕4号"
    assert REG.resolve("dibao.standard_rural", HN, date(2022, 1, 1)) is None
    assert REG.resolve("dibao.standard_rural", "CN", date(2021, 6, 1)) is None
    c = ev(_exiting(), on=date(2022, 3, 1)).conclusion("measure.dibao")
    assert c.outcome == "undetermined" and [m.key for m in c.missing_parameters] == ["dibao.standard_rural"]


# ---- 002 (九) vs 003 二.(一).2.②: family-doctor contracts --------------------------------------------------


def _patient(region: str, disease: str) -> dict[str, Any]:
    return household(region, members=[member(chronic_diseases=[disease], family_doctor_signed=False)],
                     statuses={"poverty_lifted": True})


def test_002_9_and_003_2_2_four_diseases_in_zhangshu_two_in_hunan() -> None:
    """002 (九) names 高血压、糖尿病; 003 二.(一).2.② four diseases (adds 结核病、重性精神障碍) for 樟树乡."""
    for disease, hunan_outcome in (("hypertension", "eligible"), ("tuberculosis", "ineligible"),
                                   ("severe_mental_disorder", "ineligible")):
        assert ev(_patient(HN, disease)).conclusion("measure.family_doctor_contract").outcome == hunan_outcome
        assert ev(_patient(ZS, disease)).conclusion("measure.family_doctor_contract").outcome == "eligible"
    national = ev(_patient("CN", "hypertension")).conclusion("measure.family_doctor_contract")
    assert national.outcome == "undetermined"
    # after the campaign the township falls back to Hunan's two diseases
    after = ev(_patient(ZS, "tuberculosis"), on=date(2022, 1, 5)).conclusion("measure.family_doctor_contract")
    assert after.outcome == "ineligible"


def test_003_2_2_unsigned_chronic_patient_is_a_township_risk() -> None:
    """003 二.(一).2.② 应签尽签: an eligible patient without a contract is flagged during the campaign."""
    assert ev(_patient(ZS, "tuberculosis")).conclusion("risk.chronic_contract_unsigned").outcome == "eligible"
    signed = household(ZS, members=[member(chronic_diseases=["tuberculosis"], family_doctor_signed=True)],
                       statuses={"poverty_lifted": True})
    assert ev(signed).conclusion("risk.chronic_contract_unsigned").outcome == "ineligible"


# ---- 003 二.(二).1: "一超过" 6500 consolidation line --------------------------------------------------------


def _income(region: str, per_capita: str) -> dict[str, Any]:
    return household(region, members=[member(), member()],
                     income={"annual_net_income": str(Decimal(per_capita) * 2), "wage": "0.00"})


def test_003_2_2_1_consolidation_line_is_strictly_exceeded_and_not_the_monitoring_line() -> None:
    """003 二.(二).1 "超过6500元": 6500.00 does not exceed (risk present), 6500.01 does."""
    at = ev(_income(ZS, "6500.00"))
    assert at.conclusion("risk.consolidation_income_not_exceeded").outcome == "eligible"
    assert at.conclusion("risk.income_below_line").outcome == "ineligible"  # the 6000 monitoring line differs
    assert ev(_income(ZS, "6500.01")).conclusion("risk.consolidation_income_not_exceeded").outcome == "ineligible"
    assert REG.resolve("consolidation.income_line", ZS, ON).value == Decimal("6500.00")  # type: ignore[union-attr]
    assert REG.resolve("consolidation.income_line", HN, ON) is None


def test_003_2_2_1_consolidation_risk_is_township_and_campaign_only() -> None:
    """003 is a township plan valid 2021-09-18..2021-12-31: no such risk in Hunan or after the campaign."""
    with pytest.raises(KeyError):
        ev(_income(HN, "5000.00")).conclusion("risk.consolidation_income_not_exceeded")
    with pytest.raises(KeyError):
        ev(_income(ZS, "5000.00"), on=date(2022, 1, 1)).conclusion("risk.consolidation_income_not_exceeded")
    with pytest.raises(KeyError):
        ev(_income(ZS, "5000.00"), on=date(2021, 9, 17)).conclusion("risk.consolidation_income_not_exceeded")


# ---- 003 二.(一).3.②: relocation --------------------------------------------------------------------------


def _relocated(supports: list[str] | None, moved_in: bool | None = True) -> dict[str, Any]:
    return household(ZS, statuses={"relocation": {"kind": "dispersed", "moved_in": moved_in, "supports": supports}})


def test_003_3_2_relocated_household_needs_at_least_one_followup_support() -> None:
    """003 二.(一).3.②: employment, industry or social security — at least one."""
    assert ev(_relocated([])).conclusion("risk.relocation_support_missing").outcome == "eligible"
    for s in ("employment", "industry", "social_security"):
        assert ev(_relocated([s])).conclusion("risk.relocation_support_missing").outcome == "ineligible"
    unknown = ev(_relocated(None)).conclusion("risk.relocation_support_missing")
    assert unknown.outcome == "undetermined" and "statuses.relocation.supports" in unknown.missing_fields
    assert ev(household(ZS)).conclusion("risk.relocation_support_missing").outcome == "ineligible"


def test_003_3_2_relocated_household_must_have_moved_in() -> None:
    """003 二.(一).3.② 100%入住."""
    assert ev(_relocated(["industry"], moved_in=False)).conclusion("risk.relocation_not_moved_in").outcome == "eligible"
    assert ev(_relocated(["industry"])).conclusion("risk.relocation_not_moved_in").outcome == "ineligible"


# ---- 003 二.(一).3.④: loans, industry support, industry failure ------------------------------------------


def test_003_3_4_microcredit_includes_marginal_households_in_zhangshu_only() -> None:
    """003 二.(一).3.④ 脱贫户和边缘户: the township widens the national 脱贫户-only microcredit rule."""
    marginal: dict[str, Any] = {"statuses": {"monitoring": {"kind": "marginal", "risk_causes": ["illness"]}},
                "loans": {"willing": True}}
    zs = ev(household(ZS, **marginal)).conclusion("measure.microcredit")
    assert (zs.outcome, zs.amount) == ("eligible", Decimal("50000.00"))
    assert any(c.short() == "003 二.(一).3.④" for c in zs.citations)
    assert ev(household(HN, **marginal)).conclusion("measure.microcredit").outcome == "ineligible"
    unwilling: dict[str, Any] = {**marginal, "loans": {"willing": False}}
    assert ev(household(ZS, **unwilling)).conclusion("measure.microcredit").outcome == "ineligible"


def test_003_3_4_industry_support_needs_cohort_and_willingness() -> None:
    """003 二.(一).3.④: 脱贫户、边缘户、突发严重困难户 with conditions and willingness (industry_willing)."""
    hardship: dict[str, Any] = {"statuses": {"monitoring": {"kind": "sudden_hardship", "risk_causes": ["illness"]}}}
    assert ev(household(ZS, industry_willing=True, **hardship)).conclusion("measure.industry_support").outcome == "eligible"
    assert ev(household(ZS, industry_willing=False, **hardship)).conclusion("measure.industry_support").outcome == "ineligible"
    c = ev(household(ZS, industry_willing=None, **hardship)).conclusion("measure.industry_support")
    assert c.outcome == "undetermined" and c.missing_fields == ("industry_willing",)
    assert ev(household(ZS, industry_willing=True)).conclusion("measure.industry_support").outcome == "ineligible"


def test_003_3_4_industry_failure_job_or_linkage_by_labour_capacity() -> None:
    """003 二.(一).3.④: after an industry failure, a nearby job if able to work, else a new linkage mechanism."""
    h = household(ZS, members=[member(labour_capacity="half"), member(labour_capacity="none")],
                  statuses={"poverty_lifted": True,
                            "monitoring": {"kind": "unstable", "risk_causes": ["industry_failure"]}})
    d = ev(h)
    job, link = d.conclusion("measure.industry_failure_job"), d.conclusion("measure.industry_failure_linkage")
    assert [m.outcome for m in job.members] == ["eligible", "ineligible"]
    assert [m.outcome for m in link.members] == ["ineligible", "eligible"]


# ---- 003 二.(一) and 二.(一).2.①: screening groups, education -----------------------------------------------


def test_003_2_1_screening_group_covers_the_five_named_groups() -> None:
    """003 二.(一): 脱贫户, 边缘易致贫户, 低保户, 特困供养户, 重病重残户 are screened; others are not."""
    cases = [
        household(ZS, statuses={"poverty_lifted": True}),
        household(ZS, statuses={"monitoring": {"kind": "marginal", "risk_causes": []}}),
        household(ZS, statuses={"dibao": True}),
        household(ZS, members=[member(tekun="centralised")]),
        household(ZS, members=[member(serious_illness=True)]),
    ]
    for h in cases:
        assert ev(h).conclusion("cohort.campaign_screening_group").outcome == "eligible"
    assert ev(household(ZS)).conclusion("cohort.campaign_screening_group").outcome == "ineligible"


def test_003_2_1_compulsory_education_aid_for_the_listed_students() -> None:
    """003 二.(一).2.①: aid for students from 脱贫/低保/特困(incl. orphans)/监测 families; not for others."""
    pupil = member(birth_date="2010-02-02", school_stage="junior", enrolled=True, pension_enrolled=False,
                   labour_capacity="none")
    assert ev(household(ZS, members=[pupil], statuses={"poverty_lifted": True})).conclusion(
        "measure.compulsory_education_aid").outcome == "eligible"
    orphan = {**pupil, "orphan": True}
    assert ev(household(ZS, members=[orphan])).conclusion("measure.compulsory_education_aid").outcome == "eligible"
    assert ev(household(ZS, members=[pupil])).conclusion("measure.compulsory_education_aid").outcome == "ineligible"


# ---- 002 (一)(十二)(十五) provincial rules; 004 四.4 Changde ------------------------------------------------


def test_002_1_12_15_provincial_rules() -> None:
    """002 (一)/(七) priority cohort; (十二) entrusted care, care visits; (十五) emergency assistance review."""
    d = ev(household(members=[member(tekun="dispersed", adl_disability="full")],
                     statuses={"monitoring": {"kind": "sudden_hardship", "risk_causes": ["accident"]}}))
    assert d.conclusion("measure.tekun_entrusted_care").outcome == "eligible"
    assert d.conclusion("measure.assisted_family_care_visits").outcome == "eligible"
    assert d.conclusion("measure.emergency_assistance_review").outcome == "eligible"
    assert d.conclusion("cohort.development_priority").outcome == "ineligible"
    unstable = household(statuses={"poverty_lifted": True, "monitoring": {"kind": "unstable", "risk_causes": []}})
    assert ev(unstable).conclusion("cohort.development_priority").outcome == "eligible"
    with pytest.raises(KeyError):
        ev({**unstable, "region": "CN"}).conclusion("cohort.development_priority")


def test_004_4_4_lifted_out_member_may_keep_minimum_tier_in_changde() -> None:
    """004 四.4: "对上述困难群体和其他已脱贫人口可保留现行最低缴费档次" — Changde only."""
    h = household(CD, statuses={"poverty_lifted": True})
    assert ev(h).conclusion("measure.pension_keep_min_tier").outcome == "eligible"
    assert ev(h).conclusion("measure.pension_premium_paid").outcome == "ineligible"  # not a premium group
    assert ev(household(CD)).conclusion("measure.pension_keep_min_tier").outcome == "ineligible"
    with pytest.raises(KeyError):
        ev({**h, "region": HN}).conclusion("measure.pension_keep_min_tier")


def test_changde_and_zhangshu_inherit_hunan_values() -> None:
    """Regions resolve along their parent chain: 430700 → 430000 → CN; 430000.zhangshu → 430000."""
    assert REG.chain(CD) == (CD, HN, "CN") and REG.chain(ZS) == (ZS, HN, "CN")
    note = REG.regions[ZS].note
    assert note is not None and "county" in note
    assert ev(household(CD, members=[member(tekun="dispersed")])).conclusion(
        "measure.pension_premium_paid").amount == Decimal("100.00")


# ---- calendar ---------------------------------------------------------------------------------------------

EXPECTED_EVENTS = [
    (date(2021, 8, 31), "zhangshu.yulu_spring_2021_paid"),
    (date(2021, 9, 26), "zhangshu.screening_done"),
    (date(2021, 10, 23), "zhangshu.rectification_done"),
    (date(2021, 12, 31), "zhangshu.consolidation_done"),
]


def test_003_3_calendar_has_the_four_2021_dates() -> None:
    """003 三.(一)–(三) and 二.(一).2.①: one-off 2021 deadlines, nothing in 2022–2026."""
    occ = occurrences(REG.events_for(ZS), date(2021, 1, 1), date(2026, 12, 31))
    assert [(o.start, o.event_id) for o in occ] == EXPECTED_EVENTS
    assert all(o.start == o.end and o.region == ZS for o in occ)
    for year in range(2022, 2027):
        assert occurrences(REG.events_for(ZS), date(year, 1, 1), date(year, 12, 31)) == []
    on_day = occurrences(REG.events_for(ZS), date(2021, 10, 23), date(2021, 10, 23))
    assert [o.event_id for o in on_day] == ["zhangshu.rectification_done"]
    assert occurrences(REG.events_for(ZS), date(2021, 10, 24), date(2021, 12, 30)) == []
    assert occurrences(REG.events_for(HN), date(2021, 1, 1), date(2026, 12, 31)) == []  # not inherited upward


def test_003_3_calendar_ics_round_trip_is_exact_and_deterministic() -> None:
    """Export the 2021 campaign to iCalendar and read it back: same events, same dates, same bytes."""
    occ = occurrences(REG.events_for(ZS), date(2021, 1, 1), date(2021, 12, 31))
    data = to_ics(occ, name="樟树乡 2021")
    assert data == to_ics(occ, name="樟树乡 2021")
    assert parse_ics(data) == [(ZS, eid, d, d) for d, eid in EXPECTED_EVENTS]


# ---- coverage, docs, citations, validity ------------------------------------------------------------------

KNOWN_NATIONAL = {r.id for r in NATIONAL_RULES} | {s.key for s in SPECS}


def test_coverage_matrices_have_no_problems() -> None:
    """Every declared rule, parameter, event and indicator has a row; every row names a known id."""
    assert coverage.check("xianjie.regions.hunan", known_elsewhere=KNOWN_NATIONAL) == []
    files = {f.document: f for f in coverage.load("xianjie.regions.hunan")}
    assert set(files) == {"002", "003", "004"}
    assert {f.region for f in files.values()} == {HN, ZS, CD}
    clauses_002 = {c.clause for c in files["002"].clauses}
    assert {f"({n})" for n in "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 二十一 "
            "二十二 二十三 二十四 二十五".split()} <= clauses_002


def test_coverage_check_catches_an_unknown_id() -> None:
    """Without the national ids the check must complain (the rows do point at national rules)."""
    assert any("nothing declares" in p for p in coverage.check("xianjie.regions.hunan"))


def test_docs_contain_the_rendered_matrix_and_office_parameters() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert coverage.render_markdown("xianjie.regions.hunan", title=MATRIX_TITLE) in text
    have = {p.key for p in REG.parameter_set(HN, date(2023, 6, 1))}
    used = {k for r in hunan.xianjie_rules() for k in r.condition.params() | (r.amount.params() if r.amount else set())}
    named = {i for f in coverage.load("xianjie.regions.hunan") for c in f.clauses for i in c.ids if i in REG.specs}
    assert "pension.paid_amount" in used and "dibao.standard_rural" in named
    for key in sorted((used | named) - have):
        assert f"`{key}`" in text, f"docs/regions/hunan.md does not list office-supplied {key}"
    assert "430000.zhangshu" in text and "county" in text


def _plugin_citations() -> list[tuple[str, Citation]]:
    out: list[tuple[str, Citation]] = []
    out += [(r.id, c) for r in hunan.xianjie_rules() for c in r.citations]
    out += [(v.key, v.citation) for v in hunan.xianjie_parameters()]
    out += [(e.id, e.citation) for e in hunan.xianjie_calendar_events()]
    out += [(i.id, i.citation) for i in hunan.xianjie_indicators()]
    return out


def test_every_seed_quote_is_verbatim() -> None:
    """Quotes are copied from the seeds as written (002 in traditional characters, pinyin included)."""
    if not SEEDS.is_dir():
        pytest.fail(f"the policy seeds are expected beside the checkout at {SEEDS}")
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    quoted = [(i, c) for i, c in _plugin_citations() if c.quote_zh and c.document in texts]
    assert len(quoted) > 40
    bad = [f"{i}: {c.short()} {c.quote_zh}" for i, c in quoted if (c.quote_zh or "") not in texts[c.document]]
    assert not bad, "\n".join(bad)


def test_values_and_rules_stay_inside_their_documents_periods() -> None:
    docs = REG.documents
    for v in hunan.xianjie_parameters():
        d = docs[v.citation.document]
        assert d.valid_from <= v.valid_from and v.valid_until is not None
        assert d.valid_until is None or v.valid_until <= d.valid_until, v.key
    for r in hunan.xianjie_rules():
        for c in r.citations:
            d = docs[c.document]
            assert d.valid_from <= r.valid_from, (r.id, c.document)
            assert r.valid_until is not None and (d.valid_until is None or r.valid_until <= d.valid_until), r.id


def test_indicators_name_existing_rules_and_flag_what_records_cannot_show() -> None:
    inds = {i.id: i for i in REG.indicators_for(ZS)}
    assert inds["zhangshu.chronic_contract_rate"].computable and inds["zhangshu.chronic_contract_rate"].target == 1
    assert inds["zhangshu.relocation_followup_coverage"].computable
    assert inds["zhangshu.medical_insurance_2022"].computable
    assert not inds["hunan.village_sewage_treatment_rate"].computable  # inherited from 430000
    assert inds["hunan.village_sewage_treatment_rate"].target == Decimal("0.35")
    assert inds["hunan.nursing_bed_share"].due == date(2025, 12, 31)
    assert inds["hunan.ecommerce_demo_counties"].aspirational
    all_ids = {rid for rid, _ in REG.rules}
    for i in hunan.xianjie_indicators():
        for ref in re.findall(r"\b(?:cohort|risk|measure)\.[a-z_]+", f"{i.numerator} {i.denominator or ''}"):
            assert ref in all_ids, (i.id, ref)


def test_registry_builds_cleanly_with_and_without_example_params() -> None:
    assert REG.failures == [] and REG_EX.failures == []
    strict = xianjie.build_registry(plugins=PLUGIN, autoload=False, params=[EXAMPLE_PARAMS], strict=True)
    assert {HN, CD, ZS} <= set(strict.regions)


# ---- example files ----------------------------------------------------------------------------------------


def _examples() -> list[dict[str, Any]]:
    return [json.loads(line) for line in EXAMPLE_HOUSEHOLDS.read_text(encoding="utf-8").splitlines() if line]


def test_example_households_are_synthetic_and_evaluate() -> None:
    rows = _examples()
    assert {r["region"] for r in rows} == {HN, CD, ZS}
    for r in rows:
        assert r["household_id"].startswith("EX-HN-")
        assert all("id_number" not in m and "name" not in m for m in r["members"])
    d = {r["household_id"]: ev(r, reg=REG_EX) for r in rows}
    assert d["EX-HN-0002"].conclusion("measure.dibao_gradual_exit").outcome == "eligible"
    assert d["EX-HN-0003"].conclusion("measure.pension_premium_paid").amount == Decimal("100.00")
    assert d["EX-HN-0004"].conclusion("measure.pension_keep_min_tier").outcome == "eligible"
    assert d["EX-HN-0005"].conclusion("cohort.relocated").outcome == "eligible"
    assert d["EX-HN-0006"].conclusion("risk.consolidation_income_not_exceeded").outcome == "eligible"
    assert d["EX-HN-0006"].conclusion("risk.chronic_contract_unsigned").outcome == "eligible"
    assert d["EX-HN-0007"].conclusion("risk.relocation_support_missing").outcome == "eligible"
    assert d["EX-HN-0007"].conclusion("measure.microcredit").outcome == "eligible"
    assert d["EX-HN-0008"].conclusion("measure.emergency_assistance_review").outcome == "eligible"
    assert d["EX-HN-0009"].conclusion("measure.industry_failure_linkage").outcome == "eligible"


def test_example_params_are_marked_as_examples() -> None:
    text = EXAMPLE_PARAMS.read_text(encoding="utf-8")
    assert "EXAMPLE" in text and "not policy" in text
    ex_docs = [d for d in REG_EX.documents.values() if d.id.startswith("example-domain-")]
    assert len(ex_docs) >= 5 and all("EXAMPLE" in d.title_en for d in ex_docs)
    res = REG_EX.resolve("medical.individual_contribution", HN, date(2022, 6, 1))
    assert res is not None and res.value == Decimal("320.00") and res.resolved.citation.document == "example-domain-b7"


# ---- hypothesis properties (one per rule family added) -----------------------------------------------------

REG_PARTIAL = office_registry([office_value("pension.paid_amount", "40.00")])

money = st.decimals(min_value=-1000, max_value=40000, places=2, allow_nan=False, allow_infinity=False)
maybe_bool = st.none() | st.booleans()


@st.composite
def members(draw: st.DrawFn) -> dict[str, Any]:
    disabled = draw(maybe_bool)
    return member(
        birth_date=draw(st.sampled_from(["1960-11-01", "1971-03-01", "1990-07-07", "2005-10-02", "1955-01-01"])),
        rural_hukou=draw(maybe_bool), disabled=disabled,
        disability_grade=draw(st.none() | st.integers(1, 4)) if disabled else None,
        tekun=draw(st.none() | st.sampled_from(["none", "dispersed", "centralised"])),
        chronic_diseases=draw(st.none() | st.lists(st.sampled_from(
            ["hypertension", "diabetes", "tuberculosis", "severe_mental_disorder", "other"]), max_size=2,
            unique=True)),
        family_doctor_signed=draw(maybe_bool),
        labour_capacity=draw(st.none() | st.sampled_from(["full", "weak", "half", "none"])),
        pension_enrolled=draw(maybe_bool), pension_receiving=draw(maybe_bool))


@st.composite
def households(draw: st.DrawFn, region: str = ZS) -> Household:
    h = household(
        region, members=draw(st.lists(members(), min_size=1, max_size=3)),
        income={"annual_net_income": draw(st.none() | money), "wage": "0.00"},
        statuses={"poverty_lifted": draw(maybe_bool), "dibao": draw(maybe_bool), "relapsed": draw(maybe_bool),
                  "dibao_income_exceeded_on": draw(st.none() | st.dates(date(2020, 1, 1), date(2021, 9, 30))),
                  "monitoring": {"kind": draw(st.none() | st.sampled_from(
                      ["none", "unstable", "marginal", "sudden_hardship"])),
                      "risk_causes": draw(st.none() | st.sampled_from([[], ["industry_failure"], ["illness"]]))},
                  "relocation": {"kind": draw(st.none() | st.sampled_from(["none", "centralised", "dispersed"])),
                                 "moved_in": draw(maybe_bool),
                                 "supports": draw(st.none() | st.lists(st.sampled_from(
                                     ["employment", "industry", "social_security"]), unique=True))}},
        loans={"willing": draw(maybe_bool)}, industry_willing=draw(maybe_bool))
    return Household.model_validate(h)


def _outcome(h: Household, rule_id: str, on: date = ON) -> str:
    return ev(h, on=on, reg=REG_EX).conclusion(rule_id).outcome


def _without(h: Household, path: str) -> Household:
    data = h.model_dump(mode="json")
    *head, last = path.split(".")
    node = data
    for p in head:
        node = node[int(p)] if isinstance(node, list) else node[p]
    node[last] = None
    return Household.model_validate(data)


def _never_flips(before: str, after: str) -> bool:
    """Removing an input keeps a determined outcome or makes it undetermined — never the opposite."""
    return after == before or after == "undetermined" or before == "undetermined"


@PROPS
@given(households(), st.decimals(min_value=0, max_value=5000, places=2))
def test_property_003_2_2_1_lower_income_never_removes_consolidation_risk(h: Household, cut: Decimal) -> None:
    before = _outcome(h, "risk.consolidation_income_not_exceeded")
    if h.income.annual_net_income is None:
        assert before == "undetermined"
        return
    poorer = h.model_copy(update={"income": h.income.model_copy(
        update={"annual_net_income": h.income.annual_net_income - cut})})
    if before == "eligible":
        assert _outcome(poorer, "risk.consolidation_income_not_exceeded") == "eligible"
    assert _outcome(_without(h, "income.annual_net_income"), "risk.consolidation_income_not_exceeded") == "undetermined"


@PROPS
@given(households(region=HN), st.integers(0, 2))
def test_property_002_14_pension_amount_is_priority_or_partial_and_hukou_removal_never_flips(
        h: Household, idx: int) -> None:
    reg = REG_PARTIAL
    c = ev(h, reg=reg).conclusion("measure.pension_premium_paid")
    for m in c.members:
        if m.amount is not None:
            assert m.amount in (Decimal("100.00"), Decimal("40.00"))
    i = idx % len(h.members)
    c2 = ev(_without(h, f"members.{i}.rural_hukou"), reg=reg).conclusion("measure.pension_premium_paid")
    assert _never_flips(c.outcome, c2.outcome)
    m1, m2 = c.members[i], c2.members[i]
    assert m2.amount is None or m2.amount == m1.amount


@PROPS
@given(households(region=HN))
def test_property_002_12_gradual_exit_removing_date_never_flips(h: Household) -> None:
    before = _outcome(h, "measure.dibao_gradual_exit")
    after = _outcome(_without(h, "statuses.dibao_income_exceeded_on"), "measure.dibao_gradual_exit")
    assert _never_flips(before, after)
    if before == "eligible":  # still eligible a day earlier in the same exit period, never beyond 12 months
        exceeded = h.statuses.dibao_income_exceeded_on
        assert exceeded is not None and (ON.year - exceeded.year) * 12 + ON.month - exceeded.month <= 12


@PROPS
@given(households(), st.sampled_from(["employment", "industry", "social_security"]))
def test_property_003_3_2_adding_a_support_never_creates_the_risk(h: Household, extra: str) -> None:
    before = _outcome(h, "risk.relocation_support_missing")
    reloc = h.statuses.relocation
    more = h.model_copy(update={"statuses": h.statuses.model_copy(update={"relocation": reloc.model_copy(
        update={"supports": frozenset(reloc.supports or ()) | {extra}})})})
    after = _outcome(more, "risk.relocation_support_missing")
    assert not (before != "eligible" and after == "eligible")
    assert after != "eligible" or reloc.kind is None
    assert _never_flips(before, _outcome(_without(h, "statuses.relocation.supports"),
                                         "risk.relocation_support_missing"))


@PROPS
@given(households())
def test_property_003_3_4_removing_willingness_never_flips_loans_or_industry(h: Household) -> None:
    for rule_id, path in (("measure.microcredit", "loans.willing"), ("measure.industry_support", "industry_willing")):
        before = _outcome(h, rule_id)
        after = _outcome(_without(h, path), rule_id)
        assert _never_flips(before, after)
    # the township rule is never narrower than the national one for the same household
    if _outcome(h.model_copy(update={"region": "CN"}), "measure.microcredit") == "eligible":
        assert _outcome(h, "measure.microcredit") == "eligible"


@PROPS
@given(households())
def test_property_003_2_2_four_disease_list_is_a_superset_of_hunans(h: Household) -> None:
    zs = ev(h, reg=REG_EX).conclusion("measure.family_doctor_contract")
    hn = ev(h.model_copy(update={"region": HN}), reg=REG_EX).conclusion("measure.family_doctor_contract")
    for a, b in zip(hn.members, zs.members, strict=True):
        if a.outcome == "eligible":
            assert b.outcome == "eligible"


@PROPS
@given(households(), st.integers(0, 2))
def test_property_003_rules_removing_a_member_input_never_flips(h: Household, idx: int) -> None:
    i = idx % len(h.members)
    rules = ("risk.chronic_contract_unsigned", "measure.industry_failure_job", "measure.industry_failure_linkage",
             "cohort.campaign_screening_group", "measure.compulsory_education_aid")
    full = ev(h, reg=REG_EX)
    for path in (f"members.{i}.chronic_diseases", f"members.{i}.family_doctor_signed",
                 f"members.{i}.labour_capacity", f"members.{i}.tekun"):
        slim = ev(_without(h, path), reg=REG_EX)
        for rid in rules:
            assert _never_flips(full.conclusion(rid).outcome, slim.conclusion(rid).outcome), (rid, path)
