// verikb-progress.js — the learner's progress store (notes/progress-api.md): one versioned localStorage key,
// records keyed "<deck>/<item>", JSON export and import; each write dispatches "verikb:progress". No ts-fsrs here.
(function () {
  "use strict";
  const vk = window.verikb;
  if (vk.progress) return;
  const KEY = "verikb:progress";
  const SCHEMA = "verikb-progress/1";
  const OLD_KEY = /^verikb:(flashcards|prompts):(.+)$/;
  const LADDER = [1, 3, 7, 16, 35]; // days of the old "Knew it" boxes 1..5
  let memory = null; // the store when localStorage is blocked or full: kept until the page closes
  let cache = {};

  const isObject = (v) => Boolean(v) && typeof v === "object" && !Array.isArray(v);
  const empty = () => ({ schema: SCHEMA, items: {}, last: null });
  const copy = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  const iso = (t) => new Date(t).toISOString();
  const emit = (detail) => window.dispatchEvent(new CustomEvent("verikb:progress", { detail }));

  function storage() {
    try { return window.localStorage; } catch (err) { return null; }
  }

  // The saved store, parsed again only when its text changed (another tab may have written it).
  function read() {
    let raw;
    try { raw = memory ? null : storage().getItem(KEY); } catch (err) { raw = null; }
    if (memory) return memory;
    if (raw !== cache.raw) {
      let data = null;
      try { data = JSON.parse(raw); } catch (err) { /* not ours: start afresh */ }
      cache = { raw, data: isObject(data) && data.schema === SCHEMA && isObject(data.items) ? data : empty() };
    }
    return cache.data;
  }

  function write(data) {
    const raw = JSON.stringify(data);
    try {
      storage().setItem(KEY, raw);
      cache = { raw, data };
      return true;
    } catch (err) {
      memory = data;
      return false;
    }
  }

  // A card exactly as ts-fsrs's createEmptyCard(now) serialises it, made without loading ts-fsrs.
  const newCard = (now) => ({
    due: iso(now === undefined ? Date.now() : now), stability: 0, difficulty: 0, elapsed_days: 0, scheduled_days: 0,
    reps: 0, lapses: 0, learning_steps: 0, state: 0,
  });

  // An old ladder record {box, due, reviews} as an FSRS card due when the ladder had it due: box 0 ("Again") is a
  // new card; box n a review card whose stability is its ladder interval (FSRS's stability: the days until recall
  // falls to 90%, the default retention). The old record stays beside it as "ladder".
  function ladderCard(old) {
    const box = Math.min(LADDER.length, Math.max(0, Math.floor(old.box) || 0));
    const due = Number.isFinite(old.due) ? old.due : Date.now();
    const reps = Math.max(box, Math.floor(old.reviews) || 0);
    if (!box) return Object.assign(newCard(due), { reps });
    const days = LADDER[box - 1];
    const last = iso(due - days * 864e5);
    return Object.assign(newCard(due), { stability: days, difficulty: 5, scheduled_days: days, reps, state: 2, last_review: last });
  }

  /** Moves the old keys verikb:flashcards:<deck> and verikb:prompts:<deck> into the store, then removes them. */
  function migrate() {
    const ls = storage();
    const keys = [];
    try { for (let i = 0; i < ls.length; i++) if (OLD_KEY.test(ls.key(i))) keys.push(ls.key(i)); } catch (err) { return; }
    if (!keys.length) return;
    const data = copy(read());
    keys.forEach((key) => {
      const [, kind, deck] = key.match(OLD_KEY);
      let old = null;
      try { old = JSON.parse(ls.getItem(key)); } catch (err) { /* unreadable: nothing to keep */ }
      Object.entries(isObject(old) ? old : {}).forEach(([item, value]) => {
        if (!isObject(value)) return;
        const rec = (data.items[deck + "/" + item] = data.items[deck + "/" + item] || {});
        if (kind === "prompts") rec.prompt = rec.prompt || value;
        else if (!rec.card) Object.assign(rec, { card: ladderCard(value), ladder: value });
      });
    });
    if (write(data)) keys.forEach((key) => ls.removeItem(key)); // only once the store holds them
  }

  const isDate = (v) => typeof v === "string" && !Number.isNaN(Date.parse(v));
  const isAnswer = (a) => a === undefined || (isObject(a) && Number.isInteger(a.choice) && typeof a.correct === "boolean");

  // Why an imported file is not a progress file of this site, or "" when it is.
  function problem(data) {
    if (!isObject(data) || !String(data.schema).startsWith("verikb-progress/")) {
      return `it is not a verikb progress file (no "schema": "${SCHEMA}")`;
    }
    if (data.schema !== SCHEMA) return `its schema is "${data.schema}"; this site reads "${SCHEMA}"`;
    if (!isObject(data.items)) return 'it has no "items"';
    for (const [id, r] of Object.entries(data.items)) {
      const why = !(id.indexOf("/") > 0) ? "is not named <deck>/<item>"
        : !isObject(r) ? "is not an object"
        : r.card !== undefined && !(isObject(r.card) && isDate(r.card.due)) ? "has a card without a due date"
        : !isAnswer(r.quiz) || !isAnswer(r.practice) ? "has an answer without a choice and a correct flag"
        : r.prompt !== undefined && !isObject(r.prompt) ? "has a prompt that is not an object" : "";
      if (why) return `its item "${id}" ${why}`;
    }
    const last = data.last;
    const place = isObject(last) && typeof last.deck === "string" && typeof last.page === "string";
    if (last !== undefined && last !== null && !place) return 'its "last" has no deck and page';
    return "";
  }

  vk.progress = {
    schema: SCHEMA,
    newCard,

    get: (deck, item) => copy(read().items[deck + "/" + item]),

    update(deck, item, fn) {
      // A new top level and items map, the records themselves shared: a deep copy of the whole store on every
      // write took 252 ms at 5,000 records (1 MB); the one record fn changes is copied on its own.
      const current = read();
      const data = { ...current, items: { ...current.items } };
      const id = deck + "/" + item;
      const rec = fn(copy(data.items[id]) || {});
      if (isObject(rec) && Object.keys(rec).length) data.items[id] = rec;
      else delete data.items[id];
      write(data);
      emit({ deck, item, cause: "update" });
      return copy(data.items[id]) || {};
    },

    entries: (deck) => Object.entries(read().items)
      .filter(([id]) => deck === undefined || id.startsWith(deck + "/"))
      .map(([id, record]) => {
        const cut = id.indexOf("/");
        return { deck: id.slice(0, cut), item: id.slice(cut + 1), record: copy(record) };
      }),

    isDue(record, now) {
      return Boolean(record && record.card) && Date.parse(record.card.due) <= (now === undefined ? Date.now() : +new Date(now));
    },

    resetDeck(deck) {
      const data = copy(read());
      Object.keys(data.items).forEach((id) => { if (id.startsWith(deck + "/")) delete data.items[id]; });
      write(data);
      emit({ deck, cause: "reset" });
    },

    resetAll() {
      write(empty());
      emit({ cause: "reset" });
    },

    exportText: () => JSON.stringify(read(), null, 2) + "\n",

    importText(text) {
      let data;
      try { data = JSON.parse(text); } catch (err) {
        return { ok: false, message: `This file is not valid JSON (${err.message}). Nothing was changed.` };
      }
      const why = problem(data);
      if (why) return { ok: false, message: `This file cannot be imported: ${why}. Nothing was changed.` };
      if (!write({ schema: SCHEMA, items: data.items, last: data.last || null })) {
        return { ok: false, message: "The browser refused to save the progress (storage full or blocked)." };
      }
      emit({ cause: "import" });
      const n = Object.keys(data.items).length;
      return { ok: true, message: `Imported progress on ${n} ${n === 1 ? "item" : "items"}.` };
    },

    visit(deck, page) {
      const data = copy(read());
      data.last = { deck: String(deck), page: String(page), at: iso(Date.now()) };
      write(data);
      emit({ deck, cause: "visit" });
    },

    last: () => copy(read().last) || null,

    /**
     * The time from `from` to `to` in ts-fsrs's units: "1m", "10m", "2d", "3mo". Rounded down like its
     * show_diff_message; with round, to the nearest (time left a moment after a rating: "10m", not "9m").
     */
    interval(from, to, round) {
      const units = [[60, "s"], [60, "m"], [24, "h"], [31, "d"], [12, "mo"], [Infinity, "y"]];
      const whole = round ? Math.round : Math.floor;
      let amount = Math.max(0, new Date(to) - new Date(from)) / 1000;
      let i = 0;
      while (whole(amount) >= units[i][0]) amount /= units[i++][0]; // 59.7 s rounds to "1m", not "60s"
      return whole(amount) + units[i][1];
    },

    /** fn() runs when the deck's progress is reset, imported or written by another tab, while node is in the page. */
    onReset(node, deck, fn) {
      const listener = (event) => {
        const { cause, deck: changed } = event.detail || {};
        if (!node.isConnected) return window.removeEventListener("verikb:progress", listener);
        if (["reset", "import", "storage"].includes(cause) && (!changed || changed === deck)) fn();
      };
      window.addEventListener("verikb:progress", listener);
    },
  };

  window.addEventListener("storage", (event) => {
    if (event.key === KEY || event.key === null) emit({ cause: "storage" });
  });

  // A topic page: remembered for "continue where you left off".
  vk.onReady(() => {
    const section = document.querySelector(":is(.verikb-flashcards, .verikb-quiz, .verikb-prompts, .verikb-practice-set)[data-deck]");
    if (section) vk.progress.visit(section.getAttribute("data-deck"), window.location.pathname);
  });

  // ts-fsrs (~15 KB gzip) and its glue verikb-fsrs.js are NOT loaded with the page but on first need (an answer
  // revealed, a rating, the review page): bench row "page weight, gzip <= 1.2x the theme's page".
  vk.loadFsrs = () => Promise.all(["vendor/ts-fsrs/ts-fsrs.umd.js", "verikb-fsrs.js"].map((f) => vk.loadOnce(vk.assetUrl(f))))
    .then(() => vk.fsrs || Promise.reject(new Error("verikb-fsrs.js did not set up the scheduler")));

  const GRADES = [
    ["again", "Again", "verikb-btn--again"],
    ["hard", "Hard", "verikb-btn--quiet"],
    ["good", "Good", "verikb-btn--good"],
    ["easy", "Easy", ""],
  ];
  const UNIT_WORDS = { s: "second", m: "minute", h: "hour", d: "day", mo: "month", y: "year" };

  /** "10m" -> "10 minutes": what status lines and screen readers say. */
  vk.spokenInterval = function (interval) {
    const [, n, unit] = /^(\d+)(\w+)$/.exec(interval) || [null, interval, ""];
    const word = UNIT_WORDS[unit];
    return word ? n + " " + word + (n === "1" ? "" : "s") : interval;
  };

  /**
   * The Again / Hard / Good / Easy group that flashcards and the review page share: onRate(grade) on a click;
   * grades[i] is the grade of key i + 1 (the caller listens for the keys); showFor(card) puts on each button
   * the interval FSRS would give the card now, loading ts-fsrs on first use.
   */
  vk.gradeButtons = function (onRate) {
    const group = vk.el("div", { class: "verikb-rate", role: "group", "aria-label": "How well did you remember? Keys 1 to 4" });
    const labels = {};
    GRADES.forEach(([grade, label, cls], i) => {
      const shown = vk.el("span", { class: "verikb-interval", "aria-hidden": "true" });
      const said = vk.el("span", { class: "verikb-sr" });
      labels[grade] = [shown, said];
      const btn = vk.el("button", {
        type: "button", class: `verikb-btn verikb-grade verikb-grade--${grade} ${cls}`, "aria-keyshortcuts": String(i + 1),
      }, label, shown, said);
      btn.addEventListener("click", () => onRate(grade));
      group.appendChild(btn);
    });
    return {
      group,
      grades: GRADES.map(([grade]) => grade),
      showFor(card) {
        Object.values(labels).forEach((spans) => spans.forEach((span) => { span.textContent = ""; }));
        return vk.loadFsrs().then((fsrs) => {
          const preview = fsrs.preview(card, new Date());
          Object.entries(labels).forEach(([grade, [shown, said]]) => {
            shown.textContent = preview[grade].interval;
            said.textContent = "(next review in " + vk.spokenInterval(preview[grade].interval) + ")";
          });
        }).catch((err) => console.warn("verikb:", err.message));
      },
    };
  };

  migrate();
})();
