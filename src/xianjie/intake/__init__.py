"""Data intake: the offices' real exports (CSV/XLSX, Chinese headers) in, validated households out.

* :func:`load_mapping` / :func:`default_mapping` — which column feeds which field, and code translations;
* :func:`import_file` — read a CSV (UTF-8, GBK/GB18030, UTF-16) or XLSX export and build households, all or
  nothing per household, with a bilingual per-row :class:`ImportReport`;
* :func:`export_csv` / :func:`export_xlsx` — households back out in the same shape;
* :func:`compare` — departmental data comparison (信息比对) against insurance, disability, 低保/特困, school
  and housing extracts, each disagreement with its citation;
* :func:`draft_mapping` — a mapping drafted from a file's headers.

XLSX needs openpyxl (``pip install 'xianjie[intake]'``); CSV needs nothing extra. See docs/intake.md.
"""

from .build import ImportResult, MappingMismatch, import_file, import_sheets
from .compare import ComparisonReport, ExtractError, Finding, compare
from .draft import draft_mapping
from .export import export_csv, export_rows, export_xlsx
from .mapping import (
    Mapping,
    MappingError,
    default_mapping,
    default_mapping_text,
    load_mapping,
    mapping_from_dict,
)
from .readers import FileError, read_file
from .report import ImportReport, Problem

__all__ = [
    "ComparisonReport",
    "ExtractError",
    "FileError",
    "Finding",
    "ImportReport",
    "ImportResult",
    "Mapping",
    "MappingError",
    "MappingMismatch",
    "Problem",
    "compare",
    "default_mapping",
    "default_mapping_text",
    "draft_mapping",
    "export_csv",
    "export_rows",
    "export_xlsx",
    "import_file",
    "import_sheets",
    "load_mapping",
    "mapping_from_dict",
    "read_file",
]
