"""Reviewers' curated blocks survive a re-import on the item they were written for: matched by
content, ids stable, vanished items' blocks kept as orphans, output files whole and readable."""

from __future__ import annotations

import difflib
import errno
import itertools
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from verikb import atomic
from verikb.cli import main
from verikb.curation import ID_PREFIX, SIMILAR, fingerprint, item_text, merge_curated
from verikb.deck_io import read_deck, write_deck
from verikb.importers import import_file
from verikb.model import Curation, Deck, DeckCuration

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sources" / "002_dd70d25f9b6b52f4.txt"  # cards, five questions, two prompts; no warnings
STEM = SOURCE.stem
NEW_QUESTION = [
    "Which optimizer argument sets the learning rate in Keras?",
    "AThe lr argument",
    "BThe learning_rate argument",
    "CThe rate argument",
    "DThe step argument",
]


def _lines() -> list[str]:
    return SOURCE.read_text(encoding="utf-8").splitlines()


def _question_at(lines: list[str], prompt: str) -> int:
    return lines.index(prompt)


def _with_new_question(lines: list[str]) -> list[str]:
    """The source with one question inserted before its first."""
    first = _question_at(lines, "Why is a smaller learning rate preferred for fine-tuning?")
    return [*lines[:first], *NEW_QUESTION, *lines[first:]]


def _write_source(folder: Path, lines: list[str]) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / SOURCE.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(tmp_path: Path, lines: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, Path]:
    _write_source(tmp_path / "sources", lines)
    code = main(["import", str(tmp_path / "sources"), "--out", str(tmp_path / "quizzes")])
    return code, capsys.readouterr().err, tmp_path / "quizzes" / f"{STEM}.yml"


def _curate(path: Path, **blocks: Curation) -> None:
    """A reviewer's edit: curated blocks set on items by id."""
    deck, by_id = read_deck(path), {key.replace("_", "-"): block for key, block in blocks.items()}
    kinds = ("cards", "questions", "prompts", "practice")
    new = {k: tuple(replace(it, curated=by_id.get(it.id, it.curated)) for it in getattr(deck, k)) for k in kinds}
    write_deck(path, replace(deck, **new))


def _by_prompt(deck: Deck) -> dict[str, tuple[str, Curation]]:
    return {q.prompt: (q.id, q.curated) for q in deck.questions}


def test_an_inserted_question_moves_no_curated_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _lines()
    code, _, deck_file = _import(tmp_path, lines, capsys)
    assert code == 0
    before = read_deck(deck_file)
    _curate(deck_file, question_3=Curation(answer=0, note="checked"), question_5=Curation(answer=3))
    curated = _by_prompt(read_deck(deck_file))
    code, err, _ = _import(tmp_path, _with_new_question(lines), capsys)
    assert code == 0
    after = read_deck(deck_file)
    # Every old item keeps its id and its curated block; the new one gets the next free number.
    assert {p: v for p, v in _by_prompt(after).items() if p != NEW_QUESTION[0]} == curated
    assert after.questions[0].prompt == NEW_QUESTION[0]
    assert after.questions[0].id == "question-6"
    assert after.questions[0].curated == Curation()
    assert [c.id for c in after.cards] == [c.id for c in before.cards]
    moved = after.item("question-3")
    assert f"{deck_file}: question-3 matched by content to the source's question at line {moved.line}" in err
    assert err.count("matched by content") == len(before.questions)  # every question moved down one place


def test_a_reworded_item_is_matched_by_similarity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _lines()
    _, _, deck_file = _import(tmp_path, lines, capsys)
    _curate(deck_file, question_3=Curation(answer=0))
    prompt = read_deck(deck_file).item("question-3").prompt
    edited = [line.replace(prompt, prompt.replace("specify", "set")) for line in lines]
    code, err, _ = _import(tmp_path, edited, capsys)
    assert code == 0
    item = read_deck(deck_file).item("question-3")
    assert item.prompt != prompt
    assert item.curated == Curation(answer=0)
    assert "question-3 matched by similarity" in err


