"""Synthetic study texts in the layout of sources/*.txt, the input of the import and build sections.

They are generated (never written into the repository) so any N can be measured, and checked
against the real importer so a figure never rests on text the importer misreads.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

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
