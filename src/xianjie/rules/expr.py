"""A small expression language for eligibility rules, with three-valued (Kleene) logic.

Why a language rather than Python functions: the same rule definition must run

* per household, recording a trace that becomes the bilingual explanation of the conclusion; and
* over numpy columns for a whole county or province at once (the batch engine),

and the two must agree exactly. Each node therefore implements both :meth:`Expr.eval` (one household, with an
optional trace) and :meth:`Expr.vec` (columns). "Not provided" is never read as zero or false: an unknown input
makes the node unknown, and unknowns propagate with the names of what is missing, unless the other operands
already decide the answer (``False and unknown`` is ``False``).

Build expressions with the helpers at the bottom: ``field("statuses.dibao")``, ``param("dibao.standard")``,
``rule("cohort.dibao")``, ``any_member(...)`` and the operators ``& | ~ < <= > >=``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Literal, NamedTuple, Protocol

import numpy as np

from ..models.built import built
from ..models.decision import Step
from ..models.household import Household
from .fields import Column, FieldInfo, Missing, lookup
from .money import quantize, ratio_parts, round_div, yuan_to_fen

__all__ = [
    "SV",
    "Expr",
    "ScalarContext",
    "Step",
    "VectorContext",
    "all_of",
    "any_member",
    "any_of",
    "const",
    "count_members",
    "field",
    "if_else",
    "param",
    "rule",
    "sum_members",
]

Level = Literal["household", "member"]


class SV(NamedTuple):
    """A scalar result: the value, or ``None`` when unknown, with what is missing.

    A named tuple rather than a frozen dataclass: a household's evaluation makes hundreds of these, and a
    tuple is built in half the time (a frozen dataclass sets each field through ``object.__setattr__``).
    The yes/no results are the shared :data:`TRUE` and :data:`FALSE`."""

    value: Any
    #: Paths of inputs not provided; may repeat (deduplicated when a conclusion is built — cheaper than
    #: merging sets at every node).
    missing_fields: tuple[str, ...] = ()
    #: Keys of parameters nobody configured; may repeat.
    missing_params: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.value is not None


UNKNOWN = SV(None)
TRUE = SV(True)
FALSE = SV(False)
_BOOL = (FALSE, TRUE)  # indexed by a bool: _BOOL[x] is SV(x)


def step(text_zh: str, text_en: str, result: Literal["true", "false", "unknown", "value"], value_zh: str = "",
         value_en: str = "", children: Sequence[Step] = ()) -> Step:
    """One node of an explanation trace, built directly as the decision's :class:`~xianjie.models.Step`
    (hundreds per household: see :func:`~xianjie.models.built.built`)."""
    return built(Step, {"text_zh": text_zh, "text_en": text_en, "result": result, "value_zh": value_zh,
                        "value_en": value_en, "children": tuple(children)})


class ParamLookup(Protocol):
    """What a parameter resolution looks like to an expression."""

    @property
    def value(self) -> Any: ...
    @property
    def kind(self) -> str: ...
    @property
    def name_zh(self) -> str: ...
    @property
    def name_en(self) -> str: ...


class ScalarContext(Protocol):
    """What an expression needs to evaluate one household."""

    household: Household
    on: date
    member: int | None

    def read(self, info: FieldInfo) -> Any: ...
    def param(self, key: str) -> ParamLookup | None: ...
    def param_label(self, key: str) -> tuple[str, str]: ...
    def rule(self, rule_id: str) -> SV: ...
    def rule_label(self, rule_id: str) -> tuple[str, str]: ...
    def for_member(self, index: int) -> ScalarContext: ...


class VectorContext(Protocol):
    """What an expression needs to evaluate columns (households, or members in household order)."""

    level: Level
    n: int

    def column(self, info: FieldInfo) -> Column: ...
    def param(self, key: str) -> ParamLookup | None: ...
    def rule(self, rule_id: str) -> Column: ...
    def members(self) -> VectorContext: ...
    def hh_index(self) -> np.ndarray[Any, np.dtype[np.int64]]: ...
    def member_ends(self) -> np.ndarray[Any, np.dtype[np.int64]]: ...


# ---------------------------------------------------------------------------------------------------------
# Value formatting for explanations
# ---------------------------------------------------------------------------------------------------------


def fmt(value: Any) -> tuple[str, str]:
    """Render a value in Chinese and English."""
    if value is None:
        return "未提供", "not provided"
    if isinstance(value, bool):
        return ("是", "yes") if value else ("否", "no")
    if isinstance(value, Decimal):
        s = f"{value:,.2f}"
        return f"{s}元", f"{s} yuan"
    if isinstance(value, frozenset | tuple | set):
        if not value:
            return "无", "none"
        s = ", ".join(sorted(str(v) for v in value))
        return s, s
    return str(value), str(value)


def _result(sv: SV) -> Literal["true", "false", "unknown", "value"]:
    if sv.value is None:
        return "unknown"
    if isinstance(sv.value, bool):
        return "true" if sv.value else "false"
    return "value"


def _merge(*svs: SV) -> tuple[tuple[str, ...], tuple[str, ...]]:
    f: tuple[str, ...] = ()
    p: tuple[str, ...] = ()
    for s in svs:
        f += s.missing_fields
        p += s.missing_params
    return f, p


def _unknown(*svs: SV) -> SV:
    unknown = [s for s in svs if s.value is None]
    if len(unknown) == 1:  # the common case: reuse the single unknown operand's missing sets
        return unknown[0]
    f, p = _merge(*unknown)
    return SV(None, f, p)


def household_sums(member_values: np.ndarray[Any, Any], ends: np.ndarray[Any, np.dtype[np.int64]],
                   owner: np.ndarray[Any, np.dtype[np.int64]] | None = None) -> np.ndarray[Any, Any]:
    """Integer sums of member values per household (booleans count as 0/1).

    Members are contiguous per household and every household has at least one, so a running sum read
    at each household's last member row (``ends``), differenced, gives the household sums: exact integer
    arithmetic (int64 for money in fen), and about twice as fast as a weighted ``bincount``. Booleans that
    are rarely true (unknown-masks, with a few inputs missing) are counted faster from their true rows
    and each row's household (``owner``, the member table's ``hh_index``), when it is given."""
    x = np.asarray(member_values)
    counting = x.dtype == np.bool_
    dtype = np.int32 if counting and len(x) < 2**31 else np.int64
    rows = _sparse_rows(x) if counting and owner is not None else None
    if rows is not None:
        assert owner is not None
        return np.bincount(owner[rows], minlength=len(ends)).astype(dtype, copy=False)
    running = np.cumsum(x, dtype=dtype)[ends]
    return np.diff(running, prepend=dtype(0))


_SPARSE = 50  # a boolean member column with fewer than one true row in this many is folded from its rows
_SPARSE_MIN = 4096  # ... if it has at least this many rows (below, a running sum costs nothing)


def _sparse_rows(x: np.ndarray[Any, Any]) -> np.ndarray[Any, Any] | None:
    """The true rows of a boolean column if they are few (a count costs a tenth of a running sum)."""
    if len(x) < _SPARSE_MIN or np.count_nonzero(x) * _SPARSE >= len(x):
        return None
    return np.flatnonzero(x)


def any_per_household(yes: np.ndarray[Any, Any], unknown: np.ndarray[Any, Any],
                      ends: np.ndarray[Any, np.dtype[np.int64]],
                      owner: np.ndarray[Any, np.dtype[np.int64]] | None = None
                      ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """(some member yes, some member unknown) per household; ``ends``, ``owner`` as in
    :func:`household_sums`."""
    return per_household("any", yes, ends, owner), per_household("any", unknown, ends, owner)


def per_household(how: Literal["any", "sum"], member_values: np.ndarray[Any, Any],
                  ends: np.ndarray[Any, np.dtype[np.int64]],
                  owner: np.ndarray[Any, np.dtype[np.int64]] | None = None) -> np.ndarray[Any, Any]:
    """Fold member values per household: ``any`` of booleans, or the integer ``sum`` (fen, counts)."""
    if how == "any":
        x = np.asarray(member_values, dtype=bool)
        rows = _sparse_rows(x) if owner is not None else None
        if rows is not None:
            assert owner is not None
            out = np.zeros(len(ends), dtype=bool)
            out[owner[rows]] = True
            return out
        return household_sums(x, ends) > 0
    x = np.asarray(member_values)
    return household_sums(x if x.dtype == np.bool_ else x.astype(np.int64, copy=False), ends, owner).astype(
        np.int64, copy=False)


def category_mask(hit: np.ndarray[Any, np.dtype[np.bool_]], codes: np.ndarray[Any, Any], n: int
                  ) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Each row's answer from its category's (``hit[codes]``). When few categories answer one way, the
    rows are compared with those few codes instead: an equality test on small integers costs a tenth of
    a gather. Rows whose code is outside the categories (unknown rows' filler) are not defined here."""
    if not len(hit):
        return np.zeros(n, dtype=bool)
    yes = np.flatnonzero(hit)
    few, invert = (yes, False) if 2 * len(yes) <= len(hit) else (np.flatnonzero(~hit), True)
    if len(few) > _FEW_CODES:
        return np.take(hit, codes)
    out = np.zeros(n, dtype=bool)
    for code in few.tolist():
        out |= codes == code
    return ~out if invert else out


