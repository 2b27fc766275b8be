"""The generated nginx configuration and Apache ``.htaccess``, run for real, serve the site and
nothing else (issue 23, item 5): hidden files, server configurations and symlinks leaving the
site answer 404; every answer carries ``serve``'s security headers and a Content-Type; content
negotiation weighs quality values as ``serve`` does."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from darmstadt_kg.publish.nginx import nginx_test_config
from darmstadt_kg.publish.policy import common_headers, other_policy, site_html_policy
from darmstadt_kg.publish.target import MARKER, read_manifest
from darmstadt_kg.serve.conneg import choose
from tests.servers import free_port as _free_port
from tests.system import require
from tests.webservers import apache_serving, web_server

pytestmark = [pytest.mark.nginx, pytest.mark.apache]

SECRET = Path("/etc/passwd")
FORBIDDEN = [
    f"/{MARKER}",
    "/.htaccess",
    "/nginx/darmstadt-kg.conf",
    "/apache/w3id.htaccess",
    "/passwd-link",  # -> /etc/passwd
    "/etc-link/passwd",  # a folder link -> /etc
    "/doc/passwd-link",  # deeper
    "/doc/etc-link/passwd",
    "/.git/config",  # a hidden folder someone left in the site
]
OFFERED = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
ACCEPT = [
    "text/html;q=0, text/turtle",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "text/turtle",
    "text/turtle;q=0.5, application/ld+json",
    "application/rdf+xml;q=0.9, text/turtle;q=0.8",
    "application/n-triples; q=0.3, text/html;q=0.2",
    "text/turtle;q=0.0, application/ld+json;q=0.01",
    "text/html;q=0.000, text/turtle;q=0.05",
    "text/turtle;q=1.0, text/html;q=0.9",
    "TEXT/TURTLE",
    "*/*",
]


@pytest.fixture(scope="module")
def site(site_build) -> Iterator[Path]:
    """A copy of the session's site, with things a careless operator left in it (in a folder
    Apache's workers, as www-data when the tests run as root, can read: pytest's own are
    private)."""
    root = Path(tempfile.mkdtemp(prefix="dkg-servers-"))
    try:
        root.chmod(0o755)
        out = root / "www" / "darmstadt-kg"
        yield _spoiled_copy(site_build[0], out)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _spoiled_copy(site: Path, out: Path) -> Path:
    shutil.copytree(site, out, symlinks=True)
    for folder in (out, out / "doc"):
        (folder / "passwd-link").symlink_to(SECRET)
        (folder / "etc-link").symlink_to(SECRET.parent)
    (out / ".git").mkdir()
    (out / ".git" / "config").write_text("[remote]\n")
    return out


@pytest.fixture(scope="module")
def nginx(site: Path, tmp_path_factory):
    require("nginx")
    work = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    conf = work / "nginx.conf"
    conf.write_text(nginx_test_config(str(site), port, str(work), site_html_policy(site)))
    command = ["/usr/sbin/nginx", "-c", str(conf), "-p", str(work)]
    with web_server(command, ["-t"], port) as base:
        yield base


@pytest.fixture(scope="module")
def apache(site: Path):
    require("apache2")
    work = site.parent.parent / "apache"
    work.mkdir()
    port = _free_port()
    with apache_serving(site.parent, work, port) as base:
        yield f"{base}/darmstadt-kg"


@pytest.fixture(params=["nginx", "apache"])
def server(request) -> str:
    return request.getfixturevalue(request.param)


def _assert_headers(answer: httpx.Response, policy: str) -> None:
    for name, value in common_headers():
        assert answer.headers.get(name) == value, (answer.url, name, answer.headers)
    assert answer.headers.get("content-security-policy") == policy, (answer.url, answer.headers)


@pytest.mark.parametrize("path", FORBIDDEN)
def test_what_is_not_the_site_is_not_served(server: str, site: Path, path: str):
    assert httpx.get(server + "/index.html", timeout=10).status_code == 200  # the site is served
    answer = httpx.get(server + path, timeout=10)
    assert answer.status_code in (403, 404), (path, answer.status_code)
    assert "root:" not in answer.text and "darmstadt-kg publish site" not in answer.text
    assert "RewriteRule" not in answer.text and "[remote]" not in answer.text


def test_security_headers_on_pages_files_redirects_and_errors(server: str, site: Path):
    html = site_html_policy(site)
    assert "'sha256-" in html  # the explorer's inline scripts, by hash
    with httpx.Client(base_url=server, timeout=10) as client:
        _assert_headers(client.get("/index.html"), html)
        _assert_headers(client.get("/explore/index.html"), html)
        _assert_headers(client.get("/dumps/darmstadt-kg.nt"), other_policy())
        _assert_headers(client.get("/void.ttl"), other_policy())
        redirect = client.get("/id/darmstadt", headers={"Accept": "text/turtle"})
        assert redirect.status_code == 303
        for name, value in common_headers():
            assert redirect.headers.get(name) == value, (name, redirect.headers)
        missing = client.get("/no-such-file")
        assert missing.status_code == 404
        for name, value in common_headers():
            assert missing.headers.get(name) == value, (name, missing.headers)


@pytest.mark.parametrize("accept", ACCEPT)
def test_quality_values_are_weighed_as_serve_weighs_them(server: str, accept: str):
    wanted = choose(accept, OFFERED)
    assert wanted is not None
    answer = httpx.get(server + "/id/darmstadt", headers={"Accept": accept}, timeout=10)
    assert answer.status_code == 303
    assert answer.headers["location"].endswith(f"/doc/darmstadt.{wanted}"), (accept, wanted)


def test_every_file_of_the_site_has_a_content_type(server: str, site: Path):
    names = sorted(read_manifest(site) or ())
    hidden = (".darmstadt-kg-site", ".htaccess", "nginx/", "apache/")
    served = [n for n in names if not n.startswith(hidden)]
    assert ".well-known/void" in served and len(served) > 1000
    missing = []
    with httpx.Client(base_url=server, timeout=10) as client:
        for name in served:
            answer = client.head("/" + name)
            assert answer.status_code == 200, name
            if not answer.headers.get("content-type"):
                missing.append(name)
    assert missing == []
    void = httpx.get(server + "/.well-known/void", timeout=10)
    assert void.headers["content-type"].startswith("text/turtle")


@pytest.mark.browser
@pytest.mark.parametrize("page_path", ["/explore/index.html", "/explore/geo.html", "/index.html"])
def test_pages_run_under_the_policy(nginx: str, browser, page_path: str):
    """The site-wide CSP lets every inline script of the pages run (nothing is refused)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        refused: list[str] = []
        page.on(
            "console",
            lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
        )
        answer = page.goto(nginx + page_path)
        assert answer is not None and answer.status == 200
        assert "'sha256-" in answer.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert refused == []
    finally:
        context.close()
