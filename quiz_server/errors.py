"""Errors as data: the core raises these; the edges (Flask handlers, CLI) present them."""

from __future__ import annotations


class QuizError(Exception):
    """A request the service refuses, with the HTTP status that says why and a clear message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class StartupError(Exception):
    """The app cannot start: bad configuration, catalogue or database. Has a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\nHint: {self.hint}" if self.hint else self.message


def not_found(what: str) -> QuizError:
    """404 for something missing or not visible to the viewer (the two are not told apart)."""
    return QuizError(404, f"{what} not found")
