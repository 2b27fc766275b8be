// Result views for YASGUI beyond the table: a chart (a timeline of dated rows at their
// precision, or bars of a number per row) and a map (rows with latitude and longitude, on the
// Natural Earth outlines of world-atlas). Offline: everything loads from beside this file.
//
// Load after yasgui.min.js; the plugins register themselves. Call
// DarmstadtResultViews.attach(yasgui) once to open each new result in the view that fits it
// (coordinates → map, dates → timeline, otherwise the table).
(function () {
  "use strict";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var SVG = "http://www.w3.org/2000/svg";
  var base = (document.currentScript && document.currentScript.src) || window.location.href;
  var ATLAS = new URL("vendor/world-atlas/countries-110m.json", base).href;
  var TOPOJSON = new URL("vendor/topojson-client.min.js", base).href;
  var COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B"];
  var NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "unsignedInt", "unsignedLong"];
  var DATES = ["gYear", "gYearMonth", "date", "dateTime"];
  var FAR_DEGREES = 40;

  // ---- reading a SELECT result ------------------------------------------------------------
  function table(results) {
    if (!results || typeof results.getVariables !== "function") return null;
    var vars = results.getVariables() || [];
    var rows = results.getBindings() || [];
    return vars.length && rows.length ? { vars: vars, rows: rows } : null;
  }
  function localType(term) {
    return term && term.datatype && term.datatype.indexOf(XSD) === 0 ? term.datatype.slice(XSD.length) : "";
  }
  function everyBound(t, v, test) {
    var seen = 0;
    for (var i = 0; i < t.rows.length; i++) {
      var term = t.rows[i][v];
      if (!term) continue;
      if (!test(term)) return false;
      seen++;
    }
    return seen > 0;
  }
  function dateColumn(t) {
    return t.vars.filter(function (v) {
      return everyBound(t, v, function (x) { return DATES.indexOf(localType(x)) >= 0; });
    })[0] || null;
  }
  function numberColumn(t) {
    return t.vars.filter(function (v) {
      return everyBound(t, v, function (x) { return NUMERIC.indexOf(localType(x)) >= 0; });
    })[0] || null;
  }
  function coordColumns(t) {
    var lat = null, lon = null;
    t.vars.forEach(function (v) {
      if (!lat && /(^|_)(lat|latitude)$/i.test(v)) lat = v;
      if (!lon && /(^|_)(long|lon|lng|longitude)$/i.test(v)) lon = v;
    });
    if (!lat || !lon) return null;
    var numeric = function (x) { return isFinite(parseFloat(x.value)); };
    return everyBound(t, lat, numeric) && everyBound(t, lon, numeric) ? { lat: lat, lon: lon } : null;
  }
  function text(term) {
    if (!term) return "";
    if (term.type === "uri") return term.value.replace(/[#/]+$/, "").split(/[#/]/).pop();
    return term.value;
  }
  // The columns that name a row: those called *label if any, else the first plain-text one.
  function labelColumns(t, skip) {
    var plain = t.vars.filter(function (v) {
      return skip.indexOf(v) < 0 && everyBound(t, v, function (x) {
        return x.type !== "uri" && NUMERIC.indexOf(localType(x)) < 0 && DATES.indexOf(localType(x)) < 0 &&
          !/^https?:\/\//.test(x.value);
      });
    });
    var named = plain.filter(function (v) { return /label$/i.test(v); });
    if (named.length) return named;
    if (plain.length) return plain.slice(0, 1);
    return t.vars.filter(function (v) { return skip.indexOf(v) < 0; }).slice(0, 1);
  }
  function clip(textValue, max) {
    return textValue.length > max ? textValue.slice(0, max - 1) + "…" : textValue;
  }
  function labelOf(row, columns) {
    return columns.map(function (c) { return text(row[c]); }).filter(Boolean).join(" · ");
  }

  // A date literal as the span it stands for: [start, end) in ms, and its precision.
  function span(term) {
    var kind = localType(term), v = term.value, y = parseInt(v.slice(0, 4), 10);
    if (kind === "gYear") return { start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1), precision: "year" };
    if (kind === "gYearMonth") {
      var m = parseInt(v.slice(5, 7), 10) - 1;
      return { start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1), precision: "month" };
    }
    var d = Date.UTC(y, parseInt(v.slice(5, 7), 10) - 1, parseInt(v.slice(8, 10), 10));
    return { start: d, end: d + 864e5, precision: "day" };
  }

  function fittingView(results) {
    var t = table(results);
    if (!t) return null;
    if (coordColumns(t)) return "dkgMap";
    if (dateColumn(t)) return "dkgChart";
    return null;
  }

  // ---- SVG helpers ------------------------------------------------------------------------
  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }
  function label(parent, x, y, content, attrs) {
    var node = el("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    node.textContent = content; // text, never markup: labels are escaped by construction
    return node;
  }
  function titled(node, content) { el("title", {}, node).textContent = content; return node; }
  function rowTitle(t, row) {
    return t.vars.map(function (v) { return v + ": " + text(row[v]); }).join("\n");
  }
  function canvas(parent, width, height, cls) {
    var wrap = document.createElement("div");
    wrap.className = "dkg-view " + cls;
    parent.appendChild(wrap);
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height,
      role: "img" }, wrap);
    return svg;
  }

  // ---- the chart: timeline of dates, or bars of a number ----------------------------------
  function segments(spans) {
    var years = [];
    spans.forEach(function (s) {
      years.push(new Date(s.start).getUTCFullYear(), new Date(s.end - 1).getUTCFullYear());
    });
    years.sort(function (a, b) { return a - b; });
    var parts = [];
    years.forEach(function (y) {
      var last = parts[parts.length - 1];
      if (last && y - last[1] <= 30) last[1] = Math.max(last[1], y); else parts.push([y, y]);
    });
    return parts;
  }
  function drawTimeline(parent, t, dateVar) {
    var labels = labelColumns(t, [dateVar]);
    var kindVar = t.vars.filter(function (v) {  // a short text column of a few values: colours
      if (v === dateVar || labels.indexOf(v) >= 0) return false;
      var values = {};
      var ok = everyBound(t, v, function (x) {
        values[x.value] = 1;
        return x.type !== "uri" && NUMERIC.indexOf(localType(x)) < 0 && x.value.length < 30;
      });
      return ok && Object.keys(values).length <= COLOURS.length;
    })[0];
    var items = t.rows.filter(function (r) { return r[dateVar]; }).map(function (r) {
      var s = span(r[dateVar]);
      return { row: r, start: s.start, end: s.end, precision: s.precision, date: r[dateVar].value,
        label: labelOf(r, labels.filter(function (l) { return l !== kindVar; })),
        kind: kindVar && r[kindVar] ? r[kindVar].value : "" };
    }).sort(function (a, b) { return a.start - b.start || a.end - b.end; });
    var kinds = [];
    items.forEach(function (i) { if (i.kind && kinds.indexOf(i.kind) < 0) kinds.push(i.kind); });
    var left = 420, right = 20, top = 40, rowH = 18, width = 1100;
    var height = top + items.length * rowH + 40;
    var svg = canvas(parent, width, height, "dkg-timeline");
    svg.setAttribute("aria-label", "timeline of " + items.length + " dated rows");
    var parts = segments(items);
    var plot = width - left - right, gap = 14;
    var weights = parts.map(function (p) { return p[1] - p[0] + 2; });
    var total = weights.reduce(function (a, b) { return a + b; }, 0);
    weights = weights.map(function (w) { return Math.max(w, total * 0.08); });
    total = weights.reduce(function (a, b) { return a + b; }, 0);
    var x0 = left, scales = [];
    parts.forEach(function (p, i) {
      var w = (plot - gap * (parts.length - 1)) * weights[i] / total;
      var lo = Date.UTC(p[0], 0, 1) - 0.3 * 365.25 * 864e5, hi = Date.UTC(p[1] + 1, 0, 1) + 0.3 * 365.25 * 864e5;
      scales.push({ first: p[0], last: p[1], x: x0, w: w, lo: lo, hi: hi });
      var axis = el("g", { class: "dkg-axis" }, svg);
      el("line", { x1: x0, x2: x0 + w, y1: height - 34, y2: height - 34 }, axis);
      var step = p[1] - p[0] > 10 ? 10 : 1;
      for (var y = Math.ceil(p[0] / step) * step; y <= p[1] + 1; y += step) {
        var tx = x0 + w * (Date.UTC(y, 0, 1) - lo) / (hi - lo);
        if (tx < x0 || tx > x0 + w) continue;
        el("line", { x1: tx, x2: tx, y1: top - 4, y2: height - 34, class: "dkg-grid" }, axis);
        label(axis, tx, height - 20, String(y), { "text-anchor": "middle" });
      }
      if (i > 0) label(svg, x0 - gap / 2, height - 30, "//", { "text-anchor": "middle", class: "dkg-break" });
      x0 += w + gap;
    });
    items.forEach(function (item, n) {
      var y = top + n * rowH;
      var s = scales.filter(function (sc) {
        var year = new Date(item.start).getUTCFullYear();
        return year >= sc.first && year <= sc.last;
      })[0];
      var colour = item.kind ? COLOURS[kinds.indexOf(item.kind) % COLOURS.length] : COLOURS[0];
      var bx = s.x + s.w * (item.start - s.lo) / (s.hi - s.lo);
      var bw = s.w * (item.end - item.start) / (s.hi - s.lo);
      var g = titled(el("g", { class: "dkg-mark", "data-precision": item.precision,
        "data-days": Math.round((item.end - item.start) / 864e5) }, svg), rowTitle(t, item.row));
      el("rect", { x: bx, y: y + 3, width: Math.max(bw, 0.5), height: rowH - 6, fill: colour }, g);
      if (item.precision !== "year") {
        el("path", { d: item.precision === "day"
          ? "M" + (bx + bw / 2) + " " + (y + 3) + "l5 6l-5 6l-5 -6z"
          : "M" + (bx + bw / 2 - 5) + " " + (y + 4) + "h10l-5 9z", fill: colour, class: "dkg-precision" }, g);
      }
      label(svg, left - 8, y + rowH / 2 + 4, clip(item.date + "  " + item.label, 62),
        { "text-anchor": "end", class: "dkg-label" });
    });
    var lx = left;
    kinds.concat(["month ▼", "day ◆"]).forEach(function (k, i) {
      if (i < kinds.length) el("rect", { x: lx, y: 10, width: 12, height: 12, fill: COLOURS[i % COLOURS.length] }, svg);
      label(svg, lx + (i < kinds.length ? 16 : 0), 20, i < kinds.length ? k : k, { class: "dkg-legend" });
      lx += 24 + 7 * k.length;
    });
    label(svg, 10, 20, items.length + " rows by " + dateVar + (kindVar ? ", coloured by " + kindVar : ""),
      { class: "dkg-legend" });
    label(svg, 10, height - 4, "A bar spans what its date stands for: a year, a month or a day.",
      { class: "dkg-note" });
  }
  function drawBars(parent, t, numVar) {
    var labels = labelColumns(t, [numVar]);
    var rows = t.rows.filter(function (r) { return r[numVar]; });
    var max = Math.max.apply(null, rows.map(function (r) { return parseFloat(r[numVar].value); }).concat([0]));
    var left = 360, rowH = 22, width = 1000, top = 30, height = top + rows.length * rowH + 30;
    var svg = canvas(parent, width, height, "dkg-bars");
    svg.setAttribute("aria-label", "bar chart of " + numVar + " over " + rows.length + " rows");
    var plot = width - left - 80;
    label(svg, 10, 18, numVar + " per row (bars from zero)", { class: "dkg-legend" });
    rows.forEach(function (r, n) {
      var v = parseFloat(r[numVar].value), y = top + n * rowH;
      var w = max > 0 ? plot * v / max : 0;
      var g = titled(el("g", { class: "dkg-mark", "data-value": v }, svg), rowTitle(t, r));
      el("rect", { x: left, y: y + 3, width: Math.max(w, 0), height: rowH - 6, fill: COLOURS[0] }, g);
      label(svg, left + w + 5, y + rowH / 2 + 4, String(v), { class: "dkg-value" });
      label(svg, left - 8, y + rowH / 2 + 4, clip(labelOf(r, labels), 52), { "text-anchor": "end", class: "dkg-label" });
    });
    el("line", { x1: left, x2: left, y1: top, y2: height - 30, class: "dkg-axis-line" }, svg);
  }

  function ChartView(yasr) { this.yasr = yasr; }
  ChartView.prototype.priority = 5;
  ChartView.prototype.label = "Chart";
  ChartView.prototype.hideFromSelection = false;
  ChartView.prototype.canHandleResults = function () {
    var t = table(this.yasr.results);
    return !!t && !!(dateColumn(t) || numberColumn(t));
  };
  ChartView.prototype.draw = function () {
    var t = table(this.yasr.results), dates = dateColumn(t);
    if (dates) drawTimeline(this.yasr.resultsEl, t, dates);
    else drawBars(this.yasr.resultsEl, t, numberColumn(t));
  };
  ChartView.prototype.getIcon = function () { return icon("M3 20h18v2H3zM5 10h3v8H5zm5-6h3v14h-3zm5 9h3v5h-3z"); };

  // ---- the map ------------------------------------------------------------------------------
  var atlas = null;
  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url; s.onload = resolve;
      s.onerror = function () { reject(new Error(url + ": not found — run scripts/install-frontend.sh")); };
      document.head.appendChild(s);
    });
  }
  function countries() {
    if (!atlas) {
      atlas = Promise.all([
        window.topojson ? Promise.resolve() : loadScript(TOPOJSON),
        fetch(ATLAS).then(function (r) {
          if (!r.ok) throw new Error(ATLAS + ": HTTP " + r.status + " — run scripts/install-frontend.sh");
          return r.json();
        }),
      ]).then(function (done) {
        var topo = done[1];
        return window.topojson.feature(topo, topo.objects.countries).features;
      });
    }
    return atlas;
  }
  function rad(d) { return d * Math.PI / 180; }
  // Lambert azimuthal equal-area, centred on (lon0, lat0); null beyond ~85° from the centre.
  function laea(lon, lat, lon0, lat0) {
    var l = rad(lon - lon0), p = rad(lat), p0 = rad(lat0);
    var c = Math.sin(p0) * Math.sin(p) + Math.cos(p0) * Math.cos(p) * Math.cos(l);
    if (c < 0.08) return null;
    var k = Math.sqrt(2 / (1 + c));
    return [k * Math.cos(p) * Math.sin(l), k * (Math.cos(p0) * Math.sin(p) - Math.sin(p0) * Math.cos(p) * Math.cos(l))];
  }
  function angle(a, b) {
    var d = Math.sin(rad(a.lat)) * Math.sin(rad(b.lat)) + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(a.lon - b.lon));
    return Math.acos(Math.max(-1, Math.min(1, d))) * 180 / Math.PI;
  }
  function median(values) { var s = values.slice().sort(function (a, b) { return a - b; }); return s[Math.floor(s.length / 2)]; }

  function panel(svg, features, points, box, id, pad) {
    var lon0 = (Math.min.apply(null, points.map(function (p) { return p.lon; })) + Math.max.apply(null, points.map(function (p) { return p.lon; }))) / 2;
    var lat0 = (Math.min.apply(null, points.map(function (p) { return p.lat; })) + Math.max.apply(null, points.map(function (p) { return p.lat; }))) / 2;
    var xy = points.map(function (p) { return laea(p.lon, p.lat, lon0, lat0); });
    var xs = xy.map(function (q) { return q[0]; }), ys = xy.map(function (q) { return q[1]; });
    var w = Math.max(Math.max.apply(null, xs) - Math.min.apply(null, xs), pad);
    var h = Math.max(Math.max.apply(null, ys) - Math.min.apply(null, ys), pad);
    var minX = Math.min.apply(null, xs) - w * 0.12 - pad / 4, maxX = Math.max.apply(null, xs) + w * 0.12 + pad / 4;
    var minY = Math.min.apply(null, ys) - h * 0.1 - pad / 4, maxY = Math.max.apply(null, ys) + h * 0.1 + pad / 4;
    var scale = Math.min(box.w / (maxX - minX), box.h / (maxY - minY));
    var ox = box.x + (box.w - scale * (maxX - minX)) / 2, oy = box.y + (box.h - scale * (maxY - minY)) / 2;
    function screen(q) { return [ox + (q[0] - minX) * scale, oy + (maxY - q[1]) * scale]; }
    var clip = el("clipPath", { id: id }, el("defs", {}, svg));
    el("rect", { x: box.x, y: box.y, width: box.w, height: box.h }, clip);
    var g = el("g", { "clip-path": "url(#" + id + ")", class: "dkg-panel" }, svg);
    el("rect", { x: box.x, y: box.y, width: box.w, height: box.h, class: "dkg-sea" }, g);
    features.forEach(function (f) {
      var geom = f.geometry;
      if (!geom) return;
      var polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
      var d = "";
      polys.forEach(function (poly) {
        poly.forEach(function (ring) {
          var pts = ring.map(function (c) { return laea(c[0], c[1], lon0, lat0); });
          if (pts.some(function (q) { return q === null; })) return;
          d += pts.map(function (q, i) { var s = screen(q); return (i ? "L" : "M") + s[0].toFixed(1) + " " + s[1].toFixed(1); }).join("") + "Z";
        });
      });
      if (d) titled(el("path", { d: d, class: "dkg-country", "fill-rule": "evenodd" }, g), f.properties && f.properties.name || "");
    });
    el("rect", { x: box.x, y: box.y, width: box.w, height: box.h, class: "dkg-frame" }, svg);
    return points.map(function (p, i) { return { point: p, xy: screen(xy[i]), box: box }; });
  }
  function placeLabels(svg, placed) {
    var taken = [], offsets = [[7, 4, "start"], [-7, 4, "end"], [6, -6, "start"], [-6, -6, "end"],
      [6, 14, "start"], [-6, 14, "end"], [0, -9, "middle"], [0, 17, "middle"]];
    var markers = placed.map(function (m) { return [m.xy[0] - 4, m.xy[1] - 4, m.xy[0] + 4, m.xy[1] + 4]; });
    function overlap(a, b) { return Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1])); }
    placed.forEach(function (m, i) {
      var w = 6.4 * m.point.label.length, best = null;
      offsets.forEach(function (o) {
        var x = m.xy[0] + o[0], y = m.xy[1] + o[1];
        var x0 = o[2] === "start" ? x : o[2] === "end" ? x - w : x - w / 2;
        var r = [x0, y - 11, x0 + w, y + 2];
        var score = 0;
        taken.concat(markers.filter(function (_, j) { return j !== i; })).forEach(function (t) { score += overlap(r, t); });
        if (r[0] < m.box.x || r[2] > m.box.x + m.box.w || r[1] < m.box.y || r[3] > m.box.y + m.box.h) score += 1e6;
        if (!best || score < best.score) best = { score: score, x: x, y: y, anchor: o[2], rect: r };
      });
      taken.push(best.rect);
      label(svg, best.x, best.y, m.point.label, { "text-anchor": best.anchor, class: "dkg-city-label" });
    });
  }
  function drawMap(parent, t) {
    var cols = coordColumns(t);
    var labels = labelColumns(t, [cols.lat, cols.lon]);
    var points = t.rows.filter(function (r) { return r[cols.lat] && r[cols.lon]; }).map(function (r) {
      return { lat: parseFloat(r[cols.lat].value), lon: parseFloat(r[cols.lon].value), row: r,
        label: text(r[labels[0]]) || "" };
    });
    var width = 900, height = 700;
    var svg = canvas(parent, width, height, "dkg-map");
    svg.setAttribute("aria-label", "map of " + points.length + " places");
    var status = label(svg, 20, 30, "loading the country outlines…", { class: "dkg-legend" });
    return countries().then(function (features) {
      status.remove();
      var centre = { lat: median(points.map(function (p) { return p.lat; })), lon: median(points.map(function (p) { return p.lon; })) };
      var near = points.filter(function (p) { return angle(p, centre) <= FAR_DEGREES; });
      var far = points.filter(function (p) { return angle(p, centre) > FAR_DEGREES; });
      if (!near.length) { near = points; far = []; }
      var placed = panel(svg, features, near, { x: 10, y: 36, w: width - 20, h: height - 66 }, "dkg-main-" + Date.now(), 0.05);
      far.forEach(function (p, i) {
        var box = { x: 20 + i * 190, y: height - 40 - 150, w: 180, h: 150 };
        placed = placed.concat(panel(svg, features, [p], box, "dkg-inset-" + i + "-" + Date.now(), 0.25));
        label(svg, box.x + 4, box.y + 12, "inset, own scale", { class: "dkg-note" });
      });
      placed.forEach(function (m) {
        titled(el("circle", { cx: m.xy[0], cy: m.xy[1], r: 4.5, class: "dkg-point",
          "data-lat": m.point.lat, "data-long": m.point.lon }, svg), rowTitle(t, m.point.row));
      });
      placeLabels(svg, placed);
      label(svg, 10, 22, points.length + " places by " + cols.lat + "/" + cols.lon +
        " · Natural Earth 1:110m outlines · Lambert azimuthal equal-area", { class: "dkg-legend" });
    }, function (err) {
      status.textContent = String(err.message || err);
      status.setAttribute("class", "dkg-error");
    });
  }
  function MapView(yasr) { this.yasr = yasr; }
  MapView.prototype.priority = 6;
  MapView.prototype.label = "Map";
  MapView.prototype.canHandleResults = function () {
    var t = table(this.yasr.results);
    return !!t && !!coordColumns(t);
  };
  MapView.prototype.draw = function () { return drawMap(this.yasr.resultsEl, table(this.yasr.results)); };
  MapView.prototype.getIcon = function () { return icon("M12 2a7 7 0 0 0-7 7c0 5 7 13 7 13s7-8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z"); };

  function icon(d) {
    var svg = el("svg", { viewBox: "0 0 24 24", width: 16, height: 16 });
    el("path", { d: d, fill: "currentColor" }, svg);
    var span = document.createElement("span");
    span.appendChild(svg);
    return span;
  }

  // Each new response opens in the view that fits it; a view the user picks stays until the next.
  function attach(yasgui) {
    yasgui.on("queryResponse", function (_y, tab) {
      var yasr = tab.getYasr();
      yasr.once("drawn", function () {
        var fit = fittingView(yasr.results) || "table";
        if (yasr.getSelectedPluginName() !== fit && yasr.plugins[fit]) yasr.selectPlugin(fit);
      });
    });
  }

  if (!document.querySelector('link[href$="result-views.css"]')) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("result-views.css", base).href;
    document.head.appendChild(css);
  }
  var Yasr = window.Yasgui && window.Yasgui.Yasr;
  if (Yasr && typeof Yasr.registerPlugin === "function") {
    Yasr.registerPlugin("dkgChart", ChartView);
    Yasr.registerPlugin("dkgMap", MapView);
  }
  window.DarmstadtResultViews = { attach: attach, fittingView: fittingView, span: span, laea: laea,
    ChartView: ChartView, MapView: MapView };
})();
