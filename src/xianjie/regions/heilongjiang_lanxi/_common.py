"""Shared constants of the Lanxi plugin: region codes, the 2023 validity window and a citation helper.

Document 001 (兰农工组发[2023]2号) is declared by the national plugin. Its cover letter is dated 2022-03-22
although number and content are for 2023, so everything this plugin declares is valid for the calendar year
2023 only, taken from the content ("2023年兰西县…工作要点"). Evaluating on any other date never applies a
Lanxi value or rule silently: the registry simply finds none in force.
"""

from __future__ import annotations

from datetime import date

from ...models import Citation
from ...policies.documents import cite

__all__ = ["DOC", "HEILONGJIANG", "LANXI", "SUIHUA", "VALID_FROM", "VALID_UNTIL", "c", "dated"]

HEILONGJIANG = "230000"
SUIHUA = "231200"
LANXI = "231222"
DOC = "001"

VALID_FROM = date(2023, 1, 1)
VALID_UNTIL = date(2023, 12, 31)


def c(clause: str, quote_zh: str | None = None) -> Citation:
    """A citation of document 001 (the quote is copied verbatim from the seed text)."""
    return cite(DOC, clause, quote_zh)


def dated() -> dict[str, object]:
    """The region and validity keywords every Lanxi rule shares."""
    return {"region": LANXI, "valid_from": VALID_FROM, "valid_until": VALID_UNTIL}