def test_a_vanished_item_is_kept_as_an_orphan_and_restored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _lines()
    _, _, deck_file = _import(tmp_path, lines, capsys)
    _curate(deck_file, question_2=Curation(answer=0, not_checkable="depends on the model"))
    gone = read_deck(deck_file).item("question-2")
    start = _question_at(lines, gone.prompt)
    without = [*lines[:start], *lines[start + 1 + len(gone.options) :]]
    for _ in range(2):  # warned on every import, not only the first
        code, err, _ = _import(tmp_path, without, capsys)
        assert code == 0
        assert f"warning: {deck_file}: question-2 is no longer in the source" in err
        deck = read_deck(deck_file)
        assert deck.item("question-2") is None
        assert [(o.id, o.curated) for o in deck.orphaned] == [("question-2", gone.curated)]
        assert gone.prompt in deck.orphaned[0].text
    # A question added meanwhile does not take the orphan's id.
    code, err, _ = _import(tmp_path, [*without, *NEW_QUESTION], capsys)
    assert read_deck(deck_file).questions[-1].id == "question-6"
    # The item comes back: its id and curated block with it.
    code, err, _ = _import(tmp_path, [*lines, *NEW_QUESTION], capsys)
    assert code == 0
    deck = read_deck(deck_file)
    assert deck.orphaned == ()
    assert deck.item("question-2").prompt == gone.prompt
    assert deck.item("question-2").curated == gone.curated
    assert "question-2 restored from orphaned" in err


