# ruff: noqa: E501 - the report is long Markdown table rows and sentences
"""RESULTS.md: every figure, each beside its peer measured in the same run, and the targets."""

from __future__ import annotations

from benchmarks import workload
from benchmarks.stats import fmt_ms, fmt_ratio, ratio

__all__ = ["render"]


def _mb(v) -> str:
    return "–" if v is None else f"{v:.0f}"


def _verdict(ok: bool | None, text: str) -> str:
    mark = {True: "MET", False: "MISSED", None: "NOT MEASURED"}[ok]
    return f"- **{mark}** — {text}"


def _load_part(load: dict) -> tuple[list[str], list[str]]:
    lines = ["## 2. Load (fresh process per run; memory = peak RSS minus RSS after imports)", "",
             "| triples in file | loader | seconds | triples/s | peak MB | rate vs raw pyoxigraph "
             "| memory vs raw pyoxigraph |", "|---|---|---|---|---|---|---|"]  # fmt: skip
    targets = []
    for size, kinds in load.items():
        raw = kinds.get("pyoxigraph", {})
        raw_rate = raw.get("triples", 0) / raw["seconds"] if raw.get("seconds") else float("nan")
        for kind, r in kinds.items():
            if "error" in r:
                lines.append(f"| {size:,} | {kind} | {r['error']} | | | | |")
                continue
            # the rate counts the file's triples for every loader (the project adds derived ones)
            file_triples = raw.get("triples", r["triples"])
            rate = file_triples / r["seconds"]
            lines.append(
                f"| {size:,} | {kind} | {r['seconds']:.2f} | {rate:,.0f} | {_mb(r['peak_mb'])} | "
                f"{fmt_ratio(ratio(rate, raw_rate))} | "
                f"{fmt_ratio(ratio(r['peak_mb'], raw.get('peak_mb', float('nan'))))} |"
            )
        proj = kinds.get("project", {})
        if "seconds" in proj and "seconds" in raw:
            rr = ratio(raw["triples"] / proj["seconds"], raw_rate)
            mr = ratio(proj["peak_mb"], raw["peak_mb"])
            parse = kinds.get("project-parse", {})
            split = (
                f"; parsing {parse['seconds']:.2f} s, deriving {proj['triples'] - parse['triples']:,} "
                f"shortcut triples ≈ {proj['seconds'] - parse['seconds']:.2f} s"
                if "seconds" in parse
                else ""
            )
            targets.append(
                _verdict(
                    rr >= 0.8,
                    f"load rate at {size:,}: {rr:.2f}× raw pyoxigraph "
                    f"(target ≥ 0.8×; {rr - 0.8:+.2f}{split})",
                )
            )
            targets.append(
                _verdict(
                    mr <= 1.2,
                    f"load memory at {size:,}: {mr:.2f}× raw pyoxigraph "
                    f"(target ≤ 1.2×; {mr - 1.2:+.2f})",
                )
            )
    lines.append("")
    lines.append(
        "The project's loader also derives the shortcut triples of `ontology/rules/` "
        "(its store ends larger than the file); rates count the file's triples. "
        "`project-parse` is the same loader without that derivation. The pyoxigraph-based "
        "loaders ran three times each, interleaved; the table shows the median run "
        "(every run's seconds below), rdflib ran once."
    )
    lines.append("")
    for size, kinds in load.items():
        spread = ", ".join(
            f"{kind} {' / '.join(f'{s:.2f}' for s in r['runs'])}"
            for kind, r in kinds.items()
            if r.get("runs")
        )
        if spread:
            lines.append(f"- {size:,}: {spread} s")
    return lines, targets


