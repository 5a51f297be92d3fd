// verikb-progress.js — the learner's progress store (contract: notes/progress-api.md): one versioned localStorage
// key for flashcards, quiz answers, prompts and practice, keyed "<deck id>/<item id>"; export and import as JSON.
// Every write dispatches "verikb:progress" on window. Pure JS: no network and no ts-fsrs (see vk.loadFsrs below).
(function () {
  "use strict";
  const vk = window.verikb;
  if (vk.progress) return;
  const KEY = "verikb:progress";
  const SCHEMA = "verikb-progress/1";
  const OLD_KEY = /^verikb:(flashcards|prompts):(.+)$/;
  const DAY = 24 * 60 * 60 * 1000;
  const LADDER = [1, 3, 7, 16, 35]; // the fixed intervals (days) of the old "Knew it" boxes 1..5
  let memory = null; // the store when localStorage is unavailable (private mode, blocked storage)
  let cache = { raw: undefined, data: null };

  const isObject = (value) => Boolean(value) && typeof value === "object" && !Array.isArray(value);
  const empty = () => ({ schema: SCHEMA, items: {}, last: null });
  const copy = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

  function storage() {
    try {
      return window.localStorage;
    } catch (err) {
      return null;
    }
  }

  /** The store as saved (parsed once per change of the saved text, so other tabs' writes are seen). */
  function read() {
    const ls = storage();
    if (!ls) return memory || (memory = empty());
    let raw = null;
    try { raw = ls.getItem(KEY); } catch (err) { return memory || (memory = empty()); }
    if (raw !== cache.raw) {
      let data = null;
      try { data = JSON.parse(raw); } catch (err) { data = null; }
      cache = { raw, data: isObject(data) && data.schema === SCHEMA && isObject(data.items) ? data : empty() };
    }
    return cache.data;
  }

  function write(data) {
    const raw = JSON.stringify(data);
    const ls = storage();
    try {
      if (!ls) throw new Error("no localStorage");
      ls.setItem(KEY, raw);
      cache = { raw, data };
    } catch (err) {
      memory = data; // full or blocked: progress lives until the page closes
      cache = { raw: undefined, data: null };
      return false;
    }
    return true;
  }

  function emit(detail) {
    window.dispatchEvent(new CustomEvent("verikb:progress", { detail }));
  }

  /** An unreviewed card exactly as ts-fsrs's createEmptyCard(now) makes it, serialised (no ts-fsrs needed). */
  function newCard(now) {
    const due = new Date(now === undefined ? Date.now() : now).toISOString();
    return { due, stability: 0, difficulty: 0, elapsed_days: 0, scheduled_days: 0, reps: 0, lapses: 0, learning_steps: 0, state: 0 };
  }

  // An old ladder record {box, due, reviews} as an FSRS card due when the ladder had it due: box 0 ("Again") is a
  // new card; box n is a card in review whose stability is its ladder interval (FSRS's stability is the interval
  // at which recall falls to 90%, the default retention). The old record itself is kept under "ladder".
  function ladderCard(old) {
    const box = Math.max(0, Math.min(LADDER.length, Math.floor(Number(old.box)) || 0));
    const due = Number.isFinite(Number(old.due)) ? Number(old.due) : Date.now();
    const reps = Math.max(0, Math.floor(Number(old.reviews)) || 0);
    if (!box) return Object.assign(newCard(due), { reps });
    const days = LADDER[box - 1];
    return {
      due: new Date(due).toISOString(), stability: days, difficulty: 5, elapsed_days: 0, scheduled_days: days,
      reps: Math.max(reps, box), lapses: 0, learning_steps: 0, state: 2, last_review: new Date(due - days * DAY).toISOString(),
    };
  }

  /** Moves the old per-deck keys (verikb:flashcards:<deck>, verikb:prompts:<deck>) into the store, then removes them. */
  function migrate() {
    const ls = storage();
    if (!ls) return;
    let keys;
    try { keys = Array.from({ length: ls.length }, (_, i) => ls.key(i)).filter((key) => OLD_KEY.test(key)); } catch (err) { return; }
    if (!keys.length) return;
    const data = copy(read());
    keys.forEach((key) => {
      const [, kind, deck] = key.match(OLD_KEY);
      let old = null;
      try { old = JSON.parse(ls.getItem(key)); } catch (err) { old = null; }
      Object.entries(isObject(old) ? old : {}).forEach(([item, value]) => {
        if (!isObject(value)) return;
        const id = deck + "/" + item;
        const record = isObject(data.items[id]) ? data.items[id] : {};
        if (kind === "flashcards" && !record.card) Object.assign(record, { card: ladderCard(value), ladder: value });
        if (kind === "prompts" && !record.prompt) record.prompt = value;
        data.items[id] = record;
      });
    });
    if (write(data)) keys.forEach((key) => ls.removeItem(key)); // removed only once the store holds them
  }

  const validDate = (value) => typeof value === "string" && !Number.isNaN(Date.parse(value));

  // Why a record of an imported file is unusable, or "" when it is fine.
  function recordProblem(record) {
    if (!isObject(record)) return "is not an object";
    if (record.card !== undefined && !(isObject(record.card) && validDate(record.card.due))) return "has a card without a due date";
    for (const field of ["quiz", "practice"]) {
      const answer = record[field];
      if (answer !== undefined && !(isObject(answer) && Number.isInteger(answer.choice) && typeof answer.correct === "boolean")) {
        return `has a ${field} answer without a choice and a correct flag`;
      }
    }
    if (record.prompt !== undefined && !isObject(record.prompt)) return "has a prompt that is not an object";
    return "";
  }

  // The parsed store of an exported file, or a message saying why it is not one.
  function parseExport(text) {
    let data;
    try { data = JSON.parse(text); } catch (err) {
      return { message: "This file is not valid JSON (" + err.message + "). Nothing was changed." };
    }
    if (!isObject(data) || typeof data.schema !== "string" || !data.schema.startsWith("verikb-progress/")) {
      return { message: `This is not a verikb progress file (it has no "schema": "${SCHEMA}"). Nothing was changed.` };
    }
    if (data.schema !== SCHEMA) {
      return { message: `This progress file has schema "${data.schema}"; this site reads "${SCHEMA}". Nothing was changed.` };
    }
    if (!isObject(data.items)) return { message: 'This progress file has no "items" object. Nothing was changed.' };
    for (const [id, record] of Object.entries(data.items)) {
      const problem = id.indexOf("/") > 0 ? recordProblem(record) : "is not named <deck>/<item>";
      if (problem) return { message: `Item "${id}" of this progress file ${problem}. Nothing was changed.` };
    }
    const last = data.last === undefined ? null : data.last;
    if (last !== null && !(isObject(last) && typeof last.deck === "string" && typeof last.page === "string")) {
      return { message: 'The "last" entry of this progress file has no deck and page. Nothing was changed.' };
    }
    return { data: { schema: SCHEMA, items: data.items, last } };
  }

  const split = (id) => ({ deck: id.slice(0, id.indexOf("/")), item: id.slice(id.indexOf("/") + 1) });

  vk.progress = {
    schema: SCHEMA,
    newCard,

    get(deck, item) {
      return copy(read().items[deck + "/" + item]);
    },

    update(deck, item, fn) {
      const data = copy(read());
      const id = deck + "/" + item;
      const record = fn(copy(data.items[id]) || {});
      if (isObject(record) && Object.keys(record).length) data.items[id] = record;
      else delete data.items[id];
      write(data);
      emit({ deck, item, cause: "update" });
      return copy(data.items[id]) || {};
    },

    entries(deck) {
      return Object.entries(read().items)
        .filter(([id]) => deck === undefined || id.startsWith(deck + "/"))
        .map(([id, record]) => Object.assign(split(id), { record: copy(record) }));
    },

    isDue(record, now) {
      const at = now === undefined ? Date.now() : new Date(now).getTime();
      return Boolean(record && record.card) && Date.parse(record.card.due) <= at;
    },

    resetDeck(deck) {
      const data = copy(read());
      Object.keys(data.items).filter((id) => id.startsWith(deck + "/")).forEach((id) => delete data.items[id]);
      write(data);
      emit({ deck, cause: "reset" });
    },

    resetAll() {
      write(empty());
      emit({ cause: "reset" });
    },

    exportText() {
      return JSON.stringify(read(), null, 2) + "\n";
    },

    importText(text) {
      const parsed = parseExport(text);
      if (!parsed.data) return { ok: false, message: parsed.message };
      if (!write(parsed.data)) return { ok: false, message: "The browser refused to save the progress (storage full or blocked)." };
      emit({ cause: "import" });
      const n = Object.keys(parsed.data.items).length;
      return { ok: true, message: `Imported progress on ${n} ${n === 1 ? "item" : "items"}.` };
    },

    visit(deck, page) {
      const data = copy(read());
      data.last = { deck: String(deck), page: String(page), at: new Date().toISOString() };
      write(data);
      emit({ deck, cause: "visit" });
    },

    last() {
      return copy(read().last) || null;
    },

    /**
     * fn() runs whenever the deck's progress is reset or replaced by an import (here or in another tab), for as
     * long as node is in the page: widgets re-read their state then. Other changes are the widgets' own.
     */
    onReset(node, deck, fn) {
      const listener = (event) => {
        if (!node.isConnected) return window.removeEventListener("verikb:progress", listener);
        const { cause, deck: changed } = event.detail || {};
        if (["reset", "import", "storage"].includes(cause) && (!changed || changed === deck)) fn();
      };
      window.addEventListener("verikb:progress", listener);
    },

    /**
     * Short text for the time from `from` to `to`, e.g. "1m", "10m", "2d", "3mo": ts-fsrs's units, and like its
     * show_diff_message rounded down; round: to the nearest (time left, a moment after a rating: "10m", not "9m").
     */
    interval(from, to, round) {
      const units = [[60, "s"], [60, "m"], [24, "h"], [31, "d"], [12, "mo"], [Infinity, "y"]];
      let amount = Math.max(0, new Date(to).getTime() - new Date(from).getTime()) / 1000;
      const whole = round ? Math.round : Math.floor;
      let i = 0;
      while (whole(amount) >= units[i][0]) amount /= units[i++][0]; // 59.7 s rounds to "1m", not "60s"
      return whole(amount) + units[i][1];
    },
  };

  // Another tab wrote the store: say so (cause "storage"), so open widgets and the dashboard can follow.
  window.addEventListener("storage", (event) => {
    if (event.key === KEY || event.key === null) emit({ cause: "storage" });
  });

  // A topic page: remember it for "continue where you left off" on the home page.
  vk.onReady(() => {
    const section = document.querySelector(":is(.verikb-flashcards, .verikb-quiz, .verikb-prompts, .verikb-practice-set)[data-deck]");
    if (section) vk.progress.visit(section.getAttribute("data-deck"), window.location.pathname);
  });

  // FSRS (ts-fsrs, ~15 KB gzip, plus the glue in verikb-fsrs.js) is NOT loaded with the page: it loads on first
  // need (a flashcard's answer revealed, a rating, the review page), keeping topic pages inside the bench row
  // "page weight, gzip <= 1.2x the theme's page". Both scripts load in parallel and run in order.
  vk.loadFsrs = function () {
    const vendor = vk.loadOnce(vk.assetUrl("vendor/ts-fsrs/ts-fsrs.umd.js"));
    const glue = vk.loadOnce(vk.assetUrl("verikb-fsrs.js"));
    return Promise.all([vendor, glue]).then(() => {
      if (!vk.fsrs) throw new Error("verikb-fsrs.js did not set up the scheduler");
      return vk.fsrs;
    });
  };

  migrate();
})();
