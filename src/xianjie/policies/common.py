"""Expressions shared by several rule families (member-level building blocks)."""

from __future__ import annotations

from ..rules.expr import Expr, field, param, rule

__all__ = [
    "TEKUN_KINDS",
    "member_not_student",
    "member_severely_disabled",
    "member_tekun",
    "tuopin_or_monitored",
]

TEKUN_KINDS = ("dispersed", "centralised")

#: 特困人员 (dispersed or centralised support).
member_tekun: Expr = field("tekun").is_in(TEKUN_KINDS)

#: 重度残疾人: a certified disability of grade 1..N, N being the ``disability.severe_max_grade`` parameter.
member_severely_disabled: Expr = field("disabled").eq(True) & (
    field("disability_grade") <= param("disability.severe_max_grade"))

#: Not a student (pension enrolment excludes students).
member_not_student: Expr = ~field("enrolled").eq(True)

#: 脱贫户 or a monitoring object: the population most transition-period measures address.
tuopin_or_monitored: Expr = rule("cohort.tuopin_household") | rule("cohort.monitoring_object")
