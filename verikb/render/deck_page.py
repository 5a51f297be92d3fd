"""One cheat-sheet page per deck: flashcards, quiz, prompts, practice, verdicts, curves.

Emits Markdown whose widgets are raw HTML following the contract the assets/ scripts enhance;
every answer also sits in a ``<details>``, so the page is complete without JavaScript.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

from verikb.model import Card, Deck, Practice, Prompt, Question
from verikb.render.curves import curves_section
from verikb.render.html import attr_json, esc, md_text, paragraphs, parts_html
from verikb.render.verdicts import LETTERS, AnswerKey, VerdictIndex, answer_key, badge, verdict_block

__all__ = ["FRAMEWORK_NAMES", "render_deck_page"]

FRAMEWORK_NAMES = {"pytorch": "PyTorch", "tensorflow": "TensorFlow"}


def render_deck_page(deck: Deck, index: VerdictIndex, *, curves: list[dict] | None = None) -> str:
    """The Markdown of a deck's page."""
    sections = [
        _front_matter(deck),
        _summary(deck, index),
        _section("Flashcards", deck.cards, lambda: _flashcards(deck, index)),
        _section("Quiz", deck.questions, lambda: _quiz(deck, index)),
        _section("Explain it", deck.prompts, lambda: _prompts(deck)),
        _section("Practice", deck.practice, lambda: _practice(deck, index)),
        curves_section(curves or []),
        _import_notes(deck),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def _front_matter(deck: Deck) -> str:
    # JSON strings are valid YAML scalars, so an odd title cannot break the front matter.
    return f"---\ntitle: {json.dumps(deck.display_title)}\n---\n\n# {md_text(deck.display_title)}"


def _section(title: str, items: tuple, body: Callable[[], str]) -> str:
    """A titled page section, or nothing when the deck has no items of that kind."""
    return f"## {title}\n\n{body()}" if items else ""


def _summary(deck: Deck, index: VerdictIndex) -> str:
    framework = FRAMEWORK_NAMES.get(deck.display_framework or "", "framework not stated")
    levels = Counter(it.level for it in (*deck.cards, *deck.practice) if it.level)
    verdicts = Counter(r.verdict for r in index.of_deck(deck.id))
    facts = [f'<span class="verikb-chip">{esc(framework)}</span>']
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
    checked = " ".join(f"{badge(v)} ×{n}" for v, n in sorted(verdicts.items()))
    return (
        f'<div class="verikb-deck-meta"><p>{" ".join(facts)}</p><p>{esc(counts)}.</p>'
        f"<p>Claims checked against real code: {checked or 'none yet'}</p></div>"
    )


def _section_open(cls: str, deck: Deck, data: dict) -> str:
    """A widget section's opening tag, carrying its JSON (an attribute survives instant navigation)."""
    return f'<section class="{cls}" data-deck="{esc(deck.id)}" data-verikb-data="{attr_json(data)}">'


def _verdicts_html(deck: Deck, item_id: str, index: VerdictIndex) -> str:
    return "".join(verdict_block(r, snippet_url=index.snippet_url) for r in index.of(deck.id, item_id))


def _flashcards(deck: Deck, index: VerdictIndex) -> str:
    data = {"deck": deck.id, "cards": [c.id for c in deck.cards]}
    cards = "".join(_card(deck, c, index) for c in deck.cards)
    return f"{_section_open('verikb-flashcards', deck, data)}{cards}</section>"


def _card(deck: Deck, card: Card, index: VerdictIndex) -> str:
    back = parts_html(card.back_parts) if card.back_parts else paragraphs(card.back)
    level = f'<p class="verikb-level">{esc(card.level)}</p>' if card.level else ""
    note = paragraphs(card.curated.note, cls="verikb-note")
    return (
        f'<div class="verikb-card" id="{esc(card.id)}" data-item="{esc(card.id)}">{level}'
        f'<p class="verikb-card-front">{esc(card.front)}</p>'
        f'<details class="verikb-card-back"><summary>Reveal answer</summary>'
        f'<div class="verikb-card-answer">{back}</div>{note}{_verdicts_html(deck, card.id, index)}</details></div>'
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
            f"({badge('refuted')}) — corrected answer: {esc(fixed)}</p>"
        )
    if key.index is None:
        return ""
    who = " (answer key added by a reviewer; the source gives none)" if key.by_reviewer else ""
    return f'<p class="verikb-key">Answer: {esc(letter(key.index))}{esc(who)}</p>'


def _quiz(deck: Deck, index: VerdictIndex) -> str:
    keys, blocks = [], []
    for q in deck.questions:
        key = answer_key(deck.id, q, index)
        keys.append({"id": q.id, "answer": key.index, "refuted": key.refuted})
        key_html = _key_html(key, q)
        explanation = paragraphs(q.explanation)
        verdicts = "".join(
            _verdicts_html(deck, i, index) for i in [q.id, *(f"{q.id}/option-{k + 1}" for k in range(len(q.options)))]
        )
        blocks.append(
            f'<div class="verikb-question" id="{esc(q.id)}" data-item="{esc(q.id)}">'
            f'<p class="verikb-prompt">{esc(q.prompt)}</p>{_options(q)}'
            f'<details class="verikb-explanation"><summary>Answer and explanation</summary>'
            f"{key_html}{explanation or '<p>The source gives no explanation.</p>'}{verdicts}</details></div>"
        )
    data = {"deck": deck.id, "questions": keys}
    return (
        f"{_section_open('verikb-quiz', deck, data)}"
        f'<p class="verikb-score" aria-live="polite"></p>{"".join(blocks)}</section>'
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


def _practice(deck: Deck, index: VerdictIndex) -> str:
    specs, blocks = [], []
    for p in deck.practice:
        key = answer_key(deck.id, p, index)
        specs.append({"id": p.id, "answer": key.index, "refuted": key.refuted, "steps": len(p.steps)})
        blocks.append(_problem(deck, p, index, key))
    data = {"deck": deck.id, "practice": specs}
    return f"{_section_open('verikb-practice-set', deck, data)}{''.join(blocks)}</section>"


def _problem(deck: Deck, p: Practice, index: VerdictIndex, key: AnswerKey) -> str:
    prompt = "".join(
        _code(p, part.text) if part.kind == "code" else paragraphs(part.text) for part in p.prompt_parts
    ) or paragraphs(p.prompt)
    steps = "".join(
        f'<li class="verikb-step"><p class="verikb-step-title">{esc(s.title)}</p>{paragraphs(s.text)}</li>'
        for s in p.steps
    )
    label = "The source's final answer (refuted below)" if key.refuted else "Final answer"
    final = f'<p class="verikb-final">{label}: {esc(p.final_answer)}</p>' if p.final_answer else ""
    key_html = _key_html(key, p)
    check = f'<p class="verikb-quick-check">Quick check: {esc(p.quick_check)}</p>' if p.quick_check else ""
    verdicts = "".join(
        _verdicts_html(deck, i, index) for i in [p.id, *(f"{p.id}/option-{k + 1}" for k in range(len(p.options)))]
    )
    hint = f'<details class="verikb-hint"><summary>Hint</summary>{paragraphs(p.hint)}</details>' if p.hint else ""
    mistakes = "".join(f"<li>{esc(m)}</li>" for m in p.mistakes)
    mistakes_html = (
        f'<details class="verikb-mistakes"><summary>Common mistakes</summary><ul>{mistakes}</ul></details>'
        if mistakes
        else ""
    )
    level = f'<p class="verikb-level">{esc(p.level)}</p>' if p.level else ""
    return (
        f'<div class="verikb-practice" id="{esc(p.id)}" data-item="{esc(p.id)}">{level}'
        f'<div class="verikb-prompt">{prompt}</div>{_options(p)}{hint}'
        f'<details class="verikb-solution"><summary>Solution</summary><ol class="verikb-steps">{steps}</ol>'
        f"{final}{check}{key_html}{verdicts}</details>{mistakes_html}</div>"
    )


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
