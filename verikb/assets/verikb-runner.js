// Makes div.verikb-runnable code blocks editable and runnable with the site's own Pyodide.
(() => {
  if (window.verikbPython) return;
  const script = document.currentScript || document.querySelector('script[src*="verikb-runner.js"]');
  const BASE = new URL(".", script.src).href; // …/assets/verikb/
  const MAX_OUTPUT = 100000;
  let counter = 0;

  // One worker per page, shared by every block and the playground; one job at a time.
  const session = { worker: null, ready: null, booted: false, current: null, queue: [], nextId: 1 };

  function startWorker() {
    const worker = new Worker(BASE + "verikb-runner-worker.js", { type: "module" });
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
    worker.postMessage({ type: "init", indexURL: BASE + "vendor/pyodide/" });
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
    const { id, code, wheels, vars } = job;
    session.worker.postMessage({ type: "run", id, code, wheels, vars });
  }

  function stop(job, reason) {
    if (job.finished) return;
    if (session.current === job) killWorker();
    finish(job, { type: "stopped", reason });
  }

  /** Queue Python code; returns {done: Promise<{type, …}>, stop()}. */
  function run({ code, wheels = [], vars = {}, timeout = 10, onStatus = () => {}, onOutput = () => {} }) {
    const job = { id: session.nextId++, code, wheels, vars, timeout, onStatus, onOutput };
    job.done = new Promise((resolve) => (job.resolve = resolve));
    if (session.current) onStatus("waiting");
    session.queue.push(job);
    pump();
    return { done: job.done, stop: () => stop(job, "stopped") };
  }

  // Builds an element: attributes (true: present, false/null: absent), then child nodes or text.
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === true) node.setAttribute(name, "");
      else if (value !== false && value != null) node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
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

  function enhanceRunnable(block) {
    if (block.dataset.verikbReady) return;
    block.dataset.verikbReady = "true";
    const source = (block.querySelector("code")?.textContent ?? "").replace(/\n$/, "");
    const id = `verikb-run-${++counter}`;
    const textarea = el("textarea", {
      id: `${id}-code`, class: "verikb-runner__code", spellcheck: "false", autocapitalize: "off",
      autocomplete: "off", autocorrect: "off", wrap: "off", "aria-describedby": `${id}-hint`,
    });
    textarea.value = source;
    fitRows(textarea);
    const runButton = el("button", { type: "button", class: "verikb-button verikb-button--primary" }, "Run");
    const stopButton = el("button", { type: "button", class: "verikb-button", disabled: true }, "Stop");
    const resetButton = el("button", { type: "button", class: "verikb-button" }, "Reset");
    const status = el("span", { class: "verikb-runner__status", role: "status" });
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
    );
    for (const child of block.children) child.hidden = true;
    block.append(ui);

    let handle = null;
    const runNow = async () => {
      if (handle) return;
      const timeout = Number(block.dataset.timeout) || 10;
      output.replaceChildren();
      output.dataset.length = 0;
      runButton.disabled = true;
      stopButton.disabled = false;
      handle = run({
        code: textarea.value, timeout,
        wheels: block.dataset.wheel ? [new URL("wheels/" + block.dataset.wheel, BASE).href] : [],
        onStatus: (state) => (status.textContent = STATUS[state]),
        onOutput: (stream, text) => appendOutput(output, stream, text),
      });
      const result = await handle.done;
      handle = null;
      runButton.disabled = false;
      stopButton.disabled = true;
      const seconds = result.seconds.toFixed(2);
      if (result.type === "error") appendOutput(output, "error", result.message);
      if (result.type === "stopped") {
        status.textContent = result.reason === "timeout" ? `Stopped: time limit of ${timeout} s reached.` : STATUS.stopped;
      } else {
        status.textContent = `${result.type === "error" ? "Error" : "Done"} in ${seconds} s${output.childNodes.length ? "" : " — no output"}`;
      }
    };
    runButton.addEventListener("click", runNow);
    stopButton.addEventListener("click", () => handle?.stop());
    resetButton.addEventListener("click", () => {
      textarea.value = source;
      fitRows(textarea);
    });
    textarea.addEventListener("input", () => fitRows(textarea));
    editorKeys(textarea, runNow);
  }

  function init() {
    document.querySelectorAll(".verikb-runnable").forEach(enhanceRunnable);
  }

  window.verikbPython = { base: BASE, run, el };
  if (window.document$?.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
