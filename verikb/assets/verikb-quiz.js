// verikb-quiz.js — multiple-choice quiz sections: graded radio groups with a live score, answers kept in the progress
// store (restored on reload), a missed question becomes a review item, "Review my mistakes" asks just those again.
(function () {
  "use strict";
  const vk = window.verikb;

  function scoreText(answers, graded) {
    if (!graded) return "These questions have no answer key in the source: use “Show explanation” to check yourself.";
    const right = answers.filter((a) => a.correct).length;
    const noun = graded === 1 ? "graded question" : "graded questions";
    return "Score: " + right + " / " + answers.length + " answered · " + graded + " " + noun;
  }

  // The button and the details' own summary stay in step: closing either hides the explanation again.
  function revealButton(details) {
    const btn = vk.button("Show explanation", "verikb-reveal", () => sync(details.hidden));
    const sync = (show) => {
      details.hidden = !show;
      details.open = show;
      btn.textContent = show ? "Hide explanation" : "Show explanation";
      btn.setAttribute("aria-expanded", String(show));
    };
    details.addEventListener("toggle", () => { if (!details.open && !details.hidden) sync(false); });
    btn.setAttribute("aria-controls", vk.ensureId(details, "explanation"));
    sync(false);
    return btn;
  }

  function selfCheck(item, details, refuted) {
    if (!details) return;
    const note = vk.selfCheckNote(item, refuted
      ? "Self-check: real output refutes the source's answer and no option holds, so this question is not scored."
      : "Self-check: the source gives no answer key, so this question is not scored.");
    details.before(note, revealButton(details));
  }

  /** Saves an answer; a wrong one makes the question a review item due now (its FSRS memory kept if it had one). */
  function saveAnswer(deck, id, choice, correct) {
    vk.progress.update(deck, id, (rec) => {
      const now = new Date();
      rec.quiz = { choice, correct, at: now.toISOString() };
      if (!correct) rec.card = rec.card ? Object.assign(rec.card, { due: now.toISOString() }) : vk.progress.newCard(now);
      return rec;
    });
  }

  function forgetAnswer(deck, id) {
    vk.progress.update(deck, id, (rec) => { delete rec.quiz; return rec; });
  }

  function enhance(section) {
    const deck = vk.deckOf(section);
    const specs = vk.byId(vk.data(section).questions);
    let score = section.querySelector(".verikb-score");
    if (!score) {
      score = vk.el("p", { class: "verikb-score", "aria-live": "polite" });
      section.prepend(score);
    }
    const mistakesBtn = vk.button("Review my mistakes", "verikb-btn--quiet verikb-mistakes-btn", () => review(true, true));
    const allBtn = vk.button("Show all questions", "verikb-btn--quiet verikb-all-btn", () => review(false, true));
    const reviewNote = vk.el("p", { class: "verikb-review-note", role: "status" });
    const bar = vk.el("div", { class: "verikb-quiz-bar" });
    score.replaceWith(bar);
    bar.append(score, mistakesBtn, allBtn, reviewNote);
    allBtn.hidden = true;

    const items = Array.from(section.querySelectorAll(".verikb-question"));
    const graded = new Map(); // id -> {item, ctl, show}
    const answer = (id) => (vk.progress.get(deck, id) || {}).quiz;

    function refresh() {
      const answers = Array.from(graded.keys()).map(answer).filter(Boolean);
      score.textContent = scoreText(answers, graded.size);
      const missed = answers.filter((a) => !a.correct).length;
      mistakesBtn.hidden = !allBtn.hidden || !missed;
      mistakesBtn.textContent = "Review my mistakes (" + missed + ")";
    }

    // Shows each graded question as the store has it: answered (with its explanation) or open.
    function restore() {
      graded.forEach(({ ctl, show }, id) => {
        const saved = answer(id);
        ctl.reset();
        show(false);
        if (saved && Number.isInteger(saved.choice)) {
          ctl.restore(saved.choice);
          show(true);
        }
      });
    }

    // Review: only the questions answered wrong, asked afresh; "Show all questions" brings the others back.
    function review(on, focus) {
      const missed = on ? Array.from(graded.keys()).filter((id) => answer(id) && !answer(id).correct) : [];
      items.forEach((item) => { item.hidden = on && !missed.includes(vk.itemId(item)); });
      missed.forEach((id) => {
        forgetAnswer(deck, id);
        graded.get(id).ctl.reset();
        graded.get(id).show(false);
      });
      allBtn.hidden = !on;
      reviewNote.textContent = on ? "Reviewing your " + missed.length + (missed.length === 1 ? " mistake." : " mistakes.") : "";
      refresh();
      if (!focus) return;
      if (missed.length) graded.get(missed[0]).ctl.first.focus();
      else (mistakesBtn.hidden ? score : mistakesBtn).focus();
    }

    items.forEach((item) => {
      const id = vk.itemId(item);
      const spec = specs.get(id) || {};
      const details = item.querySelector(":scope > details.verikb-explanation");
      const key = spec.answer === null || spec.answer === undefined ? null : Number(spec.answer);
      const show = (open) => {
        if (!details) return;
        details.hidden = !open;
        details.open = open;
      };
      const ctl = vk.choice(item, key, {
        onAnswer(ok, choice) { show(true); saveAnswer(deck, id, choice, ok); refresh(); },
        onReset() { show(false); forgetAnswer(deck, id); refresh(); },
      });
      if (ctl) graded.set(id, { item, ctl, show });
      else selfCheck(item, details, Boolean(spec.refuted));
    });
    score.setAttribute("tabindex", "-1"); // focus lands here when a review ends with nothing left to review
    restore();
    refresh();
    vk.progress.onReset(section, deck, () => {
      if (!allBtn.hidden) review(false, false);
      restore();
      refresh();
    });
  }

  vk.register("section.verikb-quiz", enhance);
})();
