"""Browser fixtures: build the site once per run, serve it on 127.0.0.1, drive Debian's Chromium.

Set SOLEUS_SITE_DIR=_build/html to test an existing build instead of running `make site` again.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from soleuslib import catalog, exercises, handout, paths
from soleuslib.patient import view

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = paths.REPO_ROOT / "_build" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LOCAL_SCHEMES = ("file", "data", "blob", "about")
LOCAL_HOSTS = ("127.0.0.1",)


def lesson_pages() -> list[tuple[str, Path]]:
    """(page path in the site, notebook) for every lesson of data/lessons.csv, in order."""
    pages = []
    for name in catalog.lessons()["notebook"]:
        notebook = paths.NOTEBOOKS_DIR / name
        pages.append((f"notebooks/{Path(name).stem}.html", notebook))
    return pages


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (127.0.0.1, file:, data:, blob:)."""
    parsed = urlparse(url)
    return parsed.scheme in LOCAL_SCHEMES or parsed.hostname in LOCAL_HOSTS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


KERNEL_TRAP = paths.REPO_ROOT / "_build" / "kernel-trap"
KERNEL_STARTED = KERNEL_TRAP / "KERNEL_STARTED"
TRAP_LAUNCHER = """import pathlib, sys
pathlib.Path(__file__).with_name("KERNEL_STARTED").write_text(" ".join(sys.argv))
sys.exit("make site must not start a Jupyter kernel")
"""


# MyST-NB reports a place in a notebook as line (cell index + 1) * 10000 + line in the cell.
NOTEBOOK_PLACE = re.compile(r"(?P<path>[^\s:]+\.ipynb):(?P<line>\d+)")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SITE_BUILD_FAILED: list[str] = []  # set once by site_dir; later browser tests are skipped


def notebook_place(path: str, line: int) -> str:
    """``notebooks/x.ipynb, cell N, line L`` (cells counted from 1, as the reader does)."""
    name = path.split("/notebooks/")[-1] if "/notebooks/" in path else Path(path).name
    where = f"notebooks/{name}" if not name.startswith("notebooks/") else name
    if line >= 10000:
        return f"{where}, cell {line // 10000}, line {line % 10000}"
    return f"{where}, line {line}"


def site_build_report(output: str, tail: int = 15) -> str:
    """The cause of a failed `make site` first: each warning or error, a notebook's as
    'notebook, cell N, line L: message', then the last lines of the build's own report."""
    lines = ANSI_ESCAPE.sub("", output).splitlines()
    causes = []
    for line in lines:
        if "WARNING" not in line and "ERROR" not in line:
            continue
        match = NOTEBOOK_PLACE.search(line)
        if match:
            message = line[match.end() :].lstrip(": ")
            line = f"{notebook_place(match['path'], int(match['line']))}: {message}"
        causes.append(line.strip())
    last = [line for line in lines if line.strip()][-tail:]
    head = "\n".join(causes) if causes else "(no warning or error line)"
    return f"make site failed.\n{head}\n--- last lines of the build ---\n" + "\n".join(last)


def pytest_runtest_setup(item) -> None:
    """After the site build failed once, the other browser tests are skipped, not errors."""
    if SITE_BUILD_FAILED and "site_dir" in getattr(item, "fixturenames", ()):
        pytest.skip("the site build failed (reported once, by the first browser test)")


