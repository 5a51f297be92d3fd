"""Evidence for a slow verikb build: a cProfile of ``mkdocs build`` and, when PyYAML shows up, what libyaml would save.

Used by the build section and by the warm section's no-change rebuild.
"""

from __future__ import annotations

import functools

import yaml

from .environment import PYTHON, run
from .profiling import profile_command
from .project import Project, build
from .report import Bench, info_row
from .timing import interleaved


def profile_build(bench: Bench, proj: Project) -> None:
    """cProfile of one verikb build, for the report when it is slower than the plain build."""
    out = bench.tmp / f"build-{proj.n}.prof"
    args = ["-m", "mkdocs", "build", "-q", "-f", str(proj.config("verikb-off")), "-d", str(bench.tmp / "profiled-site")]
    boring = ("click/", "runpy", "builtins.exec", "mkdocs/__main__", "mkdocs/commands/build.py:249", "<module>")
    lines = profile_command(
        bench,
        args,
        cwd=proj.root,
        out=out,
        title=f"build: cProfile of `mkdocs build` (verikb, runtime off) with N={proj.n} decks (cumtime)",
        limit=22,
        keep=lambda line: not any(b in line for b in boring),
    )
    if any("yaml/scanner.py" in line or "yaml/composer.py" in line for line in lines):
        # PyYAML's pure-Python loader shows up: measure what libyaml would save.
        measure_yaml_loaders(bench, proj)
        whatif_libyaml_build(bench, proj)


def measure_yaml_loaders(bench: Bench, proj: Project) -> None:
    """How much of read_decks is PyYAML's pure-Python loader, against the libyaml one already installed."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((proj.root / "quizzes").glob("*.yml"))]
    if not getattr(yaml, "__with_libyaml__", False):
        return
    stats = interleaved(
        {
            "SafeLoader": lambda: [yaml.load(t, Loader=yaml.SafeLoader) for t in texts],
            "CSafeLoader": lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts],
        },
        bench.repeats,
    )
    same = [yaml.safe_load(t) for t in texts[:50]] == [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts[:50]]
    bench.evidence.append(
        f"build: loading the {len(texts)} deck YAML files: yaml.SafeLoader {stats['SafeLoader'].show()}, "
        f"yaml.CSafeLoader {stats['CSafeLoader'].show()} (min / median; "
        f"{stats['SafeLoader'].median / stats['CSafeLoader'].median:.1f}× faster; identical data: {same})"
    )


LIBYAML_MKDOCS = """\
import runpy, sys, yaml
# What-if only: the same build with PyYAML's libyaml loader behind yaml.safe_load.
yaml.safe_load = lambda stream: yaml.load(stream, Loader=yaml.CSafeLoader)
sys.argv = ["mkdocs", *sys.argv[1:]]
runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
"""


def whatif_libyaml_build(bench: Bench, proj: Project) -> None:
    """The verikb build again with libyaml behind yaml.safe_load (a monkeypatch, no repo file touched)."""
    if not getattr(yaml, "__with_libyaml__", False):
        return
    launcher = bench.tmp / "libyaml_mkdocs.py"
    launcher.write_text(LIBYAML_MKDOCS, encoding="utf-8")
    site = bench.tmp / "libyaml-site"
    cmd = [PYTHON, str(launcher), "build", "-q", "-f", str(proj.config("verikb-off")), "-d", str(site)]
    stats = interleaved(
        {
            "plain": functools.partial(build, proj, "plain"),
            "verikb-off": functools.partial(build, proj, "verikb-off"),
            "libyaml": functools.partial(run, cmd, cwd=proj.root),
        },
        bench.repeats,
    )
    for name, label in (("verikb-off", "as is"), ("libyaml", "with yaml.CSafeLoader (what-if)")):
        info_row(
            bench, "build", f"evidence: verikb {label} / plain", n=proj.n, subject=stats[name], baseline=stats["plain"]
        )
