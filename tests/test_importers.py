"""The study-text importer: golden decks for the five sources, each block layout, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from verikb.cli import main
from verikb.deck_io import deck_to_dict
from verikb.errors import SourceError
from verikb.importers import import_file, read_source
from verikb.importers.lines import looks_like_code, option_text
from verikb.importers.study_text import parse_study_text

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SOURCES = sorted((ROOT / "sources").glob("*.txt"))


def _imported(path: Path) -> dict:
    # Import through a relative path so golden files do not depend on the checkout's location.
    return deck_to_dict(import_file(path.relative_to(ROOT)).deck)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_source_matches_golden_json(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regenerate on purpose with VERIKB_REGEN=1, then read the diff against the source text."""
    monkeypatch.chdir(ROOT)
    golden = DATA / "golden" / f"{source.stem}.json"
    got = _imported(source)
    if os.environ.get("VERIKB_REGEN"):
        golden.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


def test_sources_hold_expected_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    counts = {
        p.stem[:3]: tuple(len(_imported(p)[k]) for k in ("cards", "questions", "prompts", "practice")) for p in SOURCES
    }
    assert counts == {
        "000": (5, 5, 2, 0),
        "001": (5, 5, 2, 0),
        "002": (5, 5, 2, 0),
        "003": (5, 5, 2, 4),
        "004": (5, 5, 2, 0),
    }


def test_header_gives_title_framework_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    deck = _imported(ROOT / "sources" / "002_dd70d25f9b6b52f4.txt")
    assert deck["title"] == "Learning rate for fine-tuning in TensorFlow"
    assert (deck["framework"], deck["framework_from"], deck["minutes"]) == ("tensorflow", "header", 5)


def test_card_keeps_br_and_code_as_structure() -> None:
    card = import_file(DATA / "good" / "card_code.txt").deck.cards[0]
    assert [(p.kind, p.text) for p in card.back_parts] == [
        ("text", "Pass it to the optimizer:"),
        ("code", "optimizer = torch.optim.SGD(params, lr=0.01)"),
        ("text", "or use"),
        ("code", "lr"),
        ("text", "in a param group."),
    ]
    assert "<br>" not in card.back and "<code>" not in card.back


def test_question_layouts() -> None:
    deck = import_file(DATA / "good" / "question_layouts.txt").deck
    q1, q2, q3, q4 = deck.questions
    assert q1.options == ("lr", "learning_rate", "rate") and q1.answer is None
    assert q1.explanation == "PyTorch optimizers take lr."
    assert q2.options == ("1.0", "0.0001") and q2.answer == 1, "an explicit 'Answer: B' is a key"
    assert q3.options == () and q3.explanation.startswith("It multiplies")
    assert q4.options == ("ExponentialDecay", "StepLR") and q4.explanation is None
    assert [(w.line, w.message) for w in deck.warnings] == [
        (7, "question-2 has no explanation, unlike the other questions"),
        (14, "question-4 has no explanation, unlike the other questions (the source ends inside it)"),
    ]


def test_prompts_with_and_without_hint() -> None:
    p1, p2 = import_file(DATA / "good" / "prompt_no_hint.txt").deck.prompts
    assert (p1.hint, p1.concepts) == (None, 2)
    assert (p2.hint, p2.concepts) == ("Start small, then grow.", 3)


def test_practice_inline_sections_and_code() -> None:
    deck = import_file(DATA / "good" / "practice_inline.txt").deck
    p1, p2 = deck.practice
    assert (deck.title, deck.framework, deck.minutes) == ("Schedulers", "pytorch", 3)
    assert (p1.level, p1.answer, p1.final_answer) == ("hard", 0, "scheduler.step()")
    assert p1.quick_check == "scheduler.step() [OK]" and p1.hint == "the scheduler steps itself"
    assert p1.mistakes == ("Calling optimizer.step() twice",)
    assert p1.steps[0].title == "Step 1: Recall the API"
    assert p2.code == "import torch\nprint(torch.tensor(1.0).item())"
    assert p2.prompt == "What does this print?"
    assert [w.message for w in deck.warnings] == [
        "practice-2: 2 code lines lost their indentation in the source",
        "practice-2 has no solution steps, quick check, hint, common mistakes (the source ends inside it)",
    ]


