"""What-if comparisons and indicator reports, checked against counts from the per-household engine."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner

import xianjie
from xianjie import hookimpl
from xianjie.batch import Population, evaluate_columns
from xianjie.batch.report import IndicatorReport, evaluate_target
from xianjie.cli import cli
from xianjie.models import Citation, Document, Indicator, Region

ON = date(2021, 10, 1)
PARAMS = Path(__file__).resolve().parents[1] / "params_full.toml"


@pytest.fixture(autouse=True)
def _national_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XIANJIE_PLUGINS", "national")


def household(i: int, region: str = "CN") -> dict[str, Any]:
    return {"household_id": f"w{i}", "region": region,
            "income": {"annual_net_income": str(3000 + 400 * (i % 20)), "wage": "0"},
            "statuses": {"dibao": i % 3 == 0, "poverty_lifted": i % 2 == 0,
                         "assets_within_limits": None if i % 11 == 0 else True},
            "members": [{"tekun": ["none", "dispersed", None][i % 3], "medical_insured": i % 4 != 0},
                        {"tekun": "none", "medical_insured": None if i % 7 == 0 else True}][: 1 + i % 2]}


HOUSEHOLDS = [household(i) for i in range(40)]


def write(tmp_path: Path, items: list[dict[str, Any]]) -> Path:
    f = tmp_path / "pop.jsonl"
    f.write_text("\n".join(json.dumps(h) for h in items) + "\n", encoding="utf-8")
    return f


def test_whatif_counts_and_fen_exact_totals_match_the_engine(tmp_path: Path) -> None:
    alt = tmp_path / "alt.toml"
    alt.write_text(PARAMS.read_text(encoding="utf-8").replace('value = "4300"', 'value = "6100"')
                   .replace('value = "160"', 'value = "171.35"'), encoding="utf-8")
    r = CliRunner().invoke(cli, ["whatif", str(write(tmp_path, HOUSEHOLDS)), "--params", str(PARAMS), "--vs",
                                 str(alt), "--on", ON.isoformat(), "--format", "json"], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    rules = {x["rule"]: x for x in data["rules"]}
    base_reg = xianjie.build_registry(autoload=False, params=[PARAMS])
    alt_reg = xianjie.build_registry(autoload=False, params=[alt])
    hs = [xianjie.Household.model_validate(h) for h in HOUSEHOLDS]
    base = [xianjie.evaluate(h, on=ON, registry=base_reg, explain=False) for h in hs]
    new = [xianjie.evaluate(h, on=ON, registry=alt_reg, explain=False) for h in hs]

    def elig(d: xianjie.Decision, rid: str) -> bool:
        return d.conclusion(rid).outcome == "eligible"  # type: ignore[union-attr]

    included = sum(elig(n, "measure.dibao") and not elig(b, "measure.dibao") for b, n in zip(base, new, strict=True))
    assert included > 0 and rules["measure.dibao"]["newly_included"] == included
    assert rules["measure.dibao"]["newly_excluded"] == 0

    def total(ds: list[xianjie.Decision], rid: str) -> Decimal:
        return sum((d.conclusion(rid).amount or Decimal(0) for d in ds  # type: ignore[union-attr]
                    if d.conclusion(rid).amount_outcome == "determined"), Decimal(0))  # type: ignore[union-attr]

    change = total(new, "measure.medical_premium_dibao") - total(base, "measure.medical_premium_dibao")
    assert change != 0 and Decimal(rules["measure.medical_premium_dibao"]["change"]) == change
    cohort_rows = rules["measure.dibao"]["by_cohort"]
    assert cohort_rows["cohort.dibao"]["newly_included"] == sum(
        elig(n, "measure.dibao") and not elig(b, "measure.dibao") and elig(b, "cohort.dibao")
        for b, n in zip(base, new, strict=True))
    assert rules["measure.dibao"]["by_region"]["CN"]["newly_included"] == included
    table = CliRunner().invoke(cli, ["whatif", str(write(tmp_path, HOUSEHOLDS)), "--params", str(PARAMS), "--vs",
                                     str(alt), "--on", ON.isoformat()]).stdout
    assert "measure.dibao" in table and "measure.tekun_support" not in table


DOC = Document(id="report-test-doc", title_zh="指标测试文件", title_en="Indicator test document", issuer="测试",
               valid_from=date(2021, 1, 1))
CITE = Citation(document="report-test-doc", clause="二")


def indicator(id: str, num: str, den: str | None, cmp: str, target: str, unit: str = "ratio",
              **kw: Any) -> Indicator:
    return Indicator(id=id, region="439902", name_zh=id, name_en=id, numerator=num, denominator=den,
                     comparator=cmp, target=Decimal(target), unit=unit, citation=CITE, **kw)  # type: ignore[arg-type]


INDICATORS = [
    indicator("dibao_share", "cohort.dibao", "households", ">=", "0.3"),
    indicator("insured_tekun_members", "measure.medical_premium_full", "members", ">=", "0.5"),
    indicator("dibao_among_lifted", "measure.dibao", "cohort.tuopin_household", ">=", "0.2"),
    indicator("tekun_households", "cohort.tekun", None, ">=", "1", unit="households"),
    indicator("roads", "rural roads hardened", None, ">=", "1", unit="km", computable=False),
]


def plugin() -> SimpleNamespace:
    ns = SimpleNamespace(__name__="reporttest")
    ns.xianjie_documents = hookimpl(lambda: [DOC])
    ns.xianjie_regions = hookimpl(lambda: [Region(id="439902", name_zh="指标县", name_en="Indicator county",
                                                  level="county", parent="CN")])
    ns.xianjie_indicators = hookimpl(lambda: INDICATORS)
    return ns


def test_indicator_report_values_bounds_and_status() -> None:
    reg = xianjie.build_registry(plugins=[plugin()], autoload=False, params=[PARAMS])
    items = [household(i, "439902") for i in range(30)] + [household(100 + i) for i in range(5)]  # 5 outside
    hs = [xianjie.Household.model_validate(h) for h in items]
    rep = IndicatorReport(reg, "439902", reg.indicators_for("439902"))
    half = len(hs) // 2
    for part in (hs[:half], hs[half:]):  # two chunks accumulate
        rep.add(evaluate_columns(Population.from_households(part), on=ON, registry=reg))
    data = {r["id"]: r for r in rep.to_json()["indicators"]}
    assert rep.households == 30 and rep.outside == 5
    ds = [xianjie.evaluate(h, on=ON, registry=reg, explain=False) for h in hs[:30]]

    def outcome(d: xianjie.Decision, rid: str) -> str:
        return d.conclusion(rid).outcome  # type: ignore[union-attr]

    dibao = sum(outcome(d, "cohort.dibao") == "eligible" for d in ds)
    assert data["dibao_share"]["value"] == f"{dibao / 30:.4f}"
    assert data["dibao_share"]["status"] == ("met" if Fraction(dibao, 30) >= Fraction(3, 10) else "not_met")
    members = [m for d in ds for m in d.conclusion("measure.medical_premium_full").members]  # type: ignore[union-attr]
    yes = sum(m.outcome == "eligible" for m in members)
    unk = sum(m.outcome == "undetermined" for m in members)
    row = data["insured_tekun_members"]
    assert unk and row["value"] is None
    assert (row["value_min"], row["value_max"]) == (f"{yes / len(members):.4f}", f"{(yes + unk) / len(members):.4f}")
    lifted = [d for d in ds if outcome(d, "cohort.tuopin_household") == "eligible"]
    a = sum(outcome(d, "measure.dibao") == "eligible" for d in lifted)
    u = sum(outcome(d, "measure.dibao") == "undetermined" for d in lifted)
    assert data["dibao_among_lifted"]["numerator_count"] == a and data["dibao_among_lifted"]["denominator_count"] \
        == len(lifted)
    assert data["dibao_among_lifted"]["value_max"] == f"{(a + u) / len(lifted):.4f}"
    tek = sum(outcome(d, "cohort.tekun") == "eligible" for d in ds)
    assert data["tekun_households"]["value_min"] == str(tek) and data["tekun_households"]["status"] == "met"
    assert data["roads"]["status"] == "not_computable"


def test_report_cli_needs_a_known_region_and_lists_indicators(tmp_path: Path) -> None:
    f = write(tmp_path, HOUSEHOLDS[:5])
    r = CliRunner().invoke(cli, ["report", str(f), "--region", "999999"])
    assert r.exit_code == 2 and "unknown region" in r.stderr
    r = CliRunner().invoke(cli, ["report", str(f), "--region", "CN", "--on", ON.isoformat(), "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["households"] == 5


@pytest.mark.parametrize(("cmp", "lo", "hi", "unbounded", "expected"), [
    (">=", Fraction(1, 2), Fraction(3, 4), False, "met"),
    (">=", Fraction(1, 4), Fraction(3, 4), False, "undetermined"),
    (">=", Fraction(1, 4), Fraction(2, 5), False, "not_met"),
    ("<", Fraction(1, 4), Fraction(2, 5), False, "met"),
    ("==", Fraction(1, 2), Fraction(1, 2), False, "met"),
    ("==", Fraction(1, 4), Fraction(3, 4), False, "undetermined"),
    (">=", Fraction(1), None, True, "met"),
    ("<=", Fraction(1, 4), None, True, "undetermined"),
    ("<=", Fraction(1), None, True, "not_met"),
])
def test_target_status_over_a_range(cmp: str, lo: Fraction, hi: Fraction | None, unbounded: bool,
                                    expected: str) -> None:
    assert evaluate_target(cmp, Decimal("0.5"), lo, hi, unbounded) == expected
