"""Snippet runs -> verdicts per claim, checked against the decks, and the answer keys real output corrects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace

from verikb.model import VERDICT_PRECEDENCE, Card, ClaimRef, Deck, Item, Practice, Prompt, Question, Verdict
from verikb.verify.schema import AnswerKey, ClaimResult, SnippetRun, Verification

__all__ = ["answer_keys", "build_results", "build_verification", "combined_verdict"]

_KIND_ORDER = {"card": 0, "question": 1, "prompt": 2, "practice": 3}
_RECORD_KINDS = ("curve", "experiment")
"""Records that are evidence to plot, not verdicts."""


def build_verification(runs: list[SnippetRun], checks: dict[str, tuple[str, ...]], decks: list[Deck]) -> Verification:
    """Everything verification.json holds, from the runs of one verify."""
    results = build_results(runs, checks, decks)
    keys = answer_keys(decks, results)
    versions: dict[str, str] = {}
    for run in runs:
        versions.update(run.versions)
    contradicted = contradicted_items(results, keys)
    refuted = set(contradicted_items([r for r in results if r.verdict == Verdict.REFUTED], keys))
    by_id = {d.id: d for d in decks}

    def needs_explanation(ref: ClaimRef) -> bool:
        """A refuted source claim needs a reviewer's words; a "not demonstrated" one says what happened itself."""
        item = by_id[ref.deck].item(ref.item)
        return ref in refuted and not (item and item.curated.explanation)

    return Verification(
        results=results,
        keys=keys,
        contradicted=contradicted,
        unexplained=[ref for ref in contradicted if needs_explanation(ref)],
        unchecked=unchecked_items(decks, results),
        curves=_collect(runs, "curve"),
        experiments=_collect(runs, "experiment"),
        snippets=[{k: v for k, v in asdict(run).items() if k != "records"} for run in runs],
        versions=versions,
    )


def build_results(runs: list[SnippetRun], checks: dict[str, tuple[str, ...]], decks: list[Deck]) -> list[ClaimResult]:
    """Turn snippet runs into verdicts, flagging claims about items no deck has."""
    by_id = {d.id: d for d in decks}
    results: list[ClaimResult] = []
    for run in runs:
        results.extend(_run_results(run, checks[run.path], by_id))
    checked = {(r.deck, r.ref.item) for r in results if _parses(r)}
    for deck in decks:
        for item in deck.items():
            reason = item.curated.not_checkable
            if reason and (deck.id, item.id) not in checked:
                results.append(
                    ClaimResult(
                        deck=deck.id, item=item.id, claim=_claim_text(item), verdict=Verdict.NOT_CHECKABLE, truth=reason
                    )
                )
    return sorted(results, key=_order)


def _names(ref: str, checks: tuple[str, ...]) -> bool:
    return any(ref == c or ref.startswith(f"{c}/") for c in checks)


def _run_results(run: SnippetRun, checks: tuple[str, ...], decks: dict[str, Deck]) -> list[ClaimResult]:
    out: list[ClaimResult] = []
    common = {"snippet": run.path, "framework": run.framework, "versions": run.versions, "cached": run.cached}
    for rec in run.records:
        if any(kind in rec for kind in _RECORD_KINDS):
            continue
        try:
            ref = ClaimRef.parse(rec["item"])
            problem = _missing_item(decks, ref)
        except ValueError as exc:
            ref, problem = None, str(exc)
        if not _names(rec["item"], checks):
            problem = problem or "the snippet's '# checks:' header does not name this item"
        deck, _, item = rec["item"].partition("/")
        out.append(
            ClaimResult(
                deck=ref.deck if ref else deck,
                item=ref.item_path if ref else item,
                claim=rec["claim"],
                verdict=Verdict.ERROR if problem else rec["verdict"],
                expected=rec["expected"],
                truth=rec["truth"],
                output=rec["output"],
                warnings=rec["warnings"],
                exception=problem or rec["exception"],
                line=rec["line"],
                setup=rec.get("setup"),
                **common,
            )
        )
    seen = [f"{r.deck}/{r.item}" for r in out]
    for named in checks:
        if not any(s == named or s.startswith(f"{named}/") for s in seen):
            deck, _, item = named.partition("/")
            why = (
                f"the snippet ended with status '{run.status}'" if run.status != "ok" else "no claim gave it a verdict"
            )
            out.append(
                ClaimResult(
                    deck=deck,
                    item=item,
                    claim=f"(named in {run.path})",
                    verdict=Verdict.ERROR,
                    exception=why,
                    output=run.output,
                    **common,
                )
            )
    return out


