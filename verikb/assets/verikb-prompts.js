// verikb-prompts.js — open prompts: write an answer, then tick the key concepts it covered; kept in the progress store.
(function () {
  "use strict";
  const vk = window.verikb;

  // Concept names from the JSON, else from the static list, else "Key concept N" for the count the source gives.
  function conceptNames(spec, details) {
    const named = (Array.isArray(spec.concepts) ? spec.concepts : []).map(String).filter((c) => c.trim());
    if (named.length) return { names: named, generic: false };
    const listed = details ? Array.from(details.querySelectorAll("li"), (li) => li.textContent.trim()).filter(Boolean) : [];
    if (listed.length) return { names: listed, generic: false };
    const count = Math.max(0, Number(spec.count) || 0);
    return { names: Array.from({ length: count }, (_, i) => "Key concept " + (i + 1)), generic: true };
  }

  function checklist(names, generic, onTick) {
    const fieldset = vk.el("fieldset", { class: "verikb-checklist" });
    fieldset.appendChild(vk.el("legend", {}, "Tick the key concepts your answer covered"));
    if (generic) {
      const note = "The source only says there are " + names.length + " key concepts, not what they are: tick one for each idea you covered.";
      fieldset.appendChild(vk.el("p", { class: "verikb-checklist-note" }, note));
    }
    const list = vk.el("ul", { class: "verikb-checklist-items" });
    const boxes = names.map((name) => {
      const box = vk.el("input", { type: "checkbox", class: "verikb-concept-box" });
      const label = vk.el("label", { class: "verikb-concept-label" });
      label.append(box, vk.el("span", {}, name));
      list.appendChild(vk.el("li")).appendChild(label);
      box.addEventListener("change", onTick);
      return box;
    });
    fieldset.appendChild(list);
    return { fieldset, boxes };
  }

  // Returns load(saved): shows a saved state (or a fresh one), e.g. after the topic's progress was reset.
  function buildPrompt(item, spec, save) {
    const details = item.querySelector(":scope > details.verikb-concepts");
    const { names, generic } = conceptNames(spec, details);
    const state = { text: "", checked: false, ticks: [] };
    const box = vk.el("div", { class: "verikb-answer-box" });
    const area = vk.el("textarea", { class: "verikb-answer", rows: 5 });
    const label = vk.el("label", { class: "verikb-answer-label", for: vk.ensureId(area, "answer") }, "Your answer");
    const result = vk.el("p", { class: "verikb-concept-score", "aria-live": "polite" });
    const check = vk.button("Check my answer", "verikb-check", () => reveal(true));
    const list = checklist(names, generic, () => tick(true));
    const clear = vk.button("Start over", "verikb-btn--quiet verikb-clear", () => startOver());
    clear.hidden = true;
    box.append(label, area, check, list.fieldset, result, clear);
    (details || item.lastElementChild).after(box);
    if (details) details.hidden = true;
    if (!names.length) check.hidden = true;

    // byLearner: a click or key press (saved, focus moved), not a state shown from the store.
    function tick(byLearner) {
      const n = list.boxes.filter((b) => b.checked).length;
      result.textContent = "You got " + n + "/" + names.length + " concepts.";
      state.ticks = list.boxes.map((b, i) => (b.checked ? i : -1)).filter((i) => i >= 0);
      if (byLearner) save(state);
    }
    function reveal(byLearner) {
      state.checked = true;
      check.hidden = true;
      list.fieldset.hidden = false;
      clear.hidden = false;
      tick(byLearner);
      if (byLearner && list.boxes[0]) list.boxes[0].focus();
    }
    function load(saved) {
      Object.assign(state, { text: "", checked: false, ticks: [] }, saved);
      if (!Array.isArray(state.ticks)) state.ticks = [];
      area.value = state.text || "";
      list.boxes.forEach((b, i) => { b.checked = state.ticks.includes(i); });
      list.fieldset.hidden = true;
      clear.hidden = true;
      check.hidden = !names.length;
      result.textContent = "";
      if (state.checked && names.length) reveal(false);
    }
    function startOver() {
      load(undefined);
      save(state);
      area.focus();
    }
    area.addEventListener("input", () => { state.text = area.value; save(state); });
    return load;
  }

  function enhance(section) {
    const deck = vk.deckOf(section);
    const specs = vk.byId(vk.data(section).prompts);
    const loaders = new Map();
    const restore = () => loaders.forEach((load, id) => load((vk.progress.get(deck, id) || {}).prompt));
    section.querySelectorAll(".verikb-open-prompt").forEach((item) => {
      const id = vk.itemId(item);
      loaders.set(id, buildPrompt(item, specs.get(id) || {}, (state) => {
        vk.progress.update(deck, id, (rec) => Object.assign(rec, { prompt: Object.assign({}, state) }));
      }));
    });
    restore();
    vk.progress.onReset(section, deck, restore);
  }

  vk.register("section.verikb-prompts", enhance);
})();
