"""Headless Debian Chromium as this machine needs it: one definition for the tests and the benchmarks.

The browser tests (tests/conftest.py) and the page benchmarks (bench/verikb_bench/browser.py) launch
the same Chromium with the same flags. A plain module, no pytest: ``scripts/bench`` and pytest
(``pythonpath`` in pyproject.toml) both put the repository root on ``sys.path`` to import it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# What Chromium needs on this machine: no sandbox as root, and no background traffic to hosts
# the closed network refuses (each refused connection would otherwise be retried and logged).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_headless(playwright: Any) -> Any:
    """Headless ``CHROMIUM`` with ``CHROMIUM_ARGS`` (``playwright install`` cannot run here)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
