"""Offline use: the service worker every build writes (verikb/site/offline.py), on the project's real site built
by mkdocs and by Zensical, in real Chromium with service workers allowed (the harness blocks them elsewhere).

After one visit the site is taken offline (``context.set_offline``): pages never visited render and their
widgets work, and Pyodide runs again once it ran online. A new build served at the same address replaces the
old precache on the next load.
"""

from __future__ import annotations

import http.server
import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from site_harness import ROOT, browsing, wait_ready

from verikb.site.node import NodeToolError
from verikb.site.offline import add_service_worker, precache_manifest

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

DECK = "003_922fc2f599061697"  # flashcards, a quiz and a runnable block
OTHER_DECK = "002_dd70d25f9b6b52f4"
BOOT_TIMEOUT_MS = 60_000

CACHE_KEYS = """async () => { const out = {};
    for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    return out; }"""


def manifest_of(sw: Path) -> list[dict[str, str]]:
    """The precache manifest written into a built sw.js."""
    found = re.search(r'\[\{"url":.*?\}\]', sw.read_text(encoding="utf-8"))
    assert found, "sw.js holds no precache manifest"
    return json.loads(found.group(0))


def visit_once(browse: Any, path: str = "") -> tuple[Any, Any]:
    """A context that allows service workers, and a page at ``path`` once the worker controls it."""
    context = browse.new_context(service_workers="allow")
    page = browse.open(path, context)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # installed: every precached file is cached
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return context, page


def poll(page: Any, script: str, *, timeout_s: float = 30) -> None:
    """Wait until an async ``script`` resolves truthy (wait_for_function would take its promise for true)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"not true after {timeout_s} s: {script}"
        page.wait_for_timeout(200)


def exercise_widgets(page: Any) -> None:
    """A flashcard turns and a quiz answer is graded: the widgets' scripts came from the cache."""
    card = page.locator("section.verikb-flashcards .verikb-card").first
    card.get_by_role("button", name="Show answer").click()
    expect(card.locator(".verikb-card-answer")).to_be_visible()
    question = page.locator("section.verikb-quiz .verikb-question").first
    question.locator(".verikb-option-label").first.click()
    expect(question.locator(".verikb-feedback")).not_to_be_empty()


# ---------------------------------------------------------------- sw.js as built


def test_sw_precaches_every_page_and_asset_but_not_pyodide(site):
    built: Path = site["dir"]
    urls = {entry["url"] for entry in manifest_of(built / "sw.js")}
    pages = {p.relative_to(built).as_posix() for p in built.rglob("*.html")}
    learning_pages = {p for p in pages if not p.startswith("notebooks/")}  # notebooks: cached when opened
    assert learning_pages <= urls, f"pages missing from the precache: {sorted(learning_pages - urls)}"
    assert not [url for url in urls if url.startswith(("notebooks/", "downloads/"))]
    assert {"assets/verikb/verikb.js", "assets/verikb/verikb.css", "assets/verikb/verikb-runner-worker.js"} <= urls
    assert {"search/search_index.json", "search.json"} & urls, "the search index is precached"
    assert any(url.startswith("assets/verikb/wheels/") and url.endswith(".whl") for url in urls)
    assert not [url for url in urls if "vendor/pyodide/" in url or url.endswith(".map") or url == "sw.js"]
    assert (built / "assets/verikb/vendor/pyodide/pyodide.asm.wasm").is_file(), "Pyodide is served, just not precached"
    code = (built / "sw.js").read_text(encoding="utf-8")
    assert re.search(r"verikb-pyodide-[0-9a-f]{20}", code) and "__VERIKB_PYODIDE_REVISION__" not in code


