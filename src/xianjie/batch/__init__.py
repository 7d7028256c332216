"""Columnar batch evaluation: the same rules as :func:`xianjie.evaluate`, over whole populations at once.

* :class:`Population` — households as numpy columns (household table + member table with ``hh_index``);
* :func:`evaluate_columns` — every rule over the columns, three-valued, amounts in fen;
* :mod:`xianjie.batch.layout` — the flat file layout (Arrow, Parquet, CSV) to and from columns;
* :mod:`xianjie.batch.runner` — streaming, chunked, resumable evaluation of files (``xianjie evaluate``);
* :mod:`xianjie.batch.whatif` and :mod:`xianjie.batch.report` — population comparisons and indicators.

See docs/batch.md.
"""

from .engine import (
    ELIGIBLE,
    INELIGIBLE,
    NOT_APPLICABLE,
    OUTCOME_NAMES,
    UNDETERMINED,
    BatchResult,
    RuleResult,
    evaluate_columns,
)
from .population import Population

__all__ = [
    "ELIGIBLE",
    "INELIGIBLE",
    "NOT_APPLICABLE",
    "OUTCOME_NAMES",
    "UNDETERMINED",
    "BatchResult",
    "Population",
    "RuleResult",
    "evaluate_columns",
]
