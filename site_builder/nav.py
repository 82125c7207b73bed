"""The menu (mkdocs.yml's `nav`) cut down to the pages a build has.

mkdocs.yml names the bundled hand-written pages (onboarding.md, editing.md); a catalogue
with its own pages/ folder may have only some of them, so the entries for the others go
rather than fail a strict build. Knows nothing of MkDocs: pages are given as a predicate.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

NavItem = str | dict[str, "NavItem"] | list["NavItem"]
"""An entry of mkdocs.yml's `nav`: a page path or address, a list, or titles to entries."""


def is_page_reference(path: str) -> bool:
    """Whether a nav entry names a page of the docs folder (not an address or absolute path),
    as MkDocs decides before it warns that such a page is not found."""
    parts = urlsplit(path)
    return not (parts.scheme or parts.netloc or path.startswith("/"))


def present_nav(
    nav: list[NavItem], exists: Callable[[str], bool]
) -> tuple[list[NavItem], list[str]]:
    """`nav` without the entries for pages that do not exist, nor the sections left empty;
    and the paths of the pages left out."""
    missing: list[str] = []

    def kept(item: NavItem) -> NavItem | None:
        if isinstance(item, str):
            if is_page_reference(item) and not exists(item):
                missing.append(item)
                return None
            return item
        if isinstance(item, dict):
            entries = {title: value for title, entry in item.items() if (value := kept(entry))}
            return entries or None
        return [value for entry in item if (value := kept(entry))] or None

    present = kept(nav)
    return (present if isinstance(present, list) else []), missing
