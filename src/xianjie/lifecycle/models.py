"""The monitoring case (监测帮扶台账) as a dated event history, and the state a replay of it yields.

Why events rather than a status record: the five documents describe a *process* — discovery through several
channels, inclusion by category, assistance chosen by labour capacity, re-assessment, risk elimination, a
tracking period and re-inclusion (001 一.一–一.八; 002 (二); 004 二.2). A status snapshot cannot say when a
tracking period ends or whether assistance ran long enough; an append-only, dated history can, and every
state derived from it can be audited event by event.

Events carry free-text ``evidence`` for the caseworker's note. It must never hold personal identifiers: text
that looks like a resident ID or mobile number is rejected (the error never echoes it).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator

from ..errors import XianjieError
from ..models.citation import Citation
from ..models.decision import MissingParameter
from ..models.household import RiskCause
from ..models.person import LabourCapacity
from ..models.types import MODEL_CONFIG, RegionId, bilingual

__all__ = [
    "Case",
    "CaseState",
    "Channel",
    "Condition",
    "DibaoState",
    "DibaoExited",
    "DibaoIncomeExceeded",
    "DibaoStarted",
    "EliminationCheck",
    "Event",
    "Identified",
    "Included",
    "LifecycleError",
    "MeasureCategory",
    "MeasureEnded",
    "MeasureRecord",
    "MeasureStarted",
    "MeasureSuggestion",
    "MonitoredKind",
    "NotIncluded",
    "Reason",
    "RiskEliminated",
    "RiskReappeared",
    "RiskReassessed",
    "Source",
    "Stage",
    "TrackingEnded",
]

#: How a household at risk was discovered (发现渠道): 001 一.一–一.三, 002 (二), 004 二.2.
Channel = Literal["self_application", "department_data", "department_alert", "cadre_visit",
                  "concentrated_screening"]
#: Who recorded an event: a discovery channel or a procedural actor.
Source = Literal[
    "self_application", "department_data", "department_alert", "cadre_visit", "concentrated_screening",
    "household_visit", "democratic_review", "township_review", "county_decision", "civil_affairs",
    "national_system", "other",
]
#: The three monitoring categories (004 二.2): 脱贫不稳定户 / 边缘易致贫户 / 突发严重困难户.
MonitoredKind = Literal["unstable", "marginal", "sudden_hardship"]
#: Kinds of assistance measure: development (industry, employment), public-welfare posts, 兜底 social
#: assistance, and the sector measures of 两不愁三保障 and water.
MeasureCategory = Literal["industry", "employment", "public_welfare_post", "social_assistance", "medical",
                          "education", "housing", "water", "other"]
Stage = Literal["not_monitored", "identified", "included", "assisted", "eliminated_tracking", "closed"]

_ID_LIKE = re.compile(r"(?<![0-9])(\d{17}[0-9Xx]|\d{15}|1[3-9]\d{9})(?![0-9])")


class LifecycleError(XianjieError):
    """An event history that cannot be replayed; names the event by index and type (never its evidence)."""

    code = "lifecycle_sequence"

    def __init__(self, index: int, event_type: str, message_en: str, message_zh: str) -> None:
        self.index = index
        self.event_type = event_type
        self.message_en = message_en
        self.message_zh = message_zh
        super().__init__(f"events[{index}] ({event_type}): {message_en}")


class _EventBase(BaseModel):
    model_config = MODEL_CONFIG

    date: Annotated[dt.date, bilingual("日期", "Date of the event")]
    source: Annotated[Source | None, bilingual("来源", "Channel or actor that recorded the event")] = None
    evidence: Annotated[str | None, bilingual(
        "依据说明", "Free-text note of the evidence (never names, ID or phone numbers)", max_length=500)] = None

    @field_validator("evidence")
    @classmethod
    def _no_identifiers(cls, v: str | None) -> str | None:
        if v is not None and _ID_LIKE.search(v):
            raise ValueError("evidence must not contain personal identifiers (ID or phone numbers)")
        return v


class Identified(_EventBase):
    """A household at risk was discovered (发现) through one of the channels."""

    type: Literal["identified"] = "identified"
    source: Annotated[Channel, bilingual("发现渠道", "Discovery channel")]
    risks: Annotated[frozenset[RiskCause], bilingual("发现的风险", "Risk clues observed")] = frozenset()


class NotIncluded(_EventBase):
    """Verification found the household does not meet the inclusion conditions (核实不纳入)."""

    type: Literal["not_included"] = "not_included"


class Included(_EventBase):
    """Included as a monitoring object (纳入监测) of one category, with the risks that triggered it."""

    type: Literal["included"] = "included"
    kind: Annotated[MonitoredKind, bilingual("监测对象类型", "Monitoring category")]
    risks: Annotated[frozenset[RiskCause], bilingual("风险类型", "Risks that triggered inclusion", min_length=1)]
    labour_capacity: Annotated[LabourCapacity | None, bilingual(
        "家庭劳动能力", "The household's strongest labour capacity (full/weak/half/none)")] = None


class MeasureStarted(_EventBase):
    """An assistance measure started (落实帮扶措施)."""

    type: Literal["measure_started"] = "measure_started"
    measure: Annotated[str, bilingual("措施编号", "Measure key, unique among measures in place",
                                      pattern=r"^[a-z][a-z0-9_.]*$", max_length=64)]
    category: Annotated[MeasureCategory, bilingual("措施类别", "Kind of measure")]
    addresses: Annotated[frozenset[RiskCause], bilingual("针对的风险", "Risks the measure addresses")] = frozenset()


class MeasureEnded(_EventBase):
    """An assistance measure ended."""

    type: Literal["measure_ended"] = "measure_ended"
    measure: Annotated[str, bilingual("措施编号", "Measure key", pattern=r"^[a-z][a-z0-9_.]*$", max_length=64)]


class RiskReassessed(_EventBase):
    """户内风险再评定 (001 一.八): the risks still present and the income situation."""

    type: Literal["risk_reassessed"] = "risk_reassessed"
    risks: Annotated[frozenset[RiskCause], bilingual("仍存在的风险", "Risks still present (empty: resolved)")]
    income_above_line: Annotated[bool | None, bilingual(
        "收入高于监测线", "Per-capita income is above the monitoring line")] = None
    income_stable_since: Annotated[dt.date | None, bilingual(
        "收入稳定起始日", "Since when income has stayed above the line")] = None
    labour_capacity: Annotated[LabourCapacity | None, bilingual(
        "家庭劳动能力", "Updated household labour capacity")] = None


class RiskEliminated(_EventBase):
    """风险消除, marked in the national system; ``natural`` when the risk went away by itself."""

    type: Literal["risk_eliminated"] = "risk_eliminated"
    mode: Annotated[Literal["assisted", "natural"], bilingual(
        "消除方式", "assisted 帮扶后消除 or natural 风险自然消除")] = "assisted"


class RiskReappeared(_EventBase):
    """A risk reappeared during tracking (苗头性问题): the household is monitored again."""

    type: Literal["risk_reappeared"] = "risk_reappeared"
    risks: Annotated[frozenset[RiskCause], bilingual("风险类型", "Risks that reappeared", min_length=1)]
    kind: Annotated[MonitoredKind | None, bilingual(
        "监测对象类型", "New category, if it changed")] = None


class TrackingEnded(_EventBase):
    """The tracking period after elimination ended (跟踪期结束)."""

    type: Literal["tracking_ended"] = "tracking_ended"


class DibaoStarted(_EventBase):
    """The household entered 低保."""

    type: Literal["dibao_started"] = "dibao_started"


class DibaoIncomeExceeded(_EventBase):
    """Per-capita income rose above the 低保 standard: the gradual exit (渐退期) starts (002 (十二))."""

    type: Literal["dibao_income_exceeded"] = "dibao_income_exceeded"


class DibaoExited(_EventBase):
    """The household left 低保."""

    type: Literal["dibao_exited"] = "dibao_exited"


Event = Annotated[
    Identified | NotIncluded | Included | MeasureStarted | MeasureEnded | RiskReassessed | RiskEliminated
    | RiskReappeared | TrackingEnded | DibaoStarted | DibaoIncomeExceeded | DibaoExited,
    Field(discriminator="type"),
]


class Case(BaseModel):
    """监测帮扶台账 / A household's monitoring history: events in date order (same-day events as listed)."""

    model_config = MODEL_CONFIG

    household_id: Annotated[str, bilingual(
        "户编号", "Pseudonymous household key (as in the household records)", pattern=r"^[A-Za-z0-9_.:\-]{1,64}$")]
    region: Annotated[RegionId, bilingual("所在区划", "Region id")]
    events: Annotated[tuple[Event, ...], bilingual("事件", "Events, oldest first")] = ()


