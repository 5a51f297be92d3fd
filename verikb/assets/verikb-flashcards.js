// verikb-flashcards.js — flashcard decks: flip, rate "Knew it"/"Again", spaced review kept in localStorage, due cards first.
(function () {
  "use strict";
  const vk = window.verikb;
  const DAY = 24 * 60 * 60 * 1000;
  const INTERVALS = [1, 3, 7, 16, 35]; // days until the next review after 1, 2, 3… "Knew it" in a row

  const isDue = (rec, now) => !rec || rec.due <= now;

  function statusText(rec, now) {
    if (!rec) return "New";
    if (rec.due <= now) return rec.box ? "Due for review" : "Again — due now";
    const days = Math.max(1, Math.round((rec.due - now) / DAY));
    return "Knew it · next review in " + days + (days === 1 ? " day" : " days");
  }

  // Due reviews first (oldest first), then new cards, then cards not due yet (soonest first).
  function sortKey(rec, now) {
    if (!rec) return [1, 0];
    return [rec.due <= now ? 0 : 2, rec.due];
  }

  function order(cards, progress) {
    const now = Date.now();
    const keyed = cards.map((card, i) => [sortKey(progress[card.verikbId], now), i, card]);
    keyed.sort((a, b) => a[0][0] - b[0][0] || a[0][1] - b[0][1] || a[1] - b[1]);
    const parent = cards[0].parentNode;
    if (cards.every((card) => card.parentNode === parent)) keyed.forEach((entry) => parent.appendChild(entry[2]));
  }

  function deckStatus(cards, progress) {
    const now = Date.now();
    const due = cards.filter((card) => isDue(progress[card.verikbId], now)).length;
    const noun = cards.length === 1 ? "card" : "cards";
    return cards.length + " " + noun + " · " + due + " due now · " + (cards.length - due) + " remembered for later";
  }

  function buildCard(card, deck) {
    const back = card.querySelector(":scope > details.verikb-card-back");
    const controls = vk.el("div", { class: "verikb-card-controls" });
    const status = vk.el("p", { class: "verikb-card-status" });
    const flip = vk.button("Show answer", "verikb-flip", () => deck.flip(card, back.hidden));
    flip.setAttribute("aria-expanded", "false");
    flip.setAttribute("aria-controls", vk.ensureId(back, "back"));
    const rate = vk.el("div", { class: "verikb-rate", role: "group", "aria-label": "How well did you remember?" });
    rate.append(
      vk.button("✓ Knew it", "verikb-btn--good verikb-knew", () => deck.rate(card, true)),
      vk.button("↻ Again", "verikb-btn--again verikb-again", () => deck.rate(card, false)),
    );
    rate.hidden = true;
    controls.append(flip, rate, status);
    card.appendChild(controls);
    back.hidden = true;
    back.open = false;
    Object.assign(card, { verikbId: vk.itemId(card), verikbUi: { back, flip, rate, status } });
  }

  function enhance(section) {
    const data = vk.data(section);
    const key = "flashcards:" + (data.deck || section.getAttribute("data-deck") || "default");
    let progress = vk.store.get(key, {});
    const cards = Array.from(section.querySelectorAll(".verikb-card")).filter((c) => c.querySelector(":scope > details.verikb-card-back"));
    if (!cards.length) return;
    const original = cards.slice();
    const bar = vk.el("div", { class: "verikb-deck-bar" });
    const deckLine = vk.el("p", { class: "verikb-deck-status", "aria-live": "polite" });
    const resetBtn = vk.button("Reset progress", "verikb-btn--quiet verikb-reset", () => deck.reset());
    bar.append(deckLine, resetBtn);
    cards[0].before(bar);

    const deck = {
      refresh() {
        const now = Date.now();
        cards.forEach((card) => {
          const rec = progress[card.verikbId];
          card.verikbUi.status.textContent = statusText(rec, now);
          card.classList.toggle("verikb-card--due", isDue(rec, now));
        });
        deckLine.textContent = deckStatus(cards, progress);
      },
      flip(card, show) {
        const ui = card.verikbUi;
        ui.back.hidden = !show;
        ui.back.open = show;
        ui.rate.hidden = !show;
        ui.flip.textContent = show ? "Hide answer" : "Show answer";
        ui.flip.setAttribute("aria-expanded", String(show));
        card.classList.toggle("verikb-card--flipped", show);
      },
      rate(card, knew) {
        const old = progress[card.verikbId] || {};
        const box = knew ? Math.min((Number(old.box) || 0) + 1, INTERVALS.length) : 0;
        const due = Date.now() + (knew ? INTERVALS[box - 1] * DAY : 0);
        progress[card.verikbId] = { box: box, due: due, reviews: (Number(old.reviews) || 0) + 1 };
        vk.store.set(key, progress);
        deck.flip(card, false);
        deck.refresh();
        const next = cards[cards.indexOf(card) + 1];
        (next ? next.verikbUi.flip : card.verikbUi.flip).focus();
      },
      reset() {
        if (!window.confirm("Forget your progress on this deck?")) return;
        progress = {};
        vk.store.set(key, progress);
        order(original, progress);
        cards.splice(0, cards.length, ...original);
        deck.refresh();
      },
    };
    cards.forEach((card) => buildCard(card, deck));
    order(cards, progress);
    cards.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    deck.refresh();
  }

  vk.register("section.verikb-flashcards", enhance);
})();
