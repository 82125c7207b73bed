"""Playbook's training and certification service: quizzes, certifications, readiness.

from quiz_server import create_app
app = create_app({"CONTENT_DIR": "content", "DATA_DIR": ".playbook"})
"""

from __future__ import annotations

import os
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

from .errors import QuizError, StartupError

__all__ = ["QuizError", "StartupError", "create_app"]


def _settings(config: Mapping[str, Any] | None) -> dict[str, Any]:
    from .config import config_from_env, defaults

    given = dict(config or {})
    env = dict(os.environ)
    if "SECRET_KEY" in given:
        env["PLAYBOOK_SECRET_KEY"] = given["SECRET_KEY"]
    if "DATA_DIR" in given:
        env["PLAYBOOK_DATA_DIR"] = str(given["DATA_DIR"])
    if "BASE_URL" in given:
        env["PLAYBOOK_BASE_URL"] = str(given["BASE_URL"])
    settings = {**defaults(), **config_from_env(env), **given}
    settings.setdefault("DATABASE", Path(settings["DATA_DIR"]) / "training.db")
    if "DATA_DIR" in given and "DATABASE" not in given:
        settings["DATABASE"] = Path(settings["DATA_DIR"]) / "training.db"
    return settings


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings from PLAYBOOK_* variables overridden by `config`, the
    catalogue loaded once, the database created or checked. Raises StartupError."""
    from . import db, fast_submit, handlers, security
    from .catalog_state import CatalogState, load_content, record_import
    from .commands import register_commands
    from .jsonio import JSONProvider
    from .views import register_blueprints

    app = Flask(__name__)
    app.json = JSONProvider(app)
    app.config.update(_settings(config))
    catalog = load_content(Path(app.config["CONTENT_DIR"]))
    app.extensions["playbook"] = CatalogState(
        Path(app.config["CONTENT_DIR"]), catalog, app.config["CATALOG_CHECK_SECONDS"]
    )
    app.extensions["playbook_rng"] = app.config.get("RANDOM") or random.SystemRandom()
    db.init_app(app)
    if app.config["AUTO_MIGRATE"]:
        conn = db.connect(app.config["DATABASE"])
        try:
            record_import(conn, catalog, app.config["CLOCK"](), "system")
        finally:
            conn.close()

    @app.before_request
    def _start() -> None:
        g.now = app.config["CLOCK"]()
        g.viewer = None

    # JSON submissions in order skip Flask's per-request machinery (see fast_submit).
    app.wsgi_app = fast_submit.wrap(app, app.wsgi_app)  # type: ignore[method-assign]
    # Chunked bodies get a length first, so that the size limit holds for them too.
    app.wsgi_app = security.limit_streamed_bodies(app, app.wsgi_app)  # type: ignore[method-assign]
    if app.config.get("PROXIES"):
        # Client address and scheme from the proxies' headers: the login limit, the audit
        # log and HTTPS detection see the real client, not the proxy.
        n = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
    security.init_app(app)
    handlers.init_app(app)
    register_blueprints(app)
    register_commands(app)
    return app
