"""One cheat-sheet page per deck: flashcards, quiz, prompts, practice, verdicts, curves, experiments.

Emits Markdown whose widgets are raw HTML following the contract the assets/ scripts enhance: each section
carries its items' keys as JSON, and each item's HTML comes from ``items``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from verikb.model import Deck, Framework, Verdict
from verikb.render.curves import curves_section, experiments_section
from verikb.render.exports import export_links
from verikb.render.html import attr_json, esc, front_matter, md_link, md_text
from verikb.render.items import DeckPage, card_html, practice_html, prompt_html, question_html
from verikb.render.paths import deck_path
from verikb.render.qti import quiz_items
from verikb.render.verdicts import badge

__all__ = ["DeckPage", "render_deck_page"]


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


def _flashcards(deck: Deck, page: DeckPage) -> str:
    data = {"deck": deck.id, "cards": [c.id for c in deck.cards]}
    cards = "".join(card_html(deck, c, page) for c in deck.cards)
    return f"{_section_open('verikb-flashcards', deck, data)}{cards}</section>"


def _quiz(deck: Deck, page: DeckPage) -> str:
    keys = [{"id": q.id, "answer": page.keys[q.id].index, "refuted": page.keys[q.id].refuted} for q in deck.questions]
    blocks = [question_html(deck, q, page) for q in deck.questions]
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
        blocks.append(prompt_html(p, concepts))
    data = {"deck": deck.id, "prompts": specs}
    return f"{_section_open('verikb-prompts', deck, data)}{''.join(blocks)}</section>"


def _practice(deck: Deck, page: DeckPage) -> str:
    specs, blocks = [], []
    for p in deck.practice:
        key = page.keys[p.id]
        specs.append({"id": p.id, "answer": key.index, "refuted": key.refuted, "steps": len(p.steps)})
        blocks.append(practice_html(deck, p, page))
    data = {"deck": deck.id, "practice": specs}
    return f"{_section_open('verikb-practice-set', deck, data)}{''.join(blocks)}</section>"


def _import_notes(deck: Deck) -> str:
    if not deck.warnings:
        return ""
    rows = "".join(f"<li><code>{esc(w.file)}:{w.line}</code> {esc(w.message)}</li>" for w in deck.warnings)
    return (
        '<details class="verikb-import-notes"><summary>Notes from importing the source '
        f"({len(deck.warnings)})</summary><ul>{rows}</ul></details>"
    )
