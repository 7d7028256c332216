"""Decisions: what ``xianjie.evaluate`` returns, in a stable, versioned JSON form.

Every conclusion is ``eligible``, ``ineligible`` or ``undetermined`` (for cohorts "eligible" means the
household belongs to the cohort; for risks, that the risk is present). Undetermined conclusions name the
missing input fields and missing parameters; nothing is guessed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel

from .citation import Citation
from .parameters import ParamScalar
from .types import MODEL_CONFIG, RegionId, bilingual

__all__ = [
    "DECISION_FORMAT",
    "Conclusion",
    "Decision",
    "DocumentStatus",
    "Explanation",
    "MemberConclusion",
    "MissingParameter",
    "OverriddenValue",
    "Outcome",
    "PluginVersion",
    "Provenance",
    "ResolvedParameter",
    "Step",
]

DECISION_FORMAT = "xianjie.decision/1"
Outcome = Literal["eligible", "ineligible", "undetermined"]


class OverriddenValue(BaseModel):
    """A value from an ancestor region that a resolved parameter replaced."""

    model_config = MODEL_CONFIG

    region: Annotated[RegionId, bilingual("区划", "Region of the replaced value")]
    value: Annotated[ParamScalar, bilingual("取值", "Replaced value")]
    plugin: Annotated[str, bilingual("插件", "Plugin that supplied it")]
    citation: Annotated[Citation, bilingual("依据", "Its citation")]


class ResolvedParameter(BaseModel):
    """A parameter value as used: where it came from and what it overrode (参数来源)."""

    model_config = MODEL_CONFIG

    key: Annotated[str, bilingual("参数键", "Parameter key")]
    name_zh: Annotated[str, bilingual("中文名称", "Name in Chinese")]
    name_en: Annotated[str, bilingual("英文名称", "Name in English")]
    value: Annotated[ParamScalar, bilingual("取值", "Value")]
    unit: Annotated[str, bilingual("单位", "Unit")]
    region: Annotated[RegionId, bilingual("来源区划", "Region whose value applies")]
    valid_from: Annotated[date, bilingual("生效日期", "First day in force")]
    valid_until: Annotated[date | None, bilingual("失效日期", "Last day in force")] = None
    plugin: Annotated[str, bilingual("插件", "Plugin (or params file) that supplied the value")]
    plugin_version: Annotated[str | None, bilingual("插件版本", "Version of that plugin")] = None
    citation: Annotated[Citation, bilingual("依据", "Citation")]
    overrode: Annotated[tuple[OverriddenValue, ...], bilingual("覆盖的上级取值", "Ancestor values replaced")] = ()


class MissingParameter(BaseModel):
    """A parameter a rule needed that nobody configured for this region and date."""

    model_config = MODEL_CONFIG

    key: Annotated[str, bilingual("参数键", "Parameter key")]
    name_zh: Annotated[str, bilingual("中文名称", "Name in Chinese")]
    name_en: Annotated[str, bilingual("英文名称", "Name in English")]
    region: Annotated[RegionId, bilingual("区划", "Region evaluated")]
    on: Annotated[date, bilingual("日期", "Evaluation date")]
    message_zh: Annotated[str, bilingual("说明", "Message, Chinese")]
    message_en: Annotated[str, bilingual("说明(英文)", "Message, English")]


class Step(BaseModel):
    """One step of an explanation: a condition, its inputs and its result."""

    model_config = MODEL_CONFIG

    text_zh: Annotated[str, bilingual("条件", "Condition, Chinese")]
    text_en: Annotated[str, bilingual("条件(英文)", "Condition, English")]
    result: Annotated[Literal["true", "false", "unknown", "value"], bilingual("结果", "Result")]
    value_zh: Annotated[str, bilingual("取值", "Values read, Chinese")] = ""
    value_en: Annotated[str, bilingual("取值(英文)", "Values read, English")] = ""
    children: Annotated[tuple[Step, ...], bilingual("子条件", "Sub-conditions")] = ()


class Explanation(BaseModel):
    """Why a conclusion was reached: rule, trace, inputs read, parameters used, citations."""

    model_config = MODEL_CONFIG

    rule_id: Annotated[str, bilingual("规则编号", "Rule id")]
    rule_region: Annotated[RegionId, bilingual("规则区划", "Region whose version of the rule applied")]
    summary_zh: Annotated[str, bilingual("结论说明", "Summary, Chinese")]
    summary_en: Annotated[str, bilingual("结论说明(英文)", "Summary, English")]
    steps: Annotated[tuple[Step, ...], bilingual("判定过程", "Trace of the conditions")] = ()
    inputs: Annotated[tuple[str, ...], bilingual("读取的字段", "Input fields read")] = ()
    parameters: Annotated[tuple[ResolvedParameter, ...], bilingual("使用的参数", "Parameters used")] = ()


class MemberConclusion(BaseModel):
    """For member-level measures: the conclusion for one member (identified by position, never by ID)."""

    model_config = MODEL_CONFIG

    member_index: Annotated[int, bilingual("成员序号", "0-based position in members", ge=0)]
    member_id: Annotated[str | None, bilingual("成员编号", "Pseudonymous member id, if supplied")] = None
    outcome: Annotated[Outcome, bilingual("结论", "Outcome")]
    amount: Annotated[Decimal | None, bilingual("金额", "Amount in yuan")] = None
    missing_fields: Annotated[tuple[str, ...], bilingual("缺失字段", "Missing input fields")] = ()


class Conclusion(BaseModel):
    """One conclusion: a cohort, risk or measure and its outcome."""

    model_config = MODEL_CONFIG

    id: Annotated[str, bilingual("规则编号", "Rule id")]
    kind: Annotated[Literal["cohort", "risk", "measure"], bilingual("类别", "cohort, risk or measure")]
    name_zh: Annotated[str, bilingual("中文名称", "Name in Chinese")]
    name_en: Annotated[str, bilingual("英文名称", "Name in English")]
    outcome: Annotated[Outcome, bilingual("结论", "eligible / ineligible / undetermined")]
    missing_fields: Annotated[tuple[str, ...], bilingual("缺失字段", "Missing input fields")] = ()
    missing_parameters: Annotated[tuple[MissingParameter, ...], bilingual("缺失参数", "Missing parameters")] = ()
    citations: Annotated[tuple[Citation, ...], bilingual("依据", "Citations")]
    category: Annotated[str | None, bilingual("措施类别", "Measure category")] = None
    benefit_kind: Annotated[str | None, bilingual("待遇形式", "Benefit kind")] = None
    amount: Annotated[Decimal | None, bilingual("金额", "Amount in yuan, exact to the fen")] = None
    amount_unit: Annotated[str | None, bilingual("金额单位", "Unit")] = None
    amount_outcome: Annotated[Literal["determined", "undetermined", "not_applicable"], bilingual(
        "金额结论", "Whether the amount could be computed")] = "not_applicable"
    amount_note_zh: Annotated[str | None, bilingual("金额说明", "Note on the amount")] = None
    amount_note_en: Annotated[str | None, bilingual("金额说明(英文)", "Note on the amount, English")] = None
    members: Annotated[tuple[MemberConclusion, ...], bilingual("成员结论", "Per-member conclusions")] = ()
    explanation: Annotated[Explanation | None, bilingual("解释", "Explanation")] = None


class DocumentStatus(BaseModel):
    """Whether a policy document behind the region's rules governs the evaluation date."""

    model_config = MODEL_CONFIG

    id: Annotated[str, bilingual("文件编号", "Document id")]
    title_zh: Annotated[str, bilingual("文件标题", "Title")]
    in_force: Annotated[bool, bilingual("是否适用", "Governs the evaluation date")]
    valid_from: Annotated[date, bilingual("适用起始日", "First day it governs")]
    valid_until: Annotated[date | None, bilingual("适用截止日", "Last day it governs")] = None


