"""The built-in region plugins pass the same conformance kit third-party plugins use."""

from __future__ import annotations

from types import ModuleType

import pytest

import xianjie.regions.heilongjiang_lanxi as lanxi
import xianjie.regions.hubei_tianmen as tianmen
import xianjie.regions.hunan as hunan
from xianjie.testing.contract import RegionPluginContract

from .test_examples import ROOT


class TestHunanContract(RegionPluginContract):
    @pytest.fixture
    def plugin_module(self) -> ModuleType:
        return hunan

    @pytest.fixture
    def example_households_path(self) -> object:
        return ROOT / "examples" / "hunan" / "households.jsonl"


class TestTianmenContract(RegionPluginContract):
    @pytest.fixture
    def plugin_module(self) -> ModuleType:
        return tianmen

    @pytest.fixture
    def example_households_path(self) -> object:
        return ROOT / "examples" / "hubei_tianmen" / "households.jsonl"


class TestLanxiContract(RegionPluginContract):
    @pytest.fixture
    def plugin_module(self) -> ModuleType:
        return lanxi

    @pytest.fixture
    def example_households_path(self) -> object:
        return ROOT / "examples" / "heilongjiang_lanxi" / "households.jsonl"
