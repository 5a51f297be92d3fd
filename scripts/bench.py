"""verikb benchmarks: every figure is a ratio against a baseline measured in the same run.

Run through ``scripts/bench`` (``--quick`` for a smoke run, ``--only NAME`` for one section,
``--repeats N``). Synthetic inputs are generated into a temp dir, never into the repository;
the table is printed and written, with a description of the machine, to ``bench/results.md``.

Each measurement is repeated and reported as min and median; subject and baseline runs are
interleaved (baseline, subject, baseline, subject, …) so a noisy machine skews both alike.
A figure's PASS/MISS is decided on the ratio of medians.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import mimetypes
import os
import platform
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SECTIONS = ("import", "build", "warm", "verify", "page", "first-run")
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
PYODIDE_DIR = "assets/verikb/vendor/pyodide"


# --- measurement and reporting ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stats:
    """Seconds (or bytes) of several runs of one measurement."""

    runs: tuple[float, ...]

    @property
    def min(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def scaled(self, factor: float) -> Stats:
        """The same runs times ``factor`` (e.g. per-item time)."""
        return Stats(tuple(r * factor for r in self.runs))

    def show(self, unit: str = "s") -> str:
        return f"{_fmt(self.min, unit)} / {_fmt(self.median, unit)}"


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "B":
        return f"{value / 1024:.1f} KiB"
    if unit == "/s":
        return f"{value:,.0f}/s"
    return f"{value:.3g}{unit}"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the results table."""

    section: str
    figure: str
    n: str
    subject: str
    baseline: str
    ratio: str
    goal: str
    status: str


@dataclass
class Bench:
    """What a run shares between sections: settings, temp dir, built projects, the results."""

    tmp: Path
    repeats: int
    quick: bool
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    projects: dict[int, Project] = field(default_factory=dict)

    def say(self, text: str) -> None:
        """Progress and growth lines go to the terminal as they happen."""
        print(text, flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)
        self.say(f"  note: {text}")

    def add(self, row: Row) -> None:
        self.rows.append(row)
        self.say(
            f"  {row.figure} [N={row.n}]: {row.subject} vs {row.baseline} -> {row.ratio} (goal {row.goal}) {row.status}"
        )


def ratio_row(
    bench: Bench, section: str, figure: str, *, n: object, subject: Stats, baseline: Stats, goal: float, unit: str = "s"
) -> tuple[float, float]:
    """Add a row comparing ``subject`` with ``baseline``; return (min ratio, median ratio)."""
    lo, mid = subject.min / baseline.min, subject.median / baseline.median
    status = "PASS" if mid <= goal else "MISS"
    bench.add(
        Row(
            section,
            figure,
            str(n),
            subject.show(unit),
            baseline.show(unit),
            f"{lo:.2f}× / {mid:.2f}×",
            f"≤ {goal}×",
            status,
        )
    )
    return lo, mid


def timed(action: Callable[[], object]) -> float:
    """Wall seconds of one call."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def interleaved(actions: dict[str, Callable[[], object]], repeats: int) -> dict[str, Stats]:
    """Run every action once per round, in turn, so machine noise hits all of them alike."""
    runs: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeats):
        for name, action in actions.items():
            runs[name].append(timed(action))
    return {name: Stats(tuple(values)) for name, values in runs.items()}


def run(cmd: list[str], *, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a command; a failure raises with the tail of what it printed."""
    done = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        tail = (done.stderr or done.stdout)[-3000:]
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode} in {cwd}:\n{tail}")
    return done


def profile_lines(stats_file: Path, *, sort: str, limit: int, keep: Callable[[str], bool]) -> list[str]:
    """The top lines of a cProfile dump, as pstats prints them, keeping those ``keep`` accepts."""
    out = io.StringIO()
    pstats.Stats(str(stats_file), stream=out).sort_stats(sort).print_stats(limit * 4)
    lines = out.getvalue().splitlines()
    head = [i for i, line in enumerate(lines) if line.strip().startswith("ncalls")]
    if not head:
        return lines[:limit]
    body = [line for line in lines[head[0] + 1 :] if line.strip() and keep(line)]
    return [lines[head[0]], *(line.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "") for line in body[:limit])]


# --- synthetic inputs ------------------------------------------------------------------------

TOPICS = (
    ("StepLR", "cuts the rate by a fixed factor every few epochs"),
    ("ExponentialLR", "multiplies the rate by gamma after every epoch"),
    ("CosineAnnealingLR", "lowers the rate along a cosine curve"),
    ("ReduceLROnPlateau", "lowers the rate when the monitored loss stops improving"),
    ("OneCycleLR", "raises the rate and then lowers it within one cycle"),
    ("linear warmup", "grows the rate from a small value over the first steps"),
    ("ExponentialDecay", "decays the rate smoothly with every optimizer step"),
    ("PiecewiseConstantDecay", "switches the rate at fixed step boundaries"),
    ("fine-tuning rates", "keeps pretrained layers on a smaller rate than new layers"),
    ("param groups", "gives each group of parameters its own rate"),
    ("Adam step size", "scales each update by running moment estimates"),
    ("cyclical rates", "moves the rate between two bounds in cycles"),
)
WORDS = ("careful", "steady", "gentle", "quick", "stable", "noisy", "smooth", "late", "early", "small", "large")
OPTION_STYLES = ("A.", "A", "none")  # "A. text", "Atext" (no separator), no options at all


@dataclass(frozen=True, slots=True)
class Shape:
    """How many items of each kind a synthetic text holds, to check the importer found them all."""

    cards: int
    questions: int
    prompts: int
    practice: int


def synthetic_text(k: int, rng: random.Random) -> tuple[str, Shape]:
    """A study text in the layout of sources/*.txt; topic, counts and option style vary with ``k``."""
    framework = rng.choice(("PyTorch", "TensorFlow"))
    topic, does = TOPICS[k % len(TOPICS)]
    shape = Shape(rng.randint(1, 8), rng.randint(0, 6), rng.randint(0, 3), rng.randint(0, 5))
    style = OPTION_STYLES[k % len(OPTION_STYLES)]

    def word() -> str:
        return rng.choice(WORDS)

    if rng.random() < 0.5:
        lines = ["0", "0", f"{framework}ml~{rng.randint(3, 12)} mins", ""]
        lines += [f"{topic} in {framework}, part {k} - Cheat Sheet & Quick Revision", ""]
        lines += ["Choose your learning style9 modes available"]
    else:
        lines = ["Jump into concepts and practice - no test required", "or", "Recommended"]
        lines += ["Test this pattern10 questions across easy, medium, and hard to know if this pattern is strong"]
    lines.append("Recall & Review")
    for i in range(1, shape.cards + 1):
        lines += [
            rng.choice(("beginner", "intermediate", "advanced")),
            f"What does {topic} do in {framework} when training is {word()} (note {k}.{i})?",
            f"In {framework}, {topic} {does}, which keeps training {word()} and {word()}.",
            "Click to reveal answer",
        ]
    for i in range(1, shape.questions + 1):
        lines.append(f"Which statement about {topic} in {framework} holds for a {word()} run (question {k}.{i})?")
        if style != "none":
            sep = ". " if style == "A." else ""
            verbs = ("Raises", "Lowers", "Keeps", "Ignores")
            lines += [f"{letter}{sep}{verb} the {word()} rate" for letter, verb in zip("ABCD", verbs, strict=True)]
        lines += ["✗ Incorrect", f"Explanation: {topic} {does}, so a {word()} run needs it."]
    for i in range(1, shape.prompts + 1):
        lines += [
            f"Explain how {topic} keeps a {word()} {framework} run on track (prompt {k}.{i}).",
            f"Think about what {topic} does after every {word()} epoch.",
            f"You got /{rng.randint(2, 5)} concepts.",
        ]
    if shape.practice:
        lines += ["Practice", f"(1/{shape.practice})"]
    for i in range(1, shape.practice + 1):
        lines += _practice_lines(k, i, (topic, does), framework, rng)
    return "\n".join(lines) + "\n", shape


