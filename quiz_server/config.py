"""Settings from PLAYBOOK_* environment variables, with safe defaults for local use."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .clock import system_clock
from .errors import StartupError

ENV_VARS = {
    "PLAYBOOK_ENV": "development (default) or production",
    "PLAYBOOK_DATA_DIR": "folder holding the database and the local secret key (default .playbook)",
    "PLAYBOOK_CONTENT": "catalogue folder (default content)",
    "PLAYBOOK_SECRET_KEY": "key signing sessions; required in production",
    "PLAYBOOK_BASE_URL": "public URL of the site, e.g. https://playbook.example.com",
    "PLAYBOOK_SITE_URL": "where the playbook site is, for links from the app (default /)",
    "PLAYBOOK_SSO_HEADER": "request header naming the signed-in e-mail; off unless set",
    "PLAYBOOK_SSO_PROXIES": "addresses of proxies trusted to set that header (default 127.0.0.1)",
    "PLAYBOOK_PROXIES": "reverse proxies in front of the app, whose X-Forwarded-For and "
    "X-Forwarded-Proto are trusted (default 0)",
    "PLAYBOOK_MAX_BODY": "largest request body in bytes (default 262144)",
    "PLAYBOOK_SYNCHRONOUS": "SQLite synchronous setting, NORMAL (default) or FULL",
}


def config_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The app's configuration from the environment; raise StartupError when it is unsafe."""
    env = os.environ if environ is None else environ
    mode = env.get("PLAYBOOK_ENV", "development")
    if mode not in {"development", "production"}:
        raise StartupError(
            f"PLAYBOOK_ENV is '{mode}'", "set PLAYBOOK_ENV to development or production"
        )
    data_dir = Path(env.get("PLAYBOOK_DATA_DIR", ".playbook"))
    base_url = env.get("PLAYBOOK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    if urlsplit(base_url).scheme not in {"http", "https"}:
        raise StartupError(
            f"PLAYBOOK_BASE_URL '{base_url}' is not an http(s) URL",
            "write it in full, e.g. https://playbook.example.com",
        )
    secret = env.get("PLAYBOOK_SECRET_KEY", "")
    if not secret:
        if mode == "production":
            raise StartupError(
                "PLAYBOOK_SECRET_KEY is not set; production mode refuses to start without it",
                'generate one with: python -c "import secrets; print(secrets.token_hex(32))"',
            )
        secret = local_secret(data_dir)
    try:
        max_body = int(env.get("PLAYBOOK_MAX_BODY", "262144"))
    except ValueError:
        raise StartupError(
            "PLAYBOOK_MAX_BODY is not a number", "give a size in bytes, e.g. 262144"
        ) from None
    behind = env.get("PLAYBOOK_PROXIES", "0").strip()
    if not behind.isdigit() or int(behind) > 5:
        raise StartupError(
            f"PLAYBOOK_PROXIES is '{behind}'",
            "give the number of reverse proxies in front of the app: 0 (none) to 5",
        )
    synchronous = env.get("PLAYBOOK_SYNCHRONOUS", "NORMAL").upper()
    if synchronous not in {"FULL", "NORMAL"}:
        raise StartupError(f"PLAYBOOK_SYNCHRONOUS is '{synchronous}'", "use FULL or NORMAL")
    sso_header = env.get("PLAYBOOK_SSO_HEADER", "").strip()
    proxies = env.get("PLAYBOOK_SSO_PROXIES", "127.0.0.1")
    return {
        "ENV": mode,
        "SECRET_KEY": secret,
        "DATA_DIR": data_dir,
        "DATABASE": data_dir / "training.db",
        "CONTENT_DIR": Path(env.get("PLAYBOOK_CONTENT", "content")),
        "BASE_URL": base_url,
        "BASE_URL_GIVEN": "PLAYBOOK_BASE_URL" in env,
        "SITE_URL": env.get("PLAYBOOK_SITE_URL", "/"),
        "SSO_HEADER": sso_header or None,
        "SSO_PROXIES": frozenset(p.strip() for p in proxies.split(",") if p.strip()),
        "PROXIES": int(behind),
        "MAX_CONTENT_LENGTH": max_body,
        "SYNCHRONOUS": synchronous,
        "AUTO_MIGRATE": mode == "development",
        "SESSION_COOKIE_SECURE": base_url.startswith("https://"),
    }


def defaults() -> dict[str, Any]:
    """Settings that do not come from the environment."""
    return {
        "CLOCK": system_clock,
        # JSON submissions in order answered without Flask's request machinery (read on
        # each request: tests turn it off to compare both paths).
        "FAST_SUBMIT": True,
        "SESSION_COOKIE_NAME": "playbook_training",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        # Sessions end 8 hours after sign-in, and the cookie is not re-sent on every answer.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "PASSWORD_METHOD": "scrypt",
        "LOGIN_LIMIT": 5,
        "LOGIN_WINDOW_SECONDS": 900,
        "CATALOG_CHECK_SECONDS": 5.0,
        "TOKEN_HOURS": 72,
        "DUE_SOON_DAYS": 30,
        "ONBOARDING_DAYS": 30,
    }


def local_secret(data_dir: Path) -> str:
    """A random key kept in the data folder so that local sessions survive a restart."""
    path = data_dir / "secret_key"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker wrote it first
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(key)
    return key
