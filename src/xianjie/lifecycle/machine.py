"""Replaying a case: ``advance(case, on=..., registry=...)`` → :class:`CaseState`.

The state machine (docs/lifecycle.md has the diagram and the clause behind every arrow)::

    not_monitored ─identified→ identified ─included→ included ─measure_started→ assisted
    included/assisted ─risk_eliminated→ eliminated_tracking ─tracking_ended→ closed
    eliminated_tracking ─risk_reappeared→ included/assisted (re-inclusion)
    closed ─identified/included→ a new episode

Stages change only through recorded events; what is merely *due* (a tracking period that has run out, a
低保 exit deadline, an elimination whose conditions now hold) is reported in the state and in screening
worklists, never applied silently. Durations come from cited parameters resolved for the case's region on
the date of the event that starts them; a parameter nobody configured makes the dependent date or check
"undetermined" and is listed in ``missing_parameters`` — no duration is invented here.

Month arithmetic uses ``dateutil.relativedelta``, which clamps to the month end: a tracking period of 12
months starting 2024-02-29 ends on 2025-02-28, and one month after 2024-01-31 is 2024-02-29.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from dateutil.relativedelta import relativedelta

from ..models import Citation
from ..models.decision import MissingParameter
from ..models.household import RiskCause
from ..models.person import LabourCapacity
from ..registry import Registry
from . import clauses as C
from .models import (
    Case,
    CaseState,
    Channel,
    Condition,
    ConditionOutcome,
    DibaoState,
    EliminationCheck,
    Event,
    Identified,
    Included,
    LifecycleError,
    MeasureRecord,
    MeasureStarted,
    MeasureSuggestion,
    MonitoredKind,
    Reason,
    RiskEliminated,
    RiskReappeared,
    RiskReassessed,
    Stage,
)
from .plan import CATEGORY_CLAUSES, category_label, suggest_measures

__all__ = [
    "DEFER_PARAM",
    "ELIM_ASSISTED_PARAM",
    "ELIM_STABLE_PARAM",
    "EXIT_PARAM",
    "TRACKING_PARAM",
    "add_months",
    "advance",
]

TRACKING_PARAM = "monitoring.tracking_period_months"
ELIM_STABLE_PARAM = "monitoring.elimination_min_stable_months"
ELIM_ASSISTED_PARAM = "monitoring.elimination_min_assisted_months"
EXIT_PARAM = "dibao.gradual_exit_max_months"
#: Optional bool parameter (not declared nationally; a plugin may declare it): households without labour
#: capacity are not marked risk-eliminated ("暂不标注风险消除", research/domain.md B.3, medium confidence).
DEFER_PARAM = "monitoring.defer_elimination_without_labour"

KIND_ZH = {"unstable": "脱贫不稳定户", "marginal": "边缘易致贫户", "sudden_hardship": "突发严重困难户"}
CHANNEL_ZH = {"self_application": "农户自主申报", "department_data": "部门数据比对",
              "department_alert": "部门预警推送", "cadre_visit": "干部走访排查",
              "concentrated_screening": "集中排查"}
STAGE_ZH = {"not_monitored": "未纳入监测", "identified": "已发现待核实", "included": "已纳入监测(未落实措施)",
            "assisted": "已纳入监测并落实帮扶", "eliminated_tracking": "风险已消除(跟踪期)", "closed": "跟踪期结束"}


def add_months(start: dt.date, months: int) -> dt.date:
    """``start`` plus whole months, clamped to the month end (2024-02-29 + 12 months = 2025-02-28)."""
    result: dt.date = start + relativedelta(months=months)
    return result


def _risks(risks: frozenset[RiskCause] | set[RiskCause]) -> str:
    return ", ".join(sorted(risks)) or "-"


@dataclass
class _Param:
    value: int | bool | None
    citation: Citation | None


@dataclass
class _Replay:
    case: Case
    on: dt.date
    registry: Registry
    defer: bool | None
    stage: Stage = "not_monitored"
    episodes: int = 0
    kind: MonitoredKind | None = None
    identified_on: dt.date | None = None
    channel: Channel | None = None
    included_on: dt.date | None = None
    inclusion_risks: frozenset[RiskCause] = frozenset()
    risks: frozenset[RiskCause] = frozenset()
    labour: LabourCapacity | None = None
    measures: dict[str, MeasureRecord] = field(default_factory=dict)
    past: list[MeasureRecord] = field(default_factory=list)
    first_measure: dt.date | None = None
    reassessed: RiskReassessed | None = None
    eliminated_on: dt.date | None = None
    mode: Literal["assisted", "natural"] | None = None
    tracking_months: int | None = None
    tracking_end: dt.date | None = None
    tracking_ended_on: dt.date | None = None
    check: EliminationCheck | None = None
    dibao: DibaoState = field(default_factory=DibaoState)
    reasons: list[Reason] = field(default_factory=list)
    warnings: list[Reason] = field(default_factory=list)
    missing: dict[str, MissingParameter] = field(default_factory=dict)

    # ---- helpers ----------------------------------------------------------------------------------------
    def param(self, key: str, on: dt.date) -> _Param:
        res = self.registry.resolve(key, self.case.region, on)
        if res is None:
            return _Param(None, None)
        value = res.value
        return _Param(value if isinstance(value, bool | int) else None, res.resolved.citation)

    def miss(self, key: str, on: dt.date) -> MissingParameter:
        spec = self.registry.specs.get(key)
        zh, en = (spec.name_zh, spec.name_en) if spec else (key, key)
        region = self.case.region
        mp = MissingParameter(
            key=key, name_zh=zh, name_en=en, region=region, on=on,
            message_zh=f"{region} 在 {on.isoformat()} 没有配置参数“{zh}”({key})：文件未给出该值，须由部署单位提供(--params)",
            message_en=f"no value of {en} ({key}) is configured for region {region} on {on.isoformat()}: the "
                       "documents do not give it; the deploying office must supply it (--params)")
        self.missing.setdefault(key, mp)
        return mp

    def fail(self, i: int, ev: Event, en: str, zh: str) -> LifecycleError:
        return LifecycleError(i, ev.type, en, zh)

    def why(self, i: int | None, ev: Event | None, zh: str, en: str, *cites: Citation | None) -> None:
        self.reasons.append(_reason(i, ev, zh, en, cites))

    def warn(self, i: int | None, ev: Event | None, zh: str, en: str, *cites: Citation | None) -> None:
        self.warnings.append(_reason(i, ev, zh, en, cites))

    def end_episode_fields(self) -> None:
        self.eliminated_on = self.mode = self.tracking_months = self.tracking_end = None
        self.tracking_ended_on = None
        self.check = None
        self.reassessed = None
        self.first_measure = None

    def stage_after_inclusion(self) -> Stage:
        return "assisted" if self.measures else "included"

    # ---- transitions ------------------------------------------------------------------------------------
    def identified(self, i: int, ev: Identified) -> None:
        if self.stage not in ("not_monitored", "closed"):
            raise self.fail(i, ev, f"household is already {self.stage} (since an earlier event): a new "
                            "identification needs a closed or unmonitored case",
                            f"该户当前为“{STAGE_ZH[self.stage]}”，不能重复识别")
        self.end_episode_fields()
        self.kind = None
        self.included_on = None
        self.stage, self.identified_on, self.channel = "identified", ev.date, ev.source
        self.risks = self.inclusion_risks = ev.risks
        self.why(i, ev, f"{ev.date} 经{CHANNEL_ZH[ev.source]}发现风险线索({_risks(ev.risks)})，待入户核实",
                 f"{ev.date}: identified through {ev.source} (risk clues: {_risks(ev.risks)}); to be verified",
                 *C.CHANNEL[ev.source])

    def not_included(self, i: int, ev: Event) -> None:
        if self.stage != "identified":
            raise self.fail(i, ev, f"not_included needs an identified household (stage is {self.stage})",
                            f"只有已发现待核实的农户才能核实不纳入(当前为“{STAGE_ZH[self.stage]}”)")
        self.stage = "not_monitored"
        self.risks = self.inclusion_risks = frozenset()
        self.why(i, ev, f"{ev.date} 核实后不符合纳入条件，不纳入监测", f"{ev.date}: verified, not included",
                 C.TOWNSHIP_VERIFY, C.INCLUDE)

    def included(self, i: int, ev: Included) -> None:
        if self.stage not in ("not_monitored", "identified", "closed"):
            raise self.fail(i, ev, f"household is already monitored (stage {self.stage}, included on "
                            f"{self.included_on}): use risk_reassessed, or risk_reappeared during tracking",
                            f"该户已在监测中(“{STAGE_ZH[self.stage]}”)，不能重复纳入")
        if self.stage != "identified":
            self.identified_on = ev.date
            self.channel = ev.source if ev.source in C.CHANNEL else None  # type: ignore[assignment]
        self.end_episode_fields()
        self.episodes += 1
        self.kind, self.included_on = ev.kind, ev.date
        self.inclusion_risks = self.risks = ev.risks
        if ev.labour_capacity is not None:
            self.labour = ev.labour_capacity
        if self.measures:
            self.first_measure = ev.date
        self.stage = self.stage_after_inclusion()
        channel_cites = C.CHANNEL.get(ev.source or "", ())
        self.why(i, ev, f"{ev.date} 按程序纳入监测，类型为{KIND_ZH[ev.kind]}，风险：{_risks(ev.risks)}",
                 f"{ev.date}: included in monitoring as {ev.kind}; risks: {_risks(ev.risks)}",
                 C.INCLUDE, C.INCLUDE_HN, C.KINDS, *channel_cites[:1])

    def measure_started(self, i: int, ev: MeasureStarted) -> None:
        if self.stage not in ("included", "assisted", "eliminated_tracking"):
            raise self.fail(i, ev, f"measure_started before inclusion (stage {self.stage}): assistance "
                            "measures follow inclusion in monitoring",
                            f"纳入监测前不能落实监测帮扶措施(当前为“{STAGE_ZH[self.stage]}”)")
        if ev.measure in self.measures:
            raise self.fail(i, ev, f"measure {ev.measure!r} is already in place (started "
                            f"{self.measures[ev.measure].started_on})", f"措施“{ev.measure}”已在落实中")
        self.measures[ev.measure] = MeasureRecord(measure=ev.measure, category=ev.category,
                                                  addresses=ev.addresses, started_on=ev.date)
        if self.first_measure is None and self.stage != "eliminated_tracking":
            self.first_measure = ev.date
        if self.stage == "included":
            self.stage = "assisted"
        zh, en = category_label(ev.category)
        self.why(i, ev, f"{ev.date} 落实帮扶措施“{ev.measure}”({zh})", f"{ev.date}: measure {ev.measure!r} "
                 f"started ({en})", *CATEGORY_CLAUSES[ev.category], C.ASSIST_TARGETED)
        if self.labour == "none" and ev.category in ("industry", "employment"):
            self.warn(i, ev, "无劳动能力家庭安排了开发式措施：应落实兜底保障、社会救助",
                      "a development measure for a household without labour capacity: the documents call "
                      "for safety-net assistance", C.ASSIST_FLOOR)

    def measure_ended(self, i: int, ev: Event) -> None:
        key = getattr(ev, "measure", "")
        rec = self.measures.pop(key, None)
        if rec is None:
            raise self.fail(i, ev, f"measure {key!r} is not in place (never started, or already ended)",
                            f"措施“{key}”未在落实中，不能结束")
        self.past.append(rec.model_copy(update={"ended_on": ev.date}))
        if self.stage == "assisted" and not self.measures:
            self.stage = "included"
        self.why(i, ev, f"{ev.date} 措施“{key}”结束", f"{ev.date}: measure {key!r} ended", C.ASSIST_TARGETED)

    def risk_reassessed(self, i: int, ev: RiskReassessed) -> None:
        if self.stage not in ("included", "assisted"):
            hint = ("record risk_reappeared if a risk returned during tracking"
                    if self.stage == "eliminated_tracking" else "the household is not monitored")
            raise self.fail(i, ev, f"risk_reassessed outside monitoring (stage {self.stage}): {hint}",
                            f"风险再评定只适用于监测中的农户(当前为“{STAGE_ZH[self.stage]}”)")
        if ev.income_stable_since is not None and ev.income_stable_since > ev.date:
            raise self.fail(i, ev, "income_stable_since is after the reassessment date",
                            "收入稳定起始日晚于评定日期")
        self.reassessed = ev
        self.risks = ev.risks
        if ev.labour_capacity is not None:
            self.labour = ev.labour_capacity
        self.why(i, ev, f"{ev.date} 户内风险再评定：仍存在的风险 {_risks(ev.risks)}",
                 f"{ev.date}: risk re-assessed; risks still present: {_risks(ev.risks)}", C.REASSESS)

    def risk_eliminated(self, i: int, ev: RiskEliminated) -> None:
        if self.stage == "eliminated_tracking":
            raise self.fail(i, ev, f"risk already eliminated on {self.eliminated_on}",
                            f"风险已于 {self.eliminated_on} 标注消除")
        if self.stage not in ("included", "assisted"):
            raise self.fail(i, ev, f"risk_eliminated before inclusion (stage {self.stage}): only a monitored "
                            "household's risk can be eliminated", f"未纳入监测不能标注风险消除(当前为“{STAGE_ZH[self.stage]}”)")
        self.check = self.elimination_check(ev.date, ev.mode)
        if self.check.outcome != "met":
            word = "不满足" if self.check.outcome == "not_met" else "无法确认"
            failed = [c for c in self.check.conditions if c.outcome == self.check.outcome]
            self.warn(i, ev, f"标注风险消除时消除条件{word}：" + "；".join(c.text_zh for c in failed),
                      f"risk marked eliminated although its conditions are {self.check.outcome.replace('_', ' ')}"
                      ": " + "; ".join(c.text_en for c in failed), C.ELIMINATE)
        self.stage, self.eliminated_on, self.mode = "eliminated_tracking", ev.date, ev.mode
        mode_zh = "帮扶后消除" if ev.mode == "assisted" else "风险自然消除"
        self.why(i, ev, f"{ev.date} 履行风险消除程序并在国网标注风险消除({mode_zh})",
                 f"{ev.date}: risk marked eliminated ({ev.mode})", C.ELIMINATE)
        p = self.param(TRACKING_PARAM, ev.date)
        if isinstance(p.value, int) and not isinstance(p.value, bool):
            self.tracking_months = p.value
            self.tracking_end = add_months(ev.date, p.value)
            self.why(i, ev, f"设立跟踪期 {p.value} 个月，至 {self.tracking_end} 届满",
                     f"tracking period of {p.value} months, complete on {self.tracking_end}", C.TRACKING,
                     p.citation)
        else:
            self.miss(TRACKING_PARAM, ev.date)
            self.why(i, ev, f"进入跟踪期；跟踪期长度未配置({TRACKING_PARAM})，届满日期无法判定",
                     f"tracking starts; its length is not configured ({TRACKING_PARAM}), so its end is "
                     "undetermined", C.TRACKING)

    def risk_reappeared(self, i: int, ev: RiskReappeared) -> None:
        if self.stage != "eliminated_tracking":
            raise self.fail(i, ev, f"risk_reappeared outside a tracking period (stage {self.stage}): record "
                            "risk_reassessed while monitored, or identified/included for a new episode",
                            f"只有跟踪期内才能记录风险再现(当前为“{STAGE_ZH[self.stage]}”)")
        self.end_episode_fields()
        self.episodes += 1
        self.kind = ev.kind or self.kind
        self.included_on = ev.date
        self.inclusion_risks = self.risks = ev.risks
        if self.measures:
            self.first_measure = ev.date
        self.stage = self.stage_after_inclusion()
        self.why(i, ev, f"{ev.date} 跟踪期内发现苗头性问题({_risks(ev.risks)})，重新纳入监测",
                 f"{ev.date}: risk reappeared during tracking ({_risks(ev.risks)}); included again",
                 C.TRACKING, C.INCLUDE, C.DYNAMIC_CLEARING)

    def tracking_ended(self, i: int, ev: Event) -> None:
        if self.stage != "eliminated_tracking":
            raise self.fail(i, ev, f"tracking_ended before tracking started: the risk was never marked "
                            f"eliminated in this episode (stage {self.stage})",
                            f"风险未标注消除，没有跟踪期可结束(当前为“{STAGE_ZH[self.stage]}”)")
        if self.tracking_end is not None and ev.date < self.tracking_end:
            raise self.fail(i, ev, f"tracking_ended on {ev.date} is before the tracking period is complete "
                            f"({self.tracking_end}: {TRACKING_PARAM} = {self.tracking_months})",
                            f"跟踪期至 {self.tracking_end} 届满，不能提前于 {ev.date} 结束")
        self.stage, self.tracking_ended_on = "closed", ev.date
        self.why(i, ev, f"{ev.date} 跟踪期结束", f"{ev.date}: tracking period ended", C.TRACKING)

    def dibao_started(self, i: int, ev: Event) -> None:
        if self.dibao.status in ("receiving", "gradual_exit"):
            raise self.fail(i, ev, f"the household already receives 低保 (status {self.dibao.status})",
                            "该户已在享受低保")
        self.dibao = DibaoState(status="receiving")
        self.why(i, ev, f"{ev.date} 纳入农村低保", f"{ev.date}: entered 低保", C.DIBAO)

    def dibao_income_exceeded(self, i: int, ev: Event) -> None:
        if self.dibao.status == "gradual_exit":
            raise self.fail(i, ev, f"already in the gradual exit since {self.dibao.income_exceeded_on}",
                            f"已于 {self.dibao.income_exceeded_on} 进入渐退期")
        if self.dibao.status == "exited":
            raise self.fail(i, ev, "the household has left 低保", "该户已退出低保")
        p = self.param(EXIT_PARAM, ev.date)
        months = p.value if isinstance(p.value, int) and not isinstance(p.value, bool) else None
        deadline = add_months(ev.date, months) if months is not None else None
        self.dibao = DibaoState(status="gradual_exit", income_exceeded_on=ev.date, max_months=months,
                                exit_deadline=deadline)
        if deadline is not None:
            self.why(i, ev, f"{ev.date} 人均收入超过低保标准，进入不超过 {months} 个月的渐退期，至迟 {deadline} 退出",
                     f"{ev.date}: income above the 低保 standard; gradual exit of at most {months} months, exit "
                     f"by {deadline}", C.DIBAO_EXIT, p.citation)
        else:
            self.miss(EXIT_PARAM, ev.date)
            self.why(i, ev, f"{ev.date} 人均收入超过低保标准，进入渐退期；渐退期上限未配置({EXIT_PARAM})",
                     f"{ev.date}: income above the 低保 standard; gradual exit starts, its maximum is not "
                     f"configured ({EXIT_PARAM})", C.DIBAO_EXIT)

    def dibao_exited(self, i: int, ev: Event) -> None:
        if self.dibao.status == "exited":
            raise self.fail(i, ev, f"the household already left 低保 on {self.dibao.exited_on}",
                            f"该户已于 {self.dibao.exited_on} 退出低保")
        late = self.dibao.exit_deadline is not None and ev.date > self.dibao.exit_deadline
        gradual = self.dibao.status == "gradual_exit"
        self.dibao = self.dibao.model_copy(update={"status": "exited", "exited_on": ev.date})
        self.why(i, ev, f"{ev.date} 退出低保" + ("(渐退期结束)" if gradual else ""),
                 f"{ev.date}: left 低保" + (" (end of gradual exit)" if gradual else ""),
                 C.DIBAO_EXIT if gradual else C.DIBAO)
        if late:
            self.warn(i, ev, f"退出晚于渐退期截止日 {self.dibao.exit_deadline}",
                      f"exit after the gradual-exit deadline {self.dibao.exit_deadline}", C.DIBAO_EXIT)

    # ---- risk elimination conditions --------------------------------------------------------------------
    def elimination_check(self, at: dt.date, mode: Literal["assisted", "natural"]) -> EliminationCheck:
        conds = [self._risks_resolved(), self._income_stable(at)]
        if mode == "assisted":
            conds.append(self._assisted_long_enough(at))
        defer = self._defer_condition(at)
        if defer is not None:
            conds.append(defer)
        outcomes = {c.outcome for c in conds}
        outcome: ConditionOutcome = ("not_met" if "not_met" in outcomes
                                     else "undetermined" if "undetermined" in outcomes else "met")
        return EliminationCheck(on=at, mode=mode, outcome=outcome, conditions=tuple(conds))

    def _risks_resolved(self) -> Condition:
        cites = (C.REASSESS, C.ELIMINATE)
        r = self.reassessed
        if r is None:
            return Condition(id="risks_resolved", outcome="undetermined", missing_fields=("risk_reassessed",),
                             text_zh="纳入后尚无户内风险再评定记录", text_en="no risk re-assessment recorded "
                             "since inclusion", citations=cites)
        if r.risks:
            return Condition(id="risks_resolved", outcome="not_met", citations=cites,
                             text_zh=f"{r.date} 再评定仍有风险：{_risks(r.risks)}",
                             text_en=f"risks still present at the {r.date} re-assessment: {_risks(r.risks)}")
        return Condition(id="risks_resolved", outcome="met", citations=cites,
                         text_zh=f"{r.date} 再评定：触发纳入的风险已消除", text_en=f"re-assessment of {r.date}: "
                         "the triggering risks are resolved")

    def _income_stable(self, at: dt.date) -> Condition:
        r = self.reassessed
        if r is None or r.income_above_line is None:
            return Condition(id="income_stable", outcome="undetermined", missing_fields=("risk_reassessed.income_above_line",),
                             text_zh="未记录收入是否高于监测线", text_en="whether income is above the monitoring "
                             "line is not recorded", citations=(C.ELIMINATE,))
        if not r.income_above_line:
            return Condition(id="income_stable", outcome="not_met", text_zh="收入未稳定高于监测线",
                             text_en="income is not above the monitoring line", citations=(C.ELIMINATE,))
        p = self.param(ELIM_STABLE_PARAM, at)
        cites = tuple(c for c in (C.ELIMINATE, p.citation) if c is not None)
        months = p.value if isinstance(p.value, int) and not isinstance(p.value, bool) else None
        missing_f = ("risk_reassessed.income_stable_since",) if r.income_stable_since is None else ()
        missing_p = (self.miss(ELIM_STABLE_PARAM, at),) if months is None else ()
        if r.income_stable_since is None or months is None:
            return Condition(id="income_stable", outcome="undetermined", missing_fields=missing_f, missing_parameters=missing_p,
                             text_zh=f"收入稳定时长无法判定(缺少{'收入稳定起始日' if missing_f else ELIM_STABLE_PARAM})",
                             text_en="how long income has been stable cannot be judged (missing "
                             f"{'income_stable_since' if missing_f else ELIM_STABLE_PARAM})", citations=cites)
        due = add_months(r.income_stable_since, months)
        ok = due <= at
        return Condition(id="income_stable", outcome="met" if ok else "not_met", citations=cites,
                         text_zh=f"收入自 {r.income_stable_since} 起高于监测线，需满 {months} 个月(至 {due})",
                         text_en=f"income above the line since {r.income_stable_since}; {months} months needed "
                         f"(until {due})")

    def _assisted_long_enough(self, at: dt.date) -> Condition:
        if self.first_measure is None:
            return Condition(id="assistance_duration", outcome="not_met", citations=(C.ELIMINATE, C.HELP_ALL),
                             text_zh="本轮监测未落实帮扶措施(如风险自然消失，应按自然消除记录)",
                             text_en="no assistance measure in this episode (if the risk went away by itself, "
                             "record a natural elimination)")
        p = self.param(ELIM_ASSISTED_PARAM, at)
        cites = tuple(c for c in (C.ELIMINATE, C.ASSIST_TARGETED, p.citation) if c is not None)
        months = p.value if isinstance(p.value, int) and not isinstance(p.value, bool) else None
        if months is None:
            return Condition(id="assistance_duration", outcome="undetermined", missing_parameters=(self.miss(ELIM_ASSISTED_PARAM, at),),
                             text_zh=f"帮扶时长要求未配置({ELIM_ASSISTED_PARAM})",
                             text_en=f"the required assistance duration is not configured ({ELIM_ASSISTED_PARAM})",
                             citations=cites)
        due = add_months(self.first_measure, months)
        return Condition(id="assistance_duration", outcome="met" if due <= at else "not_met", citations=cites,
                         text_zh=f"帮扶自 {self.first_measure} 起，需满 {months} 个月(至 {due})",
                         text_en=f"assisted since {self.first_measure}; {months} months needed (until {due})")

    def _defer_condition(self, at: dt.date) -> Condition | None:
        cites: tuple[Citation, ...] = (C.ASSIST_FLOOR,)
        defer = self.defer
        if defer is None:
            p = self.param(DEFER_PARAM, at)
            if p.value is not True:
                return None
            defer = True
            cites = tuple(c for c in (C.ASSIST_FLOOR, p.citation) if c is not None)
        if not defer:
            return None
        if self.labour is None:
            return Condition(id="labour_capacity", outcome="undetermined", missing_fields=("labour_capacity",), citations=cites,
                             text_zh="未记录家庭劳动能力(无劳动能力户暂不标注风险消除)",
                             text_en="labour capacity not recorded (households without labour capacity are "
                             "not marked eliminated under the configured option)")
        if self.labour == "none":
            return Condition(id="labour_capacity", outcome="not_met", citations=cites,
                             text_zh="无劳动能力：落实兜底保障后暂不标注风险消除，继续跟踪",
                             text_en="no labour capacity: after safety-net measures, elimination is not marked "
                             "for now (暂不标注风险消除); tracking continues")
        return Condition(id="labour_capacity", outcome="met", citations=cites, text_zh="家庭有劳动能力",
                         text_en="the household has labour capacity")

    # ---- result -----------------------------------------------------------------------------------------
    def finish(self) -> CaseState:
        on = self.on
        if not self.reasons:
            self.why(None, None, "无监测事件记录：未纳入监测，纳入常态化排查范围",
                     "no monitoring event recorded: not a monitoring object; covered by routine screening",
                     C.ROUTINE_SCREENING)
        check = self.check
        suggestions: tuple[MeasureSuggestion, ...] = ()
        if self.stage in ("included", "assisted"):
            check = self.elimination_check(on, "assisted" if self.first_measure is not None else "natural")
            suggestions = suggest_measures(self.labour, self.risks, (m.category for m in self.measures.values()))
            if self.labour is None:
                self.warn(None, None, "未记录家庭劳动能力：无法按劳动能力选择开发式或兜底措施",
                          "labour capacity not recorded: development versus safety-net measures cannot be "
                          "chosen", C.ASSIST_FULL, C.ASSIST_FLOOR)
            if not self.measures:
                self.warn(None, None, "已纳入监测但未落实帮扶措施", "included but no assistance measure in place",
                          C.HELP_ALL)
        if self.stage == "eliminated_tracking" and self.tracking_end is not None and on >= self.tracking_end:
            self.why(None, None, f"跟踪期已于 {self.tracking_end} 届满，待记录跟踪结束",
                     f"the tracking period was complete on {self.tracking_end}; tracking_ended is due",
                     C.TRACKING)
        d = self.dibao
        if d.status == "gradual_exit" and d.exit_deadline is not None and on > d.exit_deadline:
            self.warn(None, None, f"渐退期已于 {d.exit_deadline} 届满，尚未记录退出低保",
                      f"the gradual exit was due by {d.exit_deadline}; no 低保 exit recorded", C.DIBAO_EXIT)
        return CaseState(
            household_id=self.case.household_id, region=self.case.region, on=on, stage=self.stage,
            episodes=self.episodes, kind=self.kind, identified_on=self.identified_on, channel=self.channel,
            included_on=self.included_on, inclusion_risks=self.inclusion_risks, risks=self.risks,
            labour_capacity=self.labour,
            measures=tuple(sorted(self.measures.values(), key=lambda m: (m.started_on, m.measure))),
            past_measures=tuple(self.past), eliminated_on=self.eliminated_on, elimination_mode=self.mode,
            tracking_period_months=self.tracking_months, tracking_end=self.tracking_end,
            tracking_ended_on=self.tracking_ended_on, elimination_check=check, suggested_measures=suggestions,
            dibao=self.dibao, reasons=tuple(self.reasons), warnings=tuple(self.warnings),
            missing_parameters=tuple(self.missing[k] for k in sorted(self.missing)))


def _reason(i: int | None, ev: Event | None, zh: str, en: str, cites: tuple[Citation | None, ...]) -> Reason:
    unique = tuple(dict.fromkeys(c for c in cites if c is not None))
    return Reason(event_index=i, event_type=ev.type if ev is not None else None, text_zh=zh, text_en=en,
                  citations=unique)


_HANDLERS: dict[str, Callable[[_Replay, int, Event], None]] = {
    "identified": _Replay.identified,  # type: ignore[dict-item]
    "not_included": _Replay.not_included,
    "included": _Replay.included,  # type: ignore[dict-item]
    "measure_started": _Replay.measure_started,  # type: ignore[dict-item]
    "measure_ended": _Replay.measure_ended,
    "risk_reassessed": _Replay.risk_reassessed,  # type: ignore[dict-item]
    "risk_eliminated": _Replay.risk_eliminated,  # type: ignore[dict-item]
    "risk_reappeared": _Replay.risk_reappeared,  # type: ignore[dict-item]
    "tracking_ended": _Replay.tracking_ended,
    "dibao_started": _Replay.dibao_started,
    "dibao_income_exceeded": _Replay.dibao_income_exceeded,
    "dibao_exited": _Replay.dibao_exited,
}


def check_sequence(case: Case, on: dt.date, *, ignore_future: bool = False) -> tuple[Event, ...]:
    """The events to replay: in date order and not after ``on`` (or, with ``ignore_future``, cut at ``on``)."""
    events = case.events
    for i in range(1, len(events)):
        if events[i].date < events[i - 1].date:
            ev, prev = events[i], events[i - 1]
            raise LifecycleError(i, ev.type, f"dated {ev.date}, before the previous event events[{i - 1}] "
                                 f"({prev.type}, {prev.date}): events must be in date order",
                                 f"日期 {ev.date} 早于上一事件 events[{i - 1}]({prev.type}，{prev.date})：事件须按日期排序")
    if ignore_future:
        return tuple(ev for ev in events if ev.date <= on)
    for i, ev in enumerate(events):
        if ev.date > on:
            raise LifecycleError(i, ev.type, f"dated {ev.date}, after the evaluation date {on}",
                                 f"日期 {ev.date} 晚于评估日期 {on}")
    return events


def advance(case: Case, *, on: dt.date, registry: Registry, defer_without_labour: bool | None = None,
            ignore_future: bool = False) -> CaseState:
    """Replay ``case`` as of ``on`` and return its state, with the reasons and clauses for every transition.

    Args:
        case: the household's monitoring history.
        on: evaluation date; an event after it is an error unless ``ignore_future`` drops such events.
        registry: supplies the region chain and the cited parameters (tracking period, elimination minimums,
            低保 gradual-exit maximum).
        defer_without_labour: "暂不标注风险消除" for households without labour capacity (research/domain.md B.3,
            medium confidence, hence an option): ``True``/``False`` decides; ``None`` reads the optional bool
            parameter ``monitoring.defer_elimination_without_labour`` if a plugin declares and sets it, else off.

    Raises:
        LifecycleError: an invalid sequence, naming the event by index and type.
        RegistryError: the case's region is unknown.
    """
    registry.chain(case.region)
    events = check_sequence(case, on, ignore_future=ignore_future)
    replay = _Replay(case=case, on=on, registry=registry, defer=defer_without_labour)
    for i, ev in enumerate(events):
        _HANDLERS[ev.type](replay, i, ev)
    return replay.finish()
