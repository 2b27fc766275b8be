"""The static site's in-browser SPARQL against the endpoint: how long the page takes to load the
graph, and to answer the whole question library, next to ``darmstadt-kg serve`` answering the
same queries over HTTP.

    .venv/bin/python -m benchmarks.static_sparql [--repeats 3]

Browser side: the built site served by a static HTTP server on 127.0.0.1 (a thread), Debian's
Chromium headless; "ready" is measured in the page (from the module's start to the graph being
loaded: WebAssembly start-up, fetching and parsing the N-Triples dump), "navigation" from
``page.goto`` to ready. The library is asked through the page's pseudo-endpoint (the path YASGUI
uses), one query after the other. Endpoint side: ``darmstadt-kg serve`` (1 worker, answer cache
off) on 127.0.0.1, the same queries POSTed one after the other with httpx. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks.servers import free_port as _free_port

__all__ = ["measure_browser", "measure_endpoint", "main"]


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


def _library() -> list[str]:
    from darmstadt_kg import paths

    return [p.read_text(encoding="utf-8") for p in sorted(paths.queries_dir().glob("*.rq"))]


_ASK_ALL = """async (queries) => {
    const times = [];
    for (const query of queries) {
        const started = performance.now();
        const answer = await fetch("query", {method: "POST",
            headers: {Accept: "application/sparql-results+json,*/*;q=0.9",
                      "Content-Type": "application/x-www-form-urlencoded"},
            body: new URLSearchParams({query: query}).toString()});
        await answer.text();
        if (answer.status !== 200) throw new Error("HTTP " + answer.status);
        times.push(performance.now() - started);
    }
    return times;
}"""


def measure_browser(site: Path, repeats: int) -> list[dict]:
    """One fresh browser context per repeat: ready (in page), navigation, library times (ms)."""
    from playwright.sync_api import sync_playwright

    from benchmarks.explorer import CHROMIUM, CHROMIUM_ARGS

    queries = _library()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    runs = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(repeats):
                context = browser.new_context()
                page = context.new_page()
                started = time.perf_counter()
                page.goto(f"{base}/sparql/index.html")
                ready = page.evaluate("async () => await window.darmstadtReady")
                navigation = (time.perf_counter() - started) * 1000
                times = page.evaluate(_ASK_ALL, queries)
                runs.append({"ready": ready["ms"], "navigation": navigation, "queries": times})
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return runs


def measure_endpoint(repeats: int) -> list[dict]:
    """``darmstadt-kg serve`` (1 worker, no answer cache): library times (ms) per repeat."""
    import httpx

    queries = _library()
    port = _free_port()
    command = [sys.executable, "-m", "darmstadt_kg", "serve", "--port", str(port)]
    command += ["--workers", "1", "--cache-size", "0", "--no-validate"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/sparql"
    runs = []
    try:
        with httpx.Client(timeout=30) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    client.get(base, params={"query": "ASK {}"})
                    break
                except httpx.HTTPError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("serve did not start") from None
                    time.sleep(0.3)
            for _ in range(repeats):
                times = []
                for query in queries:
                    started = time.perf_counter()
                    answer = client.post(
                        base,
                        data={"query": query},
                        headers={
                            "Accept": "application/sparql-results+json,application/n-triples;q=0.9"
                        },
                    )
                    answer.raise_for_status()
                    times.append((time.perf_counter() - started) * 1000)
                runs.append({"queries": times})
    finally:
        process.terminate()
        process.wait(timeout=30)
    return runs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    from darmstadt_kg.load import get_store
    from darmstadt_kg.publish.site import build_site

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(site)
        browser = measure_browser(site, args.repeats)
    endpoint = measure_endpoint(args.repeats)
    med = statistics.median
    n = len(_library())
    print(f"{len(get_store())} triples, {n} library queries, {args.repeats} repeats (medians)\n")
    print("| | in-browser (static site) | `serve` endpoint |")
    print("|---|---|---|")
    print(f"| graph ready (in page) | {med(r['ready'] for r in browser):.0f} ms | – |")
    print(f"| navigation → ready | {med(r['navigation'] for r in browser):.0f} ms | – |")
    sums_b = [sum(r["queries"]) for r in browser]
    sums_e = [sum(r["queries"]) for r in endpoint]
    print(f"| whole library, one by one | {med(sums_b):.0f} ms | {med(sums_e):.0f} ms |")
    slow_b = [max(r["queries"]) for r in browser]
    slow_e = [max(r["queries"]) for r in endpoint]
    print(f"| slowest query | {med(slow_b):.1f} ms | {med(slow_e):.1f} ms |")
    all_b = [t for r in browser for t in r["queries"]]
    all_e = [t for r in endpoint for t in r["queries"]]
    print(f"| median query | {med(all_b):.1f} ms | {med(all_e):.1f} ms |")


if __name__ == "__main__":
    main()
