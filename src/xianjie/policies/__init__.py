"""The nationwide rule families, registered as the built-in plugin ``national`` for region ``CN``.

Every region inherits these rules and values through its parent chain; a region overrides one by declaring
the same rule id or parameter key with ``overrides=True`` and its own citation.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..hookspecs import hookimpl
from ..models import Document, ParameterSpec, ParameterValue, Region
from ..rules.rule import Rule
from . import cohorts, measures, risks, social_assistance
from .documents import DOCUMENTS
from .parameters import NATIONAL_VALUES, SPECS

__all__ = ["NATIONAL_RULES"]

NATIONAL_RULES: tuple[Rule, ...] = (*cohorts.RULES, *risks.RULES, *social_assistance.RULES, *measures.RULES)


@hookimpl
def xianjie_regions() -> Iterator[Region]:
    yield Region(id="CN", name_zh="全国", name_en="China (national rules)", level="national")


@hookimpl
def xianjie_documents() -> Iterator[Document]:
    yield from DOCUMENTS


@hookimpl
def xianjie_parameter_specs() -> Iterator[ParameterSpec]:
    yield from SPECS


@hookimpl
def xianjie_parameters() -> Iterator[ParameterValue]:
    yield from NATIONAL_VALUES


@hookimpl
def xianjie_rules() -> Iterator[Rule]:
    yield from NATIONAL_RULES
