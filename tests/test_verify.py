"""The verification runner on a small project: real torch workers, isolation, time limits, cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from verikb.errors import SnippetError
from verikb.verify.command import run_verify
from verikb.verify.runner import worker_counts
from verikb.verify.snippets import read_snippet

ROOT = Path(__file__).resolve().parent.parent
DECK = "004_33f72aaf9d4d1e34"
OTHER_DECK = "000_b54ee7164a852fdf"
SNIPPETS = {
    "good.py": f'''
        # checks: {DECK}/card-4
        import torch
        from verikb.verify.claims import claim
        with claim("{DECK}/card-4", "param groups keep their lr", expect="verified") as c:
            opt = torch.optim.SGD([{{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.5}}], lr=0.1)
            print("lr", opt.param_groups[0]["lr"])
            c.holds(opt.param_groups[0]["lr"] == 0.5, otherwise="it does not")
    ''',
    "other_deck.py": f'''
        # checks: {OTHER_DECK}/card-1
        from verikb.verify.claims import claim
        with claim("{OTHER_DECK}/card-1", "2 + 2 == 4", expect="verified") as c:
            c.holds(2 + 2 == 4, otherwise="it is not")
    ''',
    "changed.py": f'''
        # checks: {DECK}/question-2
        from verikb.verify.claims import claim
        with claim("{DECK}/question-2", "1 + 1 == 3", expect="verified") as c:
            c.holds(1 + 1 == 3, otherwise="1 + 1 == 2")
    ''',
    "hang.py": f"""
        # checks: {DECK}/card-5
        # timeout: 3
        while True:
            pass
    """,
    "crash.py": f"""
        # checks: {DECK}/card-1
        import os, signal
        print("about to crash")
        os.kill(os.getpid(), signal.SIGSEGV)
    """,
    "wrong_item.py": f'''
        # checks: {DECK}/card-2
        from verikb.verify.claims import claim
        with claim("{DECK}/card-99", "no such card", expect="verified") as c:
            c.verified()
        with claim("{DECK}/card-3", "not in the header", expect="verified") as c:
            c.verified()
    ''',
    "raises.py": f'''
        # checks: {DECK}/question-1
        from verikb.verify.claims import claim
        with claim("{DECK}/question-1", "breaks", expect="verified") as c:
            raise KeyError("oops")
    ''',
}


def _project(tmp_path: Path, names: list[str]) -> Path:
    shutil.copytree(ROOT / "quizzes", tmp_path / "quizzes")
    folder = tmp_path / "snippets" / "torch"
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text(textwrap.dedent(SNIPPETS[name]).lstrip(), encoding="utf-8")
    return tmp_path


def _verify(root: Path) -> tuple[int, dict]:
    code = run_verify([], root=root, framework=None, jobs=2, as_json=False, use_cache=True)
    return code, json.loads((root / "verification.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict]:
    return _verify(_project(tmp_path_factory.mktemp("mixed"), list(SNIPPETS)))


def _by_item(data: dict) -> dict[str, list[dict]]:
    """The snippet-made results about DECK, by item (curated not-checkable ones left out)."""
    out: dict[str, list[dict]] = {}
    for r in data["results"]:
        if r["deck"] == DECK and r["snippet"]:
            out.setdefault(r["item"], []).append(r)
    return out


def test_broken_or_changed_snippets_fail_the_run(mixed: tuple[int, dict]) -> None:
    assert mixed[0] == 1


def test_good_claim_is_verified_with_real_output(mixed: tuple[int, dict]) -> None:
    (result,) = _by_item(mixed[1])["card-4"]
    assert result["verdict"] == "verified" and result["output"] == "lr 0.5\n"
    assert result["versions"]["torch"].startswith("2.13.0")


def test_changed_verdict_is_reported(mixed: tuple[int, dict]) -> None:
    (result,) = _by_item(mixed[1])["question-2"]
    assert (result["verdict"], result["expected"], result["truth"]) == ("refuted", "verified", "1 + 1 == 2")


def test_hanging_snippet_times_out_and_others_go_on(mixed: tuple[int, dict]) -> None:
    runs = {Path(s["path"]).name: s for s in mixed[1]["snippets"]}
    assert runs["hang.py"]["status"] == "timeout"
    assert 3 <= runs["hang.py"]["duration_s"] < 10
    assert _by_item(mixed[1])["card-5"][0]["exception"] == "the snippet ended with status 'timeout'"
    assert runs["good.py"]["status"] == "ok"


def test_crashing_snippet_is_reported(mixed: tuple[int, dict]) -> None:
    runs = {Path(s["path"]).name: s for s in mixed[1]["snippets"]}
    assert runs["crash.py"]["status"] == "crashed" and runs["crash.py"]["exit_code"] == -11
    assert "about to crash" in runs["crash.py"]["output"]


def test_claims_about_unknown_or_unnamed_items_are_errors(mixed: tuple[int, dict]) -> None:
    items = _by_item(mixed[1])
    assert items["card-99"][0]["exception"] == f"deck '{DECK}' has no item 'card-99'"
    assert items["card-3"][0]["exception"] == "the snippet's '# checks:' header does not name this item"
    assert items["card-2"][0]["exception"] == "no claim gave it a verdict"


def test_exception_in_claim_block_is_an_error_verdict(mixed: tuple[int, dict]) -> None:
    (result,) = _by_item(mixed[1])["question-1"]
    assert (result["verdict"], result["exception"]) == ("error", "KeyError: 'oops'")


def test_second_run_executes_nothing(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path, ["good.py"])
    first_code, first = _verify(root)
    record = (root / "verification.json").read_bytes()
    assert first["inputs"]
    capfd.readouterr()
    second_code, _ = _verify(root)
    assert (first_code, second_code) == (0, 0)
    assert "1 snippets: 0 executed, 1 from cache." in capfd.readouterr().err
    assert (root / "verification.json").read_bytes() == record  # answered from the record as it was
    # Without the record, the per-snippet cache answers: same verdicts, nothing executed.
    (root / "verification.json").unlink()
    third_code, third = _verify(root)
    assert third_code == 0
    assert _worker_children() == [], "the worker started early for nothing to run was left running"
    assert [s["cached"] for s in first["snippets"]] == [False]
    assert [s["cached"] for s in third["snippets"]] == [True]
    ran = [r for r in first["results"] if r["snippet"]]
    assert [r for r in third["results"] if r["snippet"]] == [{**r, "cached": True} for r in ran]


def _worker_children() -> list[int]:
    """Pids of verify workers whose parent is this test process (from /proc)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes()
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"verikb.verify.worker" in cmdline and ppid == os.getpid():
            found.append(int(proc.name))
    return found


