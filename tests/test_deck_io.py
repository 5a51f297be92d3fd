"""Deck YAML/JSON: round trips, located validation errors, curated fields surviving re-import."""

from __future__ import annotations

import os
import pickle
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from verikb.deck_io import deck_from_dict, deck_to_dict, read_deck, read_decks, write_deck
from verikb.errors import DeckFileError
from verikb.importers import import_file
from verikb.model import Curation, Deck, DeckCuration

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sources" / "003_922fc2f599061697.txt"


def test_yaml_round_trip_is_lossless(tmp_path: Path) -> None:
    deck = import_file(SOURCE).deck
    write_deck(tmp_path / "d.yml", deck)
    assert read_deck(tmp_path / "d.yml") == deck


def test_writing_an_unchanged_deck_leaves_the_file_alone(tmp_path: Path) -> None:
    deck = import_file(SOURCE).deck
    path = tmp_path / "d.yml"
    write_deck(path, deck)
    os.utime(path, ns=(10**9, 10**9))
    write_deck(path, deck)
    assert path.stat().st_mtime_ns == 10**9
    write_deck(path, replace(deck, curated=DeckCuration(title="Changed")))
    assert path.stat().st_mtime_ns != 10**9
    assert read_deck(path).curated.title == "Changed"


def test_committed_decks_validate() -> None:
    decks = [read_deck(p) for p in sorted((ROOT / "quizzes").glob("*.yml"))]
    assert [d.id for d in decks] == [p.stem for p in sorted((ROOT / "sources").glob("*.txt"))]


def test_deck_cache_serves_unchanged_decks_and_never_a_stale_one(tmp_path: Path) -> None:
    quizzes, cache = tmp_path / "quizzes", tmp_path / "cache"
    shutil.copytree(ROOT / "quizzes", quizzes)
    from_yaml = read_decks(quizzes)
    assert read_decks(quizzes, cache=cache) == from_yaml
    entries = sorted(cache.glob("*.pickle"))
    assert len(entries) == len(from_yaml)
    # An unchanged deck comes from its entry: a marked entry shows through.
    for entry in entries:
        deck = pickle.loads(entry.read_bytes())
        entry.write_bytes(pickle.dumps(replace(deck, title="from cache")))
    assert {d.title for d in read_decks(quizzes, cache=cache)} == {"from cache"}
    # An edited deck is parsed again, and its old entry is deleted.
    deck_file = quizzes / "003_922fc2f599061697.yml"
    text = deck_file.read_text(encoding="utf-8")
    assert "\ntitle: null\n" in text
    deck_file.write_text(text.replace("\ntitle: null\n", "\ntitle: Edited\n", 1), encoding="utf-8")
    again = {d.id: d for d in read_decks(quizzes, cache=cache)}
    assert again["003_922fc2f599061697"] == read_deck(deck_file)
    assert again["003_922fc2f599061697"].title == "Edited"
    assert len(list(cache.glob("*.pickle"))) == len(from_yaml)
    # A damaged entry, or one holding something else, is a miss, not an error.
    for k, entry in enumerate(cache.glob("*.pickle")):
        entry.write_bytes(b"\x80\x05damaged" if k % 2 else pickle.dumps({"not": "a deck"}))
    assert read_decks(quizzes, cache=cache)[0] == read_decks(quizzes)[0]


def test_non_utf8_deck_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_bytes(b"id: x\ntitle: \xff\n")
    with pytest.raises(DeckFileError, match=r"bad.yml:2: not UTF-8 text \(byte 13\)"):
        read_deck(path)


