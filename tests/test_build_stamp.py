"""``verikb build`` skips mkdocs only when no input changed and the site is as the last build left it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from verikb.build_stamp import inputs_digest, record_build, site_dir_of, site_is_current

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
CONFIG = """\
site_name: stamp test
site_url: !ENV [STAMP_TEST_URL, "http://127.0.0.1:8000/"]
site_dir: public
theme:
  name: material
  font: false
extra_css: [assets/verikb/verikb.css]
extra_javascript: [assets/verikb/verikb.js]
extra:
  verikb:
    runtime: false
plugins:
  - search
nav:
  - Home: index.md
  - Verification report: report.md
  - Playground: playground.md
  - Contributing: contributing.md
  - How verification works: verification.md
not_in_nav: |
  /topics/*
  /notebooks/*
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small verikb project: one source, the project's hand-written docs, no snippets."""
    (tmp_path / "sources").mkdir()
    shutil.copy(ROOT / "sources" / "003_922fc2f599061697.txt", tmp_path / "sources")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def _digest(project: Path) -> str:
    return inputs_digest(project, config_file=project / "mkdocs.yml", site_dir=project / "public")


def test_the_config_names_the_site_folder(project: Path) -> None:
    assert site_dir_of(project / "mkdocs.yml") == project / "public"
    (project / "other.yml").write_text("site_name: x\n", encoding="utf-8")
    assert site_dir_of(project / "other.yml") == project / "site"


def test_digest_follows_content_and_config_environment_not_outputs(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _digest(project)
    os.utime(project / "docs" / "contributing.md", ns=(10**9, 10**9))
    for ignored in ("public/index.html", ".verikb-cache/x", "node_modules/x/y.js", ".git/HEAD", "venv/pyvenv.cfg"):
        (project / ignored).parent.mkdir(parents=True, exist_ok=True)
        (project / ignored).write_text("anything", encoding="utf-8")
    assert _digest(project) == before, "touching an input or writing outputs, caches, installs changed it"
    monkeypatch.setenv("STAMP_TEST_URL", "https://example.test/")
    changed_env = _digest(project)
    assert changed_env != before
    (project / "docs" / "contributing.md").write_text("# Edited\n", encoding="utf-8")
    assert _digest(project) not in (before, changed_env)


def test_dangling_links_are_inputs_not_errors(project: Path) -> None:
    (project / "docs" / "gone.md").symlink_to(project / "nowhere.md")
    before = _digest(project)
    (project / "nowhere.md").write_text("# Here now\n", encoding="utf-8")
    assert _digest(project) != before
    site = project / "public"
    site.mkdir()
    (site / "link").symlink_to(project / "missing")
    record_build(project, digest=before, site_dir=site)
    assert site_is_current(project, digest=before, site_dir=site)


def test_large_files_count_by_size_and_time(project: Path) -> None:
    big = project / "data.bin"
    big.write_bytes(b"a" * (2 << 20))
    os.utime(big, ns=(10**9, 10**9))
    before = _digest(project)
    big.write_bytes(b"b" * (2 << 20))
    os.utime(big, ns=(10**9, 10**9))
    assert _digest(project) == before, "a file over 1 MiB was read for its content"
    os.utime(big, ns=(2 * 10**9, 2 * 10**9))
    assert _digest(project) != before


def test_a_site_changed_after_its_build_is_not_current(project: Path) -> None:
    site = project / "public"
    site.mkdir()
    (site / "index.html").write_text("<p>built</p>", encoding="utf-8")
    digest = _digest(project)
    assert not site_is_current(project, digest=digest, site_dir=site)
    record_build(project, digest=digest, site_dir=site)
    assert site_is_current(project, digest=digest, site_dir=site)
    assert not site_is_current(project, digest="other inputs", site_dir=site)
    (site / "stray.html").write_text("", encoding="utf-8")
    assert not site_is_current(project, digest=digest, site_dir=site)


def _build(project: Path, *flags: str) -> str:
    # A project's npm tools (terser, Workbox) come from its node_modules, as scripts/setup installs them.
    if not (project / "node_modules").exists():
        (project / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    done = subprocess.run(
        [sys.executable, "-m", "verikb", "build", *flags],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _site_state(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def test_verikb_build_twice_builds_once(project: Path) -> None:
    assert "Documentation built" in _build(project)
    site = project / "public"
    built = _site_state(site)
    assert "index.html" in built and "search/search_index.json" in built and "sitemap.xml" in built

    second = _build(project)
    assert "is up to date" in second and "Documentation built" not in second
    assert _site_state(site) == built, "a skipped build touched the site"

    (project / "docs" / "contributing.md").write_text("# Contributing, edited\n", encoding="utf-8")
    assert "Documentation built" in _build(project)
    assert "Contributing, edited" in (site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "is up to date" in _build(project)

    (site / "index.html").unlink()
    assert "Documentation built" in _build(project)
    assert (site / "index.html").is_file()
    assert "Documentation built" in _build(project, "--force")
