"""Invalid histories are clear errors naming the event by index and type; evidence never holds identifiers."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError
from test_lifecycle_regions import case, ev, monitored, registry

from xianjie.errors import XianjieError
from xianjie.lifecycle import LifecycleError, advance, suggest_measures
from xianjie.lifecycle import clauses as C
from xianjie.registry import Registry

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
_PUNCT = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "“": '"', "”": '"', "、": ","})


@pytest.fixture(scope="module")
def reg() -> Registry:
    return registry()


def _err(reg: Registry, *events: dict[str, object], on: date = date(2024, 12, 31)) -> LifecycleError:
    with pytest.raises(LifecycleError) as info:
        advance(case("CN", *events), on=on, registry=reg)
    return info.value


@pytest.mark.parametrize(("events", "index", "etype", "words"), [
    ([ev("risk_eliminated", "2024-01-01")], 0, "risk_eliminated", "before inclusion"),
    ([ev("identified", "2024-01-01", source="cadre_visit"), ev("risk_eliminated", "2024-01-05")], 1,
     "risk_eliminated", "before inclusion"),
    ([*monitored("2024-01-01", "2024-01-05"), ev("tracking_ended", "2024-02-01")], 2, "tracking_ended",
     "before tracking started"),
    ([ev("tracking_ended", "2024-02-01")], 0, "tracking_ended", "before tracking started"),
    ([*monitored("2024-01-01", "2024-01-05"), ev("measure_started", "2024-01-04", measure="x", category="other")],
     2, "measure_started", "before the previous event"),
    ([ev("measure_started", "2024-01-04", measure="x", category="other")], 0, "measure_started",
     "before inclusion"),
    ([*monitored("2024-01-01", "2024-01-05"), ev("measure_ended", "2024-02-01", measure="x")], 2, "measure_ended",
     "not in place"),
    ([*monitored("2024-01-01", "2024-01-05"), ev("measure_started", "2024-02-01", measure="x", category="other"),
      ev("measure_started", "2024-02-02", measure="x", category="other")], 3, "measure_started", "already in place"),
    ([*monitored("2024-01-01", "2024-01-05"), ev("included", "2024-02-01", kind="unstable", risks=["housing"])],
     2, "included", "already monitored"),
    ([*monitored("2024-01-01", "2024-01-05"), ev("risk_reappeared", "2024-02-01", risks=["illness"])], 2,
     "risk_reappeared", "outside a tracking period"),
    ([*monitored("2024-01-01", "2024-01-05"), ev("risk_eliminated", "2024-02-01"),
      ev("risk_eliminated", "2024-02-02")], 3, "risk_eliminated", "already eliminated"),
    ([*monitored("2024-01-01", "2024-01-05"), ev("risk_eliminated", "2024-02-01"),
      ev("risk_reassessed", "2024-02-02", risks=[])], 3, "risk_reassessed", "risk_reappeared"),
    ([*monitored("2024-01-01", "2024-01-05"), ev("risk_reassessed", "2024-02-02", risks=[],
                                                 income_stable_since="2024-03-01")], 2, "risk_reassessed",
     "after the reassessment date"),
    ([ev("not_included", "2024-01-01")], 0, "not_included", "identified household"),
    ([ev("identified", "2024-01-01", source="cadre_visit"), ev("identified", "2024-01-02", source="cadre_visit")],
     1, "identified", "already identified"),
])
def test_invalid_sequences_name_the_event(reg: Registry, events: list[dict[str, object]], index: int, etype: str,
                                          words: str) -> None:
    e = _err(reg, *events)
    assert isinstance(e, XianjieError)
    assert (e.index, e.event_type) == (index, etype)
    assert str(e).startswith(f"events[{index}] ({etype}): ")
    assert words in str(e)
    assert e.message_zh


def test_event_after_evaluation_date(reg: Registry) -> None:
    events = [*monitored("2024-01-01", "2024-01-05")]
    e = _err(reg, *events, on=date(2024, 1, 4))
    assert (e.index, e.event_type) == (1, "included") and "after the evaluation date" in str(e)
    # ignore_future replays the history as of the date instead
    s = advance(case("CN", *events), on=date(2024, 1, 4), registry=reg, ignore_future=True)
    assert s.stage == "identified"


def test_same_day_events_keep_their_order(reg: Registry) -> None:
    s = advance(case("CN", ev("identified", "2024-03-01", source="self_application"),
                     ev("included", "2024-03-01", kind="unstable", risks=["education"])),
                on=date(2024, 3, 1), registry=reg)
    assert s.stage == "included" and s.channel == "self_application"


def test_error_never_echoes_evidence(reg: Registry) -> None:
    e = _err(reg, ev("risk_eliminated", "2024-01-01", evidence="村民张某反映情况"))
    assert "张某" not in str(e) and "张某" not in e.message_zh


@pytest.mark.parametrize("text", ["身份证 43010219900101123X", "电话13812345678", "号码 430102199001011234"])
def test_evidence_with_identifiers_is_rejected_without_echo(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        case("CN", ev("identified", "2024-01-01", source="cadre_visit", evidence=text))
    msg = str(info.value)
    assert "personal identifiers" in msg
    assert not re.search(r"\d{11}", msg)


def test_unknown_channel_and_missing_inclusion_risks_are_rejected() -> None:
    with pytest.raises(ValidationError):
        case("CN", ev("identified", "2024-01-01", source="household_visit"))
    with pytest.raises(ValidationError):
        case("CN", ev("included", "2024-01-01", kind="marginal", risks=[]))


def test_assistance_plan_by_labour_capacity_and_risk() -> None:
    full = {m.category for m in suggest_measures("full", {"housing"})}
    assert full == {"industry", "employment", "housing"}
    assert {m.category for m in suggest_measures("half", set())} == {"public_welfare_post"}
    assert {m.category for m in suggest_measures("weak", set())} == {"public_welfare_post"}
    none = suggest_measures("none", {"illness"})
    assert {m.category for m in none} == {"social_assistance", "medical"}
    assert C.ASSIST_FLOOR in next(m for m in none if m.category == "social_assistance").citations
    assert {m.category for m in suggest_measures(None, {"water"})} == {"water"}
    posts = suggest_measures("half", set(), in_place=["public_welfare_post"])
    assert posts[0].in_place and C.PUBLIC_POSTS in posts[0].citations


def test_lifecycle_quotes_are_verbatim_in_the_seeds() -> None:
    if not SEEDS.is_dir():
        pytest.fail(f"the policy seeds are expected beside the checkout at {SEEDS}")

    def norm(s: str) -> str:
        return re.sub(r"\s+", "", s).translate(_PUNCT)

    texts = {p.name[:3]: norm(p.read_text(encoding="utf-8", errors="replace")) for p in SEEDS.glob("*.txt")}
    bad = [f"{c.document} {c.clause}: {c.quote_zh}" for c in C.ALL
           if c.quote_zh is None or norm(c.quote_zh) not in texts[c.document]]
    assert not bad, bad


def test_docs_state_diagram_covers_every_stage_and_event() -> None:
    from typing import get_args

    from xianjie.lifecycle.models import Event, Stage

    text = (Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    diagram = text.split("```mermaid", 1)[1].split("```", 1)[0]
    assert "stateDiagram-v2" in diagram
    for stage in get_args(Stage):
        assert stage in diagram, stage
    event_types = [get_args(m.model_fields["type"].annotation)[0] for m in get_args(get_args(Event)[0])]
    for etype in event_types:
        assert f"`{etype}`" in text or etype in diagram, etype
    assert "2025-02-28" in text and "001 一.八" in text and "002 (十二)" in text