def _missing_item(decks: dict[str, Deck], ref: ClaimRef) -> str | None:
    deck = decks.get(ref.deck)
    if deck is None:
        return f"no deck '{ref.deck}' in quizzes/"
    found = deck.item(ref.item)
    if found is None:
        return f"deck '{ref.deck}' has no item '{ref.item}'"
    count = len(getattr(found, "options", ()))
    if ref.option is not None and not 1 <= ref.option <= count:
        return f"'{ref.item}' has {count} options, not 'option-{ref.option}'"
    return None


def _claim_text(item: Item) -> str:
    """The statement of an item a reader would take as its claim."""
    if isinstance(item, Card):
        return item.back
    if isinstance(item, Question):
        return item.explanation or item.prompt
    if isinstance(item, Practice):
        return item.final_answer or item.prompt
    assert isinstance(item, Prompt)
    return item.prompt


def _order(result: ClaimResult) -> tuple:
    return _item_order(result.deck, result.item)


def _item_order(deck: str, item_path: str) -> tuple:
    """Decks by id, then cards, questions, prompts, practice, each by number, then options."""
    kind, _, rest = item_path.partition("-")
    number, _, option = rest.partition("/option-")
    return (deck, _KIND_ORDER.get(kind, 9), int(number or 0), int(option or 0))


def _collect(runs: list[SnippetRun], kind: str) -> list[dict]:
    """Curves or experiments the snippets recorded, with the framework versions that computed them."""
    return [
        {**rec[kind], "framework": run.framework, "versions": run.versions, "snippet": run.path}
        for run in runs
        for rec in run.records
        if kind in rec
    ]


def combined_verdict(results: list[ClaimResult]) -> Verdict | None:
    """One verdict for several claims about the same thing: any refutation wins, then errors."""
    verdicts = {r.verdict for r in results}
    return next((v for v in VERDICT_PRECEDENCE if v in verdicts), None)


def answer_keys(decks: list[Deck], results: list[ClaimResult]) -> list[AnswerKey]:
    """Per question and practice problem: the source's key unless real output refutes it; then what holds."""
    by_item: dict[tuple[str, str], list[ClaimResult]] = {}
    for r in results:
        by_item.setdefault((r.deck, r.item), []).append(r)
    keys = []
    for deck in decks:
        for item in (*deck.questions, *deck.practice):
            keys.append(_answer_key(deck.id, item, lambda path, d=deck.id: by_item.get((d, path), [])))
    return keys


def _answer_key(deck: str, item: Question | Practice, of: Callable[[str], list[ClaimResult]]) -> AnswerKey:
    key = AnswerKey.unrefuted(deck, item)
    option_verdicts = {k: combined_verdict(of(f"{item.id}/option-{k + 1}")) for k in range(len(item.options))}
    item_refuted = combined_verdict(of(item.id)) == Verdict.REFUTED
    source_refuted = key.source is not None and option_verdicts.get(key.source) == Verdict.REFUTED
    if not (item_refuted or source_refuted):
        return key
    holding = [k for k, v in option_verdicts.items() if v == Verdict.VERIFIED]
    return replace(key, index=holding[0] if len(holding) == 1 else None, refuted=True)


def contradicted_items(results: list[ClaimResult], keys: list[AnswerKey]) -> list[ClaimRef]:
    """Items where the source is wrong: its own claim is refuted (or did not show), or the option
    it gives as the answer is refuted. A refuted distractor agrees with the source and does not count."""
    wrong = {r.ref for r in results if r.verdict.contradicts_source and _parses(r) and r.ref.option is None}
    wrong |= {ClaimRef(deck=k.deck, item=k.item) for k in keys if k.refuted}
    return sorted(wrong, key=lambda ref: _item_order(ref.deck, ref.item_path))


def unchecked_items(decks: list[Deck], results: list[ClaimResult]) -> list[ClaimRef]:
    """Items no snippet checks and no reviewer called not checkable: a new source's items start here."""
    checked = {(r.deck, r.ref.item) for r in results if _parses(r)}
    return [ClaimRef(deck=d.id, item=item.id) for d in decks for item in d.items() if (d.id, item.id) not in checked]


def _parses(result: ClaimResult) -> bool:
    """Whether the result names a well-formed item (an error result may carry whatever a snippet wrote)."""
    try:
        return result.ref is not None
    except ValueError:
        return False
