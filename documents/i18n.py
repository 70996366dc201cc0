"""Translations for documents, which speak the partnership's languages.

A document is rendered once per language column with that language's
``gettext``; the viewer's locale plays no part. English is the msgid language,
so a missing catalog simply leaves the English text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from babel.support import NullTranslations, Translations

#: ``<repo>/translations``: the Babel catalogs shared with the web layer.
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

Gettext = Callable[[str], str]


@functools.cache
def _translations(lang: str) -> NullTranslations:
    # Translations.load returns NullTranslations (identity) when the catalog
    # for ``lang`` has not been compiled yet.
    return Translations.load(str(TRANSLATIONS_DIR), [lang], domain="messages")


def gettext_for(lang: str) -> Gettext:
    """The ``gettext`` of ``lang`` (identity where no compiled catalog exists)."""
    return _translations(lang).gettext


def clear_cache() -> None:
    """Forget loaded catalogs, e.g. after ``pybabel compile`` in a running process."""
    _translations.cache_clear()