# ---- the replayed state ---------------------------------------------------------------------------------
class Reason(BaseModel):
    """Why the state is what it is: one transition (or derived fact) and the clauses behind it."""

    model_config = MODEL_CONFIG

    event_index: Annotated[int | None, bilingual("事件序号", "Index of the event (None: derived)")] = None
    event_type: Annotated[str | None, bilingual("事件类型", "Type of the event")] = None
    text_zh: Annotated[str, bilingual("说明", "Explanation, Chinese", min_length=1)]
    text_en: Annotated[str, bilingual("说明(英文)", "Explanation, English", min_length=1)]
    citations: Annotated[tuple[Citation, ...], bilingual("依据", "Clauses", min_length=1)]


class MeasureRecord(BaseModel):
    """A measure with its dates."""

    model_config = MODEL_CONFIG

    measure: Annotated[str, bilingual("措施编号", "Measure key")]
    category: Annotated[MeasureCategory, bilingual("措施类别", "Kind")]
    addresses: Annotated[frozenset[RiskCause], bilingual("针对的风险", "Risks addressed")] = frozenset()
    started_on: Annotated[dt.date, bilingual("开始日期", "Start")]
    ended_on: Annotated[dt.date | None, bilingual("结束日期", "End (None: in place)")] = None


class MeasureSuggestion(BaseModel):
    """A kind of measure the documents call for, given labour capacity and risks."""

    model_config = MODEL_CONFIG

    category: Annotated[MeasureCategory, bilingual("措施类别", "Kind of measure")]
    text_zh: Annotated[str, bilingual("说明", "Why, Chinese")]
    text_en: Annotated[str, bilingual("说明(英文)", "Why, English")]
    in_place: Annotated[bool, bilingual("已落实", "A measure of this kind is in place")]
    citations: Annotated[tuple[Citation, ...], bilingual("依据", "Clauses", min_length=1)]


