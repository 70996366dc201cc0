"""Helpers for the web tests of the clause library."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from workflow.models import Clause


def clause_id(session_factory: Any, key: str) -> int | None:
    s = session_factory()
    found = s.scalar(select(Clause.id).where(Clause.key == key))
    s.close()
    return found


def edit_principles(client: Any, session_factory: Any, en: str, uk: str) -> Any:
    """Change the library's principles of cooperation through its form."""
    return client.post(
        f"/clauses/{clause_id(session_factory, 'principles')}",
        data={
            "position": "10",
            "standard": "y",
            "optional": "y",
            "title_en": "Principles of cooperation",
            "text_en": en,
            "title_uk": "Принципи співпраці",
            "text_uk": uk,
        },
    )
