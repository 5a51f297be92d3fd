// Learning-rate playground: a form per lrschedules schedule, run in Pyodide, drawn with uPlot.
(() => {
  if (window.verikbPlayground) return;
  // The runner (loaded just before this file) runs the Python and lends its DOM builder.
  const python = window.verikbPython;
  if (!python) {
    console.warn("verikb: the playground needs verikb-runner.js, loaded before it");
    return;
  }
  const { el } = python;
  const script = document.currentScript || document.querySelector('script[src*="verikb-playground.js"]');
  const BASE = new URL(".", script.src).href; // …/assets/verikb/
  const TORCH = "torch.optim.lr_scheduler.";
  const KERAS = "keras.optimizers.schedules.";

  // [name, kind, form default, help]; kinds: int, float, ints, floats, bool, choice list, schedulers.
  // "?" after a kind marks an optional argument that is left out when blank.
  const LR = ["lr", "float", "0.1", "the optimizer's initial learning rate"];
  const SPECS = {
    StepLR: { n: 10, args: [LR, ["step_size", "int", "2", "epochs between decays"], ["gamma", "float", "0.5", "decay factor"]] },
    MultiStepLR: { n: 10, args: [LR, ["milestones", "ints", "3, 6", "epochs at which to decay, comma-separated"], ["gamma", "float", "0.1", "decay factor"]] },
    ExponentialLR: { n: 10, args: [LR, ["gamma", "float", "0.8", "decay factor per epoch"]] },
    LinearLR: { n: 10, args: [LR, ["start_factor", "float", "0.25"], ["end_factor", "float", "1.0"], ["total_iters", "int", "4"]] },
    CosineAnnealingLR: { n: 11, args: [LR, ["T_max", "int", "10", "epochs for half a cosine period"], ["eta_min", "float", "0.0", "lowest lr"]] },
    OneCycleLR: {
      n: 20,
      args: [
        [...LR.slice(0, 3), "replaced by max_lr / div_factor"], ["max_lr", "float", "0.1"], ["total_steps", "int", "20"],
        ["pct_start", "float", "0.3"], ["anneal_strategy", ["cos", "linear"], "cos"], ["div_factor", "float", "25.0"],
        ["final_div_factor", "float", "10000.0"], ["three_phase", "bool", false],
      ],
    },
    SequentialLR: {
      n: 12,
      args: [
        LR, ["schedulers", "schedulers", "LinearLR(start_factor=0.1, total_iters=3), ExponentialLR(gamma=0.8)", "schedulers of this list, comma-separated"],
        ["milestones", "ints", "3", "epochs at which the next scheduler takes over"],
      ],
    },
    ReduceLROnPlateau: {
      n: 12,
      args: [
        LR, ["losses", "floats", "1.0, 0.8, 0.7, 0.7, 0.7, 0.7, 0.6, 0.6, 0.6, 0.6, 0.6", "the metric passed to each step(), comma-separated"],
        ["mode", ["min", "max"], "min"], ["factor", "float", "0.5"], ["patience", "int", "2"], ["threshold", "float", "0.0001"],
        ["threshold_mode", ["rel", "abs"], "rel"], ["cooldown", "int", "0"], ["min_lr", "float", "0.0"], ["eps", "float", "1e-08"],
      ],
    },
    ExponentialDecay: {
      keras: true, n: 10,
      args: [["initial_learning_rate", "float", "0.1"], ["decay_steps", "int", "2"], ["decay_rate", "float", "0.5"], ["staircase", "bool", true]],
    },
    PiecewiseConstantDecay: {
      keras: true, n: 10,
      args: [["boundaries", "ints", "3, 6", "steps where the value changes"], ["values", "floats", "0.1, 0.05, 0.01", "one more value than boundaries"]],
    },
    CosineDecay: {
      keras: true, n: 11,
      args: [["initial_learning_rate", "float", "0.1"], ["decay_steps", "int", "10"], ["alpha", "float", "0.0", "final lr as a fraction of the initial one"],
        ["warmup_target", "float?", "", "optional: lr reached after warmup_steps"], ["warmup_steps", "int", "0"]],
    },
  };

  const COS_NOTE = "Computed in your browser, whose math.cos can differ from the desktop's in the last bit: "
    + "the last digit of a value may differ from PyTorch's or Keras's.";
  for (const name of ["CosineAnnealingLR", "OneCycleLR", "CosineDecay"]) SPECS[name].note = COS_NOTE;

  // Runs in Pyodide: turn the form's raw text into typed arguments, call lrschedules.curve.
  const PYTHON = `
import ast, json
import lrschedules

def number(kind, name, text):
    try:
        return int(text) if kind == "int" else float(text)
    except ValueError:
        raise ValueError(f"{name}: {text!r} is not {'an integer' if kind == 'int' else 'a number'}") from None

def children(text):
    tree = ast.parse("[" + text + "]", mode="eval").body
    found = []
    for node in tree.elts:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.args):
            raise ValueError("schedulers: write calls such as LinearLR(start_factor=0.1, total_iters=3)")
        found.append({"name": node.func.id, **{k.arg: ast.literal_eval(k.value) for k in node.keywords}})
    return found

def value(name, kind, raw):
    if kind in ("int", "float"):
        return number(kind, name, raw.strip())
    if kind in ("ints", "floats"):
        return [number(kind[:-1], name, part.strip()) for part in raw.split(",") if part.strip()]
    return children(raw) if kind == "schedulers" else raw

request = json.loads(verikb_request)
kwargs = {name: value(name, kind, raw) for name, kind, raw in request["args"]}
values = lrschedules.curve(request["name"], number("int", "n", request["n"]), **kwargs)
result = json.dumps([repr(lr) for lr in values])
result
`;

  let counter = 0;
  let uplotLoading = null;

  function loadUPlot() {
    uplotLoading ??= new Promise((resolve, reject) => {
      document.head.append(el("link", { rel: "stylesheet", href: BASE + "vendor/uplot/uPlot.min.css" }));
      const tag = el("script", { src: BASE + "vendor/uplot/uPlot.iife.min.js" });
      tag.onload = () => resolve(window.uPlot);
      tag.onerror = () => reject(new Error("the chart library could not be loaded"));
      document.head.append(tag);
    });
    return uplotLoading;
  }

  // Keras schedules and OneCycleLR are stepped once per batch, the other torch ones once per epoch.
  const xLabelOf = (name) => (SPECS[name].keras || name === "OneCycleLR" ? "step" : "epoch");
  const pyList = (raw) => `[${raw.split(",").map((part) => part.trim()).filter(Boolean).join(", ")}]`;

  function literal(kind, raw) {
    if (kind === "bool") return raw ? "True" : "False";
    if (Array.isArray(kind)) return `'${raw}'`;
    if (kind === "ints" || kind === "floats") return pyList(raw);
    if (kind === "schedulers") {
      return `[${raw.trim().replace(/\b([A-Za-z_]\w*)\(\s*(\)?)/g, (_, name, close) => `${TORCH}${name}(optimizer${close || ", "}`)}]`;
    }
    return raw.trim();
  }

  function call(name, args) {
    const line = `${name}(${args.join(", ")})`;
    return line.length <= 78 ? line : `${name}(\n${args.map((arg) => `    ${arg},\n`).join("")})`;
  }

  // The same schedule written against the real framework API.
  function equivalentCode(name, values, n) {
    const spec = SPECS[name];
    const args = spec.args.filter(([arg, kind]) => arg !== "lr" && arg !== "losses" && !(String(kind).endsWith("?") && values[arg] === ""))
      .map(([arg, kind]) => `${arg}=${literal(Array.isArray(kind) ? kind : kind.replace("?", ""), values[arg])}`);
    if (spec.keras) {
      return [
        "import keras", "",
        `schedule = ${call(KERAS + name, args)}`,
        "optimizer = keras.optimizers.SGD(learning_rate=schedule)",
        `lrs = [float(schedule(step)) for step in range(${n})]`,
      ].join("\n");
    }
    const unit = xLabelOf(name);
    const plateau = name === "ReduceLROnPlateau";
    return [
      "import torch", "",
      `optimizer = torch.optim.SGD(model.parameters(), lr=${values.lr.trim()})`,
      `scheduler = ${call(TORCH + name, ["optimizer", ...args])}`,
      ...(plateau ? [`losses = ${pyList(values.losses)}  # validation loss after each epoch`] : []),
      `for ${unit} in range(${n - 1}):`,
      `    ...  # train one ${unit === "step" ? "batch" : "epoch"}`,
      `    scheduler.step(${plateau ? "losses[epoch]" : ""})`,
    ].join("\n");
  }

  function field(id, [name, kind, initial, help]) {
    const inputId = `${id}-${name}`;
    const type = String(kind).replace("?", "");
    let input;
    if (Array.isArray(kind)) {
      input = el("select", { id: inputId }, ...kind.map((option) => el("option", { value: option }, option)));
      input.value = initial;
    } else if (type === "bool") {
      input = el("input", { id: inputId, type: "checkbox", checked: initial });
    } else {
      const numeric = type === "int" || type === "float";
      input = el("input", {
        id: inputId, type: numeric ? "number" : "text", step: type === "int" ? "1" : "any", value: initial,
        spellcheck: "false", autocomplete: "off",
      });
    }
    input.name = name;
    input.dataset.kind = type;
    const helpId = help ? `${inputId}-help` : null;
    if (helpId) input.setAttribute("aria-describedby", helpId);
    return el(
      "div", { class: `verikb-playground__field verikb-playground__field--${type === "bool" ? "bool" : type}` },
      el("label", { for: inputId }, name),
      input,
      help ? el("small", { id: helpId }, help) : "",
    );
  }

  function readForm(form, name) {
    const values = {};
    const problems = [];
    for (const [arg, kind] of SPECS[name].args) {
      const input = form.elements.namedItem(arg);
      values[arg] = input.type === "checkbox" ? input.checked : input.value;
      if (input.validity?.badInput) problems.push(`${arg}: enter a number`);
      else if (values[arg] === "" && !String(kind).endsWith("?")) problems.push(`${arg}: a value is required`);
    }
    return { values, problems };
  }

  function format(repr) {
    const number = Number(repr);
    return Number.isFinite(number) ? String(Number(number.toPrecision(6))) : repr;
  }

  function chartColors(node) {
    const style = getComputedStyle(node);
    const css = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    return {
      line: css("--md-typeset-a-color", css("--md-primary-fg-color", "#4051b5")),
      axis: css("--md-default-fg-color--light", "rgba(0, 0, 0, 0.6)"),
      grid: css("--md-default-fg-color--lightest", "rgba(0, 0, 0, 0.07)"),
    };
  }

  async function drawChart(state, xLabel, reprs) {
    const uPlot = await loadUPlot();
    const xs = reprs.map((_, index) => index);
    const ys = reprs.map(Number);
    state.plot?.destroy();
    const colors = chartColors(state.chart);
    const axis = { stroke: colors.axis, grid: { stroke: colors.grid }, ticks: { stroke: colors.grid } };
    state.plot = new uPlot({
      width: Math.max(200, state.chart.clientWidth),
      height: 260,
      scales: { x: { time: false }, y: { range: (_, low, high) => [Math.min(0, low), high > 0 ? high * 1.05 : 1] } },
      legend: { show: false },
      series: [
        { label: xLabel },
        { label: "lr", stroke: colors.line, width: 2, paths: uPlot.paths.stepped({ align: 1 }), points: { show: xs.length <= 60 } },
      ],
      axes: [{ ...axis, label: xLabel, incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000] }, { ...axis, size: 70 }],
    }, [xs, ys], state.chart);
  }

  function enhancePlayground(root) {
    if (root.dataset.verikbReady) return;
    root.dataset.verikbReady = "true";
    const id = `verikb-playground-${++counter}`;
    const state = { plot: null, chart: null, handle: null };
    const select = el("select", { id: `${id}-schedule`, name: "schedule" },
      el("optgroup", { label: "PyTorch (torch.optim.lr_scheduler)" },
        ...Object.keys(SPECS).filter((name) => !SPECS[name].keras).map((name) => el("option", { value: name }, name))),
      el("optgroup", { label: "Keras (keras.optimizers.schedules)" },
        ...Object.keys(SPECS).filter((name) => SPECS[name].keras).map((name) => el("option", { value: name }, name))));
    const fieldset = el("fieldset", { class: "verikb-playground__args" });
    const nInput = el("input", { id: `${id}-n`, name: "n", type: "number", min: "1", max: "1000", step: "1", "aria-describedby": `${id}-n-help` });
    const runButton = el("button", { type: "submit", class: "verikb-button verikb-button--primary" }, "Run");
    const status = el("span", { class: "verikb-runner__status", role: "status" });
    const form = el("form", { class: "verikb-playground__form", novalidate: true },
      el("div", { class: "verikb-playground__field" }, el("label", { for: select.id }, "Schedule"), select),
      fieldset,
      el("div", { class: "verikb-playground__field verikb-playground__field--int" },
        el("label", { for: nInput.id }, "n"), nInput,
        el("small", { id: `${id}-n-help` }, "how many values: the lr after construction and after each of n − 1 steps")),
      el("div", { class: "verikb-runner__bar" }, runButton, status));
    const error = el("p", { class: "verikb-playground__error", role: "alert" });
    state.chart = el("div", { class: "verikb-playground__chart", role: "img", "aria-label": "Chart of the learning rate: run the schedule to draw it" });
    const code = el("code", { class: "language-python" });
    const table = el("table", { class: "verikb-playground__table" });
    const note = el("p", { class: "verikb-playground__note" });
    const tableBox = el("div", { class: "verikb-playground__table-box", tabindex: "0", role: "region", "aria-label": "Learning rate values" }, table);
    root.append(el("div", { class: "verikb-playground__panel" }, form, error, state.chart,
      el("p", { class: "verikb-playground__caption" }, "Equivalent code"),
      el("pre", { class: "verikb-playground__code", tabindex: "0" }, code), tableBox, note));
    tableBox.hidden = true;

    const current = () => select.value;
    const refreshCode = () => {
      const { values } = readForm(form, current());
      code.textContent = equivalentCode(current(), values, Number(nInput.value) || SPECS[current()].n);
    };
    const showSchedule = () => {
      const spec = SPECS[current()];
      fieldset.replaceChildren(el("legend", {}, `Arguments of ${current()}`), ...spec.args.map((arg) => field(id, arg)));
      nInput.value = spec.n;
      refreshCode();
    };
    select.addEventListener("change", showSchedule);
    form.addEventListener("input", refreshCode);
    form.addEventListener("change", refreshCode);
    showSchedule();
    new ResizeObserver(() => state.plot?.setSize({ width: Math.max(200, state.chart.clientWidth), height: 260 })).observe(state.chart);

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (state.handle) return;
      const name = current();
      const { values, problems } = readForm(form, name);
      if (!/^\d+$/.test(nInput.value.trim())) problems.push("n: enter a whole number");
      error.textContent = problems.join("; ");
      if (problems.length) return;
      const args = SPECS[name].args.filter(([arg]) => values[arg] !== "").map(([arg, kind]) => [arg, Array.isArray(kind) ? "str" : String(kind).replace("?", ""), values[arg]]);
      runButton.disabled = true;
      root.dataset.request = JSON.stringify({ name, n: nInput.value.trim(), args });
      state.handle = python.run({
        code: PYTHON,
        wheels: [new URL("wheels/" + root.dataset.wheel, BASE).href],
        vars: { verikb_request: root.dataset.request },
        onStatus: (phase) => (status.textContent = { loading: "Loading Python… (first run only)", waiting: "Waiting…" }[phase] ?? "Running…"),
      });
      const result = await state.handle.done;
      state.handle = null;
      runButton.disabled = false;
      if (result.type !== "done") {
        const lines = String(result.message || "").trim().split("\n");
        error.textContent = result.type === "stopped" ? "Stopped: the time limit was reached." : lines[lines.length - 1];
        status.textContent = "";
        return;
      }
      const reprs = JSON.parse(result.result);
      const xLabel = xLabelOf(name);
      table.replaceChildren(
        el("caption", {}, `${name}: learning rate per ${xLabel}`),
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, xLabel), el("th", { scope: "col" }, "lr"))),
        el("tbody", {}, ...reprs.map((repr, index) => el("tr", {},
          el("td", { "data-value": String(index) }, String(index)),
          el("td", { "data-value": repr, title: repr }, format(repr))))));
      tableBox.hidden = false;
      note.textContent = SPECS[name].note ?? "";
      state.chart.setAttribute("aria-label", `Line chart of the learning rate of ${name} over ${reprs.length} ${xLabel}s; the values are in the table below.`);
      status.textContent = `Computed ${reprs.length} values in ${result.seconds.toFixed(2)} s.`;
      try {
        await drawChart(state, xLabel, reprs);
      } catch (problem) {
        error.textContent = `The chart could not be drawn (${problem.message}); the values are in the table.`;
      }
    });
  }

  function init() {
    document.querySelectorAll(".verikb-playground").forEach(enhancePlayground);
  }

  window.verikbPlayground = { SPECS, PYTHON, equivalentCode };
  if (window.document$?.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
