"""`playbook quiz ...` and the Flask CLI: the same operations, errors printed at the edge."""

from __future__ import annotations

import pytest

from catalog.cli import main
from quiz_server.db import connect


@pytest.fixture
def env(tmp_path, mini_content, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PLAYBOOK_CONTENT", str(mini_content))
    monkeypatch.setenv("PLAYBOOK_SECRET_KEY", "cli-secret")
    monkeypatch.delenv("PLAYBOOK_ENV", raising=False)
    return tmp_path / "data"


def test_quiz_commands(env, capsys):
    assert main(["quiz", "init-db"]) == 0
    assert (
        "applied 0001_initial, 0002_attempt_grants, 0003_catalog_imports" in capsys.readouterr().out
    )
    assert main(["quiz", "migrate"]) == 0
    assert "already up to date" in capsys.readouterr().out
    assert main(["quiz", "reload"]) == 0
    out = capsys.readouterr().out
    assert " imported (" in out and "4 person" in out
    assert "The site is not rebuilt by this: `playbook build`" in out
    assert main(["quiz", "invite", "bob"]) == 0
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/train/auth/invite/" in out
    assert main(["quiz", "create-admin", "ops@harbour.example"]) == 0
    assert "/train/auth/link/" in capsys.readouterr().out
    assert main(["quiz", "backup", str(env / "b.db")]) == 0
    assert (env / "b.db").is_file()
    conn = connect(env / "training.db")
    actions = [r["action"] for r in conn.query("select action from audit_log order by id")]
    conn.close()
    assert actions == ["catalog.imported", "account.invited", "account.admin_created"]


def test_quiz_errors_are_messages(env, capsys):
    assert main(["quiz", "invite", "bob"]) == 1
    assert "error: no database at" in capsys.readouterr().err
    main(["quiz", "init-db"])
    assert main(["quiz", "invite", "nobody"]) == 1
    assert capsys.readouterr().err == "error: no person 'nobody' in the catalogue\n"


def test_production_without_secret_refuses(env, capsys, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_ENV", "production")
    monkeypatch.delenv("PLAYBOOK_SECRET_KEY")
    assert main(["quiz", "init-db"]) == 1
    assert "production mode refuses to start" in capsys.readouterr().err


def test_flask_cli_uses_the_same_operations(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["invite", "dee"])
    assert result.exit_code == 0 and "/train/auth/invite/" in result.output
    assert "already up to date" in runner.invoke(args=["migrate"]).output
    result = runner.invoke(args=["backup", str(app.config["DATA_DIR"] / "x.db")])
    assert "backed up" in result.output


@pytest.mark.parametrize("port", ["99999", "-1", "0", "http"])
def test_serve_refuses_a_port_out_of_range(port, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--port", port])
    assert exited.value.code == 2
    assert f"'{port}' is not a port number from 1 to 65535" in capsys.readouterr().err
