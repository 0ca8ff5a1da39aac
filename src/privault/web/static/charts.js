// The dashboard's charts, drawn by Apache ECharts (vendored: echarts.min.js) from the counts each
// <figure data-echart> carries; without script the figure's SVG or table stays as drawn. Canvas,
// not SVG: the content security policy forbids the style attributes SVG output would need.
(function () {
  "use strict";
  if (typeof echarts === "undefined") {
    return;
  }
  var COLOURS = ["#0b6e4f", "#2f6fb0", "#b54708", "#7a4cc2", "#b42318", "#5b6775"];

  function option(spec) {
    var stacked = spec.kind === "stacked";
    return {
      color: COLOURS,
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: "axis" },
      legend: stacked ? { top: 0 } : undefined,
      grid: { left: 8, right: 48, top: stacked ? 32 : 8, bottom: 8, containLabel: true },
      xAxis: stacked ? { type: "category", data: spec.labels } : { type: "value", minInterval: 1 },
      yAxis: stacked ? { type: "value", minInterval: 1 } : { type: "category", data: spec.labels, inverse: true },
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: "bar",
          stack: stacked ? "all" : undefined,
          data: s.values,
          label: stacked ? undefined : { show: true, position: "right", formatter: "{c}" + (spec.unit || "") }
        };
      })
    };
  }

  document.querySelectorAll("[data-echart]").forEach(function (figure) {
    var spec = JSON.parse(figure.getAttribute("data-echart"));
    var box = document.createElement("div");
    box.className = "echart";
    box.style.height = spec.kind === "stacked" ? "320px" : Math.max(120, 36 * spec.labels.length + 24) + "px";
    figure.querySelector("figcaption").after(box);
    var chart = echarts.init(box, null, { renderer: "canvas" });
    chart.setOption(option(spec));
    var drawn = figure.querySelector("svg.fallback");
    if (drawn) {
      drawn.classList.add("replaced"); // the canvas carries the same figures and an aria description
    }
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
