// Module worker: boots the site's own Pyodide and runs Python jobs so the page never freezes.
let pyodide = null;
let booting = null;
const installed = new Set();
const flushers = [];
let job = 0;

function boot(indexURL) {
  booting ??= (async () => {
    const { loadPyodide } = await import(indexURL + "pyodide.mjs");
    pyodide = await loadPyodide({ indexURL, packageBaseUrl: indexURL });
    pyodide.setStdin({ error: true });
    for (const stream of ["stdout", "stderr"]) {
      const decoder = new TextDecoder();
      let buffer = "";
      let last = 0;
      const flush = () => {
        if (buffer) postMessage({ type: stream, id: job, text: buffer });
        buffer = "";
        last = performance.now();
      };
      const write = (bytes) => {
        buffer += decoder.decode(bytes, { stream: true });
        if (buffer.length > 4096 || performance.now() - last > 30) flush();
        return bytes.length;
      };
      (stream === "stdout" ? pyodide.setStdout : pyodide.setStderr).call(pyodide, { write });
      flushers.push(flush);
    }
    return pyodide.version;
  })();
  return booting;
}

// Keep the frames of the user's code ("<exec>") and the final error line, drop Pyodide's own.
function shortTraceback(message) {
  const lines = String(message).trimEnd().split("\n");
  const start = lines.findIndex((line) => line.startsWith('  File "<exec>"'));
  const kept = start >= 0 ? lines.slice(start) : lines.slice(-1);
  return ["Traceback (most recent call last):", ...kept].join("\n");
}

async function install(url) {
  if (installed.has(url)) return;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Cannot fetch ${url}: HTTP ${response.status}`);
  pyodide.unpackArchive(await response.arrayBuffer(), "wheel");
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
  installed.add(url);
}

async function run({ id, code, wheels = [], vars = {} }) {
  job = id;
  const namespace = pyodide.globals.get("dict")();
  try {
    for (const url of wheels) await install(url);
    namespace.set("__name__", "__main__");
    for (const [name, value] of Object.entries(vars)) namespace.set(name, value);
    let result = await pyodide.runPythonAsync(code, { globals: namespace, filename: "<exec>" });
    if (result && typeof result.destroy === "function") {
      result.destroy();
      result = undefined;
    }
    flushers.forEach((flush) => flush());
    postMessage({ type: "done", id, result });
  } catch (error) {
    flushers.forEach((flush) => flush());
    const python = error instanceof pyodide.ffi.PythonError;
    const message = python ? shortTraceback(error.message) : String(error?.message ?? error);
    postMessage({ type: "error", id, message, errorType: python ? error.type : "Error" });
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
