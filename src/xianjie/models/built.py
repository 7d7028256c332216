"""Model instances from values the engine computed itself, without validating them again.

A decision with explanations holds hundreds of models per household (steps, conclusions, member
conclusions). Their values are typed already, and validating them again cost more than evaluating the
rules; ``model_construct`` still spends a third of that on defaults and bookkeeping. :func:`built` stores
the values as validation would, and the result is an ordinary frozen pydantic model: it serialises,
compares and round-trips like a validated one (``tests/test_models_built.py``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["built"]

_M = TypeVar("_M", bound=BaseModel)

_new = BaseModel.__new__
_set = object.__setattr__


def built(model: type[_M], values: dict[str, Any]) -> _M:
    """An instance of ``model`` holding ``values``, which must give **every** field, in the model's field
    order (the order validation stores them in); nothing is checked, so only code that computed the
    values itself may call this."""
    m = _new(model)
    _set(m, "__dict__", values)
    _set(m, "__pydantic_fields_set__", set(values))
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m
