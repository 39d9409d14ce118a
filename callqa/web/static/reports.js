/* Charts of the report pages, drawn by the vendored Apache ECharts from the numbers in the table below each
   chart (the table is the data; the chart never holds a number the table does not show). A click on a point
   or bar opens the row's link: the calls behind that figure. No inline script (CSP: script-src 'self'). */
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  document.querySelectorAll("div.chart[data-for]").forEach(function (box) {
    var table = document.getElementById(box.getAttribute("data-for"));
    if (!table) { return; }
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows).filter(function (r) { return r.dataset.href; });
    if (!rows.length) { box.remove(); return; }
    var kind = table.getAttribute("data-chart") || "line";
    var labels = rows.map(function (r) { return r.cells[0].textContent.trim(); });
    var series = [];
    var twoAxes = false;
    heads.forEach(function (th, col) {
      if (!th.dataset.series) { return; }
      var axis = th.dataset.axis === "1" ? 1 : 0;
      twoAxes = twoAxes || axis === 1;
      series.push({
        name: th.dataset.series, type: axis === 1 ? "line" : kind, yAxisIndex: axis, smooth: false,
        data: rows.map(function (r) {
          var v = r.cells[col].dataset.value;
          return v === "" || v === undefined ? null : Number(v);
        })
      });
    });
    box.style.height = "260px";
    var chart = echarts.init(box, null, { renderer: "canvas", locale: "ZH" });
    var yAxis = [{ type: "value" }];
    if (twoAxes) { yAxis.push({ type: "value", min: 0, max: 100, name: "分" }); }
    chart.setOption({
      animation: false, legend: { top: 0 },
      tooltip: { trigger: "axis", renderMode: "richText" },  // drawn on the canvas: no inline-styled HTML (CSP)
      grid: { left: 48, right: twoAxes ? 48 : 16, top: 32, bottom: 28 },
      xAxis: { type: "category", data: labels }, yAxis: yAxis, series: series
    });
    chart.on("click", function (params) {
      var row = rows[params.dataIndex];
      if (row) { window.location.href = row.dataset.href; }
    });
    box.dataset.ready = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  });
}());
