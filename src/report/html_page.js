// report.html's charts, drawn with Chart.js from the page's own data block (#ib-data, written by
// src/report/html_data.cpp). Every text shown comes from that data through textContent or Chart.js's canvas
// text, never through markup. Latency over time: drag across it to zoom into a time range (the GPU panels
// follow, as they share its time axis), double-click to reset. Each drawn canvas gets data-points (the points it
// holds) and the body data-ib-charts (the charts drawn), which the headless-browser test reads.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('ib-data').textContent);
  var palette = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];
  var drawn = 0;

  function colour(i, alpha) {
    var hex = palette[i % palette.length];
    if (alpha === undefined) return hex;
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }

  function section(id) { return document.getElementById(id); }

  function addCanvas(parent, small) {
    var box = document.createElement('div');
    box.className = small ? 'chart small' : 'chart';
    var canvas = document.createElement('canvas');
    box.appendChild(canvas);
    parent.appendChild(box);
    return canvas;
  }

  function finish(chart, canvas) {
    var points = 0;
    chart.data.datasets.forEach(function (d) { points += d.data.length; });
    canvas.setAttribute('data-points', String(points));
    drawn += 1;
    return chart;
  }

  function baseOptions(xTitle, yTitle) {
    return {
      animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      scales: { x: { type: 'linear', title: { display: true, text: xTitle } },
                // One y-axis width for every chart, so stacked charts' time axes line up.
                y: { title: { display: true, text: yTitle }, afterFit: function (scale) { scale.width = 72; } } },
      plugins: { legend: { position: 'bottom' } }
    };
  }

  // Percentile axis in "nines": x = -log10(1 - p/100), so p90, p99 and p99.9 are evenly spaced.
  function nines(p) { return -Math.log10(1 - p / 100); }
  function percentileOf(x) { return 100 * (1 - Math.pow(10, -x)); }
  function percentileLabel(x) { return 'p' + String(Number(percentileOf(x).toFixed(3))); }

  function percentileChart() {
    var parent = section('percentile-chart');
    var datasets = [];
    data.runs.forEach(function (run, i) {
      var c = run.percentiles;
      if (!c) return;
      var curve = [], lo = [], hi = [];
      for (var k = 0; k < c.p.length; k++) {
        var x = nines(c.p[k]);
        curve.push({ x: x, y: c.ms[k] });
        if (c.lo[k] !== null && c.hi[k] !== null) { lo.push({ x: x, y: c.lo[k] }); hi.push({ x: x, y: c.hi[k] }); }
      }
      datasets.push({ label: run.label, data: curve, borderColor: colour(i), backgroundColor: colour(i),
                      pointRadius: 1.5, borderWidth: 1.5 });
      if (lo.length > 0) {
        datasets.push({ label: run.label + ' 95% CI low', data: lo, borderColor: colour(i, 0.3), pointRadius: 0,
                        borderWidth: 0.5, fill: false });
        datasets.push({ label: run.label + ' 95% CI high', data: hi, borderColor: colour(i, 0.3), pointRadius: 0,
                        borderWidth: 0.5, fill: '-1', backgroundColor: colour(i, 0.15) });
      }
    });
    if (datasets.length === 0) return;
    var canvas = addCanvas(parent, false);
    var options = baseOptions('percentile', 'latency (ms)');
    options.scales.x.min = 0;
    options.scales.x.afterBuildTicks = function (scale) {
      scale.ticks = [0, Math.log10(2), 1, 2, 3, 4].filter(function (v) { return v <= scale.max + 1e-9; })
          .map(function (v) { return { value: v }; });
    };
    options.scales.x.ticks = { callback: function (value) { return percentileLabel(value); } };
    options.plugins.tooltip = { callbacks: { title: function (items) {
      return items.length ? percentileLabel(items[0].parsed.x) : ''; } } };
    options.plugins.legend.labels = { filter: function (item) { return item.text.indexOf(' 95% CI ') < 0; } };
    finish(new Chart(canvas, { type: 'line', data: { datasets: datasets }, options: options }), canvas);
  }

  function timeRange() {
    var end = 0;
    data.runs.forEach(function (run) {
      if (run.latency && run.latency.t.length) end = Math.max(end, run.latency.t[run.latency.t.length - 1]);
      if (run.telemetry && run.telemetry.t.length) end = Math.max(end, run.telemetry.t[run.telemetry.t.length - 1]);
    });
    return { min: 0, max: end > 0 ? end : 1 };
  }

  function latencyChart(parent, range) {
    var datasets = [];
    data.runs.forEach(function (run, i) {
      if (!run.latency) return;
      var points = run.latency.t.map(function (t, k) { return { x: t, y: run.latency.ms[k] }; });
      datasets.push({ label: run.label, data: points, borderColor: colour(i), backgroundColor: colour(i),
                      showLine: false, pointRadius: 1.2 });
    });
    if (datasets.length === 0) return null;
    var canvas = addCanvas(parent, false);
    var options = baseOptions('time from the pass\'s start (s)', 'latency (ms)');
    options.scales.x.min = range.min;
    options.scales.x.max = range.max;
    return finish(new Chart(canvas, { type: 'line', data: { datasets: datasets }, options: options }), canvas);
  }

  function metricNames() {
    var names = [];
    data.runs.forEach(function (run) {
      if (!run.telemetry) return;
      run.telemetry.series.forEach(function (s) { if (names.indexOf(s.name) < 0) names.push(s.name); });
    });
    return names;
  }

  function gpuChart(parent, name, range) {
    var datasets = [], unit = '';
    data.runs.forEach(function (run, i) {
      if (!run.telemetry) return;
      run.telemetry.series.forEach(function (s) {
        if (s.name !== name) return;
        unit = s.unit;
        var points = [];
        s.values.forEach(function (v, k) { points.push({ x: run.telemetry.t[k], y: v === null ? NaN : v }); });
        datasets.push({ label: run.label + ' (' + run.telemetry.pass + ' pass)', data: points,
                        borderColor: colour(i), backgroundColor: colour(i), pointRadius: 1, borderWidth: 1.2,
                        spanGaps: false });
      });
    });
    var canvas = addCanvas(parent, true);
    var options = baseOptions('time from the pass\'s start (s)', name + (unit ? ' (' + unit + ')' : ''));
    options.scales.x.min = range.min;
    options.scales.x.max = range.max;
    // From zero, as the PNG figures: a flat 1980 MHz or a 2 -> 1 % step must not fill the panel as if it moved.
    options.scales.y.beginAtZero = true;
    return finish(new Chart(canvas, { type: 'line', data: { datasets: datasets }, options: options }), canvas);
  }

  // Drag across `chart` to show only that time range in every chart of `group`; double-click to reset.
  function enableZoom(chart, group, range) {
    var canvas = chart.canvas, box = canvas.parentNode, start = null;
    var band = document.createElement('div');
    band.className = 'selection';
    box.appendChild(band);
    function offset(event) { return event.clientX - canvas.getBoundingClientRect().left; }
    function apply(min, max) {
      group.forEach(function (c) { c.options.scales.x.min = min; c.options.scales.x.max = max; c.update('none'); });
    }
    canvas.addEventListener('mousedown', function (event) { start = offset(event); });
    canvas.addEventListener('mousemove', function (event) {
      if (start === null) return;
      var x = offset(event);
      band.style.display = 'block';
      band.style.left = Math.min(start, x) + 'px';
      band.style.width = Math.abs(x - start) + 'px';
    });
    window.addEventListener('mouseup', function (event) {
      if (start === null) return;
      var x = offset(event), from = Math.min(start, x), to = Math.max(start, x);
      start = null;
      band.style.display = 'none';
      if (to - from < 5) return;
      apply(chart.scales.x.getValueForPixel(from), chart.scales.x.getValueForPixel(to));
    });
    canvas.addEventListener('dblclick', function () { apply(range.min, range.max); });
  }

  function timelineCharts() {
    var parent = section('timeline-charts');
    var range = timeRange();
    var latency = latencyChart(parent, range);
    var group = latency ? [latency] : [];
    metricNames().forEach(function (name) { group.push(gpuChart(parent, name, range)); });
    if (latency) enableZoom(latency, group, range);
  }

  // Runs of one model, backend and precision at several batch sizes: median latency and inferences/s over batch.
  function sweepChart() {
    var groups = {};
    data.runs.forEach(function (run) {
      if (run.median_ms === null) return;
      var key = run.model + ' | ' + run.backend + ' | ' + run.precision + ' | streams ' + run.streams;
      (groups[key] = groups[key] || []).push(run);
    });
    var datasets = [], i = 0;
    Object.keys(groups).forEach(function (key) {
      var runs = groups[key].slice().sort(function (a, b) { return a.batch - b.batch; });
      if (runs.length < 2 || runs[0].batch === runs[runs.length - 1].batch) return;
      datasets.push({ label: key + ' median latency (ms)', yAxisID: 'y', borderColor: colour(i), backgroundColor: colour(i),
                      data: runs.map(function (r) { return { x: r.batch, y: r.median_ms }; }) });
      datasets.push({ label: key + ' inferences/s', yAxisID: 'y2', borderColor: colour(i, 0.6), borderDash: [6, 3],
                      backgroundColor: colour(i, 0.6),
                      data: runs.map(function (r) { return { x: r.batch, y: r.median_fps }; }) });
      i += 1;
    });
    if (datasets.length === 0) return;
    var parent = section('sweep');
    parent.hidden = false;
    var canvas = addCanvas(parent, false);
    var options = baseOptions('batch', 'median latency (ms)');
    options.scales.y2 = { position: 'right', title: { display: true, text: 'inferences/s (batch x 1000 / median ms)' },
                          grid: { drawOnChartArea: false } };
    finish(new Chart(canvas, { type: 'line', data: { datasets: datasets }, options: options }), canvas);
  }

  if (typeof Chart === 'undefined') {
    section('no-charts').hidden = false;
  } else {
    Chart.defaults.font.size = 12;
    percentileChart();
    timelineCharts();
    sweepChart();
  }
  document.body.setAttribute('data-ib-charts', String(drawn));
})();
