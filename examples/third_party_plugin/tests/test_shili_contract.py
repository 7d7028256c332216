"""The whole xianjie conformance kit, run against the (fictional) Shili plugin: five lines of set-up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import xianjie_region_shili

import xianjie
from xianjie.testing.contract import RegionPluginContract


class TestShiliPlugin(RegionPluginContract):
    @pytest.fixture
    def plugin_module(self):
        return xianjie_region_shili

    @pytest.fixture
    def required_plugins(self):
        return ["xianjie.regions.hunan"]  # declares the parent region 430000


def test_award_for_a_lifted_out_household_with_a_garden() -> None:
    reg = xianjie.build_registry(plugins=["xianjie.regions.hunan", xianjie_region_shili], autoload=False)
    hh = {"household_id": "t1", "region": "430000.shili", "members": [{"birth_date": "1970-01-01"}],
          "statuses": {"poverty_lifted": True}, "courtyard_economy": ["garden"]}
    c = xianjie.evaluate(hh, on=date(2022, 3, 1), registry=reg).conclusion("measure.shili_courtyard_award")
    assert c.outcome == "eligible" and c.amount == Decimal("500.00")
    assert c.citations[0].document == "shili-fictional-2021-1"