def _practice_lines(k: int, i: int, subject: tuple[str, str], framework: str, rng: random.Random) -> list[str]:
    """One complete practice problem: options, steps, final answer, quick check, hint, mistakes."""
    topic, does = subject
    sep = rng.choice((". ", ""))
    options = [f"{verb} the {rng.choice(WORDS)} rate" for verb in ("Halves", "Doubles", "Keeps", "Zeroes")]
    return [
        f"{i}. What does {topic} in {framework} do to a {rng.choice(WORDS)} rate in case {k}.{i}?",
        rng.choice(("easy", "medium", "hard")),
        *(f"{letter}{sep}{text}" for letter, text in zip("ABCD", options, strict=True)),
        "Solution",
        f"Step 1: Recall what {topic} does",
        f"It {does}.",
        "Step 2: Compare the options",
        "Only one option describes that effect.",
        "Final Answer:",
        f"{options[2]} -> Option C",
        "Quick Check:",
        f"{topic} keeps the run {rng.choice(WORDS)} [OK]",
        f"Hint: Picture {topic} as a dial [OK]",
        "Common Mistakes:",
        f"Confusing {topic} with the batch size",
        "Forgetting to step the scheduler",
    ]


def synthetic_texts(count: int, *, seed: int = 1) -> list[tuple[str, Shape]]:
    """``count`` texts, the same for the same seed (so every N is a prefix of a bigger N)."""
    rng = random.Random(seed)
    return [synthetic_text(k, rng) for k in range(count)]


def check_imports_cleanly(texts: list[tuple[str, Shape]]) -> None:
    """The real importer must read every synthetic text with no warning and find every item."""
    from verikb.importers.study_text import parse_study_text

    for k, (text, shape) in enumerate(texts):
        deck = parse_study_text(text, path=f"syn{k}.txt", deck_id=f"syn{k}").deck
        found = Shape(len(deck.cards), len(deck.questions), len(deck.prompts), len(deck.practice))
        if deck.warnings or found != shape:
            raise RuntimeError(f"synthetic text {k}: expected {shape}, got {found}, warnings {deck.warnings[:2]}")


TORCH_SNIPPET = """\
# checks: {deck}/card-1
import torch

from verikb.verify.claims import claim

with claim("{deck}/card-1", "StepLR(step_size=2, gamma=0.5) quarters lr={lr} in 5 steps", expect="verified") as c:
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr={lr})
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    for _ in range(5):
        optimizer.step()
        scheduler.step()
    got = optimizer.param_groups[0]["lr"]
    print("lr after 5 steps:", got)
    c.holds(abs(got - {lr} * 0.25) < 1e-12, otherwise=f"the rate is {{got}}")
"""

TF_SNIPPET = """\
# checks: {deck}/card-1
import tensorflow as tf

from verikb.verify.claims import claim

with claim("{deck}/card-1", "ExponentialDecay(decay_rate=0.5) quarters lr={lr} in 2 steps", expect="verified") as c:
    schedule = tf.keras.optimizers.schedules.ExponentialDecay({lr}, decay_steps=1, decay_rate=0.5)
    optimizer = tf.keras.optimizers.SGD(learning_rate=schedule)
    weight = tf.Variable(1.0)
    for _ in range(5):
        optimizer.apply_gradients([(tf.constant(1.0), weight)])
    got = float(schedule(2))
    print("lr at step 2:", got, "steps taken:", int(optimizer.iterations))
    c.holds(abs(got / ({lr} * 0.25) - 1) < 1e-6 and int(optimizer.iterations) == 5, otherwise=f"the rate is {{got}}")
"""

TRIVIAL_SNIPPET = """\
# checks: {deck}/card-1
from verikb.verify.claims import claim

with claim("{deck}/card-1", "{a} plus one is {b}", expect="verified") as c:
    c.holds({a} + 1 == {b}, otherwise="arithmetic changed")
"""


def write_snippets(folder: Path, framework: str, count: int, decks: list[str]) -> list[Path]:
    """``count`` snippets that each build an optimizer and scheduler, step 5 times, make one claim."""
    folder.mkdir(parents=True, exist_ok=True)
    template = TORCH_SNIPPET if framework == "torch" else TF_SNIPPET
    paths = []
    for i in range(count):
        path = folder / f"s{i:05d}.py"
        path.write_text(template.format(deck=decks[i % len(decks)], lr=round(0.001 * (i + 1), 6)), encoding="utf-8")
        paths.append(path)
    return paths


# --- projects: synthetic decks, docs, mkdocs configs and built sites -------------------------


@dataclass
class Project:
    """A temp verikb project with N synthetic decks, and its plain-Markdown twin for the baselines."""

    root: Path
    n: int
    decks: list[str]
    built: set[str] = field(default_factory=set)

    def config(self, variant: str) -> Path:
        return self.root / f"{variant}.yml"

    def site(self, variant: str) -> Path:
        return self.root / f"site-{variant}"


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
    write_configs(root, n)
    bench.projects[n] = proj = Project(root=root, n=n, decks=decks)
    return proj


def clone(bench: Bench, n: int, name: str) -> Project:
    """A private copy of the N-deck project, for a section that changes snippets, decks or verdicts."""
    base = project(bench, n)
    root = bench.tmp / f"{name}-{n}"
    if not root.exists():
        # The configs name no absolute project path (only the docs dir), so the copy builds on its own.
        shutil.copytree(base.root, root, ignore=shutil.ignore_patterns("site-*"))
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


def write_configs(root: Path, n: int) -> None:
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
        _dump(root / f"verikb-{'on' if runtime else 'off'}.yml", cfg)
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
    _dump(root / "plain.yml", plain)
    auto = {k: v for k, v in plain.items() if k not in ("nav", "not_in_nav")}
    _dump(root / "auto-nav.yml", auto)


def _dump(path: Path, cfg: dict[str, Any]) -> None:
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


# --- 1. import ---------------------------------------------------------------------------------


def section_import(bench: Bench) -> None:
    """Texts per second of parse_study_text, and whether per-text time stays flat with N."""
    from verikb.importers.lines import normalise, split_lines
    from verikb.importers.study_text import parse_study_text

    small, large = (100, 1000) if bench.quick else (1000, 10000)
    texts = synthetic_texts(large, seed=3)
    folder = bench.tmp / "import-sources"
    folder.mkdir()
    for k, (text, _) in enumerate(texts):
        (folder / f"syn{k:05d}.txt").write_text(text, encoding="utf-8")
    check_imports_cleanly(texts[:small])
    loaded = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]

    def parse(count: int) -> None:
        for k, text in enumerate(loaded[:count]):
            parse_study_text(text, path=f"syn{k}.txt", deck_id=f"syn{k}")

    def floor(count: int) -> None:
        """The least any line-based parser does: split and normalise every line."""
        for text in loaded[:count]:
            [normalise(line) for line in split_lines(text)]

    stats = interleaved(
        {
            "floor-small": lambda: floor(small),
            "small": lambda: parse(small),
            "floor-large": lambda: floor(large),
            "large": lambda: parse(large),
        },
        bench.repeats,
    )
    per_small, per_large = stats["small"].scaled(1 / small), stats["large"].scaled(1 / large)
    for n, per in ((small, per_small), (large, per_large)):
        rate = 1 / per.median
        bench.add(
            Row(
                "import",
                "parse_study_text texts/s",
                str(n),
                f"{_fmt(1 / per.min, '/s')} / {_fmt(rate, '/s')}",
                "goal 2,000/s",
                f"{rate / 2000:.2f}× goal",
                "≥ 2,000/s",
                "PASS" if rate >= 2000 else "MISS",
            )
        )
    ratio_row(
        bench,
        "import",
        "per-text time, N large / N small (linear)",
        n=f"{large} vs {small}",
        subject=per_large,
        baseline=per_small,
        goal=1.2,
    )
    floor_per = stats["floor-large"].scaled(1 / large)
    lo, mid = per_large.min / floor_per.min, per_large.median / floor_per.median
    bench.add(
        Row(
            "import",
            "parse / split+normalise floor",
            str(large),
            per_large.show(),
            floor_per.show(),
            f"{lo:.1f}× / {mid:.1f}×",
            "info",
            "info",
        )
    )
    avg = statistics.mean(len(t) for t in loaded)
    bench.say(
        f"  growth: {small} texts {stats['small'].show()}, {large} texts {stats['large'].show()} "
        f"(avg {avg:,.0f} chars, {statistics.mean(t.count(chr(10)) for t in loaded):.0f} lines per text)"
    )
    import_command_rate(bench, folder, small)
    if 1 / per_large.median < 2000:
        profile_import(bench, loaded[: min(1000, small)])