def test_revisions_follow_content_only(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("one", encoding="utf-8")
    (tmp_path / "b.css").write_text("two", encoding="utf-8")
    first = precache_manifest(tmp_path)
    (tmp_path / "a" / "index.html").write_text("changed", encoding="utf-8")
    second = precache_manifest(tmp_path)
    assert [e["url"] for e in first] == ["a/index.html", "b.css"]
    assert first[0]["revision"] != second[0]["revision"] and first[1] == second[1]


def test_missing_node_modules_is_one_line_naming_npm_ci(tmp_path):
    (tmp_path / "index.html").write_text("<p>page</p>", encoding="utf-8")
    with pytest.raises(NodeToolError) as raised:
        add_service_worker(tmp_path, root=tmp_path)  # a project without node_modules
    message = str(raised.value)
    assert "\n" not in message and "workbox-build is missing: run npm ci" in message
    assert not (tmp_path / "sw.js").exists(), "no half-written service worker"


def test_missing_node_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no node on PATH
    with pytest.raises(NodeToolError, match=r"^node is not installed: install Node\.js .*npm ci$"):
        add_service_worker(tmp_path, root=ROOT)


# ---------------------------------------------------------------- offline in Chromium


@pytest.mark.browser
def test_home_reloads_and_an_unvisited_topic_works_offline(browse, site):
    context, page = visit_once(browse)
    heading = page.locator("h1").first.inner_text()
    context.set_offline(True)
    page.reload()
    wait_ready(page)
    expect(page.locator("h1").first).to_have_text(heading, use_inner_text=True)  # what the learner sees
    topic = browse.open(f"topics/{DECK}/", context)  # never opened before
    exercise_widgets(topic)
    assert topic.evaluate("navigator.onLine") is False
    other = browse.open(f"topics/{OTHER_DECK}/?h=learning", context)  # as the theme's search opens a result
    exercise_widgets(other)
    index = "search.json" if site["builder"] == "zensical" else "search/search_index.json"
    searchable = other.evaluate("(url) => fetch(url).then((r) => r.ok)", browse.base_url + index)
    assert searchable, "the search index is there offline"


@pytest.mark.browser
def test_pyodide_runs_offline_once_it_ran_online(browse, site):
    context, page = visit_once(browse, f"topics/{DECK}/")
    block = page.locator(".verikb-runnable").first
    block.get_by_role("button", name="Run", exact=True).click()
    output = block.locator("pre.verikb-runner__output")
    expect(output).not_to_be_empty(timeout=BOOT_TIMEOUT_MS)
    expect(block.get_by_role("button", name="Run", exact=True)).to_be_enabled(timeout=BOOT_TIMEOUT_MS)
    online = output.inner_text()
    cached = [url for urls in page.evaluate(CACHE_KEYS).values() for url in urls if "/vendor/pyodide/" in url]
    assert any(url.endswith("pyodide.asm.wasm") for url in cached), cached

    context.set_offline(True)
    page.reload()
    wait_ready(page)
    block = page.locator(".verikb-runnable").first
    block.get_by_role("button", name="Run", exact=True).click()
    expect(block.locator("pre.verikb-runner__output")).to_have_text(online, timeout=BOOT_TIMEOUT_MS)


@pytest.mark.browser
def test_works_under_a_sub_path(browser, site, static_server):
    with static_server(site["dir"].parent) as root:  # the site at /site/, as GitHub Pages serves /repo/
        for browse in browsing(browser, f"{root}/site/"):
            context, page = visit_once(browse)
            scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
            assert scope == f"{root}/site/"
            context.set_offline(True)
            exercise_widgets(browse.open(f"topics/{OTHER_DECK}/", context))


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def swappable(site, tmp_path_factory) -> Iterator[tuple[str, dict[str, Path]]]:
    """A server of a copy of the built site whose folder the test can swap (``served["dir"]``), like a deploy."""
    served = {"dir": tmp_path_factory.mktemp("old") / "site"}
    shutil.copytree(site["dir"], served["dir"])

    def handler(*args: Any, **kwargs: Any) -> _Handler:
        return _Handler(*args, directory=str(served["dir"]), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _revision(sw: Path, url: str) -> str:
    return next(entry["revision"] for entry in manifest_of(sw) if entry["url"] == url)


@pytest.mark.browser
def test_a_new_build_replaces_the_old_precache(browser, swappable, tmp_path):
    url, served = swappable
    old = served["dir"]
    new = tmp_path / "new"
    shutil.copytree(old, new)
    home = new / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</h1>", " (rebuilt)</h1>", 1), encoding="utf-8")
    add_service_worker(new, root=ROOT)  # what the build does last
    old_rev, new_rev = _revision(old / "sw.js", "index.html"), _revision(new / "sw.js", "index.html")
    assert old_rev != new_rev
    unchanged_rev = _revision(old / "sw.js", "topics/index.html")
    assert unchanged_rev == _revision(new / "sw.js", "topics/index.html")

    for browse in browsing(browser, url):
        context, page = visit_once(browse)
        expect(page.locator("h1").first).not_to_contain_text("(rebuilt)")
        before = page.evaluate(CACHE_KEYS)
        assert any(f"index.html?__WB_REVISION__={old_rev}" in key for keys in before.values() for key in keys)

        served["dir"] = new  # the deploy
        # Documented: the first load after a deploy is still the old build, while the browser fetches the new
        # sw.js, which caches the changed files, takes over and deletes the old ones; the next load is new.
        page.reload()
        wait_ready(page)
        poll(  # the new worker is active: it cached the new page and dropped the old one
            page,
            f"""async () => {{ const keys = Object.values(await ({CACHE_KEYS})()).flat();
                return keys.some((key) => key.endsWith('/index.html?__WB_REVISION__={new_rev}'))
                    && !keys.some((key) => key.endsWith('/index.html?__WB_REVISION__={old_rev}')); }}""",
        )
        page.reload()
        wait_ready(page)
        expect(page.locator("h1").first).to_contain_text("(rebuilt)")

        after = [key for keys in page.evaluate(CACHE_KEYS).values() for key in keys]
        assert not [key for key in after if f"__WB_REVISION__={old_rev}" in key], "the old page is still cached"
        precached = [key for key in after if "__WB_REVISION__=" in key]
        assert len(precached) == len(manifest_of(new / "sw.js")), "exactly the new build's files"
        context.set_offline(True)
        page.reload()
        wait_ready(page)
        expect(page.locator("h1").first).to_contain_text("(rebuilt)")


@pytest.mark.browser
def test_a_site_without_sw_js_removes_the_worker_an_earlier_build_left(browser, swappable, tmp_path):
    url, served = swappable
    plain = tmp_path / "plain"  # e.g. mkdocs serve on the same address: no sw.js
    shutil.copytree(served["dir"], plain)
    (plain / "sw.js").unlink()
    home = plain / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</h1>", " (served)</h1>", 1), encoding="utf-8")

    for browse in browsing(browser, url):
        _, page = visit_once(browse)
        served["dir"] = plain
        page.reload()  # still the old build, from the cache; its script finds sw.js gone
        wait_ready(page)
        poll(page, "navigator.serviceWorker.getRegistrations().then((all) => all.length === 0)")
        page.reload()
        wait_ready(page)
        expect(page.locator("h1").first).to_contain_text("(served)")
        browse.errors[:] = [e for e in browse.errors if "404" not in e]  # the HEAD of the missing sw.js
