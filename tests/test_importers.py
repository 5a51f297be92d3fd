"""The study-text importer: golden decks for the five sources, each block layout, bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from verikb.deck_io import deck_to_dict
from verikb.errors import SourceError
from verikb.importers import import_file
from verikb.importers.lines import looks_like_code, option_text

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
