"""Models: frozen, strict, bilingual, never echoing input values in errors."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, ValidationError

import xianjie
from xianjie.cli.schema import MODELS
from xianjie.errors import field_errors

SECRET = "430102199001011234"


def _fields(model: type[BaseModel]) -> list[tuple[str, object]]:
    return [(f"{model.__name__}.{n}", f) for n, f in model.model_fields.items()]


@pytest.mark.parametrize("model", sorted(MODELS.values(), key=lambda m: m.__name__), ids=lambda m: m.__name__)
def test_every_field_has_chinese_and_english_labels(model: type[BaseModel]) -> None:
    for name, f in _fields(model):
        extra = getattr(f, "json_schema_extra", None)
        assert isinstance(extra, dict) and extra.get("x-label-zh") and extra.get("x-label-en"), name
        assert getattr(f, "title", None), name


def test_models_are_frozen_and_forbid_extra() -> None:
    h = xianjie.Household.model_validate({"household_id": "h", "region": "CN", "members": [{}]})
    with pytest.raises(ValidationError):
        h.region = "430000"  # type: ignore[misc]
    with pytest.raises(ValidationError) as info:
        xianjie.Household.model_validate({"household_id": "h", "region": "CN", "members": [{}], "incme": {}})
    assert [e.field for e in field_errors(info.value)] == ["incme"]


def test_errors_never_echo_identifiers() -> None:
    bad = {"household_id": "h", "region": "CN",
           "members": [{"id_number": SECRET + "9", "birth_date": SECRET, "name": "张三" * 40}]}
    with pytest.raises(ValidationError) as info:
        xianjie.Household.model_validate(bad)
    errs = field_errors(info.value)
    text = json.dumps([e.model_dump() for e in errs], ensure_ascii=False) + str(info.value)
    assert SECRET not in text and "张三" not in text
    assert {e.field for e in errs} == {"members.0.id_number", "members.0.birth_date", "members.0.name"}
    assert all(e.message_zh and e.message_en for e in errs)


def test_inconsistent_disability_is_rejected_with_field_context() -> None:
    with pytest.raises(ValidationError) as info:
        xianjie.Person.model_validate({"disabled": False, "disability_grade": 2})
    assert "disability_grade" in field_errors(info.value)[0].message_en


def test_money_must_be_exact_to_the_fen() -> None:
    with pytest.raises(ValidationError) as info:
        xianjie.Household.model_validate({"household_id": "h", "region": "CN", "members": [{}],
                                          "income": {"annual_net_income": "100.001"}})
    assert field_errors(info.value)[0].field == "income.annual_net_income"


def test_sensitive_fields_marked_in_schema() -> None:
    schema = xianjie.Person.model_json_schema()
    assert schema["properties"]["id_number"]["x-sensitive"] is True
    assert schema["properties"]["birth_date"]["title"] == "出生日期"