def _query_part(queries: dict) -> tuple[list[str], list[str]]:
    lines = ["## 3. Queries (median / p99 in ms; n = timed runs after one warm-up)", "",
             "Embedded and rdflib run in this process; Virtuoso is asked over HTTP on 127.0.0.1 "
             "(JSON results), so its figures include the HTTP round trip.", ""]  # fmt: skip
    targets = []
    sizes = list(queries)
    for size in sizes:
        table = queries[size]
        engines = sorted({e for row in table.values() for e in row},
                         key=["embedded", "rdflib", "virtuoso"].index)  # fmt: skip
        lines += [f"### {size:,} triples", "",
                  "| query | " + " | ".join(f"{e} median / p99 (n, rows)" for e in engines)
                  + " | embedded ÷ virtuoso (median) |",
                  "|---|" + "---|" * (len(engines) + 1)]  # fmt: skip
        for name, row in table.items():
            cells = []
            for e in engines:
                t = row[e]
                cells.append(
                    t.error[:60]
                    if t.error
                    else f"{fmt_ms(t.median)} / {fmt_ms(t.p99)} ({len(t.samples)}, {t.rows})"
                )
            r = (
                ratio(row["embedded"].median, row["virtuoso"].median)
                if "virtuoso" in row
                else float("nan")
            )  # noqa: E501
            lines.append(f"| {name} | " + " | ".join(cells) + f" | {fmt_ratio(r)} |")
        lines.append("")
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        for name in workload.SELECTIVE:
            a, b = (
                queries[lo][f"scale: {name}"]["embedded"],
                queries[hi][f"scale: {name}"]["embedded"],
            )
            r = ratio(b.median, a.median)
            targets.append(_verdict(r <= 2, f"selective '{name}' flat: median at {hi:,} is {r:.2f}× "
                                    f"the median at {lo:,} ({fmt_ms(b.median)} vs {fmt_ms(a.median)} ms;"
                                    f" target ≤ 2×; {r - 2:+.2f})"))  # fmt: skip
    hi = sizes[-1]
    for name in workload.AGGREGATE:
        row = queries[hi][f"scale: {name}"]
        if "virtuoso" not in row or row["virtuoso"].error:
            targets.append(_verdict(None, f"aggregate '{name}' at {hi:,}: no Virtuoso figure"))
            continue
        r = ratio(row["embedded"].median, row["virtuoso"].median)
        targets.append(_verdict(r <= 2, f"aggregate '{name}' at {hi:,}: embedded {fmt_ms(row['embedded'].median)} "
                                f"ms = {r:.2f}× Virtuoso's {fmt_ms(row['virtuoso'].median)} ms "
                                f"(target ≤ 2×; {r - 2:+.2f})"))  # fmt: skip
    return lines, targets


