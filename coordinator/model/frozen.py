"""The model's frozen records, built without generated code: ``@frozen_record`` classes
deriving from :class:`FrozenRecord`. For the model only; everywhere else plain
``@dataclass(frozen=True)`` or named tuples.

Why, measured (docs/performance.md): ``@dataclass(frozen=True)`` writes and compiles an
``__init__``, ``__setattr__``, ``__delattr__``, ``__eq__``, ``__hash__`` and ``__repr__``
for each class as its module is imported. The model's dozen records alone took 14-24 ms
to define, paid by every start of the app and every command; shared, they take about 4.
Outside the model the saving is a millisecond or two against Textual's or click's import,
so it is not worth a second way of writing a value object there. Here those methods are
written once, in :class:`FrozenRecord`, and shared.

The records are still dataclasses: ``dataclasses.fields``, ``replace`` and ``asdict``
work, and mypy checks every construction and refuses every assignment, because
:func:`frozen_record` is declared as a dataclass transform (PEP 681). They behave as the
generated methods do: arguments by position or by name, plain defaults and default
factories, ``__post_init__``, ``FrozenInstanceError`` on assignment or deletion, equal
when of the same class with equal fields, hashed from the fields, shown as
``Name(field=value, ...)``. Field options that change those (``init=False``,
``compare=False``, ``kw_only`` ...) are refused when the class is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, dataclass_transform


class FrozenRecord:
    """Building, freezing, equality, hashing and repr for every ``@frozen_record`` class."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]]
    # Set by @frozen_record for each class: field names in order, the set of them, the plain
    # defaults, and the fields made by a default factory.
    _names: ClassVar[tuple[str, ...]]
    _known: ClassVar[frozenset[str]]
    _defaults: ClassVar[dict[str, Any]]
    _factories: ClassVar[tuple[tuple[str, Callable[[], Any]], ...]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        if args:
            if len(args) > len(cls._names):
                raise TypeError(
                    f"{cls.__qualname__}() takes {len(cls._names)} positional arguments "
                    f"but {len(args)} were given"
                )
            for name, value in zip(cls._names, args, strict=False):
                if name in kwargs:
                    raise TypeError(f"{cls.__qualname__}() got multiple values for {name!r}")
                kwargs[name] = value
        # Every field given by name (as the codec builds records) needs no defaults.
        values = kwargs if len(kwargs) == len(cls._names) else cls._defaults | kwargs
        if values.keys() != cls._known:  # something left to a factory, unknown or missing
            for name, factory in cls._factories:
                if name not in values:
                    values[name] = factory()
            unknown = sorted(values.keys() - cls._known)
            if unknown:
                raise TypeError(f"{cls.__qualname__}() got an unexpected argument {unknown[0]!r}")
            missing = [name for name in cls._names if name not in values]
            if missing:
                raise TypeError(f"{cls.__qualname__}() is missing {', '.join(missing)}")
        object.__setattr__(self, "__dict__", values)
        self.__post_init__()

    def __post_init__(self) -> None:
        """Check the fields (each record that needs to says how)."""

    if not TYPE_CHECKING:  # mypy knows records are frozen (and would take these to
        # mean that any attribute may be set)

        def __setattr__(self, name: str, value: object) -> None:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self, name: str) -> None:
            raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._names])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names)
        return f"{type(self).__qualname__}({shown})"


R = TypeVar("R", bound=type[FrozenRecord])


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen_record(cls: R) -> R:
    """Make ``cls`` (a :class:`FrozenRecord`) a frozen record: a dataclass with nothing
    generated, so nothing compiled. To mypy it is ``@dataclass(frozen=True)``."""
    if not issubclass(cls, FrozenRecord):
        raise TypeError(f"@frozen_record class {cls.__qualname__} must derive from FrozenRecord")
    dataclass(init=False, repr=False, eq=False)(cls)
    known = fields(cls)
    for f in known:
        if not (f.init and f.compare and f.repr and f.hash is None and not f.kw_only):
            raise TypeError(f"{cls.__qualname__}.{f.name}: field options are not supported")
    cls._names = tuple(f.name for f in known)
    cls._known = frozenset(cls._names)
    cls._defaults = {f.name: f.default for f in known if f.default is not MISSING}
    cls._factories = tuple(
        (f.name, f.default_factory) for f in known if f.default_factory is not MISSING
    )
    return cls
