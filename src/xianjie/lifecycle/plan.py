"""Assistance plan (帮扶计划): which kinds of measure the documents call for, by labour capacity and risk.

001 一.七 sorts households by labour capacity: development measures (industry, employment) for those able
and willing to work; for weak or half labour "explore" development measures, with public-welfare posts created
for them (001 三.3); 兜底 social assistance for those without labour capacity. Sudden problems from disaster,
illness or epidemic get social assistance and medical security at once (001 一.七). The 三保障 and water risks
map to their sector measures (000 四; 004 二.3). The documents give kinds of measure, not amounts: the plan is
a checklist of categories, each with its clauses, marked ``in_place`` when a measure of that kind is running.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Citation
from ..models.household import RiskCause
from ..models.person import LabourCapacity
from . import clauses as C
from .models import MeasureCategory, MeasureSuggestion

__all__ = ["CATEGORY_CLAUSES", "category_label", "suggest_measures"]

_ZH = {
    "industry": ("产业帮扶", "industry support"),
    "employment": ("就业帮扶", "employment support"),
    "public_welfare_post": ("乡村公益性岗位", "rural public-welfare post"),
    "social_assistance": ("兜底保障、社会救助", "safety-net social assistance (兜底)"),
    "medical": ("医疗保障", "medical security"),
    "education": ("教育保障(控辍保学、资助)", "education security"),
    "housing": ("住房安全保障(危房改造)", "housing safety (renovation)"),
    "water": ("饮水安全保障", "drinking-water security"),
    "other": ("其他针对性帮扶", "other targeted assistance"),
}

#: The clause(s) behind starting a measure of each category.
CATEGORY_CLAUSES: dict[str, tuple[Citation, ...]] = {
    "industry": (C.ASSIST_FULL,),
    "employment": (C.ASSIST_FULL, C.EMPLOYMENT),
    "public_welfare_post": (C.PUBLIC_POSTS, C.ASSIST_WEAK),
    "social_assistance": (C.ASSIST_FLOOR, C.ASSIST_SUDDEN),
    "medical": (C.ASSIST_SUDDEN,),
    "education": (C.EDUCATION,),
    "housing": (C.HOUSING,),
    "water": (C.WATER,),
    "other": (C.ASSIST_TARGETED,),
}

_BY_LABOUR: dict[str, tuple[tuple[str, str, str, tuple[Citation, ...]], ...]] = {
    "full": (("industry", "有劳动能力、有意愿：产业开发式帮扶", "able to work: development measure (industry)",
              (C.ASSIST_FULL,)),
             ("employment", "有劳动能力、有意愿：就业开发式帮扶", "able to work: development measure (employment)",
              (C.ASSIST_FULL, C.EMPLOYMENT))),
    "weak": (("public_welfare_post", "弱劳动力：公益性岗位就近就业，探索开发式帮扶",
              "weak labour: public-welfare post near home, development measures where possible",
              (C.PUBLIC_POSTS, C.ASSIST_WEAK)),),
    "half": (("public_welfare_post", "半劳动力：公益性岗位就近就业，探索开发式帮扶",
              "half labour: public-welfare post near home, development measures where possible",
              (C.PUBLIC_POSTS, C.ASSIST_WEAK)),),
    "none": (("social_assistance", "无劳动能力：落实兜底保障、社会救助", "no labour capacity: safety-net social "
              "assistance", (C.ASSIST_FLOOR,)),),
}

_BY_RISK: dict[str, tuple[str, tuple[Citation, ...]]] = {
    "illness": ("medical", (C.ASSIST_SUDDEN,)),
    "epidemic": ("medical", (C.ASSIST_SUDDEN,)),
    "disaster": ("social_assistance", (C.ASSIST_SUDDEN,)),
    "accident": ("social_assistance", (C.ASSIST_SUDDEN,)),
    "education": ("education", (C.EDUCATION,)),
    "housing": ("housing", (C.HOUSING,)),
    "water": ("water", (C.WATER,)),
}


def suggest_measures(labour_capacity: LabourCapacity | None, risks: Iterable[RiskCause],
                     in_place: Iterable[MeasureCategory] = ()) -> tuple[MeasureSuggestion, ...]:
    """The measure categories called for; an unknown labour capacity yields only the risk-driven ones."""
    found: dict[str, tuple[str, str, list[Citation]]] = {}

    def add(cat: str, zh: str, en: str, cites: tuple[Citation, ...]) -> None:
        if cat in found:
            old = found[cat]
            found[cat] = (old[0], old[1], old[2] + [c for c in cites if c not in old[2]])
        else:
            found[cat] = (zh, en, list(cites))

    for cat, zh, en, cites in _BY_LABOUR.get(labour_capacity or "", ()):
        add(cat, zh, en, cites)
    for risk in sorted(set(risks)):
        if risk in _BY_RISK:
            cat, cites = _BY_RISK[risk]
            zh, en = _ZH[cat]
            add(cat, f"针对风险({risk})：{zh}", f"for the {risk} risk: {en}", cites)
    placed = set(in_place)
    return tuple(MeasureSuggestion(category=cat, text_zh=zh, text_en=en, in_place=cat in placed,  # type: ignore[arg-type]
                                   citations=tuple(cites))
                 for cat, (zh, en, cites) in found.items())


def category_label(category: str) -> tuple[str, str]:
    """Chinese and English label of a measure category."""
    return _ZH.get(category, (category, category))
