"""The lifecycle with the real region plugins, run when they are installed (the main tests use test plugins)."""

from __future__ import annotations

from datetime import date

import pytest
from test_lifecycle_regions import case, ev, monitored

import xianjie
from xianjie.lifecycle import add_months, advance, screen


def test_lanxi_plugin_tracking_period_and_calendar() -> None:
    pytest.importorskip("xianjie.regions.heilongjiang_lanxi")
    reg = xianjie.build_registry(plugins=["xianjie.regions.heilongjiang_lanxi"], autoload=False)
    res = reg.resolve("monitoring.tracking_period_months", "231222", date(2023, 6, 30))
    assert res is not None and res.value == 12 and res.resolved.citation.clause == "一.八"
    c = case("231222", *monitored("2023-03-01", "2023-03-10"), ev("risk_eliminated", "2023-06-30", mode="natural"))
    s = advance(c, on=date(2023, 10, 10), registry=reg)
    assert s.tracking_end == date(2024, 6, 30)
    wl = screen([], [c], region="231222", on=date(2023, 10, 10), registry=reg)
    assert wl.occurrence is not None and wl.occurrence.kind == "household_screening"
    assert wl.channel == "concentrated_screening" and wl.occurrence.citation.clause == "一.三"


def test_hunan_plugin_dibao_gradual_exit() -> None:
    pytest.importorskip("xianjie.regions.hunan")
    reg = xianjie.build_registry(plugins=["xianjie.regions.hunan"], autoload=False)
    s = advance(case("430000", ev("dibao_income_exceeded", "2024-02-29")), on=date(2024, 3, 1), registry=reg)
    assert s.dibao.max_months == 12 and s.dibao.exit_deadline == date(2025, 2, 28)


def test_tianmen_plugin_region_replays() -> None:
    pytest.importorskip("xianjie.regions.hubei_tianmen")
    reg = xianjie.build_registry(plugins=["xianjie.regions.hubei_tianmen"], autoload=False)
    c = case("429006", *monitored("2022-04-01", "2022-04-15"), ev("risk_eliminated", "2022-12-31", mode="natural"))
    s = advance(c, on=date(2023, 1, 2), registry=reg)
    res = reg.resolve("monitoring.tracking_period_months", "429006", date(2022, 12, 31))
    if res is None:
        assert s.tracking_end is None
        assert "monitoring.tracking_period_months" in {m.key for m in s.missing_parameters}
    else:
        assert isinstance(res.value, int) and s.tracking_end == add_months(date(2022, 12, 31), res.value)
