"""Running the OpenFisca peer on a synthetic population, and checking it against xianjie.

Build time (entities from ids, role assignment, ``set_input`` of every input) and calculation time are
measured separately, as research/anchors.md §7 does. Inputs xianjie holds as "not provided" are given
OpenFisca's defaults (it has no missing values); the agreement check therefore compares only the
households xianjie determined.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from openfisca_core.simulations import SimulationBuilder
from openfisca_xianjie import OUTPUTS, PARAMETER_KEYS, build_system
from synth import Synthetic

from xianjie.batch import ELIGIBLE, INELIGIBLE, BatchResult
from xianjie.registry import Registry

__all__ = ["PeerRun", "agreement", "parameter_values", "run_openfisca", "subset_rule_ids"]

_H_INPUTS = {  # OpenFisca input -> (xianjie household field, fill for "not provided")
    "annual_net_income": ("income.annual_net_income", 0),
    "wage": ("income.wage", 0),
    "sole_house": ("housing.sole_house", False),
    "safety_grade": ("housing.safety_grade", "A"),
    "poverty_lifted": ("statuses.poverty_lifted", False),
    "dibao_status": ("statuses.dibao", False),
    "relapsed": ("statuses.relapsed", False),
    "assets_within_limits": ("statuses.assets_within_limits", False),
    "monitoring_kind": ("statuses.monitoring.kind", "none"),
}
_M_INPUTS = {
    "birth_date": ("birth_date", np.datetime64("1970-01-01", "D")),
    "disabled": ("disabled", False),
    "disability_grade": ("disability_grade", 9),
    "enrolled": ("enrolled", False),
    "pension_enrolled": ("pension_enrolled", False),
    "pension_receiving": ("pension_receiving", False),
    "tekun": ("tekun", "none"),
}
#: OpenFisca amount variables and the xianjie rule whose amount they mirror.
AMOUNTS = {f"{v}_amount": r for v, r in OUTPUTS.items() if r in (
    "measure.medical_premium_full", "measure.medical_premium_dibao", "measure.medical_premium_tuopin",
    "measure.pension_premium_paid")}


def subset_rule_ids() -> list[str]:
    """The xianjie rules the peer implements (every dependency included)."""
    return list(OUTPUTS.values())


def parameter_values(registry: Registry, region: str, on: date) -> dict[str, Any]:
    """The values xianjie resolves for the subset's parameters, as plain numbers for OpenFisca."""
    out: dict[str, Any] = {}
    for key in PARAMETER_KEYS:
        res = registry.resolve(key, region, on)
        if res is None:
            raise SystemExit(f"the benchmark parameters do not give {key!r}")
        v = res.resolved.value
        out[key] = int(v) if isinstance(v, int) else float(v)
    return out


def _fill(col: Any, fill: Any) -> np.ndarray:
    values = col.values
    if values.dtype == object:
        out = values.copy()
        out[~col.known] = fill
        return out.astype(str)
    return np.where(col.known, values, fill)


@dataclass
class PeerRun:
    build_s: float
    calc_s: float
    values: dict[str, np.ndarray]


def run_openfisca(s: Synthetic, values: dict[str, Any], on: date) -> PeerRun:
    """Build the simulation from ids and inputs (timed), then calculate every output (timed)."""
    system = build_system(values)
    period = on.isoformat()
    h_inputs = {k: _fill(s.hcols[f], d) for k, (f, d) in _H_INPUTS.items()}
    m_inputs = {k: _fill(s.mcols[f], d) for k, (f, d) in _M_INPUTS.items()}
    person_ids = np.arange(s.n_members)
    roles = np.zeros(s.n_members, dtype=np.int64)  # every person is a "member"
    t0 = time.perf_counter()
    sb = SimulationBuilder()
    sb.create_entities(system)
    sb.declare_person_entity("person", person_ids)
    households = sb.declare_entity("household", s.household_id)
    sb.join_with_persons(households, s.household_id[s.hh_index], roles)
    sim = sb.build(system)
    for k, arr in h_inputs.items():
        sim.set_input(k, period, arr)
    for k, arr in m_inputs.items():
        sim.set_input(k, period, arr)
    t1 = time.perf_counter()
    out = {v: np.asarray(sim.calculate(v, period)) for v in [*OUTPUTS, *AMOUNTS]}
    t2 = time.perf_counter()
    return PeerRun(t1 - t0, t2 - t1, out)


def agreement(peer: PeerRun, res: BatchResult) -> list[tuple[str, int, int, int, int]]:
    """Per rule: (rule id, households xianjie determined, xianjie eligible, OpenFisca eligible among those,
    disagreements). Amounts are compared for eligible households with a determined amount."""
    rows = []
    for var, rid in OUTPUTS.items():
        r = res.rules[rid]
        det = (r.outcome == ELIGIBLE) | (r.outcome == INELIGIBLE)
        ours = r.outcome == ELIGIBLE
        theirs = peer.values[var].astype(bool)
        bad = int(np.count_nonzero(det & (ours != theirs)))
        amount_var = f"{var}_amount"
        if amount_var in peer.values:
            both = det & ours & r.amount_known
            bad += int(np.count_nonzero(both & (r.amount != peer.values[amount_var].astype(np.int64))))
        rows.append((rid, int(det.sum()), int(ours.sum()), int((det & theirs).sum()), bad))
    return rows
