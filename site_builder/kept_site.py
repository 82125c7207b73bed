"""The served site's folders, kept between the rebuilds of `mkdocs serve`.

A full rebuild empties the site folder and writes every file anew: on the bundled catalogue
some 400 folders and 800 files. On a slow disk, deleting the folders and creating them
again costs more than rendering every page MkDocs reuses; renaming costs next to nothing.
So each rebuild keeps the previous build's folders, without their files:

- before MkDocs cleans the site, `set_aside` moves every file of the previous build into
  a hidden trash folder and every folder into a hidden folder, both of which MkDocs leaves
  alone (it never copies or deletes hidden files);
- before MkDocs writes anything, `put_back` moves the (now empty) folders back;
- after the rebuild, `sweep` deletes the folders no file was written into and the trash.

The site then holds exactly what a clean build writes. If this build is to write a file
where the previous one left a folder, the folders are not put back at all.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

ASIDE = ".playbook-previous-folders"
"""The hidden folder, inside the site folder, that holds the previous build's folders."""
TRASH = ".playbook-previous-files"
"""The hidden folder, inside the site folder, that holds the previous build's files."""


class KeptSite:
    """One site folder whose folders each rebuild writes into instead of making anew."""

    def __init__(self) -> None:
        self.site: Path | None = None
        self._folders: list[Path] = []

    def set_aside(self, site_dir: str) -> None:
        """Move the previous build out of MkDocs' way before it empties the site."""
        self._forget()
        self.site = Path(site_dir)
        if not self.site.is_dir():
            return
        entries = [name for name in os.listdir(self.site) if not name.startswith(".")]
        if not entries:
            return
        aside, trash = self.site / ASIDE, self.site / TRASH
        aside.mkdir()
        trash.mkdir()
        count = 0
        for name in entries:
            path = self.site / name
            if path.is_dir() and not path.is_symlink():
                for root, folders, files in os.walk(path):
                    # A link to a folder goes too: a write into it would land elsewhere.
                    links = [name for name in folders if os.path.islink(os.path.join(root, name))]
                    folders[:] = [name for name in folders if name not in links]
                    for file in [*files, *links]:
                        os.rename(os.path.join(root, file), trash / str(count))
                        count += 1
                os.rename(path, aside / name)
            else:
                os.rename(path, trash / str(count))
                count += 1

    def put_back(self, written: Iterable[str]) -> None:
        """Move the previous build's folders back, before MkDocs writes the files at `written`.

        `written` are the site paths ('a/b/index.html') this build will write: the folders
        are put back only if none of them stands where one of these files goes.
        """
        self._folders.clear()
        if self.site is None or not (self.site / ASIDE).is_dir():
            return
        aside = self.site / ASIDE
        folders = [Path(root) / name for root, dirs, _ in os.walk(aside) for name in dirs]
        relative = {path.relative_to(aside).as_posix() for path in folders}
        if any(path in relative for path in written):
            return
        moved = set()
        for name in os.listdir(aside):
            if not (self.site / name).exists():  # else this build wrote something there
                os.rename(aside / name, self.site / name)
                moved.add(name)
        self._folders = [self.site / path for path in relative if path.split("/")[0] in moved] + [
            self.site / name for name in moved
        ]

    def sweep(self) -> None:
        """Delete the previous build's folders that hold no file of this one, and its files."""
        # Deepest first, so a folder that held only empty folders goes too.
        for folder in sorted(self._folders, key=lambda path: -len(path.parts)):
            with contextlib.suppress(OSError):  # not empty: it holds files of this build
                folder.rmdir()
        self._forget()

    def close(self) -> None:
        """Forget the previous build (after a failed rebuild, or when serve stops)."""
        self._forget()

    def _forget(self) -> None:
        self._folders.clear()
        if self.site is not None:
            for name in (ASIDE, TRASH):
                shutil.rmtree(self.site / name, ignore_errors=True)
