"""Building the site: the same render read by both builders, a checked build, and a site that is only
ever replaced by a complete one (never half-built, never emptied)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from verikb.cli import main
from verikb.site.check import SiteCheckError, check_site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's decks, verdicts and docs (generated files left out), as the working folder."""
    root = tmp_path / "project"
    root.mkdir()
    ignore = shutil.ignore_patterns(
        "__pycache__", "*.egg-info", "topics", "notebooks", "assets", "index.md", "report.md"
    )
    for name in ("docs", "quizzes", "playground"):
        shutil.copytree(ROOT / name, root / name, ignore=ignore)
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    if (ROOT / "verification.json").is_file():
        shutil.copy2(ROOT / "verification.json", root / "verification.json")
    (root / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return root


def _snapshot(site: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(site)): (p.stat().st_size, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_a_failed_build_leaves_the_site_as_it_was(project: Path, builder: str) -> None:
    assert main(["site", "--builder", builder]) == 0
    site = project / "site"
    before = _snapshot(site)
    assert "index.html" in before and any(name.startswith("topics/") for name in before)
    # A nav entry to a page that does not exist: mkdocs --strict refuses it, Zensical does not notice;
    # verikb's own check catches it either way.
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - Home: index.md\n", "  - Home: index.md\n  - Gone: gone.md\n")
    )
    assert main(["site", "--builder", builder, "--force"]) == 2
    assert _snapshot(site) == before, "the old site is untouched"
    assert not [p for p in project.iterdir() if p.name.startswith(".verikb-site-")], "no temporary folder is left"


def test_a_deck_that_fails_validation_stops_before_the_site_is_touched(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["site"]) == 0
    before = _snapshot(project / "site")
    deck = project / "quizzes" / "003_922fc2f599061697.yml"
    text = deck.read_text(encoding="utf-8")
    deck.write_text(text.replace("  curated:\n    answer: 1\n", "  curated:\n    answer: 99\n", 1), encoding="utf-8")
    assert "answer: 99" in deck.read_text(encoding="utf-8")
    assert main(["site", "--force"]) == 2
    assert "answer: 99 is not an option" in capsys.readouterr().err
    assert _snapshot(project / "site") == before


def test_the_site_is_served_to_others_with_the_projects_own_wheel(project: Path) -> None:
    assert main(["site"]) == 0  # run as users do: from the project folder, config given relatively
    wheels = sorted(p.name for p in (project / "site" / "assets" / "verikb" / "wheels").iterdir())
    assert wheels == ["lrschedules-0.1.0-py3-none-any.whl"], "pip once took 'playground' for a registry package"
    assert oct((project / "site").stat().st_mode & 0o777) == oct(0o755 & ~_umask())
    assert "assets/verikb/verikb.js" in (project / "site" / "sw.js").read_text(encoding="utf-8"), "made before the swap"


def test_check_names_a_deck_without_a_page(project: Path, tmp_path: Path) -> None:
    assert main(["render"]) == 0
    built = tmp_path / "built"
    (built / "topics").mkdir(parents=True)
    for page in ("index.html", "topics/index.html"):
        (built / page).write_text("x")
    for page in ("report", "review", "playground", "contributing", "verification", "promises"):
        (built / page).mkdir()
        (built / page / "index.html").write_text("x")
    with pytest.raises(SiteCheckError, match=r"no page for topics/abc\.md"):
        check_site(project / "mkdocs.yml", built, deck_pages=["topics/abc.md"])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
