// verikb-dashboard.js — the home page's progress over every topic: due now, learned, quiz accuracy, prompts done;
// "continue where you left off", "review everything due (N)", "review my mistakes", and export / import / reset
// of the whole progress store. Topic ids and pages come from learning.json (written by the render stage).
(function () {
  "use strict";
  const vk = window.verikb;
  const COLUMNS = ["Topic", "Due now", "Learned", "Quiz", "Prompts done"];

  const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");

  /** One topic's numbers from the store's records of it (record by item id). */
  function topicStats(topic, records, now) {
    const rec = (id) => records.get(id) || {};
    const cards = topic.cards || [];
    const questions = topic.questions || [];
    const prompts = topic.prompts || [];
    const fresh = cards.filter((id) => !rec(id).card).length;
    const due = [...cards, ...questions].filter((id) => vk.progress.isDue(rec(id), now)).length + fresh;
    const answered = questions.filter((id) => rec(id).quiz);
    return {
      due,
      fresh,
      learned: cards.filter((id) => rec(id).card && !vk.progress.isDue(rec(id), now)).length,
      cards: cards.length,
      answered: answered.length,
      right: answered.filter((id) => rec(id).quiz.correct).length,
      missed: answered.filter((id) => !rec(id).quiz.correct).length,
      questions: questions.length,
      promptsDone: prompts.filter((id) => rec(id).prompt && rec(id).prompt.checked).length,
      prompts: prompts.length,
    };
  }

  /** The store's entries as deck -> (item -> record). */
  function recordsOf(entries) {
    const byDeck = new Map();
    entries.forEach((e) => {
      if (!byDeck.has(e.deck)) byDeck.set(e.deck, new Map());
      byDeck.get(e.deck).set(e.item, e.record);
    });
    return byDeck;
  }

  function row(topic, s) {
    const cells = [
      vk.el("a", { href: vk.assetUrl(topic.page) }, topic.title),
      s.due + (s.fresh ? " (" + s.fresh + " new)" : ""),
      s.learned + " of " + plural(s.cards, "card"),
      s.answered ? s.right + "/" + s.answered + " right (" + Math.round((100 * s.right) / s.answered) + "%)" : (s.questions ? "not started" : "—"),
      s.prompts ? s.promptsDone + "/" + s.prompts : "—",
    ];
    const tr = vk.el("tr", { "data-deck": topic.deck });
    cells.forEach((cell, i) => tr.appendChild(vk.el(i ? "td" : "th", i ? { "data-label": COLUMNS[i] } : { scope: "row" }, cell)));
    return tr;
  }

  function download(text) {
    const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    const link = vk.el("a", { href: url, download: "verikb-progress-" + new Date().toISOString().slice(0, 10) + ".json" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function mount(root) {
    const data = vk.data(root);
    const reviewLink = root.querySelector("a.verikb-review-link");
    const reviewHref = reviewLink ? reviewLink.getAttribute("href") : "review/";
    const actions = vk.el("p", { class: "verikb-dashboard-actions" });
    const table = vk.el("table", { class: "verikb-dashboard-table" });
    const tbody = vk.el("tbody");
    table.append(vk.el("thead", {}, vk.el("tr", {}, ...COLUMNS.map((c) => vk.el("th", { scope: "col" }, c)))), tbody);
    const message = vk.el("p", { class: "verikb-dashboard-message", role: "status", "aria-live": "polite" });
    const file = vk.el("input", { type: "file", accept: ".json,application/json", class: "verikb-import-file", hidden: true });
    const tools = vk.el("div", { class: "verikb-dashboard-tools", role: "group", "aria-label": "Your progress file" },
      vk.button("Export progress", "verikb-btn--quiet verikb-export", () => download(vk.progress.exportText())),
      vk.button("Import progress", "verikb-btn--quiet verikb-import", () => file.click()),
      vk.button("Reset all progress", "verikb-btn--quiet verikb-reset-all", () => {
        if (!window.confirm("Forget all your progress on every topic (flashcards, quiz answers, prompts and practice)? Export it first to keep a copy.")) return;
        vk.progress.resetAll();
        message.textContent = "All progress was forgotten.";
      }),
      file);
    file.addEventListener("change", async () => {
      const chosen = file.files && file.files[0];
      if (!chosen) return;
      const result = vk.progress.importText(await chosen.text());
      message.textContent = result.message;
      message.classList.toggle("verikb-dashboard-message--bad", !result.ok);
      file.value = "";
    });
    let topics = [];
    let stats = [];

    // The numbers of every topic, or only of `deck` (a write names its topic: at 1000 topics a full redraw of the
    // table is what costs, not the counting).
    function draw(deck) {
      const now = Date.now();
      const changed = deck === undefined ? -1 : topics.findIndex((t) => t.deck === deck);
      if (changed >= 0 && stats.length === topics.length) {
        const records = recordsOf(vk.progress.entries(deck)).get(deck) || new Map();
        stats[changed] = topicStats(topics[changed], records, now);
        tbody.children[changed].replaceWith(row(topics[changed], stats[changed]));
      } else {
        const byDeck = recordsOf(vk.progress.entries());
        stats = topics.map((t) => topicStats(t, byDeck.get(t.deck) || new Map(), now));
        tbody.replaceChildren(...topics.map((t, i) => row(t, stats[i])));
      }
      const due = stats.reduce((n, s) => n + s.due, 0);
      const missed = stats.reduce((n, s) => n + s.missed, 0);
      const last = vk.progress.last();
      const lastTopic = last && topics.find((t) => t.deck === last.deck);
      const links = [
        vk.el("a", { class: "verikb-btn verikb-review-all", href: reviewHref }, "Review everything due (" + due + ")"),
        missed ? vk.el("a", { class: "verikb-btn verikb-btn--quiet verikb-review-mistakes", href: reviewHref + "#mistakes" }, "Review my mistakes (" + missed + ")") : null,
        last ? vk.el("a", { class: "verikb-btn verikb-btn--quiet verikb-continue", href: last.page }, "Continue where you left off: " + (lastTopic ? lastTopic.title : last.page)) : null,
      ];
      actions.replaceChildren(...links.filter(Boolean)); // replaceChildren(null) would show the word "null"
    }

    fetch(vk.assetUrl(data.index || "learning.json")).then((response) => {
      if (!response.ok) throw new Error("learning.json: HTTP " + response.status);
      return response.json();
    }).then((index) => {
      topics = index.topics || [];
      const legend = vk.el("p", { class: "verikb-dashboard-legend" },
        "Due now: flashcards and missed questions to review now (new: never studied yet). "
        + "Learned: flashcards you studied that are not due yet. Your progress stays in this browser: export it to keep it.");
      root.replaceChildren(actions, vk.el("div", { class: "verikb-dashboard-scroll" }, table), legend, tools, message);
      draw();
      window.addEventListener("verikb:progress", function listener(event) {
        if (!root.isConnected) return window.removeEventListener("verikb:progress", listener);
        const { cause, deck } = event.detail || {};
        draw(cause === "update" || cause === "visit" ? deck : undefined);
      });
    }).catch((err) => console.warn("verikb:", err.message));
  }

  vk.register(".verikb-dashboard", mount);
})();
