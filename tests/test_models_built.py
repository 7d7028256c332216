"""Models the engine builds without validation (:func:`xianjie.models.built.built`) are ordinary models.

The engine stores its own typed values straight into steps, conclusions and explanations. These tests hold
it to what validation would have produced: every field present, in field order, the fields-set complete,
frozen, and equal (and serialised equal) to the model validated from the same values.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel, ValidationError

import xianjie
from xianjie.models import Household
from xianjie.models.built import built
from xianjie.models.decision import Conclusion, Explanation, MemberConclusion, Step
from xianjie.rules.expr import step

from ._households import ON, households

#: what the engine builds with ``built`` (citations, parameters and documents come validated from plugins)
BUILT = (Step, Conclusion, MemberConclusion, Explanation)
REG = xianjie.build_registry(autoload=False, params=[Path(__file__).with_name("params_full.toml")])


def _walk(model: BaseModel) -> list[BaseModel]:
    out = [model]
    for value in model.__dict__.values():
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, BaseModel):
                out.extend(_walk(item))
    return out


def _as_validated(model: BaseModel) -> None:
    cls = type(model)
    assert list(model.__dict__) == list(cls.model_fields), cls.__name__  # every field, in field order
    assert model.model_fields_set == set(cls.model_fields), cls.__name__
    assert model.__pydantic_extra__ is None and model.__pydantic_private__ is None
    again = cls.model_validate(model.model_dump())
    assert again == model, cls.__name__
    assert again.model_dump_json() == model.model_dump_json(), cls.__name__


def test_a_step_is_the_validated_step() -> None:
    child = step("甲", "a", "true", "是", "yes")
    s = step("以下条件全部满足", "all of the following hold", "false", children=[child])
    v = Step(text_zh="以下条件全部满足", text_en="all of the following hold", result="false",
             children=(Step(text_zh="甲", text_en="a", result="true", value_zh="是", value_en="yes"),))
    assert s == v and s.model_dump_json() == v.model_dump_json()
    assert isinstance(s.children, tuple)
    _as_validated(s)
    with pytest.raises(ValidationError):
        s.text_zh = "乙"  # type: ignore[misc]  # frozen, as a validated step


def test_built_keeps_the_values_given() -> None:
    values: dict[str, Any] = {"text_zh": "x", "text_en": "y", "result": "value", "value_zh": "1",
                              "value_en": "1", "children": ()}
    m = built(Step, values)
    assert m.model_dump() == values


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households())
def test_every_model_of_a_decision_is_as_validation_builds_it(h: Household) -> None:
    for explain in (True, False):
        d = xianjie.evaluate(h, on=ON, registry=REG, explain=explain)
        models = [m for m in _walk(d) if isinstance(m, BUILT)]
        assert {type(m) for m in models} >= ({Conclusion, Explanation, Step} if explain else {Conclusion})
        for m in models:
            _as_validated(m)


def test_a_member_level_rule_builds_member_conclusions_and_steps() -> None:
    h = {"household_id": "h", "region": "CN", "members": [{"birth_date": "1950-01-01"}, {"birth_date": "2010-01-01"}]}
    d = xianjie.evaluate(h, on=date(2021, 10, 1), registry=REG)
    members = [mc for c in d.measures for mc in c.members]
    assert members
    for m in _walk(d):
        if isinstance(m, BUILT):
            _as_validated(m)