def test_truncated_practice_source_warns_about_count_and_ending(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    deck = import_file(Path("sources/003_922fc2f599061697.txt")).deck
    messages = [str(w) for w in deck.warnings]
    announced = "sources/003_922fc2f599061697.txt:68: the source announces 5 practice problems and holds 4"
    assert announced in messages
    assert any("practice-4 has no quick check, hint, common mistakes (the source ends" in m for m in messages)
    assert deck.practice[3].answer == 1  # the source's key, whatever verification later says of it


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "the file is empty"),
        ("blank.txt", "the file is empty"),
        ("binary.txt", "binary data (NUL byte), not a study text"),
        ("latin1.txt", "not UTF-8 text, not a study text"),
        ("not_study.txt", "not a study text: no cards, questions, prompts or practice problems found"),
        ("utf16_no_bom.txt", "UTF-16-LE text without a byte-order mark; save it as UTF-8"),
    ],
    ids=str,
)
def test_unusable_input_is_one_located_error(name: str, message: str) -> None:
    with pytest.raises(SourceError) as info:
        import_file(DATA / "bad" / name)
    assert str(info.value).endswith(message)
    assert str(info.value).startswith(str(DATA / "bad" / name))


def test_binary_error_names_the_line() -> None:
    with pytest.raises(SourceError) as info:
        import_file(DATA / "bad" / "binary.txt")
    assert info.value.line == 3


def test_truncated_text_imports_what_is_there_and_warns() -> None:
    deck = import_file(DATA / "bad" / "truncated.txt").deck
    assert len(deck.cards) == 5 and deck.questions, "complete blocks survive"
    assert [w.message for w in deck.warnings] == [
        "question-2 has no explanation, unlike the other questions (the source ends inside it)"
    ]


def test_hostile_html_stays_text_and_is_reported() -> None:
    deck = import_file(DATA / "bad" / "script.txt").deck
    card = deck.cards[0]
    assert card.front == "What is <script>alert(1)</script> a learning rate?", "kept verbatim as text"
    assert [p.kind for p in card.back_parts] == ["text", "text", "code", "text"]
    assert [(w.line, w.message) for w in deck.warnings] == [
        (3, "HTML markup <script> is kept as plain text, never as markup"),
        (4, "HTML markup <img> is kept as plain text, never as markup"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ATo speed up training", (0, False, "To speed up training")),
        ("A. It determines", (0, False, "It determines")),
        ("A1.0", (0, False, "1.0")),
        ("B) StepLR", (1, False, "StepLR")),
        ("(C) Nothing", (2, False, "Nothing")),
        ("c) biases", (2, False, "biases")),
        ("D: Adam", (3, False, "Adam")),
        ("Aoptimizer.step()", (0, True, "optimizer.step()")),
        ("Adjusting the rate", (0, True, "djusting the rate")),  # weak: an option only where options stand
        ("A.", None),
        ("a learning rate", None),
        ("3. Consider", None),
    ],
    ids=str,
)
def test_option_lines(line: str, expected: tuple[int, bool, str] | None) -> None:
    option = option_text(line)
    assert (option and (option[0].index, option[0].weak, option[1])) == expected


@pytest.mark.parametrize(
    ("line", "is_code"),
    [
        ("optimizer = torch.optim.SGD(model.parameters(), lr=0.1)", True),
        ("for epoch in range(4):", True),
        ("loss.backward()", True),
        ('print(f"Epoch {epoch+1} lr: {scheduler.get_last_lr()[0]:.4f}")', True),
        ("Consider this PyTorch training loop snippet with a fixed learning rate of 0.1:", False),
        ("Learning rate = step size [OK]", False),
        ("The printed learning rates are: 0.0500, 0.0500, 0.0250, 0.0250. What is wrong?", False),
    ],
    ids=str,
)
def test_code_lines_are_told_from_prose(line: str, is_code: bool) -> None:
    assert looks_like_code(line) is is_code


