"""What a snippet calls to give a deck item's claim a verdict, with the real output as evidence.

Imports nothing heavy, so a snippet is a plain script: ``python snippets/torch/x.py`` prints each
verdict and fails on the first one that differs from what the snippet expects. Under the runner
(``VERIKB_RESULTS`` set) every verdict is appended to that JSON-lines file instead.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import traceback
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Literal

__all__ = ["RESULTS_ENV", "Check", "ClaimRecord", "Verdict", "claim", "record_curve"]

Verdict = Literal["verified", "refuted", "not checkable", "error"]
RESULTS_ENV = "VERIKB_RESULTS"


@dataclass(slots=True, kw_only=True)
class ClaimRecord:
    """One claim's verdict and the evidence for it, as the runner stores it."""

    item: str
    """``DECK/ITEM``, e.g. ``003_922fc2f599061697/practice-2/option-1``."""
    claim: str
    expected: Verdict
    verdict: Verdict = "error"
    truth: str | None = None
    """For ``refuted`` (and ``not checkable``): what is true instead, in one line."""
    output: str = ""
    warnings: list[str] = field(default_factory=list)
    exception: str | None = None
    line: int = 0
    """Line of the ``claim(...)`` call in the snippet."""


class Check:
    """Handed to the ``with`` block: call exactly one of ``verified``/``refuted``/``not_checkable``."""

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

    def _decide(self, verdict: Verdict, truth: str | None) -> None:
        if self.decided:
            raise RuntimeError(f"{self._record.item}: a claim gets exactly one verdict")
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
def claim(item: str, statement: str, *, expect: Verdict) -> Iterator[Check]:
    """Check one claim: what the block prints, warns and raises becomes the evidence."""
    caller = sys._getframe(2)
    record = ClaimRecord(item=item, claim=statement, expected=expect, line=caller.f_lineno)
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
    target = os.environ.get(RESULTS_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as fh:  # noqa: PTH123 - one appended line per claim
            fh.write(json.dumps(asdict(record)) + "\n")
        return
    mark = {"verified": "✓", "refuted": "✗", "not checkable": "–", "error": "!"}[record.verdict]
    print(f"{mark} {record.verdict}: {record.item}: {record.claim}", file=sys.stderr)
    if record.truth:
        print(f"    true instead: {record.truth}", file=sys.stderr)
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
    target = os.environ.get(RESULTS_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as fh:  # noqa: PTH123 - one appended line per curve
            fh.write(json.dumps({"curve": curve}) + "\n")
    else:
        print(f"curve {title}: {[f'{v:.6g}' for v in values]}", file=sys.stderr)
