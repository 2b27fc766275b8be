// Result views for YASGUI beyond the table: a chart (a timeline of dated rows at their
// precision, or bars of a number per row) and a map (rows with latitude and longitude, on the
// Natural Earth outlines of world-atlas). Offline: everything loads from beside this file.
// The timeline and the map are drawn by charts.js, the static site's charts (loaded from
// beside this file when first needed; the server serves it at /static/charts.js): this file
// turns a SELECT result into the data object charts.js draws — zoom, filter, the row's fact on
// hover, a click to the page of the first resource of this dataset the row names. The script
// tag's data-resources gives the dataset's IRI prefix, data-doc where their pages are
// (default /doc/, as the server has them): page = data-doc + slug + ".html".
//
// Load after yasgui.min.js; the plugins register themselves. Call
// DarmstadtResultViews.attach(yasgui) once to open each new result in the view that fits it
// (coordinates → map, dates → timeline, otherwise the table).
(function () {
  "use strict";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var SVG = "http://www.w3.org/2000/svg";
  var base = (document.currentScript && document.currentScript.src) || window.location.href;
  var script = document.currentScript;
  var RESOURCES = (script && script.dataset.resources) || "";  // this dataset's IRIs start so
  var DOC = (script && script.dataset.doc) || "/doc/";  // … and their pages are DOC + slug + ".html"
  var CHARTS = new URL("charts.js", base).href;
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
  // A time in ms as a fractional year (the axis of charts.js's timeline).
  function year(ms) {
    var y = new Date(ms).getUTCFullYear(), a = Date.UTC(y, 0, 1);
    return y + (ms - a) / (Date.UTC(y + 1, 0, 1) - a);
  }
  // The page of the first resource of this dataset the row names (an IRI, or a literal that
  // holds one, as STR(?x) does); null if it names none.
  function link(t, row) {
    var found = null;
    [true, false].forEach(function (uris) {
      t.vars.forEach(function (v) {
        var term = row[v];
        if (found || !term || (term.type === "uri") !== uris || !RESOURCES) return;
        if (term.value.indexOf(RESOURCES) !== 0) return;
        var slug = term.value.slice(RESOURCES.length);
        if (/^[a-z0-9-]{1,200}$/.test(slug)) found = DOC + slug + ".html";
      });
    });
    return found;
  }
  // The row's other values, "name: value", for the hover text.
  function rest(t, row, skip) {
    return t.vars.filter(function (v) { return skip.indexOf(v) < 0 && row[v]; })
      .map(function (v) { return v + ": " + text(row[v]); }).join(" · ");
  }
  function timelineData(t, dateVar) {
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
    var own = labels.filter(function (l) { return l !== kindVar; });
    var facts = t.rows.filter(function (r) { return r[dateVar]; }).map(function (r) {
      var s = span(r[dateVar]);
      var kind = kindVar && r[kindVar] ? r[kindVar].value : dateVar;
      var name = labelOf(r, own) || r[dateVar].value;
      var more = rest(t, r, own.concat([dateVar, kindVar || dateVar]));
      return { label: name, kind: kind, date: r[dateVar].value, precision: s.precision,
        start: year(s.start), end: year(s.end), href: link(t, r),
        fact: name + " — " + r[dateVar].value + " (" + s.precision + ")" + (kindVar ? " — " + kind : "")
          + (more ? " — " + more : "") };
    }).sort(function (a, b) { return a.start - b.start || a.end - b.end; });
    var colours = {};
    facts.forEach(function (f) {
      if (!colours[f.kind]) colours[f.kind] = COLOURS[Object.keys(colours).length % COLOURS.length];
    });
    return { facts: facts, colours: colours };
  }
  // charts.js (and its stylesheet) from beside this file, once.
  var chartsLoaded = null;
  function charts() {
    if (window.DarmstadtCharts) return Promise.resolve(window.DarmstadtCharts);
    if (!chartsLoaded) {
      stylesheet("charts.css");
      chartsLoaded = loadScript(CHARTS, "").then(function () { return window.DarmstadtCharts; });
    }
    return chartsLoaded;
  }
  function say(parent, message, error) {
    var p = document.createElement("p");
    p.className = "dkg-view-status" + (error ? " dkg-error" : "");
    p.textContent = message;
    parent.appendChild(p);
    return p;
  }
  // A chart of charts.js in YASR's results area (its own <div>, cleared by YASR on each draw).
  function mount(parent, kind, d) {
    return charts().then(function (drawer) {
      var root = document.createElement("div");
      root.className = "dkg-chart dkg-editor-chart";
      parent.appendChild(root);
      drawer.mount(root, kind, d);
    }, function (err) { say(parent, String(err.message || err), true); });
  }
  function drawBars(parent, t, numVar) {
    var labels = labelColumns(t, [numVar]);
    var rows = t.rows.filter(function (r) { return r[numVar]; });
    var max = Math.max.apply(null, rows.map(function (r) { return parseFloat(r[numVar].value); }).concat([0]));
    // drawn at the width of the results area with 12-px text (never scaled down): the label
    // column takes at most 40% of it, a label longer than its room is cut (whole on hover)
    var width = Math.max(parent.clientWidth || 1000, 300);
    var left = Math.min(360, Math.round(width * 0.4)), rowH = 22, top = 30;
    var height = top + rows.length * rowH + 30, room = Math.floor((left - 12) / 7);
    var svg = canvas(parent, width, height, "dkg-bars");
    svg.setAttribute("aria-label", "bar chart of " + numVar + " over " + rows.length + " rows");
    var plot = width - left - 40;
    label(svg, 10, 18, numVar + " per row (bars from zero)", { class: "dkg-legend" });
    rows.forEach(function (r, n) {
      var v = parseFloat(r[numVar].value), y = top + n * rowH;
      var w = max > 0 ? plot * v / max : 0;
      var g = titled(el("g", { class: "dkg-mark", "data-value": v }, svg), rowTitle(t, r));
      el("rect", { x: left, y: y + 3, width: Math.max(w, 0), height: rowH - 6, fill: COLOURS[0] }, g);
      label(svg, left + w + 5, y + rowH / 2 + 4, String(v), { class: "dkg-value" });
      label(svg, left - 8, y + rowH / 2 + 4, clip(labelOf(r, labels), room), { "text-anchor": "end", class: "dkg-label" });
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
    if (dates) return mount(this.yasr.resultsEl, "timeline", timelineData(t, dates));
    drawBars(this.yasr.resultsEl, t, numberColumn(t));
  };
  ChartView.prototype.getIcon = function () { return icon("M3 20h18v2H3zM5 10h3v8H5zm5-6h3v14h-3zm5 9h3v5h-3z"); };

  // ---- the map ------------------------------------------------------------------------------
  var atlas = null;
  function loadScript(url, hint) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url; s.onload = resolve;
      s.onerror = function () { reject(new Error(url + ": not found" + hint)); };
      document.head.appendChild(s);
    });
  }
  function countries() {
    if (!atlas) {
      atlas = Promise.all([
        window.topojson ? Promise.resolve() : loadScript(TOPOJSON, " — run scripts/install-frontend.sh"),
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

  function box(points) {
    var xs = points.map(function (p) { return p.x; }), ys = points.map(function (p) { return p.y; });
    return [Math.min.apply(null, xs), Math.min.apply(null, ys), Math.max.apply(null, xs), Math.max.apply(null, ys)];
  }
  // The rows as places and the country outlines, projected (Lambert azimuthal equal-area,
  // centred on the places near their median, × 1000, y down) as charts.js draws them.
  function mapData(t, features) {
    var cols = coordColumns(t);
    var labels = labelColumns(t, [cols.lat, cols.lon]);
    var points = t.rows.filter(function (r) { return r[cols.lat] && r[cols.lon]; }).map(function (r) {
      return { lat: parseFloat(r[cols.lat].value), lon: parseFloat(r[cols.lon].value), row: r,
        label: text(r[labels[0]]) || "" };
    });
    var centre = { lat: median(points.map(function (p) { return p.lat; })), lon: median(points.map(function (p) { return p.lon; })) };
    var near = points.filter(function (p) { return angle(p, centre) <= FAR_DEGREES; });
    if (!near.length) near = points;
    var lons = near.map(function (p) { return p.lon; }), lats = near.map(function (p) { return p.lat; });
    var lon0 = (Math.min.apply(null, lons) + Math.max.apply(null, lons)) / 2;
    var lat0 = (Math.min.apply(null, lats) + Math.max.apply(null, lats)) / 2;
    function project(lon, lat) {
      var q = laea(lon, lat, lon0, lat0);
      return q && [Math.round(q[0] * 10000) / 10, Math.round(-q[1] * 10000) / 10];
    }
    var places = [], nearPlaces = [];
    points.forEach(function (p) {
      var q = project(p.lon, p.lat);
      if (!q) return;  // on the far side of the globe from the centre: not drawn (see the count)
      var more = rest(t, p.row, [labels[0], cols.lat, cols.lon]);
      var place = { label: p.label, x: q[0], y: q[1], href: link(t, p.row),
        fact: p.label + " (" + p.lat + ", " + p.lon + ")" + (more ? " — " + more : "") };
      places.push(place);
      if (near.indexOf(p) >= 0) nearPlaces.push(place);
    });
    var outlines = [];
    features.forEach(function (f) {
      var geom = f.geometry;
      var polys = !geom ? [] : geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
      var d = "";
      polys.forEach(function (poly) {
        poly.forEach(function (ring) {
          var pts = ring.map(function (c) { return project(c[0], c[1]); });
          if (pts.length < 3 || pts.some(function (q) { return q === null; })) return;
          d += "M" + pts.map(function (q) { return q[0] + "," + q[1]; }).join("L") + "Z";
        });
      });
      if (d) outlines.push({ name: (f.properties && f.properties.name) || "", d: d });
    });
    return { places: places, countries: outlines, near: box(nearPlaces.length ? nearPlaces : places),
      all: box(places), nearName: "Main cluster", allName: "All places", noun: "places",
      unplaced: points.length - places.length };
  }
  function drawMap(parent, t) {
    var status = say(parent, "Loading the country outlines…");
    return countries().then(function (features) {
      status.remove();
      var d = mapData(t, features);
      if (!d.places.length) return say(parent, "No place of this result can be drawn on one map.");
      return mount(parent, "map", d).then(function () {
        if (d.unplaced) say(parent, d.unplaced + " row(s) lie on the far side of the globe and are not drawn.");
      });
    }, function (err) {
      status.textContent = String(err.message || err);
      status.className = "dkg-view-status dkg-error";
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

  function stylesheet(name) {
    if (document.querySelector('link[href$="' + name + '"]')) return;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL(name, base).href;
    document.head.appendChild(css);
  }
  stylesheet("result-views.css");
  var Yasr = window.Yasgui && window.Yasgui.Yasr;
  if (Yasr && typeof Yasr.registerPlugin === "function") {
    Yasr.registerPlugin("dkgChart", ChartView);
    Yasr.registerPlugin("dkgMap", MapView);
  }
  window.DarmstadtResultViews = { attach: attach, fittingView: fittingView, span: span, laea: laea,
    ChartView: ChartView, MapView: MapView };
})();
