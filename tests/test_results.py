"""Snippet results -> verdicts, answer keys corrected by real output, contradicted and unchecked items."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from verikb.model import ClaimRef, Deck, Practice, Verdict
from verikb.verify import claims
from verikb.verify.results import answer_keys, build_verification, contradicted_items, unchecked_items
from verikb.verify.schema import ClaimResult, SnippetRun, Verification, read_verification, write_verification

PROBLEM = Practice(
    id="practice-1", line=1, number=1, prompt="Which call works?", options=("a()", "b()", "c()"), answer=1
)
DECK = Deck(id="d", source="d.txt", practice=(PROBLEM,))


def _result(item: str, verdict: str, **kw: object) -> ClaimResult:
    return ClaimResult(deck="d", item=item, claim=f"claim about {item}", verdict=verdict, **kw)


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([], (1, False)),
        ([_result("practice-1/option-2", "verified")], (1, False)),
        ([_result("practice-1/option-2", "refuted"), _result("practice-1/option-3", "verified")], (2, True)),
        ([_result("practice-1", "refuted"), _result("practice-1/option-2", "refuted")], (None, True)),
        ([_result("practice-1/option-2", "refuted")], (None, True)),
        ([_result("practice-1/option-1", "refuted")], (1, False)),
    ],
    ids=[
        "no-verdicts",
        "key-verified",
        "key-refuted-one-holds",
        "item-refuted-none-hold",
        "key-refuted-unknown",
        "distractor-refuted",
    ],
)
def test_answer_key_follows_real_output(results: list[ClaimResult], expected: tuple) -> None:
    (key,) = answer_keys([DECK], results)
    assert (key.index, key.refuted) == expected
    assert key.source == 1
    assert ("d/practice-1" in map(str, contradicted_items(results, [key]))) == expected[1]


def test_items_without_snippet_or_reason_are_unchecked() -> None:
    assert unchecked_items([DECK], []) == [ClaimRef(deck="d", item="practice-1")]
    assert unchecked_items([DECK], [_result("practice-1/option-1", "verified")]) == []


def test_records_become_typed_results_and_round_trip(tmp_path: Path) -> None:
    run = SnippetRun(
        path="snippets/torch/x.py",
        framework="torch",
        status="ok",
        versions={"torch": "2.13.0"},
        records=[
            {
                "item": "d/practice-1/option-2",
                "claim": "b() works",
                "expected": "verified",
                "verdict": "verified",
                "truth": None,
                "output": "ok\n",
                "warnings": [],
                "exception": None,
                "line": 7,
            },
            {
                "item": "d/practice-9",
                "claim": "?",
                "expected": "verified",
                "verdict": "verified",
                "truth": None,
                "output": "",
                "warnings": [],
                "exception": None,
                "line": 9,
            },
            {"experiment": {"item": "d/practice-1", "title": "loss", "series": [{"label": "lr", "values": [1.0]}]}},
        ],
    )
    verification = build_verification([run], {run.path: ("d/practice-1", "d/practice-9")}, [DECK])
    verdicts = {r.item: r.verdict for r in verification.results}
    assert verdicts == {"practice-1/option-2": Verdict.VERIFIED, "practice-9": Verdict.ERROR}
    assert verification.experiments[0]["framework"] == "torch"
    write_verification(tmp_path / "v.json", verification, inputs="abc")
    back = read_verification(tmp_path / "v.json")
    assert back == verification and isinstance(back.results[0].verdict, Verdict)


def test_a_damaged_verification_file_is_one_clear_error(tmp_path: Path) -> None:
    from verikb.errors import VerikbError

    (tmp_path / "v.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(VerikbError, match=r"v\.json: unreadable"):
        read_verification(tmp_path / "v.json")
    assert read_verification(tmp_path / "absent.json") == Verification()


@pytest.mark.parametrize("text", ["d/card-1", "d/question-2/option-3", "003_x/practice-4"])
def test_claim_refs_parse_and_print_back(text: str) -> None:
    assert str(ClaimRef.parse(text)) == text


@pytest.mark.parametrize("text", ["d", "d/card", "d/card-1/option-", "d/foo-1", "d/card-1/x"])
def test_bad_claim_refs_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not DECK/ITEM"):
        ClaimRef.parse(text)


def test_verify_names_a_new_sources_items_as_unchecked(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from verikb.cli import main

    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "new.txt").write_text(
        "Recall & Review\nbeginner\nWhat is a learning rate?\nThe step size.\nClick to reveal answer\n",
        encoding="utf-8",
    )
    assert main(["import", str(tmp_path / "sources"), "--out", str(tmp_path / "quizzes")]) == 0
    assert main(["verify", "--root", str(tmp_path)]) == 0
    assert "unchecked: new: 1 items have no snippet and no not_checkable reason: card-1" in capsys.readouterr().err
    assert read_verification(tmp_path / "verification.json").unchecked == [ClaimRef(deck="new", item="card-1")]


def test_the_snippet_side_verdict_words_are_the_verdicts() -> None:
    # claims.py spells them out (a snippet imports nothing of verikb's domain); the two lists must not drift.
    assert set(get_args(claims.Verdict)) == {v.value for v in Verdict}
    assert set(claims._EXPERIMENT_VERDICTS) == {Verdict.DEMONSTRATED.value, Verdict.NOT_DEMONSTRATED.value}
