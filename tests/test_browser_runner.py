"""Runnable Python blocks and the learning-rate playground, driven in real headless Chromium.

The page is served from a temp "site" built the way the real build does it (assets,
vendored Pyodide and uPlot, the lrschedules wheel), so these tests also prove the site
boots Python offline: every request that leaves 127.0.0.1 is aborted and reported.
"""

from __future__ import annotations

import http.server
import importlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

from verikb.render.playground_spec import playground_spec
from verikb.site.runtime import VendorError, vendor_files

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

ROOT = Path(__file__).resolve().parent.parent
BOOT_TIMEOUT_MS = 60_000  # a cold Pyodide boot takes ~5-15 s here; leave room for a busy CI machine
# Pyodide's libm (musl) cos differs from glibc's by one ulp for ~4% of arguments, so these
# schedules can differ from CPython (and torch) in the last bits; all others must match exactly.
USES_MATH_COS = {"CosineAnnealingLR", "OneCycleLR", "CosineDecay"}
PAGE_PATH = "lessons/runner/index.html"  # nested like an mkdocs page, so asset URLs must not be page-relative

browser_test = pytest.mark.browser


@dataclass
class Site:
    """A served temp site and every (path, HTTP status) the server answered."""

    root: Path
    url: str
    wheel: Path
    served: list[tuple[str, int]] = field(default_factory=list)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, static_server: Callable, asset_folder: Callable) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("site")
    wheel = asset_folder(root)
    page = (ROOT / "tests" / "data" / "runner" / "index.html").read_text(encoding="utf-8")
    page = page.replace('data-wheel="lrschedules-0.1.0-py3-none-any.whl"', f'data-wheel="{wheel.name}"')
    (root / PAGE_PATH).parent.mkdir(parents=True)
    (root / PAGE_PATH).write_text(page, encoding="utf-8")

    served: list[tuple[str, int]] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map: ClassVar[dict[str, str]] = {
            **http.server.SimpleHTTPRequestHandler.extensions_map,
            ".js": "text/javascript",
            ".mjs": "text/javascript",
            ".wasm": "application/wasm",
            ".whl": "application/zip",
        }

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            served.append((self.path, int(code)))

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep pytest's output clean; log_request records what matters

    with static_server(root, Handler) as url:
        yield Site(root, f"{url}/{PAGE_PATH}", wheel, served)


@dataclass
class Visit:
    """One test's page, plus the requests the router saw and the ones it blocked."""

    page: object
    seen: list[str]
    blocked: list[str]
    console_errors: list[str]
    served_from: int = 0  # index into Site.served when this page was opened


def _open(browser: object, site: Site, viewport: dict[str, int] | None = None) -> Visit:
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    visit = Visit(context.new_page(), [], [], [], len(site.served))

    def route(route: object) -> None:
        url = route.request.url
        visit.seen.append(url)
        if urlsplit(url).hostname != "127.0.0.1":
            visit.blocked.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", route)
    visit.page.on("console", lambda msg: msg.type == "error" and visit.console_errors.append(msg.text))
    visit.page.goto(site.url)
    return visit


@pytest.fixture
def visit(browser: object, site: Site) -> Iterator[Visit]:
    visit = _open(browser, site)
    yield visit
    visit.page.context.close()
    assert visit.blocked == [], f"requests left the site: {visit.blocked}"
    assert visit.console_errors == [], f"console errors: {visit.console_errors}"
    failed = [(path, code) for path, code in site.served[visit.served_from :] if code >= 400]
    assert failed == [], f"the page asked for files the site does not have: {failed}"


def _block(visit: Visit, index: int) -> object:
    return visit.page.locator(".verikb-runnable").nth(index)


def _run(block: object, code: str | None = None) -> None:
    if code is not None:
        block.get_by_role("textbox").fill(code)
    block.get_by_role("button", name="Run", exact=True).click()


