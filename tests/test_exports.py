"""The downloads (verikb.render.exports): the .apkg files go through Anki's own importer into fresh collections,
the QTI quizzes through an XML parser, and the topic pages' links through both real builds.

Expected counts and texts come from the deck YAML and verification.json as read here, never from the exporter.
"""

from __future__ import annotations

import html
import io
import json
import re
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from site_harness import ROOT, ensure_verification

from verikb.deck_io import read_decks, write_deck
from verikb.model import Deck, TextPart, Verdict
from verikb.render.exports import export_paths, render_exports
from verikb.render.qti import QTI_NS
from verikb.verify.schema import AnswerKey, Verification, read_verification

STAMP = 1_700_000_000
HOSTILE = "<img src=x onerror=alert(1)>"
Q = f"{{{QTI_NS}}}"


@pytest.fixture(scope="module")
def project() -> tuple[list[Deck], Verification, dict]:
    """The project's decks, their verification, and verification.json as plain JSON."""
    ensure_verification()
    raw = json.loads((ROOT / "verification.json").read_text(encoding="utf-8"))
    return read_decks(ROOT / "quizzes"), read_verification(ROOT / "verification.json"), raw


@pytest.fixture(scope="module")
def yaml_decks() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "quizzes").glob("*.yml"))}


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[object]:
    """A fresh, empty Anki collection."""
    from anki.collection import Collection

    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def import_apkg(col, data: bytes, path: Path):
    """Anki's own package import with the options Anki's import dialog defaults to (update notes if newer)."""
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    path.write_bytes(data)
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request)


def notes_by_guid(col) -> dict[str, object]:
    return {note.guid: note for note in (col.get_note(nid) for nid in col.find_notes(""))}


def guid(deck_id: str, item_id: str) -> str:
    import genanki

    return genanki.guid_for(deck_id, item_id)


def test_each_topic_apkg_imports_with_one_note_per_card_and_question(project, yaml_decks, collection, tmp_path):
    decks, verification, _ = project
    files = render_exports(decks, verification, timestamp=STAMP)
    expected = 0
    for deck_id, data in yaml_decks.items():
        import_apkg(collection, files[export_paths(deck_id).apkg], tmp_path / f"{deck_id}.apkg")
        expected += len(data.get("cards", [])) + len(data.get("questions", []))
        assert collection.note_count() == expected, deck_id
    notes = notes_by_guid(collection)
    for deck_id, data in yaml_decks.items():
        for card in data.get("cards", []):
            assert notes[guid(deck_id, card["id"])]["Front"] == html.escape(card["front"], quote=True)
        for question in data.get("questions", []):
            assert html.escape(question["prompt"], quote=True) in notes[guid(deck_id, question["id"])]["Front"]


def test_contradicted_card_back_shows_verdict_and_real_output_before_the_source(project, collection, tmp_path):
    decks, verification, raw = project
    import_apkg(
        collection,
        render_exports(decks, verification, timestamp=STAMP)["downloads/all-topics.apkg"],
        tmp_path / "a.apkg",
    )
    notes = notes_by_guid(collection)
    cards = [ref for ref in raw["contradicted"] if "/card-" in ref]
    assert cards, "the project has cards real code contradicts"
    for ref in cards:
        deck_id, item = ref.split("/")
        note = notes[guid(deck_id, item)]
        results = [r for r in raw["results"] if r["deck"] == deck_id and r["item"] == item]
        assert "contradicted" in note.tags
        for r in results:
            assert html.escape(Verdict(r["verdict"]).label) in note["Verdict"]
            if r["snippet"] and r["output"].strip():
                assert html.escape(r["output"].strip()) in note["Output"]
                assert html.escape(r["versions"][r["framework"]]) in note["Output"]
        back = note["Back"]
        assert "What real code shows" in back and back.index("What real code shows") < back.index("The source says")


def _refuted(verification: Verification, deck: Deck) -> tuple[Verification, AnswerKey]:
    """The verification with the first keyed multiple-choice question's key refuted: the source's key
    (option A) refuted by real code, the last option holding instead."""
    question = next(q for q in deck.questions if len(q.options) >= 2)
    key = AnswerKey(
        deck=deck.id, item=question.id, index=len(question.options) - 1, source=0, refuted=True, by_reviewer=False
    )
    others = [k for k in verification.keys if (k.deck, k.item) != (deck.id, question.id)]
    return replace(verification, keys=[*others, key]), key


