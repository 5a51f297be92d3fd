"""One cheat-sheet page per deck: flashcards, quiz, prompts, practice, verdicts, curves, experiments.

Emits Markdown whose widgets are raw HTML following the contract the assets/ scripts enhance;
every answer also sits in a ``<details>``, so the page is complete without JavaScript. Where real
code contradicts the source, the item says so at its top, before any click.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from verikb.model import Card, Deck, Framework, Practice, Prompt, Question, Verdict
from verikb.render.curves import curves_section, experiments_section
from verikb.render.exports import export_links
from verikb.render.html import attr_json, esc, front_matter, md_link, md_text, paragraphs, parts_html
from verikb.render.paths import deck_path
from verikb.render.qti import quiz_items
from verikb.render.verdicts import LETTERS, VerdictIndex, badge, truth_banner, verdict_block
from verikb.verify.schema import AnswerKey

__all__ = ["DeckPage", "card_html", "question_html", "render_deck_page"]

# A scraped page's check-mark glyph, turned into text by the scraper ("Learning rate = step size [OK]").
_ARTEFACT = re.compile(r"\s*\[OK\]\s*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class DeckPage:
    """What a deck's page shows besides the deck: verdicts, keys, plots, and where to go next."""

    index: VerdictIndex
    keys: dict[str, AnswerKey]
    """Answer key per question/practice id, as verify corrected it."""
    curves: list[dict]
    experiments: list[dict]
    contradicted: frozenset[str] = frozenset()
    """Ids of the items whose source claim or answer key real code contradicts."""
    next_topic: tuple[str, str] | None = None
    """(title, link) of the next topic on the learning path."""
    notebook: str | None = None
    """Link to the topic's evidence notebook, when snippets check it."""