def import_command_rate(bench: Bench, folder: Path, count: int) -> None:
    """What a user waits for: ``verikb import DIR --out quizzes`` (read, parse, write YAML atomically)."""
    subset = bench.tmp / "import-command" / "sources"
    subset.mkdir(parents=True)
    for path in sorted(folder.glob("*.txt"))[:count]:
        shutil.copy(path, subset / path.name)
    out = subset.parent / "quizzes"

    def command() -> None:
        shutil.rmtree(out, ignore_errors=True)
        run([PYTHON, "-m", "verikb", "import", str(subset), "--out", str(out)], cwd=subset.parent)

    stats = interleaved({"command": command}, bench.repeats)["command"]
    rate_min, rate_median = count / stats.min, count / stats.median
    bench.add(
        Row(
            "import",
            "`verikb import DIR --out` end to end (process start, read, parse, write YAML), texts/s",
            str(count),
            f"{_fmt(rate_min, '/s')} / {_fmt(rate_median, '/s')}",
            stats.show(),
            "—",
            "info",
            "info",
        )
    )


def profile_import(bench: Bench, texts: list[str]) -> None:
    """Where parse time goes, for the report when the throughput goal is missed."""
    from verikb.importers.study_text import parse_study_text

    out = bench.tmp / "import.prof"
    profiler = cProfile.Profile()
    profiler.enable()
    for k, text in enumerate(texts):
        parse_study_text(text, path=f"syn{k}.txt", deck_id=f"syn{k}")
    profiler.disable()
    profiler.dump_stats(out)
    lines = profile_lines(out, sort="tottime", limit=14, keep=lambda line: "profile" not in line)
    bench.evidence.append(
        f"import: cProfile of parse_study_text over {len(texts)} synthetic texts (tottime)\n" + "\n".join(lines)
    )


# --- 2. build ----------------------------------------------------------------------------------


def section_build(bench: Bench) -> None:
    """verikb's mkdocs build vs plain mkdocs-material builds of the same Markdown."""
    sizes = (10, 100) if bench.quick else (10, 100, 1000)
    per_deck: dict[int, Stats] = {}
    stats_by_n: dict[int, dict[str, Stats]] = {}
    for n in sizes:
        proj = project(bench, n)
        repeats = bench.repeats
        actions: dict[str, Callable[[], object]] = {
            v: functools.partial(build, proj, v) for v in VARIANTS if v != "auto-nav"
        }
        stats = interleaved(actions, repeats)
        # Auto navigation renders every page into every page: O(N²), so it runs once at large N.
        auto_repeats = repeats if n < 1000 else 1
        if auto_repeats < bench.repeats:
            bench.note(f"build: the auto-navigation baseline at N={n} ran {auto_repeats}× (O(N²), over a minute a run)")
        stats["auto-nav"] = interleaved({"auto-nav": functools.partial(build, proj, "auto-nav")}, auto_repeats)[
            "auto-nav"
        ]
        stats_by_n[n] = stats
        ratio_row(
            bench,
            "build",
            "verikb (runtime off) / plain material",
            n=n,
            subject=stats["verikb-off"],
            baseline=stats["plain"],
            goal=1.15,
        )
        ratio_row(
            bench,
            "build",
            "verikb (runtime on) / plain material",
            n=n,
            subject=stats["verikb-on"],
            baseline=stats["plain"],
            goal=1.15,
        )
        lo, mid = stats["auto-nav"].min / stats["plain"].min, stats["auto-nav"].median / stats["plain"].median
        bench.add(
            Row(
                "build",
                "auto-nav material / plain material",
                str(n),
                stats["auto-nav"].show(),
                stats["plain"].show(),
                f"{lo:.2f}× / {mid:.2f}×",
                "info (cost avoided)",
                "info",
            )
        )
        per_deck[n] = stats["verikb-off"].scaled(1 / n)
    small, large = sizes[-2], sizes[-1]
    ratio_row(
        bench,
        "build",
        "verikb time per deck, N large / N small",
        n=f"{large} vs {small}",
        subject=per_deck[large],
        baseline=per_deck[small],
        goal=1.3,
    )
    lines = [f"N={n}: " + ", ".join(f"{v} {s.median:.2f} s" for v, s in stats_by_n[n].items()) for n in sizes]
    bench.say("  growth (median): " + "; ".join(lines))
    if len(sizes) >= 2:
        a, b = sizes[-2], sizes[-1]
        for variant in ("plain", "verikb-off", "auto-nav"):
            marginal = (stats_by_n[b][variant].median - stats_by_n[a][variant].median) / (b - a)
            bench.say(f"  marginal cost per deck {a}->{b}, {variant}: {marginal * 1000:.1f} ms")
    big = sizes[-1]
    off, plain = stats_by_n[big]["verikb-off"].median, stats_by_n[big]["plain"].median
    if off / plain > 1.15:
        profile_build(bench, project(bench, sizes[1]))
    if any(s["verikb-on"].median / s["plain"].median > 1.15 for s in stats_by_n.values()):
        profile_runtime(bench, stats_by_n)


