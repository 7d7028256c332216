"""A minimal OpenFisca country package with a subset of xianjie's national rules — the benchmark's peer.

Used only by ``benchmarks/bench.py`` (never imported by ``src/``): the same rules as xianjie's cohorts
dibao / tekun / at-risk / sudden-hardship / low-income / relapsed / severely-disabled, the risks
``income_below_line`` and ``housing_unsafe`` and the measures ``dibao`` (income test with the
employment-cost deduction), the three medical premium subsidies (per member), the resident pension premium
payment (per member, age window 16 ≤ age < 60) and ``housing_renovation``.

Parameter values are not written here: :func:`build_system` takes them from a xianjie registry, so both
engines use exactly the same numbers. OpenFisca has no "not provided": inputs xianjie leaves unknown are
given OpenFisca's defaults, and the agreement check compares only households xianjie could determine.
"""

from __future__ import annotations

from collections.abc import Mapping

from openfisca_core.parameters import ParameterNode
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from . import variables
from .entities import ENTITIES

__all__ = ["OUTPUTS", "PARAMETER_KEYS", "XianjieSubsetSystem", "build_system"]

#: xianjie parameter keys the subset reads (money in yuan, ratios as decimals, ages/grades as integers).
PARAMETER_KEYS = (
    "monitoring.income_line", "dibao.standard_rural", "dibao.employment_cost_deduction_rate",
    "medical.individual_contribution", "medical.dibao_subsidy", "medical.tuopin_subsidy",
    "pension.paid_amount", "pension.enrol_min_age", "pension.receive_age", "disability.severe_max_grade",
)

#: OpenFisca output variable -> (xianjie rule id, entity of the OpenFisca variable).
OUTPUTS = {
    "cohort_dibao": "cohort.dibao",
    "cohort_tekun": "cohort.tekun",
    "cohort_at_risk_population": "cohort.at_risk_population",
    "cohort_sudden_hardship": "cohort.sudden_hardship",
    "cohort_low_income_population": "cohort.low_income_population",
    "cohort_relapsed": "cohort.relapsed",
    "cohort_tuopin_household": "cohort.tuopin_household",
    "cohort_severely_disabled": "cohort.severely_disabled",
    "risk_income_below_line": "risk.income_below_line",
    "risk_housing_unsafe": "risk.housing_unsafe",
    "measure_dibao": "measure.dibao",
    "measure_medical_premium_full": "measure.medical_premium_full",
    "measure_medical_premium_dibao": "measure.medical_premium_dibao",
    "measure_medical_premium_tuopin": "measure.medical_premium_tuopin",
    "measure_pension_premium_paid": "measure.pension_premium_paid",
    "measure_housing_renovation": "measure.housing_renovation",
}


class XianjieSubsetSystem(TaxBenefitSystem):  # type: ignore[misc]
    """Entities household/person, the subset's variables, and a parameter tree built from ``values``."""

    def __init__(self, values: Mapping[str, object], start: str = "2021-01-01") -> None:
        super().__init__(ENTITIES)
        for v in variables.ALL:
            self.add_variable(v)
        tree: dict[str, object] = {}
        for key, value in values.items():
            group, leaf = key.split(".")
            tree.setdefault(group, {})[leaf] = {"values": {start: {"value": value}}}  # type: ignore[index]
        self.parameters = ParameterNode("", data=tree)


def build_system(values: Mapping[str, object]) -> XianjieSubsetSystem:
    """The peer system with the given parameter values (keys of :data:`PARAMETER_KEYS`)."""
    missing = [k for k in PARAMETER_KEYS if k not in values]
    if missing:
        raise ValueError(f"parameters missing for the OpenFisca peer: {missing}")
    return XianjieSubsetSystem({k: values[k] for k in PARAMETER_KEYS})