@browser_test
def test_pyodide_is_fetched_only_on_the_first_run(visit: Visit, site: Site) -> None:
    page = visit.page
    expect(page.get_by_role("button", name="Run", exact=True)).to_have_count(3)
    expect(page.locator(".verikb-runnable textarea")).to_have_count(2)
    page.wait_for_timeout(500)
    assert not [url for url in visit.seen if "/vendor/pyodide/" in url], "Pyodide loaded before any Run click"
    served = site.served[visit.served_from :]
    assert not [path for path, _ in served if "/vendor/pyodide/" in path], "the server sent Pyodide early"
    block = _block(visit, 0)
    _run(block)
    expect(block.get_by_role("status")).to_have_text("Loading Python… (first run only)")
    expect(block.locator("pre.verikb-runner__output")).to_have_text("45", timeout=BOOT_TIMEOUT_MS)
    fetched = {url.rsplit("/", 1)[-1] for url in visit.seen if "/vendor/pyodide/" in url}
    # The router saw the worker's own requests, so the no-external-request check covers them too.
    assert {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"} <= fetched


@browser_test
def test_run_prints_output(visit: Visit) -> None:
    block = _block(visit, 0)
    expect(block.get_by_role("textbox", name="Python (editable)")).to_have_value("print(sum(range(10)))")
    started = time.perf_counter()
    _run(block)
    output = block.locator("pre.verikb-runner__output")
    expect(output).to_have_text("45", timeout=BOOT_TIMEOUT_MS)
    print(f"\ncold Run click -> first output: {time.perf_counter() - started:.2f} s")
    expect(output).to_have_attribute("aria-live", "polite")
    expect(block.get_by_role("status")).to_contain_text("Done in")
    started = time.perf_counter()
    _run(_block(visit, 1))
    expect(_block(visit, 1).locator("pre.verikb-runner__output")).to_contain_text(
        "epoch 5: lr=0.025", timeout=BOOT_TIMEOUT_MS
    )
    print(f"warm Run click -> output: {time.perf_counter() - started:.2f} s")


@browser_test
def test_stop_ends_an_endless_loop_and_the_next_run_works(visit: Visit) -> None:
    page, block = visit.page, _block(visit, 0)
    _run(block, "while True:\n    pass")
    status = block.get_by_role("status")
    expect(status).to_have_text("Running…", timeout=BOOT_TIMEOUT_MS)
    page.wait_for_timeout(500)
    started = time.perf_counter()
    assert page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => resolve(6 * 7)))") == 42
    assert time.perf_counter() - started < 1.0, "the page froze while Python looped"
    block.get_by_role("button", name="Stop", exact=True).click()
    expect(status).to_have_text("Stopped.")
    expect(block.get_by_role("button", name="Stop", exact=True)).to_be_disabled()
    _run(block, "print('alive again')")
    expect(block.locator("pre.verikb-runner__output")).to_have_text("alive again", timeout=BOOT_TIMEOUT_MS)


@browser_test
def test_time_limit_stops_an_endless_loop(visit: Visit) -> None:
    block = _block(visit, 1)
    block.evaluate("(element) => { element.dataset.timeout = '1'; }")
    _run(block, "print('start')\nwhile True:\n    pass")
    status = block.get_by_role("status")
    expect(status).to_have_text("Stopped: time limit of 1 s reached.", timeout=BOOT_TIMEOUT_MS)
    expect(block.locator("pre.verikb-runner__output")).to_have_text("start")


@browser_test
def test_stderr_and_exceptions_are_shown_apart_from_stdout(visit: Visit) -> None:
    block = _block(visit, 0)
    code = (
        "import sys\n"
        "print('to stdout')\n"
        "print('to stderr', file=sys.stderr)\n"
        "sys.stdout.write('no newline')\n"
        "def check(lr):\n"
        "    raise ValueError(f'learning rate must be positive, got {lr}')\n"
        "check(-1)\n"
    )
    _run(block, code)
    output = block.locator("pre.verikb-runner__output")
    error = output.locator(".verikb-out--error")
    expect(error).to_contain_text("ValueError: learning rate must be positive, got -1", timeout=BOOT_TIMEOUT_MS)
    expect(error).to_contain_text("in check")
    expect(error).not_to_contain_text("_pyodide")
    streams = output.locator(".verikb-out").evaluate_all(
        "(spans) => spans.map((s) => [s.dataset.stream, s.textContent])"
    )
    assert streams[:3] == [["stdout", "to stdout\n"], ["stderr", "to stderr\n"], ["stdout", "no newline"]]
    expect(block.get_by_role("status")).to_contain_text("Error")


@browser_test
def test_tab_indents_and_escape_then_tab_leaves_the_editor(visit: Visit) -> None:
    page, block = visit.page, _block(visit, 1)
    editor = block.get_by_role("textbox")
    editor.fill("x")
    editor.press("End")
    page.keyboard.press("Tab")
    expect(editor).to_have_value("x    ")
    expect(editor).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(block.get_by_role("button", name="Run", exact=True)).to_be_focused()


def _playground_run(visit: Visit, schedule: str, **fields: str) -> tuple[object, list[str]]:
    playground = visit.page.locator(".verikb-playground")
    playground.get_by_label("Schedule", exact=True).select_option(schedule)
    for name, text in fields.items():
        playground.get_by_label(name, exact=True).fill(text)
    playground.get_by_role("button", name="Run", exact=True).click()
    expect(playground.get_by_role("status")).to_contain_text("Computed", timeout=BOOT_TIMEOUT_MS)
    expect(playground.get_by_role("alert")).to_have_text("")
    cells = playground.locator("tbody td:nth-child(2)")
    return playground, [cells.nth(i).get_attribute("data-value") for i in range(cells.count())]


