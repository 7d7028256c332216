"""Docs that are generated or promised stay in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

from xianjie.catalogue_doc import all_rules, render
from xianjie.policies import NATIONAL_RULES

ROOT = Path(__file__).resolve().parents[1]
PINYIN = ("dibao", "tekun", "tuopin", "yulu", "zhangshu")


def test_rule_catalogue_is_current() -> None:
    expected = render(all_rules())
    actual = (ROOT / "docs" / "rule-catalogue.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rule-catalogue.md is stale: run `python -m xianjie.catalogue_doc > docs/rule-catalogue.md`"


def test_glossary_lists_pinyin_terms_and_cohorts() -> None:
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for term in PINYIN:
        assert re.search(rf"\| `{term}", text), f"glossary misses pinyin term {term}"
    for r in NATIONAL_RULES:
        if r.kind == "cohort":
            assert f"`{r.id}`" in text, f"glossary misses {r.id}"