def profile_runtime(bench: Bench, stats_by_n: dict[int, dict[str, Stats]]) -> None:
    """What ``runtime: true`` adds: on - off per N, and the parts of on_post_build measured in-process."""
    from verikb.mkdocs_plugin import VerikbPlugin
    from verikb.vendor import build_playground_wheel, copy_vendor_files

    copies: list[Path] = []

    def copy() -> None:
        target = Path(tempfile.mkdtemp(dir=bench.tmp, prefix="vendor-"))
        copies.extend(copy_vendor_files(target, node_modules=ROOT / "node_modules"))

    def wheel() -> None:
        build_playground_wheel(Path(tempfile.mkdtemp(dir=bench.tmp, prefix="wheel-")))

    stats = interleaved({"copy": copy, "wheel": wheel}, bench.repeats)
    size = sum(p.stat().st_size for p in copies[: len(copies) // bench.repeats])
    cached = hasattr(VerikbPlugin, "_cached_wheel")
    deltas = [
        f"N={n}: runtime on - off = {s['verikb-on'].min - s['verikb-off'].min:+.2f} s (min), "
        f"{s['verikb-on'].median - s['verikb-off'].median:+.2f} s (median)"
        for n, s in stats_by_n.items()
    ]
    bench.evidence.append(
        "build (runtime on): what on_post_build adds to a build\n"
        + "\n".join(deltas)
        + f"\nverikb.vendor.copy_vendor_files ({len(copies) // bench.repeats} files, {size / 2**20:.1f} MiB): "
        f"{stats['copy'].show()} (min / median)\n"
        f"verikb.vendor.build_playground_wheel (a `pip wheel` subprocess): {stats['wheel'].show()} (min / median), "
        + ("paid once per project: the plugin caches the wheel by its sources' hash" if cached else "paid every build")
    )


def profile_build(bench: Bench, proj: Project) -> None:
    """cProfile of one verikb build, for the report when it is slower than the plain build."""
    out = bench.tmp / f"build-{proj.n}.prof"
    cmd = [
        PYTHON,
        "-m",
        "cProfile",
        "-o",
        str(out),
        "-m",
        "mkdocs",
        "build",
        "-q",
        "-f",
        str(proj.config("verikb-off")),
        "-d",
        str(bench.tmp / "profiled-site"),
    ]
    run(cmd, cwd=proj.root)
    boring = ("click/", "runpy", "builtins.exec", "mkdocs/__main__", "mkdocs/commands/build.py:249", "<module>")
    lines = profile_lines(out, sort="cumtime", limit=22, keep=lambda line: not any(b in line for b in boring))
    bench.evidence.append(
        f"build: cProfile of `mkdocs build` (verikb, runtime off) with N={proj.n} decks (cumtime)\n" + "\n".join(lines)
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
        lo, mid = stats[name].min / stats["plain"].min, stats[name].median / stats["plain"].median
        bench.add(
            Row(
                "build",
                f"evidence: verikb {label} / plain",
                str(proj.n),
                stats[name].show(),
                stats["plain"].show(),
                f"{lo:.2f}× / {mid:.2f}×",
                "info",
                "info",
            )
        )


# --- 3. warm -------------------------------------------------------------------------------------


EXECUTED_RE = re.compile(r"(\d+) snippets: (\d+) executed, (\d+) from cache")


def verify_cli(root: Path) -> tuple[int, int]:
    """``python -m verikb verify`` in ``root``; (snippets, executed) from its summary line."""
    done = run([PYTHON, "-m", "verikb", "verify"], cwd=root, check=False)
    text = " ".join((done.stderr + done.stdout).split())
    m = EXECUTED_RE.search(text)
    if done.returncode != 0 or m is None:
        raise RuntimeError(f"verify exited {done.returncode}: {text[-1500:]}")
    return int(m.group(1)), int(m.group(2))


def executed_paths(root: Path) -> list[str]:
    """Snippets verification.json records as executed (not taken from the cache)."""
    data = json.loads((root / "verification.json").read_text(encoding="utf-8"))
    return sorted(s["path"] for s in data["snippets"] if not s["cached"])


SITE_URL = "https://verikb.example/"


def missing_from_index(site: Path, pages: list[str]) -> tuple[list[str], int]:
    """Pages without an entry in search/search_index.json, and how many entries it has."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    located = {doc["location"].split("#")[0] for doc in index["docs"]}
    return [p for p in pages if p not in located], len(index["docs"])


def missing_from_sitemap(site: Path, pages: list[str], site_url: str) -> tuple[list[str], int]:
    """Pages sitemap.xml does not list, and how many URLs it lists (compared as paths under ``site_url``)."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    prefix = urlsplit(site_url).path or "/"
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    listed = {urlsplit(loc.strip()).path.removeprefix(prefix).lstrip("/") for loc in locs}
    return [p for p in pages if p not in listed], len(listed)


def site_url_of(config: Path) -> str:
    """The ``site_url`` a (plain YAML) config sets, or "" when it sets none."""
    return str(yaml.safe_load(config.read_text(encoding="utf-8")).get("site_url") or "")


def with_site_url(proj: Project, variant: str) -> Project:
    """The same project with ``site_url`` set (mkdocs leaves sitemap.xml empty without one)."""
    cfg = yaml.safe_load(proj.config(variant).read_text(encoding="utf-8"))
    _dump(proj.root / f"{variant}-site-url.yml", {**cfg, "site_url": SITE_URL})
    return proj


def page_urls(proj: Project) -> list[str]:
    """Directory URLs of every page the site must have: docs/, generated home/report, every deck."""
    names = [p.relative_to(proj.root / "docs").with_suffix("").as_posix() for p in (proj.root / "docs").rglob("*.md")]
    names += ["report", *(f"topics/{d}" for d in proj.decks)]
    return ["", *sorted(f"{name}/" for name in names if name != "index")]


def section_warm(bench: Bench) -> None:
    """Rebuild with nothing changed: no snippet runs, a complete site, time close to a plain build."""
    n = 10 if bench.quick else 100
    proj = clone(bench, n, "warm")
    for deck in proj.decks[:3]:
        for j in range(2):
            text = TRIVIAL_SNIPPET.format(deck=deck, a=j, b=j + 1)
            (proj.root / "snippets" / "torch").mkdir(parents=True, exist_ok=True)
            (proj.root / "snippets" / "torch" / f"warm_{deck}_{j}.py").write_text(text, encoding="utf-8")
    total, executed = verify_cli(proj.root)
    bench.say(f"  cold verify: {executed} of {total} snippets executed")
    build(proj, "verikb-off")
    runs: dict[str, list[float]] = {"verify": [], "rebuild": [], "plain": []}
    executed_warm = []
    for _ in range(bench.repeats):
        runs["plain"].append(timed(lambda: build(proj, "plain")))
        start = time.perf_counter()
        executed_warm.append(verify_cli(proj.root)[1])
        runs["verify"].append(time.perf_counter() - start)
        runs["rebuild"].append(timed(lambda: build(proj, "verikb-off")))
    stats = {k: Stats(tuple(v)) for k, v in runs.items()}
    both = Stats(tuple(a + b for a, b in zip(runs["verify"], runs["rebuild"], strict=True)))
    ok = all(e == 0 for e in executed_warm)
    bench.add(
        Row(
            "warm",
            "snippets executed by a no-change verify",
            str(n),
            str(executed_warm),
            f"{total} snippets",
            "—",
            "0",
            "PASS" if ok else "MISS",
        )
    )
    check_rebuild_output(bench, proj)
    ratio_row(
        bench,
        "warm",
        "no-change rebuild (mkdocs build) / plain",
        n=n,
        subject=stats["rebuild"],
        baseline=stats["plain"],
        goal=1.1,
    )
    ratio_row(bench, "warm", "no-change verify + rebuild / plain", n=n, subject=both, baseline=stats["plain"], goal=1.1)
    if stats["rebuild"].median / stats["plain"].median > 1.1 and not any(
        e.startswith("build: cProfile") for e in bench.evidence
    ):
        profile_build(bench, proj)
    if both.median / stats["plain"].median > 1.1:
        profile_noop_verify(bench, proj)
    warm_change_one(bench, proj, stats["verify"])


def profile_noop_verify(bench: Bench, proj: Project) -> None:
    """cProfile of a `verify` that runs nothing: what a no-change rebuild pays before mkdocs starts."""
    out = bench.tmp / "noop-verify.prof"
    run([PYTHON, "-m", "cProfile", "-o", str(out), "-m", "verikb", "verify"], cwd=proj.root)
    wanted = ("verikb/", "yaml/__init__", "pydantic", "rich/console.py")
    lines = profile_lines(out, sort="cumtime", limit=14, keep=lambda line: any(w in line for w in wanted))
    bench.evidence.append(
        f"warm: cProfile of a no-change `python -m verikb verify` with N={proj.n} decks, 0 snippets run (cumtime)\n"
        + "\n".join(lines)
    )


def check_rebuild_output(bench: Bench, proj: Project) -> None:
    """The no-change rebuild's search index and sitemap must name every page, every deck included."""
    pages = page_urls(proj)
    site = proj.site("verikb-off")
    missing, entries = missing_from_index(site, pages)
    status = "PASS" if not missing else f"MISS {missing[:3]}"
    bench.add(
        Row(
            "warm",
            "pages in search_index.json",
            str(proj.n),
            f"{len(pages) - len(missing)} of {len(pages)} ({entries} entries)",
            "—",
            "—",
            "every page",
            status,
        )
    )
    site_url = site_url_of(proj.config("verikb-off"))
    missing, listed = missing_from_sitemap(site, pages, site_url)
    plain_missing, _ = missing_from_sitemap(proj.site("plain"), pages, site_url)
    bench.add(
        Row(
            "warm",
            "pages in sitemap.xml",
            str(proj.n),
            f"{len(pages) - len(missing)} of {len(pages)} ({listed} URLs)",
            f"plain build: {len(pages) - len(plain_missing)}",
            "—",
            "every page",
            "PASS" if not missing else "MISS",
        )
    )
    if missing and not site_url:
        sitemap_without_site_url(bench, proj, pages, listed)


def sitemap_without_site_url(bench: Bench, proj: Project, pages: list[str], listed: int) -> None:
    """Show that an empty sitemap is mkdocs' doing without ``site_url``: rebuild once with one set."""
    with_site_url(proj, "verikb-off")
    out = proj.root / "site-url-check"
    config = proj.root / "verikb-off-site-url.yml"
    run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)], cwd=proj.root)
    fixed_missing, fixed_listed = missing_from_sitemap(out, pages, SITE_URL)
    bench.note(
        f"warm: sitemap.xml lists {listed} of {len(pages)} pages because mkdocs.yml has no `site_url` "
        "(mkdocs writes <loc> only from a page's canonical/absolute URL, which needs site_url). "
        f"With `site_url: {SITE_URL}` added, the same verikb build lists {len(pages) - len(fixed_missing)} "
        f"of {len(pages)} ({fixed_listed} URLs). Fix: set `site_url:` in mkdocs.yml to the published URL."
    )


