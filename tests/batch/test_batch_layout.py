"""The flat layout: invalid values invalidate only their household, errors name line and field, never the value."""

from __future__ import annotations

import io
from datetime import date

import pyarrow as pa
import pyarrow.csv as pcsv
import pytest

import xianjie
from xianjie.batch import evaluate_columns
from xianjie.batch.layout import LayoutError, household_dicts, population_from_table

ON = date(2021, 10, 1)
HEADER = ("household_id,region,income.annual_net_income,statuses.dibao,members.tekun,members.disabled,"
          "members.disability_grade,members.chronic_diseases,members.birth_date\n")


def table(rows: str) -> pa.Table:
    data = (HEADER + rows).encode()
    names = HEADER.strip().split(",")
    return pcsv.read_csv(io.BytesIO(data), convert_options=pcsv.ConvertOptions(
        column_types={c: pa.string() for c in names}, strings_can_be_null=True))


def test_csv_values_parse_like_the_model_and_bad_values_name_the_field(national: xianjie.Registry) -> None:
    t = table(
        "h1,CN,3000.50,true,dispersed,false,,hypertension;diabetes,1950-02-28\n"
        "h1,CN,,,none,true,2,[],\n"                         # household values may be omitted on later rows
        "h2,CN,1.234,true,none,,,,\n"                        # too many decimals
        "h3,CN,100,yes,bogus,,,,\n"                          # unknown code
        "h4,CN,100,true,none,false,3,,\n"                    # grade although not disabled
        "h5,CN,100,true,none,,,flu,2021-02-30\n"             # bad code in a set, impossible date
        "h6,CN,100,true,none,,,,\n"
        "h6,CN,200,true,none,,,,\n"                          # contradicts the household's first row
        "h7,ZZ,100,true,none,,,,\n")                         # invalid region id
    d = population_from_table(t, first_line=2)
    assert d.population.n == 7 and d.valid.tolist() == [True, False, False, False, False, False, False]
    fields = {int(d.population.line[h]): sorted(e.field for e in errs)  # type: ignore[index]
              for h, errs in d.errors.items()}
    assert fields == {
        4: ["income.annual_net_income"],
        5: ["members.0.tekun"],
        6: ["members.0"],
        7: ["members.0.birth_date", "members.0.chronic_diseases.0"],
        8: ["income.annual_net_income"],
        10: ["region"],
    }
    assert all("bogus" not in e.message_en and "1.234" not in e.message_en for es in d.errors.values() for e in es)
    res = evaluate_columns(d.population, on=ON, registry=national, valid=d.valid)
    assert res.outcome_names("cohort.dibao")[0] == "eligible"
    assert res.outcome_names("cohort.tekun") == ["eligible", None, None, None, None, None, None]


def test_rows_of_a_household_must_be_consecutive() -> None:
    d = population_from_table(table("a,CN,1,,,,,,\nb,CN,1,,,,,,\na,CN,1,,,,,,\n"))
    assert d.valid.tolist() == [True, True, False]
    assert d.errors[2][0].type == "rows_not_consecutive"


def test_unknown_column_is_a_layout_error() -> None:
    t = pa.table({"household_id": ["a"], "region": ["CN"], "income.anual_net_income": ["1"]})
    with pytest.raises(LayoutError, match="income.anual_net_income"):
        population_from_table(t)


def test_household_dicts_feed_the_per_household_engine() -> None:
    t = table("h1,CN,3000.50,true,dispersed,false,,hypertension;diabetes,1950-02-28\nh1,CN,,,none,true,2,[],\n")
    (line, d), = household_dicts(t, first_line=2)
    h = xianjie.Household.model_validate(d)
    assert line == 2 and len(h.members) == 2
    assert h.members[0].chronic_diseases == frozenset({"hypertension", "diabetes"})
    assert h.members[1].chronic_diseases == frozenset()
