// verikb-flashcards.js — flashcard decks: flip, rate Again / Hard / Good / Easy, scheduled by FSRS (ts-fsrs, loaded
// when the first answer is revealed), kept in the progress store (vk.progress), due cards first.
(function () {
  "use strict";
  const vk = window.verikb;

  const dueAt = (rec) => (rec && rec.card ? Date.parse(rec.card.due) : NaN);

  function statusText(rec, now) {
    if (!rec || !rec.card) return "New";
    if (vk.progress.isDue(rec, now)) return "Due now";
    return "Next review in " + vk.spokenInterval(vk.progress.interval(now, dueAt(rec), true));
  }

  // Due reviews first (oldest first), then new cards, then cards not due yet (soonest first).
  function sortKey(rec, now) {
    if (!rec || !rec.card) return [1, 0];
    return [vk.progress.isDue(rec, now) ? 0 : 2, dueAt(rec)];
  }

  function deckStatus(records, now) {
    const fresh = records.filter((rec) => !rec || !rec.card).length;
    const due = records.filter((rec) => vk.progress.isDue(rec, now)).length;
    const noun = records.length === 1 ? "card" : "cards";
    const later = records.length - fresh - due;
    return [records.length + " " + noun, fresh + " new", due + " due now", later + " later"].join(" · ");
  }

  function buildCard(card, deck) {
    const back = card.querySelector(":scope > details.verikb-card-back");
    const controls = vk.el("div", { class: "verikb-card-controls" });
    const status = vk.el("p", { class: "verikb-card-status" });
    const flip = vk.button("Show answer", "verikb-flip", () => deck.flip(card, back.hidden));
    flip.setAttribute("aria-expanded", "false");
    flip.setAttribute("aria-controls", vk.ensureId(back, "back"));
    const grades = vk.gradeButtons((grade) => deck.rate(card, grade));
    const rate = grades.group;
    rate.hidden = true;
    controls.append(flip, rate, status);
    card.appendChild(controls);
    card.addEventListener("keydown", (event) => {
      const i = "1234".indexOf(event.key);
      if (rate.hidden || event.key.length !== 1 || i < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      deck.rate(card, grades.grades[i]);
    });
    back.hidden = true;
    back.open = false;
    Object.assign(card, { verikbId: vk.itemId(card), verikbUi: { back, flip, rate, status, grades } });
  }

  function enhance(section) {
    const deckId = vk.deckOf(section);
    const cards = Array.from(section.querySelectorAll(".verikb-card"))
      .filter((c) => c.querySelector(":scope > details.verikb-card-back"));
    if (!cards.length) return;
    const original = cards.slice();
    const bar = vk.el("div", { class: "verikb-deck-bar" });
    const deckLine = vk.el("p", { class: "verikb-deck-status", "aria-live": "polite" });
    const resetBtn = vk.button("Reset progress", "verikb-btn--quiet verikb-reset", () => deck.reset());
    bar.append(deckLine, resetBtn);
    cards[0].before(bar);
    const record = (card) => vk.progress.get(deckId, card.verikbId);

    function order() {
      const now = Date.now();
      const keyed = original.map((card, i) => [sortKey(record(card), now), i, card]);
      keyed.sort((a, b) => a[0][0] - b[0][0] || a[0][1] - b[0][1] || a[1] - b[1]);
      const parent = original[0].parentNode;
      if (original.every((card) => card.parentNode === parent)) keyed.forEach((entry) => parent.appendChild(entry[2]));
      cards.splice(0, cards.length, ...keyed.map((entry) => entry[2]));
    }

    // The four buttons show what FSRS would schedule for this card now (ts-fsrs loads on the first reveal).
    const showIntervals = (card) => card.verikbUi.grades.showFor((record(card) || {}).card);

    const deck = {
      refresh() {
        const now = Date.now();
        const records = cards.map(record);
        cards.forEach((card, i) => {
          card.verikbUi.status.textContent = statusText(records[i], now);
          card.classList.toggle("verikb-card--due", !records[i] || !records[i].card || vk.progress.isDue(records[i], now));
        });
        deckLine.textContent = deckStatus(records, now);
      },
      flip(card, show) {
        const ui = card.verikbUi;
        ui.back.hidden = !show;
        ui.back.open = show;
        ui.rate.hidden = !show;
        ui.flip.textContent = show ? "Hide answer" : "Show answer";
        ui.flip.setAttribute("aria-expanded", String(show));
        card.classList.toggle("verikb-card--flipped", show);
        if (show) showIntervals(card);
      },
      rate(card, grade) {
        if (card.verikbRating) return card.verikbRating; // one rating per reveal, however fast the keys
        card.verikbRating = vk.loadFsrs().then((fsrs) => {
          const now = new Date();
          vk.progress.update(deckId, card.verikbId, (rec) => Object.assign(rec, { card: fsrs.rate(rec.card, grade, now) }));
          deck.flip(card, false);
          deck.refresh();
          const next = cards[cards.indexOf(card) + 1];
          (next ? next.verikbUi.flip : card.verikbUi.flip).focus();
        }).catch((err) => console.warn("verikb:", err.message)).finally(() => { card.verikbRating = null; });
        return card.verikbRating;
      },
      reset() {
        if (!window.confirm("Forget your progress on this topic (flashcards, quiz answers, prompts and practice)?")) return;
        vk.progress.resetDeck(deckId); // every widget of the topic hears it (vk.progress.onReset)
      },
    };
    cards.forEach((card) => buildCard(card, deck));
    order(); // no reshuffling while studying: only on load and after a reset
    deck.refresh();
    vk.progress.onReset(section, deckId, () => {
      cards.forEach((card) => deck.flip(card, false));
      order();
      deck.refresh();
    });
  }

  vk.register("section.verikb-flashcards", enhance);
})();