def test_a_refuted_source_key_is_never_given_as_the_answer(project, collection, tmp_path):
    decks, verification, _ = project
    deck = next(d for d in decks if any(len(q.options) >= 2 for q in d.questions))
    changed, key = _refuted(verification, deck)
    files = render_exports([deck], changed, timestamp=STAMP)
    import_apkg(collection, files[export_paths(deck.id).apkg], tmp_path / "r.apkg")
    question = deck.item(key.item)
    back = notes_by_guid(collection)[guid(deck.id, key.item)]["Back"]
    source = html.escape(f"A. {question.options[0]}")
    corrected = html.escape(f"{'ABCDEFGHIJ'[key.index]}. {question.options[key.index]}")
    assert f"Answer: {corrected}" in back
    assert f"Answer: {source}" not in back
    assert f"The source says {source} — real code refutes it" in back
    item = _qti_items(files[export_paths(deck.id).qti])[key.item]
    assert item.find(f".//{Q}varequal").text == f"{item.get('ident')}-option-{key.index + 1}"


def test_reimport_adds_no_notes_and_a_changed_card_updates_its_note(project, collection, tmp_path):
    decks, verification, _ = project
    first = render_exports(decks, verification, timestamp=STAMP)
    import_apkg(collection, first["downloads/all-topics.apkg"], tmp_path / "1.apkg")
    count = collection.note_count()
    again = render_exports(decks, verification, timestamp=STAMP)  # a second build
    log = import_apkg(collection, again["downloads/all-topics.apkg"], tmp_path / "2.apkg")
    assert collection.note_count() == count and not log.log.new
    import_apkg(collection, again[export_paths(decks[0].id).apkg], tmp_path / "3.apkg")  # one topic's own file
    assert collection.note_count() == count
    card = decks[0].cards[0]
    edited = replace(decks[0], cards=(replace(card, front=card.front + " (edited)"), *decks[0].cards[1:]))
    later = render_exports([edited, *decks[1:]], verification, timestamp=STAMP + 60)  # the YAML is newer now
    log = import_apkg(collection, later["downloads/all-topics.apkg"], tmp_path / "4.apkg")
    assert collection.note_count() == count and len(log.log.updated) >= 1
    assert notes_by_guid(collection)[guid(decks[0].id, card.id)]["Front"] == html.escape(card.front + " (edited)")


def test_the_same_input_gives_byte_identical_files(project):
    decks, verification, _ = project
    first = render_exports(decks, verification, timestamp=STAMP)
    assert render_exports(decks, verification, timestamp=STAMP) == first
    later = render_exports(decks, verification, timestamp=STAMP + 1)
    assert later["downloads/all-topics.apkg"] != first["downloads/all-topics.apkg"]  # the stamp is in the notes


def test_deck_json_is_the_import_json_schema(project, yaml_decks):
    decks, verification, _ = project
    files = render_exports(decks, verification, timestamp=STAMP)
    for deck_id, data in yaml_decks.items():
        exported = json.loads(files[export_paths(deck_id).json])
        assert exported == data  # the YAML deck file and --json hold the same dict (deck_to_dict)


def _qti_items(package: bytes) -> dict[str, ET.Element]:
    """The assessment's items by question id; the manifest must name the assessment file."""
    archive = zipfile.ZipFile(io.BytesIO(package))
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    cp = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
    resource = manifest.find(f"{cp}resources/{cp}resource")
    assert resource.get("type") == "imsqti_xmlv1p2"
    root = ET.fromstring(archive.read(resource.find(f"{cp}file").get("href")))
    assert root.tag == f"{Q}questestinterop"
    return {item.get("title"): item for item in root.iter(f"{Q}item")}


def test_qti_has_one_item_per_gradable_question_keyed_by_the_corrected_key(project, yaml_decks):
    decks, verification, raw = project
    files = render_exports(decks, verification, timestamp=STAMP)
    keys = {(k["deck"], k["item"]): k["index"] for k in raw["keys"]}
    exported = 0
    for deck_id, data in yaml_decks.items():
        gradable = {
            q["id"]: keys[(deck_id, q["id"])]
            for q in data.get("questions", [])
            if len(q.get("options", [])) >= 2 and keys.get((deck_id, q["id"])) is not None
        }
        path = export_paths(deck_id).qti
        if not gradable:
            assert path not in files
            continue
        items = _qti_items(files[path])
        assert sorted(items) == sorted(gradable)
        for item_id, index in gradable.items():
            item = items[item_id]
            assert item.find(f".//{Q}varequal").text == f"{item.get('ident')}-option-{index + 1}"
            options = next(q["options"] for q in data["questions"] if q["id"] == item_id)
            assert len(item.findall(f".//{Q}response_label")) == len(options)
            exported += 1
    assert exported, "the project has gradable multiple-choice questions"


