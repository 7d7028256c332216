"""Evaluate a Spark DataFrame of households with xianjie's rules (``pip install 'xianjie[spark]'``).

The DataFrame is in the flat long layout of :mod:`xianjie.batch.layout` (one row per member, household
fields repeated or left null on later rows). Each partition is streamed through ``mapInArrow``: Arrow record
batches are decoded by :func:`~xianjie.batch.layout.population_from_table`, evaluated by
:func:`~xianjie.batch.evaluate_columns` and written as the summary columns of
:func:`~xianjie.batch.output.summary_table` — the same columns as ``xianjie evaluate --format parquet``
(without ``line``, which a DataFrame does not have). So a Spark run and an in-process run give identical
outcomes and amounts; ``tests/spark`` checks exactly that.

Why a *spec* and not a registry: a :class:`~xianjie.registry.Registry` holds plugin modules and cannot be
pickled to the executors. The driver builds the registry once (to fail early on bad parameters and to fix
the output schema), and ships only what is needed to rebuild it: plugin module names, autoload settings and
the parameter files already *read* on the driver (so the files need not exist on the executors). Each
Python worker builds the registry once and reuses it.

Why a repartition by ``household_id``: a household must be evaluated from all its rows, so its rows must sit
in one partition, consecutively. By default the DataFrame is hash-partitioned by ``household_id`` and
sorted within partitions, keeping the original member order; pass ``grouped=True`` if the input already
keeps each household's rows together and consecutive in one partition (e.g. written that way), to skip the
shuffle. Record batches may still cut a household; the worker carries the cut household over to the next
batch.

pyspark is imported lazily: importing this module never needs it, and calling it without pyspark raises a
:class:`~xianjie.errors.XianjieError` saying how to install it.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .errors import XianjieError
from .params import ParameterFile, load_parameter_file
from .registry import Registry, build_registry

__all__ = ["RegistrySpec", "evaluate_dataframe", "output_columns"]

_ROW = "__xianjie_row"


def _require_pyspark() -> Any:
    try:
        import pyspark.sql  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        raise XianjieError("xianjie.spark needs pyspark and pyarrow: pip install 'xianjie[spark]'") from None
    try:
        import pyarrow  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
    except ImportError:
        raise XianjieError("xianjie.spark needs pyarrow: pip install 'xianjie[spark]'") from None
    return pyspark.sql


@dataclass(frozen=True)
class RegistrySpec:
    """Everything an executor needs to rebuild the driver's registry (picklable)."""

    plugins: tuple[str, ...] = ()
    autoload: bool | None = None
    only: tuple[str, ...] | None = None
    params: tuple[ParameterFile, ...] = ()
    strict: bool = False

    def build(self) -> Registry:
        return build_registry(list(self.plugins), autoload=self.autoload, only=self.only,
                              params=list(self.params), strict=self.strict)

    def digest(self) -> str:
        return hashlib.sha256(pickle.dumps(self)).hexdigest()


_REGISTRIES: dict[str, Registry] = {}


def _registry(spec: RegistrySpec) -> Registry:
    """One registry per worker process and spec."""
    key = spec.digest()
    reg = _REGISTRIES.get(key)
    if reg is None:
        reg = spec.build()
        _REGISTRIES[key] = reg
    return reg


def output_columns(registry: Registry, on: date) -> list[tuple[str, str]]:
    """(name, Spark SQL type) of the output: ``household_id``, ``region``, ``error`` (JSON, null when the
    record is valid), then per rule ``<id>`` (outcome word, null where the rule does not apply),
    ``<id>.amount_fen`` (bigint fen, rules with amounts) and ``<id>.members`` (member outcomes, member-level
    rules) — :func:`xianjie.batch.output.summary_table` without ``line``."""
    from .batch.output import rule_columns

    out = [("household_id", "string"), ("region", "string"), ("error", "string")]
    for rid, has_amount, member in rule_columns(registry, on):
        out.append((rid, "string"))
        if has_amount:
            out.append((f"{rid}.amount_fen", "bigint"))
        if member:
            out.append((f"{rid}.members", "array<string>"))
    return out


def _spark_schema(columns: list[tuple[str, str]]) -> Any:
    from pyspark.sql import types as T  # type: ignore[import-not-found,import-untyped,unused-ignore]

    kinds = {"string": T.StringType(), "bigint": T.LongType(), "array<string>": T.ArrayType(T.StringType())}
    return T.StructType([T.StructField(name, kinds[kind], True) for name, kind in columns])


