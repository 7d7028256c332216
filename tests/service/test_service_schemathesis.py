"""Property-based API testing with schemathesis against the generated OpenAPI document.

The real server runs on 127.0.0.1; schemathesis loads ``/openapi.json`` from it and, for every operation,
sends a bounded number of generated requests (fixed seed, no database), checking that nothing answers 5xx and
that every response matches the document: documented status code, content type, headers and body schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import xianjie
from xianjie import hookimpl
from xianjie.models import CalendarEvent, Citation, Document, Region
from xianjie.service import create_app
from xianjie.service.testserver import serve_in_thread

# Test-only plugin data (not policy): a county with a screening event, so calendar routes return content.
_DOC = Document(id="st-doc", title_zh="模式测试文件", title_en="Schema test document", issuer="测试",
                valid_from=date(2021, 1, 1))
_COUNTY = Region(id="430998", name_zh="模式测试县", name_en="Schema test county", level="county", parent="CN")
_EVENT = CalendarEvent(id="st.quarterly", region="430998", kind="data_comparison", name_zh="测试比对",
                       name_en="Test comparison", rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10",
                       first_date=date(2021, 1, 10), duration_days=5,
                       citation=Citation(document="st-doc", clause="二"))
_PLUGIN = SimpleNamespace(__name__="st_test", xianjie_documents=hookimpl(lambda: [_DOC]),
                          xianjie_regions=hookimpl(lambda: [_COUNTY]),
                          xianjie_calendar_events=hookimpl(lambda: [_EVENT]))

# The checks that define "no 5xx and no schema violations" (not_a_server_error is asserted separately below
# so the failure message says so plainly).
CHECKS = [status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    reg = xianjie.build_registry(plugins=[_PLUGIN], autoload=False)
    with serve_in_thread(create_app(reg, max_body_bytes=200_000)) as base:
        yield base


@pytest.fixture(scope="module")
def api_schema(base_url: str) -> Any:
    """The document as a client sees it: fetched over HTTP from the running server."""
    assert base_url.startswith("http://127.0.0.1:")
    return schemathesis.openapi.from_url(f"{base_url}/openapi.json", timeout=10)


# Operations, listed at collection time from the same generated document (one test id per operation and
# mode). Invalid data can only be generated for an operation that takes some input.
_DOC_PATHS = create_app(xianjie.build_registry(plugins=[_PLUGIN], autoload=False)).openapi()["paths"]
OPERATIONS = sorted((path, method.upper()) for path, item in _DOC_PATHS.items() for method in item)
CASES = [(p, m, GenerationMode.POSITIVE) for p, m in OPERATIONS] + [
    (p, m, GenerationMode.NEGATIVE) for p, m in OPERATIONS
    if _DOC_PATHS[p][m.lower()].get("parameters") or "requestBody" in _DOC_PATHS[p][m.lower()]]


HOUSEHOLD_ROUTES = {"/v1/evaluate", "/v1/explain"}


def _known_region(case: Any) -> Any:
    if isinstance(case.body, dict):
        case.body["region"] = "430998"
    return case


@pytest.mark.parametrize(("path", "method", "mode"), CASES, ids=[f"{m} {p} {g.value}" for p, m, g in CASES])
def test_api_conforms_to_its_openapi_document(api_schema: Any, base_url: str, path: str, method: str,
                                              mode: GenerationMode) -> None:
    operation = api_schema[path][method]
    strategy = operation.as_strategy(generation_mode=mode)
    if mode is GenerationMode.POSITIVE and path in HOUSEHOLD_ROUTES:
        strategy = strategy.map(_known_region)  # most random region ids are unknown (a plain 422)
    statuses: list[int] = []

    @given(case=strategy)
    @seed(20211001)
    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        response = case.call(base_url=base_url, timeout=30)
        assert response.status_code < 500, f"{case.method} {case.formatted_path} answered {response.status_code}"
        statuses.append(response.status_code)
        if mode is GenerationMode.POSITIVE or response.status_code != 200:
            case.validate_response(response, checks=CHECKS)

    check()
    if mode is GenerationMode.POSITIVE and path in HOUSEHOLD_ROUTES:
        assert 200 in statuses, "no generated household was accepted: the run checked errors only"


def test_every_operation_is_covered() -> None:
    assert len(OPERATIONS) >= 13
    assert ("/v1/evaluate/batch", "POST") in OPERATIONS and ("/v1/regions/{region}/calendar.ics", "GET") in OPERATIONS
