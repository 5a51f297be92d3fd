"""Decks as an Anki package (``.apkg``, with genanki): the flashcards and the quiz questions as notes,
each back carrying its claims' verdicts and the real output that settled them.

Re-importing a newer export updates the notes instead of adding copies: a note's GUID comes from its
deck and item ids, the deck and note-type ids from hashes, never from chance. Anki replaces a note
only when the package's copy is newer, so ``timestamp`` (the newest input's modification time) stamps
every note; the same inputs give the same bytes. Source text is untrusted and Anki renders fields as
HTML: everything passes through ``esc``.
"""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
from collections.abc import Mapping

import genanki

from verikb.model import Card, Deck, Question, Verdict
from verikb.render.archive import zip_bytes
from verikb.render.html import esc, inline_code, paragraphs, parts_html
from verikb.render.qti import option_text
from verikb.render.verdicts import VerdictIndex, badge
from verikb.verify.schema import AnswerKey, ClaimResult, Verification

__all__ = ["FIELDS", "anki_package", "deck_id_of"]

FIELDS = ("Front", "Back", "Verdict", "Output", "Versions")
_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="back">{{Back}}</div>'
    '{{#Verdict}}<div class="verdicts">{{Verdict}}</div>{{/Verdict}}'
    '{{#Output}}<div class="output"><p class="label">Real output</p>{{Output}}</div>{{/Output}}'
    '{{#Versions}}<p class="versions">{{Versions}}</p>{{/Versions}}'
)
_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; color: #222; background: #fff; }
pre { white-space: pre-wrap; font-size: 14px; background: #f4f4f4; padding: 6px; }
.verikb-badge { font-weight: bold; padding: 0 4px; border-radius: 3px; background: #ddd; }
.verikb-badge--verified { background: #c8e6c9; } .verikb-badge--refuted { background: #ffcdd2; }
.verikb-badge--not-demonstrated { background: #ffe0b2; } .verikb-badge--demonstrated { background: #bbdefb; }
.truth { border-left: 4px solid #c62828; padding-left: 8px; }
.source-says { color: #666; } .versions, .label { color: #666; font-size: 14px; }
.nightMode .card, .night_mode .card { color: #eee; background: #222; }
.nightMode pre, .night_mode pre { background: #333; }"""
_TRUTH_LABEL = {Verdict.REFUTED: "real code refutes it", Verdict.NOT_DEMONSTRATED: "real code did not show it"}


def _stable_id(text: str) -> int:
    """An id in genanki's recommended range [2^30, 2^31), the same for the same text on every build."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") % (1 << 30)


# The note type keeps its id while its fields stay these: templates and styles may change (Anki updates
# them on import), a different set of fields is a different note type.
_MODEL = genanki.Model(
    _stable_id("verikb note type: " + ",".join(FIELDS)),
    "verikb (verified against real code)",
    fields=[{"name": name} for name in FIELDS],
    templates=[{"name": "Card", "qfmt": "{{Front}}", "afmt": _BACK}],
    css=_CSS,
)


def deck_id_of(deck: Deck) -> int:
    """The Anki deck id of a topic: the same in its own package and in the all-topics one."""
    return _stable_id(f"verikb deck: {deck.id}")


def _verdicts(results: list[ClaimResult]) -> str:
    """Each claim's badge and what is true instead, unless that is just the real output (shown below it); a
    reviewer's "not checkable" is about the item's own text, so its claim is not repeated (as on the page)."""
    return "".join(
        f"<p>{badge(r.verdict)} {'' if r.snippet is None else inline_code(r.claim)}</p>"
        + (f"<p>{inline_code(r.truth)}</p>" if r.truth and r.truth.strip() != r.output.strip() else "")
        for r in results
    )


def _outputs(results: list[ClaimResult]) -> str:
    """Each snippet's real output once, under its path and framework version."""
    shown = dict.fromkeys((r.snippet, r.framework, r.versions.get(r.framework or "", ""), r.output) for r in results)
    return "".join(
        f"<p>{esc(snippet)} ({esc(framework)} {esc(version)})</p><pre>{esc(output.strip() or '(no output)')}</pre>"
        for snippet, framework, version, output in shown
        if snippet
    )


def _versions(results: list[ClaimResult]) -> str:
    versions = {name: v for r in results if r.snippet for name, v in r.versions.items()}
    return esc(" · ".join(f"{name} {v}" for name, v in sorted(versions.items())))


def _truth(results: list[ClaimResult], explanation: str | None) -> tuple[str, str]:
    """What real code showed where it contradicts the source, and how to label the source's text then;
    ("", "") when it does not."""
    wrong = next((r for r in results if r.verdict.contradicts_source), None)
    if wrong is None:
        return "", ""
    truth = paragraphs(explanation) if explanation else f"<p>{inline_code(wrong.truth or '')}</p>"
    shows = f'<div class="truth"><p>{badge(wrong.verdict)} <b>What real code shows</b></p>{truth}</div>'
    return shows, _TRUTH_LABEL[wrong.verdict]


def _source_says(html: str, label: str) -> str:
    return f'<div class="source-says"><p>The source says ({esc(label)}):</p>{html}</div>' if label and html else html


def _card_back(card: Card, results: list[ClaimResult]) -> str:
    back = parts_html(card.back_parts) if card.back_parts else paragraphs(card.back)
    truth, label = _truth(results, card.curated.explanation)
    return truth + _source_says(back, label) + paragraphs(card.curated.note)


def _question_front(question: Question) -> str:
    options = "".join(f"<li>{esc(text)}</li>" for text in question.options)
    return paragraphs(question.prompt) + (f'<ol type="A">{options}</ol>' if options else "")


def _question_back(question: Question, key: AnswerKey, results: list[ClaimResult]) -> str:
    """The corrected answer first; a refuted source key only as what the source says."""
    named = lambda k: option_text(question, k) if k is not None and k < len(question.options) else None  # noqa: E731
    answer = named(key.index)
    if answer is not None:
        lines = f"<p><b>Answer: {esc(answer)}</b></p>"
    elif key.refuted:
        lines = "<p><b>None of the options holds in real code.</b></p>"
    else:
        lines = "<p>The source gives no answer key for this question.</p>" if question.options else ""
    if key.refuted:
        source = esc(named(key.source) or "another answer")
        lines += f'<p class="source-says">The source says {source} — real code refutes it.</p>'
    truth, label = _truth(results, question.curated.explanation)
    if key.refuted and not label:
        label = _TRUTH_LABEL[Verdict.REFUTED]
    return lines + truth + _source_says(paragraphs(question.explanation), label)


def _note(
    deck: Deck, item_id: str, contradicted: frozenset[str], *, front: str, back: str, results: list[ClaimResult]
) -> genanki.Note:
    """A note tagged with its kind (``card``, ``question``) and ``contradicted`` when real code contradicts it."""
    fields = [front, back, _verdicts(results), _outputs(results), _versions(results)]
    tags = ["verikb", item_id.rsplit("-", 1)[0]] + (["contradicted"] if item_id in contradicted else [])
    return genanki.Note(model=_MODEL, fields=fields, guid=genanki.guid_for(deck.id, item_id), tags=tags)


def _anki_deck(
    deck: Deck, index: VerdictIndex, keys: Mapping[str, AnswerKey], contradicted: frozenset[str]
) -> genanki.Deck:
    """One topic's notes; ``contradicted`` holds the ids of its items real code contradicts."""
    # "::" would nest the deck under another in Anki's deck list.
    out = genanki.Deck(deck_id_of(deck), "verikb::" + deck.display_title.replace("::", ":"))
    for card in deck.cards:
        results = index.of(deck.id, card.id)
        back = _card_back(card, results)
        out.add_note(_note(deck, card.id, contradicted, front=esc(card.front), back=back, results=results))
    for question in deck.questions:
        results = index.of_item_and_options(deck.id, question.id)
        back = _question_back(question, keys[question.id], results)
        front = _question_front(question)
        out.add_note(_note(deck, question.id, contradicted, front=front, back=back, results=results))
    return out


def anki_package(decks: list[Deck], verification: Verification, *, timestamp: int) -> bytes:
    """The ``.apkg`` of ``decks`` (one Anki deck each), its notes stamped with ``timestamp`` (seconds)."""
    index = VerdictIndex(verification.results)
    anki_decks = [
        _anki_deck(deck, index, verification.keys_of(deck), verification.contradicted_in(deck.id)) for deck in decks
    ]
    # genanki writes through a temporary file and zips it with the file's clock time; the same
    # collection built in memory and zipped by zip_bytes gives the same bytes every time.
    connection = sqlite3.connect(":memory:")
    try:
        genanki.Package(anki_decks).write_to_db(connection.cursor(), timestamp, itertools.count(timestamp * 1000))
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    return zip_bytes({"collection.anki2": collection, "media": b"{}"})
