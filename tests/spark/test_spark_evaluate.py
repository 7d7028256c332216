"""xianjie.spark on a local Spark session gives exactly the in-process batch engine's results.

One session for the module (starting Spark takes ~10 s); small data, small Arrow batches and several
partitions so that households are cut across record batches and moved by the repartition.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from pyspark.sql import SparkSession

import xianjie
from xianjie.batch import evaluate_columns
from xianjie.batch.layout import households_to_table, population_from_table
from xianjie.batch.output import rule_columns, summary_table
from xianjie.errors import XianjieError
from xianjie.spark import evaluate_dataframe, output_columns

ON = date(2021, 10, 1)
PARAMS = Path(__file__).resolve().parents[1] / "params_full.toml"
PLUGINS = ["xianjie.regions.hubei_tianmen"]
# PySpark 4.x warns that it does not fully support pandas >= 3; the Arrow path used here does not need pandas
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    # the Python workers must run this interpreter (the virtual environment), not python3 from PATH
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("xianjie-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "3")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "37")
               .config("spark.sql.session.timeZone", "UTC")
               .getOrCreate())
    yield session
    session.stop()


def _person(rng: random.Random) -> dict[str, Any]:
    def maybe(v: Any) -> Any:
        return None if rng.random() < 0.05 else v

    age = rng.choice([3, 8, 14, 16, 17, 30, 45, 59, 60, 75])
    disabled = maybe(rng.random() < 0.2)
    enrolled = maybe(6 <= age < 18 and rng.random() < 0.9)
    return {
        "birth_date": maybe(ON - timedelta(days=age * 365 + rng.randint(0, 364))),
        "disabled": disabled,
        "disability_grade": maybe(rng.randint(1, 4)) if disabled else None,
        "chronic_diseases": maybe(rng.choice([[], ["hypertension"], ["diabetes", "other"]])),
        "serious_illness": maybe(rng.random() < 0.1),
        "labour_capacity": maybe(rng.choice(["full", "weak", "half", "none"])),
        "school_stage": maybe(rng.choice(["none", "primary", "junior", "secondary_vocational"])),
        "enrolled": enrolled,
        "medical_insured": maybe(rng.random() < 0.9),
        "pension_enrolled": maybe(rng.random() < 0.8),
        "pension_receiving": maybe(age >= 60),
        "tekun": maybe(rng.choice(["none", "none", "dispersed", "centralised"])),
    }


def _households(n: int, seed: int = 7) -> list[xianjie.Household]:
    rng = random.Random(seed)

    def maybe(v: Any) -> Any:
        return None if rng.random() < 0.05 else v

    out = []
    for i in range(n):
        out.append(xianjie.Household.model_validate({
            "household_id": f"h{i:04d}",
            "region": rng.choice(["CN", "420000", "429006"]),
            "members": [_person(rng) for _ in range(rng.randint(1, 5))],
            "income": {"annual_net_income": maybe(str(rng.choice([0, 4299.99, 5999.99, 6000, 9000, 30000]))),
                       "wage": maybe(str(rng.randint(0, 20000)))},
            "rigid_expenditure": {"medical_out_of_pocket": maybe(str(rng.randint(0, 20000))),
                                  "education": maybe("0"), "other": maybe("100")},
            "housing": {"sole_house": maybe(rng.random() < 0.9), "safety_grade": maybe(rng.choice("ABCD"))},
            "statuses": {"poverty_lifted": maybe(rng.random() < 0.4), "dibao": maybe(rng.random() < 0.2),
                         "relapsed": maybe(rng.random() < 0.05),
                         "assets_within_limits": maybe(rng.random() < 0.8),
                         "dibao_income_exceeded_on": maybe(date(2021, rng.randint(1, 9), 1)),
                         "monitoring": {"kind": maybe(rng.choice(["none", "unstable", "marginal",
                                                                  "sudden_hardship"]))}},
            "loans": {"willing": maybe(rng.random() < 0.3)},
        }))
    return out


@pytest.fixture(scope="module")
def table() -> pa.Table:
    t = households_to_table(_households(240))
    # one invalid household (grade 7 does not exist), checked like every other record
    grade = t.column("members.disability_grade").to_pylist()
    disabled = t.column("members.disabled").to_pylist()
    row = disabled.index(True)
    grade[row] = 7
    idx = t.schema.get_field_index("members.disability_grade")
    return t.set_column(idx, "members.disability_grade", pa.array(grade, pa.int64()))


def _expected(table: pa.Table, registry: xianjie.Registry) -> pa.Table:
    """The in-process result; member lists null where the rule does not apply, as xianjie.spark gives them
    (summary_table's choice between null and a list of nulls depends on the chunk's composition)."""
    d = population_from_table(table)
    res = evaluate_columns(d.population, on=ON, registry=registry, valid=d.valid)
    t = summary_table(res, registry, d.errors, rule_columns(registry, ON)).drop_columns(["line"])
    for i, name in enumerate(t.column_names):
        if name.endswith(".members"):
            outcome = t.column(name[: -len(".members")])
            col = pc.if_else(pc.is_null(outcome), pa.nulls(t.num_rows, t.column(name).type), t.column(name))
            t = t.set_column(i, name, col)
    return t


def _rows(t: pa.Table) -> list[dict[str, Any]]:
    cols = {}
    for name in t.column_names:
        col = t.column(name)
        cols[name] = col.cast(pa.string()).to_pylist() if pa.types.is_dictionary(col.type) else col.to_pylist()
    rows = [dict(zip(cols, vals, strict=True)) for vals in zip(*cols.values(), strict=True)]
    return sorted(rows, key=lambda r: r["household_id"])


def test_spark_equals_in_process_batch(spark: SparkSession, table: pa.Table) -> None:
    registry = xianjie.build_registry(plugins=PLUGINS, autoload=False, params=[PARAMS])
    # contiguous slices of the rows: a household may be cut between partitions (the shuffle regroups it);
    # the row order, which is the member order, is kept as long as nothing reorders the input
    df = spark.createDataFrame(table)
    assert df.rdd.getNumPartitions() >= 2
    out = evaluate_dataframe(df, on=ON, params=[PARAMS], plugins=PLUGINS, autoload=False)
    assert out.columns == [c for c, _ in output_columns(registry, ON)]
    got = _rows(out.toArrow())
    want = _rows(_expected(table, registry))
    assert len(got) == len(want) == 240
    assert got == want
    bad = [r for r in got if r["error"] is not None]
    assert len(bad) == 1 and "disability_grade" in bad[0]["error"]
    # the data exercise every outcome, amounts and member lists
    assert {r["measure.dibao"] for r in got} >= {"eligible", "ineligible", "undetermined"}
    assert any(r["measure.medical_premium_full.amount_fen"] for r in got)
    assert any(r["measure.dropout_control"] is not None for r in got)  # a Tianmen rule, Tianmen rows only
    assert any(r["measure.dropout_control"] is None and r["error"] is None for r in got)


def test_grouped_input_needs_no_shuffle(spark: SparkSession, table: pa.Table) -> None:
    """Rows already grouped by household (one partition, in order): same outcomes without repartition."""
    registry = xianjie.build_registry(plugins=PLUGINS, autoload=False, params=[PARAMS])
    df = spark.createDataFrame(table).coalesce(1)
    out = evaluate_dataframe(df, on=ON, params=[PARAMS], plugins=PLUGINS, autoload=False, grouped=True)
    got = _rows(out.toArrow())
    assert got == _rows(_expected(table, registry))
    d = population_from_table(table)
    res = evaluate_columns(d.population, on=ON, registry=registry, valid=d.valid)
    order = np.argsort(d.population.household_id.astype(str))
    dibao = np.array(res.outcome_names("measure.dibao"), dtype=object)[order]
    assert [r["measure.dibao"] if r["error"] is None else None for r in got] == [
        v if ok else None for v, ok in zip(dibao, res.valid[order], strict=True)]


def test_unknown_column_is_rejected_on_the_driver(spark: SparkSession, table: pa.Table) -> None:
    df = spark.createDataFrame(table.append_column("members.shoe_size", pa.array([1] * table.num_rows)))
    with pytest.raises(XianjieError, match="unknown column"):
        evaluate_dataframe(df, on=ON, params=[PARAMS], plugins=PLUGINS, autoload=False)