def warm_change_one(bench: Bench, proj: Project, noop_verify: Stats) -> None:
    """Edit one snippet (only it must run) and touch another (content-keyed: nothing must run)."""
    folder = proj.root / "snippets" / "torch"
    edited, touched = sorted(folder.glob("warm_*.py"))[:2]
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited by the benchmark\n", encoding="utf-8")
    os.utime(touched)
    start = time.perf_counter()
    total, executed = verify_cli(proj.root)
    seconds = time.perf_counter() - start
    paths = executed_paths(proj.root)
    ok = executed == 1 and paths == [str(edited.relative_to(proj.root))]
    bench.add(
        Row(
            "warm",
            "after editing 1 snippet (touching another): executed",
            str(proj.n),
            f"{executed} ({', '.join(paths)})",
            f"{total} snippets",
            "—",
            "exactly the edited one",
            "PASS" if ok else "MISS",
        )
    )
    single = Stats((seconds,))
    lo, mid = single.min / noop_verify.min, single.median / noop_verify.median
    bench.add(
        Row(
            "warm",
            "verify with 1 snippet re-run / no-change verify",
            str(proj.n),
            single.show(),
            noop_verify.show(),
            f"{lo:.2f}× / {mid:.2f}×",
            "info (1 worker start)",
            "info",
        )
    )
    # A changed deck: the cache key holds the deck items a snippet checks, so exactly the snippets
    # that check this deck run again (the benchmark's warm snippets check card-1, which the edit replaces).
    deck = proj.decks[0]
    source = proj.root / "sources" / f"{deck}.txt"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "Recall & Review",
            "Recall & Review\nbeginner\n"
            "What changed in this deck?\nOne card was added by the benchmark.\nClick to reveal answer",
            1,
        ),
        encoding="utf-8",
    )
    run([PYTHON, "-m", "verikb", "import", str(source), "--out", "quizzes"], cwd=proj.root)
    total, executed = verify_cli(proj.root)
    paths = executed_paths(proj.root)
    expected = sorted(str(p.relative_to(proj.root)) for p in folder.glob(f"warm_{deck}_*.py"))
    bench.add(
        Row(
            "warm",
            f"after changing deck {deck}: executed",
            str(proj.n),
            f"{executed} ({', '.join(paths)})",
            f"{total} snippets",
            "—",
            "exactly the deck's snippets",
            "PASS" if paths == expected else "MISS",
        )
    )


# --- 4. verify -------------------------------------------------------------------------------------

FLOOR_SCRIPT = """\
import json, os, runpy, sys, time
start = time.perf_counter()
framework, folder, out = sys.argv[1:]
if framework == "torch":
    import torch
else:
    import keras
    import tensorflow
imported = time.perf_counter() - start
os.environ["VERIKB_RESULTS"] = out + ".records"
paths = sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".py"))
bodies = 0.0
for path in paths:
    t = time.perf_counter()
    runpy.run_path(path, run_name="__main__")
    bodies += time.perf_counter() - t
with open(out, "w") as fh:
    json.dump({"import_s": imported, "bodies_s": bodies, "n": len(paths)}, fh)
"""

VERIFY_SCRIPT = """\
import sys, time
from pathlib import Path
from verikb.verify.command import run_verify
start = time.perf_counter()
code = run_verify([], root=Path(sys.argv[1]), framework=None, jobs=1, as_json=False, use_cache=False)
print("run_verify_s", time.perf_counter() - start)
sys.exit(code)
"""


@dataclass(frozen=True, slots=True)
class FloorRun:
    """One floor process: framework import time and the sum of the snippet bodies' times."""

    import_s: float
    bodies_s: float

    @property
    def total(self) -> float:
        return self.import_s + self.bodies_s


def verify_project(bench: Bench, framework: str, n: int) -> Path:
    """A copy of the 10-deck project whose snippets/ holds only N snippets of one framework.

    A full ``verify`` (no paths, no --framework) is what writes verification.json; a partial run
    leaves it alone, so each (framework, N) gets its own project.
    """
    root = clone(bench, 10, f"verify-{framework}-{n}").root
    decks = sorted(p.stem for p in (root / "quizzes").glob("*.yml"))
    write_snippets(root / "snippets" / framework, framework, n, decks)
    return root


