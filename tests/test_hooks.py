"""Every hook specification is documented in docs/hooks.md and has a ``test_hook_<name>`` here."""

from __future__ import annotations

import inspect
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import xianjie
from xianjie import hookimpl, hookspecs
from xianjie.calendars import occurrences
from xianjie.models import CalendarEvent, Citation, Document, Indicator, ParameterSpec, ParameterValue, Region
from xianjie.rules.expr import field
from xianjie.rules.rule import Rule

ROOT = Path(__file__).resolve().parents[1]
HOOKS = sorted(n for n, f in inspect.getmembers(hookspecs, inspect.isfunction) if n.startswith("xianjie_"))
DOC = Document(id="hook-doc", title_zh="钩子测试文件", title_en="Hook test document", issuer="测试",
               valid_from=date(2021, 1, 1))
CITE = Citation(document="hook-doc", clause="一")
REGION = Region(id="430999", name_zh="测试县", name_en="Test county", level="county", parent="CN")


def _plugin(**hooks: list[Any]) -> SimpleNamespace:
    ns = SimpleNamespace(__name__="hooktest")
    ns.xianjie_documents = hookimpl(lambda: [DOC])
    ns.xianjie_regions = hookimpl(lambda: [REGION])
    for name, items in hooks.items():
        setattr(ns, name, hookimpl(lambda items=items: items))
    return ns


def _reg(**hooks: list[Any]) -> xianjie.Registry:
    return xianjie.build_registry(plugins=[_plugin(**hooks)], autoload=False, strict=True)


def test_every_hook_is_documented() -> None:
    doc = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")
    for name in HOOKS:
        assert re.search(rf"^## `{name}\(\)`", doc, re.M), f"docs/hooks.md has no section for {name}"


def test_every_hook_has_a_test() -> None:
    here = Path(__file__).read_text(encoding="utf-8")
    for name in HOOKS:
        assert f"def test_hook_{name}(" in here, f"no test_hook_{name} in {__file__}"


def test_hook_xianjie_regions() -> None:
    reg = _reg()
    assert reg.chain("430999") == ("430999", "CN")
    assert reg.region_plugin["430999"] == "hooktest"


def test_hook_xianjie_documents() -> None:
    reg = _reg()
    assert reg.documents["hook-doc"].title_en == "Hook test document"


def test_hook_xianjie_parameter_specs() -> None:
    spec = ParameterSpec(key="test.bonus", name_zh="测试奖补", name_en="test bonus", kind="money", unit="yuan")
    pv = ParameterValue(key="test.bonus", region="430999", value=Decimal("10.00"), valid_from=date(2021, 1, 1),
                        citation=CITE)
    reg = _reg(xianjie_parameter_specs=[spec], xianjie_parameters=[pv])
    res = reg.resolve("test.bonus", "430999", date(2021, 2, 1))
    assert res is not None and res.name_en == "test bonus"


def test_hook_xianjie_parameters() -> None:
    pv = ParameterValue(key="dibao.standard_rural", region="430999", value=Decimal("5000.00"),
                        valid_from=date(2021, 1, 1), valid_until=date(2021, 12, 31), citation=CITE)
    reg = _reg(xianjie_parameters=[pv])
    res = reg.resolve("dibao.standard_rural", "430999", date(2021, 12, 31))
    assert res is not None and res.value == Decimal("5000.00") and res.resolved.plugin == "hooktest"
    assert reg.resolve("dibao.standard_rural", "430999", date(2022, 1, 1)) is None


def test_hook_xianjie_rules() -> None:
    r = Rule(id="measure.test_bonus", kind="measure", name_zh="测试", name_en="test", region="430999",
             condition=field("statuses.dibao").eq(True), citations=(CITE,), category="social_assistance",
             benefit_kind="cash")
    reg = _reg(xianjie_rules=[r])
    assert "measure.test_bonus" in {a.item.id for a in reg.rules_for("430999", date(2021, 5, 1))}
    assert "measure.test_bonus" not in {a.item.id for a in reg.rules_for("CN", date(2021, 5, 1))}


def test_hook_xianjie_calendar_events() -> None:
    ev = CalendarEvent(id="screening", region="430999", kind="household_screening", name_zh="排查",
                       name_en="screening", rrule="FREQ=YEARLY;BYMONTH=5,10;BYMONTHDAY=1",
                       first_date=date(2023, 5, 1), valid_until=date(2023, 12, 31), citation=CITE)
    reg = _reg(xianjie_calendar_events=[ev])
    occ = occurrences(reg.events_for("430999"), date(2023, 1, 1), date(2024, 12, 31))
    assert [o.start for o in occ] == [date(2023, 5, 1), date(2023, 10, 1)]


def test_hook_xianjie_indicators() -> None:
    ind = Indicator(id="test.coverage", region="430999", name_zh="覆盖率", name_en="coverage",
                    numerator="cohort.dibao", denominator="households", comparator=">=", target=Decimal("1"),
                    unit="ratio", citation=CITE)
    reg = _reg(xianjie_indicators=[ind])
    assert [i.id for i in reg.indicators_for("430999")] == ["test.coverage"]
