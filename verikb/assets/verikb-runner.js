// verikb-runner.js — makes div.verikb-runnable code blocks editable and runnable with the site's own Pyodide,
// and lends vk.python.run to the playground. Loaded by the core only on pages that need it.
(() => {
  const vk = window.verikb;
  if (!vk || vk.python) return;
  const { el } = vk;
  const MAX_OUTPUT = 100000;
  // Modules a learner may try that cannot run in the browser; the block then explains what runs instead.
  const FRAMEWORKS = { torch: "PyTorch", tensorflow: "TensorFlow", keras: "Keras" };

  // One worker per page, shared by every block and the playground; one job at a time.
  const session = { worker: null, ready: null, booted: false, current: null, queue: [], nextId: 1 };

  function startWorker() {
    const worker = new Worker(vk.assetUrl("verikb-runner-worker.js"), { type: "module" });
    session.worker = worker;
    session.ready = new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (data.type === "ready") resolve(data.version);
        else if (data.type === "fatal") reject(new Error(data.message));
        else if (session.current && data.id === session.current.id) handle(session.current, data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        const message = event.message || "the Python worker failed";
        reject(new Error(message));
        if (session.booted && session.current) crash(session.current, message);
      };
    });
    session.ready.then(() => (session.booted = true), () => {});
    worker.postMessage({ type: "init", indexURL: vk.assetUrl("vendor/pyodide/") });
  }

  function killWorker() {
    session.worker?.terminate();
    Object.assign(session, { worker: null, ready: null, booted: false });
  }

  function handle(job, data) {
    if (data.type === "output") data.chunks.forEach(([stream, text]) => job.onOutput(stream, text));
    else if (data.type === "error" && data.fatal) crash(job, data.message);
    else if (data.type === "done" || data.type === "error") finish(job, data);
  }

  // Pyodide cannot recover from a JavaScript-level failure: start afresh on the next run.
  function crash(job, message) {
    killWorker();
    finish(job, { type: "error", errorType: "Error", message: `Python stopped unexpectedly: ${message}` });
  }

  function finish(job, result) {
    if (job.finished) return;
    job.finished = true;
    clearTimeout(job.timer);
    result.seconds = job.started ? (performance.now() - job.started) / 1000 : 0;
    if (session.current === job) session.current = null;
    session.queue = session.queue.filter((queued) => queued !== job);
    job.resolve(result);
    pump();
  }

  async function pump() {
    if (session.current || !session.queue.length) return;
    const job = (session.current = session.queue.shift());
    if (!session.worker) startWorker();
    if (!session.booted) job.onStatus("loading");
    try {
      await session.ready;
    } catch (error) {
      killWorker();
      return finish(job, { type: "error", errorType: "LoadError", message: `Could not load Python: ${error.message}` });
    }
    if (job.finished) return;
    job.onStatus("running");
    job.started = performance.now();
    job.timer = setTimeout(() => stop(job, "timeout"), job.timeout * 1000);
    const { id, code, wheels, vars, returns } = job;
    session.worker.postMessage({ type: "run", id, code, wheels, vars, returns });
  }

  function stop(job, reason) {
    if (job.finished) return;
    if (session.current === job) killWorker();
    finish(job, { type: "stopped", reason });
  }

  /**
   * Queue Python code; returns {done: Promise<{type, value, …}>, stop()}. value is the global named by
   * returns after the run, converted to JavaScript (lists become arrays).
   */
  function run({ code, wheels = [], vars = {}, returns = "", timeout = 10, onStatus = () => {}, onOutput = () => {} }) {
    const job = { id: session.nextId++, code, wheels, vars, returns, timeout, onStatus, onOutput };
    job.done = new Promise((resolve) => (job.resolve = resolve));
    if (session.current) onStatus("waiting");
    session.queue.push(job);
    pump();
    return { done: job.done, stop: () => stop(job, "stopped") };
  }

  function appendOutput(pre, stream, text) {
    const used = Number(pre.dataset.length || 0);
    if (used >= MAX_OUTPUT) return;
    if (used + text.length > MAX_OUTPUT) text = text.slice(0, MAX_OUTPUT - used) + "\n… output truncated";
    pre.dataset.length = used + text.length;
    const last = pre.lastElementChild;
    if (last && last.dataset.stream === stream) last.append(text);
    else pre.append(el("span", { class: `verikb-out verikb-out--${stream}`, "data-stream": stream }, text));
  }

  // Tab indents; Esc then Tab leaves the editor so keyboard users are never trapped.
  function editorKeys(textarea, runNow) {
    let escaped = false;
    textarea.addEventListener("keydown", (event) => {
      const plain = !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey;
      if (event.key === "Escape") {
        escaped = true;
        return;
      }
      if (event.key === "Tab" && plain && !escaped) {
        event.preventDefault();
        indent(textarea);
      } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        runNow();
      }
      if (!["Shift", "Control", "Alt", "Meta"].includes(event.key)) escaped = false;
    });
  }

  function indent(textarea) {
    const { value, selectionStart: start, selectionEnd: end } = textarea;
    if (!value.slice(start, end).includes("\n")) {
      if (!document.execCommand("insertText", false, "    ")) textarea.setRangeText("    ", start, end, "end");
    } else {
      const lineStart = value.lastIndexOf("\n", start - 1) + 1;
      const block = value.slice(lineStart, end).replace(/^/gm, "    ");
      textarea.setRangeText(block, lineStart, end, "select");
    }
    textarea.dispatchEvent(new Event("input"));
  }

  function fitRows(textarea) {
    textarea.rows = Math.min(30, Math.max(2, textarea.value.split("\n").length + 1));
  }

  const STATUS = {
    loading: "Loading Python… (first run only)",
    waiting: "Waiting for another block to finish…",
    running: "Running…",
    stopped: "Stopped.",
  };

  // "import torch" fails here: say what runs instead, and link the snippet that ran the real framework.
  function frameworkNote(block, result) {
    const missing = /No module named '([\w.]+)'/.exec(result.message || "");
    const name = missing && missing[1].split(".")[0];
    if (result.errorType !== "ModuleNotFoundError" || !FRAMEWORKS[name]) return null;
    const note = el("p", { class: "verikb-runner__framework" },
      `${FRAMEWORKS[name]} cannot run in your browser. This page runs Python with `, el("code", {}, "lrschedules"),
      ", a pure-Python copy of the PyTorch and Keras learning-rate schedules that the test suite checks equal to "
      + "the real frameworks: write ", el("code", {}, "from lrschedules import curve"), ".");
    const url = linkUrl(block.dataset.snippetUrl);
    if (url) note.append(" ", el("a", { href: url }, `The real ${FRAMEWORKS[name]} snippet and its verified output`), ".");
    return note;
  }

  // Only web and relative links: the attribute comes from the page, and "javascript:" must never be followed.
  function linkUrl(raw) {
    let url;
    try { url = new URL(raw || "", document.baseURI); } catch { return ""; }
    return raw && (url.protocol === "https:" || url.protocol === "http:") ? url.href : "";
  }

  function enhanceRunnable(block) {
    const source = (block.querySelector("code")?.textContent ?? "").replace(/\n$/, "");
    const id = vk.uniqueId("run");
    const textarea = el("textarea", {
      id: `${id}-code`, class: "verikb-runner__code", spellcheck: "false", autocapitalize: "off",
      autocomplete: "off", autocorrect: "off", wrap: "off", "aria-describedby": `${id}-hint`,
    });
    textarea.value = source;
    fitRows(textarea);
    const runButton = vk.button("Run", "verikb-run");
    const stopButton = vk.button("Stop", "verikb-btn--quiet verikb-stop");
    const resetButton = vk.button("Reset", "verikb-btn--quiet verikb-reset-code");
    stopButton.disabled = true;
    const status = el("span", { class: "verikb-runner__status", role: "status" });
    const notes = el("div", { class: "verikb-runner__notes", "aria-live": "polite" });
    const output = el("pre", {
      class: "verikb-runner__output", role: "log", "aria-live": "polite", "aria-label": "Output", tabindex: "0",
    });
    const ui = el(
      "div", { class: "verikb-runner" },
      el("label", { for: textarea.id, class: "verikb-runner__label" }, "Python (editable)"),
      textarea,
      el("div", { class: "verikb-runner__bar" }, runButton, stopButton, resetButton, status),
      el("p", { id: `${id}-hint`, class: "verikb-runner__hint" },
        "Ctrl+Enter runs. Tab indents; press Esc, then Tab, to leave the editor."),
      output,
      notes,
    );
    for (const child of block.children) child.hidden = true;
    block.append(ui);

    let handle = null;
    const runNow = async () => {
      if (handle) return;
      const timeout = Number(block.dataset.timeout) || 10;
      output.replaceChildren();
      notes.replaceChildren();
      output.dataset.length = 0;
      runButton.disabled = true;
      stopButton.disabled = false;
      handle = run({
        code: textarea.value, timeout,
        wheels: block.dataset.wheel ? [vk.assetUrl("wheels/" + block.dataset.wheel)] : [],
        returns: block.dataset.result || "",
        onStatus: (state) => (status.textContent = STATUS[state]),
        onOutput: (stream, text) => appendOutput(output, stream, text),
      });
      const result = await handle.done;
      handle = null;
      runButton.disabled = false;
      stopButton.disabled = true;
      const seconds = result.seconds.toFixed(2);
      if (result.type === "error") appendOutput(output, "error", result.message);
      const note = result.type === "error" && frameworkNote(block, result);
      if (note) notes.append(note);
      if (result.type === "stopped") {
        status.textContent = result.reason === "timeout" ? `Stopped: time limit of ${timeout} s reached.` : STATUS.stopped;
      } else {
        status.textContent = `${result.type === "error" ? "Error" : "Done"} in ${seconds} s${output.childNodes.length ? "" : " — no output"}`;
      }
      block.dispatchEvent(new CustomEvent("verikb:ran", { bubbles: true, detail: result }));
    };
    runButton.addEventListener("click", runNow);
    stopButton.addEventListener("click", () => handle?.stop());
    resetButton.addEventListener("click", () => {
      textarea.value = source;
      fitRows(textarea);
      block.dispatchEvent(new CustomEvent("verikb:reset", { bubbles: true }));
    });
    textarea.addEventListener("input", () => fitRows(textarea));
    editorKeys(textarea, runNow);
  }

  vk.python = { run };
  vk.register(".verikb-runnable", enhanceRunnable);
})();
