"""The `playbook validate` and `playbook schema` commands, run as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.schema import SCHEMA_DIR

ROOT = Path(__file__).resolve().parents[2]


def playbook(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "catalog.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def test_validate_prints_summary_and_exits_0(mini_content: Path) -> None:
    result = playbook("validate", str(mini_content))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == (
        "25 records (3 domain, 2 team, 4 role, 4 person, 2 process, 2 tool, 2 data, 2 kpi, "
        "2 term, 2 training); 0 error(s), 3 warning(s)"
    )


def test_validate_broken_catalogue_exits_1_without_traceback(mini_content: Path) -> None:
    (mini_content / "tools" / "crm.yml").write_text("title: [CRM\n")
    result = playbook("validate", "content", cwd=mini_content.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        "content/tools/crm.yml:2:1: error: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence)"
    ) in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1].endswith("; 1 error(s), 3 warning(s)")


def test_validate_missing_folder_is_a_clean_error(tmp_path: Path) -> None:
    result = playbook("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "content folder not found" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        (
            "notes",
            "notes:1:1: error: no records found: a catalogue folder holds domains/, teams/, "
            "roles/, people/ ... with one .yml file per record",
        ),
        (
            "content/roles",
            "content/roles:1:1: error: no records found: this is the roles/ folder of a "
            "catalogue; give the catalogue folder (content)",
        ),
    ],
)
def test_validate_a_folder_without_records_fails(
    mini_content: Path, folder: str, message: str
) -> None:
    (mini_content.parent / "notes" / "drafts").mkdir(parents=True)
    result = playbook("validate", folder, cwd=mini_content.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        message,
        "0 records (0 domain, 0 team, 0 role, 0 person, 0 process, 0 tool, 0 data, 0 kpi, "
        "0 term, 0 training); 1 error(s), 0 warning(s)",
    ]


def test_validate_json_report(mini_content: Path) -> None:
    (mini_content / "tools" / "crm.yml").write_text("title: CRM\n")
    result = playbook("validate", "content", "--format", "json", cwd=mini_content.parent)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["counts"]["tool"] == 1
    assert report["errors"] == 4
    first = report["problems"][0]
    assert first == {
        "file": "content/kpis/win-rate.yml",
        "line": 2,
        "column": 1,
        "severity": "warning",
        "code": "kpi-unmoved",
        "message": "no process moves this KPI",
    }
    codes = {p["code"] for p in report["problems"] if p["severity"] == "error"}
    # references to the broken tool are not reported again: its own errors say it all
    assert codes == {"schema-missing"}


def test_validate_github_annotations(mini_content: Path) -> None:
    (mini_content / "tools" / "crm.yml").write_text("title: CRM, the one\nvendor: x\n")
    result = playbook("validate", "content", "--format", "github", cwd=mini_content.parent)
    assert result.returncode == 1
    assert (
        "::error file=content/tools/crm.yml,line=1,col=1,title=schema-missing::category: "
        "missing required field"
    ) in result.stdout.splitlines()


def test_schema_check_passes_on_committed_schemas() -> None:
    result = playbook("schema", "--check")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("schemas are current")


def test_schema_check_fails_when_stale(tmp_path: Path) -> None:
    assert playbook("schema", "--out", str(tmp_path)).returncode == 0
    (tmp_path / "role.schema.json").write_text("{}")
    result = playbook("schema", "--out", str(tmp_path), "--check")
    assert result.returncode == 1
    assert "stale schemas: role.schema.json" in result.stdout


@pytest.mark.parametrize("kind_file", sorted(p.name for p in SCHEMA_DIR.glob("*.json")))
def test_every_schema_field_is_documented(kind_file: str) -> None:
    schema = json.loads((SCHEMA_DIR / kind_file).read_text())
    assert schema["additionalProperties"] is False
    undocumented = []
    for name, model in [("", schema), *schema.get("$defs", {}).items()]:
        for field, spec in model.get("properties", {}).items():
            if field not in {"kind", "type"} and not spec.get("description"):
                undocumented.append(f"{name}.{field}")
    assert undocumented == []


def test_no_bundled_record_misses_a_field_its_schema_requires() -> None:
    import yaml

    from catalog.models import RECORD_TYPES

    root = Path(__file__).resolve().parents[2] / "content"
    for kind, cls in RECORD_TYPES.items():
        schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text())
        files = sorted((root / cls.FOLDER).glob("*.yml"))
        assert files, kind
        for path in files:
            missing = set(schema["required"]) - set(yaml.safe_load(path.read_text()))
            assert not missing, f"{path.name} lacks {missing} required by {kind}.schema.json"


def test_a_reader_that_stops_early_gets_no_traceback(mini_content: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "catalog.cli", "validate", str(mini_content)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    child.stdout.close()  # like `playbook validate | head -0`
    with child.stderr:
        stderr = child.stderr.read().decode()
    assert child.wait(timeout=120) == 141
    assert stderr == ""