_FEW_CODES = 4


def _const_col(value: Any, n: int, kind: str) -> Column:
    """A constant as a read-only broadcast view: no array of ``n`` copies is ever built."""
    if kind == "money":
        scalar: np.ndarray[Any, Any] = np.array(yuan_to_fen(value), dtype=np.int64)
    elif kind in ("int",):
        scalar = np.array(int(value), dtype=np.int64)
    elif kind == "bool":
        scalar = np.array(bool(value), dtype=bool)
    else:
        scalar = np.empty((), dtype=object)
        scalar[()] = value
    return Column(np.broadcast_to(scalar, (n,)), np.broadcast_to(np.True_, (n,)))


def is_constant(a: np.ndarray[Any, Any]) -> bool:
    """A broadcast view of one value (constants and parameters are, see :func:`_const_col`)."""
    return a.ndim == 1 and len(a) > 0 and a.strides == (0,)


def always_true(mask: np.ndarray[Any, Any]) -> bool:
    """A known-mask that is a constant ``True`` (that of a constant or a configured parameter)."""
    return is_constant(mask) and bool(mask[0])


def _operands(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> tuple[Any, Any]:
    """A broadcast-view operand as its single value, so that numpy takes its faster array-with-scalar
    loops (only one of the two: the result must stay an array)."""
    if is_constant(b):
        return a, b[0]
    if is_constant(a):
        return a[0], b
    return a, b


def _both(x: np.ndarray[Any, Any], y: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``x & y`` for known-masks, skipping the operation when one side is a constant ``True`` (a constant
    or parameter operand is always known). The result may be an operand itself: masks are never modified
    in place."""
    if always_true(y):
        return x
    if always_true(x):
        return y
    both: np.ndarray[Any, Any] = x & y
    return both


def _fen_aligned(x: Expr, cx: Column, y: Expr, cy: Column) -> tuple[Column, Column]:
    """Columns hold money as fen; an integer constant written beside money means yuan, as in ``eval``."""
    if x.kind == "money" and isinstance(y, Const) and y.kind == "int":
        cy = Column(np.broadcast_to(cy.values[:1] * 100, cy.values.shape), cy.known)
    elif y.kind == "money" and isinstance(x, Const) and x.kind == "int":
        cx = Column(np.broadcast_to(cx.values[:1] * 100, cx.values.shape), cx.known)
    return cx, cy


def _unknown_col(n: int) -> Column:
    return Column(np.zeros(n, dtype=bool), np.zeros(n, dtype=bool))


# ---------------------------------------------------------------------------------------------------------
# Nodes
# ---------------------------------------------------------------------------------------------------------


class Expr:
    """Base class of expression nodes. Subclasses are immutable."""

    #: "bool", "money", "int", "ratio", "code", "codeset" or "any" (decided by a parameter at run time).
    kind: str = "any"

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        raise NotImplementedError

    def vec(self, ctx: VectorContext) -> Column:
        raise NotImplementedError

    def label(self) -> tuple[str, str]:
        raise NotImplementedError

    def texts(self) -> tuple[str, str]:
        """:meth:`label`, kept on the node once it is final: an explanation asks each node for the same
        label for every household. Labels name rules and parameters from the catalogue, where a name, once
        registered, never changes (``setdefault``); a label that fell back to a rule id or parameter key
        (:meth:`label_final` is false) is made again each time, until the name is registered."""
        kept: tuple[str, str] | None = self.__dict__.get("_texts")
        if kept is not None:
            return kept
        texts = self.label()
        if self.label_final():
            self.__dict__["_texts"] = texts
        return texts

    def label_final(self) -> bool:
        """Whether every name in :meth:`label` came from the catalogue (none fell back to an id or key)."""
        return all(c.label_final() for c in self.children())

    def children(self) -> Sequence[Expr]:
        return ()

    def level(self) -> Level:
        """``member`` if the node reads member inputs outside an aggregate."""
        return "member" if any(c.level() == "member" for c in self.children()) else "household"

    def walk(self) -> Iterable[Expr]:
        yield self
        for c in self.children():
            yield from c.walk()

    def inputs(self) -> set[str]:
        return {n.name for n in self.walk() if isinstance(n, Field)}

    def params(self) -> set[str]:
        return {n.key for n in self.walk() if isinstance(n, Param)}

    def refs(self) -> set[str]:
        return {n.rule_id for n in self.walk() if isinstance(n, Ref)}

    # operators -------------------------------------------------------------------------------------------
    def __and__(self, other: Expr) -> Expr:
        return And((self, other))

    def __or__(self, other: Expr) -> Expr:
        return Or((self, other))

    def __invert__(self) -> Expr:
        return Not(self)

    def __lt__(self, other: Expr | Any) -> Expr:
        return Cmp("<", self, _wrap(other))

    def __le__(self, other: Expr | Any) -> Expr:
        return Cmp("<=", self, _wrap(other))

    def __gt__(self, other: Expr | Any) -> Expr:
        return Cmp(">", self, _wrap(other))

    def __ge__(self, other: Expr | Any) -> Expr:
        return Cmp(">=", self, _wrap(other))

    def __add__(self, other: Expr | Any) -> Expr:
        return Arith("+", self, _wrap(other))

    def __sub__(self, other: Expr | Any) -> Expr:
        return Arith("-", self, _wrap(other))

    def __mul__(self, other: Expr | Any) -> Expr:
        return Arith("*", self, _wrap(other))

    def eq(self, other: Expr | Any) -> Expr:
        """Equality (``==`` is kept for object identity so nodes stay hashable)."""
        return Cmp("==", self, _wrap(other))

    def ne(self, other: Expr | Any) -> Expr:
        return Cmp("!=", self, _wrap(other))

    def is_in(self, options: Expr | Iterable[str]) -> Expr:
        """Code membership: ``options`` is a tuple of codes or a ``codes`` parameter."""
        return In(self, options if isinstance(options, Expr) else Const(tuple(options)))

    def overlaps(self, options: Expr | Iterable[str]) -> Expr:
        """A code set shares at least one code with ``options``."""
        return Overlaps(self, options if isinstance(options, Expr) else Const(tuple(options)))

    __hash__ = object.__hash__


def _wrap(value: Expr | Any) -> Expr:
    return value if isinstance(value, Expr) else Const(value)


@dataclass(frozen=True, eq=False)
class Const(Expr):
    value: Any

    @property
    def kind(self) -> str:  # type: ignore[override]
        v = self.value
        if isinstance(v, bool):
            return "bool"
        if isinstance(v, int):
            return "int"
        if isinstance(v, Decimal):
            return "money"
        if isinstance(v, tuple | frozenset):
            return "codeset"
        return "code"

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        return SV(self.value)

    def vec(self, ctx: VectorContext) -> Column:
        return _const_col(self.value, ctx.n, self.kind)

    def label(self) -> tuple[str, str]:
        return fmt(self.value)


@dataclass(frozen=True, eq=False)
class Field(Expr):
    """An input field or derived feature, by name (see :mod:`xianjie.rules.fields`)."""

    name: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "_info", lookup(self.name))  # resolved once, read on every evaluation

    @property
    def info(self) -> FieldInfo:
        info: FieldInfo = self.__dict__["_info"]
        return info

    @property
    def kind(self) -> str:  # type: ignore[override]
        return self.info.kind

    def level(self) -> Level:
        return self.info.level

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        v = ctx.read(self.info)
        if isinstance(v, Missing):
            return SV(None, v.fields)
        return SV(v)

    def vec(self, ctx: VectorContext) -> Column:
        return ctx.column(self.info)

    def label(self) -> tuple[str, str]:
        return self.info.label_zh, self.info.label_en


@dataclass(frozen=True, eq=False)
class Param(Expr):
    """A parameter resolved for the household's region and the evaluation date."""

    key: str

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        p = ctx.param(self.key)
        if p is None:
            return SV(None, missing_params=(self.key,))
        return SV(p.value)

    def vec(self, ctx: VectorContext) -> Column:
        p = ctx.param(self.key)
        if p is None:
            return _unknown_col(ctx.n)
        if p.kind == "ratio":
            return _const_col(p.value, ctx.n, "ratio")
        return _const_col(p.value, ctx.n, "codeset" if p.kind == "codes" else p.kind)

    def label(self) -> tuple[str, str]:
        spec = _catalogue().PARAMETER_SPECS.get(self.key)  # labels live with the declarations
        return (spec.name_zh, spec.name_en) if spec else (self.key, self.key)

    def label_final(self) -> bool:
        return self.key in _catalogue().PARAMETER_SPECS


_REF_WORDS = {True: ("是", "yes"), False: ("否", "no"), None: ("无法判定", "undetermined")}


@dataclass(frozen=True, eq=False)
class Ref(Expr):
    """The outcome of another (household-level) rule, e.g. a cohort."""

    rule_id: str
    kind = "bool"

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        sv = ctx.rule(self.rule_id)
        if trace is not None:
            zh, en = self.texts()
            trace.append(step(f"{zh}（{self.rule_id}）", f"{en} ({self.rule_id})", _result(sv), *_REF_WORDS[sv.value]))
        return sv

    def vec(self, ctx: VectorContext) -> Column:
        return ctx.rule(self.rule_id)

    def label(self) -> tuple[str, str]:
        labels: dict[str, tuple[str, str]] = _catalogue().RULE_LABELS
        return labels.get(self.rule_id, (self.rule_id, self.rule_id))

    def label_final(self) -> bool:
        return self.rule_id in _catalogue().RULE_LABELS


_CATALOGUE: Any = None


def _catalogue() -> Any:
    """:mod:`xianjie.policies.catalogue`, imported on first use (it imports this module) and then kept:
    an ``import`` statement in a label costs a lookup in the import machinery on every call."""
    global _CATALOGUE
    if _CATALOGUE is None:
        from ..policies import catalogue

        _CATALOGUE = catalogue
    return _CATALOGUE


def _leaf_step(node: Expr, sv: SV) -> Step:
    zh, en = node.texts()
    vzh, ven = fmt(sv.value)
    return step(zh, en, _result(sv), vzh, ven)


_OPS: dict[str, Callable[[Any, Any], Any]] = {  # the operator module's: the comparisons themselves, in C
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
}
_OP_ZH = {"<": "低于", "<=": "不高于", ">": "高于", ">=": "不低于", "==": "等于", "!=": "不等于"}
_OP_EN = {"<": "below", "<=": "at most", ">": "above", ">=": "at least", "==": "equals", "!=": "differs from"}


@dataclass(frozen=True, eq=False)
class Cmp(Expr):
    op: str
    a: Expr
    b: Expr
    kind = "bool"

    def children(self) -> Sequence[Expr]:
        return (self.a, self.b)

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        a, b = self.a.eval(ctx), self.b.eval(ctx)
        sv = _unknown(a, b) if not (a.known and b.known) else _BOOL[bool(_OPS[self.op](a.value, b.value))]
        if trace is not None:
            (azh, aen), (bzh, ben) = self.a.texts(), self.b.texts()
            (avz, ave), (bvz, bve) = fmt(a.value), fmt(b.value)
            if isinstance(self.b, Const):  # the constant is already in the condition's text
                vzh, ven = f"{azh} {avz}", f"{aen} {ave}"
            else:
                vzh, ven = f"{azh} {avz}，{bzh} {bvz}", f"{aen} {ave}; {ben} {bve}"
            trace.append(step(*self.texts(), _result(sv), vzh, ven))
        return sv

    def vec(self, ctx: VectorContext) -> Column:
        a, b = _fen_aligned(self.a, self.a.vec(ctx), self.b, self.b.vec(ctx))
        if a.codes is not None and a.categories is not None and isinstance(self.b, Const):
            # a dictionary-encoded code against a constant: compare each category once, not each row
            op, c = _OPS[self.op], self.b.value
            hit = np.fromiter((bool(op(x, c)) for x in a.categories), dtype=bool, count=len(a.categories))
            return Column(category_mask(hit, a.codes, ctx.n), _both(a.known, b.known))
        return Column(np.asarray(_OPS[self.op](*_operands(a.values, b.values)), dtype=bool),
                      _both(a.known, b.known))

    def label(self) -> tuple[str, str]:
        (azh, aen), (bzh, ben) = self.a.label(), self.b.label()
        return f"{azh}{_OP_ZH[self.op]}{bzh}", f"{aen} {_OP_EN[self.op]} {ben}"


@dataclass(frozen=True, eq=False)
class _CodeTest(Expr):
    """Test a code (``In``) or a code set (``Overlaps``) against a list of codes or a ``codes`` parameter."""

    a: Expr
    options: Expr
    kind = "bool"
    _zh: ClassVar[str] = ""
    _en: ClassVar[str] = ""

    @staticmethod
    def _test(value: Any, options: frozenset[Any]) -> bool:
        raise NotImplementedError

    def children(self) -> Sequence[Expr]:
        return (self.a, self.options)

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        a, o = self.a.eval(ctx), self.options.eval(ctx)
        sv = _unknown(a, o) if not (a.known and o.known) else _BOOL[self._test(a.value, frozenset(o.value))]
        if trace is not None:
            trace.append(step(*self.texts(), _result(sv), *fmt(a.value)))
        return sv

    def vec(self, ctx: VectorContext) -> Column:
        a, o = self.a.vec(ctx), self.options.vec(ctx)
        if not o.known.all() or ctx.n == 0:
            opts: frozenset[Any] = frozenset()
            known = a.known & o.known
        else:
            opts = frozenset(o.values[0])
            known = a.known
        if a.codes is not None and a.categories:  # dictionary-encoded: test each distinct value once
            hit = np.fromiter((self._test(c, opts) for c in a.categories), dtype=bool, count=len(a.categories))
            return Column(category_mask(hit, a.codes, ctx.n), known)
        return Column(self._vec_test(a.values, opts, ctx.n), known)

    def _vec_test(self, values: np.ndarray[Any, Any], opts: frozenset[Any], n: int) -> np.ndarray[Any, Any]:
        # distinct values are few (code sets repeat): test each once, then look every row up in C
        items = values.tolist()
        answer = {v: self._test(v, opts) for v in set(items)}
        return np.fromiter(map(answer.__getitem__, items), dtype=bool, count=n)

    def label(self) -> tuple[str, str]:
        (azh, aen), (ozh, oen) = self.a.label(), self.options.label()
        return self._zh.format(a=azh, o=ozh), self._en.format(a=aen, o=oen)


class In(_CodeTest):
    """A code is one of the options."""

    _zh = "{a}属于{o}"
    _en = "{a} is one of {o}"

    @staticmethod
    def _test(value: Any, options: frozenset[Any]) -> bool:
        return value in options

    def _vec_test(self, values: np.ndarray[Any, Any], opts: frozenset[Any], n: int) -> np.ndarray[Any, Any]:
        out = np.zeros(n, dtype=bool)
        for opt in opts:  # one vectorised comparison per option instead of a Python loop over rows
            out |= values == opt
        return out


class Overlaps(_CodeTest):
    """A set of codes shares at least one code with the options."""

    _zh = "{a}包含{o}之一"
    _en = "{a} includes one of {o}"

    @staticmethod
    def _test(value: Any, options: frozenset[Any]) -> bool:
        return bool(options & frozenset(value))


@dataclass(frozen=True, eq=False)
class _Junction(Expr):
    """``and``/``or`` in Kleene logic: one operand equal to the *decisive* value decides the result whatever
    the others are (``False`` for and, ``True`` for or); otherwise any unknown operand makes it unknown."""

    items: tuple[Expr, ...]
    kind = "bool"
    _decisive: ClassVar[bool]
    _zh: ClassVar[str]
    _en: ClassVar[str]

    def children(self) -> Sequence[Expr]:
        return self.items

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        sub: list[Step] | None = [] if trace is not None else None
        svs = [x.eval(ctx, sub) for x in self.items]
        d = self._decisive
        if any(s.value is d for s in svs):
            sv = _BOOL[d]
        elif all(s.value is (not d) for s in svs):
            sv = _BOOL[not d]
        else:
            sv = _unknown(*svs)
        if trace is not None and sub is not None:
            trace.append(step(self._zh, self._en, _result(sv), children=sub))
        return sv

    def vec(self, ctx: VectorContext) -> Column:
        # Per operand, "true" = known & value and "false" = known & ~value (one ``>`` on booleans). For
        # ``and`` the result is decided false where some operand is false, true where all are true; for
        # ``or`` the mirror image. Unknown is neither.
        decisive: np.ndarray[Any, Any] | None = None  # some operand has the decisive value
        other: np.ndarray[Any, Any] | None = None  # every operand has the other value
        for c in (x.vec(ctx) for x in self.items):
            v = np.asarray(c.values, dtype=bool)
            if always_true(c.known):  # a constant operand: no mask to apply
                true, false = v, ~v
            else:
                true, false = c.known & v, np.greater(c.known, v)
            hit, miss = (true, false) if self._decisive else (false, true)
            decisive = hit.copy() if decisive is None else np.bitwise_or(decisive, hit, out=decisive)
            other = miss.copy() if other is None else np.bitwise_and(other, miss, out=other)
        if decisive is None or other is None:  # no operands: and() is true, or() is false
            return Column(np.full(ctx.n, not self._decisive), np.ones(ctx.n, dtype=bool))
        return Column(decisive if self._decisive else other, decisive | other)

    def label(self) -> tuple[str, str]:
        return self._zh, self._en


class And(_Junction):
    _decisive = False
    _zh = "以下条件全部满足"
    _en = "all of the following hold"

    def __and__(self, other: Expr) -> Expr:
        return And((*self.items, other))


class Or(_Junction):
    _decisive = True
    _zh = "以下条件至少满足一项"
    _en = "at least one of the following holds"

    def __or__(self, other: Expr) -> Expr:
        return Or((*self.items, other))


@dataclass(frozen=True, eq=False)
class Not(Expr):
    item: Expr
    kind = "bool"

    def children(self) -> Sequence[Expr]:
        return (self.item,)

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        sub: list[Step] | None = [] if trace is not None else None
        s = self.item.eval(ctx, sub)
        sv = s if not s.known else _BOOL[not s.value]
        if trace is not None and sub is not None:
            trace.append(step("以下条件不成立", "the following does not hold", _result(sv), children=sub))
        return sv

    def vec(self, ctx: VectorContext) -> Column:
        c = self.item.vec(ctx)
        return Column(~np.asarray(c.values, dtype=bool), c.known)

    def label(self) -> tuple[str, str]:
        zh, en = self.item.label()
        return f"并非：{zh}", f"not: {en}"


@dataclass(frozen=True, eq=False)
class Arith(Expr):
    """``+ - *`` on money and integers. money × ratio is rounded to the fen, half away from zero."""

    op: str
    a: Expr
    b: Expr

    @property
    def kind(self) -> str:  # type: ignore[override]
        return "money" if "money" in (self.a.kind, self.b.kind) else self.a.kind

    def children(self) -> Sequence[Expr]:
        return (self.a, self.b)

    def _apply(self, a: Any, b: Any) -> Any:
        if self.op == "+":
            return a + b
        if self.op == "-":
            return a - b
        r = a * b
        return quantize(r) if isinstance(r, Decimal) else r

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        a, b = self.a.eval(ctx), self.b.eval(ctx)
        sv = _unknown(a, b) if not (a.known and b.known) else SV(self._apply(a.value, b.value))
        if trace is not None:
            trace.append(_leaf_step(self, sv))
        return sv

    def vec(self, ctx: VectorContext) -> Column:
        a, b = self.a.vec(ctx), self.b.vec(ctx)
        if self.op != "*":
            a, b = _fen_aligned(self.a, a, self.b, b)
        known = _both(a.known, b.known)
        if self.op == "+":
            return Column(np.add(*_operands(a.values, b.values)), known)
        if self.op == "-":
            return Column(np.subtract(*_operands(a.values, b.values)), known)
        # multiplication: a ratio operand arrives as an object column of Decimals
        for x, y in ((a, b), (b, a)):
            if x.values.dtype == object and ctx.n and isinstance(x.values[0], Decimal):
                if not known.any():
                    return Column(np.zeros(ctx.n, dtype=np.int64), known)
                num, den = ratio_parts(x.values[0])
                return Column(round_div(y.values.astype(np.int64) * num, den), known)
        return Column(a.values * b.values, known)

    def label(self) -> tuple[str, str]:
        (azh, aen), (bzh, ben) = self.a.label(), self.b.label()
        sym = {"+": "+", "-": "−", "*": "×"}[self.op]
        return f"{azh}{sym}{bzh}", f"{aen} {sym} {ben}"


@dataclass(frozen=True, eq=False)
class IfElse(Expr):
    cond: Expr
    then: Expr
    otherwise: Expr

    @property
    def kind(self) -> str:  # type: ignore[override]
        return self.then.kind if self.then.kind != "any" else self.otherwise.kind

    def children(self) -> Sequence[Expr]:
        return (self.cond, self.then, self.otherwise)

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        sub: list[Step] | None = [] if trace is not None else None
        c = self.cond.eval(ctx, sub)
        if not c.known:
            sv = c
        else:
            branch = self.then if c.value else self.otherwise
            sv = branch.eval(ctx, sub)
            if trace is not None and sub is not None:
                sub.append(_leaf_step(branch, sv))
        if trace is not None and sub is not None:
            trace.append(step("按条件取值", "value chosen by condition", _result(sv), *fmt(sv.value), children=sub))
        return sv

    def vec(self, ctx: VectorContext) -> Column:
        c = self.cond.vec(ctx)
        a, b = _fen_aligned(self.then, self.then.vec(ctx), self.otherwise, self.otherwise.vec(ctx))
        cv = np.asarray(c.values, dtype=bool)
        known = c.known & np.where(cv, a.known, b.known)
        return Column(np.where(cv, a.values, b.values), known)

    def label(self) -> tuple[str, str]:
        (czh, cen), (azh, aen), (bzh, ben) = self.cond.label(), self.then.label(), self.otherwise.label()
        return f"若{czh}则{azh}，否则{bzh}", f"{aen} if {cen}, else {ben}"


@dataclass(frozen=True, eq=False)
class Aggregate(Expr):
    """Over the household's members: ``any``, ``count`` (of true) or ``sum`` (of money/int)."""

    how: Literal["any", "count", "sum"]
    item: Expr
    title_zh: str = ""
    title_en: str = ""

    @property
    def kind(self) -> str:  # type: ignore[override]
        return {"any": "bool", "count": "int", "sum": self.item.kind}[self.how]

    def children(self) -> Sequence[Expr]:
        return (self.item,)

    def level(self) -> Level:
        return "household"

    def eval(self, ctx: ScalarContext, trace: list[Step] | None = None) -> SV:
        svs: list[SV] = []
        sub: list[Step] = []
        for i in range(len(ctx.household.members)):
            msteps: list[Step] | None = [] if trace is not None else None
            s = self.item.eval(ctx.for_member(i), msteps)
            svs.append(s)
            if trace is not None and msteps is not None:
                sub.append(step(f"成员{i + 1}", f"member {i + 1}", _result(s), *fmt(s.value), children=msteps))
        if self.how == "any":
            if any(s.value is True for s in svs):
                sv = TRUE
            elif all(s.value is False for s in svs):
                sv = FALSE
            else:
                sv = _unknown(*svs)
        elif any(not s.known for s in svs):
            sv = _unknown(*svs)
        elif self.how == "count":
            sv = SV(sum(1 for s in svs if s.value))
        else:
            sv = SV(sum((s.value for s in svs), Decimal(0) if self.item.kind == "money" else 0))
        if trace is not None:
            trace.append(step(*self.texts(), _result(sv), *fmt(sv.value), children=sub))
        return sv

    def vec(self, ctx: VectorContext) -> Column:
        # ``members()`` of a member context is that context itself; the aggregate is per household and is
        # broadcast back to member rows when evaluated inside a member-level rule.
        c = self.item.vec(ctx.members())
        ends, owner = ctx.member_ends(), ctx.hh_index()
        if self.how == "any":
            true_any, unknown_any = any_per_household(c.known & np.asarray(c.values, dtype=bool), ~c.known, ends, owner)
            return self._level(ctx, Column(true_any, true_any | ~unknown_any))
        unknown_any = per_household("any", ~np.asarray(c.known, dtype=bool), ends, owner)
        if self.how == "count":
            out = Column(per_household("sum", c.known & np.asarray(c.values, dtype=bool), ends, owner), ~unknown_any)
        else:
            out = Column(per_household("sum", np.where(c.known, c.values, 0), ends), ~unknown_any)
        return self._level(ctx, out)

    @staticmethod
    def _level(ctx: VectorContext, out: Column) -> Column:
        return out.take(ctx.hh_index()) if ctx.level == "member" else out

    def label(self) -> tuple[str, str]:
        zh, en = self.item.label()
        if self.title_zh:
            return self.title_zh, self.title_en
        word = {"any": ("有家庭成员满足", "some member satisfies"), "count": ("满足条件的成员数", "members satisfying"),
                "sum": ("各成员合计", "sum over members of")}[self.how]
        return f"{word[0]}：{zh}", f"{word[1]}: {en}"


# ---------------------------------------------------------------------------------------------------------
# Helpers used by rule authors
# ---------------------------------------------------------------------------------------------------------


def field(name: str) -> Expr:
    """An input field path (``statuses.dibao``, ``disability_grade``) or derived feature (``age``)."""
    lookup(name)  # fail early on typos
    return Field(name)


def param(key: str) -> Expr:
    """A parameter value for the household's region and the evaluation date."""
    return Param(key)


def rule(rule_id: str) -> Expr:
    """The outcome of another household-level rule (a cohort or risk)."""
    return Ref(rule_id)


def const(value: Any) -> Expr:
    """A constant (int, Decimal yuan, code string or tuple of codes)."""
    return Const(value)


def all_of(*items: Expr) -> Expr:
    return And(tuple(items))


def any_of(*items: Expr) -> Expr:
    return Or(tuple(items))


def if_else(cond: Expr, then: Expr | Any, otherwise: Expr | Any) -> Expr:
    return IfElse(cond, _wrap(then), _wrap(otherwise))


def any_member(item: Expr, zh: str = "", en: str = "") -> Expr:
    return Aggregate("any", item, zh, en)


def count_members(item: Expr, zh: str = "", en: str = "") -> Expr:
    return Aggregate("count", item, zh, en)


def sum_members(item: Expr, zh: str = "", en: str = "") -> Expr:
    return Aggregate("sum", item, zh, en)
