"""The HTTP service end to end: a real uvicorn server on 127.0.0.1, called over HTTP with httpx.

Every answer is compared with what the library (or the CLI helper) gives for the same input, so the service
cannot drift from the command line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

import xianjie
from xianjie import hookimpl
from xianjie.calendars import occurrences, parse_ics, to_ics
from xianjie.errors import field_errors
from xianjie.explain import render_text
from xianjie.models import CalendarEvent, Citation, Document, Household, Region
from xianjie.registry import Registry
from xianjie.service import create_app
from xianjie.service.testserver import serve_in_thread

ON = date(2021, 10, 1)
# Test-only plugin: a fictional county with one fictional monthly screening event (not policy data).
DOC = Document(id="svc-test-doc", title_zh="服务测试文件", title_en="Service test document", issuer="测试",
               valid_from=date(2021, 1, 1))
COUNTY = Region(id="430999", name_zh="测试县", name_en="Test county", level="county", parent="CN")
EVENT = CalendarEvent(id="svc.monthly", region="430999", kind="household_screening", name_zh="测试月度排查",
                      name_en="Test monthly screening", rrule="FREQ=MONTHLY;BYMONTHDAY=1",
                      first_date=date(2021, 1, 1), citation=Citation(document="svc-test-doc", clause="一"))


def _plugin() -> SimpleNamespace:
    ns = SimpleNamespace(__name__="svc_test")
    ns.xianjie_documents = hookimpl(lambda: [DOC])
    ns.xianjie_regions = hookimpl(lambda: [COUNTY])
    ns.xianjie_calendar_events = hookimpl(lambda: [EVENT])
    return ns


HOUSEHOLD: dict[str, Any] = {
    "household_id": "svc-1", "region": "430999",
    "members": [{"birth_date": "1950-03-01", "relation": "head", "labour_capacity": "none", "disabled": True,
                 "disability_grade": 1, "id_number": "11010519491231002X", "name": "张三"},
                {"birth_date": "2012-05-01", "relation": "grandchild", "school_stage": "primary", "enrolled": True}],
    "income": {"annual_net_income": "3000.00"},
    "statuses": {"poverty_lifted": True, "dibao": True},
}


@pytest.fixture(scope="module")
def reg() -> Registry:
    # "svc_missing_plugin" does not exist: it shows up as a plugin failure, the rest keeps working.
    return xianjie.build_registry(plugins=[_plugin(), "svc_missing_plugin"], autoload=False)


@pytest.fixture(scope="module")
def client(reg: Registry) -> Iterator[httpx.Client]:
    with serve_in_thread(create_app(reg, max_body_bytes=1_000_000)) as base, \
            httpx.Client(base_url=base, timeout=30) as c:
        yield c


def _is_error(body: dict[str, Any]) -> list[dict[str, Any]]:
    assert body["format"] == "xianjie.error/1"
    assert body["errors"]
    for e in body["errors"]:
        assert set(e) == {"field", "type", "message_zh", "message_en"}
    return list(body["errors"])


def test_health_and_version(client: httpx.Client) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    v = client.get("/version").json()
    assert v["library_version"] == xianjie.__version__
    assert v["api_version"] == "1"
    assert {p["name"] for p in v["plugins"]} == {"national", "svc_test"}


def test_evaluate_matches_library(client: httpx.Client, reg: Registry) -> None:
    r = client.post("/v1/evaluate", params={"on": ON.isoformat()}, json=HOUSEHOLD)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    expected = xianjie.evaluate(Household.model_validate(HOUSEHOLD), on=ON, registry=reg)
    assert r.json() == json.loads(expected.model_dump_json())
    assert xianjie.Decision.model_validate_json(r.content) == expected
    assert "11010519491231002X" not in r.text and "张三" not in r.text


def test_evaluate_explain_false_drops_explanations(client: httpx.Client) -> None:
    body = client.post("/v1/evaluate", params={"on": "2021-10-01", "explain": "false"}, json=HOUSEHOLD).json()
    assert body["measures"] and all(c["explanation"] is None for c in body["measures"])
    with_expl = client.post("/v1/evaluate", params={"on": "2021-10-01"}, json=HOUSEHOLD).json()
    assert any(c["explanation"] is not None for c in with_expl["measures"])
    assert [c["outcome"] for c in body["measures"]] == [c["outcome"] for c in with_expl["measures"]]


def test_bad_input_is_field_named_like_the_cli_and_never_echoed(client: httpx.Client) -> None:
    bad = json.loads(json.dumps(HOUSEHOLD))
    bad["members"][0]["birth_date"] = "1950-13-45"
    bad["members"][0]["id_number"] = "1101051949SECRET7"  # wrong pattern: the value must not come back
    bad["members"][1]["labour_capacity"] = "superhuman"
    bad["unexpected_field"] = "TOPSECRETVALUE"
    r = client.post("/v1/evaluate", params={"on": "2021-10-01"}, json=bad)
    assert r.status_code == 422
    errors = _is_error(r.json())
    with pytest.raises(ValidationError) as exc:
        Household.model_validate(bad)
    assert errors == [e.model_dump() for e in field_errors(exc.value)]  # same shape and text as the CLI
    assert {"members.0.birth_date", "members.0.id_number", "members.1.labour_capacity",
            "unexpected_field"} <= {e["field"] for e in errors}
    for secret in ("1950-13-45", "SECRET", "superhuman", "TOPSECRETVALUE", "张三"):
        assert secret not in r.text
    assert "\"input\"" not in r.text  # no echoed-input key, unlike FastAPI's default


def test_bad_query_and_bad_json(client: httpx.Client) -> None:
    r = client.post("/v1/evaluate", params={"on": "2021-02-30", "explain": "maybe"}, json=HOUSEHOLD)
    assert r.status_code == 422
    fields = {e["field"] for e in _is_error(r.json())}
    assert fields == {"query.on", "query.explain"}
    assert "2021-02-30" not in r.text and "maybe" not in r.text
    r = client.post("/v1/evaluate", content=b'{"household_id": "x", "members": [', headers={
        "content-type": "application/json"})
    assert r.status_code == 422
    assert [(e["field"], e["type"]) for e in _is_error(r.json())] == [("(record)", "json_invalid")]
    r = client.post("/v1/evaluate", content=b"\xff\xfe{}", headers={"content-type": "application/json"})
    assert r.status_code == 422  # FastAPI's own 400 for an undecodable body is bad input like the rest
    assert [(e["field"], e["type"]) for e in _is_error(r.json())] == [("(record)", "json_invalid")]


def test_unknown_region_in_a_household_is_422(client: httpx.Client) -> None:
    r = client.post("/v1/evaluate", json={**HOUSEHOLD, "region": "999999"})
    assert r.status_code == 422
    assert [(e["field"], e["type"]) for e in _is_error(r.json())] == [("region", "unknown_region")]


def test_batch_json_lines_and_array(client: httpx.Client, reg: Registry) -> None:
    good = json.dumps(HOUSEHOLD, ensure_ascii=False)
    bad_member = json.dumps({**HOUSEHOLD, "household_id": "svc-2", "members": [{"sex": "robot"}]})
    lines = [good, "", "{not json", bad_member, json.dumps({**HOUSEHOLD, "household_id": "svc-3"})]
    r = client.post("/v1/evaluate/batch", params={"on": "2021-10-01", "explain": "false"},
                    content="\n".join(lines).encode(), headers={"content-type": "application/x-ndjson"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    out = [json.loads(x) for x in r.text.splitlines()]
    assert len(out) == 4  # the blank line is not a record
    assert out[0]["household_id"] == "svc-1" and out[0]["format"] == "xianjie.decision/1"
    assert out[1]["format"] == "xianjie.error/1" and out[1]["line"] == 3
    assert [e["type"] for e in out[1]["errors"]] == ["json_invalid"]
    assert out[2]["line"] == 4 and [e["field"] for e in out[2]["errors"]] == ["members.0.sex"]
    assert "robot" not in r.text and "11010519491231002X" not in r.text
    assert out[3]["household_id"] == "svc-3"
    expected = xianjie.evaluate(Household.model_validate(HOUSEHOLD), on=ON, registry=reg, explain=False)
    assert out[0] == json.loads(expected.model_dump_json())
    # The same records as a JSON array: positions instead of line numbers.
    arr = [HOUSEHOLD, {"household_id": "svc-4"}]
    out = [json.loads(x) for x in client.post("/v1/evaluate/batch", json=arr).text.splitlines()]
    assert out[0]["household_id"] == "svc-1"
    assert out[1]["line"] == 2 and {e["field"] for e in out[1]["errors"]} == {"region", "members"}


def test_batch_rejects_non_utf8(client: httpx.Client) -> None:
    r = client.post("/v1/evaluate/batch", content=b"\xff\xfe{}", headers={"content-type": "application/x-ndjson"})
    assert r.status_code == 422
    assert [e["type"] for e in _is_error(r.json())] == ["unicode_decode"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_text(client: httpx.Client, reg: Registry, lang: str) -> None:
    r = client.post("/v1/explain", params={"on": "2021-10-01", "lang": lang}, json=HOUSEHOLD)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    decision = xianjie.evaluate(Household.model_validate(HOUSEHOLD), on=ON, registry=reg)
    assert r.text == render_text(decision, lang, only_relevant=True)  # type: ignore[arg-type]
    assert ("判定结果" if lang == "zh" else "Household svc-1") in r.text
    full = client.post("/v1/explain", params={"on": "2021-10-01", "lang": lang, "all": "true"}, json=HOUSEHOLD)
    assert full.text == render_text(decision, lang, only_relevant=False)  # type: ignore[arg-type]
    assert client.post("/v1/explain", params={"lang": "fr"}, json=HOUSEHOLD).status_code == 422


def test_regions_and_region(client: httpx.Client) -> None:
    regions = client.get("/v1/regions").json()
    assert [Region.model_validate(r) for r in regions] == [
        xianjie.build_registry(plugins=[_plugin()], autoload=False).regions[k] for k in ("CN", "430999")]
    assert client.get("/v1/regions/430999").json()["name_zh"] == "测试县"
    r = client.get("/v1/regions/999999")
    assert r.status_code == 404
    assert [(e["field"], e["type"]) for e in _is_error(r.json())] == [("path.region", "unknown_region")]


def test_calendar_json_and_ics(client: httpx.Client, reg: Registry) -> None:
    q = {"start": "2021-01-01", "end": "2021-06-30"}
    r = client.get("/v1/regions/430999/calendar", params=q)
    assert r.status_code == 200
    expected = occurrences(reg.events_for("430999"), date(2021, 1, 1), date(2021, 6, 30))
    assert len(expected) == 6
    assert r.json() == [o.model_dump(mode="json") for o in expected]
    ics = client.get("/v1/regions/430999/calendar.ics", params=q)
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert ics.content == to_ics(expected, name="xianjie 430999 2021-01-01–2021-06-30",
                                 stamp=datetime.combine(date(2021, 1, 1), time()))
    assert len(parse_ics(ics.content)) == 6
    assert client.get("/v1/regions/430999/calendar.ics", params=q).content == ics.content  # deterministic
    assert client.get("/v1/regions/CN/calendar", params=q).json() == []  # events are inherited downwards only


def test_calendar_range_errors(client: httpx.Client) -> None:
    r = client.get("/v1/regions/430999/calendar", params={"start": "2021-06-30", "end": "2021-01-01"})
    assert r.status_code == 422 and _is_error(r.json())[0]["type"] == "range_order"
    r = client.get("/v1/regions/430999/calendar.ics", params={"start": "2000-01-01", "end": "2099-01-01"})
    assert r.status_code == 422 and _is_error(r.json())[0]["type"] == "range_too_long"
    r = client.get("/v1/regions/430999/calendar", params={"start": "2021-01-01"})
    assert r.status_code == 422 and [e["field"] for e in _is_error(r.json())] == ["query.end"]
    assert client.get("/v1/regions/nowhere/calendar", params={"start": "2021-01-01", "end": "2021-02-01"}
                      ).status_code == 404


def test_parameters(client: httpx.Client, reg: Registry) -> None:
    body = client.get("/v1/regions/430999/parameters", params={"on": "2021-10-01"}).json()
    assert body["region"] == "430999" and body["on"] == "2021-10-01" and body["chain"] == ["430999", "CN"]
    expected = reg.parameter_set("430999", ON)
    assert body["parameters"] == [p.model_dump(mode="json") for p in expected]
    assert len(body["parameters"]) + len(body["missing"]) == len(reg.specs)
    assert {m["key"] for m in body["missing"]}.isdisjoint({p.key for p in expected})


def test_plugins_report_failures(client: httpx.Client) -> None:
    body = client.get("/v1/plugins").json()
    names = {p["name"]: p for p in body["plugins"]}
    assert set(names) == {"national", "svc_test"}
    assert names["svc_test"]["regions"] == ["430999"]
    assert "xianjie_calendar_events" in names["svc_test"]["hooks"]
    assert [(f["name"], f["error_type"]) for f in body["failures"]] == [("svc_missing_plugin", "import_failed")]


def test_schemas(client: httpx.Client) -> None:
    names = client.get("/v1/schemas").json()
    assert "Household" in names and "Decision" in names
    s = client.get("/v1/schemas/Household").json()
    assert s == Household.model_json_schema(mode="validation")
    assert s["title"] == "Household" and "户编号" in json.dumps(s, ensure_ascii=False)
    out = client.get("/v1/schemas/Decision", params={"mode": "serialization"}).json()
    assert out == xianjie.Decision.model_json_schema(mode="serialization")
    assert client.get("/v1/schemas/NoSuchModel").status_code == 422


def test_openapi_is_generated_and_keeps_chinese(client: httpx.Client) -> None:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    assert "户编号".encode() in r.content  # raw UTF-8, not \\u escapes
    doc = r.json()
    person = doc["components"]["schemas"]["Person"]["properties"]
    assert person["id_number"]["title"] == "身份证号" and person["id_number"]["x-sensitive"] is True
    assert "衔接" in doc["info"]["title"]
    batch = doc["paths"]["/v1/evaluate/batch"]["post"]
    assert set(batch["requestBody"]["content"]) == {"application/json", "application/x-ndjson"}
    assert doc["paths"]["/v1/evaluate"]["post"]["responses"]["422"]["content"]["application/json"][
        "schema"] == {"$ref": "#/components/schemas/ErrorReport"}
    assert "HTTPValidationError" not in doc["components"]["schemas"]  # FastAPI's echoing shape is gone
    assert client.get("/docs").status_code == 200


def test_unknown_path_and_method_use_the_error_format(client: httpx.Client) -> None:
    r = client.get("/v1/nothing-here")
    assert r.status_code == 404 and _is_error(r.json())[0]["type"] == "not_found"
    r = client.get("/v1/evaluate")
    assert r.status_code == 405 and _is_error(r.json())[0]["type"] == "method_not_allowed"


def test_no_state_between_requests(client: httpx.Client) -> None:
    first = client.post("/v1/evaluate", params={"on": "2021-10-01"}, json=HOUSEHOLD).content
    client.post("/v1/evaluate", params={"on": "2024-01-01"}, json={**HOUSEHOLD, "household_id": "other"})
    client.post("/v1/evaluate", params={"on": "2021-10-01"}, json={"broken": True})
    assert client.post("/v1/evaluate", params={"on": "2021-10-01"}, json=HOUSEHOLD).content == first


def test_docs_list_every_route(reg: Registry) -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "service.md").read_text(encoding="utf-8")
    for path, item in create_app(reg).openapi()["paths"].items():
        for method in item:
            assert f"`{method.upper()} {path}" in text, f"docs/service.md does not list {method.upper()} {path}"


def test_request_errors_fallback_for_unknown_error_types() -> None:
    from fastapi.exceptions import RequestValidationError

    from xianjie.service.errors import request_errors

    exc = RequestValidationError([
        {"type": "missing", "loc": ("body", "members"), "msg": "Field required", "input": {"id": "SECRET1"}},
        {"type": "no_such_pydantic_type", "loc": ("query", "x"), "msg": "SECRET2", "input": "SECRET3"},
    ])
    errors = [e.model_dump() for e in request_errors(exc)]
    assert [(e["field"], e["type"]) for e in errors] == [("members", "missing"), ("query.x", "no_such_pydantic_type")]
    assert "SECRET" not in json.dumps(errors)
