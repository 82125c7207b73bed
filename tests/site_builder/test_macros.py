"""The catalogue macros that hand-written pages call, through a stand-in for mkdocs-macros."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from site_scan import MINI, ROOT

from catalog import load_catalog
from site_builder.config import PlaybookConfig
from site_builder.macros import UnknownRecord, define_env
from site_builder.render import RenderContext


class FakeEnv:
    """What define_env uses of mkdocs-macros' environment: the config, `macro`, and the
    page being rendered (`on` sets its Markdown file)."""

    def __init__(self, plugins: dict[str, Any]) -> None:
        self.conf = SimpleNamespace(plugins=plugins)
        self.macros: dict[str, Callable[..., str]] = {}
        self.on("index.md")

    def on(self, src: str) -> None:
        self.page = SimpleNamespace(file=SimpleNamespace(src_uri=src))

    def macro(self, function: Callable[..., str], name: str | None = None) -> Callable[..., str]:
        self.macros[name or function.__name__] = function
        return function


@pytest.fixture(scope="module")
def env() -> FakeEnv:
    context = RenderContext(load_catalog(MINI, cache=False))
    env = FakeEnv({"playbook": SimpleNamespace(context=context)})
    define_env(env)
    return env


@pytest.fixture
def macros(env: FakeEnv) -> dict[str, Callable[..., str]]:
    env.on("index.md")
    return env.macros


def test_every_documented_macro_is_defined(macros: dict[str, Callable[..., str]]) -> None:
    expected = {
        "raci_matrix",
        "process_steps",
        "flow_diagram",
        "onboarding_path",
        "team_raci",
        "counts",
        "start_here",
        "recent_changes",
        "catalogue_version",
    }
    assert expected <= set(macros)


def test_record_views(macros: dict[str, Callable[..., str]]) -> None:
    assert "| [2. Qualify the lead](process:lead-routing#qualify) | C | I | R | A |" in (
        macros["raci_matrix"]("lead-routing")
    )
    assert "{#step-qualify}" in macros["process_steps"]("lead-routing")
    assert macros["flow_diagram"]("lead-routing").count("``` mermaid") == 1
    assert "1. [Lead routing](process:lead-routing)" in macros["onboarding_path"]("sdr")
    assert "| [Lead routing](process:lead-routing) | R | AI |" in macros["team_raci"]("sales")


@pytest.mark.parametrize(
    ("src", "href"),
    [
        ("index.md", "processes/nurture-campaign/"),
        ("flows.md", "../processes/nurture-campaign/"),
        ("guides/index.md", "../processes/nurture-campaign/"),
        ("guides/deep.md", "../../processes/nurture-campaign/"),
    ],
)
def test_a_flow_diagram_links_sub_processes_from_the_page_it_is_on(
    env: FakeEnv, src: str, href: str
) -> None:
    env.on(src)
    assert f'click p_nurture_campaign href "{href}"' in env.macros["flow_diagram"]("lead-routing")


def test_catalogue_views(macros: dict[str, Callable[..., str]]) -> None:
    assert "| [Processes](site:processes/index.md) | 2 |" in macros["counts"]()
    assert "[Sales Development Representative](role:sdr)" in macros["start_here"]()
    assert macros["recent_changes"](1).count("\n") == 2  # header, rule, one row


def test_unknown_record_names_the_kind_and_known_ids(macros) -> None:
    with pytest.raises(UnknownRecord, match="no process 'lead-routeing' in the catalogue"):
        macros["raci_matrix"]("lead-routeing")


def test_macros_need_the_playbook_plugin() -> None:
    env = FakeEnv({})
    define_env(env)
    with pytest.raises(RuntimeError, match="need the playbook plugin"):
        env.macros["counts"]()


def test_the_editing_guide_documents_every_macro_and_option(
    macros: dict[str, Callable[..., str]],
) -> None:
    guide = (ROOT / "content" / "pages" / "editing.md").read_text(encoding="utf-8")
    assert [name for name in sorted(macros) if f"{{{{ {name}(" not in guide] == []
    options = [name for name, _ in PlaybookConfig._schema]
    assert [name for name in options if f"| `{name}` |" not in guide] == []
