"""The site's search: a Pagefind index, split into small chunks loaded as a query needs them.

Material's built-in search ships one JSON index that every page fetches whole (15 MB at
2,000 processes); Pagefind's first query loads a few hundred kilobytes at any size and
works offline, as it is served from the site itself. Pages mark their listings of other
records `data-pagefind-ignore` and index pages have no `data-pagefind-body`, so a search
finds the page that holds a word, not every page that links to it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import queue
import re
import subprocess
import tempfile
import threading
from pathlib import Path

BUNDLE = "pagefind"
"""Folder of site/ the index and its scripts are written to."""


class SearchIndexError(RuntimeError):
    """The search index could not be built; the message says why and what to do."""


def pagefind_executable() -> Path:
    """The Pagefind binary shipped by the `pagefind[bin]` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise SearchIndexError(
            "Pagefind is not installed; run: pip install 'pagefind[bin]' "
            "(or set `search: none` under the playbook plugin)"
        ) from exc
    return get_executable()


_BODY = re.compile(r"<div data-pagefind-body>")
_DIV = re.compile(r"<(/?)div\b")

EXCLUDE_SELECTORS = [".headerlink"]
"""Parts of a page's body the index leaves out: the permalink signs after headings."""


def build_search_index(site_dir: Path) -> None:
    """Index every page of a built site into site_dir/pagefind/."""
    command = [
        str(pagefind_executable()),
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE,
        *(f"--exclude-selectors={selector}" for selector in EXCLUDE_SELECTORS),
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"Pagefind failed ({result.returncode}): {detail}")


def indexed_part(html: str) -> str:
    """What Pagefind reads of a page: its head (language, title) and its marked body.

    Pagefind indexes only the `data-pagefind-body` element of a page that has one, so the
    navigation, header and footer (about 60% of a page) need not be sent or parsed. A page
    without a body, or whose body does not close, goes whole.
    """
    body = _BODY.search(html)
    head_end = html.find("</head>")
    if body is None or head_end < 0 or head_end > body.start():
        return html
    depth = 0
    for tag in _DIV.finditer(html, body.start()):
        depth += -1 if tag[1] else 1
        if depth == 0:
            head = html[: head_end + len("</head>")]
            return f"{head}<body>{html[body.start() : tag.end()]}></body></html>"
    return html


class SearchIndexer:
    """A Pagefind index built while the site is written, on another core.

    `pagefind --service` (the process behind Pagefind's own Python and Node APIs) takes
    pages one message at a time: base64 of a JSON request, then a comma; it answers the
    same way. Pages go to it from a thread as the build hands them over, so Pagefind
    parses them while MkDocs renders the next ones, and only writing the index waits for
    the end of the build. The index is the one `build_search_index` makes of the same pages.
    """

    def __init__(self) -> None:
        # Its errors go to a file, so a chatty Pagefind never blocks on a full pipe.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._process = subprocess.Popen(
            [str(pagefind_executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
        )
        self._sent = 0
        self._ended = False
        self._answers: dict[int, dict] = {}
        self._answered = threading.Condition()
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._send_all, daemon=True),
            threading.Thread(target=self._read_all, daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        config = {"exclude_selectors": EXCLUDE_SELECTORS}
        self._index = self._answer(self._send({"type": "NewIndex", "config": config}))["index_id"]

    def add(self, path: str, html: str) -> None:
        """Index a page written at `path` in the site (e.g. 'roles/sdr/index.html')."""
        html = indexed_part(html)
        self._send(
            {
                "type": "AddFile",
                "index_id": self._index,
                "file_path": path,
                "url": None,
                "file_contents": html,
            }
        )

    def write(self, site_dir: Path) -> None:
        """Write the index of every page added into site_dir/pagefind/, then stop."""
        try:
            last_page = self._sent
            with self._answered:  # every page parsed before the index is put together
                self._answered.wait_for(lambda: len(self._answers) >= last_page or self._ended)
            request = {"type": "WriteFiles", "index_id": self._index}
            written = self._send({**request, "output_path": str(site_dir / BUNDLE)})
            self._answer(written)
            with self._answered:
                failures = [
                    answer["message"]
                    for number, answer in self._answers.items()
                    if number <= last_page and answer.get("type") == "Error"
                ]
            if failures:
                raise SearchIndexError(f"Pagefind failed: {failures[0]}")
        finally:
            self.close()

    def close(self) -> None:
        """Stop the Pagefind process (the index is lost unless written)."""
        self._outbox.put(None)
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for thread in self._threads:
            thread.join()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._errors.close()

    def _send(self, payload: dict) -> int:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        self._outbox.put(base64.b64encode(message) + b",")
        return self._sent

    def _answer(self, number: int) -> dict:
        """Wait for the answer to request `number`."""
        with self._answered:
            self._answered.wait_for(lambda: number in self._answers or self._ended)
            answer = self._answers.get(number)
        if answer is None:
            self._process.wait()
            self._errors.seek(0)
            reason = " ".join(self._errors.read().decode("utf-8", "replace").split())
            raise SearchIndexError(f"Pagefind stopped ({self._process.returncode}): {reason}")
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind failed: {answer.get('message')}")
        return answer

    def _send_all(self) -> None:
        """The writer thread: pipe writes block while Pagefind is busy, not the build."""
        stdin = self._process.stdin
        assert stdin is not None
        try:
            while (message := self._outbox.get()) is not None:
                stdin.write(message)
                stdin.flush()
        except OSError:
            pass  # Pagefind has stopped; _answer reports it
        finally:
            with contextlib.suppress(OSError):
                stdin.close()

    def _read_all(self) -> None:
        """The reader thread: file each answer under the number of its request."""
        stdout = self._process.stdout
        assert stdout is not None
        pending = b""
        try:
            while chunk := stdout.read1(1 << 16):
                *messages, pending = (pending + chunk).split(b",")
                for message in filter(None, messages):
                    answer = json.loads(base64.b64decode(message))
                    with self._answered:
                        self._answers[answer.get("message_id") or 0] = answer["payload"]
                        self._answered.notify_all()
        finally:
            with self._answered:
                self._ended = True  # no more answers (Pagefind stopped, or spoke nonsense)
                self._answered.notify_all()
