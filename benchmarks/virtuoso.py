"""A private Virtuoso for the benchmark, through the project's ``scripts/virtuoso.sh``.

The Darmstadt graph goes in through the project's own ``push_data`` (Graph Store Protocol);
generated data sets go in through Virtuoso's bulk loader (``ld_dir``/``rdf_loader_run`` via
``isql-vt``), because ``push_data``'s single ``PUT`` of 10^6 triples (about 150 MB) is refused
by Virtuoso 7.2 with a connection reset.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import servers

__all__ = ["Virtuoso", "SCRIPT"]

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "virtuoso.sh"


@dataclass
class Virtuoso:
    """One private instance with its database in ``folder``; ``start`` then ``stop``."""

    folder: Path
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    http_port: int = field(default_factory=servers.free_port)
    sql_port: int = field(default_factory=servers.free_port)
    started: bool = False

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "VIRTUOSO_PASSWORD": self.password,
            "VIRTUOSO_HTTP_PORT": str(self.http_port),
            "VIRTUOSO_SQL_PORT": str(self.sql_port),
        }

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def endpoint(self) -> str:
        return self.base + "/sparql"

    def version(self) -> str:
        done = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True, check=False)
        for line in (done.stdout + done.stderr).splitlines():
            if "Version" in line:
                return " ".join(line.split())
        return "unknown"

    def start(self) -> None:
        subprocess.run(["bash", str(SCRIPT), "install"], check=True, env=self.env, timeout=900)
        self.folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["bash", str(SCRIPT), "start", str(self.folder)],
            check=True,
            env=self.env,
            timeout=300,
            capture_output=True,
        )
        self.started = True

    def stop(self) -> None:
        if self.started:
            subprocess.run(
                ["bash", str(SCRIPT), "stop", str(self.folder)],
                env=self.env,
                timeout=120,
                check=False,
            )
            self.started = False

    def push_store(self, store, graph: str) -> float:
        """Push a pyoxigraph store with the project's ``push_data``; seconds taken."""
        import pyoxigraph as ox

        from darmstadt_kg.publish.store import Credentials, push_data

        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        report = push_data(
            data,
            len(store),
            self.base,
            graph=graph,
            credentials=Credentials("dba", self.password),
            timeout=600,
        )
        return report.seconds

    def bulk_load(self, store, graph: str) -> float:
        """Load a pyoxigraph store's triples with Virtuoso's bulk loader; seconds taken."""
        import pyoxigraph as ox

        name = f"bulk-{secrets.token_hex(4)}.nt"
        path = self.folder.resolve() / name
        store.dump(output=str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        script = (
            f"ld_dir('{self.folder.resolve()}', '{name}', '{graph}');\n"
            "rdf_loader_run();\ncheckpoint;\n"
        )
        started = time.perf_counter()
        # isql-vt takes the password as an argument (visible to local `ps`): acceptable here only
        # because the instance is private, on loopback, with a password made for this run.
        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", self.password],
            input=script,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        seconds = time.perf_counter() - started
        path.unlink(missing_ok=True)
        if done.returncode != 0 or "Error" in done.stdout:
            raise RuntimeError(f"bulk load failed: {done.stdout[-300:]} {done.stderr[-300:]}")
        return seconds

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
