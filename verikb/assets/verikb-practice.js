// verikb-practice.js — practice problems: graded options (answers kept in the progress store) plus a solution
// revealed one step at a time.
(function () {
  "use strict";
  const vk = window.verikb;

  function stepper(details) {
    const stepList = details.querySelector(":scope > ol.verikb-steps");
    const steps = stepList ? Array.from(stepList.querySelectorAll(":scope > li")) : [];
    const rest = Array.from(details.children).filter((n) => n !== stepList && n.tagName !== "SUMMARY");
    const btn = vk.button("", "verikb-next-step", () => advance());
    const status = vk.el("p", { class: "verikb-step-status", "aria-live": "polite" });
    let shown = 0;

    function label() {
      if (shown === 0) return steps.length ? "Show solution step 1 of " + steps.length : "Show solution";
      if (shown < steps.length) return "Next step (" + (shown + 1) + " of " + steps.length + ")";
      return "Show final answer";
    }
    function finish() {
      rest.forEach((n) => { n.hidden = false; });
      btn.remove();
      status.textContent = steps.length ? "All " + steps.length + " steps shown, with the final answer." : "Solution shown.";
      const target = details.querySelector(":scope > .verikb-final") || rest[0] || details;
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
    function advance() {
      details.hidden = false;
      details.open = true;
      if (shown >= steps.length) return finish();
      steps[shown].hidden = false;
      shown += 1;
      status.textContent = "Step " + shown + " of " + steps.length + " shown.";
      btn.textContent = label();
    }

    details.classList.add("verikb-stepped");
    details.hidden = true;
    steps.forEach((s) => { s.hidden = true; });
    rest.forEach((n) => { n.hidden = true; });
    btn.textContent = label();
    btn.setAttribute("aria-controls", vk.ensureId(details, "solution"));
    const bar = vk.el("div", { class: "verikb-step-bar" });
    bar.append(btn, status);
    details.after(bar);
  }

  function enhance(section) {
    const deck = vk.deckOf(section);
    const specs = vk.byId(vk.data(section).practice);
    const controls = new Map();
    const restore = () => controls.forEach((ctl, id) => {
      const saved = (vk.progress.get(deck, id) || {}).practice;
      ctl.reset();
      if (saved && Number.isInteger(saved.choice)) ctl.restore(saved.choice);
    });
    section.querySelectorAll(".verikb-practice").forEach((item) => {
      const id = vk.itemId(item);
      const spec = specs.get(id) || {};
      const answer = spec.answer === null || spec.answer === undefined ? null : Number(spec.answer);
      const options = item.querySelector(":scope > ol.verikb-options");
      const ctl = vk.choice(item, answer, {
        onAnswer: (correct, choice) => vk.progress.update(deck, id, (rec) => Object.assign(rec, {
          practice: { choice, correct, at: new Date().toISOString() },
        })),
        onReset: () => vk.progress.update(deck, id, (rec) => { delete rec.practice; return rec; }),
      });
      if (ctl) controls.set(id, ctl);
      else if (options) {
        const why = spec.refuted
          ? "Self-check: real output refutes the source's answer and no option holds; see the solution below."
          : "Self-check: the source gives no answer key; compare with the solution below.";
        options.after(vk.selfCheckNote(item, why));
      }
      const details = item.querySelector(":scope > details.verikb-solution");
      if (details) stepper(details);
    });
    restore();
    vk.progress.onReset(section, deck, restore);
  }

  vk.register("section.verikb-practice-set", enhance);
})();
