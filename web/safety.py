"""Redirect targets we accept: paths on this site only."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request


def local_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else ``None``.

    Refuses absolute URLs, scheme-relative ``//host`` and the backslash
    variants browsers treat as ``//``.
    """
    if not target:
        return None
    target = target.strip()
    if not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def local_referrer() -> str | None:
    """The Referer header's path when it points at this site."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path or "/"
    return local_path(path + (f"?{parts.query}" if parts.query else ""))
