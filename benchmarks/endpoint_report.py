"""ENDPOINT.md from the runs of ``benchmarks.endpoint_bench``: medians per server and
concurrency, ratios of medians, req/s round by round, CPU per request by process."""

from __future__ import annotations

import platform
import statistics

from benchmarks import endpoint, oxigraph_server

__all__ = ["summary", "tables", "report", "UNGUARDED"]

UNGUARDED = "oxigraph"  # the name of Oxigraph's server without a time limit


def summary(runs: list[dict]) -> list[dict]:
    """Per server and concurrency, in the order first met: the medians of req/s, p50 and p99
    over the rounds it finished, the range of req/s, the errors, and CPU ms per request by
    process (each process's CPU summed over those rounds ÷ the requests answered in them)."""
    keys = list(dict.fromkeys((r["server"], r["concurrency"]) for r in runs))
    out = []
    for server, c in keys:
        done = [
            r for r in runs if (r["server"], r["concurrency"]) == (server, c) and "died" not in r
        ]
        died = sum(
            1 for r in runs if (r["server"], r["concurrency"]) == (server, c) and "died" in r
        )
        if not done:
            out.append({"server": server, "concurrency": c, "rounds": 0, "died": died})
            continue
        rps = [r["rps"] for r in done]
        served = sum(r["served"] for r in done) or 1
        cpu = [sum(part) * 1000 / served for part in zip(*(r["cpu_s"] for r in done), strict=True)]
        out.append(
            {
                "server": server,
                "concurrency": c,
                "rounds": len(done),
                "died": died,
                "rps": statistics.median(rps),
                "rps_range": (min(rps), max(rps)),
                "p50": statistics.median(r["p50"] for r in done),
                "p99": statistics.median(r["p99"] for r in done),
                "errors": sum(r["errors"] for r in done),
                "requests": sum(r["requests"] for r in done),
                "cpu_ms": cpu,
                "per_round": {r["round"]: r["rps"] for r in done},
            }
        )
    return out


def _ratio(value: float, against: dict | None) -> str:
    return f"{value / against['rps']:.2f}×" if against and against.get("rps") else "–"


def _cpu(row: dict) -> str:
    cpu = row["cpu_ms"]
    return f"arbiter {cpu[0]:.3f} + workers {cpu[1]:.3f}" if len(cpu) == 2 else f"{cpu[0]:.3f}"


def tables(rows: list[dict], rounds: int) -> list[str]:
    """The medians with ratios and CPU, then req/s round by round."""
    by = {(r["server"], r["concurrency"]): r for r in rows}
    limited = next((r["server"] for r in rows if r["server"].startswith(UNGUARDED + " ")), None)
    out = [
        "| server | c | rounds | req/s | req/s min–max | p50 ms | p99 ms | errors "
        "| ÷ unguarded | ÷ time-limited | CPU ms per request (by process) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        c = r["concurrency"]
        if not r["rounds"]:
            out.append(f"| {r['server']} | {c} | 0 | died in every round | | | | | | | |")
            continue
        low, high = r["rps_range"]
        out.append(
            f"| {r['server']} | {c} | {r['rounds']} | {r['rps']:,.0f} | {low:,.0f}–{high:,.0f} "
            f"| {r['p50'] * 1000:.2f} | {r['p99'] * 1000:.2f} | {r['errors']} "
            f"| {_ratio(r['rps'], by.get((UNGUARDED, c)))} "
            f"| {_ratio(r['rps'], by.get((limited, c)))} | {_cpu(r)} |"
        )
    numbers = range(1, rounds + 1)
    out += [
        "",
        "req/s round by round (– where the server had died):",
        "",
        "| server | c | " + " | ".join(f"round {n}" for n in numbers) + " |",
        "|---|---|" + "---|" * rounds,
    ]
    for r in rows:
        seen = r.get("per_round", {})
        cells = [f"{seen[n]:,.0f}" if n in seen else "–" for n in numbers]
        out.append(f"| {r['server']} | {r['concurrency']} | " + " | ".join(cells) + " |")
    return out


def _cpus_sentence(info: dict) -> str:
    """How many workers serve chose for the CPUs the servers were given."""
    cpus, workers = info["cpus"], info["workers"]
    return (
        f" Each server runs as it starts by default on the {cpus} CPU(s) it is given: serve chose "
        f"{workers} worker process(es) (one per CPU it may run on, at most two); Oxigraph's "
        "server has no such option."
    )


def _limit_sentence(info: dict) -> str:
    tried = f"tried from {info['tried'][0]:g} s down in a probe of one wrk run per concurrency"
    lost = "; ".join(f"{limit:g} s ({why})" for limit, why in info["lost"])
    if not info["limit"]:
        return f"Oxigraph survived the probe with none of the time limits ({tried}: {lost})."
    return f"The time-limited Oxigraph is `{info['limit']}` ({tried}" + (
        f"; it did not survive {lost})." if lost else ")."
    )


def report(results: dict, args, seconds: float) -> str:
    """ENDPOINT.md."""
    lines = [
        "# The endpoint beside Oxigraph's server",
        "",
        f"Generated by `{results['command']}` on {results['date']} in {seconds / 60:.1f} min; "
        f"{platform.platform()}, Python {platform.python_version()}, "
        f"{oxigraph_server.version()}. Load average before the run: {results['load']}.",
        "",
        f"The three servers of a workload run side by side, pinned to every CPU but wrk's. "
        f"{args.rounds} rounds; in each, every server gets one wrk run at c=1 and one at c=16 "
        f"({args.duration:g} s each after 1 s of warm-up); the servers' order turns by one "
        "from round to round and c=1 goes first in odd rounds, c=16 in even ones, so a slow "
        "spell of the shared machine falls on each alike. Figures are medians over the rounds "
        "(req/s also with its range); ratios are of medians. Uncached: `serve --cache-mb 0`, "
        f"with `--per-client {endpoint.PER_CLIENT}`: wrk is one client address, and serve's "
        "default share (one query at a time per address and worker) would queue its "
        "connections on purpose, which Oxigraph does not; "
        "each server on its allocator as shipped: serve starts itself again on jemalloc "
        "(src/darmstadt_kg/allocator.py), Oxigraph's server on glibc's malloc. Only queries "
        "whose answers are equal "
        "on every server are timed. CPU ms per request is where the time goes: user + system "
        "CPU of each process during all rounds' runs (warm-up included) ÷ the requests "
        "answered in them — serve's arbiter (it only supervises) and its pre-forked workers "
        "(HTTP and the query, in one process each), Oxigraph's one process (all threads).",
        "",
    ]
    for key, title in (
        ("library", "Library questions over the Darmstadt graph"),
        ("lookups", f"Distinct lookups and 2-hop joins over {results['size']:,} triples"),
    ):
        info = results[key]
        differing = {q: v for q, v in info["verdicts"].items() if q not in info["equal"]}
        lines += [
            f"## {title}",
            "",
            f"Equal answers: {len(info['equal'])} of {len(info['verdicts'])} compared queries. "
            + _limit_sentence(info)
            + _cpus_sentence(info),
            "",
            *tables(summary(info["runs"]), args.rounds),
            "",
            *([f"Left out (answers not equal): {differing}", ""] if differing else []),
            *(
                ["Failures in the rounds: " + "; ".join(info["events"]) + ".", ""]
                if info["events"]
                else []
            ),
        ]
    first, second = results["first_view"]
    lines += [
        "## /id/darmstadt",
        "",
        f"First view on a fresh server (303 and the HTML page): {first:.3f} s; second: "
        f"{second:.3f} s.",
        "",
    ]
    return "\n".join(lines)
