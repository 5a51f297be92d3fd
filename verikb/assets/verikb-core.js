// verikb-core.js — the one core of the verikb widgets: widget registry (mount per element), init hook, asset URLs,
// script loader, DOM builder and multiple choice (the learner's progress is in verikb-progress.js). Every text goes in as textContent, never as HTML.
(function () {
  "use strict";
  const vk = (window.verikb = window.verikb || {});
  if (vk.register) return;
  const widgets = [];
  const loaded = new Map();
  let started = false;
  let uid = 0;

  // Sites load this file inside the bundle verikb.js; test pages load it on its own. Either way it sits in
  // the assets folder, next to the lazily loaded scripts, the vendored runtime and the wheels.
  const self = document.currentScript || document.querySelector('script[src$="/verikb.js"], script[src*="verikb-core.js"]');
  const BASE = new URL(".", self.src).href;

  /** Absolute URL of a file in the assets folder (absolute URLs pass through). */
  vk.assetUrl = (path) => new URL(path, BASE).href;

  /**
   * Run fn on every page: through mkdocs-material's document$ when the theme has it (instant navigation
   * emits it for each new page), else once on DOMContentLoaded (Zensical, plain pages).
   */
  vk.onReady = function (fn) {
    const run = () => {
      try {
        const pending = fn();
        if (pending && typeof pending.catch === "function") pending.catch((err) => console.warn("verikb:", err));
      } catch (err) {
        console.warn("verikb:", err);
      }
    };
    const hook = () => {
      if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(run);
      else run();
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", hook, { once: true });
    else hook();
  };

  function mountAll(widget) {
    document.querySelectorAll(widget.selector).forEach((node) => {
      if (node.hasAttribute("data-verikb-ready")) return;
      node.setAttribute("data-verikb-ready", "");
      try {
        widget.mount(node);
      } catch (err) {
        console.warn("verikb:", err);
      }
    });
  }

  /** A widget: mount(element) runs once for each element matching selector, on every page. */
  vk.register = function (selector, mount) {
    const widget = { selector, mount };
    widgets.push(widget);
    if (started) mountAll(widget); // a lazily loaded widget arrives after the page is ready
  };
  vk.onReady(() => {
    started = true;
    widgets.forEach(mountAll);
  });

  /** Adds a script or stylesheet to the page once; resolves when it has loaded. */
  vk.loadOnce = function (url) {
    if (!loaded.has(url)) {
      const css = /\.css(\?|#|$)/.test(url);
      const present = css
        ? Array.from(document.querySelectorAll("link[rel=stylesheet]")).some((link) => link.href === url)
        : Array.from(document.scripts).some((script) => script.src === url);
      loaded.set(url, present ? Promise.resolve() : new Promise((resolve, reject) => {
        const node = css ? vk.el("link", { rel: "stylesheet", href: url }) : vk.el("script", { src: url });
        node.async = false; // in order: the playground needs the runner
        node.onload = () => resolve();
        node.onerror = () => reject(new Error(`${url} could not be loaded`));
        document.head.append(node);
      }));
    }
    return loaded.get(url);
  };

  /** The site's own uPlot (one copy for every chart on the page). */
  vk.loadUPlot = function () {
    vk.loadOnce(vk.assetUrl("vendor/uplot/uPlot.min.css"));
    return vk.loadOnce(vk.assetUrl("vendor/uplot/uPlot.iife.min.js")).then(() => window.uPlot);
  };

  // The in-browser Python runner and the playground (~35 KB with their CSS) load only on pages that
  // have a runnable block or a playground; every other page stays light.
  const LAZY = [
    [".verikb-curve, .verikb-playground", "verikb-curves"], // first: the playground draws with vk.plot
    [".verikb-runnable, .verikb-playground", "verikb-runner"],
    [".verikb-playground", "verikb-playground"],
    [".verikb-report", "verikb-report"],
    [".verikb-review", "verikb-review"],
    [".verikb-dashboard", "verikb-dashboard"],
  ];
  vk.onReady(async () => {
    for (const [selector, name] of LAZY) {
      if (!document.querySelector(selector)) continue;
      vk.loadOnce(vk.assetUrl(name + ".css"));
      await vk.loadOnce(vk.assetUrl(name + ".js"));
    }
  });

  // The theme's search dialog has no accessible name (axe: aria-dialog-name); give it one.
  vk.onReady(() => {
    const search = document.querySelector(".md-search");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
  });

  // The section's JSON, held in an attribute: an inline <script> would be re-created and run as
  // JavaScript by mkdocs-material's instant navigation.
  vk.data = function (section) {
    const raw = section.getAttribute("data-verikb-data");
    if (!raw) return {};
    try { return JSON.parse(raw) || {}; } catch (err) {
      console.warn("verikb: bad widget data", err);
      return {};
    }
  };

  // Map of item id -> spec from a list of objects with an "id".
  vk.byId = function (list) {
    const map = new Map();
    (Array.isArray(list) ? list : []).forEach((spec) => spec && map.set(String(spec.id), spec));
    return map;
  };

  vk.itemId = (node) => node.getAttribute("data-item") || node.id;

  /** The deck (topic) id a widget section's progress is kept under. */
  vk.deckOf = (section) => String(vk.data(section).deck || section.getAttribute("data-deck") || "default");

  /** Builds an element: attributes (true: present; false, null, undefined: absent), then children (nodes or text). */
  vk.el = function (tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (value === true) node.setAttribute(name, "");
      else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, String(value));
    });
    node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
    return node;
  };

  vk.button = function (text, cls, onClick) {
    const btn = vk.el("button", { type: "button", class: "verikb-btn " + (cls || "") }, text);
    if (onClick) btn.addEventListener("click", onClick);
    return btn;
  };

  /** An id no element of the page has yet, e.g. "verikb-run-3". */
  vk.uniqueId = function (prefix) {
    let id;
    do { id = "verikb-" + prefix + "-" + ++uid; } while (document.getElementById(id));
    return id;
  };

  vk.ensureId = function (node, prefix) {
    if (!node.id) node.id = vk.uniqueId(prefix);
    return node.id;
  };

  vk.letter = (i) => (i < 26 ? String.fromCharCode(65 + i) : String(i + 1));

  // A short note for items the source gives no answer key for.
  vk.selfCheckNote = function (item, text) {
    item.classList.add("verikb-selfcheck");
    return vk.el("p", { class: "verikb-selfcheck-note" }, text);
  };

  // ---- Multiple choice: turns ol.verikb-options into a radio group with immediate feedback. ----

  function optionLabel(li, i, name) {
    const input = vk.el("input", { type: "radio", class: "verikb-option-input", name: name, value: i });
    input.id = li.id ? li.id + "-input" : vk.ensureId(input, "opt");
    const label = vk.el("label", { class: "verikb-option-label", for: input.id });
    const body = vk.el("span", { class: "verikb-option-body" });
    while (li.firstChild) body.appendChild(li.firstChild);
    label.append(input, vk.el("span", { class: "verikb-option-letter" }, vk.letter(i)), body);
    li.appendChild(label);
    return input;
  }

  function optionText(li) {
    const span = li.querySelector(".verikb-option-text");
    return (span ? span.textContent : li.textContent).trim();
  }

  function mark(li, cls, text) {
    li.classList.add(cls);
    li.querySelector(".verikb-option-body").appendChild(vk.el("span", { class: "verikb-option-mark" }, text));
  }

  // Returns null when the item cannot be graded (no options or no valid key).
  vk.choice = function (item, answer, hooks) {
    const ol = item.querySelector(":scope > ol.verikb-options");
    const lis = ol ? Array.from(ol.querySelectorAll(":scope > li")) : [];
    if (!Number.isInteger(answer) || answer < 0 || answer >= lis.length) return null;
    hooks = hooks || {};
    const prompt = item.querySelector(":scope > .verikb-prompt");
    ol.setAttribute("role", "radiogroup");
    lis.forEach((li) => li.setAttribute("role", "none")); // inside a radiogroup they are not list items
    if (prompt) ol.setAttribute("aria-labelledby", vk.ensureId(prompt, "prompt"));
    const name = "verikb-" + vk.ensureId(item, "item");
    const inputs = lis.map((li, i) => optionLabel(li, i, name));
    const feedback = vk.el("p", { class: "verikb-feedback", role: "status", "aria-live": "polite" });
    const row = vk.el("div", { class: "verikb-feedback-row" });
    const retry = vk.button("Try again", "verikb-btn--quiet verikb-retry", () => reset(false));
    retry.hidden = true;
    row.append(feedback, retry);
    ol.after(row);
    let locked = false;
    let arrowMove = false;

    function say(icon, text, cls) {
      feedback.className = "verikb-feedback " + (cls || "");
      feedback.replaceChildren();
      if (icon) feedback.appendChild(vk.el("span", { class: "verikb-feedback-icon", "aria-hidden": "true" }, icon));
      feedback.appendChild(document.createTextNode(text));
    }

    // quiet: an answer restored from the progress store (no hook, no focus move).
    function grade(i, quiet) {
      if (locked || !inputs[i]) return;
      locked = true;
      const ok = i === answer;
      inputs[i].checked = true;
      inputs.forEach((input) => { input.disabled = true; });
      mark(lis[answer], "verikb-option--correct", ok ? "✓ your answer" : "✓ correct answer");
      if (!ok) mark(lis[i], "verikb-option--wrong", "✗ your answer");
      const key = vk.letter(answer) + ". " + optionText(lis[answer]);
      if (ok) say("✓", "Correct! " + key, "verikb-feedback--correct");
      else say("✗", "Not quite — the answer is " + key, "verikb-feedback--wrong");
      item.classList.add("verikb-answered");
      retry.hidden = false;
      if (quiet) return;
      if (hooks.onAnswer) hooks.onAnswer(ok, i);
      retry.focus({ preventScroll: true });
    }

    // quiet: the store was reset or a review starts (no hook, no focus move).
    function reset(quiet) {
      locked = false;
      lis.forEach((li) => {
        li.classList.remove("verikb-option--correct", "verikb-option--wrong");
        li.querySelectorAll(".verikb-option-mark").forEach((m) => m.remove());
      });
      inputs.forEach((input) => { input.disabled = false; input.checked = false; });
      say("", "");
      item.classList.remove("verikb-answered");
      retry.hidden = true;
      if (quiet) return;
      if (hooks.onReset) hooks.onReset();
      inputs[0].focus();
    }

    ol.addEventListener("keydown", (event) => {
      if (!event.target.matches(".verikb-option-input") || locked) return;
      if (event.key.startsWith("Arrow")) {
        arrowMove = true;
        setTimeout(() => { arrowMove = false; });
      } else if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        grade(inputs.indexOf(event.target), false);
      }
    });
    ol.addEventListener("change", (event) => {
      const i = inputs.indexOf(event.target);
      if (i < 0 || locked) return;
      if (arrowMove) say("", "Selected " + vk.letter(i) + ". Press Space or Enter to answer.", "verikb-feedback--pending");
      else grade(i, false);
    });
    return {
      reset: () => reset(true),
      grade: (i) => grade(i, false),
      restore: (i) => grade(i, true),
      first: inputs[0],
    };
  };
})();
