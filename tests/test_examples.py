"""The bundled examples and the README's commands work as documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from xianjie.cli import cli

ROOT = Path(__file__).resolve().parents[1]
REGION_EXAMPLES = ("hunan", "hubei_tianmen", "heilongjiang_lanxi")
DATES = {"hunan": "2021-10-01", "hubei_tianmen": "2022-06-01", "heilongjiang_lanxi": "2023-06-01"}


@pytest.mark.parametrize("name", REGION_EXAMPLES)
def test_region_examples_evaluate_and_every_measure_cites(name: str) -> None:
    d = ROOT / "examples" / name
    r = CliRunner().invoke(cli, ["evaluate", str(d / "households.jsonl"), "--on", DATES[name],
                                 "--params", str(d / "params.toml")], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    decisions = [json.loads(x) for x in r.stdout.splitlines()]
    n = sum(1 for line in (d / "households.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())
    assert len(decisions) == n and all(x["format"] == "xianjie.decision/1" for x in decisions)
    eligible = [m for x in decisions for m in x["measures"] if m["outcome"] == "eligible"]
    assert eligible and all(m["citations"] and all(c["clause"] for c in m["citations"]) for m in eligible)
    regions = {x["region"] for x in decisions}
    assert len(regions) >= 1


def test_readme_main_command_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"xianjie explain (\S+) --on (\S+) --params (\S+)", readme)
    assert m, "README lost its main command"
    r = CliRunner().invoke(cli, ["explain", str(ROOT / m.group(1)), "--on", m.group(2), "--params",
                                 str(ROOT / m.group(3))], catch_exceptions=False)
    assert r.exit_code == 0 and "依据" in r.stdout


def test_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", readme, re.S)
    assert code
    monkeypatch.chdir(ROOT)
    exec(compile(code.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("eligible 100") and "002 (十四)" in out
