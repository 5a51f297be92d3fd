"""Building the project's real site with each builder and browsing it in Chromium: shared by every browser test
of the built site (test_site_browser.py, the learning and offline tests). The fixtures are in conftest.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
DESKTOP = {"width": 1300, "height": 900}
MOBILE = {"width": 390, "height": 844}
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
BUILDERS = ["mkdocs", "zensical"]

# Every widget root the assets enhance; each gets data-verikb-ready once its script ran.
READY = """() => [...document.querySelectorAll(
    ':is(section, figure)[data-verikb-data], .verikb-playground, .verikb-runnable')]
  .every((node) => node.hasAttribute('data-verikb-ready'))"""


def run_command(command: list[str], *, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a verikb command; a failure fails the test with its output."""
    result = subprocess.run(command, cwd=cwd, env=BUILD_ENV, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def ensure_verification() -> None:
    if not (ROOT / "verification.json").is_file():
        run_command([sys.executable, "-m", "verikb", "verify"], cwd=ROOT)


def build_site(builder: str, site_dir: Path) -> dict[str, Any]:
    """``verikb site``: render into docs/ (generated files only), then build with ``builder`` into ``site_dir``
    (ROOT/site is never touched); returns what the tests compare the pages with."""
    ensure_verification()
    verification = json.loads((ROOT / "verification.json").read_text(encoding="utf-8"))
    run_command(
        [sys.executable, "-m", "verikb", "site", "--force", "--builder", builder, "-d", str(site_dir)], cwd=ROOT
    )
    assert (site_dir / "index.html").is_file()
    return {
        "dir": site_dir,
        "results": verification["results"],
        "contradicted": verification["contradicted"],
        "verification": verification,
        "deck_ids": sorted(p.stem for p in (ROOT / "quizzes").glob("*.yml")),
        "builder": builder,
    }


def wait_ready(page: Any) -> None:
    page.wait_for_function(READY)


class Browse:
    """Opens pages in fresh contexts; records off-site requests (aborted) and console/page errors."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url
        self.offsite: list[str] = []
        self.errors: list[str] = []
        self.contexts: list[Any] = []

    def _route(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname != "127.0.0.1":
            self.offsite.append(url)
            route.abort()
        else:
            route.continue_()

    def new_context(self, **context_options: Any) -> Any:
        context_options.setdefault("viewport", DESKTOP)
        # The offline tests allow the service worker; elsewhere its precaching would only add load.
        context_options.setdefault("service_workers", "block")
        context = self.browser.new_context(**context_options)
        self.contexts.append(context)
        context.route("**/*", self._route)
        return context

    def new_page(self, context: Any = None, **context_options: Any) -> Any:
        page = (context or self.new_context(**context_options)).new_page()

        def on_console(message: Any) -> None:
            if message.type == "error" or (message.type == "warning" and "verikb" in message.text):
                self.errors.append(f"{page.url}: console {message.type}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: pageerror: {error}"))
        return page

    def open(self, path: str = "", context: Any = None, **context_options: Any) -> Any:
        """A page at ``path`` (relative to the site), in ``context`` or a fresh one, once its widgets are ready."""
        page = self.new_page(context, **context_options)
        page.goto(self.base_url + path)
        if context_options.get("java_script_enabled", True):
            wait_ready(page)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def browsing(browser: Any, url: str) -> Iterator[Browse]:
    """A Browse for one test; afterwards nothing may have left 127.0.0.1 or written a console error."""
    helper = Browse(browser, url)
    yield helper
    helper.close()
    assert helper.offsite == [], "the site must be self-contained"
    assert helper.errors == []
