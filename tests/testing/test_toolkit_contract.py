"""xianjie.testing.contract: the national plugin passes the kit; broken plugins are rejected with fixes."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import xianjie
from xianjie import hookimpl
from xianjie.models import CalendarEvent, Citation, Document, ParameterValue, Region
from xianjie.testing import contract
from xianjie.testing.contract import ContractError, RegionPluginContract

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
PARAMS = ROOT / "tests" / "params_full.toml"
SHILI_SRC = ROOT / "examples" / "third_party_plugin" / "src"

NATIONAL_EXAMPLES = [
    {"household_id": "n1", "region": "CN", "members": [{"birth_date": "1961-10-01", "tekun": "dispersed"}],
     "statuses": {"dibao": True, "assets_within_limits": True}, "income": {"annual_net_income": "4000", "wage": "0"}},
    {"household_id": "n2", "region": "CN", "members": [{"birth_date": "2012-02-29", "enrolled": False,
                                                          "not_enrolled_reason": "other"}, {}],
     "statuses": {"poverty_lifted": True, "monitoring": {"kind": "none"}}},
]


class TestNationalPlugin(RegionPluginContract):
    """The built-in national rules, checked by the same kit third-party plugins use."""

    @pytest.fixture
    def plugin_module(self) -> Any:
        import xianjie.policies

        return xianjie.policies

    @pytest.fixture
    def params(self) -> list[Path]:
        return [PARAMS]

    @pytest.fixture
    def example_households(self) -> list[dict[str, Any]]:
        return NATIONAL_EXAMPLES

    @pytest.fixture
    def evaluation_dates(self) -> list[date]:
        return [date(2021, 10, 1), date(2024, 2, 29)]

    @pytest.fixture
    def max_examples(self) -> int:
        return 4


# ---- broken plugins ---------------------------------------------------------------------------------

DOC = Document(id="broken-doc", title_zh="测试文件(虚构)", title_en="Test document (fictional)", issuer="测试",
               valid_from=date(2021, 1, 1))
OK_CITE = Citation(document="broken-doc", clause="一")
COUNTY = Region(id="439901", name_zh="测试县(虚构)", name_en="Test county (fictional)", level="county", parent="CN")


def plugin(name: str = "broken_plugin", **hooks: list[Any]) -> SimpleNamespace:
    ns = SimpleNamespace(__name__=name)
    hooks.setdefault("xianjie_documents", [DOC])
    hooks.setdefault("xianjie_regions", [COUNTY])
    for hook, items in hooks.items():
        setattr(ns, hook, hookimpl(lambda items=items: items))
    return ns


def value(**kw: Any) -> ParameterValue:
    base: dict[str, Any] = {"key": "dibao.standard_rural", "region": "439901", "value": Decimal("4000"),
                            "valid_from": date(2021, 1, 1), "citation": OK_CITE}
    base.update(kw)
    return ParameterValue(**base)


def problems(check: Any, *args: Any, **kw: Any) -> str:
    with pytest.raises(ContractError) as info:
        check(*args, **kw)
    assert info.value.problems
    return str(info.value)


def test_unknown_document_is_rejected_with_the_fix() -> None:
    bad = plugin(xianjie_parameters=[value(citation=Citation(document="no-such-doc", clause="三"))])
    msg = problems(contract.check_citations, bad)
    assert "parameter dibao.standard_rural" in msg and "'no-such-doc'" in msg
    assert "add a Document(id='no-such-doc', ...) to your xianjie_documents hook" in msg
    assert "unknown document" in problems(contract.check_registry_alone, bad)


def test_overlapping_periods_are_rejected_with_the_fix() -> None:
    bad = plugin(xianjie_parameters=[value(valid_until=date(2021, 12, 31)),
                                     value(valid_from=date(2021, 7, 1), value=Decimal("4200"))])
    msg = problems(contract.check_validity_periods, bad)
    assert "2021-01-01–2021-12-31" in msg and "2021-07-01–open" in msg
    assert "end the earlier one (valid_until) the day before the later one starts" in msg
    assert "overlapping" in problems(contract.check_registry_alone, bad)


def test_orphan_parent_is_rejected_with_the_fix() -> None:
    orphan = Region(id="439902", name_zh="孤县(虚构)", name_en="Orphan (fictional)", level="county", parent="439999")
    bad = plugin(xianjie_regions=[orphan])
    msg = problems(contract.check_parent_chains, bad)
    assert "region 439902: parent '439999' is not declared" in msg and "required_plugins" in msg
    assert "does not reach CN" in problems(contract.check_registry_alone, bad)


def test_invalid_records_and_misspelled_hooks_are_reported() -> None:
    bad = plugin(xianjie_parameters=[{"key": "dibao.standard_rural", "region": "439901", "value": "4000",
                                      "valid_from": "2021-13-01", "citation": {"document": "broken-doc"}}],
                 xianjie_regoins=[COUNTY])
    msg = problems(contract.check_records_validate, bad)
    assert "xianjie_regoins is not a xianjie hook" in msg and "rename it to xianjie_regions" in msg
    assert "xianjie_parameters item 0 is not a valid ParameterValue" in msg and "valid_from" in msg
    assert "citation.clause" in msg


def test_calendar_event_that_never_occurs_or_breaks_its_rrule() -> None:
    def event(**kw: Any) -> CalendarEvent:
        base: dict[str, Any] = {"id": "test.review", "region": "439901", "kind": "review", "name_zh": "审核",
                                "name_en": "review", "first_date": date(2021, 5, 1), "citation": OK_CITE}
        return CalendarEvent(**{**base, **kw})

    never = plugin(xianjie_calendar_events=[event(rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")])
    assert "never occurs" in problems(contract.check_calendar, never)
    garbled = plugin(xianjie_calendar_events=[event(rrule="FREQ=SOMETIMES")])
    assert "does not expand" in problems(contract.check_calendar, garbled)
    fine = plugin(xianjie_calendar_events=[event(rrule="FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1",
                                                 valid_until=date(2025, 12, 31), duration_days=31)])
    contract.check_calendar(fine)


def test_conflict_with_installed_plugins_is_reported() -> None:
    clash = plugin(xianjie_regions=[Region(id="CN", name_zh="全国", name_en="again", level="national")])
    assert "conflicts with the installed plugins" in problems(contract.check_registry_with_builtins, clash)


def test_broken_example_households_are_reported() -> None:
    reg = xianjie.build_registry(autoload=False, params=[PARAMS])
    msg = problems(contract.check_example_households, [{"household_id": "x", "region": "CN", "members": []},
                                                       {"household_id": "y", "region": "999999", "members": [{}]}],
                   dates=[date(2021, 10, 1)], registry=reg)
    assert "example household 0 does not validate: members" in msg
    assert "example household 1 on 2021-10-01: evaluation raised" in msg
    assert "no example households" in problems(contract.check_example_households, [], dates=[], registry=reg)


def test_the_kit_fails_a_broken_plugin_through_pytest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(broken_region="""
        from datetime import date
        from decimal import Decimal
        from xianjie import hookimpl
        from xianjie.models import Citation, ParameterValue, Region

        @hookimpl
        def xianjie_regions():
            yield Region(id="439903", name_zh="坏县(虚构)", name_en="Broken (fictional)", level="county",
                         parent="439998")

        @hookimpl
        def xianjie_parameters():
            yield ParameterValue(key="dibao.standard_rural", region="439903", value=Decimal("1"),
                                 valid_from=date(2021, 1, 1), citation=Citation(document="nowhere", clause="一"))
    """)
    pytester.makepyfile(test_broken="""
        import pytest
        import broken_region
        from xianjie.testing.contract import RegionPluginContract

        class TestBroken(RegionPluginContract):
            @pytest.fixture
            def plugin_module(self):
                return broken_region
    """)
    pytester.syspathinsert()
    result = pytester.runpytest("-q", "-p", "no:cacheprovider", "-k", "not generated and not example")
    result.assert_outcomes(passed=3, failed=4)
    result.stdout.fnmatch_lines(["*cites document 'nowhere', which no plugin declares*",
                                 "*parent '439998' is not declared*"])


def test_plugin_module_must_be_overridden(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_forgot="""
        from xianjie.testing.contract import RegionPluginContract

        class TestForgot(RegionPluginContract):
            pass
    """)
    result = pytester.runpytest("-q", "-p", "no:cacheprovider", "-k", "records_validate")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*override the plugin_module fixture*"])


def _hunan_or_stand_in() -> Any:
    """The built-in Hunan plugin once it declares 430000; until then a stand-in declaring only that region."""
    try:
        if any(r.id == "430000" for r in contract.declarations("xianjie.regions.hunan").regions):
            return "xianjie.regions.hunan"
    except ImportError:
        pass
    return plugin("hunan_stand_in", xianjie_documents=[],
                  xianjie_regions=[Region(id="430000", name_zh="湖南省", name_en="Hunan", level="province",
                                          parent="CN")])


def test_the_fictional_third_party_plugin_passes_the_kit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(SHILI_SRC))
    sys.modules.pop("xianjie_region_shili", None)
    import xianjie_region_shili as shili

    required = [_hunan_or_stand_in()]
    for check in (contract.check_records_validate, contract.check_validity_periods, contract.check_calendar):
        check(shili)
    contract.check_citations(shili, required_plugins=required)
    contract.check_parent_chains(shili, required_plugins=required)
    reg = contract.check_registry_alone(shili, required_plugins=required)
    contract.check_registry_with_builtins(shili, required_plugins=required)
    households = contract.load_example_households(Path(shili.__file__).with_name("households.jsonl"))
    dates = contract.default_evaluation_dates(shili)
    contract.check_example_households(households, dates=dates, registry=reg)
    contract.check_generated_households([shili.REGION], dates=dates[:1], registry=reg, max_examples=4)
    assert "FICTIONAL" in (shili.__doc__ or "") and all("虚构" in r.name_zh for r in contract.declarations(shili).regions)
