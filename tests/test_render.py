"""Rendering: escaping of untrusted text, verdicts and banners on the page, the site-wide pages and files."""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verikb.importers import import_file
from verikb.model import ClaimRef, Deck, Verdict
from verikb.render.deck_page import DeckPage, render_deck_page
from verikb.render.html import front_matter, inline_code, md_text
from verikb.render.paths import deck_path, page_link
from verikb.render.settings import SiteSettings
from verikb.render.site_files import ASSETS, BUNDLE_CSS, BUNDLE_JS, LAZY, SCRIPTS, render_site
from verikb.render.site_pages import deck_level, learning_path, render_home, render_report
from verikb.render.verdicts import VerdictIndex
from verikb.verify.results import answer_keys, contradicted_items
from verikb.verify.schema import ClaimResult, Verification

DATA = Path(__file__).resolve().parent / "data"
SOURCES = Path(__file__).resolve().parent.parent / "sources"
SETTINGS = SiteSettings(title="Test site", intro="An intro.", snippet_url="https://example.org/blob/main/")


def _page(deck: Deck, results: list[ClaimResult]) -> str:
    """A deck page as verify would have it: answer keys and contradicted items computed from ``results``."""
    keys = answer_keys([deck], results)
    contradicted = contradicted_items(results, keys)
    page = DeckPage(
        index=VerdictIndex(results),
        keys={k.item: k for k in keys},
        curves=[],
        experiments=[],
        contradicted=frozenset(ref.item for ref in contradicted),
    )
    return render_deck_page(deck, page)


def _section_data(page: str, cls: str) -> dict:
    m = re.search(rf'<section class="{cls}"[^>]*data-verikb-data="([^"]*)"', page)
    assert m, cls
    return json.loads(html.unescape(m.group(1)))


def test_hostile_source_text_is_escaped_everywhere() -> None:
    deck = import_file(DATA / "bad" / "script.txt").deck
    page = _page(deck, [])
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


def test_refuted_item_says_so_before_any_click_and_marks_the_sources_reasoning() -> None:
    deck = import_file(SOURCES / "003_922fc2f599061697.txt").deck
    results = [
        ClaimResult(
            deck=deck.id,
            item="practice-4",
            claim="prints 0.05 …",
            verdict="refuted",
            truth="it prints 0.1 …",
            output="Epoch 1 lr: 0.1000\n",
            snippet="snippets/torch/steplr_printout.py",
            framework="torch",
            versions={"torch": "2.13.0"},
        ),
        *(
            ClaimResult(deck=deck.id, item=f"practice-4/option-{k}", claim=f"option {k}", verdict="refuted", truth="no")
            for k in range(1, 5)
        ),
    ]
    page = _page(deck, results)
    spec = next(p for p in _section_data(page, "verikb-practice-set")["practice"] if p["id"] == "practice-4")
    assert spec["answer"] is None and spec["refuted"] is True
    assert "corrected answer: none of the options holds in real code" in page
    problem = page[page.index('id="practice-4"') :]
    banner = problem.index('class="verikb-banner')
    assert banner < problem.index("<details"), "the banner comes before anything a learner must click"
    assert "The source is wrong here." in problem[banner:] and "Epoch 1 lr: 0.1000" in problem[banner:]
    assert "it prints 0.1 …" in problem[banner : problem.index("<details")]
    assert "The source&#x27;s solution, which the real run contradicts:" in problem
    assert 'href="https://example.org' not in page  # no snippet_url given to this index
    assert '<a href="#practice-4">practice-4</a>' in page, "the header links to the item"


def test_a_refuted_distractor_agrees_with_the_source_and_gets_no_banner() -> None:
    deck = import_file(SOURCES / "003_922fc2f599061697.txt").deck
    results = [ClaimResult(deck=deck.id, item="practice-2/option-1", claim="x", verdict="refuted", truth="TypeError")]
    page = _page(deck, results)
    assert 'class="verikb-banner' not in page
    assert contradicted_items(results, answer_keys([deck], results)) == []


def test_not_checkable_and_evidence_are_shown() -> None:
    deck = import_file(DATA / "good" / "card_code.txt").deck
    results = [
        ClaimResult(deck=deck.id, item="card-1", claim="c", verdict="not checkable", truth="depends on the model"),
        ClaimResult(
            deck=deck.id,
            item="card-1",
            claim="c",
            verdict="verified",
            output="SGD created\n",
            snippet="snippets/torch/x.py",
            framework="torch",
            versions={"torch": "2.13.0"},
        ),
    ]
    page = _page(deck, results)
    assert "– not checkable by code" in page and "Why: depends on the model" in page
    assert "<summary>Real output (torch 2.13.0)</summary><pre><code>SGD created</code></pre>" in page
    assert '<pre><code class="language-python">optimizer = torch.optim.SGD(params, lr=0.01)</code></pre>' in page


def test_home_and_report_count_verdicts() -> None:
    deck = import_file(DATA / "good" / "card_code.txt").deck
    results = [
        ClaimResult(deck=deck.id, item="card-1", claim="a | `b`", verdict="refuted", truth="x", snippet="snippets/t.py")
    ]
    verification = Verification(results=results, versions={"torch": "2.13.0"})
    home = render_home([deck], verification, SETTINGS)
    assert f"[card\\_code](topics/{deck.id}.md)" in home
    assert "# Test site" in home and "An intro." in home, "title and intro come from the config"
    report = render_report([deck], verification, SETTINGS)
    assert "1 claims: 1 refuted" in report
    assert "<code>b</code>" in report, "inline code is rendered as code"
    assert f"[card\\_code: card-1](topics/{deck.id}.md#card-1)" in report, "the item link lands on the item"
    assert '<a href="https://example.org/blob/main/snippets/t.py">' in report
    assert 'data-verdict="refuted"' in report and 'id="verdict-refuted"' in report, "one section per verdict"
    assert "## Left to check" not in report
    todo = render_report(
        [deck], Verification(results=results, unchecked=[ClaimRef(deck=deck.id, item="card-2")]), SETTINGS
    )
    assert "## Left to check" in todo and f"[card\\_code](topics/{deck.id}.md): card-2" in todo