def test_importer_warnings_name_the_stable_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The importer numbers items by position; its warnings must name the id the item keeps."""
    source = ROOT / "sources" / "003_922fc2f599061697.txt"  # its questions all have an explanation
    lines = source.read_text(encoding="utf-8").splitlines()
    (tmp_path / "sources").mkdir()
    shutil.copy(source, tmp_path / "sources")
    assert main(["import", str(tmp_path / "sources"), "--out", str(tmp_path / "quizzes")]) == 0
    first = lines.index("What does a high learning rate usually cause during training?")
    (tmp_path / "sources" / source.name).write_text("\n".join([*lines[:first], *NEW_QUESTION, *lines[first:]]) + "\n")
    assert main(["import", str(tmp_path / "sources"), "--out", str(tmp_path / "quizzes")]) == 0
    err = capsys.readouterr().err
    deck = read_deck(tmp_path / "quizzes" / f"{source.stem}.yml")
    assert deck.questions[0].id == "question-6"
    assert "question-6 has no explanation, unlike the other questions" in err
    assert "question-1 has no explanation" not in err
    assert any(w.message.startswith("question-6 has no explanation") for w in deck.warnings)


def test_a_bad_curated_block_stops_the_import_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _lines()
    _, _, deck_file = _import(tmp_path, lines, capsys)
    _curate(deck_file, question_2=Curation(answer=1))
    text = deck_file.read_text(encoding="utf-8").replace("    answer: 1\n", "    answer: 99\n", 1)
    deck_file.write_text(text, encoding="utf-8")
    code, err, _ = _import(tmp_path, _with_new_question(lines), capsys)
    line = text.splitlines().index("    answer: 99") + 1
    assert code == 2
    _one_error_line(err, f"{deck_file}:{line}: questions[1].curated.answer: 99 is not an option (0-3)")
    assert deck_file.read_text(encoding="utf-8") == text


def test_explanation_is_a_curated_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _lines()
    _, _, deck_file = _import(tmp_path, lines, capsys)
    _curate(deck_file, question_1=Curation(explanation="A small rate keeps the pre-trained features."))
    text = deck_file.read_text(encoding="utf-8")
    assert "explanation" in text.splitlines()[3], "the header names it among the curated fields"
    _import(tmp_path, _with_new_question(lines), capsys)
    assert read_deck(deck_file).item("question-1").curated.explanation == "A small rate keeps the pre-trained features."


def test_swapped_twin_and_refitted_items() -> None:
    """Swapped items keep their ids; twins pair in order; a curated answer never lands on an item
    that lacks that option (it waits as an orphan instead)."""
    deck = import_file(SOURCE).deck
    q = deck.questions
    previous = replace(
        deck,
        curated=DeckCuration(title="Reviewed"),
        questions=(
            replace(q[0], curated=Curation(answer=1)),
            replace(q[1], curated=Curation(note="second")),
            replace(q[2], curated=Curation(answer=3)),
            *q[3:],
        ),
    )
    twin = replace(q[1], id="question-99", line=999)
    shorter = replace(q[2], prompt=q[2].prompt + " (edited)", options=q[2].options[:3])  # no option 3 any more
    merged = merge_curated(replace(deck, questions=(q[1], q[0], shorter, twin, *q[3:])), previous)
    ids = [it.id for it in merged.deck.questions]
    assert ids == ["question-2", "question-1", "question-6", "question-7", "question-4", "question-5"]
    assert merged.deck.questions[0].curated == Curation(note="second")
    assert merged.deck.questions[1].curated == Curation(answer=1)
    assert merged.deck.questions[2].curated == Curation()
    assert [(o.id, o.curated) for o in merged.deck.orphaned] == [("question-3", Curation(answer=3))]
    assert merged.deck.curated.title == "Reviewed"
    assert [n.split()[0] for n in merged.notes] == ["question-2", "question-1", "question-4", "question-5"]
    assert [w.split()[0] for w in merged.warnings] == ["question-3"]


def test_similar_separates_an_edit_from_another_item() -> None:
    """SIMILAR lies between what two items of one deck score and what a one-word edit of one scores."""
    decks = [import_file(path).deck for path in sorted((ROOT / "sources").glob("*.txt"))]
    texts = [[fingerprint(item_text(it)) for it in getattr(d, kind)] for d in decks for kind in ID_PREFIX]

    def ratio(a: str, b: str) -> float:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()

    apart = max(ratio(a, b) for group in texts for a, b in itertools.combinations(group, 2))
    edited = []
    for text in itertools.chain.from_iterable(texts):
        words = text.split(" ")
        words[len(words) // 2] = "changed"
        edited.append(ratio(text, " ".join(words)))
    assert apart < SIMILAR <= min(edited), (apart, min(edited))


# --- files written: mode, and failures that leave nothing half-written ---------------------------


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002], ids=oct)
def test_written_files_get_0666_minus_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        atomic.write_atomic(tmp_path / "new.txt", "x")
        (tmp_path / "old.txt").write_text("y")
        (tmp_path / "old.txt").chmod(0o600)
        atomic.write_atomic(tmp_path / "old.txt", "x")
    finally:
        os.umask(old)
    for name in ("new.txt", "old.txt"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask


def test_imported_decks_are_world_readable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = os.umask(0o022)
    try:
        _, _, deck_file = _import(tmp_path, _lines(), capsys)
    finally:
        os.umask(old)
    assert deck_file.stat().st_mode & 0o777 == 0o644


def _one_error_line(err: str, *parts: str) -> None:
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("error: ")
    for part in parts:
        assert part in err


def test_out_being_a_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_source(tmp_path / "sources", _lines())
    out = tmp_path / "quizzes"
    out.write_text("not a folder\n")
    assert main(["import", str(tmp_path / "sources"), "--out", str(out)]) == 2
    _one_error_line(capsys.readouterr().err, str(out), "not a folder")
    assert out.read_text() == "not a folder\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_source(tmp_path / "sources", _lines())
    out = tmp_path / "quizzes"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert main(["import", str(tmp_path / "sources"), "--out", str(out)]) == 2
    finally:
        out.chmod(0o755)
    _one_error_line(capsys.readouterr().err, "Permission denied")
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(("call", "code"), [("open", errno.EACCES), ("write", errno.ENOSPC)], ids=str)
def test_a_failed_write_is_one_line_and_leaves_the_old_deck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, call: str, code: int
) -> None:
    """Permission denied on the temp file, or the disk full after part of it was written."""
    lines = _lines()
    _, _, deck_file = _import(tmp_path, lines, capsys)
    before = deck_file.read_bytes()
    real_open, real_write = os.open, os.write
    written: list[int] = []

    def refusing_open(path: str, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".tmp"):
            raise OSError(code, os.strerror(code), path)
        return real_open(path, *args, **kwargs)

    def filling_write(fd: int, data: bytes) -> int:
        if written:
            raise OSError(code, os.strerror(code))
        written.append(real_write(fd, bytes(data)[:100]))
        return written[0]

    monkeypatch.setattr(os, call, refusing_open if call == "open" else filling_write)
    _write_source(tmp_path / "sources", _with_new_question(lines))
    assert main(["import", str(tmp_path / "sources"), "--out", str(tmp_path / "quizzes")]) == 2
    monkeypatch.undo()
    _one_error_line(capsys.readouterr().err, str(deck_file), os.strerror(code))
    assert deck_file.read_bytes() == before
    assert sorted(p.name for p in deck_file.parent.iterdir()) == [deck_file.name], "no temp file left"
