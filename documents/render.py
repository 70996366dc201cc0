"""Rendering documents: plain-data context -> HTML (Jinja2) -> PDF (WeasyPrint).

One Jinja2 environment and one parsed print stylesheet serve every render.
WeasyPrint is given a URL fetcher that reaches nothing but this package's own
files, so a value in a context (a URL typed into a form, say) can never make
the server fetch from the network or read a file elsewhere on disk.

WeasyPrint is imported on first use: it takes about a second to import and
most processes that import ``documents`` (the web app, the CLI) only need it
when a PDF is actually rendered.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from documents.i18n import gettext_for

if TYPE_CHECKING:  # pragma: no cover
    import weasyprint  # type: ignore[import-untyped]

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STYLESHEET = PACKAGE_DIR / "static" / "print.css"
#: Relative URLs in templates resolve inside the package (and nowhere else).
BASE_URL = PACKAGE_DIR.as_uri() + "/"

#: Document kinds, in the order of the steps that produce them.
KINDS: tuple[str, ...] = (
    "selection_report",
    "meeting_record",
    "evaluation",
    "memorandum",
    "activity_plan",
    "campaign_brief",
    "press_release",
)
#: Documents of something other than one partnership (no partnership's store).
OTHER_KINDS: tuple[str, ...] = ("timesheet",)
LANGUAGES: tuple[str, ...] = ("en", "uk", "pl")
MAX_LANGUAGES = 3


# --- context ---------------------------------------------------------------


def context_hash(context: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of a context: equal data, equal hash."""
    canonical = json.dumps(
        context, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _check_languages(context: Mapping[str, Any]) -> list[str]:
    languages = list(context.get("languages") or ())
    if not 1 <= len(languages) <= MAX_LANGUAGES:
        raise ValueError(f"a document needs 1 to {MAX_LANGUAGES} languages, got {languages!r}")
    unknown = [x for x in languages if x not in LANGUAGES]
    if unknown or len(set(languages)) != len(languages):
        raise ValueError(f"languages must be distinct codes among {LANGUAGES}, got {languages!r}")
    return languages


# --- Jinja2 ----------------------------------------------------------------


@cache
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _filter_date(value: Any, lang: str, format: str = "long") -> str:
    day = _as_date(value)
    return format_date(day, format=format, locale=_locale(lang)) if day else ""


def _filter_country(code: Any, lang: str) -> str:
    if not code:
        return ""
    return str(_locale(lang).territories.get(str(code).upper(), code))


def _filter_language(code: Any, lang: str) -> str:
    if not code:
        return ""
    return str(_locale(lang).languages.get(str(code), code))


def _filter_number(value: Any, lang: str) -> str:
    if value is None or value == "":
        return ""
    return format_decimal(value, locale=_locale(lang))


def _filter_duration(minutes: Any) -> str:
    """``90`` → ``1:30`` (hours:minutes, the same in every language)."""
    hours, rest = divmod(int(minutes or 0), 60)
    return f"{hours}:{rest:02d}"


def _filter_blocks(text: Any) -> list[tuple[str, Any]]:
    """A stored text's paragraphs and lists: a line starting with "- " is a
    list item (with the items next to it, one list); any other line a paragraph."""
    blocks: list[tuple[str, Any]] = []
    for line in str(text or "").splitlines():
        line = line.strip()
        if line.startswith("- "):
            if blocks and blocks[-1][0] == "list":
                blocks[-1][1].append(line[2:].strip())
            else:
                blocks.append(("list", [line[2:].strip()]))
        elif line:
            blocks.append(("paragraph", line))
    return blocks


def _make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        # A key missing from a context is a bug in whoever built it: fail loudly.
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the code; don't stat them on every render.
        auto_reload=False,
    )
    env.filters.update(
        date=_filter_date,
        country=_filter_country,
        language=_filter_language,
        number=_filter_number,
        duration=_filter_duration,
        blocks=_filter_blocks,
    )
    return env


#: The one environment; templates are compiled once and kept in its cache.
ENV = _make_environment()