def test_editing_a_deck_reruns_only_the_snippets_that_check_it(tmp_path: Path) -> None:
    root = _project(tmp_path, ["good.py", "other_deck.py"])
    assert _verify(root)[0] == 0
    deck_file = root / "quizzes" / f"{OTHER_DECK}.yml"
    text = deck_file.read_text(encoding="utf-8")
    old = "front: What is learning rate scheduling in machine learning?"
    assert old in text
    deck_file.write_text(text.replace(old, "front: What is a learning rate schedule?"), encoding="utf-8")
    code, data = _verify(root)
    assert code == 0
    executed = {Path(s["path"]).name: not s["cached"] for s in data["snippets"]}
    assert executed == {"good.py": False, "other_deck.py": True}


def test_a_run_with_a_broken_snippet_records_no_digest(mixed: tuple[int, dict]) -> None:
    """So the next verify retries the timed-out and crashed snippets instead of trusting the record."""
    assert mixed[1]["inputs"] is None


def test_a_snippet_runs_by_itself_and_fails_on_a_changed_verdict(tmp_path: Path) -> None:
    root = _project(tmp_path, ["changed.py"])
    run = subprocess.run(
        [sys.executable, str(root / "snippets" / "torch" / "changed.py")], capture_output=True, text=True, check=False
    )
    assert run.returncode == 1
    assert "✗ refuted: 004_33f72aaf9d4d1e34/question-2: 1 + 1 == 3" in run.stderr
    assert "AssertionError: 004_33f72aaf9d4d1e34/question-2: expected verified, got refuted" in run.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("print(1)\n", "no '# checks: DECK/ITEM' header line"),
        ("# checks: deck/thing-1\n", "'deck/thing-1' is not DECK/KIND-N[/option-N]"),
    ],
    ids=["no-header", "bad-item"],
)
def test_malformed_headers_are_located_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "snippets" / "torch" / "x.py"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SnippetError) as info:
        read_snippet(path)
    assert str(info.value) == f"{path}:1: {message}"


