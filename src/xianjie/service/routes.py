"""The service's routes, bound to one immutable :class:`~xianjie.registry.Registry`.

Handlers are thin: each calls the same library function as the matching CLI command (``evaluate``,
``explain``, ``calendar``, ``params``, ``regions``, ``plugins``, ``schema``) and returns the library's models, so
the HTTP interface and the command line cannot drift apart. CPU-bound handlers are plain ``def`` functions,
which FastAPI runs in its thread pool, keeping the event loop free.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import PlainTextResponse, Response, StreamingResponse

from .._version import __version__
from ..calendars import occurrences, to_ics
from ..cli._common import emit_error
from ..cli.schema import MODELS
from ..engine import evaluate
from ..errors import FieldError, InputError
from ..explain import render_text
from ..models import Decision, Household, Region, ScreeningOccurrence
from ..models.decision import PluginVersion
from ..records import parse_household, read_records
from ..registry import Registry
from . import API_VERSION
from .errors import UnknownRegion
from .schemas import (
    ErrorReport,
    Health,
    ParameterSetReport,
    PluginFailureInfo,
    PluginInfo,
    PluginsReport,
    VersionInfo,
)

__all__ = ["BATCH_CHUNK", "MAX_CALENDAR_DAYS", "TAGS", "build_router"]

log = logging.getLogger("xianjie.service")

#: Longest calendar range served in one request (about ten years), so one call cannot ask for millennia.
MAX_CALENDAR_DAYS = 3660
#: Batch results are written in chunks of this many lines (fewer thread hops than one chunk per record).
BATCH_CHUNK = 64

TAGS: list[dict[str, Any]] = [
    {"name": "evaluate", "description": "判定与解释 / Evaluate households and explain the decisions"},
    {"name": "reference", "description": "区划、参数、日程 / Regions, parameters and screening calendars"},
    {"name": "meta", "description": "插件、模式、健康、版本 / Plugins, JSON Schemas, health and version"},
]

_ERR = {"model": ErrorReport}
_R422: dict[int | str, dict[str, Any]] = {422: {**_ERR, "description": "字段错误 / Invalid input (field-named)"}}
_R404: dict[int | str, dict[str, Any]] = {404: {**_ERR, "description": "未知区划 / Unknown region"}}
_R413: dict[int | str, dict[str, Any]] = {413: {**_ERR, "description": "请求体过大 / Request body too large"}}

On = Annotated[date | None, Query(description="评估日期 YYYY-MM-DD(缺省为当天) / Evaluation date (default: today)")]
Explain = Annotated[bool, Query(description="包含解释(判定过程、读取的字段、参数) / Include explanations")]
RegionPath = Annotated[str, Path(description="区划代码 / Region id (see /v1/regions)", max_length=100,
                                 examples=["CN"])]
Start = Annotated[date, Query(description="开始日期 / First day, YYYY-MM-DD")]
End = Annotated[date, Query(description="结束日期(含) / Last day, inclusive")]


def build_router(reg: Registry) -> APIRouter:
    """All routes, closed over ``reg`` (built once at start-up; the service keeps no other state)."""
    router = APIRouter()

    def region_or_404(region: str) -> Region:
        r = reg.regions.get(region)
        if r is None:
            raise UnknownRegion()
        return r

    # ---- evaluate ---------------------------------------------------------------------------------------
    @router.post("/v1/evaluate", tags=["evaluate"], response_model=Decision, responses={**_R422, **_R413},
                 summary="判定一户 / Evaluate one household")
    def evaluate_one(household: Household, on: On = None, explain: Explain = True) -> Response:
        """Cohorts, risks and support measures for one household, each cited; the same JSON as one line of
        ``xianjie evaluate``. A region no plugin declares is a 422 naming ``region``."""
        decision = evaluate(household, on=on or date.today(), registry=reg, explain=explain)
        return Response(decision.model_dump_json(), media_type="application/json")

    @router.post(
        "/v1/evaluate/batch", tags=["evaluate"], response_class=StreamingResponse,
        summary="批量判定 / Evaluate a batch (JSON array or JSON lines)",
        responses={200: {"description": "每条记录一行:判定结果或错误 / One JSON line per record: a Decision "
                                        "or a BatchErrorLine",
                         "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
                   **_R422, **_R413})
    async def evaluate_batch(request: Request, on: On = None, explain: Explain = True) -> StreamingResponse:
        """Body: a JSON array of households or JSON lines (one household per line). The response streams one
        line per record, in input order: a Decision, or an error naming the line and the field (never the
        value). The body is read whole first (it is bounded by the size limit), then evaluated as it streams.
        """
        body = await request.body()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError([FieldError(field="(body)", type="unicode_decode", message_zh="请求体不是UTF-8编码",
                                         message_en="request body is not UTF-8")]) from None
        return StreamingResponse(_batch_lines(reg, text, on or date.today(), explain),
                                 media_type="application/x-ndjson")

    @router.post("/v1/explain", tags=["evaluate"], response_class=PlainTextResponse,
                 summary="解释一户(中文/英文文本) / Explain one household as readable text",
                 responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}, **_R422, **_R413})
    def explain_one(household: Household, on: On = None,
                    lang: Annotated[Literal["zh", "en"], Query(description="语言 / Language")] = "zh",
                    show_all: Annotated[bool, Query(alias="all", description=(
                        "也列出不符合的结论 / Also list conclusions that are not eligible"))] = False,
                    ) -> PlainTextResponse:
        """The text ``xianjie explain`` prints: each conclusion with its basis (clauses quoted), the
        conditions checked, missing fields and parameters."""
        decision = evaluate(household, on=on or date.today(), registry=reg, explain=True)
        return PlainTextResponse(render_text(decision, lang, only_relevant=not show_all))

    # ---- reference data ---------------------------------------------------------------------------------
    @router.get("/v1/regions", tags=["reference"], summary="区划列表 / Regions")
    def regions() -> list[Region]:
        """Every region the loaded plugins declare, with its parent."""
        return list(reg.regions.values())

    @router.get("/v1/regions/{region}", tags=["reference"], responses={**_R404, **_R422}, summary="区划 / Region")
    def region_one(region: RegionPath) -> Region:
        """One region."""
        return region_or_404(region)

    def _range(start: date, end: date) -> None:
        if end < start:
            raise InputError([FieldError(field="query.end", type="range_order", message_zh="结束日期早于开始日期",
                                         message_en="end is before start")])
        if (end - start).days > MAX_CALENDAR_DAYS:
            raise InputError([FieldError(field="query.end", type="range_too_long",
                                         message_zh=f"日期范围过长(最多 {MAX_CALENDAR_DAYS} 天)",
                                         message_en=f"date range longer than {MAX_CALENDAR_DAYS} days")])

    @router.get("/v1/regions/{region}/calendar", tags=["reference"], responses={**_R404, **_R422},
                summary="排查日程 / Screening calendar")
    def calendar(region: RegionPath, start: Start, end: End) -> list[ScreeningOccurrence]:
        """Screening events due in the range: the region's own and those inherited from its ancestors."""
        region_or_404(region)
        _range(start, end)
        return occurrences(reg.events_for(region), start, end)

    @router.get("/v1/regions/{region}/calendar.ics", tags=["reference"], response_class=Response,
                responses={200: {"content": {"text/calendar": {"schema": {"type": "string"}}}},
                           **_R404, **_R422},
                summary="排查日程(iCalendar) / Screening calendar as iCalendar")
    def calendar_ics(region: RegionPath, start: Start, end: End) -> Response:
        """The same occurrences as an .ics file; identical requests give identical bytes (the same file as
        ``xianjie calendar REGION --from --to --ics``)."""
        region_or_404(region)
        _range(start, end)
        ics = to_ics(occurrences(reg.events_for(region), start, end), name=f"xianjie {region} {start}–{end}",
                     stamp=datetime.combine(start, time()))
        return Response(ics, media_type="text/calendar; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="xianjie-{region}-{start}-{end}.ics"'})

    @router.get("/v1/regions/{region}/parameters", tags=["reference"], responses={**_R404, **_R422},
                summary="参数 / Parameters in force")
    def parameters(region: RegionPath, on: On = None) -> ParameterSetReport:
        """Resolved values along the region chain, with citations and overridden ancestor values, plus the
        declared parameters nobody has supplied (the deploying office must: ``--params FILE``)."""
        region_or_404(region)
        when = on or date.today()
        resolved = reg.parameter_set(region, when)
        have = {p.key for p in resolved}
        return ParameterSetReport(region=region, on=when, chain=tuple(reg.chain(region)), parameters=tuple(resolved),
                                  missing=tuple(s for k, s in sorted(reg.specs.items()) if k not in have))

    # ---- meta -------------------------------------------------------------------------------------------
    @router.get("/v1/plugins", tags=["meta"], summary="插件 / Plugins and failures")
    def plugins() -> PluginsReport:
        """Loaded plugins (built-in regions register like third-party ones) and the ones disabled, with why."""
        pm = reg.plugin_set.pm
        rows = []
        for name, info in sorted(reg.plugin_set.plugins.items()):
            plugin = pm.get_plugin(name)
            hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or []) if plugin is not None else []
            rows.append(PluginInfo(name=name, distribution=info.distribution, version=info.version,
                                   module=info.module, hooks=tuple(hooks),
                                   regions=tuple(sorted(r for r, p in reg.region_plugin.items() if p == name))))
        failures = tuple(PluginFailureInfo(name=f.plugin, error_type=f.error_type, message=f.message,
                                           distribution=f.distribution, version=f.version) for f in reg.failures)
        return PluginsReport(plugins=tuple(rows), failures=failures)

    @router.get("/v1/schemas", tags=["meta"], summary="模型列表 / Public models with a JSON Schema")
    def schema_names() -> list[str]:
        """Names accepted by ``/v1/schemas/{model}`` (the same as ``xianjie schema``)."""
        return sorted(MODELS)

    @router.get("/v1/schemas/{model}", tags=["meta"], responses={**_R422}, summary="JSON Schema / JSON Schema")
    def schema_one(
        model: Annotated[str, Path(pattern="^(" + "|".join(sorted(MODELS)) + ")$", examples=["Household"],
                                   description="模型名 / Model name")],
        mode: Annotated[Literal["validation", "serialization"], Query(
            description="输入(validation)或输出(serialization)模式 / Input or output schema")] = "validation",
    ) -> dict[str, Any]:
        """The JSON Schema of a public model, with Chinese titles and zh/en descriptions."""
        return MODELS[model].model_json_schema(mode=mode)

    @router.get("/health", tags=["meta"], summary="健康检查 / Health")
    def health() -> Health:
        """Liveness: the registry was built and the service answers."""
        return Health(status="ok")

    @router.get("/version", tags=["meta"], summary="版本 / Version")
    def version() -> VersionInfo:
        """Library version, HTTP interface version and plugin versions."""
        return VersionInfo(library_version=__version__, api_version=API_VERSION, plugins=tuple(
            PluginVersion(name=n, version=i.version, distribution=i.distribution)
            for n, i in sorted(reg.plugin_set.plugins.items())))

    return router


def _batch_lines(reg: Registry, text: str, on: date, explain: bool) -> Iterator[bytes]:
    """One output line per input record, in order, chunked; errors become error lines, never a broken stream."""
    buf: list[str] = []
    for line_no, raw in read_records(io.StringIO(text)):
        try:
            out = evaluate(parse_household(line_no, raw, None), on=on, registry=reg,
                           explain=explain).model_dump_json()
        except InputError as exc:
            out = emit_error(line_no, exc.errors)
        except Exception as exc:  # a bug in a rule must not end everyone else's results
            log.error("internal error %s evaluating batch line %d", type(exc).__name__, line_no)
            out = emit_error(line_no, [FieldError(field="(record)", type="internal_error",
                                                  message_zh="服务内部错误,请报告此问题",
                                                  message_en="internal error; please report it")])
        buf.append(out)
        if len(buf) >= BATCH_CHUNK:
            yield ("\n".join(buf) + "\n").encode("utf-8")
            buf = []
    if buf:
        yield ("\n".join(buf) + "\n").encode("utf-8")
