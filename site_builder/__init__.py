"""The playbook site: an MkDocs plugin, macros and renderers over the catalogue.

    from site_builder import build_site, SiteBuildError
    build_site("mkdocs.yml", site_dir=Path("site"), strict=True)

The MkDocs plugin is `site_builder.plugin:PlaybookPlugin` (the `playbook` entry point);
the renderers in `site_builder.render` turn records into Markdown without MkDocs.
"""

from .build import BUILT_FROM, SiteBuildError, build_site, use_catalogue

__all__ = ["BUILT_FROM", "SiteBuildError", "build_site", "use_catalogue"]
