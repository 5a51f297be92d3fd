// verikb-review.js — the review page: one item at a time across every topic, due first (FSRS state in the progress
// store), Space reveals, 1–4 rates (Again / Hard / Good / Easy, each with its next interval), "review my mistakes".
// Items come from the render stage: learning.json (every topic's item ids) and, per topic, review/<topic>.json
// (each item's HTML exactly as its topic page renders it: source text escaped there, a refuted answer marked as
// the source's, the corrected key and the verdicts on the back). No source text is turned into HTML here.
(function () {
  "use strict";
  const vk = window.verikb;
  const MISTAKES = "#mistakes";

  const json = (url) => fetch(url).then((response) => {
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response.json();
  });

  // Every card and question of the index, by "deck/item", in the learning path's order.
  function itemsOf(index) {
    const items = [];
    (index.topics || []).forEach((topic) => {
      (topic.cards || []).forEach((id) => items.push({ topic, id, kind: "card" }));
      (topic.questions || []).forEach((id) => items.push({ topic, id, kind: "question" }));
    });
    return items;
  }

  /**
   * The items to go through now. "due": items whose FSRS card is due (oldest first), then cards never studied;
   * "mistakes": every question whose last answer was wrong.
   */
  function queueOf(items, mode, now) {
    const records = new Map(vk.progress.entries().map((e) => [e.deck + "/" + e.item, e.record]));
    const record = (it) => records.get(it.topic.deck + "/" + it.id);
    if (mode === "mistakes") return items.filter((it) => it.kind === "question" && (record(it) || {}).quiz && record(it).quiz.correct === false);
    const due = items.filter((it) => vk.progress.isDue(record(it), now));
    due.sort((a, b) => Date.parse(record(a).card.due) - Date.parse(record(b).card.due));
    return due.concat(items.filter((it) => it.kind === "card" && !(record(it) || {}).card));
  }

  /** The rendered item as a node: HTML written by the render stage (html.py escapes every source text). */
  function itemNode(html) {
    const node = new DOMParser().parseFromString(html, "text/html").body.firstElementChild;
    node.removeAttribute("id"); // the topic page's anchor; not an anchor here
    return document.adoptNode(node);
  }

  function mount(root) {
    const data = vk.data(root);
    root.replaceChildren();
    const modes = vk.el("div", { class: "verikb-review-modes", role: "group", "aria-label": "What to review" });
    const dueBtn = vk.button("Everything due", "verikb-btn--quiet verikb-review-mode", () => start("due"));
    const missBtn = vk.button("Review my mistakes", "verikb-btn--quiet verikb-review-mode", () => start("mistakes"));
    modes.append(dueBtn, missBtn);
    const count = vk.el("p", { class: "verikb-review-count", role: "status", "aria-live": "polite" });
    const where = vk.el("p", { class: "verikb-review-where" });
    const stage = vk.el("div", { class: "verikb-review-stage", tabindex: "-1", "aria-label": "Review item" });
    const show = vk.button("Show answer", "verikb-review-show", () => reveal());
    show.setAttribute("aria-keyshortcuts", "Space");
    const grades = vk.gradeButtons((grade) => rateCurrent(grade));
    const rate = grades.group;
    rate.classList.add("verikb-review-rate");
    const controls = vk.el("div", { class: "verikb-review-controls" }, show, rate);
    const help = vk.el("p", { class: "verikb-review-help" }, "Keys: Space shows the answer, 1 Again, 2 Hard, 3 Good, 4 Easy. A question: pick an option, or press Space to see the answer.");
    root.append(modes, count, where, stage, controls, help);

    const shards = new Map();
    const shard = (topic) => {
      if (!shards.has(topic.deck)) shards.set(topic.deck, json(vk.assetUrl(topic.items)));
      return shards.get(topic.deck);
    };
    let items = [];
    let mode = "due";
    let queue = [];
    let current = null; // {item, node, revealed}

    function say() {
      const n = queue.length;
      const what = mode === "mistakes" ? (n === 1 ? "missed question" : "missed questions") : (n === 1 ? "item" : "items");
      count.textContent = n + " " + what + " left";
    }

    function finished() {
      current = null;
      controls.hidden = true;
      where.replaceChildren();
      const next = vk.progress.entries().filter((e) => e.record.card).map((e) => Date.parse(e.record.card.due)).sort((a, b) => a - b)[0];
      const text = mode === "mistakes"
        ? "No missed question left to review."
        : "Nothing is due. " + (next ? "Next review in " + vk.progress.interval(Date.now(), next) + "." : "");
      stage.replaceChildren(vk.el("p", { class: "verikb-review-done" }, text));
    }

    async function showNext() {
      if (!queue.length && mode === "due") queue = queueOf(items, mode, Date.now()); // e.g. "Again" cards due again
      if (!queue.length) { finished(); return say(); }
      const item = queue[0];
      const entry = (await shard(item.topic)).items[item.id];
      if (queue[0] !== item) return; // the mode changed meanwhile
      if (!entry) { queue.shift(); return showNext(); } // the topic no longer has it
      const node = itemNode(entry.html);
      node.classList.add("verikb-review-item");
      const back = node.querySelector(":scope > details");
      if (back) { back.hidden = true; back.open = false; }
      current = { item, node, back, revealed: false };
      if (item.kind === "question") {
        current.choice = vk.choice(node, entry.answer, { onAnswer: (correct, choice) => answered(item, correct, choice) });
      }
      where.replaceChildren(
        item.kind === "card" ? "Flashcard" : "Missed question", " from ", // only a missed question is a review item
        vk.el("a", { href: vk.assetUrl(item.topic.page) }, item.topic.title),
      );
      stage.replaceChildren(node);
      say(); // with the item, not before its topic's shard arrives: the count never runs ahead of what is shown
      controls.hidden = false;
      show.hidden = false;
      rate.hidden = true;
      stage.focus({ preventScroll: true });
    }

    function answered(item, correct, choice) {
      current.node.querySelectorAll(".verikb-retry").forEach((btn) => { btn.hidden = true; }); // rated instead
      vk.progress.update(item.topic.deck, item.id, (rec) => Object.assign(rec, { quiz: { choice, correct, at: new Date().toISOString() } }));
      reveal();
    }

    function reveal() {
      if (!current || current.revealed) return;
      current.revealed = true;
      if (current.back) { current.back.hidden = false; current.back.open = true; }
      show.hidden = true;
      rate.hidden = false;
      grades.showFor((vk.progress.get(current.item.topic.deck, current.item.id) || {}).card);
      stage.focus({ preventScroll: true });
    }

    function rateCurrent(grade) {
      if (!current || !current.revealed) return;
      const { item } = current;
      current = null;
      vk.loadFsrs().then((fsrs) => {
        const now = new Date();
        vk.progress.update(item.topic.deck, item.id, (rec) => Object.assign(rec, { card: fsrs.rate(rec.card, grade, now) }));
        queue = queue.filter((it) => it !== item);
        return showNext();
      }).catch((err) => console.warn("verikb:", err.message));
    }

    function start(which) {
      mode = which;
      dueBtn.setAttribute("aria-pressed", String(mode === "due"));
      missBtn.setAttribute("aria-pressed", String(mode === "mistakes"));
      queue = queueOf(items, mode, Date.now());
      showNext().catch((err) => console.warn("verikb:", err.message));
    }

    root.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey || !current) return;
      if (event.target.closest("textarea, select, input:not([type=radio])")) return; // typing
      const grade = event.key.length === 1 ? "1234".indexOf(event.key) : -1;
      if (event.key === " " && event.target.closest("button, a, summary, input")) return; // Space clicks them
      if (event.key === " " && !current.revealed) {
        event.preventDefault();
        reveal();
      } else if (grade >= 0 && current.revealed) {
        event.preventDefault();
        rateCurrent(grades.grades[grade]);
      } else if (grade >= 0 && current.choice) {
        event.preventDefault();
        current.choice.grade(grade); // a question's option A–D
      }
    });
    window.addEventListener("verikb:progress", function listener(event) {
      if (!root.isConnected) return window.removeEventListener("verikb:progress", listener);
      if (["reset", "import", "storage"].includes((event.detail || {}).cause)) start(mode);
    });

    json(vk.assetUrl(data.index || "learning.json")).then((index) => {
      items = itemsOf(index);
      start(window.location.hash === MISTAKES ? "mistakes" : "due");
    }).catch((err) => {
      stage.replaceChildren(vk.el("p", { class: "verikb-review-done" }, "The review items could not be loaded: " + err.message));
    });
  }

  vk.register(".verikb-review", mount);
})();