ConditionOutcome = Literal["met", "not_met", "undetermined"]


class Condition(BaseModel):
    """One condition of risk elimination, three-valued."""

    model_config = MODEL_CONFIG

    id: Annotated[str, bilingual("条件", "Condition id")]
    outcome: Annotated[ConditionOutcome, bilingual("结论", "met / not_met / undetermined")]
    text_zh: Annotated[str, bilingual("说明", "Explanation, Chinese")]
    text_en: Annotated[str, bilingual("说明(英文)", "Explanation, English")]
    missing_fields: Annotated[tuple[str, ...], bilingual("缺失信息", "Missing inputs")] = ()
    missing_parameters: Annotated[tuple[MissingParameter, ...], bilingual("缺失参数", "Missing parameters")] = ()
    citations: Annotated[tuple[Citation, ...], bilingual("依据", "Clauses", min_length=1)]


class EliminationCheck(BaseModel):
    """Whether risk elimination's conditions hold on a date (for a recorded or a pending elimination)."""

    model_config = MODEL_CONFIG

    on: Annotated[dt.date, bilingual("判定日期", "Date checked")]
    mode: Annotated[Literal["assisted", "natural"], bilingual("消除方式", "Path checked")]
    outcome: Annotated[ConditionOutcome, bilingual("结论", "All conditions met / one failed / undetermined")]
    conditions: Annotated[tuple[Condition, ...], bilingual("条件", "Conditions")]


