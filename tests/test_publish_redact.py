"""No message shows a password from a URL, in any form the URL is written (issue 23, item 5)."""

from __future__ import annotations

import pytest

from darmstadt_kg.errors import UserError
from darmstadt_kg.redact import redact
from tests.cli import run_cli

SECRET = "S3cr3t"

CASES = [
    # (text, what must remain)
    (f"http://dba:{SECRET}@127.0.0.1:8890/sparql", "http://***@127.0.0.1:8890/sparql"),
    (f"https://dba:{SECRET}@host/", "https://***@host/"),
    (f"dba:{SECRET}@host", "***@host"),
    (f"dba:{SECRET}@host:8890/x", "***@host:8890/x"),
    (f"//dba:{SECRET}@host/x", "//***@host/x"),
    (f"http://dba:{SECRET}@x@host/", "http://***@host/"),  # an unescaped @ in the password
    (f"http://dba:a/{SECRET}@host/", "http://***@host/"),  # a / in the password
    (f"http://dba:a?{SECRET}@host/", "http://***@host/"),  # a ? in the password
    (f"--url '{'dba:' + SECRET}@host' is wrong", "--url '***@host' is wrong"),
    (f"(dba:{SECRET}@host)", "(***@host)"),
    ("mailto:info@darmstadt.de", "mailto:info@darmstadt.de"),  # an address, not a credential
    ("write to info@darmstadt.de", "write to info@darmstadt.de"),
    ("http://127.0.0.1:8890/sparql", "http://127.0.0.1:8890/sparql"),
]


@pytest.mark.parametrize(("text", "shown"), CASES)
def test_redact_hides_the_user_information_of_every_url_form(text: str, shown: str):
    assert redact(text) == shown


def test_every_user_error_is_redacted_by_construction():
    assert SECRET not in str(UserError(f"cannot reach http://dba:{SECRET}@h/ — retry"))


@pytest.mark.parametrize(
    "url", [f"dba:{SECRET}@127.0.0.1:8890", f"http://dba:{SECRET}@127.0.0.1:8890"]
)
def test_push_refuses_a_url_with_credentials_without_echoing_them(url: str):
    result = run_cli("push", "--url", url, env={"DARMSTADT_KG_STORE_PASSWORD": "x"}, timeout=120)
    assert result.returncode == 2, result.stderr
    assert SECRET not in result.stderr + result.stdout
    assert "user name or password" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_query_against_an_endpoint_with_credentials_does_not_echo_them():
    url = f"http://dba:{SECRET}@127.0.0.1:9/sparql"
    result = run_cli("query", "--endpoint", url, "ASK {}", timeout=120)
    assert result.returncode == 7, result.stderr
    assert SECRET not in result.stderr + result.stdout
    assert "http://***@127.0.0.1:9/sparql" in result.stderr