def _endpoint_part(ep: dict) -> tuple[list[str], list[str]]:
    runs = ep["runs"]
    lines = ["## 4. Endpoint throughput (asyncio load generator, kept-alive connections, "
             "127.0.0.1)", "",
             f"Library: the {ep['library_size']} library queries both endpoints answer, in turn"
             + (f" (left out, Virtuoso cannot run them: {', '.join(ep['dropped'])})" if ep["dropped"] else "")
             + ". Distinct selective: a lookup or 2-hop join about a different random city each "
             "request (no cache can answer). `--in-memory`: each query process holds its own "
             "in-memory copy of the graph instead of sharing the read-only on-disk store.", "",
             "| workload | server | conc. | req/s | p50 ms | p99 ms | errors/requests | req/s ÷ Virtuoso | p50 ÷ V | p99 ÷ V |",
             "|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    peer = {(r["workload"], r["concurrency"]): r for r in runs if r["server"] == "Virtuoso"}
    for r in runs:
        v = peer.get((r["workload"], r["concurrency"]))
        rr = ratio(r["rps"], v["rps"]) if v else float("nan")
        p5 = ratio(r["p50"], v["p50"]) if v else float("nan")
        p9 = ratio(r["p99"], v["p99"]) if v else float("nan")
        lines.append(f"| {r['workload']} | {r['server']} | {r['concurrency']} | {r['rps']:,.0f} | "
                     f"{fmt_ms(r['p50'])} | {fmt_ms(r['p99'])} | {r['errors']}/{r['requests']} | "
                     f"{fmt_ratio(rr)} | {fmt_ratio(p5)} | {fmt_ratio(p9)} |")  # fmt: skip
    starts = ", ".join(f"{w} {s:.1f} s" for w, s in ep["serve_start_big"].items())
    lines += ["", f"`darmstadt-kg serve` start-up over {ep['big_size']:,} triples: {starts}."]
    targets = []
    for workload_name, need, what in (
        ("library/Darmstadt", 1.5, "question library over the Darmstadt graph"),
        (
            f"distinct selective/{ep['big_size']:,}",
            1.0,
            f"distinct selective queries over {ep['big_size']:,} triples",
        ),
    ):  # noqa: E501
        v = peer.get((workload_name, 16))
        ours = [
            r
            for r in runs
            if r["workload"] == workload_name
            and r["concurrency"] == 16
            and r["server"] != "Virtuoso"
        ]  # noqa: E501
        for r in ours:
            if v is None:
                targets.append(_verdict(None, f"{what}, c=16, {r['server']}: no Virtuoso figure"))
                continue
            rr = ratio(r["rps"], v["rps"])
            ok = rr >= need and r["errors"] == 0 and v["errors"] == 0
            targets.append(_verdict(ok, f"{what}, c=16, {r['server']}: {r['rps']:,.0f} req/s = "
                                    f"{rr:.2f}× Virtuoso's {v['rps']:,.0f} (target ≥ {need}×; "
                                    f"{rr - need:+.2f}); errors {r['errors']} (Virtuoso {v['errors']})"))  # fmt: skip
    return lines, targets


def _explorer_part(rows: list[dict]) -> tuple[list[str], list[str]]:
    lines = ["## 5. Explorer (pyvis page of `darmstadt_kg.visualise`, headless Chromium)", "",
             "| nodes | edges | build s | HTML MB | until drawn s | page's own readyMs | still answers | nodes drawn |",
             "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    targets = []
    for r in rows:
        drawn = (
            f"{r['seconds']:.2f}"
            if "seconds" in r and "error" not in r
            else r.get("error", "not run")
        )
        ready = f"{r['ready_ms']:.0f}" if "ready_ms" in r else "–"
        answers = f"yes ({r['answers_after_s'] * 1000:.0f} ms)" if "answers_after_s" in r else "–"
        lines.append(f"| {r['nodes']:,} | {r['edges']:,} | {r['build_s']:.2f} | "
                     f"{r['bytes'] / 1e6:.1f} | {drawn} | {ready} | {answers} | "
                     f"{r['shown'] if 'shown' in r else '–'} |")  # fmt: skip
        if r["nodes"] == 1000:
            ok = ("error" not in r and r.get("seconds", 99) < 5) if "seconds" in r else None
            targets.append(_verdict(ok, f"explorer, 1,000 nodes drawn in {r.get('seconds', float('nan')):.2f} s "
                                    f"(target < 5 s)"))  # fmt: skip
    big = [r for r in rows if r["nodes"] > 1000]
    if big:
        r = big[-1]
        shown, note = r.get("shown"), r.get("note", "")
        capped = shown is not None and shown < r["nodes"] and bool(note)
        ok = None if "seconds" not in r else ("answers_after_s" in r and capped)
        how = (
            f"draws {shown:,} of them and says so (“{note}”)"
            if capped
            else "shows every node — no clustering or cap with a message"
        )
        targets.append(_verdict(ok, f"explorer, {r['nodes']:,} nodes: page drawn and answering after "
                                f"{r.get('seconds', float('nan')):.1f} s, not frozen; it {how}"))  # fmt: skip
    return lines, targets


def render(meta: dict, gen: dict, load: dict, queries: dict, endpoint: dict | None,
           explorer: list[dict] | None, startup: dict) -> str:  # fmt: skip
    """The whole RESULTS.md."""
    out = ["# Benchmarks: darmstadt-kg against its peers", "",
           f"- date: {meta['date']}", f"- command: `{meta['command']}`",
           f"- machine: {meta['machine']}", f"- versions: {meta['versions']}",
           f"- wall time of the whole run: {meta['wall']:.0f} s", ""]  # fmt: skip
    targets: list[str] = []
    out += ["## 1. Data", "", "| target | triples in file | synthetic cities | file MB |",
            "|---|---|---|---|"]  # fmt: skip
    for size, g in gen["files"].items():
        out.append(f"| {size:,} | {g['triples']:,} | {g['cities']:,} | {g['mb']:.1f} |")
    v = gen["validation"]
    out += ["", f"Validation of the {v['triples']:,}-triple sample with `darmstadt_kg.validate` "
            f"(SHACL shapes + violation queries, with derived triples): conforms = "
            f"**{v['conforms']}** ({v['shacl']} SHACL results, {v['violations']} violations, "
            f"{v['seconds']:.1f} s).", ""]  # fmt: skip
    for part in (_load_part(load), _query_part(queries)):
        out += part[0] + [""]
        targets += part[1]
    if endpoint:
        lines, t = _endpoint_part(endpoint)
        out += lines + [""]
        targets = t + targets
    if explorer:
        lines, t = _explorer_part(explorer)
        out += lines + [""]
        targets += t
    s = startup
    out += ["## 6. Start-up and validation", "",
            f"- `darmstadt-kg --help`: {s['help']:.3f} s (median of 5 runs)",
            f"- `darmstadt-kg validate` (whole command: parse, rules, SHACL, checks): "
            f"{s['cli_validate']:.2f} s (exit ok: {s['cli_validate_ok']})",
            f"- `validate()` on the loaded Darmstadt graph: first call {s['validate_first']:.2f} s "
            f"(includes importing pySHACL), second call {s['validate_warm']:.2f} s", ""]  # fmt: skip
    targets.append(_verdict(s["help"] < 0.3, f"`darmstadt-kg --help` {s['help']:.3f} s "
                            f"(target < 0.3 s; {s['help'] - 0.3:+.3f} s)"))  # fmt: skip
    targets.append(_verdict(s["validate_first"] < 1.0, f"validation of the Darmstadt graph, first "
                            f"call in a process {s['validate_first']:.2f} s (target < 1 s; "
                            f"{s['validate_first'] - 1:+.2f} s); warm {s['validate_warm']:.2f} s; "
                            f"whole CLI command {s['cli_validate']:.2f} s"))  # fmt: skip
    head = ["## Targets", "", *targets, ""]
    return "\n".join(out[:8] + head + out[8:] + meta.get("notes", [])) + "\n"
