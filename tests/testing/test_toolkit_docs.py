"""Every ```python block in docs/testing.md is a test module; run them all, they must pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

DOC = Path(__file__).resolve().parents[2] / "docs" / "testing.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_docs_have_examples() -> None:
    assert len(BLOCKS) >= 5


def test_every_python_block_in_the_docs_passes(pytester: pytest.Pytester) -> None:
    for i, block in enumerate(BLOCKS):
        pytester.makepyfile(**{f"test_doc_block_{i}": block})
    result = pytester.runpytest("-q", "-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0 and outcomes.get("errors", 0) == 0, result.stdout.str()[-3000:]
    # at least one test per block, and the class-based kit example contributes its inherited tests
    assert outcomes.get("passed", 0) >= len(BLOCKS) + 8
