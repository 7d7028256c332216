"""Labels kept on expression nodes (``Expr.texts``) follow the catalogue of names as it grows."""

from __future__ import annotations

import pytest

from xianjie.policies import catalogue
from xianjie.rules.expr import const, field, rule


def test_a_kept_label_is_remade_when_the_rule_it_names_is_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    ref = rule("cohort.not_yet_registered")
    assert ref.texts() == ("cohort.not_yet_registered", "cohort.not_yet_registered")  # the id, for now
    monkeypatch.setitem(catalogue.RULE_LABELS, "cohort.not_yet_registered", ("新群体", "new cohort"))
    assert ref.texts() == ("新群体", "new cohort")
    assert ref.texts() == ref.label()


def test_kept_labels_equal_the_labels() -> None:
    node = field("statuses.dibao").eq(const(True)) & (field("age") >= const(60)) & rule("cohort.dibao")
    for n in node.walk():
        assert n.texts() == n.label()
        assert n.texts() == n.label()  # and again, from the node



def test_a_comparison_with_an_unregistered_parameter_is_relabelled_once_it_is_registered(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from xianjie.rules.expr import param

    node = field("income.annual_net_income") < param("test.not_yet_declared")
    before = node.texts()
    assert "test.not_yet_declared" in before[1] and not node.label_final()
    monkeypatch.setitem(catalogue.PARAMETER_SPECS, "test.not_yet_declared",
                        SimpleNamespace(name_zh="测试线", name_en="test line"))
    assert node.texts() == node.label() and "test line" in node.texts()[1]
    assert node.label_final()
