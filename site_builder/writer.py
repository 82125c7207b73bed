"""Record pages written by a second process while MkDocs converts the pages before them.

MkDocs converts Markdown one page at a time on one core. Rendering every record to Markdown
and resolving its links and glossary words is work of the same order as the catalogue
(about 8 s at 2,000 processes) that needs nothing from MkDocs, so a forked child, which
shares the loaded catalogue, does it on another core: it writes each page's final Markdown
to a file, in the order MkDocs reads them, and announces it on a pipe. The build waits for
a page only if it gets there before the child.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path


class PageWriterError(RuntimeError):
    """The child failed on a page; the message names it and says why."""


def can_fork() -> bool:
    """Whether forking is safe here: a POSIX process with no other thread (under
    `mkdocs serve` the server's threads could hold locks the child would inherit)."""
    return hasattr(os, "fork") and threading.active_count() == 1


class PageWriter:
    """A child process writing `render(job)` to `folder / src` for each (src, job), in order."""

    def __init__(
        self, folder: Path, jobs: Sequence[tuple[str, object]], render: Callable[[object], str]
    ) -> None:
        self.folder = folder
        self.position = {src: number for number, (src, _) in enumerate(jobs)}
        self.srcs = [src for src, _ in jobs]
        self.written = 0
        self.failure: str | None = None
        self._pending = b""
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: write every page, then leave without cleaning up
            os.close(read)
            os._exit(_write_all(folder, jobs, render, write))
        os.close(write)
        self._pipe = os.fdopen(read, "rb", buffering=0)

    def path(self, src: str) -> Path:
        """Where the page `src` is (or will be) written."""
        return self.folder / src

    def wait_for(self, src: str) -> None:
        """Return once the page `src` is written (at once if it already is)."""
        number = self.position[src]
        while self.written <= number:
            if self.failure is not None:  # the child stopped at page number `self.written`
                self.close()
                raise PageWriterError(self.failure)
            chunk = self._pipe.read(65536)
            if not chunk:
                self.close()
                raise PageWriterError(f"the page writer stopped before {src}")
            *lines, self._pending = (self._pending + chunk).split(b"\n")
            for line in lines:
                if line.startswith(b"!"):
                    failed, _, reason = line[1:].decode("utf-8").partition(" ")
                    self.failure = f"{self.srcs[int(failed)]}: {reason}"
                else:
                    self.written = int(line) + 1

    def close(self) -> None:
        """Stop the child if it still runs and collect it."""
        if self.pid:
            with contextlib.suppress(ProcessLookupError):  # it has ended already
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0
            self._pipe.close()


def _write_all(
    folder: Path, jobs: Sequence[tuple[str, object]], render: Callable[[object], str], pipe: int
) -> int:
    """The child's work: each page to its file, its number to the pipe; 1 on a failure."""
    number = 0
    try:
        for number, (src, job) in enumerate(jobs):
            path = folder / src
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(job), encoding="utf-8")
            os.write(pipe, b"%d\n" % number)
        return 0
    except BaseException as exc:  # noqa: BLE001 - any failure is reported, never raised here
        reason = " ".join(traceback.format_exception_only(exc)[-1].split())
        os.write(pipe, f"!{number} {reason}\n".encode())
        return 1
