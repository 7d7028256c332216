"""Readable explanations: render a :class:`~xianjie.models.Decision` as Chinese or English text."""

from __future__ import annotations

from typing import Literal

from .models.decision import Conclusion, Decision, Step

__all__ = ["render_text"]

Lang = Literal["zh", "en"]

_OUT = {
    "zh": {"eligible": "符合", "ineligible": "不符合", "undetermined": "无法判定"},
    "en": {"eligible": "ELIGIBLE", "ineligible": "not eligible", "undetermined": "UNDETERMINED"},
}
_RES = {"zh": {"true": "成立", "false": "不成立", "unknown": "未知", "value": ""},
        "en": {"true": "holds", "false": "fails", "unknown": "unknown", "value": ""}}


def _steps(steps: tuple[Step, ...], lang: Lang, depth: int) -> list[str]:
    out = []
    for s in steps:
        text = s.text_zh if lang == "zh" else s.text_en
        value = s.value_zh if lang == "zh" else s.value_en
        res = _RES[lang][s.result]
        line = "  " * depth + f"- {text}" + (f" [{res}]" if res else "") + (f" ({value})" if value else "")
        out.append(line)
        out.extend(_steps(s.children, lang, depth + 1))
    return out


def _conclusion(c: Conclusion, lang: Lang) -> list[str]:
    name = c.name_zh if lang == "zh" else c.name_en
    head = f"* {name} [{c.id}]: {_OUT[lang][c.outcome]}"
    if c.amount is not None:
        head += f" — {c.amount:,.2f} {'元' if lang == 'zh' else 'yuan'} ({c.amount_unit})"
    lines = [head]
    cites = "; ".join(f"{x.document} {x.clause}" + (f" “{x.quote_zh}”" if x.quote_zh else "") for x in c.citations)
    lines.append(("  依据：" if lang == "zh" else "  Basis: ") + cites)
    if c.missing_fields:
        lines.append(("  缺少字段：" if lang == "zh" else "  Missing fields: ") + ", ".join(c.missing_fields))
    for mp in c.missing_parameters:
        lines.append("  " + (mp.message_zh if lang == "zh" else mp.message_en))
    if c.explanation is not None:
        lines.extend("  " + s for s in _steps(c.explanation.steps, lang, 0))
        for p in c.explanation.parameters:
            pname = p.name_zh if lang == "zh" else p.name_en
            src = f"{p.citation.document} {p.citation.clause}"
            lines.append(f"  {'参数' if lang == 'zh' else 'Parameter'} {pname} = {p.value} {p.unit} "
                         f"({p.region}, {p.plugin}; {src})")
    return lines


def render_text(decision: Decision, lang: Lang = "zh", *, only_relevant: bool = False) -> str:
    """The decision as text. ``only_relevant`` hides ineligible conclusions."""
    title = {"zh": f"农户 {decision.household_id}（{decision.region}）于 {decision.evaluation_date} 的判定结果",
             "en": f"Household {decision.household_id} ({decision.region}) on {decision.evaluation_date}"}[lang]
    lines = [title, ""]
    sections = (("群体认定", "Cohorts", decision.cohorts), ("风险", "Risks", decision.risks),
                ("帮扶措施", "Support measures", decision.measures))
    for zh, en, items in sections:
        lines.append(f"## {zh if lang == 'zh' else en}")
        for c in items:
            if only_relevant and c.outcome == "ineligible":
                continue
            lines.extend(_conclusion(c, lang))
        lines.append("")
    if decision.warnings:
        lines.append("## 提示" if lang == "zh" else "## Warnings")
        lines.extend(f"- {w}" for w in decision.warnings)
        lines.append("")
    p = decision.provenance
    lines.append(f"xianjie {p.library_version}; plugins: " + ", ".join(f"{x.name} {x.version or ''}".strip()
                                                                      for x in p.plugins)
                 + f"; parameter set {p.parameter_set_hash[:12]}")
    return "\n".join(lines)
