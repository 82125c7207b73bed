"""The blueprints: one per area, registered by `register_blueprints(app)`."""

from __future__ import annotations

from flask import Flask

from ..clock import shown
from ..render import inline, markdown, plain


def register_blueprints(app: Flask) -> None:
    from . import admin, api, auth, certificates, dashboards, learner, quiz

    for module in (auth, learner, quiz, certificates, dashboards, admin, api):
        app.register_blueprint(module.bp)
    site = app.config["SITE_URL"]
    app.jinja_env.filters["markdown"] = lambda text: markdown(text, site)
    app.jinja_env.filters["inline"] = lambda text: inline(text, site)
    app.jinja_env.filters["plain"] = plain
    app.jinja_env.filters["when"] = shown
    app.jinja_env.globals["site_url"] = site
