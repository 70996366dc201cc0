"""Documents of a partnership: templates, the print stylesheet, rendering.

A document is rendered from a plain-data context (never ORM objects) in the
partnership's languages. Nothing here imports Flask or the domain
(``workflow``); ``workflow.lifecycle.documents`` builds the contexts and stores the PDFs.

    html = render_html("memorandum", context)
    pdf = render_pdf("memorandum", context)       # == html_to_pdf(html)
    key = context_hash(context)                   # what a stored PDF was made from
"""

from __future__ import annotations

from documents.render import (
    KINDS,
    LANGUAGES,
    check_url,
    context_hash,
    html_to_pdf,
    render_html,
    render_pdf,
    safe_fetcher,
)

__all__ = [
    "KINDS",
    "LANGUAGES",
    "check_url",
    "context_hash",
    "html_to_pdf",
    "render_html",
    "render_pdf",
    "safe_fetcher",
]
