// verikb-fsrs.js — the FSRS scheduler of the progress contract, on ts-fsrs (vendored UMD build, global FSRS).
// Loaded lazily by vk.loadFsrs() (verikb-progress.js), after ts-fsrs itself: never with the page.
(function () {
  "use strict";
  const vk = window.verikb;
  const FSRS = window.FSRS;
  if (vk.fsrs || !FSRS) return;
  // ts-fsrs's defaults (retention 0.9, learning steps 1m 10m) with fuzz off, its default too: the interval a
  // button shows is exactly the one a rating gives.
  const scheduler = FSRS.fsrs(FSRS.generatorParameters({ enable_fuzz: false }));
  const GRADES = { again: FSRS.Rating.Again, hard: FSRS.Rating.Hard, good: FSRS.Rating.Good, easy: FSRS.Rating.Easy };

  const plain = (card) => JSON.parse(JSON.stringify(card)); // dates as ISO strings, as the store keeps them
  const when = (now) => (now === undefined ? new Date() : new Date(now));
  const start = (card, now) => card || FSRS.createEmptyCard(now);

  function grade(name) {
    if (!Object.prototype.hasOwnProperty.call(GRADES, name)) throw new Error(`unknown grade "${name}": again, hard, good or easy`);
    return GRADES[name];
  }

  vk.fsrs = {
    grades: Object.keys(GRADES),

    /** What each of the four ratings would do now: {again: {card, interval: "1m"}, hard, good, easy}. */
    preview(card, now) {
      const at = when(now);
      const log = scheduler.repeat(start(card, at), at);
      const out = {};
      Object.entries(GRADES).forEach(([name, rating]) => {
        const next = plain(log[rating].card);
        out[name] = { card: next, interval: vk.progress.interval(at, next.due) };
      });
      return out;
    },

    /** The card after rating it `grade` ("again" | "hard" | "good" | "easy") at `now`. */
    rate(card, name, now) {
      const at = when(now);
      return plain(scheduler.next(start(card, at), at, grade(name)).card);
    },
  };
})();