def _null_where_not_applicable(members: Any, outcome: Any) -> Any:
    """A member list only where the rule applies to the household (outcome not null).

    ``summary_table`` gives a list of nulls when the rule is known to the chunk but not in force for the
    household, and a null when no household of the chunk has the rule; which one depends on how rows fall
    into batches, so the Spark output normalises both to null."""
    import pyarrow as pa
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    return pc.if_else(pc.is_null(outcome.combine_chunks()), pa.nulls(len(members), members.type), members)


def _evaluator(spec: RegistrySpec, on: date, inputs: list[str], names: list[str]
               ) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The function each partition runs: Arrow batches of member rows in (columns renamed ``_c0``, ``_c1``,
    ... in the order of ``inputs``), summary batches out."""

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import numpy as np
        import pyarrow as pa

        from .batch.engine import evaluate_columns
        from .batch.layout import population_from_table
        from .batch.output import rule_columns, summary_table

        reg = _registry(spec)
        columns = rule_columns(reg, on)
        key = f"_c{inputs.index('household_id')}"

        def evaluate(table: Any) -> Any:
            table = table.select(list(range(len(inputs)))).rename_columns(inputs)
            d = population_from_table(table)
            res = evaluate_columns(d.population, on=on, registry=reg, valid=d.valid)
            out = summary_table(res, reg, d.errors, columns)
            arrays = []
            for name in names:
                col = out.column(name).combine_chunks()
                if pa.types.is_dictionary(col.type):
                    col = col.cast(pa.string())
                if name.endswith(".members"):
                    col = _null_where_not_applicable(col, out.column(name[: -len(".members")]))
                arrays.append(col)
            return pa.RecordBatch.from_arrays(arrays, names=names)

        pending: Any = None
        for batch in batches:
            if batch.num_rows == 0:
                continue
            table = pa.Table.from_batches([batch]) if pending is None else pa.concat_tables(
                [pending, pa.Table.from_batches([batch])])
            ids = np.asarray(table.column(key).to_numpy(zero_copy_only=False), dtype=object)
            starts = np.nonzero(np.concatenate(([True], ids[1:] != ids[:-1])))[0]
            cut = int(starts[-1])  # the last household may continue in the next batch
            if cut > 0:
                yield evaluate(table.slice(0, cut))
            pending = table.slice(cut)
        if pending is not None and pending.num_rows:
            yield evaluate(pending)

    return run


def evaluate_dataframe(df: Any, *, on: date, params: Sequence[str | Path | ParameterFile] = (),
                       plugins: Sequence[str] = (), autoload: bool | None = None,
                       only: Sequence[str] | None = None, strict: bool = False, grouped: bool = False) -> Any:
    """Evaluate every household of ``df`` on ``on``; one output row per household.

    Args:
        df: a Spark DataFrame in the flat layout (docs/batch.md); unknown columns are an error.
        on: the evaluation date.
        params: office parameter files (paths are read on the driver) or :class:`ParameterFile` objects.
        plugins, autoload, only, strict: as :func:`xianjie.build_registry`; plugins are module names so
            that the executors can import them.
        grouped: the rows of each household are already consecutive within one partition (skips the
            repartition by ``household_id``).

    Returns:
        A DataFrame with the columns of :func:`output_columns`. Invalid records get one row with ``error``
        set (field paths and messages, never values) and null outcomes.
    """
    sql = _require_pyspark()
    files = tuple(p if isinstance(p, ParameterFile) else load_parameter_file(p) for p in params)
    spec = RegistrySpec(tuple(plugins), autoload, None if only is None else tuple(only), files, strict)
    registry = spec.build()  # on the driver: fails early on bad parameters, and fixes the schema
    from .batch.layout import check_columns

    check_columns(df.columns)
    columns = output_columns(registry, on)
    inputs = list(df.columns)
    # Spark reads a dot in a column name as a struct field: give the columns plain names for the trip
    F = sql.functions
    df = df.select(*[F.col(f"`{c}`").alias(f"_c{i}") for i, c in enumerate(inputs)])
    key = f"_c{inputs.index('household_id')}"
    if not grouped:
        df = (df.withColumn(_ROW, F.monotonically_increasing_id())
              .repartition(key).sortWithinPartitions(key, _ROW))
    return df.mapInArrow(_evaluator(spec, on, inputs, [c for c, _ in columns]), _spark_schema(columns))
