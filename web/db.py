"""One SQLAlchemy session per request, made by the app's session factory.

Views never commit: the service function they call owns the transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from workflow.db import make_engine, make_sessionmaker


def init_app(app: Flask) -> None:
    factory: Callable[[], Session] | None = app.config.get("SESSION_FACTORY")
    if factory is None:
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["sqlalchemy_engine"] = engine
        factory = make_sessionmaker(engine)
    app.extensions["session_factory"] = factory
    app.teardown_appcontext(close_session)


def get_session() -> Session:
    """The request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["session_factory"]()
    session: Session = g.db_session
    return session


def close_session(_exc: BaseException | None = None) -> Any:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()