class PluginVersion(BaseModel):
    """A plugin that contributed to a decision."""

    model_config = MODEL_CONFIG

    name: Annotated[str, bilingual("插件名", "Plugin name")]
    version: Annotated[str | None, bilingual("版本", "Version")] = None
    distribution: Annotated[str | None, bilingual("发行包", "Distribution")] = None


class Provenance(BaseModel):
    """What produced the decision, so it can be reproduced."""

    model_config = MODEL_CONFIG

    library_version: Annotated[str, bilingual("库版本", "xianjie version")]
    plugins: Annotated[tuple[PluginVersion, ...], bilingual("插件", "Plugins that contributed")]
    parameter_set_hash: Annotated[str, bilingual("参数集哈希", "SHA-256 of the parameter set in force")]
    region_chain: Annotated[tuple[str, ...], bilingual("区划链", "Region and its ancestors")]


class Decision(BaseModel):
    """判定结果 / Decision for one household on one date."""

    model_config = MODEL_CONFIG

    format: Annotated[Literal["xianjie.decision/1"], bilingual("格式版本", "Format version")] = "xianjie.decision/1"
    household_id: Annotated[str, bilingual("户编号", "Household key")]
    region: Annotated[RegionId, bilingual("区划", "Region")]
    evaluation_date: Annotated[date, bilingual("评估日期", "Evaluation date")]
    cohorts: Annotated[tuple[Conclusion, ...], bilingual("群体认定", "Cohorts")]
    risks: Annotated[tuple[Conclusion, ...], bilingual("风险", "Risks")]
    measures: Annotated[tuple[Conclusion, ...], bilingual("帮扶措施", "Support measures")]
    documents: Annotated[tuple[DocumentStatus, ...], bilingual("政策文件", "Documents behind the rules")]
    warnings: Annotated[tuple[str, ...], bilingual("提示", "Warnings, e.g. documents not in force")] = ()
    provenance: Annotated[Provenance, bilingual("来源信息", "Provenance")]

    def conclusion(self, rule_id: str) -> Conclusion:
        """The conclusion with the given rule id (raises ``KeyError``)."""
        for c in (*self.cohorts, *self.risks, *self.measures):
            if c.id == rule_id:
                return c
        raise KeyError(rule_id)
