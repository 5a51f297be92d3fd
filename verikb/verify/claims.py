"""What a snippet calls to give a deck item's claim a verdict, with the real output as evidence.

Imports nothing heavy, so a snippet is a plain script: ``python snippets/torch/x.py`` prints each
verdict and fails on the first one that differs from what the snippet expects. Under the runner
(``VERIKB_RESULTS`` set) every verdict is appended to that JSON-lines file instead.

An experiment on a small real model is evidence, never proof: its verdicts are ``demonstrated`` /
``not demonstrated`` (never ``verified``), and its claim must state the ``setup`` it ran on.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import sys
import traceback
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Literal

__all__ = ["RESULTS_ENV", "Check", "ClaimRecord", "Verdict", "claim", "record_curve", "record_experiment"]

Verdict = Literal["verified", "refuted", "demonstrated", "not demonstrated", "not checkable", "error"]
RESULTS_ENV = "VERIKB_RESULTS"
_EXPERIMENT_VERDICTS = ("demonstrated", "not demonstrated")


@dataclass(slots=True, kw_only=True)
class ClaimRecord:
    """One claim's verdict and the evidence for it, as the runner stores it."""

    item: str
    """``DECK/ITEM``, e.g. ``003_922fc2f599061697/practice-2/option-1``."""
    claim: str
    expected: Verdict
    verdict: Verdict = "error"
    truth: str | None = None
    """For ``refuted`` / ``not demonstrated`` (and ``not checkable``): what is true or happened instead, in one line."""
    setup: str | None = None
    """For an experiment: the model, data, seed and steps it ran on, in one line."""
    output: str = ""
    warnings: list[str] = field(default_factory=list)
    exception: str | None = None
    line: int = 0
    """Line of the ``claim(...)`` call in the snippet."""


class Check:
    """Handed to the ``with`` block: call exactly one of its verdict methods (or ``holds``/``shows``)."""

    def __init__(self, record: ClaimRecord) -> None:
        self._record = record
        self.decided = False

    def verified(self) -> None:
        """The claim holds in the real framework."""
        self._decide("verified", None)

    def refuted(self, truth: str) -> None:
        """The claim is wrong; ``truth`` says in one line what really happens."""
        self._decide("refuted", truth)

    def not_checkable(self, reason: str) -> None:
        """No code can settle this claim; ``reason`` says why in one line."""
        self._decide("not checkable", reason)

    def holds(self, condition: bool, *, otherwise: str) -> None:
        """``verified`` when ``condition`` is true, else ``refuted`` with ``otherwise``."""
        if condition:
            self.verified()
        else:
            self.refuted(otherwise)

    def demonstrated(self) -> None:
        """The experiment showed the claimed effect on its stated setup (evidence, not proof)."""
        self._decide("demonstrated", None)

    def not_demonstrated(self, happened: str) -> None:
        """The effect did not show on the stated setup; ``happened`` says in one line what did."""
        self._decide("not demonstrated", happened)

    def shows(self, condition: bool, *, otherwise: str) -> None:
        """``demonstrated`` when ``condition`` is true, else ``not demonstrated`` with ``otherwise``."""
        if condition:
            self.demonstrated()
        else:
            self.not_demonstrated(otherwise)

    def _decide(self, verdict: Verdict, truth: str | None) -> None:
        if self.decided:
            raise RuntimeError(f"{self._record.item}: a claim gets exactly one verdict")
        if verdict in _EXPERIMENT_VERDICTS and not self._record.setup:
            raise ValueError(f"{self._record.item}: an experiment's claim states its setup: claim(..., setup=...)")
        self._record.verdict, self._record.truth, self.decided = verdict, truth, True