def test_validation_error_names_file_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    shutil.copy(ROOT / "quizzes" / "003_922fc2f599061697.yml", path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("\n  answer: 3\n", "\n  answer: three\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeckFileError) as info:
        read_deck(path)
    line = text.splitlines().index("  answer: three") + 1
    assert str(info.value).startswith(f"{path}:{line}: practice[0].answer: ")


def test_broken_yaml_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_text("id: x\ncards: [\n", encoding="utf-8")
    with pytest.raises(DeckFileError, match=r"bad.yml:3: not valid YAML"):
        read_deck(path)


def _reviewed_deck(tmp_path: Path) -> tuple[Path, str]:
    """A deck file of 002 (cards, four-option questions, prompts) where a reviewer keyed question-4."""
    deck = import_file(ROOT / "sources" / "002_dd70d25f9b6b52f4.txt").deck
    questions = tuple(replace(q, curated=Curation(answer=1)) if q.id == "question-4" else q for q in deck.questions)
    path = tmp_path / "reviewed.yml"
    return path, write_deck(path, replace(deck, questions=questions))


BAD_CURATED = {
    "unknown key": (
        "    answer: 1\n",
        "    answr: 1\n",
        "answr",
        r"questions\[3\]\.curated\.answr: unknown key \(a curated block holds answer, concepts, ",
    ),
    "misspelt block": (
        "  curated:\n    answer: 1",
        "  curatd:\n    answer: 1",
        "curatd",
        r"questions\[3\]\.curatd: unknown key",
    ),
    "duplicate key": (
        "    answer: 1\n",
        "    answer: 1\n    answer: 2\n",
        "answer: 2",
        r"not valid YAML: duplicate key 'answer' \(the first is on line \d+\)",
    ),
    "list as a key": (
        "    answer: 1\n",
        "    answer: 1\n    ? [a, b]\n    : 1\n",
        "? [a, b]",
        r"not valid YAML: found unhashable key",
    ),
    "answer too big": (
        "    answer: 1\n",
        "    answer: 99\n",
        "answer",
        r"questions\[3\]\.curated\.answer: 99 is not an option \(0-3\)",
    ),
    "answer negative": (
        "    answer: 1\n",
        "    answer: -1\n",
        "answer",
        r"questions\[3\]\.curated\.answer: -1 is not an option \(0-3\)",
    ),
    "answer a bool": (
        "    answer: 1\n",
        "    answer: true\n",
        "answer",
        r"questions\[3\]\.curated\.answer: True is not an option \(0-3\)",
    ),
    "answer a string": (
        "    answer: 1\n",
        '    answer: "1"\n',
        "answer",
        r"questions\[3\]\.curated\.answer: '1' is not an option \(0-3\)",
    ),
    "duplicate id": (
        "- id: question-2\n",
        "- id: question-1\n",
        "id: question-1",
        r"questions\[1\]\.id: question-1 is also the id of questions\[0\] \(line \d+\)",
    ),
    "id of another kind": (
        "- id: question-2\n",
        "- id: card-9\n",
        "card-9",
        r"questions\[1\]\.id: card-9 is not a question id \(question-N\)",
    ),
    "concepts a string": (
        "    answer: 1\n",
        "    answer: 1\n    concepts: rate, steps\n",
        "concepts",
        r"questions\[3\]\.curated\.concepts: input should be a valid tuple",
    ),
}


@pytest.mark.parametrize("case", BAD_CURATED, ids=str)
def test_bad_curated_block_is_an_error_on_its_line(tmp_path: Path, case: str) -> None:
    """What a reviewer can get wrong by hand: never dropped or accepted silently, always file:line."""
    old, new, marker, message = BAD_CURATED[case]
    path, text = _reviewed_deck(tmp_path)
    start = text.index(old) if old.startswith("- id") else text.index("  curated:\n    answer: 1")
    text = text[:start] + text[start:].replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if marker in row and n > text[:start].count("\n"))
    with pytest.raises(DeckFileError) as info:
        read_deck(path)
    assert re.match(rf"{re.escape(str(path))}:{line}: {message}", str(info.value)), str(info.value)


def test_curated_answer_on_an_item_without_options_is_an_error(tmp_path: Path) -> None:
    path, text = _reviewed_deck(tmp_path)
    path.write_text(text.replace("- id: card-2\n", "- id: card-2\n  curated:\n    answer: 0\n", 1), encoding="utf-8")
    with pytest.raises(DeckFileError, match=r"cards\[1\]\.curated\.answer: 0 is not an option \(the item has none\)"):
        read_deck(path)


def test_json_contract_keys() -> None:
    data = deck_to_dict(import_file(SOURCE).deck)
    assert {"title", "framework", "cards", "questions", "prompts", "practice", "warnings"} <= set(data)
    assert {"level", "front", "back", "id"} <= set(data["cards"][0])
    assert {"prompt", "options", "answer", "explanation", "id"} <= set(data["questions"][0])
    assert {"prompt", "hint", "concepts", "id"} <= set(data["prompts"][0])
    assert {"prompt", "level", "options", "answer", "code", "steps", "mistakes", "id"} <= set(data["practice"][0])
    assert isinstance(data["prompts"][0]["concepts"], int)
    assert deck_from_dict(data, path=Path("x")) == import_file(SOURCE).deck


def test_deck_dicts_are_what_pydantic_dumps() -> None:
    """The hand-written converter behind deck_to_dict gives pydantic's JSON dump, curated fields included."""
    from pydantic import TypeAdapter

    from verikb.deck_io import _plain

    adapter = TypeAdapter(Deck)
    decks = [read_deck(p) for p in sorted((ROOT / "quizzes").glob("*.yml"))]
    decks += [import_file(p).deck for p in sorted((ROOT / "sources").glob("*.txt"))]
    assert any(item.curated != Curation() for deck in decks for item in deck.items())
    for deck in decks:
        assert _plain(deck) == adapter.dump_python(deck, mode="json"), deck.id
