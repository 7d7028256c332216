"""Inputs and formulas of the OpenFisca peer: the same conditions as xianjie's rules, written the OpenFisca way.

Money is integer fen (as in xianjie's columnar engine) so that thresholds compare exactly; products with a
ratio round half away from zero to the fen, as ``xianjie.rules.money`` does. Everything is evaluated on one
day (the evaluation date), so every variable has ``definition_period = DAY``.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from .entities import Household, Person

DAY = DateUnit.DAY


def _fen(yuan: object) -> int:
    return int(round(float(yuan) * 100))  # type: ignore[arg-type]


def _round_div(numer: np.ndarray, denom: np.ndarray | int) -> np.ndarray:
    """Integer division, half away from zero (xianjie.rules.money.round_div)."""
    d = np.where(np.asarray(denom) == 0, 1, denom).astype(np.int64)
    n = np.asarray(numer, dtype=np.int64)
    mag = (2 * np.abs(n) + d) // (2 * d)
    return np.where(n < 0, -mag, mag)


class MonitoringKind(Enum):
    none = "none"
    unstable = "unstable"
    marginal = "marginal"
    sudden_hardship = "sudden_hardship"


class SafetyGrade(Enum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class TekunKind(Enum):
    none = "none"
    dispersed = "dispersed"
    centralised = "centralised"


def _input(name: str, entity: object, value_type: type, default: object = None,
           possible_values: type[Enum] | None = None) -> type[Variable]:
    attrs: dict[str, object] = {"value_type": value_type, "entity": entity, "definition_period": DAY,
                                "label": name}
    if default is not None:
        attrs["default_value"] = default
    if possible_values is not None:
        attrs["possible_values"] = possible_values
    return type(name, (Variable,), attrs)


INPUTS: list[type[Variable]] = [
    _input("annual_net_income", Household, int),
    _input("wage", Household, int),
    _input("sole_house", Household, bool),
    _input("safety_grade", Household, Enum, SafetyGrade.A, SafetyGrade),
    _input("poverty_lifted", Household, bool),
    _input("dibao_status", Household, bool),
    _input("relapsed", Household, bool),
    _input("assets_within_limits", Household, bool),
    _input("monitoring_kind", Household, Enum, MonitoringKind.none, MonitoringKind),
    _input("birth_date", Person, date, date(1970, 1, 1)),
    _input("disabled", Person, bool),
    _input("disability_grade", Person, int, 9),  # "no grade" must not read as severe
    _input("enrolled", Person, bool),
    _input("pension_enrolled", Person, bool),
    _input("pension_receiving", Person, bool),
    _input("tekun", Person, Enum, TekunKind.none, TekunKind),
]


class age(Variable):
    value_type = int
    entity = Person
    definition_period = DAY
    label = "age in whole years on the day"

    def formula(person, period, parameters):  # type: ignore[no-untyped-def]
        birth = person("birth_date", period).astype("datetime64[D]")
        years = birth.astype("datetime64[Y]").astype(np.int64) + 1970
        month_start = birth.astype("datetime64[M]")
        months = month_start.astype(np.int64) % 12 + 1
        days = (birth - month_start.astype("datetime64[D]")).astype(np.int64) + 1
        on = period.start
        before = (months > on.month) | ((months == on.month) & (days > on.day))
        return on.year - years - before


class household_size(Variable):
    value_type = int
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        return household.nb_persons()


class per_capita_net_income(Variable):
    value_type = int
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        return _round_div(household("annual_net_income", period), household("household_size", period))


class risk_income_below_line(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        line = _fen(parameters(period).monitoring.income_line)
        return household("per_capita_net_income", period) <= line


class dibao_income_test(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        p = parameters(period).dibao
        wage = household("wage", period).astype(np.int64)
        rate = Fraction(str(p.employment_cost_deduction_rate))  # exact, as xianjie's Decimal ratio
        num, den = rate.numerator, rate.denominator
        deduction = np.where(wage > 0, _round_div(wage * num, den), 0)
        net = household("annual_net_income", period).astype(np.int64)
        return net - deduction < _fen(p.standard_rural) * household("household_size", period)


class measure_dibao(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        return household("dibao_income_test", period) & household("assets_within_limits", period)


class cohort_dibao(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        return household("dibao_status", period)


class cohort_tuopin_household(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        return household("poverty_lifted", period)


class cohort_relapsed(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        return household("relapsed", period)


class tekun_member(Variable):
    value_type = bool
    entity = Person
    definition_period = DAY

    def formula(person, period, parameters):  # type: ignore[no-untyped-def]
        t = person("tekun", period)
        return (t == TekunKind.dispersed) | (t == TekunKind.centralised)


class severely_disabled_member(Variable):
    value_type = bool
    entity = Person
    definition_period = DAY

    def formula(person, period, parameters):  # type: ignore[no-untyped-def]
        top = int(parameters(period).disability.severe_max_grade)
        return person("disabled", period) & (person("disability_grade", period) <= top)


class cohort_tekun(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        return household.any(household.members("tekun_member", period))


class cohort_severely_disabled(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        return household.any(household.members("severely_disabled_member", period))


class cohort_at_risk_population(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        k = household("monitoring_kind", period)
        return (k == MonitoringKind.unstable) | (k == MonitoringKind.marginal)


class cohort_sudden_hardship(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        return household("monitoring_kind", period) == MonitoringKind.sudden_hardship


class cohort_low_income_population(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        return (household("cohort_dibao", period) | household("cohort_tekun", period)
                | household("cohort_at_risk_population", period) | household("cohort_sudden_hardship", period))


class risk_housing_unsafe(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        g = household("safety_grade", period)
        return household("sole_house", period) & ((g == SafetyGrade.C) | (g == SafetyGrade.D))


class measure_housing_renovation(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY

    def formula(household, period, parameters):  # type: ignore[no-untyped-def]
        return household("cohort_low_income_population", period) & household("risk_housing_unsafe", period)


# --- per-member measures: an eligibility and an amount per person, folded per household -------------------


class medical_premium_full_member(Variable):
    value_type = bool
    entity = Person
    definition_period = DAY

    def formula(person, period, parameters):  # type: ignore[no-untyped-def]
        return person("tekun_member", period)


class medical_premium_dibao_member(Variable):
    value_type = bool
    entity = Person
    definition_period = DAY

    def formula(person, period, parameters):  # type: ignore[no-untyped-def]
        return person.household("cohort_dibao", period) & ~person("tekun_member", period)


class medical_premium_tuopin_member(Variable):
    value_type = bool
    entity = Person
    definition_period = DAY

    def formula(person, period, parameters):  # type: ignore[no-untyped-def]
        h = person.household
        return h("cohort_tuopin_household", period) & ~h("cohort_dibao", period) & ~person("tekun_member", period)


class pension_premium_paid_member(Variable):
    value_type = bool
    entity = Person
    definition_period = DAY

    def formula(person, period, parameters):  # type: ignore[no-untyped-def]
        p = parameters(period).pension
        a = person("age", period)
        window = (a >= int(p.enrol_min_age)) & (a < int(p.receive_age))
        base = (window & ~person("enrolled", period) & person("pension_enrolled", period)
                & ~person("pension_receiving", period))
        h = person.household
        return base & (person("severely_disabled_member", period) | person("tekun_member", period)
                       | h("cohort_relapsed", period) | h("cohort_dibao", period))


def _member_measure(name: str, member_var: str, amount_key: tuple[str, str]) -> list[type[Variable]]:
    def eligible(household, period, parameters):  # type: ignore[no-untyped-def]
        return household.any(household.members(member_var, period))

    def amount(household, period, parameters):  # type: ignore[no-untyped-def]
        fen = _fen(getattr(getattr(parameters(period), amount_key[0]), amount_key[1]))
        return household.sum(household.members(member_var, period) * fen)

    base = {"entity": Household, "definition_period": DAY}
    return [type(name, (Variable,), {**base, "value_type": bool, "formula": eligible}),
            type(name + "_amount", (Variable,), {**base, "value_type": int, "formula": amount})]


MEMBER_MEASURES = [
    *_member_measure("measure_medical_premium_full", "medical_premium_full_member",
                     ("medical", "individual_contribution")),
    *_member_measure("measure_medical_premium_dibao", "medical_premium_dibao_member", ("medical", "dibao_subsidy")),
    *_member_measure("measure_medical_premium_tuopin", "medical_premium_tuopin_member",
                     ("medical", "tuopin_subsidy")),
    *_member_measure("measure_pension_premium_paid", "pension_premium_paid_member", ("pension", "paid_amount")),
]

ALL: list[type[Variable]] = [
    *INPUTS, age, household_size, per_capita_net_income, risk_income_below_line, dibao_income_test,
    measure_dibao, cohort_dibao, cohort_tuopin_household, cohort_relapsed, tekun_member,
    severely_disabled_member, cohort_tekun, cohort_severely_disabled, cohort_at_risk_population,
    cohort_sudden_hardship, cohort_low_income_population, risk_housing_unsafe, measure_housing_renovation,
    medical_premium_full_member, medical_premium_dibao_member, medical_premium_tuopin_member,
    pension_premium_paid_member, *MEMBER_MEASURES,
]
