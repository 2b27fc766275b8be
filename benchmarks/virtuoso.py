"""A private Virtuoso for the benchmark, through the project's ``scripts/virtuoso.sh``.

Data sets go in through Virtuoso's bulk loader (``ld_dir``/``rdf_loader_run`` via ``isql-vt``):
the project's ``push_data`` sends one ``PUT``, and one of 10^6 triples (about 150 MB) is refused
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

__all__ = ["Virtuoso", "SCRIPT", "tuning"]

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "virtuoso.sh"


# The table of Debian's virtuoso.ini ("Uncomment next two lines if there is N GB system memory
# free"): GB free -> (NumberOfBuffers, MaxDirtyBuffers); each buffer holds an 8 KB page.
_BUFFER_TABLE = (
    (2, 170_000, 130_000),
    (4, 340_000, 250_000),
    (8, 680_000, 500_000),
    (16, 1_360_000, 1_000_000),
    (32, 2_720_000, 2_000_000),
    (48, 4_000_000, 3_000_000),
    (64, 5_450_000, 4_000_000),
)


def _available_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def tuning(largest_answer: int = 1_000_000, connections: int = 16) -> dict[str, str]:
    """Virtuoso's settings for this machine, as its own virtuoso.ini says to choose them.

    Buffers: the row of the ini's table ("if there is N GB system memory free") for half the
    memory available now (``MemAvailable``): the machine is shared, and the benchmark's own
    stores and servers need the other half. Virtuoso touches its buffers at start (its resident
    size grows by about 4.3 KB per buffer at start here), so this is memory really taken.
    ``ResultSetMaxRows`` above the largest answer asked for; HTTP threads,
    client connections and keep-alives for the load generator's connections plus headroom.
    """
    free = _available_gb()
    row = max((r for r in _BUFFER_TABLE if r[0] <= free / 2), default=None)
    settings = {
        "VIRTUOSO_RESULT_SET_MAX_ROWS": str(largest_answer),
        "VIRTUOSO_SERVER_THREADS": str(connections + 4),
    }
    if row is not None:
        settings["VIRTUOSO_NUMBER_OF_BUFFERS"] = str(row[1])
        settings["VIRTUOSO_MAX_DIRTY_BUFFERS"] = str(row[2])
    settings["free_gb"] = f"{free:.1f}"
    return settings


@dataclass
class Virtuoso:
    """One private instance with its database in ``folder``; ``start`` then ``stop``."""

    folder: Path
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    http_port: int = field(default_factory=servers.free_port)
    sql_port: int = field(default_factory=servers.free_port)
    started: bool = False
    settings: dict[str, str] = field(default_factory=dict)  # VIRTUOSO_* tuning knobs

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            **{k: v for k, v in self.settings.items() if k.startswith("VIRTUOSO_")},
            "VIRTUOSO_PASSWORD": self.password,
            "VIRTUOSO_HTTP_PORT": str(self.http_port),
            "VIRTUOSO_SQL_PORT": str(self.sql_port),
            # a throwaway instance on loopback, measured as an anonymous endpoint like the
            # others (scripts/virtuoso.sh otherwise asks every SPARQL client to authenticate)
            "VIRTUOSO_ANONYMOUS_SPARQL": "1",
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

    def pid(self) -> int:
        return int((self.folder / "virtuoso.pid").read_text().strip())

    def bulk_load_file(self, source: Path, graph: str) -> float:
        """Load an N-Triples file with Virtuoso's bulk loader (from a copy in its folder)."""
        name = f"bulk-{secrets.token_hex(4)}.nt"
        path = self.folder.resolve() / name
        shutil.copyfile(source, path)
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