def render_deck_page(deck: Deck, page: DeckPage) -> str:
    """The Markdown of a deck's page."""
    sections = [
        f"{front_matter(deck.display_title)}\n\n# {md_text(deck.display_title)}",
        _summary(deck, page),
        _section("Flashcards", deck.cards, lambda: _flashcards(deck, page)),
        _section("Quiz", deck.questions, lambda: _quiz(deck, page)),
        _section("Explain it", deck.prompts, lambda: _prompts(deck)),
        _section("Practice", deck.practice, lambda: _practice(deck, page)),
        curves_section(page.curves, snippet_url=page.index.snippet_url),
        experiments_section(page.experiments),
        _notebook_link(page.notebook),
        export_links(deck.id, deck_path(deck.id), quiz=(len(quiz_items(deck, page.keys)), len(deck.questions))),
        _import_notes(deck),
        _next(page.next_topic),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def _notebook_link(link: str | None) -> str:
    if link is None:
        return ""
    return (
        '<p class="verikb-notebook" markdown="span">Run it yourself with real PyTorch or TensorFlow: '
        f"[the evidence notebook]({link}) holds every snippet that checks this topic, with the output it printed. "
        "The mkdocs build shows it as a page with a download button; a build without mkdocs-jupyter "
        "(Zensical) serves the <code>.ipynb</code> file itself.</p>"
    )


def _next(next_topic: tuple[str, str] | None) -> str:
    if next_topic is None:
        return '<p class="verikb-next">This is the last topic on the path: well done.</p>'
    title, target = next_topic
    return f'<p class="verikb-next" markdown="span">Next topic: {md_link(title, target)}</p>'


def _section(title: str, items: tuple, body: Callable[[], str]) -> str:
    """A titled page section, or nothing when the deck has no items of that kind."""
    return f"## {title}\n\n{body()}" if items else ""


def _summary(deck: Deck, page: DeckPage) -> str:
    index = page.index
    framework = Framework.parse(deck.display_framework)
    levels = Counter(it.level for it in (*deck.cards, *deck.practice) if it.level)
    results = index.of_deck(deck.id)
    verdicts = Counter(r.verdict for r in results)
    facts = [f'<span class="verikb-chip">{esc(framework.label if framework else "framework not stated")}</span>']
    if deck.minutes:
        facts.append(f'<span class="verikb-chip">~{deck.minutes} min</span>')
    facts += [f'<span class="verikb-chip">{esc(level)} ×{n}</span>' for level, n in levels.items()]
    counts = ", ".join(
        f"{n} {label}"
        for n, label in (
            (len(deck.cards), "flashcards"),
            (len(deck.questions), "questions"),
            (len(deck.prompts), "prompts"),
            (len(deck.practice), "practice problems"),
        )
        if n
    )
    checked = " ".join(f"{badge(v)} ×{verdicts[v]}" for v in Verdict if verdicts[v])
    wrong = ""
    if page.contradicted:
        wrong_items = [it.id for it in deck.items() if it.id in page.contradicted]
        links = ", ".join(f'<a href="#{esc(item)}">{esc(item)}</a>' for item in wrong_items)
        wrong = f'<p class="verikb-wrong-items">Where the source is wrong: {links}</p>'
    return (
        f'<div class="verikb-deck-meta"><p>{" ".join(facts)}</p><p>{esc(counts)}.</p>'
        f"<p>Claims checked against real code: {checked or 'none yet'}</p>{wrong}</div>"
    )


def _section_open(cls: str, deck: Deck, data: dict) -> str:
    """A widget section's opening tag, carrying its JSON (an attribute survives instant navigation)."""
    return f'<section class="{cls}" data-deck="{esc(deck.id)}" data-verikb-data="{attr_json(data)}">'


def _verdicts_html(deck: Deck, item_id: str, index: VerdictIndex) -> str:
    return "".join(verdict_block(r, snippet_url=index.snippet_url) for r in index.of(deck.id, item_id))


def _banner(deck: Deck, item: Card | Question | Practice, page: DeckPage) -> str:
    if item.id not in page.contradicted:
        return ""
    results = page.index.of_item_and_options(deck.id, item.id)
    return truth_banner(results, explanation=item.curated.explanation, snippet_url=page.index.snippet_url)


def _key(page: DeckPage, item: Question | Practice) -> AnswerKey:
    return page.keys.get(item.id) or AnswerKey(
        deck="", item=item.id, index=item.answer, source=item.answer, refuted=False, by_reviewer=False
    )


def _flashcards(deck: Deck, page: DeckPage) -> str:
    data = {"deck": deck.id, "cards": [c.id for c in deck.cards]}
    cards = "".join(card_html(deck, c, page) for c in deck.cards)
    return f"{_section_open('verikb-flashcards', deck, data)}{cards}</section>"


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


def _quiz(deck: Deck, page: DeckPage) -> str:
    keys = [{"id": q.id, "answer": _key(page, q).index, "refuted": _key(page, q).refuted} for q in deck.questions]
    blocks = [question_html(deck, q, page) for q in deck.questions]
    data = {"deck": deck.id, "questions": keys}
    return (
        f"{_section_open('verikb-quiz', deck, data)}"
        f'<p class="verikb-score" aria-live="polite"></p>{"".join(blocks)}</section>'
    )


def question_html(deck: Deck, q: Question, page: DeckPage) -> str:
    """One question: banner, prompt, options, then the corrected key, explanation and verdicts in a ``<details>``
    (also what the review page shows for a missed question)."""
    index = page.index
    key = _key(page, q)
    explanation = _as_source(paragraphs(q.explanation), q.id, page) if q.explanation else ""
    verdicts = "".join(
        verdict_block(r, snippet_url=index.snippet_url) for r in index.of_item_and_options(deck.id, q.id)
    )
    return (
        f'<div class="verikb-question" id="{esc(q.id)}" data-item="{esc(q.id)}">{_banner(deck, q, page)}'
        f'<p class="verikb-prompt">{esc(q.prompt)}</p>{_options(q)}'
        f'<details class="verikb-explanation"><summary>Answer and explanation</summary>'
        f"{_key_html(key, q)}{explanation or '<p>The source gives no explanation.</p>'}{verdicts}</details></div>"
    )


def _prompts(deck: Deck) -> str:
    specs, blocks = [], []
    for p in deck.prompts:
        concepts = list(p.curated.concepts)
        specs.append({"id": p.id, "concepts": concepts, "count": len(concepts) or p.concepts or 0})
        blocks.append(_prompt(p, concepts))
    data = {"deck": deck.id, "prompts": specs}
    return f"{_section_open('verikb-prompts', deck, data)}{''.join(blocks)}</section>"


def _prompt(p: Prompt, concepts: list[str]) -> str:
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


def _practice(deck: Deck, page: DeckPage) -> str:
    specs, blocks = [], []
    for p in deck.practice:
        key = _key(page, p)
        specs.append({"id": p.id, "answer": key.index, "refuted": key.refuted, "steps": len(p.steps)})
        blocks.append(_problem(deck, p, page, key))
    data = {"deck": deck.id, "practice": specs}
    return f"{_section_open('verikb-practice-set', deck, data)}{''.join(blocks)}</section>"


def _problem(deck: Deck, p: Practice, page: DeckPage, key: AnswerKey) -> str:
    index = page.index
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
    verdicts = "".join(
        verdict_block(r, snippet_url=index.snippet_url) for r in index.of_item_and_options(deck.id, p.id)
    )
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


def _import_notes(deck: Deck) -> str:
    if not deck.warnings:
        return ""
    rows = "".join(f"<li><code>{esc(w.file)}:{w.line}</code> {esc(w.message)}</li>" for w in deck.warnings)
    return (
        '<details class="verikb-import-notes"><summary>Notes from importing the source '
        f"({len(deck.warnings)})</summary><ul>{rows}</ul></details>"
    )
