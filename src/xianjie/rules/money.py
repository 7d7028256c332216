"""Exact money arithmetic shared by the per-household and the columnar paths.

Per household, money is a ``Decimal`` in yuan; over columns it is ``int64`` fen. Both paths round the same
way (half away from zero, to the fen), so the two paths give identical amounts — the batch-equivalence tests
rely on this.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

FEN = Decimal("0.01")

__all__ = ["FEN", "fen_to_yuan", "quantize", "ratio_parts", "round_div", "yuan_to_fen"]


def quantize(value: Decimal) -> Decimal:
    """Round to the fen, half away from zero."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def yuan_to_fen(value: Decimal) -> int:
    """Exact conversion of a yuan amount (at most two decimals after quantizing) to integer fen."""
    return int(quantize(value) * 100)


def fen_to_yuan(value: int) -> Decimal:
    """Integer fen back to a two-decimal yuan amount."""
    return (Decimal(int(value)) / 100).quantize(FEN)


def ratio_parts(value: Decimal) -> tuple[int, int]:
    """An exact ratio as (numerator, denominator) integers."""
    frac = Fraction(value)
    return frac.numerator, frac.denominator


def round_div(numer: npt.NDArray[np.int64], denom: npt.NDArray[np.int64] | int) -> npt.NDArray[np.int64]:
    """Integer division rounded half away from zero, as ``Decimal`` ROUND_HALF_UP does (denominators > 0)."""
    d = np.asarray(denom, dtype=np.int64)
    d = np.where(d == 0, 1, d)
    mag = (2 * np.abs(numer) + d) // (2 * d)
    return np.where(numer < 0, -mag, mag).astype(np.int64)
