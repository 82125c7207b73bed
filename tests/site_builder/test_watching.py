"""Under `mkdocs serve` the catalogue is polled every 0.1 s, by MkDocs' own handler."""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from site_builder.watching import POLL_SECONDS, stop_watching, watch_often


def test_a_save_under_a_folder_watched_often_asks_for_a_rebuild(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.yml").write_text("title: A\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    observer = watch_often(server, str(folder))
    assert observer is not None and observer.timeout == POLL_SECONDS
    try:
        assert [emitter.watch.path for emitter in observer.emitters] == [str(folder)]
        assert not server.observer.emitters  # not polled a second time, every 0.5 s
        time.sleep(2 * POLL_SECONDS)  # the first look at the folder
        (folder / "a.yml").write_text("title: B\n", encoding="utf-8")
        # What the handler MkDocs made does on a change: ask the build loop for a rebuild.
        with server._rebuild_cond:
            asked = server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=2)
        assert asked
    finally:
        stop_watching(observer)
        server.server_close()
    assert not observer.is_alive()