@functools.cache
def build_site() -> Path:
    """The built site: `make site` once per test run (or SOLEUS_SITE_DIR if set).

    The build runs with an ``ipykernel_launcher`` on PYTHONPATH that records any kernel start
    and fails it: the site renders committed outputs and must start no kernel. Memoised, so a
    test module that parametrises over the built pages at collection time (the accessibility
    tests) and the ``site_dir`` fixture share one build.
    """
    prebuilt = os.environ.get("SOLEUS_SITE_DIR")
    if prebuilt:
        path = Path(prebuilt).resolve()
        assert (path / "index.html").is_file(), f"SOLEUS_SITE_DIR={prebuilt} has no index.html"
        return path
    KERNEL_TRAP.mkdir(parents=True, exist_ok=True)
    KERNEL_STARTED.unlink(missing_ok=True)
    (KERNEL_TRAP / "ipykernel_launcher.py").write_text(TRAP_LAUNCHER)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(KERNEL_TRAP), env.get("PYTHONPATH")) if p)
    result = subprocess.run(
        ["make", "--no-print-directory", "site"],
        cwd=paths.REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        SITE_BUILD_FAILED.append("make site")
        pytest.fail(site_build_report(result.stdout + result.stderr), pytrace=False)
    return paths.REPO_ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site (see :func:`build_site`)."""
    return build_site()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """The site served over HTTP on a free 127.0.0.1 port for the whole run."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Chromium is missing: run `make browser-deps` (Debian's chromium)"
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        yield browser
        browser.close()


@dataclass
class PageVisit:
    """What happened while one page loaded: errors, requests and what the page shows."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)


def watch(page, url: str) -> PageVisit:
    """Record console errors, page errors, failed and non-local requests of a page."""
    visit = PageVisit(url)
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
    page.on(
        "requestfailed",
        lambda r: visit.failed_requests.append(f"{r.url} ({r.failure})"),
    )
    page.on(
        "request",
        lambda r: None if is_local(r.url) else visit.external_requests.append(r.url),
    )
    page.on(
        "response",
        lambda r: visit.bad_responses.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    return visit


def block_external(context) -> None:
    """Abort anything that would leave the machine (it is still recorded as a request)."""
    context.route(
        "**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort()
    )


WAIT_FOR_FIGURES = """() => {
  const divs = [...document.querySelectorAll('div.soleus-plotly')];
  return divs.every(d => ['drawn', 'error'].includes(d.getAttribute('data-state')));
}"""

# soleus-responsive.js has given every drawn figure the layout that fits its width (wide or its
# narrow variant from layout.meta) and no switch is under way.
WAIT_FOR_LAYOUT = """() => [...document.querySelectorAll('div.soleus-plotly')].every(div => {
  if (div.getAttribute('data-state') !== 'drawn') return true;
  const spec = JSON.parse(div.parentNode.querySelector('script.soleus-plotly-data').textContent);
  const meta = spec.layout.meta || {};
  const narrow = meta.narrow && div.getBoundingClientRect().width < (meta.narrow_below_px || 560);
  return div.getAttribute('data-layout') === (narrow ? 'narrow' : 'wide');
})"""

FIGURES = """() => [...document.querySelectorAll('div.soleus-plotly')].map(div => {
  const spec = JSON.parse(div.parentNode.querySelector('script.soleus-plotly-data').textContent);
  const next = div.closest('.cell_output, .output, .widget-output, body');
  return {
    id: div.id,
    state: div.getAttribute('data-state'),
    holder: div.parentNode.tagName.toLowerCase(),
    label: div.parentNode.getAttribute('aria-label'),
    svg: div.querySelectorAll('svg.main-svg').length,
    drawnTraces: div.querySelectorAll('svg.main-svg g.trace, svg.main-svg g.hm').length,
    dataTraces: spec.data.length,
    visibleTraces: spec.data.filter(t => t.visible !== false && t.visible !== 'legendonly').length,
    hasButtons: (spec.layout.updatemenus || []).length > 0,
    hasSliders: (spec.layout.sliders || []).length > 0,
    inWidget: !!div.closest('.jupyter-widgets, .widget-output'),
    description: !!(next && next.parentNode &&
      next.parentNode.querySelector('details.figure-alt')),
  };
})"""


@dataclass
class PageReport:
    visit: PageVisit
    figures: list[dict]
    widget_views: int
    widgets_rendered: int
    widget_texts: list[str]
    live_notes: int
    static_forms: int
    body_text: str
    screenshot: Path


@pytest.fixture(scope="session")
def page_reports(browser, site_url):
    """Visit each page once (desktop + phone screenshots) and keep what was seen."""
    cache: dict[str, PageReport] = {}

    def report(path: str) -> PageReport:
        if path in cache:
            return cache[path]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        context = browser.new_context(viewport=DESKTOP)
        block_external(context)
        page = context.new_page()
        visit = watch(page, site_url + path)
        page.goto(site_url + path, wait_until="load")
        page.wait_for_function(WAIT_FOR_FIGURES, timeout=30_000)
        page.wait_for_function(WAIT_FOR_LAYOUT, timeout=30_000)
        page.wait_for_load_state("networkidle")
        figures = page.evaluate(FIGURES)
        widget_views = page.locator(".soleus-static-widget").count()
        widget_roots = page.locator(".widget-subarea > .jupyter-widgets")
        widget_texts = [widget_roots.nth(i).inner_text() for i in range(widget_roots.count())]
        live_notes = page.locator("p.soleus-live-note").count()
        static_forms = page.locator(
            ".soleus-static-triage-ready, .soleus-static-practice-ready"
        ).count()
        body_text = page.locator("main").inner_text()
        name = path.replace("/", "_").removesuffix(".html")
        shot = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(300)
        page.wait_for_function(WAIT_FOR_LAYOUT, timeout=10_000)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.phone.png"), full_page=True)
        context.close()
        cache[path] = PageReport(
            visit=visit,
            figures=figures,
            widget_views=widget_views,
            widgets_rendered=len(widget_texts),
            widget_texts=widget_texts,
            live_notes=live_notes,
            static_forms=static_forms,
            body_text=body_text,
            screenshot=shot,
        )
        return cache[path]

    return report


def page_weight(browser, url: str) -> tuple[int, dict[str, int]]:
    """Bytes (uncompressed bodies) of every response a first visit to ``url`` gets, with the
    cache disabled, once its figures are drawn; and the bytes per URL."""
    context = browser.new_context(viewport=DESKTOP)
    block_external(context)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    finished = []
    page.on("requestfinished", lambda r: finished.append(r))
    page.goto(url, wait_until="load")
    page.wait_for_function(WAIT_FOR_FIGURES, timeout=30_000)
    page.wait_for_load_state("networkidle")
    sizes: dict[str, int] = {}
    for request in finished:
        response = request.response()
        if response is None:
            continue
        try:
            size = len(response.body())
        except Exception:  # a page the browser navigated away from (index.html redirects)
            size = request.sizes()["responseBodySize"]
        sizes[request.url] = sizes.get(request.url, 0) + size
    context.close()
    return sum(sizes.values()), sizes


# --- the patient view (Voilà) --------------------------------------------------------------------


@pytest.fixture(scope="session")
def voila_url():
    """The patient view served by Voilà on a free 127.0.0.1 port; stopped at teardown."""
    port = free_port()
    log = paths.REPO_ROOT / "_build" / "voila-test.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        voila = view.start_voila(port, cwd=paths.REPO_ROOT, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 60
            while view.port_free(port):
                if voila.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Voilà did not start:\n" + log.read_text()[-3000:])
                time.sleep(0.3)
            yield url
        finally:
            view.stop_voila(voila)
    assert voila.proc.returncode is not None


def parity_mismatches(page, items: list, js_map: str, python, batch: int = 200) -> list:
    """Run ``items`` through a JavaScript function in the page (``js_map`` maps the list) and
    through ``python``; return (item, differing fields) for every result that differs."""
    mismatches = []
    for start in range(0, len(items), batch):
        chunk = items[start : start + batch]
        for item, js in zip(chunk, page.evaluate(js_map, chunk), strict=True):
            expected = python(item)
            if js != expected:
                diff = {k: (expected[k], js.get(k)) for k in expected if expected[k] != js.get(k)}
                mismatches.append((item, diff))
    return mismatches


def write_harness(folder: Path, title: str, scripts: list[str], body: str) -> Path:
    """A file:// page that loads ``scripts`` (relative names or file URIs) around ``body``."""
    page = folder / "harness.html"
    tags = "".join(f"<script src='{src}'></script>" for src in scripts)
    page.write_text(
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"{tags}</head><body><main>{body}</main></body></html>",
        encoding="utf-8",
    )
    return page


def open_harness(browser, page_file: Path, ready: str, **context_options):
    """Open a harness page offline; returns (context, page, page errors) once ``ready`` holds."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
    block_external(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(page_file.as_uri())
    page.wait_for_function(ready)
    return context, page, errors


# A fictional patient whose name and clinician test escaping and wrapping, with every exercise.
HANDOUT_PARAMS = {
    "display_name": "Siobhán O'Brien",
    "side": "left",
    "pain_site": "inner calf",
    "stage": "building",
    "exercise_ids": exercises.exercise_ids(),
    "sessions_per_week": 3,
    "reading_level": "plain",
    "clinician_name": "Dr Zoë Smith-Jones",
    "clinician_contact": "01234 567890",
}


@pytest.fixture(scope="session")
def handout_file(tmp_path_factory) -> Path:
    """One rendered handout (HTML) for the accessibility and phone-layout tests."""
    return handout.render(HANDOUT_PARAMS, out_dir=tmp_path_factory.mktemp("handout"))
