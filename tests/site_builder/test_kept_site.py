"""A served site's folders are kept between rebuilds, and the site ends as a clean build's."""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.kept_site import KeptSite


def write(site: Path, *paths: str) -> None:
    for path in paths:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(path, encoding="utf-8")


def assert_nothing_for_mkdocs_to_clean(site: Path) -> None:
    """MkDocs empties the site before a build, but for hidden files: nothing is left for it."""
    for name in os.listdir(site):
        assert name.startswith("."), f"{name} was left for MkDocs to delete"


def contents(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*")}


def test_a_rebuild_writes_into_the_kept_folders(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, "index.html", "roles/sdr/index.html", "roles/gone/index.html", "old/a/b.css")
    (site / ".hidden").write_text("mine", encoding="utf-8")
    roles = (site / "roles").stat().st_ino
    kept = KeptSite()
    kept.set_aside(str(site))
    assert_nothing_for_mkdocs_to_clean(site)
    written = ["index.html", "roles/sdr/index.html", "roles/new/index.html"]
    kept.put_back(written)
    assert (site / "roles").stat().st_ino == roles  # the same folder, not made anew
    assert not (site / "roles" / "sdr" / "index.html").exists()  # its files are gone
    write(site, *written)
    kept.sweep()
    assert contents(site) == {".hidden", "index.html", "roles", "roles/sdr", "roles/new"} | {
        "roles/sdr/index.html",
        "roles/new/index.html",
    }


def test_links_are_not_kept(tmp_path: Path) -> None:
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    write(site, "a/index.html")
    elsewhere.mkdir()
    (site / "a" / "b").symlink_to(elsewhere, target_is_directory=True)
    (site / "c").symlink_to(elsewhere, target_is_directory=True)
    kept = KeptSite()
    kept.set_aside(str(site))
    assert_nothing_for_mkdocs_to_clean(site)
    kept.put_back(["a/b/index.html", "c/index.html"])
    assert (site / "a").is_dir()
    assert not (site / "a" / "b").exists() and not (site / "c").exists()
    kept.sweep()
    assert contents(site) == set() and elsewhere.is_dir()


def test_a_folder_where_a_file_goes_is_not_put_back(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, "about/index.html", "about.html/x.png")
    kept = KeptSite()
    kept.set_aside(str(site))
    assert_nothing_for_mkdocs_to_clean(site)
    kept.put_back(["about.html"])
    assert contents(site) == {".playbook-previous-folders", ".playbook-previous-files"} | {
        ".playbook-previous-folders/about",
        ".playbook-previous-folders/about.html",
    } | {f".playbook-previous-files/{n}" for n in ("0", "1")}
    write(site, "about.html")
    kept.sweep()
    assert contents(site) == {"about.html"}


def test_a_failed_rebuild_leaves_no_hidden_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, "index.html", "a/index.html")
    kept = KeptSite()
    kept.set_aside(str(site))
    kept.put_back(["index.html"])
    kept.close()
    assert contents(site) == {"a"}  # as MkDocs leaves it: whatever the build wrote so far
