"""Headless Chromium for the page and first-run sections, kept on 127.0.0.1.

Launches the same Chromium with the same flags as the browser tests (support/chromium.py) and
records every request that would leave the machine, so a section can report it in a row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from support.chromium import launch_headless

from .report import Bench, Row


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_headless(pw)
        try:
            yield browser
        finally:
            browser.close()


def local_only(context: Any, blocked: list[str]) -> None:
    """Abort and record every request that would leave 127.0.0.1."""

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname != "127.0.0.1":
            blocked.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)


def local_page(browser: Any, blocked: list[str], *, service_workers: str = "block") -> tuple[Any, Any]:
    """A fresh context (cold cache) whose requests stay on 127.0.0.1, and a page in it. Service workers are
    blocked unless asked for: the site's one precaches the whole site after the page, which no page figure is about."""
    context = browser.new_context(service_workers=service_workers)
    local_only(context, blocked)
    return context, context.new_page()


def blocked_row(bench: Bench, section: str, blocked: list[str]) -> None:
    """Add the row that checks no request left 127.0.0.1 (``blocked`` as local_only recorded them)."""
    bench.add(
        Row(
            section,
            "requests leaving 127.0.0.1",
            "—",
            str(len(blocked)),
            "0",
            "—",
            "none",
            "PASS" if not blocked else f"MISS {blocked[:3]}",
        )
    )
