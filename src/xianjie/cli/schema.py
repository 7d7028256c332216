"""``xianjie schema MODEL``: JSON Schema of a public model, Chinese kept readable."""

from __future__ import annotations

import json

import click
from pydantic import BaseModel

from .. import models

__all__ = ["MODELS", "command"]

MODELS: dict[str, type[BaseModel]] = {
    name: getattr(models, name) for name in (
        "Household", "Person", "Decision", "Conclusion", "Region", "Citation", "Document", "ParameterSpec",
        "ParameterValue", "CalendarEvent", "ScreeningOccurrence", "Indicator", "ResolvedParameter")
}


@click.command("schema")
@click.argument("model", type=click.Choice(sorted(MODELS), case_sensitive=False))
@click.option("--mode", type=click.Choice(["validation", "serialization"]), default="validation",
              show_default=True, help="Input (validation) or output (serialization) schema.")
def command(model: str, mode: str) -> None:
    """Write the JSON Schema of MODEL to stdout."""
    cls = next(v for k, v in MODELS.items() if k.lower() == model.lower())
    schema = cls.model_json_schema(mode=mode)  # type: ignore[arg-type]
    click.echo(json.dumps(schema, ensure_ascii=False, indent=2))
