"""The catalogs are complete: every message the code uses is translated, none is fuzzy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
LANGUAGES = ["uk", "pl"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """What the code asks to translate today, extracted as `make messages` does."""
    pot = tmp_path_factory.mktemp("messages") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_text", "-k", "N_",
         "--no-location", "-o", str(pot),
         "states", "workflow", "web", "documents"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return _read(pot)


def test_the_template_holds_every_message_of_the_code(extracted: Catalog) -> None:
    missing = _ids(extracted) - _ids(_read(TRANSLATIONS / "messages.pot"))
    assert not missing, f"run `make messages`, then translate: {sorted(missing)[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(lang: str, extracted: Catalog) -> None:
    catalog = _read(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    assert not catalog.fuzzy, f"{lang}: the catalog header is marked fuzzy"
    missing = _ids(extracted) - _ids(catalog)
    assert not missing, f"{lang}: not in the catalog: {sorted(missing)[:10]}"
    empty = [m.id for m in catalog if m.id and not all(_strings(m.string))]
    assert not empty, f"{lang}: {len(empty)} messages without a translation, e.g. {empty[:5]}"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"{lang}: fuzzy messages: {fuzzy[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang: str) -> None:
    catalog = _read(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    broken = []
    for m in catalog:
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for text in _strings(m.string):
            if not text:
                continue  # reported by the completeness test
            found = set(PLACEHOLDER.findall(text))
            # A singular form may leave the number out ("один день"), never add one.
            if not found <= wanted or (len(ids) == 1 and found != wanted):
                broken.append((ids[0], text))
    assert not broken, f"{lang}: placeholders changed: {broken[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_messages_have_every_form_of_the_language(lang: str) -> None:
    catalog = _read(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    assert catalog.num_plurals == 3
    for m in catalog:
        if m.id and m.pluralizable:
            assert len(m.string) == 3 and all(m.string), (lang, m.id)


def _strings(value: str | tuple[str, ...] | None) -> list[str]:
    if value is None:
        return [""]
    return [value] if isinstance(value, str) else list(value)
