"""The temp verikb project a section measures: synthetic decks, docs, mkdocs configs and built sites.

Each N-deck project is imported once per run and shared; its plain-Markdown twin and the
mkdocs config variants give the baselines the same text and navigation as the verikb build.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .environment import PYTHON, ROOT, run
from .report import Bench
from .synthetic_texts import synthetic_texts


@dataclass
class Project:
    """A temp verikb project with N synthetic decks, and its plain-Markdown twin for the baselines."""

    root: Path
    n: int
    decks: list[str]
    built: set[str] = field(default_factory=set)

    def config(self, variant: str) -> Path:
        """The mkdocs config of ``variant`` (one of VARIANTS)."""
        return self.root / f"{variant}.yml"

    def site(self, variant: str) -> Path:
        """Where ``variant`` is built: beside the project, not in it, so that no site a baseline
        rewrites counts as an input of another variant's ``verikb build`` (which hashes the project)."""
        return self.root.parent / f"{self.root.name}-site-{variant}"


VARIANTS = ("plain", "verikb-off", "verikb-on", "auto-nav")


def project(bench: Bench, n: int) -> Project:
    """The project for ``n`` decks, made once per run: import, empty verdicts, docs, configs."""
    if n in bench.projects:
        return bench.projects[n]
    root = bench.tmp / f"project-{n}"
    (root / "sources").mkdir(parents=True)
    texts = synthetic_texts(n, seed=7)
    for k, (text, _) in enumerate(texts):
        (root / "sources" / f"syn{k:05d}.txt").write_text(text, encoding="utf-8")
    done = run([PYTHON, "-m", "verikb", "import", "sources", "--out", "quizzes"], cwd=root)
    if "warning:" in done.stderr:
        raise RuntimeError(f"import warned about synthetic texts:\n{done.stderr[:2000]}")
    write_empty_verification(root)
    shutil.copytree(ROOT / "docs", root / "docs")
    decks = sorted(p.stem for p in (root / "quizzes").glob("*.yml"))
    write_plain_docs(root)
    write_configs(root)
    bench.projects[n] = proj = Project(root=root, n=n, decks=decks)
    return proj


def clone(bench: Bench, n: int, name: str) -> Project:
    """A private copy of the N-deck project, for a section that changes snippets, decks or verdicts."""
    base = project(bench, n)
    root = bench.tmp / f"{name}-{n}"
    if not root.exists():
        # The configs name no absolute project path (only the docs dir), so the copy builds on its own.
        shutil.copytree(base.root, root)
    return Project(root=root, n=n, decks=list(base.decks))


def write_empty_verification(root: Path) -> None:
    """A valid verification.json with no verdicts (what ``verify`` writes with no snippets)."""
    from verikb.verify.results import write_verification

    write_verification(root / "verification.json", [], [])


def read_decks_fast(folder: Path) -> list[Any]:
    """The decks, parsed with libyaml when it is there: the benchmark's own reading, not a measured step."""
    from verikb.deck_io import deck_from_dict

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [
        deck_from_dict(yaml.load(p.read_text(encoding="utf-8"), Loader=loader), path=p)
        for p in sorted(folder.glob("*.yml"))
    ]


def write_plain_docs(root: Path) -> None:
    """The baseline's docs: the Markdown verikb renders, written as ordinary .md files."""
    from verikb.render.deck_page import render_deck_page
    from verikb.render.site_pages import deck_path, render_home, render_report
    from verikb.render.verdicts import VerdictIndex
    from verikb.verify.results import read_verification

    docs = root / "plain_docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(root / "docs", docs)
    decks = read_decks_fast(root / "quizzes")
    verification = read_verification(root / "verification.json")
    index = VerdictIndex(verification.results)
    (docs / "topics").mkdir(exist_ok=True)
    for deck in decks:
        curves = [cv for cv in verification.curves if cv["item"].split("/")[0] == deck.id]
        (docs / deck_path(deck.id)).write_text(render_deck_page(deck, index, curves=curves), encoding="utf-8")
    (docs / "index.md").write_text(render_home(decks, verification), encoding="utf-8")
    (docs / "report.md").write_text(render_report(decks, verification), encoding="utf-8")


def write_configs(root: Path) -> None:
    """mkdocs.yml variants: verikb with runtime on/off, plain material, plain with auto navigation."""
    from mkdocs.utils.yaml import yaml_load

    from verikb.mkdocs_plugin import VerikbConfig
    from verikb.render.site_pages import deck_path

    # mkdocs' own loader resolves its tags (``!ENV``), so the copy is plain YAML with the same values.
    base = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    base["docs_dir"] = "docs"
    opts: dict[str, Any] = {}
    for plugin in base.get("plugins", []):
        if isinstance(plugin, dict) and "verikb" in plugin:
            opts = dict(plugin["verikb"] or {})
    others = [p for p in base.get("plugins", []) if not (p == "verikb" or (isinstance(p, dict) and "verikb" in p))]
    for runtime in (True, False):
        cfg = dict(
            base,
            plugins=[*others, {"verikb": {**opts, "runtime": runtime, "node_modules": str(ROOT / "node_modules")}}],
        )
        write_yaml(root / f"verikb-{'on' if runtime else 'off'}.yml", cfg)
    plain = dict(base, plugins=others, docs_dir="plain_docs")
    # Same navigation the plugin ends up with: topics listed up to nav_topics_max, else only not_in_nav.
    topics_max = int(opts.get("nav_topics_max", VerikbConfig.nav_topics_max.default))
    decks = read_decks_fast(root / "quizzes")
    if isinstance(plain.get("nav"), list) and len(decks) <= topics_max:
        plain["nav"] = [
            *plain["nav"][:1],
            {"Topics": [{d.display_title: deck_path(d.id)} for d in decks]},
            *plain["nav"][1:],
        ]
    write_yaml(root / "plain.yml", plain)
    auto = {k: v for k, v in plain.items() if k not in ("nav", "not_in_nav")}
    write_yaml(root / "auto-nav.yml", auto)


def write_yaml(path: Path, cfg: dict[str, Any]) -> None:
    """Write a config as plain YAML, keys in their order."""
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")


def build(proj: Project, variant: str) -> None:
    """``python -m mkdocs build -q`` of one variant into its own site dir."""
    run(
        [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(proj.config(variant)), "-d", str(proj.site(variant))],
        cwd=proj.root,
    )
    proj.built.add(variant)


def ensure_built(proj: Project, variant: str) -> Path:
    """A built site of ``variant`` (built now if this run has not built it yet)."""
    if variant not in proj.built:
        build(proj, variant)
    return proj.site(variant)
