"""The pytest11 plugin: fixtures work, options and the marker choose the registry, nothing is autouse."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PARAMS = Path(__file__).resolve().parents[1] / "params_full.toml"


def test_fixtures_default_to_national_rules_and_a_transition_date(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        from datetime import date

        def test_defaults(xianjie_registry, xianjie_evaluation_date, xianjie_evaluate):
            assert sorted(xianjie_registry.regions) == ["CN"] or "CN" in xianjie_registry.regions
            assert xianjie_evaluation_date == date(2021, 10, 1)
            d = xianjie_evaluate({"household_id": "a", "region": "CN", "members": [{}]})
            assert d.evaluation_date == date(2021, 10, 1)
            assert d.conclusion("measure.dibao").outcome == "undetermined"  # no office parameters
    """)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_marker_and_options_choose_plugins_params_and_date(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(f"""
        from datetime import date
        import pytest

        @pytest.mark.xianjie(params=[{str(PARAMS)!r}], on="2022-03-01")
        def test_marker(xianjie_registry, xianjie_evaluation_date, xianjie_evaluate):
            assert xianjie_evaluation_date == date(2022, 3, 1)
            d = xianjie_evaluate({{"household_id": "a", "region": "CN", "members": [{{}}],
                                   "income": {{"annual_net_income": "100", "wage": "0"}},
                                   "statuses": {{"assets_within_limits": True}}}})
            assert d.conclusion("measure.dibao").outcome == "eligible"

        def test_option_date(xianjie_evaluation_date):
            assert xianjie_evaluation_date == date(2023, 6, 30)
    """)
    pytester.runpytest("-p", "no:cacheprovider", "--xianjie-on", "2023-06-30").assert_outcomes(passed=2)


def test_register_plugin_for_one_test_only(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        from datetime import date
        from types import SimpleNamespace
        import xianjie
        from xianjie import hookimpl
        from xianjie.models import Region

        COUNTY = Region(id="439909", name_zh="临时县(虚构)", name_en="Temp county (fictional)", level="county",
                        parent="CN")
        plugin = SimpleNamespace(__name__="temp_plugin", xianjie_regions=hookimpl(lambda: [COUNTY]))
        HH = {"household_id": "t", "region": "439909", "members": [{}]}

        def test_registered(xianjie_register_plugin, xianjie_evaluate):
            reg = xianjie_register_plugin(plugin)
            assert "439909" in reg.regions
            assert xianjie_evaluate(HH).region == "439909"
            # code under test that calls xianjie.evaluate() without registry= sees the plugin too
            assert xianjie.evaluate(HH, on=date(2021, 10, 1)).region == "439909"

        def test_gone_afterwards():
            from xianjie.registry import _default
            assert _default is None or "439909" not in _default.regions
    """)
    pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly").assert_outcomes(passed=2)


def test_plugin_is_registered_fixtures_only_and_marker_is_declared(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        def test_nothing_autouse(request):
            assert not any(n.startswith("xianjie") for n in request.fixturenames)
    """)
    result = pytester.runpytest("-p", "no:cacheprovider", "--strict-markers", "--fixtures")
    listed = result.stdout.str()
    for name in ("xianjie_registry", "xianjie_evaluation_date", "xianjie_register_plugin", "xianjie_evaluate"):
        assert f"{name} -- " in listed
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    markers = pytester.runpytest("--markers")
    markers.stdout.fnmatch_lines(["@pytest.mark.xianjie(plugins=*"])


def test_bad_date_option_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        def test_date(xianjie_evaluation_date):
            pass
    """)
    result = pytester.runpytest("-p", "no:cacheprovider", "--xianjie-on", "2021-13-01")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*must be YYYY-MM-DD*"])
