"""The downloads built with the site: per topic an Anki deck, a QTI quiz and the deck JSON; one Anki
deck of every topic. Pure: decks and verification in, ``{path under docs/: bytes}`` out.

The JSON is exactly what ``python -m verikb import FILE --json`` prints for the deck.
"""

from __future__ import annotations

from dataclasses import dataclass

from verikb.deck_io import deck_to_json
from verikb.model import Deck
from verikb.render.paths import deck_path, page_link
from verikb.render.qti import qti_package
from verikb.render.verdicts import VerdictIndex
from verikb.verify.schema import Verification

__all__ = ["DOWNLOADS", "ExportPaths", "export_links", "export_paths", "render_exports"]

DOWNLOADS = "downloads"
"""The folder of docs/ the exports are written to (render owns it whole)."""
ALL_TOPICS = f"{DOWNLOADS}/all-topics.apkg"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportPaths:
    """Where one topic's downloads live, relative to docs/."""

    name: str
    """The topic page's file name without ``.md``: safe in a URL and a file name."""
    apkg: str
    qti: str
    json: str


def export_paths(deck_id: str) -> ExportPaths:
    stem = f"{DOWNLOADS}/{deck_path(deck_id).removesuffix('.md')}"
    return ExportPaths(name=stem.rsplit("/", 1)[1], apkg=f"{stem}.apkg", qti=f"{stem}-qti.zip", json=f"{stem}.json")


def export_links(deck_id: str | None, here: str, *, quiz: tuple[int, int] | None = None) -> str:
    """The "Download: …" line for the page ``here`` (relative to docs/): a topic's three files, or with
    ``deck_id`` None the all-topics Anki deck. ``quiz`` is (questions in the QTI quiz, questions in the
    topic); None or none exported leaves the QTI link out, since no file is written then.

    Markdown links inside ``markdown="span"``: both builders rewrite them into the same URL."""
    if deck_id is None:
        link = page_link(ALL_TOPICS, here)
        return (
            '<p class="verikb-downloads" markdown="span">Download every topic: '
            f"[Anki deck (.apkg)]({link}), the flashcards and questions with their verdicts.</p>"
        )
    paths = export_paths(deck_id)
    links = [f"[Anki deck (.apkg)]({page_link(paths.apkg, here)})"]
    if quiz and quiz[0]:
        exported, total = quiz
        left_out = (
            f", {total - exported} of {total} questions left out: no options or no key" if exported < total else ""
        )
        links.append(f"[QTI quiz for Canvas or Moodle (.zip{left_out})]({page_link(paths.qti, here)})")
    links.append(f"[deck JSON]({page_link(paths.json, here)})")
    return f'<p class="verikb-downloads" markdown="span">Download: {" · ".join(links)}</p>'


def render_exports(decks: list[Deck], verification: Verification, *, timestamp: int) -> dict[str, bytes]:
    """Every download file; ``timestamp`` (seconds, the newest input's modification time) stamps the Anki
    notes, so a re-import replaces notes from an older export."""
    from verikb.render.anki import anki_package  # genanki: ~70 ms to import, not paid by the page renderers

    files = {ALL_TOPICS: anki_package(decks, verification, timestamp=timestamp)}
    index = VerdictIndex(verification.results)
    for deck in decks:
        paths = export_paths(deck.id)
        files[paths.apkg] = anki_package([deck], verification, timestamp=timestamp)
        quiz = qti_package(deck, verification.keys_of(deck), index, name=paths.name)
        if quiz is not None:
            files[paths.qti] = quiz
        files[paths.json] = (deck_to_json(deck) + "\n").encode()
    return files
