"""Section "import": texts per second of the study-text importer, and whether it stays linear in N.

Measures the ``verikb import DIR --out`` command end to end (what a user waits for: process
start, reading, parsing, writing YAML decks, on every core), and ``parse_study_text`` alone in
one process against the least any line parser does (split and normalise every line).
"""

from __future__ import annotations

import cProfile
import functools
import itertools
import json
import os
import re
import shutil
import statistics
from collections.abc import Callable
from pathlib import Path

from .environment import PYTHON, ROOT, run
from .profiling import profile_lines
from .report import Bench, Row, info_row, ratio_row, skip_row
from .synthetic_texts import check_imports_cleanly, synthetic_texts
from .timing import interleaved


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
                per.show_rate(),
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
        paired=True,
    )
    floor_per = stats["floor-large"].scaled(1 / large)
    info_row(
        bench,
        "import",
        "parse / split+normalise floor",
        n=large,
        subject=per_large,
        baseline=floor_per,
        digits=1,
        paired=True,
    )
    avg = statistics.mean(len(t) for t in loaded)
    bench.say(
        f"  growth: {small} texts {stats['small'].show()}, {large} texts {stats['large'].show()} "
        f"(avg {avg:,.0f} chars, {statistics.mean(t.count(chr(10)) for t in loaded):.0f} lines per text)"
    )
    import_command_rate(bench, folder, (small, large))
    long_line(bench)
    instructions_per_text(bench, folder, count=200)
    if 1 / per_large.median < 2000:
        profile_import(bench, loaded[: min(1000, small)])


def import_command_rate(bench: Bench, folder: Path, counts: tuple[int, int]) -> None:
    """What a user waits for: ``verikb import DIR --out quizzes`` (read, parse, write YAML atomically)."""
    commands = {}
    for count in (_FIXED_COST_TEXTS, *counts):
        subset = bench.tmp / f"import-command-{count}" / "sources"
        subset.mkdir(parents=True)
        for path in sorted(folder.glob("*.txt"))[:count]:
            (subset / path.name).hardlink_to(path)
        commands[count] = _import_command(subset)
    large = counts[1]
    actions = {str(count): command for count, command in commands.items()}
    actions["write-floor"] = _write_floor(bench.tmp / "write-floor", _deck_yaml(folder), large)
    stats = interleaved(actions, bench.repeats, settle=functools.partial(_settle, bench.tmp))
    for count in (_FIXED_COST_TEXTS, *counts):
        shutil.rmtree(bench.tmp / f"import-command-{count}")
    shutil.rmtree(bench.tmp / "write-floor")
    fixed = stats[str(_FIXED_COST_TEXTS)]
    budget = counts[0] / 2000
    bench.add(
        Row(
            "import",
            f"`verikb import DIR --out` of {_FIXED_COST_TEXTS} texts: about the fixed cost (process start, imports), "
            f"and its share of the 2,000/s budget for {counts[0]} texts ({budget:.2f} s)",
            str(_FIXED_COST_TEXTS),
            fixed.show(),
            "—",
            f"{fixed.min / budget:.0%} / {fixed.median / budget:.0%} of the budget",
            "info",
            "info",
        )
    )
    info_row(
        bench,
        "import",
        "`verikb import DIR --out` / the file-system floor: one process writing the same number of "
        "deck-sized files (open, write, close; nothing parsed)",
        n=large,
        subject=stats[str(large)],
        baseline=stats["write-floor"],
        paired=True,
    )
    for count in counts:
        per_text = stats[str(count)].scaled(1 / count)
        rate = 1 / per_text.median
        bench.add(
            Row(
                "import",
                "`verikb import DIR --out` end to end (process start, read, parse, write YAML decks), texts/s",
                str(count),
                per_text.show_rate(),
                "goal 2,000/s",
                f"{rate / 2000:.2f}× goal",
                "≥ 2,000/s",
                "PASS" if rate >= 2000 else "MISS",
            )
        )
    small, large = counts
    ratio_row(
        bench,
        "import",
        "`verikb import DIR --out` per-text time, N large / N small (linear)",
        n=f"{large} vs {small}",
        subject=stats[str(large)].scaled(1 / large),
        baseline=stats[str(small)].scaled(1 / small),
        goal=1.2,
        paired=True,
    )


# Few enough texts that the command's time is its fixed cost; below the process-pool threshold.
_FIXED_COST_TEXTS = 10


