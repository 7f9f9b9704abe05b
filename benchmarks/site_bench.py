"""Site performance: build time, each page's own bytes against plotly's inline renderer, the total
bytes a first visit loads (page + every asset it requests, uncompressed, cache disabled) and the
time from navigation to the last plotly figure drawn in headless Chromium.

    .venv/bin/python benchmarks/site_bench.py             # runs `make site`, then measures
    .venv/bin/python benchmarks/site_bench.py --no-build  # measures the existing _build/html

benchmarks/run.py calls :func:`measure` and prints :func:`table`.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from soleuslib import catalog, paths

SITE = paths.REPO_ROOT / "_build" / "html"
CHROMIUM = "/usr/bin/chromium"
PAGE_GOAL_BYTES = 300_000  # a page's own HTML
TOTAL_GOAL_BYTES = 1_500_000  # everything a first visit loads; 500 KB without figures or widgets
PLAIN_TOTAL_GOAL_BYTES = 500_000
FIGURE_DATA = re.compile(
    r'<figure class="soleus-figure".*?<script type="application/json" class="soleus-plotly-data">'
    r"(.*?)</script>.*?</figure>",
    re.S,
)


def build_seconds() -> float:
    """Wall time of `make site` (renders the committed outputs; no kernel)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    start = time.perf_counter()
    subprocess.run(
        ["make", "--no-print-directory", "site"],
        cwd=paths.REPO_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def inline_bytes(page_html: str) -> int:
    """The same page if every figure used plotly's default inline HTML (plotly.js in the page)."""
    import plotly.io as pio

    total = len(page_html.encode())
    for index, match in enumerate(FIGURE_DATA.finditer(page_html)):
        spec = json.loads(match.group(1).replace("<\\/", "</"))
        fig = {"data": spec["data"], "layout": spec["layout"], "frames": spec["frames"]}
        inline = pio.to_html(fig, include_plotlyjs=index == 0, full_html=False, validate=False)
        total += len(inline.encode()) - len(match.group(0).encode())
    return total


def _serve(directory: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser_timings(site: Path, pages: list[str]) -> dict[str, dict]:
    """Per page, with a cold cache: ms from navigation to the last figure drawn, and the
    bytes of shared _static files the page loaded."""
    from playwright.sync_api import sync_playwright

    server = _serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results: dict[str, dict] = {}
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
            for page_path in pages:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                loaded: list = []
                page.on("requestfinished", lambda r, loaded=loaded: loaded.append(r))
                page.goto(base + page_path, wait_until="load")
                page.wait_for_function(
                    """() => [...document.querySelectorAll('div.soleus-plotly')]
                        .every(d => d.getAttribute('data-state') === 'drawn')""",
                    timeout=60_000,
                )
                figures = page.locator("div.soleus-plotly").count()
                last_ms = page.evaluate("() => (window.soleusFigures || {}).lastDrawnMs")
                page.wait_for_load_state("networkidle")
                shared = total = 0
                for request in loaded:
                    response = request.response()
                    size = len(response.body()) if response is not None else 0
                    total += size
                    if "_static" in Path(urlparse(request.url).path).parts:
                        shared += size
                results[page_path] = {
                    "figures": figures,
                    "ms_to_last_figure": round(last_ms) if figures else None,
                    "shared_bytes": shared,
                    "total_bytes": total,
                }
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return results


def measure(build: bool = True, site: Path = SITE) -> dict:
    """All site measurements of one run (build time, page weights, browser timings)."""
    seconds = build_seconds() if build else None
    pages = [
        f"notebooks/{Path(name).stem}.html"
        for name in catalog.lessons()["notebook"]
        if (site / "notebooks" / f"{Path(name).stem}.html").is_file()
    ] + ["search.html", "genindex.html"]
    timings = browser_timings(site, pages)
    rows = []
    for page_path in pages:
        text = (site / page_path).read_text(encoding="utf-8")
        own = len(text.encode())
        inline = inline_bytes(text)
        plain = 'class="soleus-plotly"' not in text and "soleus-static-widget" not in text
        goal = PLAIN_TOTAL_GOAL_BYTES if plain else TOTAL_GOAL_BYTES
        rows.append(
            {
                "page": page_path,
                "own_bytes": own,
                "inline_renderer_bytes": inline,
                "own_vs_inline": round(own / inline, 3),
                "within_goal": own <= PAGE_GOAL_BYTES,
                "total_goal_bytes": goal,
                **timings[page_path],
            }
        )
    return {"build_seconds": seconds, "pages": rows}


def table(result: dict) -> str:
    """One plain-text table; ratios computed within the same run."""
    lines = []
    if result["build_seconds"] is not None:
        lines.append(
            f"site build (make site, notebooks executed once): {result['build_seconds']:.1f} s"
        )
    head = (
        f"{'page':34} {'own KB':>8} {'inline KB':>10} {'own/inline':>10} {'shared KB':>10} "
        f"{'total KB':>9} {'goal KB':>8} {'figures':>7} {'ms to last fig':>14} {'own<=300KB':>10}"
    )
    lines += [head, "-" * len(head)]
    for r in result["pages"]:
        ms = "-" if r["ms_to_last_figure"] is None else str(r["ms_to_last_figure"])
        own_kb, inline_kb = r["own_bytes"] / 1000, r["inline_renderer_bytes"] / 1000
        lines.append(
            f"{r['page']:34} {own_kb:8.1f} {inline_kb:10.1f} {r['own_vs_inline']:10.3f} "
            f"{r['shared_bytes'] / 1000:10.1f} {r['total_bytes'] / 1000:9.1f} "
            f"{r['total_goal_bytes'] / 1000:8.0f} {r['figures']:7d} "
            f"{ms:>14} {'yes' if r['within_goal'] else 'NO':>10}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="measure the existing _build/html")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    options = parser.parse_args()
    result = measure(build=not options.no_build)
    print(json.dumps(result, indent=2) if options.json else table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
