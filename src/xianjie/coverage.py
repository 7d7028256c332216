"""Coverage matrices: for every clause of a policy document, how (and whether) it is encoded.

Each region plugin ships one TOML file per document under ``<plugin package>/coverage/<doc>.toml``::

    document = "002"
    region = "430000"

    [[clause]]
    clause = "(十四)"
    summary = "County pays the 100-yuan pension tier in full for severely disabled, 特困 and relapsed people"
    encoding = ["rule", "parameter"]       # rule | parameter | calendar | indicator | non_executable
    ids = ["measure.pension_premium_paid", "pension.paid_amount_priority"]
    location = "src/xianjie/regions/hunan/province.py"
    reason = ""                             # required when encoding = ["non_executable"]

Nothing is silently skipped: a clause that cannot be executed says why. ``python -m xianjie.coverage
PLUGIN`` renders the matrices as Markdown (docs/regions/<name>.md is generated that way, and a test keeps the
two in step); :func:`check` verifies that every rule, parameter, event and indicator the plugin declares has a
row and that every id a row names exists.
"""

from __future__ import annotations

import importlib
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from types import ModuleType
from typing import Literal

__all__ = ["Clause", "CoverageFile", "check", "declared_ids", "load", "render_markdown"]

Encoding = Literal["rule", "parameter", "calendar", "indicator", "non_executable"]
ENCODINGS: tuple[str, ...] = ("rule", "parameter", "calendar", "indicator", "non_executable")


@dataclass(frozen=True)
class Clause:
    clause: str
    summary: str
    encoding: tuple[str, ...]
    ids: tuple[str, ...] = ()
    location: str = ""
    reason: str = ""


@dataclass
class CoverageFile:
    document: str
    region: str
    clauses: list[Clause] = field(default_factory=list)


def _module(plugin: str | ModuleType) -> ModuleType:
    return importlib.import_module(plugin) if isinstance(plugin, str) else plugin


def load(plugin: str | ModuleType) -> list[CoverageFile]:
    """Read and validate the coverage files shipped in a plugin package."""
    mod = _module(plugin)
    root = resources.files(mod.__name__) / "coverage"
    out: list[CoverageFile] = []
    if not root.is_dir():
        return out
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        cf = CoverageFile(document=str(data["document"]), region=str(data["region"]))
        for i, raw in enumerate(data.get("clause", [])):
            enc = tuple(raw.get("encoding", ()))
            where = f"{entry.name} clause #{i} ({raw.get('clause')})"
            if not enc or any(e not in ENCODINGS for e in enc):
                raise ValueError(f"{where}: encoding must be a non-empty list of {ENCODINGS}")
            if "non_executable" in enc and not raw.get("reason"):
                raise ValueError(f"{where}: a non-executable clause needs a reason")
            if set(enc) - {"non_executable"} and not raw.get("ids"):
                raise ValueError(f"{where}: an encoded clause must list the ids that encode it")
            cf.clauses.append(Clause(clause=str(raw["clause"]), summary=str(raw["summary"]), encoding=enc,
                                     ids=tuple(raw.get("ids", ())), location=str(raw.get("location", "")),
                                     reason=str(raw.get("reason", ""))))
        out.append(cf)
    return out


def declared_ids(plugin: str | ModuleType) -> dict[str, set[str]]:
    """Ids the plugin declares through its hooks, by encoding kind."""
    mod = _module(plugin)
    out: dict[str, set[str]] = {"rule": set(), "parameter": set(), "calendar": set(), "indicator": set()}
    if hasattr(mod, "xianjie_rules"):
        out["rule"] = {r.id for r in mod.xianjie_rules()}
    if hasattr(mod, "xianjie_parameters"):
        out["parameter"] = {p.key for p in mod.xianjie_parameters()}
    if hasattr(mod, "xianjie_parameter_specs"):
        out["parameter"] |= {s.key for s in mod.xianjie_parameter_specs()}
    if hasattr(mod, "xianjie_calendar_events"):
        out["calendar"] = {e.id for e in mod.xianjie_calendar_events()}
    if hasattr(mod, "xianjie_indicators"):
        out["indicator"] = {i.id for i in mod.xianjie_indicators()}
    return out


def check(plugin: str | ModuleType, *, known_elsewhere: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """Problems with the plugin's coverage: declared ids without a row, rows naming unknown ids."""
    files = load(plugin)
    declared = declared_ids(plugin)
    problems: list[str] = []
    if not files:
        return ["no coverage files (coverage/<doc>.toml) in the plugin package"]
    in_rows: set[str] = {i for f in files for c in f.clauses for i in c.ids}
    for kind, ids in declared.items():
        for i in sorted(ids - in_rows):
            problems.append(f"{kind} {i!r} is declared but no coverage row names it")
    everything = set().union(*declared.values()) | set(known_elsewhere)
    for f in files:
        for c in f.clauses:
            for i in c.ids:
                if i not in everything:
                    problems.append(f"{f.document} {c.clause}: row names {i!r}, which nothing declares")
    return problems


def render_markdown(plugin: str | ModuleType, *, title: str) -> str:
    """The coverage matrices of a plugin as Markdown (one table per document)."""
    lines = [f"# {title}", "", "<!-- generated by `python -m xianjie.coverage`; edit the coverage/*.toml files -->", ""]
    for f in load(plugin):
        lines += [f"## Document {f.document} (region {f.region})", "",
                  "| clause | what it says | encoded as | ids | where / why not |", "|---|---|---|---|---|"]
        for c in f.clauses:
            ids = ", ".join(f"`{i}`" for i in c.ids) or "—"
            where = c.reason if "non_executable" in c.encoding else (f"`{c.location}`" if c.location else "")
            summary = c.summary.replace("|", "\\|")
            lines.append(f"| {c.clause} | {summary} | {', '.join(c.encoding)} | {ids} | {where} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - exercised through the docs test
    name = sys.argv[1]
    print(render_markdown(f"xianjie.regions.{name}", title=sys.argv[2] if len(sys.argv) > 2 else name))  # noqa: T201
