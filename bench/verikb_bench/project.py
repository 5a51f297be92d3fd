"""The temp verikb project a section measures: synthetic decks, the rendered docs, configs and built sites.

Each N-deck project is imported and rendered once per run and shared. Beside the project's own
``mkdocs.yml`` (the repository's, as users have it) it holds the baselines' configs: ``plain.yml``
builds the same generated Markdown with mkdocs-material alone (no verikb plugin, scripts, styles or
runtime files), ``auto-nav.yml`` the same without a nav, and ``zensical.yml`` the project's config as
one whole file for Zensical (which has no ``--site-dir`` and takes no site folder outside the project).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .environment import PYTHON, ROOT, run
from .report import Bench
from .synthetic_texts import synthetic_texts

ZENSICAL_SITE = ".zensical-site"
"""Zensical's site folder: inside the project (it refuses one outside), hidden so no build hashes it."""


@dataclass
class Project:
    """A temp verikb project with N synthetic decks, rendered into docs/, and its baseline configs."""

    root: Path
    n: int
    decks: list[str]
    built: set[str] = field(default_factory=set)

    def config(self, variant: str) -> Path:
        """The config of ``variant``: ``verikb`` is the project's own mkdocs.yml."""
        return self.root / ("mkdocs.yml" if variant == "verikb" else f"{variant}.yml")

    def site(self, variant: str) -> Path:
        """Where ``variant`` is built: beside the project, not in it, so that no site a baseline
        rewrites counts as an input of a ``verikb build`` (which hashes the project)."""
        if variant == "zensical":
            return self.root / ZENSICAL_SITE
        return self.root.parent / f"{self.root.name}-site-{variant}"


def project(bench: Bench, n: int) -> Project:
    """The project for ``n`` decks, made once per run: import, empty verdicts, render, configs."""
    if n in bench.projects:
        return bench.projects[n]
    root = bench.tmp / f"project-{n}"
    (root / "sources").mkdir(parents=True)
    for k, (text, _) in enumerate(synthetic_texts(n, seed=7)):
        (root / "sources" / f"syn{k:05d}.txt").write_text(text, encoding="utf-8")
    done = run([PYTHON, "-m", "verikb", "import", "sources", "--out", "quizzes"], cwd=root)
    if "warning:" in done.stderr:
        raise RuntimeError(f"import warned about synthetic texts:\n{done.stderr[:2000]}")
    write_empty_verification(root)
    copy_project_files(root)
    run([PYTHON, "-m", "verikb", "render"], cwd=root)
    write_plain_docs(root)
    write_configs(root)
    decks = sorted(p.stem for p in (root / "quizzes").glob("*.yml"))
    bench.projects[n] = proj = Project(root=root, n=n, decks=decks)
    return proj


def clone(bench: Bench, n: int, name: str) -> Project:
    """A private copy of the N-deck project, for a section that changes snippets, decks or verdicts."""
    base = project(bench, n)
    root = bench.tmp / f"{name}-{n}"
    if not root.exists():
        # The configs' one absolute path is the baseline's docs beside the original, which the copy shares
        # (nothing writes to them); node_modules stays a link.
        shutil.copytree(base.root, root, symlinks=True, ignore=shutil.ignore_patterns(ZENSICAL_SITE, ".cache"))
    return Project(root=root, n=n, decks=list(base.decks))


def write_empty_verification(root: Path) -> None:
    """A valid verification.json with no verdicts (what ``verify`` writes with no snippets)."""
    from verikb.verify.schema import Verification, write_verification

    write_verification(root / "verification.json", Verification())


def copy_project_files(root: Path) -> None:
    """What a verikb project has besides its decks: the config, the hand-written docs (not the
    generated part: render writes that), the playground package and the npm installs (a link)."""
    from verikb.render.site_files import GENERATED_FILES, GENERATED_FOLDERS

    generated = {ROOT / "docs" / name for name in (*GENERATED_FILES, *GENERATED_FOLDERS)}
    shutil.copytree(ROOT / "docs", root / "docs", ignore=leaving_out(generated))
    shutil.copytree(ROOT / "playground", root / "playground", ignore=shutil.ignore_patterns("*.egg-info", "build"))
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)


def plain_docs(root: Path) -> Path:
    """The baseline's docs folder: beside the project, not in it (verikb's build fingerprints the project's files,
    and a user's project holds no second copy of its pages)."""
    return root.parent / f"{root.name}-plain-docs"


def write_plain_docs(root: Path) -> None:
    """The baseline's docs: the rendered docs folder without verikb's assets (scripts, styles, runtime)."""
    from verikb.render.site_files import ASSET_DIR

    docs = plain_docs(root)
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(root / "docs", docs, ignore=leaving_out({root / "docs" / ASSET_DIR}))


def leaving_out(paths: set[Path]) -> Callable[[str, list[str]], list[str]]:
    """A ``copytree`` ignore function that skips exactly these files and folders."""
    return lambda folder, names: [name for name in names if Path(folder) / name in paths]


def write_configs(root: Path) -> None:
    """plain.yml (material alone on ``plain_docs``), auto-nav.yml (the same, no nav) and zensical.yml."""
    from mkdocs.utils.yaml import yaml_load

    # mkdocs' own loader resolves its tags (``!ENV``), so each copy is plain YAML with the same values.
    base = yaml_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    verikb_keys = ("extra_css", "extra_javascript")
    others = [p for p in base.get("plugins", []) if not (p == "verikb" or (isinstance(p, dict) and "verikb" in p))]
    plain = {k: v for k, v in base.items() if k not in verikb_keys}
    plain |= {"plugins": others, "docs_dir": str(plain_docs(root))}
    write_yaml(root / "plain.yml", plain)
    write_yaml(root / "auto-nav.yml", {k: v for k, v in plain.items() if k not in ("nav", "not_in_nav")})
    # A whole config, not an INHERIT child: Zensical merges inherited lists differently from mkdocs.
    write_yaml(root / "zensical.yml", {**base, "site_dir": ZENSICAL_SITE})


def write_yaml(path: Path, cfg: dict[str, Any]) -> None:
    """Write a config as plain YAML, keys in their order."""
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")


def verikb_site(proj: Project, *, builder: str = "mkdocs", variant: str = "verikb") -> None:
    """``python -m verikb site --force``: render, build, check every page, add the CSP, swap the site in."""
    command = [PYTHON, "-m", "verikb", "site", "--force", "--builder", builder, "-d", str(proj.site(variant))]
    run(command, cwd=proj.root)
    proj.built.add(variant)


def mkdocs_build(proj: Project, variant: str, *, config: str | None = None) -> None:
    """``python -m mkdocs build --strict -q`` of a config (``variant``'s unless told) into ``variant``'s site."""
    config_file = proj.config(config or variant)
    run(
        [PYTHON, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config_file), "-d", str(proj.site(variant))],
        cwd=proj.root,
    )
    proj.built.add(variant)


def zensical_build(proj: Project, *, clean: bool) -> None:
    """``python -m zensical build --strict`` of zensical.yml; ``clean`` drops Zensical's cache first."""
    command = [PYTHON, "-m", "zensical", "build", "--strict", "-f", str(proj.config("zensical"))]
    run([*command, "--clean"] if clean else command, cwd=proj.root)
    proj.built.add("zensical")


def ensure_built(proj: Project, variant: str) -> Path:
    """A built site of ``variant`` (``verikb`` or ``plain``), built now if this run has not built it yet."""
    if variant not in proj.built:
        if variant == "verikb":
            verikb_site(proj)
        else:
            mkdocs_build(proj, variant)
    return proj.site(variant)
