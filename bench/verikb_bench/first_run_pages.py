"""The pages the first-run section loads: bare Pyodide boots (baselines) and the Run-click probe.

Written into the built site as HTML/JS next to the Pyodide files they boot, so both sides load the same files.
"""

from __future__ import annotations

PYODIDE_DIR = "assets/verikb/vendor/pyodide"


BARE_PAGE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title><link rel="icon" href="data:,"></head>
<body><pre id="out"></pre>
<script type="module">
const start = performance.now();
const indexURL = new URL("PYODIDE_DIR/", location.href).href;
const { loadPyodide } = await import(indexURL + "pyodide.mjs");
const pyodide = await loadPyodide({ indexURL });
pyodide.setStdout({ batched: (text) => {
  document.getElementById("out").textContent += text;
  window.__bench ??= { ms: performance.now() - start, text };
} });
pyodide.runPython("print(1)");
</script></body></html>
"""


BARE_WORKER_PAGE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare Pyodide, worker</title><link rel="icon" href="data:,"></head>
<body><pre id="out"></pre>
<script type="module">
const start = performance.now();
const worker = new Worker("bench-bare-worker.mjs", { type: "module" });
worker.onmessage = ({ data }) => {
  document.getElementById("out").textContent += data;
  window.__bench ??= { ms: performance.now() - start, text: data };
};
worker.postMessage(new URL("PYODIDE_DIR/", location.href).href);
</script></body></html>
"""


BARE_WORKER = """\
self.onmessage = async ({ data: indexURL }) => {
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL });
  pyodide.setStdout({ batched: (text) => postMessage(text) });
  pyodide.runPython("print(1)");
};
"""


CLICK_PROBE = """\
() => {
  const block = document.querySelector(".verikb-runnable");
  const output = block.querySelector("pre.verikb-runner__output");
  const button = [...block.querySelectorAll("button")].find((b) => b.textContent.trim() === "Run");
  window.__bench = {};
  document.addEventListener("click", (event) => {
    if (event.target === button && window.__bench.click === undefined) window.__bench.click = performance.now();
  }, { capture: true });
  new MutationObserver((_, observer) => {
    if (output.textContent.length) {
      window.__bench.output = performance.now();
      window.__bench.text = output.textContent;
      observer.disconnect();
    }
  }).observe(output, { childList: true, subtree: true, characterData: true });
}
"""