def test_hostile_source_text_is_escaped_in_the_apkg_and_the_qti(project, collection, tmp_path):
    decks, verification, _ = project
    deck = next(d for d in decks if any(len(q.options) >= 2 for q in d.questions))
    k = next(i for i, q in enumerate(deck.questions) if len(q.options) >= 2)
    question = deck.questions[k]
    hostile_question = replace(question, prompt=HOSTILE, options=(HOSTILE, *question.options[1:]))
    questions = (*deck.questions[:k], hostile_question, *deck.questions[k + 1 :])
    hostile = replace(
        deck,
        cards=(
            replace(deck.cards[0], front=HOSTILE, back=HOSTILE, back_parts=(TextPart(kind="text", text=HOSTILE),)),
            *deck.cards[1:],
        ),
        questions=questions,
    )
    files = render_exports([hostile], verification, timestamp=STAMP)
    import_apkg(collection, files[export_paths(deck.id).apkg], tmp_path / "h.apkg")
    notes = notes_by_guid(collection)
    escaped = html.escape(HOSTILE)
    assert notes[guid(deck.id, deck.cards[0].id)]["Front"] == escaped
    assert escaped in notes[guid(deck.id, deck.cards[0].id)]["Back"]
    assert escaped in notes[guid(deck.id, question.id)]["Front"]
    assert all("<img" not in field for note in notes.values() for field in note.fields)
    item = _qti_items(files[export_paths(deck.id).qti])[question.id]
    texts = [m.text or "" for m in item.iter(f"{Q}mattext")]  # the HTML an LMS renders
    assert sum(escaped in t for t in texts) == 2 and not any("<img" in t for t in texts)


def test_topic_pages_download_links_resolve(site, base_url):
    """In each real build (mkdocs and Zensical), every topic page links its downloads, and each link serves
    the file (an Anki package, a QTI package, the deck's JSON)."""
    for deck_id in site["deck_ids"]:
        page = f"{base_url}topics/{deck_id}/"
        text = urllib.request.urlopen(page).read().decode()
        line = re.search(r'<p class="verikb-downloads">(.*?)</p>', text, re.S)
        assert line, f"{page} has no download line"
        hrefs = re.findall(r'href="([^"]+)"', line.group(1))
        paths = export_paths(deck_id)
        expected = [paths.apkg, *([paths.qti] if (ROOT / "docs" / paths.qti).is_file() else []), paths.json]
        assert [urljoin(page, h) for h in hrefs] == [base_url + p for p in expected]
        for path in expected:
            with urllib.request.urlopen(base_url + path) as response:
                assert response.status == 200
                body = response.read()
            if path == paths.json:
                assert json.loads(body)["id"] == deck_id
            else:
                names = zipfile.ZipFile(io.BytesIO(body)).namelist()
                assert ("collection.anki2" if path == paths.apkg else "imsmanifest.xml") in names


def test_a_rebuild_takes_the_stored_exports_until_a_deck_file_changes(project, tmp_path):
    """render_docs keeps the downloads in the store: the same deck files give the stored files, an edited one new
    ones (the key is the files the decks are read from, so this writes and reads them as render does)."""
    from verikb.site.render_docs import _exports

    decks, verification, _ = project
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    for deck in decks:
        write_deck(quizzes / f"{deck.id}.yml", deck)
    made = render_exports(read_decks(quizzes), verification, timestamp=_newest_mtime(quizzes))
    first = _exports(tmp_path, read_decks(quizzes), verification)
    assert first == made
    stored = next((tmp_path / ".verikb-cache" / "store" / "exports").iterdir())
    written = stored.stat().st_mtime_ns
    assert _exports(tmp_path, read_decks(quizzes), verification) == first
    assert stored.stat().st_mtime_ns == written, "taken from the store, not made again"
    card = decks[0].cards[0]
    edit = replace(decks[0], cards=(replace(card, front="edited"), *decks[0].cards[1:]))
    write_deck(quizzes / f"{decks[0].id}.yml", edit)
    edited = read_decks(quizzes)
    changed = _exports(tmp_path, edited, verification)
    assert changed == render_exports(edited, verification, timestamp=_newest_mtime(quizzes)) != first
    assert len(list((tmp_path / ".verikb-cache" / "store" / "exports").iterdir())) == 1  # only the newest kept


def _newest_mtime(folder: Path) -> int:
    return max(int(p.stat().st_mtime) for p in folder.glob("*.yml"))
