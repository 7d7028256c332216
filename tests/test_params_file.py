"""Office-supplied parameter files: validated like everything else, each value cited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import xianjie
from xianjie.errors import InputError, PluginConflictError

GOOD = """
[[document]]
id = "office-2023"
title_zh = "某县2023年低保标准通知"
title_en = "County 2023 dibao standard notice"
issuer = "某县民政局"
valid_from = 2023-01-01

[[parameter]]
key = "monitoring.income_line"
region = "CN"
value = "7000"
valid_from = 2023-01-01
valid_until = 2023-12-31
citation = { document = "office-2023", clause = "二" }
"""


def test_params_file_supplies_a_cited_value(tmp_path: Path) -> None:
    p = tmp_path / "office.toml"
    p.write_text(GOOD, encoding="utf-8")
    reg = xianjie.build_registry(autoload=False, params=[p])
    res = reg.resolve("monitoring.income_line", "CN", date(2023, 6, 1))
    assert res is not None and res.value == Decimal("7000")
    assert res.resolved.plugin == "params:office.toml" and res.resolved.citation.document == "office-2023"


def test_params_json_equivalent(tmp_path: Path) -> None:
    p = tmp_path / "office.json"
    p.write_text('{"document": [{"id": "o", "title_zh": "通知", "title_en": "n", "issuer": "局", '
                 '"valid_from": "2023-01-01"}], "parameter": [{"key": "dibao.standard_rural", "region": "CN", '
                 '"value": 5000.5, "valid_from": "2023-01-01", "citation": {"document": "o", "clause": "一"}}]}',
                 encoding="utf-8")
    reg = xianjie.build_registry(autoload=False, params=[p])
    res = reg.resolve("dibao.standard_rural", "CN", date(2024, 1, 1))
    assert res is not None and res.value == Decimal("5000.5")


@pytest.mark.parametrize(("text", "field", "kind"), [
    (GOOD.replace('key = "monitoring.income_line"', 'key = "monitoring.incom_line"'), "parameter.0.key",
     "unknown_parameter"),
    (GOOD.replace('value = "7000"', 'value = "seven"'), "parameter.0.value", "parameter_kind"),
    (GOOD.replace("valid_from = 2023-01-01\nvalid_until", "valid_from = 2023-13-01\nvalid_until"), "office.toml",
     "parse_error"),
    (GOOD.replace('citation = { document = "office-2023", clause = "二" }', ""), "parameter.0.citation",
     "missing"),
])
def test_bad_params_file_names_the_field(tmp_path: Path, text: str, field: str, kind: str) -> None:
    p = tmp_path / "office.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        xianjie.build_registry(autoload=False, params=[p])
    assert any(field in e.field and e.type == kind for e in info.value.errors), info.value.errors
    assert "seven" not in str(info.value)


def test_params_overlapping_builtin_value_needs_overrides(tmp_path: Path) -> None:
    p = tmp_path / "office.toml"
    p.write_text(GOOD.replace("2023-01-01\nvalid_until = 2023-12-31", "2021-01-01\nvalid_until = 2021-12-31"),
                 encoding="utf-8")
    with pytest.raises(PluginConflictError, match="(?s)(national.*params:office.toml|params:office.toml.*national)"):
        xianjie.build_registry(autoload=False, params=[p])


def test_office_value_for_a_wide_region_does_not_clash_with_specific_plugin_values(tmp_path: Path) -> None:
    """An office setting a CN-wide value keeps Hunan's own 430000 value (nearest region wins, recorded)."""
    p = tmp_path / "office.toml"
    p.write_text(GOOD.replace('key = "monitoring.income_line"', 'key = "health.contract_chronic_diseases"')
                 .replace('value = "7000"', 'value = ["hypertension"]')
                 .replace("2023-01-01\nvalid_until = 2023-12-31", "2021-01-01\nvalid_until = 2025-12-31"),
                 encoding="utf-8")
    reg = xianjie.build_registry(plugins=["xianjie.regions.hunan"], autoload=False, params=[p])
    res = reg.resolve("health.contract_chronic_diseases", "430000", date(2023, 6, 1))
    assert res is not None and res.value == ("hypertension", "diabetes")
    assert [(o.region, o.plugin) for o in res.resolved.overrode] == [("CN", "params:office.toml")]
    cn = reg.resolve("health.contract_chronic_diseases", "CN", date(2023, 6, 1))
    assert cn is not None and cn.value == ("hypertension",)