def run_floor(root: Path, folder: Path, framework: str, scratch: Path) -> FloorRun:
    """The floor: one fresh process, framework imported once, every snippet body run in turn."""
    out = scratch / "floor.json"
    records = Path(str(out) + ".records")
    records.unlink(missing_ok=True)
    subprocess.run(
        [PYTHON, str(scratch / "floor.py"), framework, str(folder), str(out)],
        cwd=root,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    verdicts = [json.loads(line)["verdict"] for line in records.read_text(encoding="utf-8").splitlines()]
    if len(verdicts) != data["n"] or set(verdicts) != {"verified"}:
        raise RuntimeError(f"floor: {len(verdicts)} verdicts for {data['n']} snippets: {set(verdicts)}")
    return FloorRun(data["import_s"], data["bodies_s"])


def run_verify_fresh(root: Path, scratch: Path, count: int) -> dict[str, Any]:
    """run_verify(all snippets, use_cache=False, jobs=1) in a fresh process; every claim must be verified."""
    (root / "verification.json").unlink(missing_ok=True)
    done = run([PYTHON, str(scratch / "verify.py"), str(root)], cwd=root, check=False)
    data = json.loads((root / "verification.json").read_text(encoding="utf-8"))
    if done.returncode != 0 or data["summary"] != {"verified": count}:
        raise RuntimeError(f"verify: exit {done.returncode}, summary {data['summary']}: {done.stderr[-1500:]}")
    return data


def section_verify(bench: Bench) -> None:
    """run_verify (warm worker, one fork per snippet) vs one process running every snippet body."""
    sizes = (10, 100) if bench.quick else (10, 100, 1000)
    scratch = bench.tmp / "verify-scratch"
    scratch.mkdir(exist_ok=True)
    (scratch / "floor.py").write_text(FLOOR_SCRIPT, encoding="utf-8")
    (scratch / "verify.py").write_text(VERIFY_SCRIPT, encoding="utf-8")
    for framework in ("torch", "tensorflow"):
        per: dict[int, Stats] = {}
        for n in sizes:
            root = verify_project(bench, framework, n)
            folder = root / "snippets" / framework
            # One fork per snippet: N=1000 takes ~1 min (torch) and ~2-4 min (TF) per run, so fewer runs there.
            repeats = bench.repeats if n < 1000 else min(bench.repeats, 1 if framework == "tensorflow" else 2)
            if repeats < bench.repeats:
                bench.note(
                    f"verify: {framework} N={n} ran {repeats}× instead of {bench.repeats}× to keep the whole run "
                    "under ~25 min"
                )
            floors: list[FloorRun] = []
            walls: list[float] = []
            last: dict[str, Any] = {}
            for _ in range(repeats):
                floors.append(run_floor(root, folder, framework, scratch))
                start = time.perf_counter()
                last = run_verify_fresh(root, scratch, n)
                walls.append(time.perf_counter() - start)
            wall, floor = Stats(tuple(walls)), Stats(tuple(f.total for f in floors))
            per[n] = wall.scaled(1 / n)
            _, mid = ratio_row(
                bench,
                "verify",
                f"{framework}: run_verify(use_cache=False) / floor",
                n=n,
                subject=wall,
                baseline=floor,
                goal=1.2,
            )
            child = sum(s["duration_s"] for s in last["snippets"])
            body = statistics.median(f.bodies_s for f in floors)
            bench.say(
                f"  {framework} N={n}: floor import {statistics.median(f.import_s for f in floors):.2f} s + "
                f"bodies {body:.2f} s; verify wall {wall.median:.2f} s of which children {child:.2f} s "
                f"({child / n * 1000:.1f} ms each vs body {body / n * 1000:.1f} ms)"
            )
            if mid > 1.2 and n == sizes[-1]:
                profile_verify(bench, folder, framework, wall=wall.median, child=child, floors=floors)
        ratio_row(
            bench,
            "verify",
            f"{framework}: time per snippet, N={sizes[-1]} / N={sizes[-2]}",
            n=f"{sizes[-1]} vs {sizes[-2]}",
            subject=per[sizes[-1]],
            baseline=per[sizes[-2]],
            goal=1.2,
        )


WORKER_PROBE = """\
import json, os, sys, time
from pathlib import Path
framework, folder, empty = sys.argv[1:]
start = time.perf_counter()
from verikb.verify import worker
worker._warm_up(framework)
ready = time.perf_counter() - start
def median(values):
    return sorted(values)[len(values) // 2]
def bare_fork():
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return time.perf_counter() - t
def child_first_op():
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        t = time.perf_counter()
        if framework == "torch":
            import torch
            torch.zeros(1) + 1
        else:
            import tensorflow as tf
            tf.constant(1.0) + 1
        os.write(write, str(time.perf_counter() - t).encode())
        os._exit(0)
    os.close(write)
    data = os.read(read, 100)
    os.waitpid(pid, 0)
    os.close(read)
    return float(data)
def outside(path):
    t = time.perf_counter()
    answer = worker.run_one(path, 120)
    return time.perf_counter() - t - answer["duration_s"]
paths = sorted(str(p) for p in Path(folder).glob("*.py"))[:15]
print(json.dumps({
    "ready_s": ready,
    "fork_exit_s": median([bare_fork() for _ in range(15)]),
    "first_op_s": median([child_first_op() for _ in range(7)]),
    "empty_s": median([worker.run_one(empty, 120)["duration_s"] for _ in range(15)]),
    "run_one_s": median([worker.run_one(p, 120)["duration_s"] for p in paths]),
    "outside_s": median([outside(p) for p in paths]),
}))
"""


def profile_verify(
    bench: Bench, folder: Path, framework: str, *, wall: float, child: float, floors: list[FloorRun]
) -> None:
    """Split verify's time: worker start, per-snippet fork, the child's own run, and the parent's share."""
    scratch = bench.tmp / "verify-scratch"
    root, n = folder.parents[1], len(list(folder.glob("*.py")))
    (scratch / "probe.py").write_text(WORKER_PROBE, encoding="utf-8")
    (scratch / "empty.py").write_text("", encoding="utf-8")
    cmd = [PYTHON, str(scratch / "probe.py"), framework, str(folder), str(scratch / "empty.py")]
    probe = json.loads(run(cmd, cwd=root).stdout.splitlines()[-1])
    body_each = statistics.median(f.bodies_s for f in floors) / n
    import_s = statistics.median(f.import_s for f in floors)
    ms = {k: v * 1000 for k, v in probe.items()}
    bench.evidence.append(
        f"verify ({framework}, N={n}, jobs=1): wall {wall:.1f} s vs floor {import_s + body_each * n:.1f} s "
        f"(import {import_s:.1f} s + bodies {body_each * n:.1f} s)\n"
        f"worker start (python + import + _warm_up, until 'ready'): {probe['ready_s']:.2f} s, once\n"
        f"Σ child duration_s from verification.json (fork + run + wait): {child:.1f} s = "
        f"{child / n * 1000:.1f} ms per snippet, vs {body_each * 1000:.1f} ms per body in the floor process\n"
        f"measured in a warmed worker (medians):\n"
        f"  bare os.fork() + os._exit(0) + waitpid:           {ms['fork_exit_s']:7.1f} ms\n"
        f"  first {framework} op in a freshly forked child:   {ms['first_op_s']:7.1f} ms\n"
        f"  run_one() of an empty file (fork, tmpdir, runpy, wait): {ms['empty_s']:7.1f} ms\n"
        f"  run_one() of a benchmark snippet:                 {ms['run_one_s']:7.1f} ms\n"
        f"  run_one() bookkeeping outside duration_s (tmpdir, reading output, JSON): {ms['outside_s']:7.1f} ms\n"
        f"rest of the wall time (parent start and imports, protocol, progress bar, results; and machine noise, "
        f"wall and children come from different runs): {wall - child - probe['ready_s']:.1f} s"
    )
    profile_verify_parent(bench, verify_project(bench, framework, 100), framework)


def profile_verify_parent(bench: Bench, root: Path, framework: str) -> None:
    """cProfile of the run_verify process: where the parent's wall time goes (mostly waiting on the worker)."""
    scratch = bench.tmp / "verify-scratch"
    out = scratch / f"verify-{framework}.prof"
    run([PYTHON, "-m", "cProfile", "-o", str(out), str(scratch / "verify.py"), str(root)], cwd=root)
    wanted = ("verikb/", "readline", "Popen", "waitpid")
    lines = profile_lines(out, sort="cumtime", limit=18, keep=lambda line: any(w in line for w in wanted))
    bench.evidence.append(
        f"verify ({framework}): cProfile of the run_verify process, N=100, use_cache=False, jobs=1 (cumtime)\n"
        + "\n".join(lines)
    )


# --- 5/6. browser: served sites -----------------------------------------------------------------


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files like a real host: gzip for text when the browser accepts it, right MIME types."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".whl": "application/zip",
        ".json": "application/json",
    }
    compressible = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
    cache: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        path = Path(self.translate_path(unquote(urlsplit(self.path).path)))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        ctype = self.guess_type(str(path))
        headers = {"Content-Type": ctype, "Cache-Control": "no-cache"}
        if "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(self.compressible):
            key = f"{path}:{path.stat().st_mtime_ns}"
            if key not in self.cache:
                self.cache[key] = gzip.compress(data, 6)
            data = self.cache[key]
            headers["Content-Encoding"] = "gzip"
        self.send_response(200)
        for name, value in {**headers, "Content-Length": str(len(data))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port); yields the base URL."""
    mimetypes.add_type("text/javascript", ".mjs")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def local_only(context: Any, blocked: list[str]) -> None:
    """Abort and record every request that would leave 127.0.0.1."""

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname != "127.0.0.1":
            blocked.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)


@dataclass(frozen=True, slots=True)
class PageLoad:
    """Bytes a page load fetched: encoded (on the wire, gzip where served so) and decoded."""

    encoded: int
    decoded: int
    responses: dict[str, tuple[int, int]]


def load_page(browser: Any, url: str, blocked: list[str]) -> PageLoad:
    """Open ``url`` in a fresh context, wait for the network to go idle, sum every response's sizes."""
    context = browser.new_context()
    local_only(context, blocked)
    finished: list[Any] = []

    def record(request: Any) -> None:
        finished.append(request)

    context.on("requestfinished", record)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    responses: dict[str, tuple[int, int]] = {}
    for request in finished:
        response = request.response()
        if response is None or not request.url.startswith("http"):
            continue
        body = len(response.body())
        responses[request.url] = (request.sizes()["responseBodySize"], body)
    context.close()
    return PageLoad(sum(e for e, _ in responses.values()), sum(d for _, d in responses.values()), responses)


