"""Hostile input answered with a 4xx, never a 500: one place per class of value.

- ids in addresses: the ``int`` URL converter stops at what an id column holds (404);
- query parameters and form fields: ``bounded_int`` and the validators the base
  form (``web.forms.Form``) adds to every field: no NUL character, whole numbers
  the database can keep, dates between 1990 and 2100;
- NUL anywhere in the address or its query: 422 before any view runs;
- what slips past all that (an integer or date overflow, a value the database
  refuses): one handler answers 422 instead of an error page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from flask import Flask, abort, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter
from wtforms import Field
from wtforms.validators import NumberRange, StopValidation, ValidationError

from web.text import _l
from workflow.bounds import FIRST_DATE, LAST_DATE, MAX_ID, MAX_STORED_INT

NUL = "\x00"


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` that matches only ids a database can hold (else the route is 404)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def bounded_int(value: str | None) -> int | None:
    """A query or form parameter as an id: None when absent, 422 when not one."""
    if value is None or value == "":
        return None
    # ASCII digits only: "²" is a digit to ``isdigit`` but not to ``int``.
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
        abort(422, description=_("%(value)s is not a number we know.", value=value[:40]))
    return int(value)


def _has_nul(values: Iterable[Any]) -> bool:
    return any(isinstance(v, str) and NUL in v for v in values)


def refuse_nul_in_address() -> None:
    """Before every request: a NUL in the path or the query is refused."""
    args = request.args
    if NUL in request.path or _has_nul(args.keys()) or _has_nul(args.values()):
        abort(422, description=_("The address contains a character that is not allowed (NUL)."))


# --- validators the base form adds to every field -------------------------------------


class NoNul:
    """No NUL character in what was sent (PostgreSQL cannot store one)."""

    message = _l("This text contains a character that is not allowed (NUL).")

    def __call__(self, form: Any, field: Field) -> None:
        if _has_nul(field.raw_data or ()):
            field.errors[:] = []  # one clear message, not a parse error as well
            raise StopValidation(self.message)


class StoredInt:
    """A whole number an ``Integer`` column keeps (ids and counts alike)."""

    def __init__(self, minimum: int = -MAX_STORED_INT, maximum: int = MAX_STORED_INT) -> None:
        self.minimum = minimum
        self.maximum = maximum

    @classmethod
    def within(cls, validators: Iterable[Any]) -> StoredInt:
        """The bounds, narrowed by the field's own ``NumberRange`` (so the message says them)."""
        low, high = -MAX_STORED_INT, MAX_STORED_INT
        for v in validators:
            if isinstance(v, NumberRange):
                low = max(low, int(v.min)) if v.min is not None else low
                high = min(high, int(v.max)) if v.max is not None else high
        return cls(low, high)

    def __call__(self, form: Any, field: Field) -> None:
        data = field.data if isinstance(field.data, list | tuple) else [field.data]
        for value in data:
            if isinstance(value, int) and not isinstance(value, bool):
                if not self.minimum <= value <= self.maximum:
                    raise ValidationError(
                        _(
                            "Enter a whole number between %(min)s and %(max)s.",
                            min=self.minimum,
                            max=self.maximum,
                        )
                    )


class DateInRange:
    """A date (or date and time) a programme can mean: 1990 to 2100."""

    message = _l("Enter a date between 1990 and 2100.")

    def __call__(self, form: Any, field: Field) -> None:
        value = field.data
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date) and not FIRST_DATE <= value <= LAST_DATE:
            raise ValidationError(self.message)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(refuse_nul_in_address)
