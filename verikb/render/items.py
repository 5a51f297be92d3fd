"""One deck item's HTML (flashcard, question, "explain it" prompt, practice problem), as its topic page shows it
and the review page shows it again.

Every answer sits in a ``<details>``, so a page is complete without JavaScript. Where real code contradicts the
source, the item says so at its top, before any click, and the source's own answer is marked as the source's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verikb.model import Card, Deck, Practice, Prompt, Question, Verdict
from verikb.render.html import esc, paragraphs, parts_html
from verikb.render.verdicts import LETTERS, VerdictIndex, badge, truth_banner, verdict_block
from verikb.verify.schema import AnswerKey

__all__ = ["DeckPage", "card_html", "practice_html", "prompt_html", "question_html"]

# A scraped page's check-mark glyph, turned into text by the scraper ("Learning rate = step size [OK]").
_ARTEFACT = re.compile(r"\s*\[OK\]\s*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class DeckPage:
    """What a deck's page shows besides the deck: verdicts, keys, plots, and where to go next."""

    index: VerdictIndex
    keys: dict[str, AnswerKey]
    """Answer key of every question and practice problem by id (``Verification.keys_of``)."""
    curves: list[dict]
    experiments: list[dict]
    contradicted: frozenset[str] = frozenset()
    """Ids of the items whose source claim or answer key real code contradicts."""
    next_topic: tuple[str, str] | None = None
    """(title, link) of the next topic on the learning path."""
    notebook: str | None = None
    """Link to the topic's evidence notebook, when snippets check it."""


def card_html(deck: Deck, card: Card, page: DeckPage) -> str:
    """One flashcard: front, then its answer, note and verdicts in a ``<details>`` (the review page shows it too)."""
    back = parts_html(card.back_parts) if card.back_parts else paragraphs(card.back)
    level = f'<p class="verikb-level">{esc(card.level)}</p>' if card.level else ""
    note = paragraphs(card.curated.note, cls="verikb-note")
    return (
        f'<div class="verikb-card" id="{esc(card.id)}" data-item="{esc(card.id)}">{level}'
        f'{_banner(deck, card, page)}<p class="verikb-card-front">{esc(card.front)}</p>'
        f'<details class="verikb-card-back"><summary>Reveal answer</summary>'
        f'<div class="verikb-card-answer">{_as_source(back, card.id, page)}</div>{note}'
        f"{_verdicts_html(deck, card.id, page.index)}</details></div>"
    )


def question_html(deck: Deck, q: Question, page: DeckPage) -> str:
    """One question: banner, prompt, options, then the corrected key, explanation and verdicts in a ``<details>``
    (also what the review page shows for a missed question)."""
    key = page.keys[q.id]
    explanation = _as_source(paragraphs(q.explanation), q.id, page) if q.explanation else ""
    verdicts = _verdicts_html(deck, q.id, page.index, options=True)
    return (
        f'<div class="verikb-question" id="{esc(q.id)}" data-item="{esc(q.id)}">{_banner(deck, q, page)}'
        f'<p class="verikb-prompt">{esc(q.prompt)}</p>{_options(q)}'
        f'<details class="verikb-explanation"><summary>Answer and explanation</summary>'
        f"{_key_html(key, q)}{explanation or '<p>The source gives no explanation.</p>'}{verdicts}</details></div>"
    )


def prompt_html(p: Prompt, concepts: list[str]) -> str:
    """One "explain it" prompt: hint and the key concepts to check an answer against."""
    hint = f'<details class="verikb-hint"><summary>Hint</summary>{paragraphs(p.hint)}</details>' if p.hint else ""
    count = len(concepts) or p.concepts or 0
    listed = "".join(f"<li>{esc(c)}</li>" for c in concepts) or (
        f"<li>The source counts {count} key concepts but does not name them.</li>" if count else ""
    )
    return (
        f'<div class="verikb-open-prompt" id="{esc(p.id)}" data-item="{esc(p.id)}">'
        f'<p class="verikb-prompt">{esc(p.prompt)}</p>{hint}'
        f'<details class="verikb-concepts"><summary>Key concepts ({count})</summary><ul>{listed}</ul></details></div>'
    )


