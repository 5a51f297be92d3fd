"""Section "first-run": Run click to first output on the playground page, against bare Pyodide.

The bare Pyodide boots from the same files the site ships, on the main thread and in a module
Worker; every load is a fresh browser context (cold cache).
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from support.chromium import CHROMIUM
from support.static_server import serve

from .browser import blocked_row, chromium, local_page
from .environment import ROOT
from .first_run_pages import BARE_PAGE, BARE_WORKER, BARE_WORKER_PAGE, CLICK_PROBE, PYODIDE_DIR
from .project import ensure_built, project
from .report import Bench, ratio_row, skip_row
from .static_server import GzipHandler
from .stats import Stats
from .timing import rounds


def first_output_verikb(browser: Any, url: str, blocked: list[str], timeline: list[str]) -> float:
    """Seconds from the click on the runnable block's Run button to its first output text.

    The block's code is replaced by ``print(1)`` so it does the same Python work as the baseline;
    ``timeline`` receives when each request after the click finished (for the report).
    """
    context, page = local_page(browser, blocked)
    page.goto(url, wait_until="networkidle")
    block = page.locator("div.verikb-runnable").first
    block.locator("textarea").fill("print(1)")
    page.evaluate(CLICK_PROBE)
    clicked = time.perf_counter()
    finished: list[str] = []

    def record(request: Any) -> None:
        size = request.sizes()["responseBodySize"]
        name = urlsplit(request.url).path.rsplit("/", 1)[-1]
        finished.append(f"+{time.perf_counter() - clicked:6.2f} s  {size / 1024:9.1f} KiB sent  {name}")

    context.on("requestfinished", record)
    block.get_by_role("button", name="Run", exact=True).click()
    # Functions, not expressions: the site's Content-Security-Policy forbids evaluating strings.
    page.wait_for_function("() => window.__bench.output !== undefined", timeout=180_000)
    result = page.evaluate("() => window.__bench")
    timeline[:] = [*finished, f"+{time.perf_counter() - clicked:6.2f} s  first output {result['text']!r}"]
    context.close()
    if result["text"].strip() != "1":
        raise RuntimeError(f"first-run: the block printed {result['text']!r}, not 1")
    return (result["output"] - result["click"]) / 1000


def first_output_bare(browser: Any, url: str, blocked: list[str]) -> float:
    """Seconds from module start to print(1)'s output on a bare Pyodide page."""
    context, page = local_page(browser, blocked)
    page.goto(url)
    page.wait_for_function("() => window.__bench !== undefined", timeout=180_000)
    result = page.evaluate("() => window.__bench")
    context.close()
    return result["ms"] / 1000


def section_first_run(bench: Bench) -> None:
    """Click on Run to first output on the playground page, vs bare Pyodide booting from the same files."""

    def skip(reason: str) -> None:
        skip_row(bench, "first-run", "Run click to first output", goal="≤ 1.2×", reason=reason)

    if not CHROMIUM.exists():
        skip(f"{CHROMIUM} missing")
        return
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
        skip("node_modules/pyodide missing: run npm ci; the site ships no Pyodide")
        return
    proj = project(bench, 10)
    site = ensure_built(proj, "verikb")
    if not (site / PYODIDE_DIR / "pyodide.mjs").is_file():
        skip("site has no Pyodide")
        return
    (site / "bench-bare-pyodide.html").write_text(BARE_PAGE.replace("PYODIDE_DIR", PYODIDE_DIR), encoding="utf-8")
    (site / "bench-bare-worker.html").write_text(BARE_WORKER_PAGE.replace("PYODIDE_DIR", PYODIDE_DIR), encoding="utf-8")
    (site / "bench-bare-worker.mjs").write_text(BARE_WORKER, encoding="utf-8")
    blocked: list[str] = []
    timeline: list[str] = []
    runs: dict[str, list[float]] = {"main": [], "worker": [], "verikb": []}
    with chromium() as browser, serve(site, GzipHandler) as host:
        base = f"{host}/"
        loads = {
            "main": lambda: first_output_bare(browser, f"{base}bench-bare-pyodide.html", blocked),
            "worker": lambda: first_output_bare(browser, f"{base}bench-bare-worker.html", blocked),
            "verikb": lambda: first_output_verikb(browser, f"{base}playground/", blocked, timeline),
        }
        for order in rounds(list(loads), bench.repeats):  # a fresh context (cold cache) for every load
            for name in order:
                runs[name].append(loads[name]())
    verikb = Stats(tuple(runs["verikb"]))
    worst = 0.0
    for key, label in (("main", "on the main thread (as specified)"), ("worker", "in a module Worker (as verikb)")):
        _, mid = ratio_row(
            bench,
            "first-run",
            f"Run click to first output / bare Pyodide boot + print(1) {label}",
            n="cold context",
            subject=verikb,
            baseline=Stats(tuple(runs[key])),
            goal=1.2,
            paired=True,
        )
        worst = max(worst, mid)
    if worst > 1.2:
        bench.evidence.append(
            "first-run: requests after the Run click on playground/ (last repeat), when each finished\n"
            + "\n".join(timeline)
        )
    blocked_row(bench, "first-run", blocked)
