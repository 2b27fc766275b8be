"""Debian's Apache started for a test on 127.0.0.1, serving a folder with its .htaccess files."""

from __future__ import annotations

import grp
import os
import pwd
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from darmstadt_kg.publish.htaccess import apache_test_config
from tests.servers import wait_until_answering

__all__ = ["APACHE", "apache_serving", "web_server"]

APACHE = "/usr/sbin/apache2"


@contextmanager
def apache_serving(root: Path, work: Path, port: int) -> Iterator[str]:
    """Apache serving ``root`` at ``http://127.0.0.1:PORT/`` (its config, lock and logs in
    ``work``); the configuration is checked first, the server stopped on exit. Its workers run
    as www-data when started by root, so ``root`` must be readable by them."""
    if os.geteuid() == 0:
        user = group = "www-data"
    else:
        user = pwd.getpwuid(os.geteuid()).pw_name
        group = grp.getgrgid(os.getegid()).gr_name
    conf = work / "apache2.conf"
    conf.write_text(apache_test_config(str(root), port, str(work), user, group))
    # in the foreground, so that the process the test holds is the one it stops (as a daemon its
    # parent returned at once and every test run left an Apache behind)
    with web_server([APACHE, "-DFOREGROUND", "-f", str(conf)], ["-t"], port) as base:
        yield base


@contextmanager
def web_server(command: list[str], check: list[str], port: int) -> Iterator[str]:
    """A web server started for a test at ``http://127.0.0.1:PORT`` once ``command`` with
    ``check`` after the program (its configuration test) has passed; stopped on exit."""
    checked = subprocess.run(
        [command[0], *check, *command[1:]], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(  # a group of its own: Apache stops by signalling its group
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_until_answering(("127.0.0.1", port), process, timeout=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
