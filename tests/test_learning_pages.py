"""The cross-topic learning data: the review page, learning.json and each topic's review items, and the home
dashboard's placeholder (what the review and dashboard scripts read)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from verikb.deck_io import read_deck
from verikb.importers import import_file
from verikb.model import Deck
from verikb.render.deck_page import DeckPage
from verikb.render.review_page import LEARNING_INDEX, REVIEW_PAGE, learning_files, render_review_page
from verikb.render.settings import SiteSettings
from verikb.render.site_files import ASSET_DIR, GENERATED_FILES, render_site
from verikb.render.site_pages import render_home
from verikb.render.verdicts import VerdictIndex
from verikb.verify.results import answer_keys, contradicted_items
from verikb.verify.schema import ClaimResult, Verification

DATA = Path(__file__).resolve().parent / "data"
QUIZZES = Path(__file__).resolve().parent.parent / "quizzes"
SETTINGS = SiteSettings(title="Test site", intro="An intro.")


def _page(deck: Deck, results: list[ClaimResult]) -> DeckPage:
    keys = answer_keys([deck], results)
    return DeckPage(
        index=VerdictIndex(results),
        keys={k.item: k for k in keys},
        curves=[],
        experiments=[],
        contradicted=frozenset(ref.item for ref in contradicted_items(results, keys)),
    )


def _files(decks: list[Deck], results: list[ClaimResult]) -> dict[str, str]:
    return learning_files(decks, {d.id: _page(d, results) for d in decks}, asset_dir=ASSET_DIR)


def _shard(files: dict[str, str], deck: Deck) -> dict:
    index = json.loads(files[f"{ASSET_DIR}/{LEARNING_INDEX}"])
    topic = next(t for t in index["topics"] if t["deck"] == deck.id)
    return json.loads(files[f"{ASSET_DIR}/{topic['items']}"])


def test_the_index_lists_every_topic_and_item_and_each_topic_has_every_card_and_question() -> None:
    decks = [read_deck(QUIZZES / name) for name in ("003_922fc2f599061697.yml", "000_b54ee7164a852fdf.yml")]
    files = _files(decks, [])
    index = json.loads(files[f"{ASSET_DIR}/{LEARNING_INDEX}"])
    assert [t["deck"] for t in index["topics"]] == [d.id for d in decks], "in the order given (the learning path)"
    for deck, topic in zip(decks, index["topics"], strict=True):
        assert topic["cards"] == [c.id for c in deck.cards] and topic["questions"] == [q.id for q in deck.questions]
        assert topic["prompts"] == [p.id for p in deck.prompts]
        assert topic["page"] == f"../../topics/{deck.id}/", "relative to the assets folder, as both builders publish"
        items = _shard(files, deck)["items"]
        assert set(items) == {c.id for c in deck.cards} | {q.id for q in deck.questions}
        for card in deck.cards:
            assert items[card.id]["kind"] == "card" and html.escape(card.front, quote=True) in items[card.id]["html"]
        for q in deck.questions:
            assert items[q.id]["answer"] == (q.answer if q.curated.answer is None else q.curated.answer)
            assert all(html.escape(o, quote=True) in items[q.id]["html"] for o in q.options), "options shown"


def test_hostile_source_text_stays_escaped_in_the_review_items() -> None:
    deck = import_file(DATA / "bad" / "script.txt").deck
    files = _files([deck], [])
    text = "".join(item["html"] for item in _shard(files, deck)["items"].values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "<script" not in text and "<img" not in text
    assert "<script" not in "".join(files.values())


def test_a_refuted_key_is_replaced_by_the_corrected_one_and_shown_only_marked_as_refuted() -> None:
    deck = read_deck(QUIZZES / "003_922fc2f599061697.yml")
    q = next(q for q in deck.questions if q.curated.answer is not None and len(q.options) > 1)
    source = q.curated.answer
    right = next(k for k in range(len(q.options)) if k != source)
    results = [
        ClaimResult(deck=deck.id, item=f"{q.id}/option-{source + 1}", claim="src", verdict="refuted", truth="no"),
        ClaimResult(deck=deck.id, item=f"{q.id}/option-{right + 1}", claim="real", verdict="verified"),
    ]
    item = _shard(_files([deck], results), deck)["items"][q.id]
    assert item["answer"] == right, "graded against the corrected key"
    key = re.search(r'<p class="verikb-key[^"]*">(.*?)</p>', item["html"]).group(0)
    assert "verikb-key--refuted" in key and "verikb-badge--refuted" in key
    assert key.index(html.escape(q.options[source], quote=True)) < key.index("corrected answer")
    assert f"corrected answer: {'ABCD'[right]}. {html.escape(q.options[right], quote=True)}" in key
    assert 'class="verikb-banner' in item["html"], "the item says the source is wrong before any click"


def test_review_page_and_home_dashboard_point_to_the_index_and_work_as_links_without_javascript() -> None:
    page = render_review_page()
    assert 'class="verikb-review"' in page and "learning.json" in html.unescape(page)
    assert "[the topics](topics/index.md)" in page, "without JavaScript it points to the topic pages"
    deck = import_file(DATA / "good" / "card_code.txt").deck
    home = render_home([deck], Verification(), SETTINGS)
    dashboard = home[home.index('<div class="verikb-dashboard"') :]
    assert "](review.md){ .verikb-review-link }" in dashboard and "learning.json" in html.unescape(dashboard)
    assert f"(topics/{deck.id}.md)" in home, "the topic list stays for readers without JavaScript"


def test_the_site_has_the_review_page_index_and_one_item_file_per_topic() -> None:
    decks = [read_deck(QUIZZES / name) for name in ("003_922fc2f599061697.yml", "004_33f72aaf9d4d1e34.yml")]
    files = render_site(decks, Verification(), SETTINGS)
    assert REVIEW_PAGE in files and REVIEW_PAGE in GENERATED_FILES
    assert {f"{ASSET_DIR}/review/{d.id}.json" for d in decks} <= set(files)
