"""The site-wide generated pages: home (topics with counts) and the verification report."""

from __future__ import annotations

from collections import Counter

from verikb.model import Deck
from verikb.render.deck_page import FRAMEWORK_NAMES
from verikb.render.html import esc, md_text
from verikb.render.verdicts import VerdictIndex, badge
from verikb.verify.results import Verification

__all__ = ["deck_path", "render_home", "render_report"]

_VERDICTS = ("verified", "refuted", "not checkable", "error")


def deck_path(deck_id: str) -> str:
    """Where a deck's page lives in the docs tree (and so its URL)."""
    return f"topics/{deck_id}.md"


def _versions_line(versions: dict[str, str]) -> str:
    return " · ".join(f"{esc(k)} {esc(v)}" for k, v in sorted(versions.items())) or "no framework run yet"


def render_home(decks: list[Deck], verification: Verification) -> str:
    """Home: what the site is, how many claims hold, one row per topic."""
    index = VerdictIndex(verification.results)
    totals = Counter(r.verdict for r in verification.results)
    summary = " ".join(f"{badge(v)} <strong>{totals.get(v, 0)}</strong>" for v in _VERDICTS)
    rows = []
    for deck in decks:
        counts = Counter(r.verdict for r in index.of_deck(deck.id))
        framework = FRAMEWORK_NAMES.get(deck.display_framework or "", "—")
        cells = [
            f"[{md_text(deck.display_title)}]({deck_path(deck.id)})",
            framework,
            *(str(len(items)) for items in (deck.cards, deck.questions, deck.prompts, deck.practice)),
            str(counts.get("verified", 0)),
            str(counts.get("refuted", 0)),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return (
        "---\ntitle: Learning rates, verified\n---\n\n# Learning rates, verified\n\n"
        "Flashcards, quizzes and worked problems about learning rates in PyTorch and TensorFlow. "
        "Every claim that code can settle was run against the real frameworks: next to each one you see "
        "whether it holds, and the real output.\n\n"
        f'<div class="verikb-home-summary"><p>{summary}</p>'
        f'<p class="verikb-versions">Checked with {_versions_line(verification.versions)}.</p></div>\n\n'
        "See the [verification report](report.md) for every claim.\n\n"
        "## Topics\n\n"
        "| Topic | Framework | Cards | Questions | Prompts | Practice | Verified | Refuted |\n"
        "|---|---|--:|--:|--:|--:|--:|--:|\n" + "\n".join(rows) + "\n\n"
        "Try schedules yourself in the [learning-rate playground](playground.md); "
        "add a source or a snippet as described in [Contributing](contributing.md).\n"
    )


def render_report(decks: list[Deck], verification: Verification, *, snippet_url: str = "") -> str:
    """Every claim with its verdict, what is true, and the snippet: one table per topic."""
    titles = {d.id: d.display_title for d in decks}
    by_deck: dict[str, list[str]] = {}
    for r in verification.results:
        anchor = r.item.split("/")[0]
        target = f"[{md_text(r.item)}]({deck_path(r.deck)}#{anchor})" if r.deck in titles else md_text(r.item)
        detail = md_text(r.truth or r.exception or "")
        if r.snippet:
            link = f"[{md_text(r.snippet)}]({snippet_url}{r.snippet})" if snippet_url else f"`{r.snippet}`"
            detail = f"{detail}<br>{link}" if detail else link
        row = f"| {target} | {md_text(r.claim)} | {badge(r.verdict)} | {detail} |"
        by_deck.setdefault(r.deck, []).append(row)
    totals = Counter(r.verdict for r in verification.results)
    summary = ", ".join(f"{totals.get(v, 0)} {v}" for v in _VERDICTS)
    sections = [
        f"## {md_text(titles.get(deck, deck))}\n\n"
        "| Item | Claim | Verdict | What is true / why · snippet |\n|---|---|---|---|\n" + "\n".join(rows)
        for deck, rows in by_deck.items()
    ]
    return (
        "---\ntitle: Verification report\n---\n\n# Verification report\n\n"
        f"{len(verification.results)} claims: {summary}. "
        f"Frameworks: {_versions_line(verification.versions)}.\n\n"
        "How verification works: see [How verification works](verification.md); "
        "to add a snippet, see [Contributing](contributing.md).\n\n" + "\n\n".join(sections) + "\n"
    )
