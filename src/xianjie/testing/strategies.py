"""Hypothesis strategies for xianjie records, in hypothesis's own house style.

Plural nouns, keyword-only options, :class:`~hypothesis.errors.InvalidArgument` for bad options (raised when
the strategy is first drawn from, as hypothesis's own strategies do), and per-field overrides given as
strategies. Every generated record validates, and the generators are deliberately biased towards the inputs
that break eligibility logic:

* incomes exactly at, and one fen (0.01 yuan) either side of, every money parameter in force for the region
  and date — both per capita (household net income = threshold × size ± 0.01 × size) and per household;
* ages exactly on the age parameters in force (and 6, 15, 16, 59, 60): birthdays on the evaluation date, the
  day before and the day after; people born on 29 February; births on 31 December and 1 January;
* dates a whole number of months before the evaluation date for every month-valued parameter (gradual
  exits, tracking periods), ± one day;
* integer inputs on and next to every integer parameter (water quantity, minutes, percentages);
* ``None`` (not provided) in every optional field, unless ``allow_missing=False``.

Example::

    from datetime import date
    from hypothesis import given
    from xianjie.testing import strategies as xst

    @given(xst.households(region="CN", on=date(2021, 10, 1)))
    def test_something(household): ...

The thresholds come from ``registry.parameter_set(region, on)``; without a ``registry`` the national rules
alone are used for ``region="CN"`` and the default registry (all installed plugins) for any other region.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from pydantic import BaseModel

from ..models import Citation, Document, Household, ParameterSpec, ParameterValue, Person
from ..rules.fields import age_on

if TYPE_CHECKING:
    from ..registry import Registry

_M = typing.TypeVar("_M", bound=BaseModel)

__all__ = [
    "DEFAULT_AGES",
    "DEFAULT_EVALUATION_DATE",
    "Boundaries",
    "boundaries",
    "citations",
    "dates",
    "documents",
    "evaluation_dates",
    "household_parts",
    "households",
    "invalid_household_dicts",
    "parameter_values",
    "persons",
    "yuan",
]

#: Evaluation date used when none is given (``st.from_type``): inside the transition period and the year the
#: national monitoring floor applies.
DEFAULT_EVALUATION_DATE = date(2021, 10, 1)
#: Ages always targeted, whatever the parameters say: school entry (6), end of compulsory schooling (15),
#: pension enrolment (16), the last year before pension age (59) and pension age (60). Test bias, not policy.
DEFAULT_AGES: tuple[int, ...] = (6, 15, 16, 59, 60)

TRANSITION_START = date(2021, 1, 1)
TRANSITION_END = date(2025, 12, 31)
FEN = Decimal("0.01")
_MAX_YUAN = Decimal("999999999999.99")
#: Clause numbering in the styles the seed documents use (see the project's shared README).
_CLAUSES = ("三", "一.三", "(十四)", "二.(一).2.②", "四.4", "一", "二.2", "(十二)")
_CN_DIGITS = "一二三四五六七八九十"


# ---------------------------------------------------------------------------------------------------------
# Boundaries read from a registry
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Boundaries:
    """The values eligibility logic turns on, for one region and date (what the strategies aim at)."""

    #: Money parameters in force that rule conditions compare against (yuan), e.g. the monitoring line and
    #: the 低保 standard (amounts that are only paid out are not thresholds).
    money: tuple[Decimal, ...] = ()
    #: Ratio parameters in force (0-1), e.g. the rigid-expenditure share.
    ratios: tuple[Decimal, ...] = ()
    #: Ages: integer parameters measured in years, plus :data:`DEFAULT_AGES`.
    ages: tuple[int, ...] = DEFAULT_AGES
    #: Integer parameters measured in months (gradual exit, tracking periods).
    months: tuple[int, ...] = ()
    #: Every other integer parameter (litres, minutes, percent, grades).
    integers: tuple[int, ...] = ()

    def incomes(self, size: int) -> tuple[Decimal, ...]:
        """Household net incomes at and one fen around each threshold, per capita and per household."""
        out: set[Decimal] = set()
        for v in self.money:
            for d in (-FEN, Decimal(0), FEN):
                out.add((v + d) * size)
                out.add(v + d)
        return tuple(sorted(x for x in out if abs(x) <= _MAX_YUAN))

    def income_near(self, size: int) -> st.SearchStrategy[Decimal]:
        """Draws a threshold, per capita or per household, then exactly on it or one fen either side."""
        if not self.money:
            return st.nothing()
        return st.builds(lambda v, per_capita, d: (v + d) * size if per_capita else v + d,
                         st.sampled_from(self.money), st.sampled_from((True, True, False)),
                         st.sampled_from((Decimal(0), -FEN, FEN)))


@cache
def _national_registry() -> Registry:
    from ..registry import build_registry

    return build_registry(autoload=False)


def _registry_for(region: str, registry: Registry | None) -> Registry:
    if registry is None:
        if region == "CN":
            registry = _national_registry()
        else:
            from ..registry import default_registry

            registry = default_registry()
    if region not in registry.regions:
        raise InvalidArgument(
            f"region={region!r} is not declared by any plugin in the registry; pass registry= built with the "
            "plugin that declares it (xianjie.build_registry(plugins=[...]))")
    return registry


def boundaries(*, region: str = "CN", on: date = DEFAULT_EVALUATION_DATE,
               registry: Registry | None = None) -> Boundaries:
    """The :class:`Boundaries` in force for ``region`` on ``on`` (parameters resolved along the parent chain)."""
    reg = _registry_for(region, registry)
    money: set[Decimal] = set()
    ratios: set[Decimal] = set()
    ages: set[int] = set(DEFAULT_AGES)
    months: set[int] = set()
    ints: set[int] = set()
    in_conditions = {k for a in reg.rules_for(region, on) for k in a.item.condition.params()}
    for p in reg.parameter_set(region, on):
        spec = reg.specs.get(p.key)
        if spec is None:
            continue
        value = p.value
        if spec.kind == "money" and isinstance(value, Decimal):
            if p.key in in_conditions:  # a threshold, not merely an amount paid
                money.add(value)
        elif spec.kind == "ratio" and isinstance(value, Decimal):
            ratios.add(value)
        elif spec.kind == "int" and isinstance(value, int) and not isinstance(value, bool):
            unit = spec.unit.lower()
            if "year" in unit:
                ages.add(value)
            elif "month" in unit:
                months.add(value)
            else:
                ints.add(value)
    return Boundaries(money=tuple(sorted(money)), ratios=tuple(sorted(ratios)), ages=tuple(sorted(ages)),
                      months=tuple(sorted(months)), integers=tuple(sorted(ints)))


# ---------------------------------------------------------------------------------------------------------
# Small value strategies
# ---------------------------------------------------------------------------------------------------------


def _as_decimal(value: Decimal | int | str | None, name: str) -> Decimal | None:
    if value is None:
        return None
    try:
        d = Decimal(str(value))
    except Exception:
        raise InvalidArgument(f"{name}={value!r} is not a number") from None
    if not d.is_finite() or d != d.quantize(FEN):
        raise InvalidArgument(f"{name}={value!r} must be a finite amount with at most two decimals (fen)")
    return d


def yuan(min_value: Decimal | int | str | None = 0, max_value: Decimal | int | str | None = 1_000_000, *,
         near: Iterable[Decimal | int | str] = ()) -> st.SearchStrategy[Decimal]:
    """Amounts of money in yuan, exact to the fen (two decimal places), as :class:`~decimal.Decimal`.

    ``near`` lists amounts to aim at: each, and one fen either side, is drawn often (when within range).
    The bounds are drawn often too. ``min_value=None`` allows any negative amount a record can hold.
    """

    def build() -> st.SearchStrategy[Decimal]:
        lo = _as_decimal(min_value, "min_value")
        hi = _as_decimal(max_value, "max_value")
        lo = -_MAX_YUAN if lo is None else lo
        hi = _MAX_YUAN if hi is None else hi
        if lo > hi:
            raise InvalidArgument(f"need min_value <= max_value, got min_value={lo}, max_value={hi}")
        targets = {lo, hi, Decimal(0)}
        for i, n in enumerate(near):
            v = _as_decimal(n, f"near[{i}]")
            assert v is not None
            targets |= {v - FEN, v, v + FEN}
        special = sorted(t.quantize(FEN) for t in targets if lo <= t <= hi)
        general = st.decimals(min_value=lo, max_value=hi, places=2, allow_nan=False, allow_infinity=False)
        return st.one_of(st.sampled_from(special), general) if special else general

    return st.deferred(build)


def _special_dates(lo: date, hi: date) -> list[date]:
    out: set[date] = {lo, hi}
    for y in range(lo.year, hi.year + 1):
        out |= {date(y, 1, 1), date(y, 12, 31), date(y, 2, 28), date(y, 3, 1), date(y, 6, 30)}
        if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0):
            out.add(date(y, 2, 29))
    return sorted(d for d in out if lo <= d <= hi)


def dates(min_value: date = TRANSITION_START, max_value: date = TRANSITION_END) -> st.SearchStrategy[date]:
    """Dates in ``[min_value, max_value]``, often year ends and starts, 28/29 February and 1 March."""

    def build() -> st.SearchStrategy[date]:
        if not (isinstance(min_value, date) and isinstance(max_value, date)) or min_value > max_value:
            raise InvalidArgument(f"need dates with min_value <= max_value, got {min_value!r}, {max_value!r}")
        return st.one_of(st.sampled_from(_special_dates(min_value, max_value)),
                         st.dates(min_value=min_value, max_value=max_value))

    return st.deferred(build)


def evaluation_dates(min_value: date = TRANSITION_START, max_value: date = TRANSITION_END, *,
                     region: str = "CN", registry: Registry | None = None) -> st.SearchStrategy[date]:
    """Evaluation dates, biased to :func:`dates`' specials and to the first/last day (± 1) of every
    parameter value, rule and document that applies to ``region``: where a change of period can break logic."""

    def build() -> st.SearchStrategy[date]:
        base = dates(min_value, max_value)
        reg = _registry_for(region, registry)
        chain = set(reg.chain(region))
        edges: set[date] = set()

        def add(start: date, end: date | None) -> None:
            edges.update({start - timedelta(days=1), start})
            if end is not None and end < date.max:
                edges.update({end, end + timedelta(days=1)})

        for (_key, r), items in reg.values.items():
            if r in chain:
                for a in items:
                    add(a.item.valid_from, a.item.valid_until)
        for (_rid, r), items in reg.rules.items():
            if r in chain:
                for a in items:
                    add(a.item.valid_from, a.item.valid_until)
        for d in reg.documents_for(region):
            add(d.valid_from, d.valid_until)
        picked = sorted(e for e in edges if min_value <= e <= max_value)
        return st.one_of(st.sampled_from(picked), base) if picked else base

    return st.deferred(build)


def citations(*, documents: Sequence[str] | None = None) -> st.SearchStrategy[Citation]:
    """Citations pointing into ``documents`` (ids; default: the documents the national rules declare)."""

    def build() -> st.SearchStrategy[Citation]:
        ids = list(documents) if documents is not None else _national_document_ids()
        if not ids:
            raise InvalidArgument("documents must name at least one document id")
        clause = st.one_of(st.sampled_from(_CLAUSES),
                           st.builds(lambda a, b: f"{a}.{b}", st.sampled_from(_CN_DIGITS), st.integers(1, 20)))
        quote = st.none() | st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
                                    min_size=1, max_size=40)
        return st.builds(Citation, document=st.sampled_from(ids), clause=clause, quote_zh=quote,
                         doc_number=st.none() | st.just("示例〔2021〕1号"))

    return st.deferred(build)


def _national_document_ids() -> list[str]:
    from ..policies.documents import DOCUMENTS

    return [d.id for d in DOCUMENTS]


def documents(*, min_value: date = TRANSITION_START, max_value: date = TRANSITION_END
              ) -> st.SearchStrategy[Document]:
    """Fictional policy documents (ids ``fictional-N``, titles marked 虚构/fictional), valid within the range.

    Handy for testing plugins and parameter files without pretending a real document says something.
    """

    @st.composite
    def build(draw: st.DrawFn) -> Document:
        n = draw(st.integers(0, 10**6))
        start = draw(dates(min_value, max_value))
        end = draw(st.none() | dates(start, max_value))
        return Document(id=f"fictional-{n}", title_zh=f"示例文件{n}(虚构)", title_en=f"Example document {n} (fictional)",
                        issuer="示例县人民政府(虚构)", valid_from=start, valid_until=end,
                        note="Generated for tests: fictional, not a policy source.")

    return build()


def parameter_values(*, specs: Sequence[ParameterSpec] | None = None, region: str = "CN",
                     min_value: date = TRANSITION_START, max_value: date = TRANSITION_END,
                     documents: Sequence[str] | None = None) -> st.SearchStrategy[ParameterValue]:
    """Parameter values whose value matches the kind of their spec (default: the national catalogue), with
    an ordered validity period in the range and a citation into ``documents``."""

    def build() -> st.SearchStrategy[ParameterValue]:
        from ..policies.parameters import SPECS

        chosen = list(specs) if specs is not None else list(SPECS)
        if not chosen:
            raise InvalidArgument("specs must contain at least one ParameterSpec")

        @st.composite
        def one(draw: st.DrawFn) -> ParameterValue:
            spec = draw(st.sampled_from(chosen))
            value: Any
            if spec.kind == "money":
                value = draw(yuan(0, 100_000))
            elif spec.kind == "ratio":
                value = draw(st.decimals(min_value=0, max_value=1, places=4))
            elif spec.kind == "int":
                value = draw(st.integers(0, 120))
            elif spec.kind == "bool":
                value = draw(st.booleans())
            else:
                codes = spec.allowed_codes or ("a", "b", "c")
                value = tuple(sorted(draw(st.sets(st.sampled_from(codes)))))
            start = draw(dates(min_value, max_value))
            end = draw(st.none() | dates(start, max_value))
            return ParameterValue(key=spec.key, region=region, value=value, valid_from=start, valid_until=end,
                                  citation=draw(citations(documents=documents)))

        return one()

    return st.deferred(build)


# ---------------------------------------------------------------------------------------------------------
# Model introspection: one strategy per field, from the pydantic annotations
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    on: date
    bounds: Boundaries
    allow_missing: bool


def _unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """(inner type, optional?, constraint metadata) of a field annotation."""
    optional = False
    meta: list[Any] = []
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        annotation = args[0] if len(args) == 1 else annotation
        origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        for e in extra:
            meta.extend(getattr(e, "metadata", [e]))
        annotation = inner
    return annotation, optional, meta


def _bound(meta: list[Any], attr: str) -> Any:
    return next((getattr(m, attr) for m in meta if getattr(m, attr, None) is not None), None)


def _past_dates(ctx: _Ctx) -> st.SearchStrategy[date]:
    """Dates up to the evaluation date, often exactly N months (± 1 day) before it for month parameters."""
    lo = ctx.on - relativedelta(years=10)
    special: set[date] = {ctx.on, ctx.on - timedelta(days=1)}
    for m in (*ctx.bounds.months, 12):
        d = ctx.on - relativedelta(months=m)
        special |= {d - timedelta(days=1), d, d + timedelta(days=1)}
    picked = sorted(d for d in special if lo <= d <= ctx.on)
    return st.one_of(st.sampled_from(picked), st.dates(min_value=lo, max_value=ctx.on))


def _ints(lo: int, hi: int, ctx: _Ctx) -> st.SearchStrategy[int]:
    special = {lo, hi}
    for v in ctx.bounds.integers:
        special |= {v - 1, v, v + 1}
    picked = sorted(v for v in special if lo <= v <= hi)
    return st.one_of(st.sampled_from(picked), st.integers(lo, hi))


def _leaf(annotation: Any, ctx: _Ctx, field_meta: Sequence[Any] = ()) -> st.SearchStrategy[Any] | None:
    """A strategy for one field; None for free-text fields (left unset unless overridden)."""
    inner, optional, meta = _unwrap(annotation)
    meta = [*field_meta, *meta]
    strategy: st.SearchStrategy[Any] | None
    origin = typing.get_origin(inner)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return _model(inner, ctx, {})
    if inner is bool:
        strategy = st.booleans()
    elif origin is Literal:
        strategy = st.sampled_from(typing.get_args(inner))
    elif inner is int:
        lo, hi = _bound(meta, "ge"), _bound(meta, "le")
        strategy = _ints(lo if lo is not None else 0, hi if hi is not None else 1000, ctx)
    elif inner is Decimal:
        lo = _bound(meta, "ge")
        strategy = yuan(Decimal(lo) if lo is not None else Decimal(-20000), 1_000_000,
                        near=ctx.bounds.money)
    elif inner is date:
        strategy = _past_dates(ctx)
    elif origin is frozenset:
        (item,) = typing.get_args(inner)
        strategy = st.frozensets(st.sampled_from(typing.get_args(item)), max_size=3)
    else:
        return None  # str: identifiers and names are never generated by default
    if optional and ctx.allow_missing:
        strategy = st.none() | strategy
    return strategy


def _check_overrides(model: type[BaseModel], overrides: dict[str, Any], reserved: Iterable[str] = ()) -> None:
    for name, s in overrides.items():
        if name in reserved:
            raise InvalidArgument(f"{name!r} is set by its own keyword argument, not as a field override")
        if name not in model.model_fields:
            raise InvalidArgument(f"{model.__name__} has no field {name!r}; fields: {sorted(model.model_fields)}")
        if not isinstance(s, st.SearchStrategy):
            raise InvalidArgument(f"override {name}= must be a hypothesis strategy (e.g. st.just(value)), "
                                  f"got {type(s).__name__}")


def _model(model: type[BaseModel], ctx: _Ctx, overrides: dict[str, st.SearchStrategy[Any]]
           ) -> st.SearchStrategy[Any]:
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        if name in overrides:
            fields[name] = overrides[name]
            continue
        s = _leaf(info.annotation, ctx, info.metadata)
        if s is not None:
            fields[name] = s
    return st.fixed_dictionaries(fields).map(lambda d: model.model_validate(d))


# ---------------------------------------------------------------------------------------------------------
# Persons and households
# ---------------------------------------------------------------------------------------------------------


def _births(on: date, min_age: int, max_age: int, ages: Iterable[int]) -> st.SearchStrategy[date]:
    """Birth dates around the birthdays that make someone exactly each age on ``on`` (on the date, the day
    before, the day after), and calendar edge births (29 February, 31 December, 1 January)."""

    def ok(b: date) -> bool:
        return b <= on and min_age <= age_on(b, on) <= max_age

    targets = sorted(a for a in {*ages, min_age, max_age} if min_age <= a <= max_age)
    near_dates = sorted(filter(ok, {on - relativedelta(years=a) + timedelta(days=d)
                                    for a in targets for d in (0, 1)}))
    leap_years = [y for y in range(on.year - max_age - 1, on.year - min_age + 1)
                  if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)]
    edges = st.builds(lambda y, md: date(y, *md), st.integers(on.year - max_age - 1, on.year - min_age),
                      st.sampled_from(((12, 31), (1, 1))))
    if leap_years:
        edges = edges | st.builds(lambda y: date(y, 2, 29), st.sampled_from(leap_years))
    near = st.sampled_from(near_dates)
    return st.one_of(near, near, edges.filter(ok))  # two in three: an age boundary


_PERSON_DEPENDENTS = (("disabled", False, ("disability_grade", "disability_category")),
                      ("enrolled", True, ("not_enrolled_reason",)))


def _persons(*, on: date, min_age: int, max_age: int, bounds: Boundaries, allow_missing: bool,
             overrides: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Person]:
    if not (isinstance(min_age, int) and isinstance(max_age, int)) or not 0 <= min_age <= max_age <= 130:
        raise InvalidArgument(f"need 0 <= min_age <= max_age <= 130, got min_age={min_age!r}, max_age={max_age!r}")
    _check_overrides(Person, overrides)
    ctx = _Ctx(on, bounds, allow_missing)
    earliest = on - relativedelta(years=max_age + 1) + timedelta(days=1)
    latest = on - relativedelta(years=min_age)
    boundary = _births(on, min_age, max_age, bounds.ages)
    general = st.dates(min_value=earliest, max_value=latest)
    births: st.SearchStrategy[date | None] = st.one_of(boundary, boundary, general)  # two in three: a boundary
    if allow_missing:
        births = st.one_of(st.none(), births, births, births)
    fields = {"birth_date": births, **overrides}

    def fix(person: Any) -> Person:
        data = dict(person)
        for flag, value, dependents in _PERSON_DEPENDENTS:
            if data.get(flag) is value:
                for dep in dependents:
                    if data.get(dep) is not None:
                        if dep in overrides and flag in overrides:
                            raise InvalidArgument(f"overrides for {flag}= and {dep}= generate an invalid person "
                                                  f"({dep} given while {flag} is {value})")
                        data[dep] = None
        return Person.model_validate(data)

    dict_fields: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in Person.model_fields.items():
        if name in fields:
            dict_fields[name] = fields[name]
        else:
            s = _leaf(info.annotation, ctx, info.metadata)
            if s is not None:
                dict_fields[name] = s
    return st.fixed_dictionaries(dict_fields).map(fix)


def persons(*, on: date = DEFAULT_EVALUATION_DATE, min_age: int = 0, max_age: int = 100,
            region: str = "CN", registry: Registry | None = None, allow_missing: bool = True,
            **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Person]:
    """Household members aged ``min_age``..``max_age`` on ``on`` (whole years, 周岁).

    Birth dates aim at the age boundaries in force for ``region`` on ``on`` (see :func:`boundaries`). Every
    other field is drawn from its declared codes and bounds, or ``None`` (not provided) unless
    ``allow_missing=False``. Identifiers (``member_id``, ``id_number``, ``name``) stay unset unless given as
    overrides, e.g. ``persons(on=d, tekun=st.just("dispersed"))``.
    """

    def build() -> st.SearchStrategy[Person]:
        return _persons(on=on, min_age=min_age, max_age=max_age,
                        bounds=boundaries(region=region, on=on, registry=registry),
                        allow_missing=allow_missing, overrides=dict(fields))

    return st.deferred(build)


def household_parts(model: type[_M], *, on: date = DEFAULT_EVALUATION_DATE, region: str = "CN",
                    registry: Registry | None = None, allow_missing: bool = True,
                    **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[_M]:
    """One part of a household record — :class:`~xianjie.models.Income`, ``Statuses``, ``DrinkingWater``,
    ``Housing``, ``Loans``, ``RigidExpenditure``, ``MonitoringStatus``, ``Relocation`` — with the same
    boundary bias as :func:`households` (money near the thresholds, dates N months before ``on``)."""

    def build() -> st.SearchStrategy[_M]:
        from ..models import household as hm

        allowed = (hm.Income, hm.RigidExpenditure, hm.Housing, hm.DrinkingWater, hm.Statuses, hm.Loans,
                   hm.MonitoringStatus, hm.Relocation)
        if model not in allowed:
            raise InvalidArgument(f"model must be one of {[a.__name__ for a in allowed]}, got {model!r}")
        _check_overrides(model, dict(fields))
        ctx = _Ctx(on, boundaries(region=region, on=on, registry=registry), allow_missing)
        return _model(model, ctx, dict(fields))

    return st.deferred(build)


def _rigid_at_ratio(h: dict[str, Any], ratios: tuple[Decimal, ...], draw: st.DrawFn) -> None:
    """Sometimes make total rigid expenditure exactly a ratio parameter times net income (± one fen)."""
    net = h["income"].annual_net_income
    if not ratios or net is None or net <= 0 or not draw(st.booleans()):
        return
    ratio = draw(st.sampled_from(ratios))
    target = (ratio * net).quantize(FEN) + draw(st.sampled_from((Decimal(0), -FEN, FEN)))
    if target >= 0:
        h["rigid_expenditure"] = h["rigid_expenditure"].model_copy(
            update={"medical_out_of_pocket": target, "education": Decimal(0), "other": Decimal(0)})


def households(*, region: str = "CN", on: date = DEFAULT_EVALUATION_DATE, registry: Registry | None = None,
               members: st.SearchStrategy[Person] | None = None, min_size: int = 1, max_size: int = 6,
               allow_missing: bool = True, **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Household]:
    """Valid households of ``region``, evaluated on ``on``, aimed at the boundaries of the rules in force.

    Args:
        region: the households' region; it must be declared in ``registry``.
        on: the evaluation date the boundaries (parameters in force, ages) are computed for.
        registry: where parameters come from (default: national rules for ``CN``, else all installed plugins).
        members: strategy for each member (default :func:`persons` for the same region and date).
        min_size, max_size: number of members.
        allow_missing: draw ``None`` (not provided) for optional fields; ``False`` fills every field.
        **fields: a strategy per top-level :class:`~xianjie.models.Household` field, replacing the default,
            e.g. ``statuses=st.just(Statuses(dibao=True))``.
    """

    def build() -> st.SearchStrategy[Household]:
        if not isinstance(min_size, int) or not isinstance(max_size, int) or not 1 <= min_size <= max_size <= 60:
            raise InvalidArgument(f"need 1 <= min_size <= max_size <= 60, got {min_size=}, {max_size=}")
        if members is not None and not isinstance(members, st.SearchStrategy):
            raise InvalidArgument(f"members= must be a strategy for one member, got {type(members).__name__}")
        _check_overrides(Household, dict(fields), reserved=("members", "region"))
        reg = _registry_for(region, registry)
        bounds = boundaries(region=region, on=on, registry=reg)
        ctx = _Ctx(on, bounds, allow_missing)
        member = members if members is not None else _persons(
            on=on, min_age=0, max_age=100, bounds=bounds, allow_missing=allow_missing, overrides={})
        defaults: dict[str, st.SearchStrategy[Any]] = {}
        for name, info in Household.model_fields.items():
            if name in ("household_id", "region", "members") or name in fields:
                continue
            s = _leaf(info.annotation, ctx, info.metadata)
            if s is not None:
                defaults[name] = s

        @st.composite
        def one(draw: st.DrawFn) -> Household:
            people = draw(st.lists(member, min_size=min_size, max_size=max_size))
            if draw(st.booleans()):  # pseudonymous member ids, unique within the household
                people = [p.model_copy(update={"member_id": f"m{i}"}) for i, p in enumerate(people)]
            h: dict[str, Any] = {"household_id": f"hh-{draw(st.integers(0, 10**9))}", "region": region,
                                 "members": tuple(people)}
            for name, s in defaults.items():
                h[name] = draw(s)
            if "income" not in fields:
                income = h["income"]
                if bounds.money and draw(st.integers(0, 2)) > 0:  # two in three: exactly on a boundary
                    income = income.model_copy(update={"annual_net_income": draw(bounds.income_near(len(people)))})
                    if draw(st.booleans()):  # no wage: the 低保 employment-cost deduction is then zero
                        income = income.model_copy(update={"wage": Decimal(0)})
                h["income"] = income
                if "rigid_expenditure" not in fields:
                    _rigid_at_ratio(h, bounds.ratios, draw)
            for name, s in fields.items():
                h[name] = draw(s)
            return Household.model_validate(h)

        return one()

    return st.deferred(build)


# ---------------------------------------------------------------------------------------------------------
# Invalid records, for error-path tests
# ---------------------------------------------------------------------------------------------------------

#: (field path, broken value) pairs: each breaks exactly one field of a valid household.
_BREAKAGES: tuple[tuple[str, Any], ...] = (
    ("household_id", "has spaces and ！"),
    ("region", "Not A Region"),
    ("members", []),
    ("members.0.birth_date", "2021-02-30"),
    ("members.0.disability_grade", 7),
    ("members.0.labour_capacity", "strong"),
    ("members.0.work_months", 13),
    ("members.0.id_number", "12345X678"),
    ("members.0.sex", "unknown"),
    ("members.0.unexpected_field", True),
    ("income.wage", "-1.00"),
    ("income.annual_net_income", "100.001"),
    ("income.annual_net_income", "about 3000"),
    ("water.supply_guarantee_pct", 101),
    ("statuses.dibao", "perhaps"),
    ("statuses.monitoring.kind", "maybe"),
    ("statuses.poverty_lifted_year", 2021),
    ("housing.safety_grade", "E"),
    ("loans.outstanding_amount", "-5"),
    ("members.0", {"disabled": False, "disability_grade": 2}),
)


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    cur: Any = data
    for p in parts[:-1]:
        cur = cur[int(p)] if isinstance(cur, list) else cur.setdefault(p, {})
    last = parts[-1]
    if isinstance(cur, list):
        cur[int(last)] = value
    else:
        cur[last] = value


def invalid_household_dicts(*, region: str = "CN", on: date = DEFAULT_EVALUATION_DATE,
                            registry: Registry | None = None, base: st.SearchStrategy[Household] | None = None
                            ) -> st.SearchStrategy[tuple[dict[str, Any], str]]:
    """``(record, field)`` pairs: a household as JSON-style dict with exactly one broken field, and that
    field's dotted path (``members.0.birth_date``). Validation must reject the record with an error naming
    that field (or a path beneath it) — and never echo the broken value.

    ``base`` draws the valid household to break (default :func:`households` with at most two members).
    """

    def build() -> st.SearchStrategy[Household]:
        if base is not None and not isinstance(base, st.SearchStrategy):
            raise InvalidArgument(f"base= must be a strategy of households, got {type(base).__name__}")
        return base if base is not None else households(region=region, on=on, registry=registry, max_size=2)

    valid = st.deferred(build)

    @st.composite
    def one(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
        path, value = draw(st.sampled_from(_BREAKAGES))
        h = draw(valid)
        data = h.model_dump(mode="json")
        if path == "members.0" and isinstance(value, dict):
            data["members"][0] = {**data["members"][0], **value}
        else:
            _set_path(data, path, value)
        return data, path

    return one()

