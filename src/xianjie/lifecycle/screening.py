"""Screening runs (排查): the worklist for one calendar occurrence over a population and its cases.

A run is tied to the region's screening calendar (``registry.events_for(region)``, e.g. Lanxi's May and October
concentrated door-to-door screening, 001 一.三): the occurrence whose window contains the run date sets the
discovery channel of new candidates and the horizon up to which due dates count. Without a covering
occurrence the run is ad hoc (channel ``cadre_visit``, horizon = the run date) and the next occurrence is
reported.

What lands on the worklist, and why:

* ``verify_identification`` — identified, not yet decided (001 一.二: verify at once);
* ``assign_measures`` — included with no measure in place (001 一.七: 应帮尽帮);
* ``visit`` — every monitored or tracked household (001 一.一 routine screening; 一.八 re-assessment and
  tracking);
* ``elimination_review`` — the elimination conditions hold (or hold except for an unconfigured parameter,
  flagged ``determined=False`` with the parameter named);
* ``close_tracking`` — the tracking period ends by the horizon (or its length is not configured);
* ``dibao_exit_due`` — the 低保 gradual exit ends by the horizon (002 (十二));
* ``check_reappeared_risk`` — a household in tracking whose data now show a risk (001 一.八);
* ``consider_inclusion`` — a household not monitored whose data show a risk (``xianjie.evaluate``), citing
  the risk's clauses (001 一.六 应纳尽纳; 003 二.(一).3.①).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel

from ..calendars import occurrences
from ..engine import evaluate
from ..errors import XianjieError
from ..models import Citation, Household, ScreeningOccurrence
from ..models.decision import MissingParameter
from ..models.types import MODEL_CONFIG, RegionId, bilingual
from ..registry import Registry
from . import clauses as C
from .machine import advance
from .models import Case, CaseState, Channel, LifecycleError, Reason, Stage

__all__ = ["Action", "CaseError", "WorkItem", "Worklist", "run_channel", "screen"]

Action = Literal["verify_identification", "assign_measures", "visit", "elimination_review", "close_tracking",
                 "dibao_exit_due", "check_reappeared_risk", "consider_inclusion"]
_ORDER = {a: i for i, a in enumerate(Action.__args__)}  # type: ignore[attr-defined]
_CHANNEL_OF_KIND: dict[str, Channel] = {"household_screening": "concentrated_screening",
                                        "data_comparison": "department_data"}
_PREFERRED_KINDS = ("household_screening", "data_comparison", "review", "consultation", "deadline")


class WorkItem(BaseModel):
    """One task for one household."""

    model_config = MODEL_CONFIG

    format: Annotated[Literal["xianjie.work_item/1"], bilingual("格式版本", "Format")] = "xianjie.work_item/1"
    household_id: Annotated[str, bilingual("户编号", "Household key")]
    action: Annotated[Action, bilingual("任务", "What to do")]
    due: Annotated[dt.date | None, bilingual("到期日", "Due date (None: undetermined or now)")] = None
    determined: Annotated[bool, bilingual(
        "已确定", "False when a parameter or input is missing (named in missing_parameters/reasons)")] = True
    stage: Annotated[Stage | None, bilingual("阶段", "Lifecycle stage (None: no case)")] = None
    channel: Annotated[Channel | None, bilingual("发现渠道", "Channel a new candidate is found through")] = None
    reasons: Annotated[tuple[Reason, ...], bilingual("理由", "Why, with clauses", min_length=1)]
    missing_parameters: Annotated[tuple[MissingParameter, ...], bilingual("缺失参数", "Missing parameters")] = ()


class CaseError(BaseModel):
    """A case that could not be replayed (its household gets no lifecycle items)."""

    model_config = MODEL_CONFIG

    household_id: Annotated[str, bilingual("户编号", "Household key")]
    event_index: Annotated[int | None, bilingual("事件序号", "Event index")] = None
    event_type: Annotated[str | None, bilingual("事件类型", "Event type")] = None
    message_en: Annotated[str, bilingual("说明(英文)", "Message")]
    message_zh: Annotated[str, bilingual("说明", "Message, Chinese")]


class Worklist(BaseModel):
    """排查任务清单 / The worklist of one screening run."""

    model_config = MODEL_CONFIG

    region: Annotated[RegionId, bilingual("区划", "Region screened")]
    on: Annotated[dt.date, bilingual("排查日期", "Run date")]
    occurrence: Annotated[ScreeningOccurrence | None, bilingual(
        "日程事件", "The calendar occurrence whose window contains the run date")] = None
    next_occurrence: Annotated[ScreeningOccurrence | None, bilingual(
        "下次日程", "Next occurrence within a year, when none covers the run date")] = None
    horizon: Annotated[dt.date, bilingual("截止日", "Due dates up to this day count (occurrence end or run date)")]
    channel: Annotated[Channel, bilingual("发现渠道", "Channel of this run")]
    items: Annotated[tuple[WorkItem, ...], bilingual("任务", "Work items")] = ()
    errors: Annotated[tuple[CaseError, ...], bilingual("错误", "Cases that could not be replayed")] = ()


def _pick(occ: list[ScreeningOccurrence]) -> ScreeningOccurrence | None:
    ranked = sorted(occ, key=lambda o: (_PREFERRED_KINDS.index(o.kind) if o.kind in _PREFERRED_KINDS else 99,
                                        o.start, o.event_id))
    return ranked[0] if ranked else None


def run_channel(occurrence: ScreeningOccurrence | None) -> Channel:
    """The discovery channel of a run: concentrated screening, data comparison, or (ad hoc) a cadre visit."""
    return _CHANNEL_OF_KIND.get(occurrence.kind, "cadre_visit") if occurrence else "cadre_visit"


def _r(zh: str, en: str, *cites: Citation | None) -> Reason:
    cs = tuple(dict.fromkeys(c for c in cites if c is not None))
    return Reason(text_zh=zh, text_en=en, citations=cs)


def _items_for_state(s: CaseState, horizon: dt.date, occ: ScreeningOccurrence | None) -> list[WorkItem]:
    out: list[WorkItem] = []
    occ_cite = occ.citation if occ else None

    def item(action: Action, reasons: list[Reason], due: dt.date | None = None, determined: bool = True,
             missing: tuple[MissingParameter, ...] = ()) -> None:
        out.append(WorkItem(household_id=s.household_id, action=action, due=due, determined=determined,
                            stage=s.stage, reasons=tuple(reasons), missing_parameters=missing))

    if s.stage == "identified":
        item("verify_identification", [_r(f"{s.identified_on} 发现风险线索，待入户核实、分析原因并决定是否纳入",
                                          f"identified on {s.identified_on}: verify at home, analyse causes, decide "
                                          "on inclusion", C.TOWNSHIP_VERIFY, C.INCLUDE)], due=horizon)
    if s.stage in ("included", "assisted", "eliminated_tracking"):
        why = [_r("监测户：入户排查、户内风险再评定", "monitored household: visit and re-assess risks",
                  occ_cite, C.ROUTINE_SCREENING, C.REASSESS)]
        if s.stage == "eliminated_tracking":
            why = [_r("跟踪期内：入户了解，发现苗头性问题及时消除隐患", "in tracking: visit and catch early signs "
                      "of risk", occ_cite, C.ROUTINE_SCREENING, C.TRACKING)]
        item("visit", why, due=horizon)
    if s.stage == "included":
        missing = [m for m in s.suggested_measures if not m.in_place]
        item("assign_measures", [_r("已纳入监测但未落实帮扶措施", "included but no measure in place", C.HELP_ALL),
                                 *(_r(m.text_zh, m.text_en, *m.citations) for m in missing)], due=horizon)
    check = s.elimination_check
    if s.stage in ("included", "assisted") and check is not None:
        only_params = all(not c.missing_fields for c in check.conditions)
        if check.outcome == "met" or (check.outcome == "undetermined" and only_params):
            mp = tuple(m for c in check.conditions for m in c.missing_parameters)
            item("elimination_review",
                 [_r("风险消除条件" + ("已满足" if check.outcome == "met" else "除未配置参数外均满足"),
                     "elimination conditions " + ("hold" if check.outcome == "met" else
                                                  "hold except for unconfigured parameters"), C.ELIMINATE),
                  *(_r(c.text_zh, c.text_en, *c.citations) for c in check.conditions)],
                 due=horizon, determined=check.outcome == "met", missing=tuple(dict.fromkeys(mp)))
    if s.stage == "eliminated_tracking":
        if s.tracking_end is None:
            item("close_tracking", [_r("跟踪期长度未配置，届满日期无法判定", "tracking length not configured; its "
                                       "end is undetermined", C.TRACKING)], determined=False,
                 missing=tuple(m for m in s.missing_parameters if m.key == "monitoring.tracking_period_months"))
        elif s.tracking_end <= horizon:
            item("close_tracking", [_r(f"跟踪期({s.tracking_period_months} 个月)于 {s.tracking_end} 届满",
                                       f"tracking period ({s.tracking_period_months} months) complete on "
                                       f"{s.tracking_end}", C.TRACKING)], due=s.tracking_end)
    d = s.dibao
    if d.status == "gradual_exit":
        if d.exit_deadline is None:
            item("dibao_exit_due", [_r("低保渐退期上限未配置，退出日期无法判定", "低保 gradual-exit maximum not "
                                       "configured; exit date undetermined", C.DIBAO_EXIT)], determined=False,
                 missing=tuple(m for m in s.missing_parameters if m.key == "dibao.gradual_exit_max_months"))
        elif d.exit_deadline <= horizon:
            item("dibao_exit_due", [_r(f"低保渐退期至迟 {d.exit_deadline} 结束",
                                       f"低保 gradual exit ends by {d.exit_deadline}", C.DIBAO_EXIT)],
                 due=d.exit_deadline)
    return out


def _risk_items(h: Household, state: CaseState | None, on: dt.date, registry: Registry, channel: Channel,
                horizon: dt.date) -> list[WorkItem]:
    stage = state.stage if state else None
    recorded = h.statuses.monitoring.kind
    if state is not None and stage not in ("not_monitored", "closed", "eliminated_tracking"):
        return []
    if state is None and recorded in ("unstable", "marginal", "sudden_hardship"):
        return []  # monitored per the household record; its lifecycle is not supplied
    decision = evaluate(h, on=on, registry=registry, explain=False)
    present = [c for c in decision.risks if c.outcome == "eligible"]
    if not present:
        return []
    reasons = [_r(f"存在风险：{c.name_zh}", f"risk present: {c.name_en}", *c.citations) for c in present]
    if stage == "eliminated_tracking":
        return [WorkItem(household_id=h.household_id, action="check_reappeared_risk", due=horizon, stage=stage,
                         reasons=(_r("跟踪期内出现风险，核实后按风险再现重新纳入", "a risk shows during tracking: "
                                     "verify and record risk_reappeared", C.TRACKING, C.DYNAMIC_CLEARING),
                                  *reasons))]
    head = _r("未纳入监测且存在风险：核实后按程序纳入，应纳尽纳", "not monitored and a risk is present: verify and "
              "include by procedure", C.INCLUDE, C.SCREEN_INCLUDED)
    if state is None and recorded is None:
        head = _r("存在风险；监测状态未记录(statuses.monitoring.kind)，请核实是否已纳入",
                  "a risk is present; monitoring status not recorded (statuses.monitoring.kind): check whether "
                  "already included", C.INCLUDE, C.SCREEN_INCLUDED)
    return [WorkItem(household_id=h.household_id, action="consider_inclusion", due=horizon, stage=stage,
                     channel=channel, reasons=(head, *reasons))]


def screen(households: Iterable[Household], cases: Iterable[Case], *, region: str, on: dt.date,
           registry: Registry, defer_without_labour: bool | None = None) -> Worklist:
    """The worklist of a screening run in ``region`` on ``on``.

    ``households`` (optional data for inclusion candidates) and ``cases`` (lifecycle histories) are joined by
    ``household_id``; either may be empty. Households and cases must belong to ``region`` or a region below
    it. A case that cannot be replayed is reported in ``errors`` and gets no items.
    """
    registry.chain(region)
    events = registry.events_for(region)
    occ = _pick(occurrences(events, on, on))
    upcoming = [] if occ else occurrences(events, on + dt.timedelta(days=1), on + dt.timedelta(days=366))
    nxt = upcoming[0] if upcoming else None
    horizon = occ.end if occ else on
    channel = run_channel(occ)
    states: dict[str, CaseState] = {}
    errors: list[CaseError] = []
    items: list[WorkItem] = []

    def inside(r: str) -> bool:
        return region in registry.chain(r)

    for case in cases:
        try:
            if not inside(case.region):
                raise XianjieError(f"case region {case.region!r} is outside the screened region {region!r}")
            s = advance(case, on=on, registry=registry, defer_without_labour=defer_without_labour)
        except LifecycleError as exc:
            errors.append(CaseError(household_id=case.household_id, event_index=exc.index,
                                    event_type=exc.event_type, message_en=exc.message_en, message_zh=exc.message_zh))
            continue
        except XianjieError as exc:
            errors.append(CaseError(household_id=case.household_id, message_en=str(exc), message_zh="区划无效"))
            continue
        states[case.household_id] = s
        items.extend(_items_for_state(s, horizon, occ))
    failed = {e.household_id for e in errors}
    for h in households:
        if h.household_id in failed:
            continue
        if not inside(h.region):
            errors.append(CaseError(household_id=h.household_id, message_en=f"household region {h.region!r} is "
                                    f"outside the screened region {region!r}", message_zh="农户区划不在排查区划内"))
            continue
        items.extend(_risk_items(h, states.get(h.household_id), on, registry, channel, horizon))
    items.sort(key=lambda it: (it.household_id, _ORDER[it.action]))
    return Worklist(region=region, on=on, occurrence=occ, next_occurrence=nxt, horizon=horizon, channel=channel,
                    items=tuple(items), errors=tuple(errors))