class _Tee(io.TextIOBase):
    """Keeps a copy of what the block prints while still printing it."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self.stream, self.buffer_ = stream, io.StringIO()

    def write(self, text: str) -> int:
        self.buffer_.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


@contextlib.contextmanager
def claim(item: str, statement: str, *, expect: Verdict, setup: str | None = None) -> Iterator[Check]:
    """Check one claim: what the block prints, warns and raises becomes the evidence.

    ``setup`` (model, data, seed, steps in one line) is required for an experiment's verdicts.
    """
    caller = sys._getframe(2)
    record = ClaimRecord(item=item, claim=statement, expected=expect, setup=setup, line=caller.f_lineno)
    check = Check(record)
    tee = _Tee(sys.stdout)
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(tee):
        warnings.simplefilter("always")
        try:
            yield check
        except Exception as exc:
            record.verdict = "error"
            record.exception = "".join(traceback.format_exception_only(exc)).strip()
            traceback.print_exc(file=sys.stderr)
        else:
            if not check.decided:
                record.verdict, record.exception = "error", "the claim block gave no verdict"
    record.output = tee.buffer_.getvalue()
    record.warnings = [f"{w.category.__name__}: {w.message}" for w in caught]
    _report(record)


def _report(record: ClaimRecord) -> None:
    if _append(asdict(record)):
        return
    mark = {"verified": "✓", "refuted": "✗", "demonstrated": "◆", "not demonstrated": "◇", "not checkable": "–"}
    print(f"{mark.get(record.verdict, '!')} {record.verdict}: {record.item}: {record.claim}", file=sys.stderr)
    if record.setup:
        print(f"    setup: {record.setup}", file=sys.stderr)
    if record.truth:
        label = "what happened" if record.verdict == "not demonstrated" else "true instead"
        print(f"    {label}: {record.truth}", file=sys.stderr)
    if record.verdict != record.expected:
        raise AssertionError(f"{record.item}: expected {record.expected}, got {record.verdict}")


def record_curve(
    item: str, title: str, values: list[float], *, code: str = "", x_label: str = "epoch", browser: str = ""
) -> None:
    """Record a learning-rate curve the real framework computed, for the plots on ``item``'s page.

    ``browser`` is the ``lrschedules.curve(...)`` call giving the same values, which the page
    offers to run (and edit) in the browser.
    """
    curve = {
        "item": item,
        "title": title,
        "values": [float(v) for v in values],
        "code": code,
        "x_label": x_label,
        "browser": browser,
    }
    if not _append({"curve": curve}):
        print(f"curve {title}: {[f'{v:.6g}' for v in values]}", file=sys.stderr)


def record_experiment(
    item: str,
    title: str,
    series: list[dict],
    *,
    setup: str,
    x: list[float] | None = None,
    x_label: str = "epoch",
    y_label: str = "loss",
    log_x: bool = False,
) -> None:
    """Record an experiment's curves (``series``: ``{"label", "values"}`` each, e.g. one per learning rate).

    ``x`` defaults to 0, 1, 2, ...; a value that is not finite (a diverged loss) is stored as null,
    which JSON can hold and a plot draws as a gap.
    """
    if not setup:
        raise ValueError(f"{item}: an experiment states its setup (model, data, seed, steps)")
    if x is not None and any(len(s["values"]) != len(x) for s in series):
        raise ValueError(f"{item}: {title}: every series needs one value per x ({len(x)})")
    experiment = {
        "item": item,
        "title": title,
        "series": [{"label": str(s["label"]), "values": [_finite(v) for v in s["values"]]} for s in series],
        "x": None if x is None else [float(v) for v in x],
        "x_label": x_label,
        "y_label": y_label,
        "log_x": log_x,
        "setup": setup,
    }
    if not _append({"experiment": experiment}):
        print(f"experiment {title} ({setup}):", file=sys.stderr)
        for s in experiment["series"]:
            values = s["values"]
            finite = [v for v in values if v is not None]
            low = f", lowest {min(finite):.4g}" if finite else ""
            print(f"    {s['label']}: {len(values)} values, {values[0]} -> {values[-1]}{low}", file=sys.stderr)


def _finite(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _append(line: dict) -> bool:
    """Append one JSON line to the runner's results file; False when not run by the runner."""
    target = os.environ.get(RESULTS_ENV)
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as fh:  # noqa: PTH123 - one appended line per record
        fh.write(json.dumps(line) + "\n")
    return True
