"""Rendering: escaping of untrusted text, verdicts on the page, answer keys corrected by real output."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from verikb.importers import import_file
from verikb.model import Practice
from verikb.render.deck_page import render_deck_page
from verikb.render.html import md_text
from verikb.render.site_pages import render_home, render_report
from verikb.render.verdicts import VerdictIndex, answer_key
from verikb.verify.results import ClaimResult, Verification

DATA = Path(__file__).resolve().parent / "data"
PROBLEM = Practice(
    id="practice-1", line=1, number=1, prompt="Which call works?", options=("a()", "b()", "c()"), answer=1
)


def _result(item: str, verdict: str, **kw: object) -> ClaimResult:
    return ClaimResult(deck="d", item=item, claim=f"claim about {item}", verdict=verdict, **kw)


def _section_data(page: str, cls: str) -> dict:
    m = re.search(rf'<section class="{cls}"[^>]*data-verikb-data="([^"]*)"', page)
    assert m, cls
    return json.loads(html.unescape(m.group(1)))


def test_hostile_source_text_is_escaped_everywhere() -> None:
    deck = import_file(DATA / "bad" / "script.txt").deck
    page = render_deck_page(deck, VerdictIndex([]))
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([], (1, False)),
        ([_result("practice-1/option-2", "verified")], (1, False)),
        ([_result("practice-1/option-2", "refuted"), _result("practice-1/option-3", "verified")], (2, True)),
        ([_result("practice-1", "refuted"), _result("practice-1/option-2", "refuted")], (None, True)),
        ([_result("practice-1/option-2", "refuted")], (None, True)),
    ],
    ids=["no-verdicts", "key-verified", "key-refuted-one-holds", "item-refuted-none-hold", "key-refuted-unknown"],
)
def test_answer_key_follows_real_output(results: list[ClaimResult], expected: tuple) -> None:
    key = answer_key("d", PROBLEM, VerdictIndex(results))
    assert (key.index, key.refuted) == expected
    assert key.source == 1


def test_refuted_key_is_never_graded_as_right() -> None:
    deck = import_file(Path(__file__).resolve().parent.parent / "sources" / "003_922fc2f599061697.txt").deck
    deck_id = deck.id
    results = [
        ClaimResult(deck=deck_id, item="practice-4", claim="prints 0.05 …", verdict="refuted", truth="it prints 0.1 …"),
        *(
            ClaimResult(deck=deck_id, item=f"practice-4/option-{k}", claim=f"option {k}", verdict="refuted", truth="no")
            for k in range(1, 5)
        ),
    ]
    page = render_deck_page(deck, VerdictIndex(results))
    spec = next(p for p in _section_data(page, "verikb-practice-set")["practice"] if p["id"] == "practice-4")
    assert spec["answer"] is None and spec["refuted"] is True
    assert "corrected answer: none of the options holds in real code" in page
    assert "What is true: it prints 0.1 …" in page
    assert "The source's final answer (refuted below)" in page


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
    page = render_deck_page(deck, VerdictIndex(results))
    assert "– not checkable by code" in page and "Why: depends on the model" in page
    assert "<summary>Real output (torch 2.13.0)</summary><pre><code>SGD created</code></pre>" in page
    assert '<pre><code class="language-python">optimizer = torch.optim.SGD(params, lr=0.01)</code></pre>' in page


def test_home_and_report_count_verdicts() -> None:
    deck = import_file(DATA / "good" / "card_code.txt").deck
    results = [ClaimResult(deck=deck.id, item="card-1", claim="a | b", verdict="refuted", truth="x")]
    verification = Verification(results=results, curves=[], versions={"torch": "2.13.0"})
    home = render_home([deck], verification)
    assert f"[card\\_code](topics/{deck.id}.md)" in home
    report = render_report([deck], verification)
    assert "a \\| b" in report, "a pipe in a claim must not split the table row"
    assert "1 claims: 0 verified, 1 refuted" in report
    assert "## card\\_code" in report, "one section per topic"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a_b*c", "a\\_b\\*c"), ("<b>", "&lt;b&gt;"), ("it's", "it&#x27;s"), ("x|y", "x\\|y")],
    ids=str,
)
def test_md_text_escapes_markdown_and_html(text: str, expected: str) -> None:
    assert md_text(text) == expected


def test_backticks_become_code_after_escaping() -> None:
    from verikb.render.verdicts import inline_code

    assert inline_code("use `lr=` not <b>") == "use <code>lr=</code> not &lt;b&gt;"
    assert inline_code("`<script>`") == "<code>&lt;script&gt;</code>"


def test_every_widget_asset_ships_bundled_or_lazily() -> None:
    """A new asset file must be added to the bundle or to the lazy list, or no page would load it."""
    from verikb.mkdocs_plugin import ASSETS, LAZY, SCRIPTS, _eager_styles, bundle

    scripts, styles = bundle(SCRIPTS), bundle(_eager_styles())
    for asset in sorted(ASSETS.iterdir()):
        if asset.stem in LAZY:
            continue
        bundled = scripts if asset.suffix == ".js" else styles
        assert f"/* {asset.name} */\n{asset.read_text(encoding='utf-8')}" in bundled, asset.name
    assert scripts.startswith("/* verikb-core.js */"), "the core defines the helpers the widgets use"