def test_a_memory_header_sets_the_limit_and_a_bad_one_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "snippets" / "torch" / "x.py"
    path.parent.mkdir(parents=True)
    path.write_text(f"# checks: {DECK}/card-1\n# memory: 512 MiB\n", encoding="utf-8")
    assert read_snippet(path).memory_bytes == 512 * 2**20
    path.write_text(f"# checks: {DECK}/card-1\n# memory: lots\n", encoding="utf-8")
    with pytest.raises(SnippetError) as info:
        read_snippet(path)
    assert str(info.value) == f"{path}:2: memory 'lots' is not a number of MiB or GiB, e.g. '8 GiB'"


def test_a_partial_run_leaves_the_full_record_alone(tmp_path: Path) -> None:
    root = _project(tmp_path, ["good.py"])
    code = run_verify(
        [Path("snippets/torch/good.py")], root=root, framework=None, jobs=1, as_json=False, use_cache=True
    )
    assert code == 0
    assert not (root / "verification.json").exists()


def test_a_project_without_snippets_verifies_nothing_and_says_so(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "quizzes", tmp_path / "quizzes")
    code, data = _verify(tmp_path)
    assert code == 0
    assert data["snippets"] == []
    assert {r["verdict"] for r in data["results"]} == {"not checkable"}  # the reviewers' reasons only


@pytest.mark.parametrize(
    ("pending", "jobs", "expected"),
    [
        ({"torch": 6, "tensorflow": 3}, 2, {"torch": 1, "tensorflow": 1}),
        ({"torch": 6}, 2, {"torch": 2}),
        ({"torch": 1}, 4, {"torch": 1}),
        ({"torch": 6, "tensorflow": 3}, 1, {"torch": 1, "tensorflow": 1}),
        ({"torch": 6, "tensorflow": 3}, 5, {"torch": 3, "tensorflow": 2}),
        ({"torch": 2, "tensorflow": 9}, 6, {"torch": 2, "tensorflow": 4}),
    ],
)
def test_jobs_are_shared_out_between_frameworks(pending: dict[str, int], jobs: int, expected: dict[str, int]) -> None:
    """No more workers than jobs (each imports its framework on a core), but one per framework at least."""
    assert worker_counts(pending, jobs) == expected


def test_the_projects_snippets_hold_under_verikb_verify(tmp_path: Path) -> None:
    """What the pytest plugin used to check: every snippet of the project, run by the one runner
    (the CLI, as scripts/build runs it), gives every claim the verdict it expects."""
    shutil.copytree(ROOT / "quizzes", tmp_path / "quizzes")
    shutil.copytree(ROOT / "snippets", tmp_path / "snippets")
    done = subprocess.run(
        [sys.executable, "-m", "verikb", "verify", "--root", str(tmp_path), "--json", "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2"),
    )
    results = json.loads(done.stdout)
    wrong = [f"{r['snippet']}:{r['line']}: {r['deck']}/{r['item']}: {r['verdict']}" for r in results if r["changed"]]
    errors = [f"{r['snippet']}:{r['line']}: {r['exception']}" for r in results if r["verdict"] == "error"]
    assert (done.returncode, wrong, errors) == (0, [], []), done.stderr[-3000:]
    ran = {r["snippet"] for r in results if r["snippet"]}
    assert ran == {str(p.relative_to(ROOT)) for p in (ROOT / "snippets").rglob("*.py")}