def test_titles_are_escaped_in_front_matter() -> None:
    """The themes insert page.title unescaped (into <title>, the header, the nav, the search index)."""
    assert (
        front_matter('<script>x</script> & "q"')
        == '---\ntitle: "&lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot;"\n---'
    )


def test_deck_paths_are_safe_for_urls_and_file_names() -> None:
    assert deck_path("<img src=x onerror=alert(1)>") == "topics/-img-src-x-onerror-alert-1--.md"
    assert deck_path("../../etc") == "topics/-..-etc.md", "no path separator, no leading dot"
    assert "/" not in deck_path("a/b").removeprefix("topics/")


def test_learning_path_goes_from_beginner_to_advanced() -> None:
    decks = [import_file(path).deck for path in sorted(SOURCES.glob("*.txt"))]
    path = learning_path(decks)
    assert sorted(d.id for d in path) == sorted(d.id for d in decks)
    levels = ["beginner", "intermediate", "advanced"]
    ranks = [levels.index(deck_level(d)) for d in path]
    assert ranks == sorted(ranks)


def test_render_site_writes_every_page_and_bundle() -> None:
    decks = [import_file(path).deck for path in sorted(SOURCES.glob("*.txt"))]
    files = render_site(decks, Verification(), SETTINGS)
    assert {deck_path(d.id) for d in decks} <= set(files)
    assert {"index.md", "report.md", "topics/index.md", BUNDLE_JS, BUNDLE_CSS} <= set(files)
    assert all(isinstance(text, str) and text for text in files.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a_b*c", "a\\_b\\*c"), ("<b>", "&lt;b&gt;"), ("it's", "it&#x27;s"), ("x|y", "x\\|y")],
    ids=str,
)
def test_md_text_escapes_markdown_and_html(text: str, expected: str) -> None:
    assert md_text(text) == expected


def test_backticks_become_code_after_escaping() -> None:
    assert inline_code("use `lr=` not <b>") == "use <code>lr=</code> not &lt;b&gt;"
    assert inline_code("`<script>`") == "<code>&lt;script&gt;</code>"


def test_every_widget_asset_ships_bundled_or_lazily() -> None:
    """A new asset file must be added to the bundle or to the lazy list, or no page would load it."""
    files = render_site([], Verification(), SETTINGS)
    scripts, styles = files[BUNDLE_JS], files[BUNDLE_CSS]
    for asset in sorted(ASSETS.iterdir()):
        if asset.stem in LAZY:
            continue
        bundled = scripts if asset.suffix == ".js" else styles
        assert f"/* {asset.name} */\n{asset.read_text(encoding='utf-8')}" in bundled, asset.name
    assert scripts.startswith("/* verikb-core.js */"), "the core defines the helpers the widgets use"
    assert set(SCRIPTS) == {p.name for p in ASSETS.glob("*.js") if p.stem not in LAZY}


def test_verdict_labels_cover_every_verdict() -> None:
    assert [v.css for v in Verdict] == [
        "verified",
        "refuted",
        "demonstrated",
        "not-demonstrated",
        "not-checkable",
        "error",
    ]


def test_scraper_artefacts_are_not_shown() -> None:
    """The 003 source ends hints and quick checks with "[OK]" (a check-mark glyph turned into text)."""
    deck = import_file(SOURCES / "003_922fc2f599061697.txt").deck
    assert any("[OK]" in (p.hint or "") + (p.quick_check or "") for p in deck.practice), "the source has them"
    page = _page(deck, [])
    assert "[OK]" not in page
    assert "Quick check: Use &#x27;lr&#x27; for learning rate in PyTorch optimizers</p>" in page


def test_a_deck_verify_has_not_seen_is_graded_by_the_reviewers_key_on_its_page_and_in_review() -> None:
    deck = import_file(SOURCES / "003_922fc2f599061697.txt").deck
    question = deck.questions[0]
    assert question.answer is None, "the source gives no key for its first question"
    curated = replace(question, curated=replace(question.curated, answer=1))
    deck = replace(deck, questions=(curated, *deck.questions[1:]))
    files = render_site([deck], Verification(), SETTINGS)  # verification.json from before this deck existed
    page = files[deck_path(deck.id)]
    quiz = _section_data(page, "verikb-quiz")["questions"][0]
    assert (quiz["id"], quiz["answer"], quiz["refuted"]) == (question.id, 1, False)
    assert f"Answer: B. {html.escape(question.options[1], quote=True)}" in page
    shard = next(
        json.loads(text)
        for path, text in files.items()
        if path.endswith(f"/review/{Path(deck_path(deck.id)).stem}.json")
    )
    assert shard["items"][question.id]["answer"] == 1
    assert Verification().keys_of(deck)[question.id].by_reviewer


_SEGMENT = st.text(alphabet="abz_-.0", min_size=1, max_size=4).filter(lambda s: s not in (".", ".."))


@given(st.lists(_SEGMENT, min_size=1, max_size=4), st.lists(_SEGMENT, min_size=1, max_size=4))
def test_page_links_are_what_posixpath_relpath_gives(target: list[str], here: list[str]) -> None:
    target_path, here_path = "/".join(target), "/".join(here)
    assert page_link(target_path, here_path) == posixpath.relpath(target_path, posixpath.dirname(here_path) or ".")
