// verikb-quiz.js — multiple-choice quiz sections: graded radio groups with a live score, self-check reveal otherwise.
(function () {
  "use strict";
  const vk = window.verikb;

  function scoreText(results, graded) {
    if (!graded) return "These questions have no answer key in the source: use “Show explanation” to check yourself.";
    const answered = Object.keys(results).length;
    const right = Object.values(results).filter(Boolean).length;
    const noun = graded === 1 ? "graded question" : "graded questions";
    if (!answered) return "Score: 0 / 0 answered · " + graded + " " + noun;
    return "Score: " + right + " / " + answered + " answered · " + graded + " " + noun;
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

  function graded(item, answer, details, onChange) {
    const id = vk.itemId(item);
    const show = (open) => {
      if (!details) return;
      details.hidden = !open;
      details.open = open;
    };
    const ctl = vk.choice(item, answer, {
      onAnswer(ok) { show(true); onChange(id, ok); },
      onReset() { show(false); onChange(id, undefined); },
    });
    if (ctl) show(false);
    return ctl;
  }

  function enhance(section) {
    const specs = vk.byId(vk.data(section).questions);
    let score = section.querySelector(".verikb-score");
    if (!score) {
      score = vk.el("p", { class: "verikb-score", "aria-live": "polite" });
      const script = section.querySelector(":scope > script.verikb-data");
      if (script) script.after(score);
      else section.prepend(score);
    }
    const results = {};
    let count = 0;
    const onChange = (id, ok) => {
      if (ok === undefined) delete results[id];
      else results[id] = ok;
      score.textContent = scoreText(results, count);
    };
    section.querySelectorAll(".verikb-question").forEach((item) => {
      const spec = specs.get(vk.itemId(item)) || {};
      const details = item.querySelector(":scope > details.verikb-explanation");
      const answer = spec.answer === null || spec.answer === undefined ? null : Number(spec.answer);
      if (graded(item, answer, details, onChange)) count += 1;
      else selfCheck(item, details, Boolean(spec.refuted));
    });
    score.textContent = scoreText(results, count);
  }

  vk.register("section.verikb-quiz", enhance);
})();
