"""``scripts/virtuoso.sh start`` on an existing database: it applies the ports it is given now,
and refuses with one line a password that is not the database's (and leaves no server running).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.servers import free_port
from tests.system import require

pytestmark = pytest.mark.virtuoso

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "virtuoso.sh"


def _script(action: str, folder: Path, password: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "VIRTUOSO_PASSWORD": password,
        "VIRTUOSO_HTTP_PORT": str(free_port()),
        "VIRTUOSO_SQL_PORT": str(free_port()),
    }
    done = subprocess.run(
        ["bash", str(SCRIPT), action, str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    done.http_port = env["VIRTUOSO_HTTP_PORT"]  # type: ignore[attr-defined]
    return done


def _answers(port: str, password: str) -> bool:
    """The dba's ASK is answered; an anonymous one is refused (no endpoint is anonymous)."""
    url = f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D"
    anonymous = httpx.get(url, timeout=30)
    answer = httpx.get(url, auth=httpx.DigestAuth("dba", password), timeout=30)
    return anonymous.status_code == 401 and answer.status_code == 200


def test_a_restart_takes_the_new_ports_and_refuses_another_password(tmp_path):
    require("virtuoso-opensource")
    folder, password = tmp_path / "virtuoso-db", secrets.token_urlsafe(12)
    first = _script("start", folder, password)
    assert first.returncode == 0, first.stderr
    try:
        assert _answers(first.http_port, password)
    finally:
        assert _script("stop", folder, password).returncode == 0
    again = _script("start", folder, password)  # the same database, other ports
    assert again.returncode == 0, again.stderr
    try:
        assert again.stdout.strip() == f"http://127.0.0.1:{again.http_port}/sparql"
        assert _answers(again.http_port, password)
    finally:
        assert _script("stop", folder, password).returncode == 0
    wrong = _script("start", folder, secrets.token_urlsafe(12))
    assert wrong.returncode == 1
    lines = wrong.stderr.strip().splitlines()
    assert len(lines) == 1 and "has another dba password" in lines[0], wrong.stderr
    assert not (folder / "virtuoso.pid").exists()  # refused: no server left running


def test_a_database_that_answers_anonymous_sparql_is_refused(tmp_path):
    """A database whose /sparql is anonymous again (as one from an older virtuoso.sh): start
    refuses it in one line and leaves no server running."""
    require("virtuoso-opensource")
    folder, password = tmp_path / "virtuoso-db", secrets.token_urlsafe(12)
    first = _script("start", folder, password)
    assert first.returncode == 0, first.stderr
    try:
        sql_port = re.search(
            r"ServerPort\s*=\s*127\.0\.0\.1:(\d+)", (folder / "virtuoso.ini").read_text()
        )
        reopen = (
            "DB.DBA.VHOST_REMOVE (lpath=>'/sparql');\n"
            "DB.DBA.VHOST_DEFINE (lpath=>'/sparql', ppath=>'/!sparql/', is_dav=>1, "
            "vsp_user=>'dba', opts=>vector ('noinherit', 1));\ncheckpoint;\n"
        )
        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{sql_port.group(1)}", "dba", password],
            input=reopen,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0 and "Error" not in done.stdout, done.stdout
        url = f"http://127.0.0.1:{first.http_port}/sparql?query=ASK%7B%7D"
        assert httpx.get(url, timeout=30).status_code == 200  # anonymous again
    finally:
        assert _script("stop", folder, password).returncode == 0
    again = _script("start", folder, password)
    assert again.returncode == 1
    lines = again.stderr.strip().splitlines()
    assert len(lines) == 1 and "answers anonymous SPARQL" in lines[0], again.stderr
    assert not (folder / "virtuoso.pid").exists()