def _settle(tmp: Path) -> None:
    """Before each timed run: delete what earlier runs wrote, and sync. Each run writes up to 10,000
    files; without this a run pays for writing back (and deleting) the files of the runs before it
    (this VM's ext4 then took 0.35-2.5 s to write the same 10,000 small files)."""
    for output in [*tmp.glob("import-command-*/quizzes-*"), *tmp.glob("write-floor/*")]:
        shutil.rmtree(output)
    os.sync()


def _deck_yaml(folder: Path) -> bytes:
    """The YAML deck the first synthetic text imports to: the size of file the floor writes."""
    from verikb.deck_io import deck_to_yaml
    from verikb.importers import import_file

    return deck_to_yaml(import_file(sorted(folder.glob("*.txt"))[0]).deck).encode()


def _write_floor(folder: Path, data: bytes, count: int) -> Callable[[], None]:
    """Write ``count`` files of ``data`` into a new folder each run: what creating the decks costs
    this machine's file system alone (on this VM's ext4 it varied 0.15-0.55 ms a file)."""
    runs = itertools.count()

    def write() -> None:
        out = folder / str(next(runs))
        out.mkdir(parents=True)
        for k in range(count):
            (out / f"deck{k:05d}.yml").write_bytes(data)

    return write


def _import_command(sources: Path) -> Callable[[], None]:
    """A fresh import of ``sources`` into a new deck folder beside it each run (no decks to merge);
    the folders are removed after the section, not in the timed runs."""
    runs = itertools.count()

    def command() -> None:
        shutil.rmtree(sources.parent / ".verikb-cache", ignore_errors=True)  # the import manifest
        out = f"quizzes-{next(runs)}"
        run([PYTHON, "-m", "verikb", "import", "sources", "--out", out], cwd=sources.parent)

    return command


def long_line(bench: Bench) -> None:
    """Seconds to import a text holding one 1 MB line (each kind of tests/data/long_lines.json, which
    made the regexes backtrack, and plain prose), standing as a card's back: linear regexes keep
    it well under 1 s."""
    from verikb.importers.study_text import parse_study_text

    spec = json.loads((ROOT / "tests" / "data" / "long_lines.json").read_text(encoding="utf-8"))
    lines = {"prose": "word " * 200_000}
    lines |= {name: start + unit * count for name, (start, unit, count) in spec["lines"].items()}
    actions = {
        name: functools.partial(
            parse_study_text, f"beginner\nWhat is this?\n{line}\nClick to reveal answer\n", path="x.txt", deck_id="x"
        )
        for name, line in lines.items()
    }
    stats = interleaved(actions, bench.repeats)
    worst = max((name for name in stats if name != "prose"), key=lambda name: stats[name].median)
    bench.add(
        Row(
            "import",
            f"parse_study_text of one 1 MB line: slowest of {len(stats) - 1} once-backtracking kinds ({worst}) / prose",
            "1 MB",
            stats[worst].show(),
            stats["prose"].show(),
            f"{stats[worst].median / stats['prose'].median:.1f}×",
            "≤ 1 s",
            "PASS" if stats[worst].median <= 1.0 else "MISS",
        )
    )
    bench.say("  1 MB lines: " + ", ".join(f"{name} {stat.show()}" for name, stat in stats.items()))


# Parses the first ``argv[2]`` texts of folder ``argv[1]``: run under callgrind with 0 and with N.
_PARSE_SCRIPT = """
import sys
from pathlib import Path
from verikb.importers.study_text import parse_study_text
paths = sorted(Path(sys.argv[1]).glob("*.txt"))[: int(sys.argv[2])]
texts = [p.read_text(encoding="utf-8") for p in paths]
for k, text in enumerate(texts):
    parse_study_text(text, path=f"syn{k}.txt", deck_id=f"syn{k}")
"""


def instructions_per_text(bench: Bench, folder: Path, count: int) -> None:
    """CPU instructions per parsed text, counted by callgrind: the one import figure this VM's
    speed drift (10-30% between runs) cannot move, so code changes can be compared across runs."""
    figure = "parse_study_text instructions per text (callgrind; deterministic, info)"
    if shutil.which("valgrind") is None:
        skip_row(bench, "import", figure, goal="info", reason="valgrind not installed")
        return

    def instructions(n: int) -> int:
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", PYTHON, "-c", _PARSE_SCRIPT]
        done = run([*cmd, str(folder), str(n)], cwd=bench.tmp)
        m = re.search(r"Collected : (\d+)", done.stderr)
        if m is None:
            raise RuntimeError(f"callgrind printed no instruction count: {done.stderr[-500:]}")
        return int(m.group(1))

    per_text = (instructions(count) - instructions(0)) / count
    bench.add(Row("import", figure, str(count), f"{per_text / 1e6:.2f} M", "—", "—", "info", "info"))


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