@browser_test
def test_playground_steplr_matches_real_torch(visit: Visit) -> None:
    torch = pytest.importorskip("torch")
    playground, values = _playground_run(visit, "StepLR", lr="0.1", step_size="2", gamma="0.5", n="6")
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    expected = [scheduler.get_last_lr()[0]]
    for _ in range(5):
        optimizer.step()
        scheduler.step()
        expected.append(scheduler.get_last_lr()[0])
    assert values == [repr(lr) for lr in expected]
    expect(playground.locator("pre code")).to_contain_text(
        "torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)"
    )
    expect(playground.locator(".verikb-playground__chart canvas").first).to_be_visible()
    assert any(url.endswith("/vendor/uplot/uPlot.iife.min.js") for url in visit.seen)


@browser_test
def test_playground_offers_every_schedule_and_matches_cpython(visit: Visit, site: Site) -> None:
    """Every schedule's form defaults run in the browser and give CPython's exact values."""
    sys.path.insert(0, str(site.wheel))
    try:
        lrschedules = importlib.import_module("lrschedules")
    finally:
        sys.path.remove(str(site.wheel))
    playground = visit.page.locator(".verikb-playground")
    options = playground.get_by_label("Schedule", exact=True).locator("option")
    expect(options).to_have_count(len(lrschedules.SCHEDULES))  # the form is built once its spec has loaded
    names = options.evaluate_all("(options) => options.map((option) => option.value)")
    assert sorted(names) == sorted(lrschedules.SCHEDULES)
    python = playground_spec()["python"]
    for name in names:
        _, values = _playground_run(visit, name)
        request = playground.get_attribute("data-request")
        namespace: dict[str, object] = {"verikb_request": request}
        exec(compile(python, "<playground>", "exec"), namespace)
        expected = json.loads(namespace["result"])
        if name in USES_MATH_COS:
            assert [float(v) for v in values] == pytest.approx([float(v) for v in expected], rel=1e-13), name
            expect(playground.locator(".verikb-playground__note")).to_contain_text("last digit")
        else:
            assert values == expected, name


@browser_test
def test_playground_shows_bad_arguments_as_readable_messages(visit: Visit) -> None:
    playground = visit.page.locator(".verikb-playground")
    alert = playground.get_by_role("alert")
    playground.get_by_label("Schedule", exact=True).select_option("LinearLR")
    playground.get_by_label("start_factor", exact=True).fill("2")
    playground.get_by_role("button", name="Run", exact=True).click()
    expect(alert).to_have_text(
        "ValueError: Starting multiplicative factor expected to be greater than 0 and less or equal to 1.",
        timeout=BOOT_TIMEOUT_MS,
    )
    playground.get_by_label("Schedule", exact=True).select_option("MultiStepLR")
    playground.get_by_label("milestones", exact=True).fill("3, six")
    playground.get_by_role("button", name="Run", exact=True).click()
    expect(alert).to_have_text("ValueError: milestones: 'six' is not an integer")
    playground.get_by_label("gamma", exact=True).fill("")
    playground.get_by_role("button", name="Run", exact=True).click()
    expect(alert).to_have_text("gamma: a value is required")
    playground.get_by_label("milestones", exact=True).fill("3, 6")
    playground.get_by_label("gamma", exact=True).fill("0.1")
    playground.get_by_role("button", name="Run", exact=True).click()
    expect(alert).to_have_text("")
    expect(playground.locator("tbody tr")).to_have_count(10)


@browser_test
def test_narrow_screen_does_not_scroll_sideways(browser: object, site: Site) -> None:
    visit = _open(browser, site, viewport={"width": 390, "height": 844})
    try:
        playground = visit.page.locator(".verikb-playground")
        playground.get_by_label("Schedule", exact=True).select_option("ReduceLROnPlateau")
        playground.get_by_role("button", name="Run", exact=True).click()
        expect(playground.locator("canvas").first).to_be_visible(timeout=BOOT_TIMEOUT_MS)
        assert visit.page.evaluate("document.documentElement.scrollWidth") <= 390
        assert visit.blocked == []
    finally:
        visit.page.context.close()


def test_vendor_ships_exactly_the_offline_boot_files() -> None:
    assert sorted(vendor_files(ROOT / "node_modules")) == [
        "vendor/pyodide/pyodide-lock.json",
        "vendor/pyodide/pyodide.asm.mjs",
        "vendor/pyodide/pyodide.asm.wasm",
        "vendor/pyodide/pyodide.mjs",
        "vendor/pyodide/python_stdlib.zip",
        "vendor/ts-fsrs/ts-fsrs.umd.js",
        "vendor/uplot/uPlot.iife.min.js",
        "vendor/uplot/uPlot.min.css",
    ], "axe-core is for tests only and must not ship"


def test_vendor_without_node_modules_says_run_npm_ci(tmp_path: Path) -> None:
    with pytest.raises(VendorError, match="run npm ci first"):
        vendor_files(tmp_path / "node_modules")