def test_option_layouts_with_marks_or_glued_lowercase_text() -> None:
    """Each used to turn its last option into a phantom question that swallowed the next one."""
    deck = import_file(DATA / "good" / "option_layouts.txt").deck
    assert [q.options for q in deck.questions] == [
        ("The model always converges", "The model overshoots the minimum", "Nothing changes"),
        ("optimizer.step()", "loss.backward()", "model.eval()"),
        ("learning rate", "weights", "biases"),
        ("Adam", "StepLR", "ExponentialDecay"),
    ]
    assert [q.explanation for q in deck.questions] == [
        "A high learning rate overshoots.",
        "optimizer.step() applies them.",
        "The learning rate is set by hand.",
        "Adam lives in keras.optimizers.",
    ]
    assert deck.warnings == ()


def test_glued_options_followed_by_the_next_question() -> None:
    """The layout without attempt lines: the next stem ("What is…", "Explain…") is no option."""
    deck = import_file(DATA / "good" / "options_no_attempt.txt").deck
    assert [(q.prompt, q.options) for q in deck.questions] == [
        ("Which call applies the gradients?", ("optimizer.step()", "loss.backward()", "model.eval()")),
        ("What is tuned most often?", ("learning rate", "The batch size", "epochs")),
        ("Which rate suits fine-tuning?", ("1.0", "0.0001")),
    ]
    assert [p.prompt for p in deck.prompts] == ["Explain why fine-tuning needs a small rate."]
    assert deck.warnings == ()


def test_options_the_importer_cannot_read_are_reported_with_their_line() -> None:
    deck = import_file(DATA / "bad" / "unknown_option_layout.txt").deck
    messages = {w.line: w.message for w in deck.warnings}
    assert messages[4].startswith("question-1: its prompt '3) rate' reads like an option")
    assert messages[12].startswith("read as text, though it starts like options A-B glued to its text")
    assert deck.questions[1].explanation.endswith("Because schedulers exist, nobody has to.")


def test_answer_lines_in_every_spelling() -> None:
    deck = import_file(DATA / "good" / "answer_lines.txt").deck
    assert [q.answer for q in deck.questions] == [0, 1, 0, 0]
    assert deck.questions[0].explanation == "PyTorch optimizers take lr.", "the key line is no explanation"
    assert deck.questions[3].explanation == "ExponentialDecay -> Option A\nKeras has ExponentialDecay."
    assert [(p.answer, p.final_answer) for p in deck.practice] == [(0, "Option A"), (1, "-> Option b")]
    assert deck.warnings == ()


def test_chrome_words_are_content_where_the_viewer_never_puts_them() -> None:
    result = import_file(DATA / "good" / "chrome_words.txt")
    deck = result.deck
    assert deck.cards[0].back == "A period or a question mark."
    assert deck.questions[0].explanation == "Practice\nTest this pattern on a small model first."
    (problem,) = deck.practice
    assert [s.text for s in problem.steps] == [
        "0.4 is nearer to 0 than to 1, so it rounds to\n0",
        "Solution\nis option A.",
    ]
    assert (problem.answer, problem.final_answer, problem.mistakes) == (0, "0", ("Rounding up",))
    assert deck.warnings == ()
    chrome = [n for n, where in sorted(result.placement.items()) if where == "chrome"]
    assert chrome == [1, 2, 3, 4, 5, 11, 15, 18, 19, 24, 31, 33, 36], (
        "header, section heads, closers, attempt, headings"
    )


def _items(text: str) -> tuple[dict[str, dict], list]:
    deck = parse_study_text(text, path="x.txt", deck_id="x").deck
    data = deck_to_dict(deck)
    return {it["id"]: it for kind in ("cards", "questions", "prompts", "practice") for it in data[kind]}, deck.warnings


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_a_source_cut_at_any_line_never_leaves_an_item_silently_wrong(source: Path) -> None:
    """Cut after every line: an item that differs from the whole source's has a warning at or after its line."""
    lines = source.read_text(encoding="utf-8").split("\n")
    full, full_warnings = _items("\n".join(lines))
    silent = []
    for k in range(1, len(lines)):
        items, warnings = _items("\n".join(lines[:k]))
        new = [w for w in warnings if w not in full_warnings]
        for item in items.values():
            if full.get(item["id"]) != item and not any(w.line >= item["line"] for w in new):
                silent.append((k, item["id"]))
    assert silent == []


