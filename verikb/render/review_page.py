"""The cross-topic learning data: the review page, the index of every topic's items, one item file per topic.

The review page and the home dashboard are the same static file whichever the builder; they read two kinds of
generated JSON (the page loads only what it shows, so a site of 1000 topics stays light):

- ``learning.json``: per topic, its title, page and item ids (cards, questions, prompts): what the dashboard
  counts against the learner's progress and what the review page orders by due date;
- ``review/<topic>.json``: per topic, each flashcard's and question's HTML as the topic page renders it
  (``card_html``/``question_html``: source text escaped, a refuted answer marked as the source's, the corrected
  key and the verdicts on the back), fetched by the review page only for the topics of the items it shows.

Every URL in them is relative to the assets folder that holds ``learning.json``.
"""

from __future__ import annotations

import json
import posixpath

from verikb.model import Deck
from verikb.render.html import attr_json, front_matter, md_link
from verikb.render.items import DeckPage, card_html, question_html
from verikb.render.paths import deck_path

__all__ = ["LEARNING_INDEX", "REVIEW_PAGE", "learning_files", "render_review_page"]

REVIEW_PAGE = "review.md"
LEARNING_INDEX = "learning.json"
"""File name of the topic index inside the assets folder."""
LEARNING_SCHEMA = "verikb-learning/1"


def _page_url(path: str, asset_dir: str) -> str:
    """The URL of docs page ``path`` as both builders publish it (directory URLs), relative to ``asset_dir``."""
    return posixpath.relpath(path.removesuffix(".md"), asset_dir) + "/"


def _shard(deck_id: str) -> str:
    """A topic's item file, relative to the assets folder (named like its page: deck ids are untrusted)."""
    return "review/" + posixpath.basename(deck_path(deck_id)).removesuffix(".md") + ".json"


def _topic(deck: Deck, asset_dir: str) -> dict:
    return {
        "deck": deck.id,
        "title": deck.display_title,
        "page": _page_url(deck_path(deck.id), asset_dir),
        "items": _shard(deck.id),
        "cards": [c.id for c in deck.cards],
        "questions": [q.id for q in deck.questions],
        "prompts": [p.id for p in deck.prompts],
    }


def review_items(deck: Deck, page: DeckPage) -> dict:
    """A topic's review items: each card's and question's HTML as on its page, and a question's corrected key
    (``answer``: 0-based option, or None when no option holds or the source gives none)."""
    items = {c.id: {"kind": "card", "html": card_html(deck, c, page)} for c in deck.cards}
    for q in deck.questions:
        items[q.id] = {"kind": "question", "html": question_html(deck, q, page), "answer": page.keys[q.id].index}
    return {"deck": deck.id, "items": items}


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def learning_files(decks: list[Deck], pages: dict[str, DeckPage], *, asset_dir: str) -> dict[str, str]:
    """``learning.json`` (decks in the order given: the learning path) and one item file per topic, by path
    relative to docs/."""
    index = {"schema": LEARNING_SCHEMA, "topics": [_topic(d, asset_dir) for d in decks]}
    files = {f"{asset_dir}/{LEARNING_INDEX}": _json(index)}
    for deck in decks:
        files[f"{asset_dir}/{_shard(deck.id)}"] = _json(review_items(deck, pages[deck.id]))
    return files


def render_review_page() -> str:
    """The review page: one item at a time across every topic (the script fills it; without JavaScript it
    points to the topic pages, which work without it)."""
    data = {"index": LEARNING_INDEX}
    return (
        f"{front_matter('Review')}\n\n# Review\n\n"
        f'<div class="verikb-review" data-verikb-data="{attr_json(data)}" markdown="1">\n\n'
        "Flashcards and the quiz questions you missed, from every topic, one at a time: what is due first. "
        "Space shows the answer, 1–4 rates it (Again, Hard, Good, Easy). Your progress stays in this browser.\n\n"
        f'<p class="verikb-review-nojs" markdown="span">The review needs JavaScript. Every topic page works '
        f"without it: see {md_link('the topics', 'topics/index.md')}.</p>\n\n"
        "</div>\n"
    )
