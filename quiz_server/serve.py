"""One local process serving the built site at / and the training app at /train."""

from __future__ import annotations

import importlib
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, abort, redirect, send_from_directory
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from site_builder.build import BUILT_FROM, catalogue_marker

from . import create_app
from .commands import SERVED_URL, TRAIN_PATH, first_admin_link

SITE_DIR = Path("site")


def newest_mtime(folder: Path) -> float:
    """The latest modification time of any file under a folder (0 if none)."""
    times = [p.stat().st_mtime for p in folder.rglob("*") if p.is_file()]
    return max(times, default=0.0)


def built_from(site_dir: Path) -> str | None:
    """The marker of the catalogue a site was built from (`catalogue_marker`), if it has one."""
    try:
        return (site_dir / BUILT_FROM).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def site_is_stale(site_dir: Path, content_dir: Path) -> bool:
    """Missing, built from another catalogue, or older than a file of this one."""
    index = site_dir / "index.html"
    return (
        not index.is_file()
        or built_from(site_dir) != catalogue_marker(content_dir)
        or index.stat().st_mtime < newest_mtime(content_dir)
    )


def ensure_site(site_dir: Path, content_dir: Path, say: Callable[[str], None]) -> Path | None:
    """Build the site when missing or older than the content; the folder to serve, if any."""
    if not site_is_stale(site_dir, content_dir):
        return site_dir
    try:
        site_builder = importlib.import_module("site_builder")
        build_site = site_builder.build_site
    except (ImportError, AttributeError):
        say("site_builder is not available yet: serving the training app only.")
        return site_dir if (site_dir / "index.html").is_file() else None
    say(f"Building the site from {content_dir} (it is missing, older or of another catalogue)...")
    site_builder.use_catalogue(content_dir)  # what mkdocs.yml reads, as `playbook build` does
    try:
        built = Path(build_site(config_file="mkdocs.yml", site_dir=site_dir, strict=False))
    except Exception as exc:  # noqa: BLE001 - SiteBuildError and config errors alike
        say(f"The site did not build:\n{exc}")
        return site_dir if (site_dir / "index.html").is_file() else None
    return built  # the build marked which catalogue it shows (BUILT_FROM)


def site_app(site_dir: Path | None) -> Flask:
    """Static files of the built site; folders answer with their index.html."""
    app = Flask("playbook_site", static_folder=None)

    @app.get("/")
    @app.get("/<path:path>")
    def page(path: str = "") -> Response:
        if site_dir is None:
            return redirect(f"{TRAIN_PATH}/")
        if any(part.startswith(".") for part in path.split("/")):
            abort(404)  # no hidden files (such as BUILT_FROM), no way out of the folder
        target = site_dir / path
        if target.is_dir():
            if path and not path.endswith("/"):
                return redirect(f"/{path}/", 301)
            path = f"{path}index.html"
        if not (site_dir / path).is_file():
            abort(404)
        return send_from_directory(site_dir.resolve(), path)

    @app.errorhandler(404)
    def not_found(_exc: Exception) -> Response:
        """The site's own "page not found" page (MkDocs writes 404.html), with status 404."""
        page = site_dir / "404.html" if site_dir is not None else None
        if page is None or not page.is_file():
            return Response("Page not found\n", 404, mimetype="text/plain")
        return Response(page.read_bytes(), 404, mimetype="text/html")

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    return app


def combined_app(train: Flask, site_dir: Path | None) -> Any:
    """The WSGI app: the site at /, the training app at /train."""
    return DispatcherMiddleware(site_app(site_dir), {TRAIN_PATH: train})


def serve(
    settings: dict[str, Any],
    host: str,
    port: int,
    build: bool = True,
    say: Callable[[str], None] = print,
) -> int:
    """Build the site if needed, start the app, print the first admin link, serve until ^C."""
    base = f"http://{host}:{port}"
    given = "PLAYBOOK_BASE_URL" in os.environ
    if not given:
        settings = {**settings, "BASE_URL": base}  # printed links name the port served
    train = create_app(settings)
    if not given:  # and so do links the CLI prints later for this data folder
        (Path(settings["DATA_DIR"]) / SERVED_URL).write_text(base + "\n", encoding="utf-8")
    site_dir: Path | None = SITE_DIR if (SITE_DIR / "index.html").is_file() else None
    if build:
        site_dir = ensure_site(SITE_DIR, Path(settings["CONTENT_DIR"]), say)
    link = first_admin_link(settings, train.extensions["playbook"].catalog)
    server = make_server(host, port, combined_app(train, site_dir), threaded=True)
    if site_dir is not None:
        say(f"Playbook: {base}/")
    say(f"Training: {base}{TRAIN_PATH}/")
    if link:
        say(f"First start: sign in as admin with this one-time link (24 hours):\n  {link}")
    say("Press Ctrl+C to stop.")
    try:
        server.serve_forever()  # werkzeug's returns on Ctrl+C (it catches the interrupt)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        # A second Ctrl+C while Python shuts down would print a traceback from its exit
        # handlers (the site build's worker pool): the server has stopped, so ignore it.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    say("Stopped.")
    return 0
