"""The few response shapes the library has no model for (lists, reports, errors).

Everything a household or a decision carries uses the library's own models; these wrap them, with bilingual
titles like the rest of the public schema.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel

from ..errors import FieldError
from ..models import ParameterSpec, ResolvedParameter
from ..models.decision import PluginVersion
from ..models.types import MODEL_CONFIG, RegionId, bilingual

__all__ = ["BatchErrorLine", "ErrorReport", "Health", "ParameterSetReport", "PluginFailureInfo", "PluginInfo",
           "PluginsReport", "VersionInfo"]


class ErrorReport(BaseModel):
    """错误报告 / Error report: each problem names a field, never the value sent."""

    model_config = MODEL_CONFIG

    format: Annotated[Literal["xianjie.error/1"], bilingual("格式", "Error format id")]
    errors: Annotated[tuple[FieldError, ...], bilingual("错误", "One entry per field and problem")]


class BatchErrorLine(BaseModel):
    """批量错误行 / A batch output line for a record that could not be evaluated."""

    model_config = MODEL_CONFIG

    format: Annotated[Literal["xianjie.error/1"], bilingual("格式", "Error format id")]
    line: Annotated[int | None, bilingual("行号", "1-based line (JSON lines) or array position of the record")]
    household_id: Annotated[str | None, bilingual("户编号", "Always null: the record was not accepted")] = None
    errors: Annotated[tuple[FieldError, ...], bilingual("错误", "One entry per field and problem")]


class Health(BaseModel):
    """健康检查 / Liveness."""

    model_config = MODEL_CONFIG

    status: Annotated[Literal["ok"], bilingual("状态", "Always ok when the service answers")]


class VersionInfo(BaseModel):
    """版本 / Library, interface and plugin versions."""

    model_config = MODEL_CONFIG

    library_version: Annotated[str, bilingual("库版本", "xianjie version")]
    api_version: Annotated[str, bilingual("接口版本", "HTTP interface version (paths and error format)")]
    plugins: Annotated[tuple[PluginVersion, ...], bilingual("插件", "Loaded plugins")]


class PluginInfo(BaseModel):
    """插件 / A loaded plugin."""

    model_config = MODEL_CONFIG

    name: Annotated[str, bilingual("插件名", "Plugin name")]
    distribution: Annotated[str | None, bilingual("发行包", "Distribution that installed it")] = None
    version: Annotated[str | None, bilingual("版本", "Version")] = None
    module: Annotated[str | None, bilingual("模块", "Python module")] = None
    regions: Annotated[tuple[str, ...], bilingual("区划", "Regions it declares")] = ()
    hooks: Annotated[tuple[str, ...], bilingual("钩子", "Hooks it implements")] = ()


class PluginFailureInfo(BaseModel):
    """插件故障 / A plugin that was disabled, and why."""

    model_config = MODEL_CONFIG

    name: Annotated[str, bilingual("插件名", "Plugin name")]
    error_type: Annotated[str, bilingual("错误类型", "Kind of failure")]
    message: Annotated[str, bilingual("说明", "What went wrong")]
    distribution: Annotated[str | None, bilingual("发行包", "Distribution")] = None
    version: Annotated[str | None, bilingual("版本", "Version")] = None


class PluginsReport(BaseModel):
    """插件清单 / Plugins and failures."""

    model_config = MODEL_CONFIG

    plugins: Annotated[tuple[PluginInfo, ...], bilingual("插件", "Loaded plugins")]
    failures: Annotated[tuple[PluginFailureInfo, ...], bilingual("故障", "Disabled plugins")]


class ParameterSetReport(BaseModel):
    """参数集 / Parameters in force for a region on a date."""

    model_config = MODEL_CONFIG

    region: Annotated[RegionId, bilingual("区划", "Region")]
    on: Annotated[date, bilingual("日期", "Date")]
    chain: Annotated[tuple[str, ...], bilingual("区划链", "Region and its ancestors")]
    parameters: Annotated[tuple[ResolvedParameter, ...], bilingual("参数", "Resolved values, with citations")]
    missing: Annotated[tuple[ParameterSpec, ...], bilingual(
        "未配置参数", "Declared parameters with no value in force: the deploying office must supply them")]
