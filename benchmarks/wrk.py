"""Debian's ``wrk`` as the load generator, driven by a generated Lua script.

Two workloads, both SPARQL protocol ``POST`` requests (URL-encoded form; no URL limit applies;
``Accept`` as :func:`benchmarks.engines.accept_for` chooses per query):

* *cycled*: a fixed list of queries sent in turn (the question library);
* *distinct*: query templates with the placeholder ``CITYNUM``, replaced per request by a random
  synthetic city number, so that no two consecutive requests ask the same thing.

``wrk`` runs one thread with ``c`` kept-alive connections, pinned with ``taskset`` to the last
CPU while the servers are pinned to the others (see :func:`server_cpus`), after a one-second
warm-up run whose figures are dropped. The script's ``done`` prints one JSON line: requests,
seconds, latency percentiles, socket errors and non-2xx answers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

__all__ = ["WrkResult", "run_wrk", "server_cpus", "wrk_cpus", "version"]


def _cpus() -> list[int]:
    return sorted(os.sched_getaffinity(0))


def wrk_cpus() -> list[int]:
    """The CPU wrk runs on: the last one (when there are at least two)."""
    cpus = _cpus()
    return cpus[-1:] if len(cpus) >= 2 else cpus


def server_cpus() -> list[int]:
    """The CPUs the servers run on: every one but wrk's (all of them on a single CPU)."""
    cpus = _cpus()
    return cpus[:-1] if len(cpus) >= 2 else cpus


def version() -> str:
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return (done.stdout + done.stderr).strip().splitlines()[0] if shutil.which("wrk") else "no wrk"


@dataclass
class WrkResult:
    """What one wrk run saw."""

    concurrency: int
    seconds: float
    requests: int
    p50: float
    p99: float
    errors: int
    first_error: str = ""
    non_2xx: int = 0
    warmup_requests: int = 0  # sent in the warm-up run before (not timed)

    @property
    def rps(self) -> float:
        """Answers with status 2xx per second (wrk counts non-2xx answers as requests)."""
        ok = self.requests - self.non_2xx
        return ok / self.seconds if self.seconds else 0.0


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


_LUA = """
local bodies = {%(bodies)s}
local accepts = {%(accepts)s}
local path = %(path)s
local distinct = %(distinct)s
local cities = %(cities)d
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
math.randomseed(%(seed)d)
request = function()
  local i = (n %% #bodies) + 1
  local body = bodies[i]
  wrk.headers["Accept"] = accepts[i]
  n = n + 1
  if distinct then
    body = string.gsub(body, "CITYNUM", tostring(math.random(0, cities - 1)))
  end
  return wrk.format(nil, path, nil, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "us": %%d, "p50": %%d, "p99": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def _script(url_path, bodies, accepts, distinct: bool, cities: int, seed: int) -> str:
    return _LUA % {
        "bodies": ", ".join(_lua_string(b) for b in bodies),
        "accepts": ", ".join(_lua_string(a) for a in accepts),
        "path": _lua_string(url_path),
        "distinct": "true" if distinct else "false",
        "cities": max(cities, 1),
        "seed": seed,
    }


def run_wrk(
    url: str,
    queries: list[str],
    *,
    concurrency: int,
    duration: float,
    params: dict | None = None,
    cities: int = 0,
    warmup: float = 1.0,
    timeout: float = 30.0,
) -> WrkResult:
    """Send the ``queries`` in turn (or, with ``cities``, as templates made distinct)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    from benchmarks.engines import accept_for

    if not shutil.which("wrk"):
        raise RuntimeError("wrk is missing: install Debian's wrk (apt-get install wrk)")

    bodies = [urlencode({"query": q, **(params or {})}) for q in queries]
    accepts = [accept_for(q) for q in queries]
    folder = Path(tempfile.mkdtemp(prefix="wrk-"))
    try:
        script = folder / "workload.lua"
        script.write_text(
            _script(parts.path, bodies, accepts, bool(cities), cities, 7), encoding="utf-8"
        )
        pin = ["taskset", "-c", ",".join(map(str, wrk_cpus()))] if shutil.which("taskset") else []
        base = f"{parts.scheme}://{parts.netloc}"

        def once(seconds: float) -> dict:
            command = [
                *pin,
                "wrk",
                "-t1",
                f"-c{concurrency}",
                f"-d{max(seconds, 1):g}s",
                f"--timeout={timeout:g}s",
                "-s",
                str(script),
                base,
            ]
            done = subprocess.run(
                command, capture_output=True, text=True, check=False, timeout=seconds + timeout + 30
            )
            line = [x for x in done.stdout.splitlines() if x.startswith('{"requests"')]
            if done.returncode != 0 or not line:
                raise RuntimeError(f"wrk failed: {done.stderr.strip()[-300:]}")
            return json.loads(line[-1])

        warmed = once(warmup)["requests"] if warmup > 0 else 0
        r = once(duration)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    socket_errors = r["connect"] + r["read"] + r["write"] + r["timeout"]
    errors = socket_errors + r["status"]
    what = []
    if r["status"]:
        what.append(f"{r['status']} non-2xx answers")
    if socket_errors:
        what.append(
            f"socket errors: connect {r['connect']}, read {r['read']}, "
            f"write {r['write']}, timeout {r['timeout']}"
        )
    return WrkResult(
        concurrency=concurrency,
        seconds=r["us"] / 1e6,
        requests=r["requests"],
        p50=r["p50"] / 1e6,
        p99=r["p99"] / 1e6,
        errors=errors,
        first_error="; ".join(what),
        non_2xx=r["status"],
        warmup_requests=warmed,
    )
