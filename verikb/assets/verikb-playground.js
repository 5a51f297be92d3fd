// verikb-playground.js — learning-rate playground: a form per lrschedules schedule, run in Pyodide by the runner,
// drawn with vk.plot. The form spec is generated at build time from the Python signatures
// (verikb/render/playground_spec.py) and fetched from the URL in data-spec (relative to the assets folder).
(() => {
  const vk = window.verikb;
  if (!vk || vk.playground) return;
  if (!vk.python || !vk.plot) {
    console.warn("verikb: the playground needs verikb-runner.js and verikb-curves.js, loaded before it");
    return;
  }
  const { el } = vk;
  const specs = new Map(); // URL -> Promise of the spec, shared by every playground of the site
  vk.playground = true;

  function loadSpec(url) {
    if (!specs.has(url)) {
      specs.set(url, fetch(url).then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      }));
      specs.get(url).catch(() => specs.delete(url)); // a later page may try again
    }
    return specs.get(url);
  }

  const pyList = (raw) => `[${raw.split(",").map((part) => part.trim()).filter(Boolean).join(", ")}]`;
  const pyString = (raw) => `'${raw.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

  function literal(schedule, arg, raw) {
    if (arg.kind === "bool") return raw ? "True" : "False";
    if (arg.kind === "choice" || arg.kind === "str") return pyString(raw);
    if (arg.kind.endsWith("s") && arg.kind !== "schedulers") return pyList(raw);
    if (arg.kind === "schedulers") {
      const prefix = `${schedule.module}.`;
      return `[${raw.trim().replace(/\b([A-Za-z_]\w*)\(\s*(\)?)/g, (_, name, close) => `${prefix}${name}(optimizer${close || ", "}`)}]`;
    }
    return raw.trim();
  }

  function call(name, args) {
    const line = `${name}(${args.join(", ")})`;
    return line.length <= 78 ? line : `${name}(\n${args.map((arg) => `    ${arg},\n`).join("")})`;
  }

  // The same schedule written against the real framework's API.
  function equivalentCode(schedule, values, n) {
    const given = schedule.args.filter((arg) => values[arg.name] !== "");
    const of = (role) => given.filter((arg) => arg.role === role);
    const kwargs = of("schedule").map((arg) => `${arg.name}=${literal(schedule, arg, values[arg.name])}`);
    const qualified = `${schedule.module}.${schedule.name}`;
    if (schedule.framework === "keras") {
      return [
        "import keras", "",
        `schedule = ${call(qualified, kwargs)}`,
        "optimizer = keras.optimizers.SGD(learning_rate=schedule)",
        `lrs = [float(schedule(step)) for step in range(${n})]`,
      ].join("\n");
    }
    const unit = schedule.x_label;
    const lr = of("optimizer").map((arg) => `, lr=${literal(schedule, arg, values[arg.name])}`).join("");
    const stepped = of("step");
    return [
      "import torch", "",
      `optimizer = torch.optim.SGD(model.parameters()${lr})`,
      `scheduler = ${call(qualified, ["optimizer", ...kwargs])}`,
      ...stepped.map((arg) => `${arg.name} = ${literal(schedule, arg, values[arg.name])}  # one per ${unit}`),
      `for ${unit} in range(${n - 1}):`,
      `    ...  # train one ${unit === "step" ? "batch" : "epoch"}`,
      `    scheduler.step(${stepped.map((arg) => `${arg.name}[${unit}]`).join(", ")})`,
    ].join("\n");
  }

  function helpText(arg) {
    const parts = [arg.help];
    if (arg.optional) parts.push("leave blank to leave it out");
    else if (arg.default !== null) parts.push(`default ${arg.default}`);
    return parts.filter(Boolean).join("; ");
  }

  function field(id, arg) {
    const inputId = `${id}-${arg.name}`;
    let input;
    if (arg.kind === "choice") {
      input = el("select", { id: inputId }, ...arg.choices.map((option) => el("option", { value: option }, option)));
      input.value = arg.value;
    } else if (arg.kind === "bool") {
      input = el("input", { id: inputId, type: "checkbox", checked: Boolean(arg.value) });
    } else {
      const numeric = ["int", "float", "number"].includes(arg.kind);
      input = el("input", {
        id: inputId, type: numeric ? "number" : "text", step: arg.kind === "int" ? "1" : "any", value: arg.value,
        spellcheck: "false", autocomplete: "off",
      });
    }
    input.name = arg.name;
    const help = helpText(arg);
    if (help) input.setAttribute("aria-describedby", `${inputId}-help`);
    const wrapper = el(
      "div", { class: `verikb-playground__field verikb-playground__field--${arg.kind}` },
      el("label", { for: inputId }, arg.name), input, help ? el("small", { id: `${inputId}-help` }, help) : null,
    );
    return { wrapper, input };
  }

  // The shown schedule's values: read from the inputs built for it, never from the select (which may be ahead).
  function readForm(shown) {
    const values = {};
    const problems = [];
    for (const arg of shown.schedule.args) {
      const input = shown.inputs.get(arg.name);
      values[arg.name] = input.type === "checkbox" ? input.checked : input.value;
      if (input.validity?.badInput) problems.push(`${arg.name}: enter a number`);
      else if (values[arg.name] === "" && !arg.optional) problems.push(`${arg.name}: a value is required`);
    }
    return { values, problems };
  }

  function build(root, spec) {
    const id = vk.uniqueId("playground");
    const byName = new Map(spec.schedules.map((schedule) => [schedule.name, schedule]));
    const group = (framework, label) => el("optgroup", { label },
      ...spec.schedules.filter((s) => s.framework === framework).map((s) => el("option", { value: s.name }, s.name)));
    const select = el("select", { id: `${id}-schedule`, name: "schedule" },
      group("torch", "PyTorch (torch.optim.lr_scheduler)"), group("keras", "Keras (keras.optimizers.schedules)"));
    const fieldset = el("fieldset", { class: "verikb-playground__args" });
    const nInput = el("input", { id: `${id}-n`, name: "n", type: "number", min: "1", max: "1000", step: "1", "aria-describedby": `${id}-n-help` });
    const runButton = vk.button("Run", "verikb-run");
    runButton.type = "submit";
    const status = el("span", { class: "verikb-runner__status", role: "status" });
    const form = el("form", { class: "verikb-playground__form", novalidate: true },
      el("div", { class: "verikb-playground__field" }, el("label", { for: select.id }, "Schedule"), select),
      fieldset,
      el("div", { class: "verikb-playground__field verikb-playground__field--int" },
        el("label", { for: nInput.id }, "n"), nInput,
        el("small", { id: `${id}-n-help` }, "how many values: the lr after construction and after each of n − 1 steps")),
      el("div", { class: "verikb-runner__bar" }, runButton, status));
    const error = el("p", { class: "verikb-playground__error", role: "alert" });
    const chart = el("div", { class: "verikb-playground__chart", role: "img" });
    const code = el("code", { class: "language-python" });
    const table = el("table", { class: "verikb-playground__table" });
    const note = el("p", { class: "verikb-playground__note" });
    const tableBox = el("div", { class: "verikb-playground__table-box", tabindex: "0", role: "region", "aria-label": "Learning rate values" }, table);
    root.replaceChildren(el("div", { class: "verikb-playground__panel" }, form, error, chart,
      el("p", { class: "verikb-playground__caption" }, "Equivalent code"),
      el("pre", { class: "verikb-playground__code", tabindex: "0" }, code), tableBox, note));

    let shown = null; // {schedule, inputs}: what the fields on screen belong to
    let plot = null;
    let handle = null;

    // Results belong to one schedule and one set of arguments: cleared when either is no longer on screen.
    const clearResults = () => {
      plot?.destroy();
      plot = null;
      chart.replaceChildren();
      chart.setAttribute("aria-label", "Chart of the learning rate: run the schedule to draw it");
      table.replaceChildren();
      tableBox.hidden = true;
      note.textContent = "";
    };
    const refreshCode = () => {
      code.textContent = equivalentCode(shown.schedule, readForm(shown).values, Number(nInput.value) || shown.schedule.n);
    };
    const showSchedule = () => {
      const schedule = byName.get(select.value);
      const fields = schedule.args.map((arg) => field(id, arg));
      shown = { schedule, inputs: new Map(fields.map(({ input }, i) => [schedule.args[i].name, input])) };
      fieldset.replaceChildren(el("legend", {}, `Arguments of ${schedule.name}`), ...fields.map(({ wrapper }) => wrapper));
      nInput.value = schedule.n;
      error.textContent = "";
      status.textContent = "";
      clearResults();
      refreshCode();
    };
    select.addEventListener("change", showSchedule);
    form.addEventListener("input", (event) => event.target !== select && refreshCode());
    form.addEventListener("change", (event) => event.target !== select && refreshCode());
    showSchedule();

    const showValues = (schedule, reprs) => {
      table.replaceChildren(
        el("caption", {}, `${schedule.name}: learning rate per ${schedule.x_label}`),
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, schedule.x_label), el("th", { scope: "col" }, "lr"))),
        el("tbody", {}, ...reprs.map((repr, index) => el("tr", {},
          el("td", { "data-value": String(index) }, String(index)),
          el("td", { "data-value": repr, title: repr }, String(Number(Number(repr).toPrecision(6))))))));
      tableBox.hidden = false;
      note.textContent = schedule.note;
      const data = { title: schedule.name, x_label: schedule.x_label, values: reprs.map(Number) };
      if (plot) plot.update(data);
      else plot = vk.plot(chart, data);
      plot.ready.catch((problem) => {
        error.textContent = `The chart could not be drawn (${problem.message}); the values are in the table.`;
      });
    };

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (handle) return;
      const { schedule } = shown;
      const { values, problems } = readForm(shown);
      if (!/^\d+$/.test(nInput.value.trim())) problems.push("n: enter a whole number");
      error.textContent = problems.join("; ");
      if (problems.length) return clearResults();
      const args = schedule.args.filter((arg) => values[arg.name] !== "")
        .map((arg) => [arg.name, arg.kind === "choice" ? "str" : arg.kind, values[arg.name]]);
      runButton.disabled = true;
      root.dataset.request = JSON.stringify({ name: schedule.name, n: nInput.value.trim(), args });
      handle = vk.python.run({
        code: spec.python,
        returns: "result",
        wheels: [vk.assetUrl("wheels/" + root.dataset.wheel)],
        vars: { verikb_request: root.dataset.request },
        onStatus: (phase) => (status.textContent = { loading: "Loading Python… (first run only)", waiting: "Waiting…" }[phase] ?? "Running…"),
      });
      const result = await handle.done;
      handle = null;
      runButton.disabled = false;
      if (shown.schedule !== schedule) return; // switched while it ran: the fields on screen are another schedule's
      if (result.type !== "done") {
        const lines = String(result.message || "").trim().split("\n");
        error.textContent = result.type === "stopped" ? "Stopped: the time limit was reached." : lines[lines.length - 1];
        status.textContent = "";
        return clearResults();
      }
      const reprs = JSON.parse(result.value);
      status.textContent = `Computed ${reprs.length} values in ${result.seconds.toFixed(2)} s.`;
      showValues(schedule, reprs);
    });
  }

  vk.register(".verikb-playground", (root) => {
    const fail = (message) => root.replaceChildren(el("p", { class: "verikb-playground__error", role: "alert" }, message));
    if (!root.dataset.spec) return fail("The playground has no data-spec attribute naming its schedules' file.");
    const url = vk.assetUrl(root.dataset.spec);
    root.replaceChildren(el("p", { class: "verikb-playground__loading" }, "Loading the playground…"));
    loadSpec(url).then((spec) => build(root, spec), (problem) => {
      fail(`The playground could not load its schedules (${problem.message}).`);
      console.warn("verikb: playground spec", url, problem.message);
    });
  });
})();
