"""Shared fixtures: registries built explicitly (no autoload surprises) and a common evaluation date."""

from __future__ import annotations

from datetime import date

import pytest

import xianjie
from xianjie.registry import Registry

ON = date(2021, 10, 1)


@pytest.fixture(scope="session")
def national() -> Registry:
    """Only the national rules (region CN)."""
    return xianjie.build_registry(autoload=False)
