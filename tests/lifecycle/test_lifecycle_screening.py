"""Screening runs tied to the region calendar, and the ``xianjie screen`` command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_lifecycle_regions import case, ev, monitored, registry

from xianjie import Household
from xianjie.cli import cli
from xianjie.lifecycle import screen
from xianjie.registry import Registry


@pytest.fixture(scope="module")
def reg() -> Registry:
    return registry()


def household(hid: str, region: str, *, grade: str = "D", kind: str | None = "none") -> Household:
    data: dict[str, Any] = {"household_id": hid, "region": region, "members": [{"labour_capacity": "full"}],
                            "housing": {"sole_house": True, "safety_grade": grade},
                            "statuses": {"monitoring": {"kind": kind}}}
    return Household.model_validate(data)


def lanxi_cases() -> list[Any]:
    return [
        case("231222", ev("identified", "2023-10-02", source="department_alert", risks=["disaster"]), hid="a-new"),
        case("231222", *monitored("2023-05-08", "2023-05-20"), hid="b-included"),
        case("231222", *monitored("2022-09-01", "2022-10-01"), ev("risk_eliminated", "2023-01-15", mode="natural"),
             hid="c-tracking"),
        case("231222", *monitored("2022-09-01", "2022-10-01"), ev("risk_eliminated", "2022-11-30", mode="natural"),
             hid="d-tracking-2022"),
        case("231222", ev("included", "2023-01-01", kind="marginal", risks=["illness"]),
             ev("risk_eliminated", "2022-12-01"), hid="e-broken"),
    ]


def test_lanxi_october_screening_worklist(reg: Registry) -> None:
    hh = [household("f-risky", "231222"), household("g-safe", "231222", grade="A"),
          household("c-tracking", "231222")]
    wl = screen(hh, lanxi_cases(), region="231222", on=date(2023, 10, 10), registry=reg)
    assert wl.occurrence is not None and wl.occurrence.start == date(2023, 10, 1)
    assert wl.occurrence.citation.clause == "一.三"
    assert wl.horizon == date(2023, 10, 31) and wl.channel == "concentrated_screening"
    got = {(i.household_id, i.action) for i in wl.items}
    assert ("a-new", "verify_identification") in got
    assert {("b-included", "visit"), ("b-included", "assign_measures")} <= got
    assert ("c-tracking", "visit") in got and ("c-tracking", "close_tracking") not in got  # ends 2024-01-15
    assert ("c-tracking", "check_reappeared_risk") in got  # its D-grade house shows a risk during tracking
    assert ("f-risky", "consider_inclusion") in got
    # Lanxi's one-year period is cited from its 2023 work points: a 2022 elimination has no configured length
    d_close = next(i for i in wl.items if i.household_id == "d-tracking-2022" and i.action == "close_tracking")
    assert not d_close.determined and d_close.missing_parameters[0].on == date(2022, 11, 30)
    assert not any(i.household_id == "g-safe" for i in wl.items)
    cand = next(i for i in wl.items if i.action == "consider_inclusion")
    assert cand.channel == "concentrated_screening"
    assert any(c.document == "000" and c.clause == "四" for r in cand.reasons for c in r.citations)
    assert [(e.household_id, e.event_index, e.event_type) for e in wl.errors] == [("e-broken", 1, "risk_eliminated")]


def test_lanxi_tracking_end_within_the_window(reg: Registry) -> None:
    c = case("231222", *monitored("2022-09-01", "2022-10-01"), ev("risk_eliminated", "2023-01-15", mode="natural"))
    # Lanxi's 2023 calendar has no 2024 occurrence: an ad-hoc run on the end date itself
    wl = screen([], [c], region="231222", on=date(2024, 1, 15), registry=reg)
    assert wl.occurrence is None and wl.channel == "cadre_visit"
    item = next(i for i in wl.items if i.action == "close_tracking")
    assert item.due == date(2024, 1, 15) and item.determined
    before = screen([], [c], region="231222", on=date(2024, 1, 14), registry=reg)
    assert not any(i.action == "close_tracking" for i in before.items)


def test_next_occurrence_reported_between_screenings(reg: Registry) -> None:
    wl = screen([], [], region="231222", on=date(2023, 6, 15), registry=reg)
    assert wl.occurrence is None and wl.next_occurrence is not None
    assert wl.next_occurrence.start == date(2023, 10, 1)


def test_hunan_dibao_exit_and_tianmen_undetermined(reg: Registry) -> None:
    hn = screen([], [case("430000", ev("dibao_income_exceeded", "2024-02-29"))], region="430000",
                on=date(2025, 2, 28), registry=reg)
    assert [(i.action, i.due) for i in hn.items] == [("dibao_exit_due", date(2025, 2, 28))]
    tm = screen([], [case("429006", *monitored("2022-04-01", "2022-04-15"),
                          ev("risk_eliminated", "2022-10-31", mode="natural"))],
                region="429006", on=date(2023, 5, 1), registry=reg)
    close = next(i for i in tm.items if i.action == "close_tracking")
    assert not close.determined and [m.key for m in close.missing_parameters] == ["monitoring.tracking_period_months"]


def test_elimination_review_due_when_conditions_hold() -> None:
    reg = registry(params={"monitoring.elimination_min_stable_months": ("CN", 6),
                           "monitoring.elimination_min_assisted_months": ("CN", 6)}, regions=False)
    c = case("CN", *monitored("2024-01-02", "2024-01-15"),
             ev("measure_started", "2024-01-20", measure="job", category="employment"),
             ev("risk_reassessed", "2024-06-01", risks=[], income_above_line=True, income_stable_since="2024-01-20"))
    assert not any(i.action == "elimination_review"
                   for i in screen([], [c], region="CN", on=date(2024, 7, 19), registry=reg).items)
    wl = screen([], [c], region="CN", on=date(2024, 7, 20), registry=reg)
    review = next(i for i in wl.items if i.action == "elimination_review")
    assert review.determined and review.reasons[0].citations[0].clause == "一.八"
    # without the parameters the review is listed as undetermined, naming them
    bare = screen([], [c], region="CN", on=date(2024, 7, 20), registry=registry(regions=False))
    r2 = next(i for i in bare.items if i.action == "elimination_review")
    assert not r2.determined
    assert {m.key for m in r2.missing_parameters} == {"monitoring.elimination_min_stable_months",
                                                      "monitoring.elimination_min_assisted_months"}


# ---- CLI ------------------------------------------------------------------------------------------------
def _write(tmp_path: Path, name: str, records: list[Any]) -> str:
    p = tmp_path / name
    p.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                 encoding="utf-8")
    return str(p)


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("XIANJIE_DISABLE_PLUGIN_AUTOLOAD", "1")
    return CliRunner()


def _records() -> list[Any]:
    hh = household("p-risky", "CN").model_dump(mode="json")
    c = case("CN", *monitored("2024-01-02", "2024-01-15", labour="none"), hid="q-included").model_dump(mode="json")
    return [hh, c]


def test_cli_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    f = _write(tmp_path, "pop.jsonl", _records())
    res = runner.invoke(cli, ["screen", f, "--region", "CN", "--on", "2024-03-01"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert lines[0]["format"] == "xianjie.worklist/1" and lines[0]["item_count"] == len(lines) - 1
    actions = {(x["household_id"], x["action"]) for x in lines[1:]}
    assert actions == {("p-risky", "consider_inclusion"), ("q-included", "visit"), ("q-included", "assign_measures")}
    assign = next(x for x in lines[1:] if x["action"] == "assign_measures")
    assert any(r["citations"][0]["quote_zh"].startswith("对无劳动能力的") for r in assign["reasons"])


def test_cli_table_and_separate_cases_file(runner: CliRunner, tmp_path: Path) -> None:
    hh, c = _records()
    res = runner.invoke(cli, ["screen", _write(tmp_path, "h.jsonl", [hh]), "--cases",
                              _write(tmp_path, "c.jsonl", [c]), "--region", "CN", "--on", "2024-03-01",
                              "--format", "table"])
    assert res.exit_code == 0, res.output
    assert "consider_inclusion" in res.stdout and "assign_measures" in res.stdout
    assert "001 一.七" in res.stdout and "3 item(s), 0 case error(s)" in res.stdout


def test_cli_invalid_records(runner: CliRunner, tmp_path: Path) -> None:
    bad_case = case("CN", ev("tracking_ended", "2024-01-01"), hid="r-bad").model_dump(mode="json")
    bad_hh = {"household_id": "s-bad", "region": "CN", "members": []}
    f = _write(tmp_path, "bad.jsonl", [bad_case, bad_hh, "{not json"])
    res = runner.invoke(cli, ["screen", f, "--region", "CN", "--on", "2024-03-01"])
    assert res.exit_code == 1
    errs = [json.loads(x) for x in res.stdout.splitlines() if '"xianjie.error/1"' in x]
    assert {e["household_id"] for e in errs} == {"r-bad", "s-bad", None}
    seq = next(e for e in errs if e["household_id"] == "r-bad")
    assert seq["errors"][0]["field"] == "events.0" and "tracking_ended" in seq["errors"][0]["message_en"]
    assert "Traceback" not in res.output


def test_cli_unknown_region(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(cli, ["screen", _write(tmp_path, "e.jsonl", []), "--region", "999999", "--on", "2024-03-01"])
    assert res.exit_code == 2 and "unknown region" in res.output
