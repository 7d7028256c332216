"""Every quote in a citation of a seed document appears in that document (after normalising punctuation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xianjie.catalogue_doc import all_rules
from xianjie.models import Citation
from xianjie.policies.documents import DOCUMENTS
from xianjie.policies.parameters import NATIONAL_VALUES

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
_PUNCT = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "“": '"', "”": '"', "、": ","})


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s).translate(_PUNCT).replace("、", ",")


def _seed_texts() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.fail(f"the policy seeds are expected beside the checkout at {SEEDS}")
    return {p.name[:3]: _norm(p.read_text(encoding="utf-8", errors="replace")) for p in SEEDS.glob("*.txt")}


def _citations() -> list[Citation]:
    out = [c for r in all_rules() for c in r.citations]
    out += [v.citation for v in NATIONAL_VALUES]
    return out


def test_seed_quotes_are_verbatim() -> None:
    texts = _seed_texts()
    bad = [f"{c.document} {c.clause}: {c.quote_zh}" for c in _citations()
           if c.quote_zh and c.document in texts and _norm(c.quote_zh) not in texts[c.document]]
    assert not bad, "quotes not found in the seed text:\n" + "\n".join(bad)


def test_citations_name_declared_documents() -> None:
    known = {d.id for d in DOCUMENTS}
    for r in all_rules():
        for c in r.citations:
            if r.region == "CN":
                assert c.document in known, (r.id, c.document)