def median_deck(proj: Project) -> str:
    """The deck whose page is of median size, so the figure is about a typical page."""
    sizes = sorted(((proj.root / "plain_docs" / "topics" / f"{d}.md").stat().st_size, d) for d in proj.decks)
    return sizes[len(sizes) // 2][1]


def section_page(bench: Bench) -> None:
    """Bytes a deck page loads before any Run click, vs a plain material page of the same text."""
    if not CHROMIUM.exists():
        bench.add(Row("page", "deck page bytes", "—", "—", "—", "—", "≤ 1.2×", f"SKIP ({CHROMIUM} missing)"))
        return
    proj = project(bench, 10)
    sites = {"plain": ensure_built(proj, "plain"), "verikb": ensure_built(proj, "verikb-on")}
    deck = median_deck(proj)
    blocked: list[str] = []
    loads: dict[str, list[PageLoad]] = {"plain": [], "verikb": []}
    with chromium() as browser, serve(proj.root) as base:
        for _ in range(bench.repeats):
            for name, site in sites.items():
                url = f"{base}{site.name}/topics/{deck}/"
                loads[name].append(load_page(browser, url, blocked))
    for kind, unit_name in (("decoded", "raw"), ("encoded", "gzip (as sent)")):
        subject = Stats(tuple(getattr(x, kind) for x in loads["verikb"]))
        baseline = Stats(tuple(getattr(x, kind) for x in loads["plain"]))
        ratio_row(
            bench,
            "page",
            f"deck page bytes before Run, {unit_name}: verikb / plain",
            n=f"deck {deck}",
            subject=subject,
            baseline=baseline,
            goal=1.2,
            unit="B",
        )
    bench.add(
        Row(
            "page",
            "requests leaving 127.0.0.1",
            "—",
            str(len(blocked)),
            "0",
            "—",
            "none",
            "PASS" if not blocked else f"MISS {blocked[:3]}",
        )
    )

    page_evidence(bench, deck, loads["verikb"][-1], loads["plain"][-1])


def page_evidence(bench: Bench, deck: str, subject: PageLoad, plain: PageLoad) -> None:
    """The verikb page's largest responses, what only verikb loads, and what a deck page never uses."""

    def in_site(url: str) -> str:
        return urlsplit(url).path.split("/", 2)[-1]

    plain_paths = {in_site(url) for url in plain.responses}
    rows = sorted(((enc, dec, in_site(url)) for url, (enc, dec) in subject.responses.items()), reverse=True)
    only = [(enc, dec, path) for enc, dec, path in rows if path not in plain_paths]
    unused = [(enc, dec, path) for enc, dec, path in only if re.search(r"verikb-(playground|runner)", path)]
    bench.say(f"  verikb page {len(subject.responses)} responses, plain page {len(plain.responses)}")
    if subject.encoded / plain.encoded <= 1.2 and subject.decoded / plain.decoded <= 1.2:
        return
    lines = [
        f"{enc / 1024:8.1f} KiB sent {dec / 1024:8.1f} KiB raw  {path}"
        + ("" if path in plain_paths else "  (verikb only)")
        for enc, dec, path in rows[:18]
    ]

    def total(items: list[tuple[int, int, str]]) -> str:
        return f"{sum(e for e, _, _ in items) / 1024:.1f} KiB sent, {sum(d for _, d, _ in items) / 1024:.1f} KiB raw"

    lines += [
        f"verikb-only requests: {len(only)} ({total(only)}); the whole page {subject.encoded / 1024:.1f} KiB sent, "
        f"plain {plain.encoded / 1024:.1f} KiB sent",
        f"of which playground/runner files a deck page does not use before Run: {len(unused)} ({total(unused)})",
    ]
    bench.evidence.append(f"page: responses of the verikb deck page topics/{deck}/ (last repeat)\n" + "\n".join(lines))


BARE_PAGE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title><link rel="icon" href="data:,"></head>
<body><pre id="out"></pre>
<script type="module">
const start = performance.now();
const indexURL = new URL("PYODIDE_DIR/", location.href).href;
const { loadPyodide } = await import(indexURL + "pyodide.mjs");
const pyodide = await loadPyodide({ indexURL });
pyodide.setStdout({ batched: (text) => {
  document.getElementById("out").textContent += text;
  window.__bench ??= { ms: performance.now() - start, text };
} });
pyodide.runPython("print(1)");
</script></body></html>
"""

BARE_WORKER_PAGE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare Pyodide, worker</title><link rel="icon" href="data:,"></head>
<body><pre id="out"></pre>
<script type="module">
const start = performance.now();
const worker = new Worker("bench-bare-worker.mjs", { type: "module" });
worker.onmessage = ({ data }) => {
  document.getElementById("out").textContent += data;
  window.__bench ??= { ms: performance.now() - start, text: data };
};
worker.postMessage(new URL("PYODIDE_DIR/", location.href).href);
</script></body></html>
"""

BARE_WORKER = """\
self.onmessage = async ({ data: indexURL }) => {
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL });
  pyodide.setStdout({ batched: (text) => postMessage(text) });
  pyodide.runPython("print(1)");
};
"""

CLICK_PROBE = """\
() => {
  const block = document.querySelector(".verikb-runnable");
  const output = block.querySelector("pre.verikb-runner__output");
  const button = [...block.querySelectorAll("button")].find((b) => b.textContent.trim() === "Run");
  window.__bench = {};
  document.addEventListener("click", (event) => {
    if (event.target === button && window.__bench.click === undefined) window.__bench.click = performance.now();
  }, { capture: true });
  new MutationObserver((_, observer) => {
    if (output.textContent.length) {
      window.__bench.output = performance.now();
      window.__bench.text = output.textContent;
      observer.disconnect();
    }
  }).observe(output, { childList: true, subtree: true, characterData: true });
}
"""


def first_output_verikb(browser: Any, url: str, blocked: list[str], timeline: list[str]) -> float:
    """Seconds from the click on the runnable block's Run button to its first output text.

    The block's code is replaced by ``print(1)`` so it does the same Python work as the baseline;
    ``timeline`` receives when each request after the click finished (for the report).
    """
    context = browser.new_context()
    local_only(context, blocked)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    block = page.locator("div.verikb-runnable").first
    block.locator("textarea").fill("print(1)")
    page.evaluate(CLICK_PROBE)
    clicked = time.perf_counter()
    finished: list[str] = []

    def record(request: Any) -> None:
        size = request.sizes()["responseBodySize"]
        name = urlsplit(request.url).path.rsplit("/", 1)[-1]
        finished.append(f"+{time.perf_counter() - clicked:6.2f} s  {size / 1024:9.1f} KiB sent  {name}")

    context.on("requestfinished", record)
    block.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_function("window.__bench.output !== undefined", timeout=180_000)
    result = page.evaluate("window.__bench")
    timeline[:] = [*finished, f"+{time.perf_counter() - clicked:6.2f} s  first output {result['text']!r}"]
    context.close()
    if result["text"].strip() != "1":
        raise RuntimeError(f"first-run: the block printed {result['text']!r}, not 1")
    return (result["output"] - result["click"]) / 1000


def first_output_bare(browser: Any, url: str, blocked: list[str]) -> float:
    """Seconds from module start to print(1)'s output on a bare Pyodide page."""
    context = browser.new_context()
    local_only(context, blocked)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("window.__bench !== undefined", timeout=180_000)
    result = page.evaluate("window.__bench")
    context.close()
    return result["ms"] / 1000


def section_first_run(bench: Bench) -> None:
    """Click on Run to first output on the playground page, vs bare Pyodide booting from the same files."""
    if not CHROMIUM.exists():
        bench.add(
            Row("first-run", "Run click to first output", "—", "—", "—", "—", "≤ 1.2×", f"SKIP ({CHROMIUM} missing)")
        )
        return
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
        bench.add(
            Row(
                "first-run",
                "Run click to first output",
                "—",
                "—",
                "—",
                "—",
                "≤ 1.2×",
                "SKIP (node_modules/pyodide missing: run npm ci; the site ships no Pyodide)",
            )
        )
        return
    proj = project(bench, 10)
    site = ensure_built(proj, "verikb-on")
    if not (site / PYODIDE_DIR / "pyodide.mjs").is_file():
        bench.add(
            Row("first-run", "Run click to first output", "—", "—", "—", "—", "≤ 1.2×", "SKIP (site has no Pyodide)")
        )
        return
    (site / "bench-bare-pyodide.html").write_text(BARE_PAGE.replace("PYODIDE_DIR", PYODIDE_DIR), encoding="utf-8")
    (site / "bench-bare-worker.html").write_text(BARE_WORKER_PAGE.replace("PYODIDE_DIR", PYODIDE_DIR), encoding="utf-8")
    (site / "bench-bare-worker.mjs").write_text(BARE_WORKER, encoding="utf-8")
    blocked: list[str] = []
    timeline: list[str] = []
    runs: dict[str, list[float]] = {"main": [], "worker": [], "verikb": []}
    with chromium() as browser, serve(site) as base:
        for _ in range(bench.repeats):  # a fresh context (cold cache) for every load
            runs["main"].append(first_output_bare(browser, f"{base}bench-bare-pyodide.html", blocked))
            runs["worker"].append(first_output_bare(browser, f"{base}bench-bare-worker.html", blocked))
            runs["verikb"].append(first_output_verikb(browser, f"{base}playground/", blocked, timeline))
    verikb = Stats(tuple(runs["verikb"]))
    worst = 0.0
    for key, label in (("main", "on the main thread (as specified)"), ("worker", "in a module Worker (as verikb)")):
        _, mid = ratio_row(
            bench,
            "first-run",
            f"Run click to first output / bare Pyodide boot + print(1) {label}",
            n="cold context",
            subject=verikb,
            baseline=Stats(tuple(runs[key])),
            goal=1.2,
        )
        worst = max(worst, mid)
    if worst > 1.2:
        bench.evidence.append(
            "first-run: requests after the Run click on playground/ (last repeat), when each finished\n"
            + "\n".join(timeline)
        )
    bench.add(
        Row(
            "first-run",
            "requests leaving 127.0.0.1",
            "—",
            str(len(blocked)),
            "0",
            "—",
            "none",
            "PASS" if not blocked else f"MISS {blocked[:3]}",
        )
    )


# --- the machine and the report ----------------------------------------------------------------


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kb = next(
        (int(line.split()[1]) for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")), 0
    )
    versions = {}
    for dist in ("torch", "tensorflow-cpu", "keras", "mkdocs", "mkdocs-material", "playwright", "PyYAML"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    chromium_version = "not installed"
    if CHROMIUM.exists():
        out = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, check=False).stdout
        chromium_version = m.group(0) if (m := re.search(r"Chromium [\d.]+", out)) else out.strip()
    pyodide = ROOT / "node_modules" / "pyodide" / "package.json"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": cpu,
        "cores": f"{os.cpu_count()} logical, {len(os.sched_getaffinity(0))} usable",
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_version()} ({PYTHON})",
        "libyaml": str(getattr(yaml, "__with_libyaml__", False)),
        **versions,
        "Chromium": chromium_version,
        "Pyodide": json.loads(pyodide.read_text(encoding="utf-8"))["version"] if pyodide.exists() else "not installed",
        "load average at start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def table(rows: list[Row]) -> list[str]:
    """The rows as a Markdown table (also readable in a terminal)."""
    head = (
        "section",
        "figure",
        "N",
        "subject (min / median)",
        "baseline (min / median)",
        "ratio (min / median)",
        "goal",
        "",
    )
    cells = [head, *((r.section, r.figure, r.n, r.subject, r.baseline, r.ratio, r.goal, r.status) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return lines


def write_results(bench: Bench, info: dict[str, str], args: argparse.Namespace, seconds: float, out: Path) -> None:
    """bench/results.md: machine, the table, notes and the profile evidence for every miss."""
    info = {**info, "load average at end": " ".join(f"{x:.1f}" for x in os.getloadavg())}
    flags = " ".join(a for a in sys.argv[1:]) or "(defaults)"
    text = [
        "# verikb benchmark results",
        "",
        f"Written by `scripts/bench {flags}` in {seconds / 60:.1f} min, repeats {args.repeats}"
        f"{', quick' if args.quick else ''}. Every figure is a ratio against a baseline measured in the same run,",
        "subject and baseline runs interleaved; min ratio = min/min, median ratio = median/median;",
        "PASS/MISS is decided on the median ratio.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in info.items()),
        "",
        "## Results",
        "",
        *table(bench.rows),
        "",
    ]
    if bench.notes:
        text += ["## Notes", "", *(f"- {n}" for n in bench.notes), ""]
    if bench.evidence:
        text += ["## Evidence for misses", ""]
        for block in bench.evidence:
            title, _, body = block.partition("\n")
            text += (
                [
                    f"### {title}",
                    "",
                    "```",
                    body,
                    "```",
                    "",
                ]
                if body
                else [f"- {title}", ""]
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(text), encoding="utf-8")


SECTION_FUNCS: dict[str, Callable[[Bench], None]] = {
    "import": section_import,
    "build": section_build,
    "warm": section_warm,
    "verify": section_verify,
    "page": section_page,
    "first-run": section_first_run,
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--quick", action="store_true", help="smaller N: a fast smoke run")
    parser.add_argument("--only", choices=SECTIONS, help="run one section")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md", help="results file")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (its path is printed)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def main(argv: list[str]) -> int:
    """Run the chosen sections, print the table, write the results file."""
    args = parse_args(argv)
    info = machine()
    for key, value in info.items():
        print(f"{key}: {value}")
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="verikb-bench-"))
    bench = Bench(tmp=tmp, repeats=args.repeats, quick=args.quick)
    try:
        for name in [args.only] if args.only else SECTIONS:
            section_start = time.perf_counter()
            bench.say(f"\n== {name}")
            try:
                SECTION_FUNCS[name](bench)
            except Exception as exc:  # one broken section must not lose the others' figures
                bench.add(
                    Row(name, "section failed", "—", f"{type(exc).__name__}: {str(exc)[:300]}", "—", "—", "—", "ERROR")
                )
            bench.say(f"  ({name}: {time.perf_counter() - section_start:.0f} s)")
    finally:
        if args.keep:
            print(f"temp dir kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    seconds = time.perf_counter() - started
    print()
    print("\n".join(table(bench.rows)))
    write_results(bench, info, args, seconds, args.out)
    print(f"\n{args.out} written ({seconds / 60:.1f} min)")
    return 1 if any(r.status == "ERROR" for r in bench.rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
