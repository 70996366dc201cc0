"""Lazy translations that are text, never markup.

Flask-Babel's ``LazyString`` answers ``__html__`` with its text unescaped, so
Jinja2 and WTForms take it for safe markup: a library's name interpolated into
a label (``Engagement of %(library)s (1-5)``) reached the page as HTML. ``_l``
here is the same lazy translation, escaped wherever it is rendered. Every
module of ``web`` uses this one (ruff's banned-api keeps it so).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel.speaklater import LazyString
from markupsafe import escape


class LazyText(LazyString):  # type: ignore[misc]
    def __html__(self) -> str:
        return str(escape(str(self)))


def _l(string: str, **variables: Any) -> LazyText:
    return LazyText(gettext, string, **variables)
