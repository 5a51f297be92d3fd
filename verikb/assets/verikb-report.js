// verikb-report.js — filters on the verification report: by verdict and by topic. Without JavaScript the
// report is one section per verdict, every claim listed; the filters only hide entries.
(function () {
  "use strict";
  const vk = window.verikb;

  function mount(report) {
    const topics = vk.data(report).topics || [];
    const sections = Array.from(report.querySelectorAll(".verikb-report-section"));
    const verdicts = sections.map((section) => ({
      value: section.getAttribute("data-verdict"),
      label: (section.querySelector("h2 .verikb-badge") || section).textContent.trim(),
    }));
    const select = (label, options) => {
      const id = vk.uniqueId("filter");
      const menu = vk.el("select", { id }, vk.el("option", { value: "" }, "all"),
        ...options.map((option) => vk.el("option", { value: option.value }, option.label)));
      return [menu, vk.el("label", { for: id }, label + " "), menu];
    };
    const [verdictMenu, ...verdictParts] = select("Verdict", verdicts);
    const [topicMenu, ...topicParts] = select("Topic", topics.map((t) => ({ value: t.id, label: t.title })));
    const count = vk.el("span", { class: "verikb-report-count", "aria-live": "polite" });
    const apply = () => {
      let shown = 0;
      for (const section of sections) {
        const verdictOk = !verdictMenu.value || section.getAttribute("data-verdict") === verdictMenu.value;
        let inSection = 0;
        section.querySelectorAll(".verikb-report-entry").forEach((entry) => {
          const visible = verdictOk && (!topicMenu.value || entry.getAttribute("data-topic") === topicMenu.value);
          entry.hidden = !visible;
          inSection += visible ? 1 : 0;
        });
        section.hidden = inSection === 0;
        shown += inSection;
      }
      count.textContent = `${shown} claims shown`;
    };
    verdictMenu.addEventListener("change", apply);
    topicMenu.addEventListener("change", apply);
    report.prepend(vk.el("div", { class: "verikb-report-filters" },
      vk.el("span", {}, ...verdictParts), vk.el("span", {}, ...topicParts), count));
    apply();
  }

  vk.register(".verikb-report", mount);
})();
