"""Shared test fixtures: headless Debian Chromium and a static file server on loopback."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from site_harness import BUILDERS, Browse, browsing, build_site

from support.chromium import CHROMIUM, launch_headless  # shared with bench/ (pyproject: pythonpath)
from support.static_server import serve


@pytest.fixture(scope="session")
def static_server() -> Callable[..., contextlib.AbstractContextManager[str]]:
    """``with static_server(folder) as url:`` — a loopback server for built pages."""
    return serve


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for the whole session (``playwright install`` cannot run here)."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian chromium at /usr/bin/chromium (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch_headless(playwright)
        yield launched
        launched.close()


def _write_assets(site: Path) -> Path:
    """The widget assets, vendored Pyodide/uPlot, playground spec and wheel under ``site/assets/verikb``, as a
    build lays them out (individual files, so fixture pages can load just the ones they test); returns the wheel."""
    import json
    import shutil

    from verikb.render.playground_spec import playground_spec
    from verikb.site.runtime import build_playground_wheel, vendor_files

    root = Path(__file__).resolve().parent.parent
    assets = site / "assets" / "verikb"
    shutil.copytree(root / "verikb" / "assets", assets)
    for name, data in vendor_files(root / "node_modules").items():
        (assets / name).parent.mkdir(parents=True, exist_ok=True)
        (assets / name).write_bytes(data)
    (assets / "playground-spec.json").write_text(json.dumps(playground_spec()), encoding="utf-8")
    return build_playground_wheel(assets / "wheels", project_dir=root / "playground")


@pytest.fixture(scope="session")
def asset_folder() -> Callable[[Path], Path]:
    """``asset_folder(site)`` writes a built site's asset folder into ``site``; returns the wheel's path."""
    return _write_assets


@pytest.fixture(scope="session", params=BUILDERS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The project's site, built by each builder once per session (every browser test of the built site shares it)."""
    return build_site(request.param, tmp_path_factory.mktemp(request.param) / "site")


@pytest.fixture(scope="session")
def base_url(site: dict[str, object]) -> Iterator[str]:
    with serve(site["dir"]) as url:  # type: ignore[arg-type]
        yield f"{url}/"


@pytest.fixture
def browse(browser: object, base_url: str) -> Iterator[Browse]:
    """Pages of the built site; the test fails if anything leaves 127.0.0.1 or logs a console error."""
    yield from browsing(browser, base_url)
