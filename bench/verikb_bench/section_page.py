"""Section "page": bytes a deck page loads before any Run click, against a plain material page of the same text.

Raw and as sent (gzip), in a fresh browser context per load, service workers blocked (the site's precaches the
whole site after the page: background work, reported in its own row); no request may leave 127.0.0.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from support.chromium import CHROMIUM
from support.static_server import serve

from .browser import blocked_row, chromium, local_page
from .project import Project, ensure_built, plain_docs, project
from .report import Bench, Row, ratio_row, skip_row
from .static_server import GzipHandler
from .stats import Stats
from .timing import rounds


@dataclass(frozen=True, slots=True)
class PageLoad:
    """Bytes a page load fetched: encoded (on the wire, gzip where served so) and decoded."""

    encoded: int
    decoded: int
    responses: dict[str, tuple[int, int]]


def load_page(browser: Any, url: str, blocked: list[str]) -> PageLoad:
    """Open ``url`` in a fresh context, wait for the network to go idle, sum every response's sizes."""
    context, page = local_page(browser, blocked)
    finished: list[Any] = []

    def record(request: Any) -> None:
        finished.append(request)

    context.on("requestfinished", record)
    response = page.goto(url, wait_until="networkidle")
    if response is None or response.status != 200:
        raise RuntimeError(f"{url} answered {response.status if response else 'nothing'}: no page to weigh")
    page.wait_for_timeout(500)
    responses: dict[str, tuple[int, int]] = {}
    for request in finished:
        response = request.response()
        if response is None or not request.url.startswith("http"):
            continue
        body = len(response.body())
        responses[request.url] = (request.sizes()["responseBodySize"], body)
    context.close()
    return PageLoad(sum(e for e, _ in responses.values()), sum(d for _, d in responses.values()), responses)


def precache_load(browser: Any, url: str, blocked: list[str]) -> int:
    """Bytes (as sent) the service worker fetches after a first visit of ``url``: what makes the site work offline."""
    context, page = local_page(browser, blocked, service_workers="allow")
    fetched: list[Any] = []
    context.on("requestfinished", lambda request: fetched.append(request) if request.service_worker else None)
    page.goto(url, wait_until="networkidle")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # installed: the precache is complete
    page.wait_for_timeout(500)
    sent = sum(request.sizes()["responseBodySize"] for request in fetched)
    context.close()
    return sent


def median_deck(proj: Project) -> str:
    """The deck whose page is of median size, so the figure is about a typical page."""
    sizes = sorted(((plain_docs(proj.root) / "topics" / f"{d}.md").stat().st_size, d) for d in proj.decks)
    return sizes[len(sizes) // 2][1]


def section_page(bench: Bench) -> None:
    """Bytes a deck page loads before any Run click, vs a plain material page of the same text."""
    if not CHROMIUM.exists():
        skip_row(bench, "page", "deck page bytes", goal="≤ 1.2×", reason=f"{CHROMIUM} missing")
        return
    proj = project(bench, 10)
    sites = {"plain": ensure_built(proj, "plain"), "verikb": ensure_built(proj, "verikb")}
    deck = median_deck(proj)
    blocked: list[str] = []
    loads: dict[str, list[PageLoad]] = {"plain": [], "verikb": []}
    with chromium() as browser, serve(sites["plain"].parent, GzipHandler) as host:
        base = f"{host}/"
        for order in rounds(list(sites), bench.repeats):
            for name in order:
                url = f"{base}{sites[name].name}/topics/{deck}/"
                loads[name].append(load_page(browser, url, blocked))
        verikb_url = f"{base}{sites['verikb'].name}/topics/{deck}/"
        precache = Stats(tuple(float(precache_load(browser, verikb_url, blocked)) for _ in range(bench.repeats)))
    for kind, unit_name in (("decoded", "raw"), ("encoded", "gzip (as sent)")):
        subject = Stats(tuple(getattr(x, kind) for x in loads["verikb"]))
        baseline = Stats(tuple(getattr(x, kind) for x in loads["plain"]))
        ratio_row(
            bench,
            "page",
            f"deck page bytes before Run, {unit_name}: verikb / plain",
            n=f"deck {deck}",
            subject=subject,
            baseline=baseline,
            goal=1.2,
            paired=True,
            unit="B",
        )
    figure = "offline precache after the first visit, bytes (gzip as sent)"
    bench.add(Row("page", figure, f"deck {deck}", precache.show("B"), "—", "—", "info", "info"))
    blocked_row(bench, "page", blocked)
    page_evidence(bench, deck, loads["verikb"][-1], loads["plain"][-1])


def page_evidence(bench: Bench, deck: str, subject: PageLoad, plain: PageLoad) -> None:
    """The verikb page's largest responses, what only verikb loads, and what a deck page never uses."""

    def in_site(url: str) -> str:
        return urlsplit(url).path.split("/", 2)[-1]

    plain_paths = {in_site(url) for url in plain.responses}
    rows = sorted(((enc, dec, in_site(url)) for url, (enc, dec) in subject.responses.items()), reverse=True)
    only = [(enc, dec, path) for enc, dec, path in rows if path not in plain_paths]
    unused = [(enc, dec, path) for enc, dec, path in only if re.search(r"verikb-(playground|runner)", path)]
    bench.say(f"  verikb page {len(subject.responses)} responses, plain page {len(plain.responses)}")
    if subject.encoded / plain.encoded <= 1.2 and subject.decoded / plain.decoded <= 1.2:
        return
    lines = [
        f"{enc / 1024:8.1f} KiB sent {dec / 1024:8.1f} KiB raw  {path}"
        + ("" if path in plain_paths else "  (verikb only)")
        for enc, dec, path in rows[:18]
    ]

    def total(items: list[tuple[int, int, str]]) -> str:
        return f"{sum(e for e, _, _ in items) / 1024:.1f} KiB sent, {sum(d for _, d, _ in items) / 1024:.1f} KiB raw"

    lines += [
        f"verikb-only requests: {len(only)} ({total(only)}); the whole page {subject.encoded / 1024:.1f} KiB sent, "
        f"plain {plain.encoded / 1024:.1f} KiB sent",
        f"of which playground/runner files a deck page does not use before Run: {len(unused)} ({total(unused)})",
    ]
    bench.evidence.append(f"page: responses of the verikb deck page topics/{deck}/ (last repeat)\n" + "\n".join(lines))
