"""Inclusive validity periods, shared by documents, parameter values, rules and calendar events."""

from __future__ import annotations

from datetime import date

__all__ = ["in_period", "periods_overlap"]


def in_period(valid_from: date, valid_until: date | None, on: date) -> bool:
    """Whether ``on`` falls in the inclusive period (an open end means "until further notice")."""
    return valid_from <= on and (valid_until is None or on <= valid_until)


def periods_overlap(a_from: date, a_until: date | None, b_from: date, b_until: date | None) -> bool:
    """Whether two inclusive periods share at least one day."""
    return a_from <= (b_until or date.max) and b_from <= (a_until or date.max)
