"""Registry: resolution along the parent chain, explicit overrides, conflicts naming both plugins."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

import xianjie
from xianjie import hookimpl
from xianjie.errors import PluginConflictError, PluginError, RegistryError
from xianjie.models import Citation, Document, ParameterValue, Region

DOC = Document(id="test-doc", title_zh="测试文件", title_en="Test document", issuer="测试", valid_from=date(2021, 1, 1))
CITE = Citation(document="test-doc", clause="一")


def plugin(name: str, **hooks: Any) -> SimpleNamespace:
    """A plugin object with the given hook implementations (functions returning lists)."""
    ns = SimpleNamespace(__name__=name)
    for hook, items in hooks.items():
        def impl(items: list[Any] = items) -> list[Any]:
            return items
        setattr(ns, hook, hookimpl(impl))
    return ns


def province(rid: str = "430000", parent: str = "CN") -> Region:
    return Region(id=rid, name_zh="省", name_en="Province", level="province", parent=parent)


def value(key: str, region: str, v: object, frm: date, until: date | None = None, overrides: bool = False
          ) -> ParameterValue:
    return ParameterValue.model_validate({"key": key, "region": region, "value": v, "valid_from": frm,
                                          "valid_until": until, "citation": CITE, "overrides": overrides})


def build(*plugins: object) -> xianjie.Registry:
    return xianjie.build_registry(plugins=list(plugins), autoload=False)


def test_value_resolves_along_parent_chain_and_by_date() -> None:
    p = plugin("p", xianjie_documents=[DOC], xianjie_regions=[province(), Region(
        id="430700", name_zh="市", name_en="City", level="city", parent="430000")],
        xianjie_parameters=[value("dibao.standard_rural", "430000", Decimal("4300.00"), date(2021, 1, 1),
                                  date(2021, 12, 31)),
                            value("dibao.standard_rural", "430000", Decimal("4600.00"), date(2022, 1, 1))])
    reg = build(p)
    assert reg.chain("430700") == ("430700", "430000", "CN")
    r21 = reg.resolve("dibao.standard_rural", "430700", date(2021, 6, 1))
    r22 = reg.resolve("dibao.standard_rural", "430700", date(2022, 6, 1))
    assert r21 is not None and r21.value == Decimal("4300.00") and r21.resolved.region == "430000"
    assert r22 is not None and r22.value == Decimal("4600.00")
    assert reg.resolve("dibao.standard_rural", "CN", date(2021, 6, 1)) is None


def test_child_override_is_explicit_and_recorded() -> None:
    reg = build(plugin("p", xianjie_documents=[DOC], xianjie_regions=[province()], xianjie_parameters=[
        value("monitoring.income_line", "430000", Decimal("6500.00"), date(2021, 1, 1), date(2021, 12, 31),
              overrides=True)]))
    res = reg.resolve("monitoring.income_line", "430000", date(2021, 5, 1))
    assert res is not None and res.value == Decimal("6500.00")
    assert [(o.region, o.value, o.plugin) for o in res.resolved.overrode] == [("CN", Decimal("6000.00"), "national")]


def test_implicit_override_of_ancestor_is_an_error_naming_both_plugins() -> None:
    with pytest.raises(PluginConflictError, match=r"'p'.*'national'|overrides=true"):
        build(plugin("p", xianjie_documents=[DOC], xianjie_regions=[province()], xianjie_parameters=[
            value("monitoring.income_line", "430000", Decimal("6500.00"), date(2021, 1, 1), date(2021, 12, 31))]))


def test_two_plugins_overlapping_for_same_region_and_key_conflict() -> None:
    a = plugin("a", xianjie_documents=[DOC], xianjie_regions=[province()], xianjie_parameters=[
        value("dibao.standard_rural", "430000", Decimal("4300.00"), date(2021, 1, 1), date(2021, 12, 31))])
    b = plugin("b", xianjie_parameters=[value("dibao.standard_rural", "430000", Decimal("4400.00"),
                                              date(2021, 6, 1), date(2022, 5, 31))])
    with pytest.raises(PluginConflictError) as info:
        build(a, b)
    assert "'a'" in str(info.value) and "'b'" in str(info.value)


def test_duplicate_region_conflict_names_both() -> None:
    with pytest.raises(PluginConflictError, match="'a'.*'b'"):
        build(plugin("a", xianjie_regions=[province()]), plugin("b", xianjie_regions=[province()]))


def test_override_flag_without_ancestor_value_is_rejected() -> None:
    with pytest.raises(RegistryError, match="overrides=true but no ancestor"):
        build(plugin("p", xianjie_documents=[DOC], xianjie_regions=[province()], xianjie_parameters=[
            value("dibao.standard_rural", "430000", Decimal("4300.00"), date(2021, 1, 1), overrides=True)]))


def test_undeclared_key_and_wrong_kind_rejected() -> None:
    with pytest.raises(RegistryError, match="not declared"):
        build(plugin("p", xianjie_documents=[DOC], xianjie_regions=[province()],
                     xianjie_parameters=[value("no.such_key", "430000", 1, date(2021, 1, 1))]))
    with pytest.raises(RegistryError, match="kind 'money'"):
        build(plugin("p", xianjie_documents=[DOC], xianjie_regions=[province()],
                     xianjie_parameters=[value("dibao.standard_rural", "430000", 4300, date(2021, 1, 1))]))


def test_orphan_region_disables_only_its_plugin() -> None:
    orphan = plugin("orphan", xianjie_regions=[Region(id="999999", name_zh="孤", name_en="Orphan", level="county",
                                                       parent="888888")])
    reg = build(orphan)
    assert "999999" not in reg.regions and "CN" in reg.regions
    assert [(f.plugin, f.error_type) for f in reg.failures] == [("orphan", "orphan_region")]
    with pytest.raises(PluginError, match="orphan"):
        xianjie.build_registry(plugins=[orphan], autoload=False, strict=True)


def test_uncited_document_disables_plugin() -> None:
    bad = plugin("bad", xianjie_regions=[province()], xianjie_parameters=[
        value("dibao.standard_rural", "430000", Decimal("1.00"), date(2021, 1, 1))])
    reg = build(bad)
    assert reg.failures[0].error_type == "unknown_document"
    assert "declare it with xianjie_documents" in reg.failures[0].message
    assert "430000" not in reg.regions


def test_invalid_data_from_plugin_is_reported_by_name_and_field() -> None:
    bad = plugin("bad", xianjie_regions=[{"id": "430000", "name_zh": "省", "name_en": "P", "level": "planet",
                                          "parent": "CN"}])
    reg = build(bad)
    f = reg.failures[0]
    assert f.plugin == "bad" and f.error_type == "invalid_data" and "level" in f.message


def test_misspelled_hook_is_caught_with_a_hint() -> None:
    def xianjie_paramters() -> Iterator[ParameterValue]:
        yield from ()
    ns = SimpleNamespace(__name__="typo", xianjie_paramters=hookimpl(xianjie_paramters))
    reg = build(ns)
    assert reg.failures[0].error_type == "unknown_hook"
    assert "did you mean 'xianjie_parameters'" in reg.failures[0].message


def test_crashing_import_is_reported_not_raised() -> None:
    reg = xianjie.build_registry(plugins=["xianjie_no_such_module_for_test"], autoload=False)
    assert reg.failures[0].error_type == "import_failed"


def test_resolution_never_depends_on_registration_order() -> None:
    a = plugin("a", xianjie_documents=[DOC], xianjie_regions=[province()])
    b = plugin("b", xianjie_parameters=[value("dibao.standard_rural", "430000", Decimal("4300.00"),
                                              date(2021, 1, 1))])
    on = date(2021, 3, 1)
    r1 = build(a, b).resolve("dibao.standard_rural", "430000", on)
    r2 = build(b, a).resolve("dibao.standard_rural", "430000", on)
    assert r1 is not None and r2 is not None and r1.resolved == r2.resolved


def test_parameter_key_declared_twice_differently_conflicts() -> None:
    from xianjie.models import ParameterSpec

    a = ParameterSpec(key="test.amount", name_zh="甲", name_en="a", kind="money", unit="yuan")
    b = ParameterSpec(key="test.amount", name_zh="乙", name_en="b", kind="int", unit="yuan")
    with pytest.raises(PluginConflictError, match="'p1'.*'p2'"):
        build(plugin("p1", xianjie_parameter_specs=[a]), plugin("p2", xianjie_parameter_specs=[b]))
