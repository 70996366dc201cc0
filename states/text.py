"""Translatable text that the domain can build without knowing the web.

`lazy_text("%(library)s has not signed yet", library="Odesa")` keeps the English
message id and its named parameters; the web layer translates it with the
viewer's catalog and a document with the partnership's languages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Text:
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def translate(self, gettext: Callable[[str], str]) -> str:
        message = gettext(self.msgid)
        return message % dict(self.params) if self.params else message

    def __str__(self) -> str:
        return self.translate(lambda s: s)


def lazy_text(msgid: str, **params: Any) -> Text:
    return Text(msgid, params)