def practice_html(deck: Deck, p: Practice, page: DeckPage) -> str:
    """One practice problem: prompt (and its code), options and hint, then the solution, key and verdicts in a
    ``<details>``; where real code contradicts it, the source's reasoning is marked as the source's."""
    key = page.keys[p.id]
    prompt = "".join(
        _code(p, part.text) if part.kind == "code" else paragraphs(part.text) for part in p.prompt_parts
    ) or paragraphs(p.prompt)
    steps = "".join(
        f'<li class="verikb-step"><p class="verikb-step-title">{esc(s.title)}</p>{paragraphs(s.text)}</li>'
        for s in p.steps
    )
    final = f'<p class="verikb-final">Final answer: {esc(p.final_answer)}</p>' if p.final_answer else ""
    reasoning = f'<ol class="verikb-steps">{steps}</ol>{final}' if steps or final else ""
    if reasoning and p.id in page.contradicted:
        reasoning = _source_says(reasoning, "The source's solution, which the real run contradicts:")
        if p.curated.explanation:
            reasoning += (
                f'<div class="verikb-corrected"><p class="verikb-corrected-title">What really happens</p>'
                f"{paragraphs(p.curated.explanation)}</div>"
            )
    check = f'<p class="verikb-quick-check">Quick check: {esc(_clean(p.quick_check))}</p>' if p.quick_check else ""
    verdicts = _verdicts_html(deck, p.id, page.index, options=True)
    hint = (
        f'<details class="verikb-hint"><summary>Hint</summary>{paragraphs(_clean(p.hint))}</details>' if p.hint else ""
    )
    mistakes = "".join(f"<li>{esc(m)}</li>" for m in p.mistakes)
    mistakes_html = (
        f'<details class="verikb-mistakes"><summary>Common mistakes</summary><ul>{mistakes}</ul></details>'
        if mistakes
        else ""
    )
    level = f'<p class="verikb-level">{esc(p.level)}</p>' if p.level else ""
    return (
        f'<div class="verikb-practice" id="{esc(p.id)}" data-item="{esc(p.id)}">{_banner(deck, p, page)}{level}'
        f'<div class="verikb-prompt">{prompt}</div>{_options(p)}{hint}'
        f'<details class="verikb-solution"><summary>Solution</summary>{reasoning}'
        f"{check}{_key_html(key, p)}{verdicts}</details>{mistakes_html}</div>"
    )


def _verdicts_html(deck: Deck, item_id: str, index: VerdictIndex, *, options: bool = False) -> str:
    """The item's verdict blocks (with ``options``, its options' too)."""
    results = index.of_item_and_options(deck.id, item_id) if options else index.of(deck.id, item_id)
    return "".join(verdict_block(r, snippet_url=index.snippet_url) for r in results)


def _banner(deck: Deck, item: Card | Question | Practice, page: DeckPage) -> str:
    if item.id not in page.contradicted:
        return ""
    results = page.index.of_item_and_options(deck.id, item.id)
    return truth_banner(results, explanation=item.curated.explanation, snippet_url=page.index.snippet_url)


def _options(item: Question | Practice) -> str:
    """The options, without verdicts: those sit with the answer, so they do not give it away."""
    if not item.options:
        return ""
    rows = "".join(
        f'<li class="verikb-option" id="{esc(item.id)}-option-{k + 1}" data-option="{k}">'
        f'<span class="verikb-option-text">{esc(text)}</span></li>'
        for k, text in enumerate(item.options)
    )
    return f'<ol class="verikb-options" type="A">{rows}</ol>'


def _key_html(key: AnswerKey, item: Question | Practice) -> str:
    """The sentence that says which answer is right, and whether real output overturned the source."""
    letter = lambda k: f"{LETTERS[k]}. {item.options[k]}" if k < len(item.options) else LETTERS[k]  # noqa: E731
    if key.refuted:
        source = letter(key.source) if key.source is not None else "the source's answer"
        fixed = letter(key.index) if key.index is not None else "none of the options holds in real code"
        return (
            f'<p class="verikb-key verikb-key--refuted">Source\'s answer: {esc(source)} '
            f"({badge(Verdict.REFUTED)}) — corrected answer: {esc(fixed)}</p>"
        )
    if key.index is None:
        return ""
    who = " (answer key added by a reviewer; the source gives none)" if key.by_reviewer else ""
    return f'<p class="verikb-key">Answer: {esc(letter(key.index))}{esc(who)}</p>'


def _clean(text: str | None) -> str:
    """Source text without the scraper's "[OK]" artefacts."""
    return "\n".join(_ARTEFACT.sub("", line) for line in (text or "").split("\n"))


def _source_says(html: str, label: str) -> str:
    """The source's own reasoning, marked as the source's (shown, so a learner sees where it goes wrong)."""
    return f'<div class="verikb-source-says"><p class="verikb-source-says-label">{esc(label)}</p>{html}</div>'


def _as_source(html: str, item_id: str, page: DeckPage) -> str:
    """An answer or explanation, marked as the source's when real code contradicts its item."""
    if not html or item_id not in page.contradicted:
        return html
    return _source_says(html, "The source says (contradicted by the real run):")


def _code(p: Practice, source_code: str) -> str:
    """The code a problem quotes: the reviewer's re-indented version when there is one."""
    code = p.curated.code or source_code
    note = (
        "" if p.curated.code else '<p class="verikb-note">The source lost this code\'s indentation; shown as given.</p>'
    )
    return f'<pre><code class="language-python">{esc(code)}</code></pre>{note}'