class DibaoState(BaseModel):
    """低保 track: receiving, in the gradual exit (with its deadline), or exited."""

    model_config = MODEL_CONFIG

    status: Annotated[Literal["unknown", "receiving", "gradual_exit", "exited"], bilingual(
        "低保状态", "unknown (no 低保 event), receiving, gradual_exit 渐退期, exited")] = "unknown"
    income_exceeded_on: Annotated[dt.date | None, bilingual("收入超标日期", "Income rose above the standard")] = None
    max_months: Annotated[int | None, bilingual("渐退期上限(月)", "dibao.gradual_exit_max_months")] = None
    exit_deadline: Annotated[dt.date | None, bilingual(
        "渐退截止日", "Exit due on or before this date (income_exceeded_on + max_months)")] = None
    exited_on: Annotated[dt.date | None, bilingual("退出日期", "Date 低保 ended")] = None


class CaseState(BaseModel):
    """监测状态 / The state of a case on a date, with reasons citing the clause behind each transition."""

    model_config = MODEL_CONFIG

    format: Annotated[Literal["xianjie.case_state/1"], bilingual("格式版本", "Format")] = "xianjie.case_state/1"
    household_id: Annotated[str, bilingual("户编号", "Household key")]
    region: Annotated[RegionId, bilingual("区划", "Region")]
    on: Annotated[dt.date, bilingual("评估日期", "State as of this date")]
    stage: Annotated[Stage, bilingual("阶段", "Lifecycle stage")]
    episodes: Annotated[int, bilingual("纳入次数", "Times included in monitoring", ge=0)] = 0
    kind: Annotated[MonitoredKind | None, bilingual("监测对象类型", "Category of the current/last episode")] = None
    identified_on: Annotated[dt.date | None, bilingual("发现日期", "Date identified")] = None
    channel: Annotated[Channel | None, bilingual("发现渠道", "Discovery channel")] = None
    included_on: Annotated[dt.date | None, bilingual("纳入日期", "Date included (this episode)")] = None
    inclusion_risks: Annotated[frozenset[RiskCause], bilingual("纳入时风险", "Risks at inclusion")] = frozenset()
    risks: Annotated[frozenset[RiskCause], bilingual("当前风险", "Risks as last assessed")] = frozenset()
    labour_capacity: Annotated[LabourCapacity | None, bilingual("家庭劳动能力", "Labour capacity")] = None
    measures: Annotated[tuple[MeasureRecord, ...], bilingual("在帮措施", "Measures in place")] = ()
    past_measures: Annotated[tuple[MeasureRecord, ...], bilingual("已结束措施", "Measures ended")] = ()
    eliminated_on: Annotated[dt.date | None, bilingual("风险消除日期", "Date risk marked eliminated")] = None
    elimination_mode: Annotated[Literal["assisted", "natural"] | None, bilingual("消除方式", "Mode")] = None
    tracking_period_months: Annotated[int | None, bilingual("跟踪期(月)", "monitoring.tracking_period_months")] = None
    tracking_end: Annotated[dt.date | None, bilingual(
        "跟踪期届满日", "eliminated_on + tracking period (None: not applicable or undetermined)")] = None
    tracking_ended_on: Annotated[dt.date | None, bilingual("跟踪结束日期", "Date tracking_ended recorded")] = None
    elimination_check: Annotated[EliminationCheck | None, bilingual(
        "风险消除条件", "Pending elimination check (included/assisted) or the check at the recorded elimination")
    ] = None
    suggested_measures: Annotated[tuple[MeasureSuggestion, ...], bilingual(
        "应落实的措施类型", "Kinds of measure called for by labour capacity and risks")] = ()
    dibao: Annotated[DibaoState, bilingual("低保", "低保 gradual-exit track")] = Field(default_factory=DibaoState)
    reasons: Annotated[tuple[Reason, ...], bilingual("理由", "Transitions and their clauses", min_length=1)]
    warnings: Annotated[tuple[Reason, ...], bilingual("提示", "Audit findings (e.g. a late 低保 exit)")] = ()
    missing_parameters: Annotated[tuple[MissingParameter, ...], bilingual(
        "缺失参数", "Parameters needed but not configured")] = ()
