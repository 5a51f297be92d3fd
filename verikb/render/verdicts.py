"""Verdicts next to claims: badges, evidence blocks, and the banner on items the real run contradicts."""

from __future__ import annotations

from collections import defaultdict

from verikb.model import Verdict
from verikb.render.html import esc, inline_code, paragraphs
from verikb.verify.schema import ClaimResult

__all__ = ["LETTERS", "VerdictIndex", "badge", "truth_banner", "verdict_block"]

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_TRUNCATED = "[output truncated"
"""How the runner marks a capped stream (verikb.verify.worker)."""


class VerdictIndex:
    """Results looked up by deck and item path (``practice-4`` or ``practice-4/option-2``)."""

    def __init__(self, results: list[ClaimResult], *, snippet_url: str = "") -> None:
        self._by_item: dict[tuple[str, str], list[ClaimResult]] = defaultdict(list)
        self._by_deck: dict[str, list[ClaimResult]] = defaultdict(list)
        for r in results:
            self._by_item[(r.deck, r.item)].append(r)
            self._by_deck[r.deck].append(r)
        self.snippet_url = snippet_url
        """Prefix turning a snippet path into a link (e.g. a repository's blob URL), or ''."""

    def of(self, deck: str, item: str) -> list[ClaimResult]:
        return self._by_item.get((deck, item), [])

    def of_deck(self, deck: str) -> list[ClaimResult]:
        return self._by_deck.get(deck, [])

    def of_item_and_options(self, deck: str, item: str) -> list[ClaimResult]:
        """The item's own claims, then its options' (``item/option-N``)."""
        return [r for r in self.of_deck(deck) if r.item == item or r.item.startswith(f"{item}/")]


def badge(verdict: Verdict) -> str:
    return f'<span class="verikb-badge verikb-badge--{verdict.css}">{esc(verdict.label)}</span>'


def _evidence(result: ClaimResult) -> str:
    evidence = result.output.strip() or "(no output)"
    if result.warnings:
        evidence += "\n" + "\n".join(f"warning: {w}" for w in result.warnings)
    note = '<p class="verikb-note">Output truncated: the run printed more.</p>' if _TRUNCATED in evidence else ""
    return f"<pre><code>{esc(evidence)}</code></pre>{note}"


def _snippet_link(result: ClaimResult, snippet_url: str) -> str:
    if snippet_url:
        return f'<a href="{esc(snippet_url + (result.snippet or ""))}">{esc(result.snippet)}</a>'
    return f"<code>{esc(result.snippet)}</code>"


def verdict_block(result: ClaimResult, *, snippet_url: str = "") -> str:
    """The claim, its verdict, what is true instead, and the real output one click away."""
    # A reviewer's "not checkable" is about the item's own text, already on the page: no need to repeat it.
    claim = "" if result.snippet is None else f' <span class="verikb-claim">{inline_code(result.claim)}</span>'
    parts = [
        f'<div class="verikb-verdict verikb-verdict--{result.verdict.css}">',
        f'<p class="verikb-verdict-line">{badge(result.verdict)}{claim}</p>',
    ]
    if result.truth:
        label = {
            Verdict.REFUTED: "What is true",
            Verdict.NOT_DEMONSTRATED: "What happened",
            Verdict.DEMONSTRATED: "What showed",
        }.get(result.verdict, "Why")
        parts.append(f'<p class="verikb-truth">{label}: {inline_code(result.truth)}</p>')
    if result.setup:
        parts.append(
            '<p class="verikb-setup">One experiment on a small real model: evidence, not proof. '
            f"Setup: {inline_code(result.setup)}</p>"
        )
    if result.verdict == Verdict.ERROR and result.exception:
        parts.append(f'<p class="verikb-truth">Snippet problem: {esc(result.exception)}</p>')
    if result.snippet:
        versions = " · ".join(f"{k} {v}" for k, v in sorted(result.versions.items()))
        version = result.versions.get(result.framework or "", "")
        parts.append(
            '<details class="verikb-evidence">'
            f"<summary>Real output ({esc(result.framework)} {esc(version)})</summary>{_evidence(result)}"
            f'<p class="verikb-versions">{esc(versions)}</p>'
            f"<p>Snippet: {_snippet_link(result, snippet_url)}</p></details>"
        )
    parts.append("</div>")
    return "".join(parts)


def truth_banner(results: list[ClaimResult], *, explanation: str | None, snippet_url: str = "") -> str:
    """Shown at the top of an item before any click when real code contradicts the source: the truth
    in a sentence (the reviewer's explanation, else the snippet's), then the real printout, open."""
    wrong = [r for r in results if r.verdict.contradicts_source]
    if not wrong:
        return ""
    first = wrong[0]
    truth = paragraphs(explanation) if explanation else f"<p>{inline_code(first.truth or '')}</p>"
    printout = next((r for r in wrong if r.output.strip()), None)
    evidence = ""
    if printout is not None:
        version = printout.versions.get(printout.framework or "", "")
        evidence = (
            f'<p class="verikb-banner-label">Real output ({esc(printout.framework)} {esc(version)}), '
            f"from {_snippet_link(printout, snippet_url)}:</p>{_evidence(printout)}"
        )
    heading = "The source is wrong here" if first.verdict == Verdict.REFUTED else "The source's claim did not show"
    if first.setup:
        truth += (
            '<p class="verikb-setup">One experiment on a small real model, evidence rather than proof: '
            f"{inline_code(first.setup)}</p>"
        )
    return (
        f'<div class="verikb-banner verikb-banner--{first.verdict.css}" role="note">'
        f'<p class="verikb-banner-title">{badge(first.verdict)} <strong>{heading}.</strong></p>'
        f'<div class="verikb-banner-truth">{truth}</div>{evidence}</div>'
    )