def render_html(kind: str, context: Mapping[str, Any]) -> str:
    """The HTML of document ``kind`` for a plain-data ``context``.

    The context must hold ``languages`` (1-3 codes among en, uk, pl); each
    language column of the template gets that language's ``gettext`` as ``_``.
    """
    if kind not in KINDS + OTHER_KINDS:
        raise KeyError(f"unknown document kind {kind!r}; expected one of {KINDS + OTHER_KINDS}")
    languages = _check_languages(context)
    variables = dict(context)
    variables["kind"] = kind
    variables["languages"] = languages
    variables["tr"] = {lang: gettext_for(lang) for lang in languages}
    variables.setdefault("generated_on", None)
    return ENV.get_template(f"{kind}.html").render(variables)


# --- WeasyPrint ------------------------------------------------------------


def check_url(url: str) -> None:
    """Raise ``ValueError`` unless ``url`` is ``data:`` or a file inside this package."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return
    if scheme != "file":
        raise ValueError(f"documents may not fetch {url!r}: only the package's own files")
    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"documents may not fetch {url!r}: remote file URL")
    # resolve() follows symlinks and removes "..", so neither escapes the package.
    path = Path(url2pathname(parts.path)).resolve()
    if not path.is_relative_to(PACKAGE_DIR):
        raise ValueError(f"documents may not fetch {url!r}: outside the documents package")


@cache
def _url_fetcher() -> Any:
    """WeasyPrint's fetcher restricted by :func:`check_url`.

    Recent WeasyPrint (70 here) takes an instance of ``weasyprint.urls.URLFetcher``
    (a plain function no longer works: fetch errors are handled through the
    instance's attributes); older versions take a function delegating to
    ``weasyprint.default_url_fetcher``.
    """
    import weasyprint  # type: ignore[import-untyped]

    base = getattr(weasyprint.urls, "URLFetcher", None)
    if base is None:  # pragma: no cover - older WeasyPrint

        def fetch(url: str) -> Any:
            check_url(url)
            return weasyprint.default_url_fetcher(url)

        return fetch

    class SafeURLFetcher(base):  # type: ignore[misc, valid-type]
        def fetch(self, url: str, headers: Any = None) -> Any:
            check_url(url)
            return super().fetch(url, headers)

    # No redirects and no protocol but these two, should check_url ever change.
    return SafeURLFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def safe_fetcher(url: str) -> Any:
    """Fetch ``url`` if it is ``data:`` or a file inside the package; else ``ValueError``."""
    check_url(url)
    return _url_fetcher()(url)


_stylesheet: weasyprint.CSS | None = None
_stylesheet_lock = threading.Lock()


def print_stylesheet() -> weasyprint.CSS:
    """The print stylesheet, parsed once per process."""
    global _stylesheet
    if _stylesheet is None:
        with _stylesheet_lock:
            if _stylesheet is None:
                import weasyprint

                _stylesheet = weasyprint.CSS(
                    filename=str(STYLESHEET), base_url=BASE_URL, url_fetcher=_url_fetcher()
                )
    return _stylesheet


def html_to_pdf(html: str, pdf_variant: str | None = None) -> bytes:
    """Lay out ``html`` with the print stylesheet and return the PDF bytes.

    ``pdf_variant`` is WeasyPrint's, e.g. ``"pdf/a-3u"`` for a frozen memorandum.
    """
    import weasyprint  # type: ignore[import-untyped]

    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=_url_fetcher())
    pdf = document.write_pdf(stylesheets=[print_stylesheet()], pdf_variant=pdf_variant)
    assert pdf is not None  # write_pdf returns the bytes when given no target
    return pdf


def render_pdf(kind: str, context: Mapping[str, Any]) -> bytes:
    """The PDF of document ``kind`` for a plain-data ``context``."""
    return html_to_pdf(render_html(kind, context))


def render_stamps(
    width: float, height: float, pages: int, stamps: Sequence[Mapping[str, Any]]
) -> bytes:
    """A PDF of ``pages`` pages of ``width`` × ``height`` points, blank but for
    ``stamps`` ({page, left, top, width, lines [(lang, text)]}, in points from
    the top left), to lay over the pages of another PDF."""
    import weasyprint

    html = ENV.get_template("_stamps.html").render(
        width=round(width, 2), height=round(height, 2), pages=pages, stamps=stamps
    )
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=_url_fetcher())
    pdf = document.write_pdf()
    assert pdf is not None
    return pdf
