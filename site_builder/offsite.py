"""What a hand-written page would make the browser fetch from outside the site.

Catalogue Markdown is checked by the validator (`catalog.refs.image_problem`); hand-written
pages may hold HTML of their own, so their converted HTML is read here instead.
"""

from __future__ import annotations

from html.parser import HTMLParser

from catalog.refs import image_problem

LOADED = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "input": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
}
"""Attributes whose address the browser fetches by itself, by tag (links are followed
only when clicked, so `a href` is not one of them)."""

NOUNS = {"img": "images", "source": "images", "input": "images", "script": "scripts"}


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None or name not in LOADED.get(tag, ()):
                continue
            if name == "srcset":  # "a.png 1x, https://host/b.png 2x"
                self.found += [(tag, c.split()[0]) for c in value.split(",") if c.strip()]
            else:
                self.found.append((tag, value))


def offsite_loads(html: str) -> list[str]:
    """A message for each address in the HTML the browser would fetch from elsewhere."""
    parser = _Loads()
    parser.feed(html)
    parser.close()
    problems = (image_problem(src, NOUNS.get(tag, f"<{tag}> sources")) for tag, src in parser.found)
    return [problem for problem in problems if problem]
