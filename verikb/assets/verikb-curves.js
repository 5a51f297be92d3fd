// Draws figure.verikb-curve learning-rate curves (real framework output) with the site's own uPlot.
(() => {
  const script = document.currentScript || document.querySelector('script[src*="verikb-curves.js"]');
  const BASE = new URL(".", script.src).href; // …/assets/verikb/
  let loading = null;

  function loadUPlot() {
    loading ??= new Promise((resolve, reject) => {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = BASE + "vendor/uplot/uPlot.min.css";
      const tag = document.createElement("script");
      tag.src = BASE + "vendor/uplot/uPlot.iife.min.js";
      tag.onload = () => resolve(window.uPlot);
      tag.onerror = () => reject(new Error("uPlot could not be loaded"));
      document.head.append(css, tag);
    });
    return loading;
  }

  function colors(node) {
    const style = getComputedStyle(node);
    const css = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    return {
      line: css("--md-primary-fg-color", "#4051b5"),
      axis: css("--md-default-fg-color--light", "rgba(0, 0, 0, 0.6)"),
      grid: css("--md-default-fg-color--lightest", "rgba(0, 0, 0, 0.07)"),
    };
  }

  async function draw(figure) {
    if (figure.hasAttribute("data-verikb-ready")) return;
    figure.setAttribute("data-verikb-ready", "");
    let data;
    try { data = JSON.parse(figure.getAttribute("data-verikb-data")); } catch { return; }
    const chart = document.createElement("div");
    chart.className = "verikb-curve-chart";
    chart.setAttribute("role", "img");
    const last = data.values[data.values.length - 1];
    chart.setAttribute("aria-label", `${data.title}: from ${data.values[0]} to ${last} over ${data.values.length} ${data.x_label}s; numbers in the table below`);
    figure.querySelector("figcaption").after(chart);
    try {
      const uPlot = await loadUPlot();
      const c = colors(figure);
      const axis = { stroke: c.axis, grid: { stroke: c.grid }, ticks: { stroke: c.grid } };
      const xs = data.values.map((_, i) => i);
      new uPlot({
        width: Math.max(240, chart.clientWidth), height: 220, legend: { show: false },
        scales: { x: { time: false }, y: { range: (_, lo, hi) => [Math.min(0, lo), hi * 1.05 || 1] } },
        series: [{ label: data.x_label }, { label: "lr", stroke: c.line, width: 2, paths: uPlot.paths.stepped({ align: 1 }) }],
        axes: [{ ...axis, label: data.x_label, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, { ...axis, size: 64 }],
      }, [xs, data.values], chart);
    } catch (err) {
      chart.remove();
      console.warn("verikb:", err.message);
    }
  }

  const init = () => document.querySelectorAll("figure.verikb-curve").forEach(draw);
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
