"""The ``verify`` command: snippets -> verdicts -> verification.json, with progress and a summary."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from verikb.model import ClaimRef, Verdict
from verikb.verify.fingerprint import inputs_digest, unchanged_record

if TYPE_CHECKING:
    from rich.console import Console

    from verikb.verify.schema import ClaimResult, SnippetRun

__all__ = ["VERIFICATION_FILE", "run_verify"]

VERIFICATION_FILE = Path("verification.json")
_STYLE = {
    Verdict.VERIFIED: "green",
    Verdict.REFUTED: "yellow",
    Verdict.DEMONSTRATED: "green",
    Verdict.NOT_DEMONSTRATED: "yellow",
    Verdict.NOT_CHECKABLE: "cyan",
    Verdict.ERROR: "bold red",
}


def run_verify(
    paths: list[Path],
    *,
    root: Path,
    framework: str | None,
    jobs: int,
    as_json: bool,
    use_cache: bool,
) -> int:
    """Verify (all snippets: also write verification.json); 1 when a snippet broke or a verdict changed."""
    root = root.resolve()
    full = not paths and not framework
    digest = inputs_digest(root) if full else None
    if digest and use_cache and (record := unchanged_record(root / VERIFICATION_FILE, digest)):
        return _report_unchanged(record, as_json=as_json)
    from verikb.verify.runner import run_snippets, start_workers
    from verikb.verify.snippets import find_snippets, read_snippet

    if paths:
        files = find_snippets([p if p.is_absolute() else root / p for p in paths])
    else:  # a project without snippets/ yet has nothing to run, which is not an error
        files = find_snippets([root / "snippets"]) if (root / "snippets").is_dir() else []
    snippets = [read_snippet(f) for f in files]
    if framework:
        snippets = [s for s in snippets if s.framework == framework]
    # The frameworks import (1-5 s) while this process imports its own modules and reads decks and
    # cached results (~0.15 s); a worker whose snippets all come from the cache is stopped unused.
    started = start_workers({s.framework for s in snippets}, root)
    # Imported here, not at the top: a no-change run above needs none of them (~0.5 s).
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from verikb.deck_io import DECK_CACHE_DIR, read_decks
    from verikb.verify.cache import ResultCache
    from verikb.verify.results import build_verification
    from verikb.verify.schema import write_verification

    console = Console(stderr=True, highlight=False)  # highlighting is quadratic in a long exception line
    decks = read_decks(root / "quizzes", cache=root / DECK_CACHE_DIR)
    cache = ResultCache(root, decks=decks, enabled=use_cache)
    with Progress(
        TextColumn("verify"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=len(snippets))

        def done(run: SnippetRun) -> None:
            progress.update(task, advance=1, description=Path(run.path).name)

        runs = run_snippets(snippets, root=root, cache=cache, jobs=jobs, on_done=done, started=started)
    for run in runs:
        run.path = str(Path(run.path).relative_to(root)) if Path(run.path).is_absolute() else run.path
    checks = {r.path: s.checks for r, s in zip(runs, snippets, strict=True)}
    verification = build_verification(runs, checks, decks)
    results = verification.results
    if not full:
        # A partial run must not replace the site's full record with a subset of it.
        console.print(f"(a subset was verified: {VERIFICATION_FILE} is left as it was)")
    else:
        # A run that did not go through everywhere records no digest: the next verify retries.
        complete = all(run.status == "ok" for run in runs)
        write_verification(root / VERIFICATION_FILE, verification, inputs=digest if complete else None)
    if as_json:
        print(json.dumps([_public(r) for r in results], indent=2, ensure_ascii=False))
    _summarise(console, results, runs)
    if full:  # a subset's results would make every other item look unchecked
        _to_do(console.print, unexplained=verification.unexplained, unchecked=verification.unchecked)
    broken = [r for r in results if r.verdict == "error" or r.changed]
    return 1 if broken else 0


def _public(result: ClaimResult) -> dict:
    from dataclasses import asdict

    return {**asdict(result), "changed": result.changed}


def _report_unchanged(record: dict, *, as_json: bool) -> int:
    """Answer from verification.json: same inputs, so the same verdicts (nothing is executed)."""
    results = record["results"]
    for r in results:
        r["changed"] = r.get("expected") is not None and r["verdict"] != r["expected"]
    if as_json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    counts = Counter(r["verdict"] for r in results)
    summary = ", ".join(f"{counts.get(v, 0)} {v}" for v in _STYLE)
    changed = sum(r["changed"] for r in results)
    snippets = len(record.get("snippets", []))
    print(
        f"{VERIFICATION_FILE} is up to date (no snippet or deck changed): {len(results)} claims: {summary}; "
        f"{changed} changed. {snippets} snippets: 0 executed, {snippets} from cache.",
        file=sys.stderr,
    )
    _to_do(
        lambda text: print(text, file=sys.stderr),
        unexplained=[ClaimRef.parse(ref) for ref in record.get("unexplained", [])],
        unchecked=[ClaimRef.parse(ref) for ref in record.get("unchecked", [])],
    )
    broken = [r for r in results if r["verdict"] == "error" or r["changed"]]
    return 1 if broken else 0


def _summarise(console: Console, results: list[ClaimResult], runs: list[SnippetRun]) -> None:
    """A verdict count per deck, then every claim that needs attention, then one total line."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="verification")
    table.add_column("deck")
    for verdict, style in _STYLE.items():
        table.add_column(verdict, justify="right", style=style)
    for deck in sorted({r.deck for r in results}):
        counts = Counter(r.verdict for r in results if r.deck == deck)
        table.add_row(deck, *(str(counts.get(v, 0)) for v in _STYLE))
    console.print(table)
    for r in results:
        if r.verdict in (Verdict.ERROR, Verdict.REFUTED, Verdict.NOT_DEMONSTRATED) or r.changed:
            mark = f" (expected {r.expected})" if r.changed else ""
            detail = r.exception if r.verdict == "error" else r.truth
            text = f"{r.deck}/{r.item}: {r.claim}\n    {detail}"
            console.print(f"[{_STYLE[r.verdict]}]{r.verdict}{mark}[/] {escape(text)}")  # "[enforce fail…" is no markup
    executed = sum(not r.cached for r in runs)
    counts = Counter(r.verdict for r in results)
    summary = ", ".join(f"{counts.get(v, 0)} {v}" for v in _STYLE)
    changed = sum(r.changed for r in results)
    console.print(
        f"{len(results)} claims: {summary}; {changed} changed. "
        f"{len(runs)} snippets: {executed} executed, {len(runs) - executed} from cache."
    )


def _to_do(say: Callable[[str], None], *, unexplained: list[ClaimRef], unchecked: list[ClaimRef]) -> None:
    """What a contributor has left: contradicted items without an explanation, and unchecked items per deck."""
    for ref in unexplained:
        say(f"warning: {ref}: real code contradicts the source here; add a `curated: explanation:` saying what is true")
    by_deck: dict[str, list[str]] = {}
    for ref in unchecked:
        by_deck.setdefault(ref.deck, []).append(ref.item)
    for deck, items in by_deck.items():
        say(f"unchecked: {deck}: {len(items)} items have no snippet and no not_checkable reason: {', '.join(items)}")
