"""The command line, run in-process: JSON contract, YAML output, one-line errors, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from verikb import import_command, import_manifest, importers
from verikb.cli import main
from verikb.importers import import_file

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def test_import_json_prints_one_deck(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(ROOT / "sources" / "002_dd70d25f9b6b52f4.txt"), "--json"]) == 0
    deck = json.loads(capsys.readouterr().out)
    assert deck["title"] == "Learning rate for fine-tuning in TensorFlow"
    assert deck["questions"][0]["options"][0] == "To speed up training drastically"
    assert deck["questions"][0]["answer"] is None


@pytest.mark.parametrize("name", ["empty.txt", "binary.txt", "not_study.txt"], ids=str)
def test_unusable_input_exits_2_with_one_line(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(DATA / "bad" / name), "--json"]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert len(out.err.strip().splitlines()) == 1
    assert out.err.startswith(f"error: {DATA / 'bad' / name}")


def test_import_folder_writes_good_decks_and_skips_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "sources"
    src.mkdir()
    shutil.copy(ROOT / "sources" / "001_86db7ff235491f39.txt", src)
    shutil.copy(DATA / "bad" / "empty.txt", src)
    out = tmp_path / "quizzes"
    assert main(["import", str(src), "--out", str(out)]) == 2
    assert sorted(p.name for p in out.iterdir()) == ["001_86db7ff235491f39.yml"], "no file, not even a temp one"
    assert "empty.txt: the file is empty" in capsys.readouterr().err


def test_reimport_keeps_curated_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # decks record their source path as given: import it the way the build does
    out = tmp_path / "quizzes"
    shutil.copytree(ROOT / "quizzes", out)
    before = (out / "003_922fc2f599061697.yml").read_text(encoding="utf-8")
    assert main(["import", "sources/003_922fc2f599061697.txt", "--out", str(out)]) == 0
    assert (out / "003_922fc2f599061697.yml").read_text(encoding="utf-8") == before


def test_a_process_pool_imports_exactly_what_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Large folders are imported in parallel: same files, same messages in the same order."""
    monkeypatch.chdir(ROOT)
    results = {}
    for pool_from in (10**9, 1):  # never, always
        monkeypatch.setattr(import_command, "_POOL_MIN_FILES", pool_from)
        out = tmp_path / f"quizzes-{pool_from}"
        shutil.copytree(ROOT / "quizzes", out)
        (out / "001_86db7ff235491f39.yml").unlink()  # one deck written afresh, the others merged
        code = main(["import", "sources/", "--out", str(out)])
        files = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}
        results[pool_from] = (code, files, capsys.readouterr().err)
    assert results[1] == results[10**9]
    assert results[1][0] == 0
    assert not (tmp_path / ".verikb-cache").exists(), "no import manifest outside the current directory"
    assert "warning: sources/003_922fc2f599061697.txt:68:" in results[1][2]


def test_reimport_skips_what_did_not_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only sources whose text or deck file changed are parsed again; the messages stay the same."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "sources", "sources")
    shutil.copytree(ROOT / "quizzes", "quizzes")
    parsed: list[str] = []

    def counting_import(path: Path) -> object:
        parsed.append(path.name)
        return import_file(path)

    monkeypatch.setattr(importers, "import_file", counting_import)
    assert main(["import", "sources/", "--out", "quizzes/"]) == 0
    first_err = capsys.readouterr().err
    assert len(parsed) == 5
    parsed.clear()
    assert main(["import", "sources/", "--out", "quizzes/"]) == 0
    assert (parsed, capsys.readouterr().err) == ([], first_err)
    # An edited source and a reviewer's edit to another deck: exactly those two are imported again.
    edited = Path("sources/000_b54ee7164a852fdf.txt")
    edited.write_text(edited.read_text(encoding="utf-8") + "\nbeginner\nNew card?\nNew answer.\n", encoding="utf-8")
    deck = Path("quizzes/004_33f72aaf9d4d1e34.yml")
    deck.write_text(deck.read_text(encoding="utf-8").replace("title: null", "title: Reviewed", 1), encoding="utf-8")
    assert main(["import", "sources/", "--out", "quizzes/"]) == 0
    assert sorted(parsed) == ["000_b54ee7164a852fdf.txt", "004_33f72aaf9d4d1e34.txt"]
    assert "New card?" in Path("quizzes/000_b54ee7164a852fdf.yml").read_text(encoding="utf-8")
    # A changed importer re-imports everything.
    parsed.clear()
    monkeypatch.setattr(import_manifest, "_importer_fingerprint", lambda: "another importer")
    assert main(["import", "sources/", "--out", "quizzes/"]) == 0
    assert len(parsed) == 5


def test_missing_path_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "no/such/file.txt"]) == 2
    assert capsys.readouterr().err == "error: no/such/file.txt: no such file or folder\n"


def test_new_snippet_for_unknown_item(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-snippet", "003_922fc2f599061697/card-99", "--root", str(ROOT)]) == 2
    assert "has no item 'card-99'" in capsys.readouterr().err


def test_new_snippet_scaffolds_a_failing_stub(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "quizzes", tmp_path / "quizzes")
    assert main(["new-snippet", "004_33f72aaf9d4d1e34/card-4", "--root", str(tmp_path)]) == 0
    made = tmp_path / "snippets" / "torch" / "004_33f72aaf9d4d1e34_card_4.py"
    text = made.read_text(encoding="utf-8")
    assert "# checks: 004_33f72aaf9d4d1e34/card-4" in text
    assert "NotImplementedError" in text, "a scaffold must fail until someone writes the check"
    compile(text, str(made), "exec")
