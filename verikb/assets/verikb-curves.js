// verikb-curves.js — charts drawn with the site's own uPlot: figure.verikb-curve (a learning-rate curve computed by
// the real framework, or several series such as the loss per learning rate) and vk.plot for the other widgets.
// Charts follow the colour scheme (redrawn when mkdocs-material toggles it) and the container's width.
(function () {
  "use strict";
  const vk = window.verikb;
  if (!vk || vk.plot) return;
  const HEIGHT = 240;
  const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [1, 3], [12, 5]]; // series differ by more than colour
  const plots = new Map(); // container -> plot, for redraws on scheme change and resize
  let observers = null;

  const finite = (value) => (typeof value === "number" && Number.isFinite(value) ? value : null);
  const indices = (n) => Array.from({ length: n }, (_, i) => i);
  const format = (value) => (value === null ? "–" : String(Number(value.toPrecision(6))));
  const tick = (value) => (value === null ? "" : String(Number(value.toPrecision(3)))); // uPlot's own shows 1e-4 as 0

  // {title, x_label, values}: one learning-rate curve, stepped. {title, x_label, y_label, log_x, x, series: [{label,
  // values}]}: several lines over shared x values (missing or non-finite values are gaps).
  function normalise(data) {
    const title = String(data.title || "");
    if (Array.isArray(data.series)) {
      const series = data.series.map((s, i) => ({
        label: String(s.label ?? `series ${i + 1}`),
        values: (Array.isArray(s.values) ? s.values : []).map(finite),
      }));
      const n = Math.max(0, ...series.map((s) => s.values.length));
      const x = Array.isArray(data.x) ? data.x.map(finite) : indices(n);
      return {
        title, xLabel: String(data.x_label || ""), yLabel: String(data.y_label || ""), logX: Boolean(data.log_x),
        yMax: finite(data.y_max), x, series, stepped: false,
      };
    }
    const values = (Array.isArray(data.values) ? data.values : []).map(finite);
    const xLabel = String(data.x_label || "epoch");
    return { title, xLabel, yLabel: "learning rate", logX: false, x: indices(values.length), series: [{ label: "learning rate", values }], stepped: true };
  }

  function describe(d) {
    const xs = d.x.filter((v) => v !== null);
    const span = xs.length ? ` from ${xs[0]} to ${xs[xs.length - 1]}${d.logX ? " (log scale)" : ""}` : "";
    if (d.series.length === 1) {
      const ys = d.series[0].values.filter((v) => v !== null);
      const range = ys.length ? `from ${format(ys[0])} to ${format(ys[ys.length - 1])} ` : "";
      return `${d.title}: ${d.series[0].label} ${range}over ${xs.length} ${d.xLabel}s; numbers in the table below`;
    }
    const labels = d.series.map((s) => s.label).join(", ");
    return `${d.title}: ${d.yLabel || "values"} of ${d.series.length} series (${labels}) over ${d.xLabel}${span}; numbers in the table below`;
  }

  // Colours come from verikb-curves.css, which sets them for the light and the dark scheme.
  function colors(node) {
    const style = getComputedStyle(node);
    const css = (name) => style.getPropertyValue(name).trim();
    return { axis: css("--verikb-plot-axis"), grid: css("--verikb-plot-grid"), series: DASHES.map((_, i) => css(`--verikb-series-${i + 1}`)) };
  }

  function options(uPlot, plot) {
    const d = plot.data;
    const c = colors(plot.container);
    const axis = { stroke: c.axis, grid: { stroke: c.grid }, ticks: { stroke: c.grid } };
    const x = d.logX ? { time: false, distr: 3, log: 10 } : { time: false };
    const many = d.series.length > 1;
    return {
      width: Math.max(240, plot.container.clientWidth),
      height: HEIGHT,
      legend: { show: many, live: false },
      // y_max: a diverging run would flatten every other line; above it, lines leave the chart (numbers in the table).
      scales: { x, y: { range: (_, lo, hi) => [Math.min(0, lo), d.yMax !== null && d.yMax !== undefined && hi > d.yMax ? d.yMax : hi > 0 ? hi * 1.05 : 1] } },
      series: [
        { label: d.xLabel },
        ...d.series.map((s, i) => ({
          label: s.label,
          stroke: c.series[i % c.series.length],
          dash: DASHES[i % DASHES.length],
          width: 2,
          paths: d.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
          points: { show: d.x.length <= 60 },
        })),
      ],
      axes: [
        { ...axis, label: d.xLabel, ...(d.logX ? { values: (_, ticks) => ticks.map(tick) } : { incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000] }) },
        { ...axis, label: many ? d.yLabel : undefined, size: 70 },
      ],
    };
  }

  async function draw(plot) {
    const uPlot = await vk.loadUPlot();
    if (plot.gone) return;
    plot.chart?.destroy();
    const d = plot.data;
    plot.chart = new uPlot(options(uPlot, plot), [d.x, ...d.series.map((s) => s.values)], plot.container);
  }

  function redraw(plot) {
    draw(plot).catch((err) => console.warn("verikb:", err.message));
  }

  // Charts of a page that instant navigation replaced.
  function forget() {
    plots.forEach((plot) => plot.container.isConnected || plot.destroy());
  }

  function watch() {
    if (observers) return;
    const resize = new ResizeObserver((entries) => entries.forEach(({ target }) => {
      plots.get(target)?.chart?.setSize({ width: Math.max(240, target.clientWidth), height: HEIGHT });
    }));
    // mkdocs-material's palette toggle sets data-md-color-scheme on <body>: redraw in the new colours.
    const scheme = new MutationObserver(() => {
      forget();
      plots.forEach(redraw);
    });
    scheme.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    observers = { resize, scheme };
  }

  /**
   * Draws data (either shape above) into container; returns {ready: Promise, update(data), destroy()}.
   * ready rejects when uPlot cannot be loaded: the caller says so (the numbers stay in its table).
   */
  vk.plot = function (container, data) {
    watch();
    forget();
    plots.get(container)?.destroy();
    const plot = {
      container, data: normalise(data), chart: null, gone: false,
      update(next) {
        plot.data = normalise(next);
        container.setAttribute("role", "img"); // an aria-label needs a role that takes one (axe: aria-prohibited-attr)
        container.setAttribute("aria-label", describe(plot.data));
        return (plot.ready = draw(plot));
      },
      destroy() {
        plot.gone = true;
        plot.chart?.destroy();
        plots.delete(container);
        observers.resize.unobserve(container);
      },
    };
    container.classList.add("verikb-plot");
    container.setAttribute("role", "img");
    plots.set(container, plot);
    observers.resize.observe(container);
    plot.update(data);
    return plot;
  };

  function numbersTable(figure, data) {
    const body = figure.querySelector("table tbody");
    if (!body) return;
    body.replaceChildren(...data.values.map((value, i) => vk.el("tr", {}, vk.el("td", {}, String(i)), vk.el("td", {}, format(finite(value))))));
  }

  // A runnable block inside the figure (lrschedules, run in the browser) redraws the curve from the list it leaves
  // in the global its data-result names; Reset brings back the framework's own values.
  function followRuns(figure, data, plot) {
    const note = vk.el("p", { class: "verikb-curve-note", "aria-live": "polite" });
    plot.container.after(note);
    const original = figure.querySelector("table tbody")?.cloneNode(true);
    figure.addEventListener("verikb:ran", ({ detail }) => {
      if (detail.type !== "done") return;
      const values = Array.isArray(detail.value) ? detail.value.map(finite) : [];
      if (!values.length || values.includes(null)) {
        note.textContent = "This run left no list of numbers to draw, so the curve still shows the framework's values.";
        return;
      }
      plot.update({ ...data, values }).catch((err) => console.warn("verikb:", err.message));
      numbersTable(figure, { values });
      note.textContent = `Curve and numbers redrawn from your run (${values.length} values, computed by lrschedules in your browser).`;
    });
    figure.addEventListener("verikb:reset", () => {
      plot.update(data).catch((err) => console.warn("verikb:", err.message));
      if (original) figure.querySelector("table tbody")?.replaceWith(original.cloneNode(true));
      note.textContent = "";
    });
  }

  vk.register("figure.verikb-curve", (figure) => {
    const data = vk.data(figure);
    const chart = vk.el("div", { class: "verikb-curve-chart" });
    const caption = figure.querySelector("figcaption");
    if (caption) caption.after(chart);
    else figure.prepend(chart);
    const plot = vk.plot(chart, data);
    plot.ready.catch((err) => {
      plot.destroy();
      chart.remove();
      console.warn("verikb:", err.message);
    });
    if (!Array.isArray(data.series)) followRuns(figure, data, plot);
  });
})();
