// Module worker: boots the site's own Pyodide and runs Python jobs so the page never freezes.
let pyodide = null;
let booting = null;
const installed = new Set();
let job = 0;

// stdout and stderr share one ordered buffer, posted at most every 30 ms so a print loop
// cannot flood the page, and never reordered between the two streams.
let pending = [];
let pendingSize = 0;
let lastFlush = 0;

function flushOutput() {
  if (pending.length) postMessage({ type: "output", id: job, chunks: pending });
  pending = [];
  pendingSize = 0;
  lastFlush = performance.now();
}

function writer(stream) {
  const decoder = new TextDecoder();
  return {
    write(bytes) {
      const text = decoder.decode(bytes, { stream: true });
      const last = pending[pending.length - 1];
      if (last && last[0] === stream) last[1] += text;
      else pending.push([stream, text]);
      pendingSize += text.length;
      if (pendingSize > 4096 || performance.now() - lastFlush > 30) flushOutput();
      return bytes.length;
    },
  };
}

function boot(indexURL) {
  booting ??= (async () => {
    const { loadPyodide } = await import(indexURL + "pyodide.mjs");
    pyodide = await loadPyodide({ indexURL, packageBaseUrl: indexURL });
    pyodide.setStdin({ error: true });
    pyodide.setStdout(writer("stdout"));
    pyodide.setStderr(writer("stderr"));
    const noInput = `
import builtins
def input(prompt=""):
    raise OSError("input() cannot read the keyboard here: put the value in the code instead")
builtins.input = input
del input`;
    pyodide.runPython(noInput, { filename: "<runner>" });
    return pyodide.version;
  })();
  return booting;
}

// Keep the frames of the user's code ("<exec>") and the final error line, drop Pyodide's own.
function shortTraceback(message) {
  let lines = String(message).trimEnd().split("\n");
  const hint = lines.findIndex((line) => line.includes("is included in the Pyodide distribution"));
  if (hint >= 0) lines = [...lines.slice(0, hint), "Only Python's standard library can be imported here."];
  const start = lines.findIndex((line) => line.startsWith('  File "<exec>"'));
  const kept = start >= 0 ? lines.slice(start) : lines.slice(-1);
  return ["Traceback (most recent call last):", ...kept].join("\n");
}

function flushAll() {
  try {
    pyodide.runPython("import sys; sys.stdout.flush(); sys.stderr.flush()");
  } catch {
    // a broken interpreter cannot flush; what reached JavaScript is still posted
  } finally {
    flushOutput();
  }
}

async function install(url) {
  if (installed.has(url)) return;
  const response = await fetch(url);
  if (!response.ok) throw Object.assign(new Error(`Cannot fetch ${url}: HTTP ${response.status}`), { install: true });
  pyodide.unpackArchive(await response.arrayBuffer(), "wheel");
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
  installed.add(url);
}

// The global named \`name\` as plain JavaScript data (lists become arrays), or undefined when it cannot be.
function exported(namespace, name) {
  if (!name) return undefined;
  const value = namespace.get(name);
  if (!value || typeof value.toJs !== "function") return value;
  try {
    return value.toJs({ create_pyproxies: false, dict_converter: Object.fromEntries });
  } catch {
    return undefined;
  } finally {
    value.destroy();
  }
}

async function run({ id, code, wheels = [], vars = {}, returns = "" }) {
  job = id;
  const namespace = pyodide.globals.get("dict")();
  try {
    for (const url of wheels) await install(url);
    namespace.set("__name__", "__main__");
    for (const [name, value] of Object.entries(vars)) namespace.set(name, value);
    const last = await pyodide.runPythonAsync(code, { globals: namespace, filename: "<exec>" });
    if (last && typeof last.destroy === "function") last.destroy();
    flushAll();
    postMessage({ type: "done", id, value: exported(namespace, returns) });
  } catch (error) {
    flushAll();
    const python = error instanceof pyodide.ffi.PythonError;
    const message = python ? shortTraceback(error.message) : String(error?.message ?? error);
    postMessage({ type: "error", id, message, errorType: python ? error.type : "Error", fatal: !python && !error?.install });
  } finally {
    namespace.destroy();
  }
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    try {
      postMessage({ type: "ready", version: await boot(data.indexURL) });
    } catch (error) {
      postMessage({ type: "fatal", message: String(error?.message ?? error) });
    }
  } else if (data.type === "run") {
    await run(data);
  }
};
