"""Flask extensions, created unbound and attached to an app in ``create_app``."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
#: No default limits: the views that need one say so (``web.limits``).
limiter = Limiter(key_func=get_remote_address)