def test_duplicate_items_are_reported() -> None:
    deck = import_file(DATA / "bad" / "duplicates.txt").deck
    assert [(w.line, w.message) for w in deck.warnings] == [
        (6, "card-2 repeats card-1 (line 2): a duplicate item"),
        (15, "question-2 repeats question-1 (line 10): a duplicate item"),
    ]


def test_utf16_with_a_byte_order_mark_is_decoded() -> None:
    deck = import_file(DATA / "good" / "utf16_bom.txt").deck
    assert [c.front for c in deck.cards] == ["What is the learning rate?"]


def test_special_files_are_refused_before_reading(tmp_path: Path) -> None:
    """A FIFO would block the read until a writer comes; /dev/zero never ends."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.append(_source_error(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=30)
    assert errors == ["a FIFO (named pipe), not a regular file: not a study text"]
    assert _source_error(Path("/dev/zero")) == "a character device, not a regular file: not a study text"
    assert _source_error(tmp_path) == "a folder, not a regular file: not a study text"
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(6 * 2**20)  # sparse: no 6 MiB written
    assert _source_error(big) == "larger than 5 MiB: not a study text"


def _source_error(path: Path) -> str:
    with pytest.raises(SourceError) as info:
        read_source(path)
    return info.value.message


@pytest.mark.parametrize("kind", ["fifo", "device", "empty folder", "folder named .txt"], ids=str)
def test_import_command_refuses_special_paths_in_one_line(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = {"device": Path("/dev/zero"), "empty folder": tmp_path, "folder named .txt": tmp_path / "x.txt"}
    path = paths.get(kind, tmp_path / "pipe.txt")
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder named .txt":
        path.mkdir()
    assert main(["import", str(path), "--json"]) == 2
    out = capsys.readouterr()
    assert out.out == "", "--json prints JSON or nothing"
    assert out.err.startswith(f"error: {path}: ") and out.err.count("\n") == 1


def test_fifo_in_a_folder_does_not_hang_the_import(tmp_path: Path) -> None:
    """``import DIR --out`` reads sources for its manifest before importing: refused before that too."""
    (tmp_path / "sources").mkdir()
    os.mkfifo(tmp_path / "sources" / "pipe.txt")
    done = subprocess.run(
        [sys.executable, "-m", "verikb", "import", "sources", "--out", "quizzes"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "error: sources/pipe.txt: a FIFO (named pipe), not a regular file: not a study text\n"


def test_two_sources_of_one_stem_are_an_error_naming_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "deck.txt").write_text((DATA / "good" / "card_code.txt").read_text())
    first, second = tmp_path / "a" / "deck.txt", tmp_path / "b" / "deck.txt"
    assert main(["import", str(first), str(second), "--out", str(tmp_path / "quizzes")]) == 2
    assert capsys.readouterr().err == f"error: {second}: {first} and {second} would both be deck 'deck': rename one\n"
    assert not (tmp_path / "quizzes").exists()
    assert main(["import", str(first), str(first), "--json"]) == 0, "the same file twice is one source"
    assert json.loads(capsys.readouterr().out)["id"] == "deck"


def _long_lines() -> dict[str, str]:
    spec = json.loads((DATA / "long_lines.json").read_text(encoding="utf-8"))
    return {name: start + unit * count for name, (start, unit, count) in spec["lines"].items()}


def test_pathological_long_lines_import_in_a_subprocess_within_a_hard_timeout(tmp_path: Path) -> None:
    """A hang guard, not a speed test (speed is bench's "import" row): 30 s for what takes < 1 s."""
    lines = _long_lines()
    for k, line in enumerate(lines.values()):
        source = tmp_path / f"long{k}.txt"
        source.write_text(f"beginner\nWhat is this?\n{line}\nClick to reveal answer\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "verikb", "import", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.startswith(f"parsed {len(lines)} deck(s)")
