// The timeline and the map, drawn in the page from a data object: on the static site from
// window.DarmstadtChartData (chart-data.js, written by darmstadt_kg.charts.interactive), in the
// server's SPARQL editor from a query's result (serve/static/result-views.js builds the same
// object). Every <div class="dkg-chart" data-chart=...> is drawn as SVG at its own width with
// 12-px text (never scaled down), and redrawn on resize. Zoom: buttons, mouse wheel, dragging;
// the timeline filters by kind (its legend); a mark shows its fact on hover or keyboard focus,
// and links to the resource's page.
//
// window.DarmstadtCharts.mount(root, "timeline" | "map", data) draws one chart into root.
// Data: timeline {facts: [{label, kind, date, precision, start, end (years), href, fact?, what?}],
// colours: {kind: colour}}; map {places: [{label, x, y, href, home?, country?, since?, fact?}],
// countries: [{name, d}], near: box, all: box, nearName?, allName?, noun?} (boxes [x0, y0, x1, y1]).
// A mark's hover text is its "fact" if given, else one built from its fields. On a page whose
// <html lang> is "de" the charts speak German and show a field's German form (label_de,
// kind_de, country_de) where the data has one.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var TEXT = 12;  // px: every text drawn
  var DE = document.documentElement.lang === "de";
  // every text of the charts, side by side in both languages: [English, German]
  var WORDS = {
    zoomIn: ["Zoom in", "Vergrößern"],
    zoomOut: ["Zoom out", "Verkleinern"],
    allYears: ["Show all years", "Alle Jahre zeigen"],
    fromYear: ["From year", "Ab Jahr"],
    toYear: ["To year", "Bis Jahr"],
    from: ["From ", "Von "],
    to: [" to ", " bis "],
    kinds: ["Kinds of fact (filter)", "Arten von Sachverhalten (Filter)"],
    timeline: ["Timeline", "Zeitleiste"],
    since: ["since, ", "seit, "],
    year: ["year", "Jahr"],
    month: ["month", "Monat"],
    day: ["day", "Tag"],
    shown: ["{n} of {all} dated facts shown, {from}–{to}.", "{n} von {all} datierten Sachverhalten gezeigt, {from}–{to}."],
    europe: ["Europe", "Europa"],
    allCities: ["All partner cities", "Alle Partnerstädte"],
    map: ["Map of the partner cities", "Karte der Partnerstädte"],
    itself: [" — the city itself", " – die Stadt selbst"],
    partner: [" — partner city of Darmstadt since ", " – Partnerstadt Darmstadts seit "],
    cities: ["cities", "Städte"],
    inView: ["{n} of {all} {noun} in view ({labelled} labelled)", "{n} von {all} {noun} im Bild ({labelled} beschriftet)"],
    outside: ["; {away} outside: zoom out or choose “{name}”.", "; {away} außerhalb: verkleinern oder „{name}“ wählen."],
  };
  function say(key, values) {
    return WORDS[key][DE ? 1 : 0].replace(/\{(\w+)\}/g, function (_m, k) { return String(values[k]); });
  }
  // a field of a fact or place in the page's language
  function local(item, key) { return (DE && item[key + "_de"]) || item[key]; }

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function html(tag, attrs, parent, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function button(parent, label, onClick) {
    var b = html("button", { type: "button" }, parent, label);
    b.addEventListener("click", onClick);
    return b;
  }

  // A mark: a link to the resource's page (if it has one) that shows its fact on hover/focus.
  function mark(parent, href, fact, tip) {
    var a = el("a", { class: "dkg-mark", "aria-label": fact }, parent);
    var root = tip.parentNode.dataset.root || "";
    if (href) a.setAttribute("href", root + href); else a.setAttribute("tabindex", "0");
    a.dataset.fact = fact;
    function show(ev) {
      tip.textContent = fact;
      tip.hidden = false;
      var box = tip.parentNode.getBoundingClientRect();
      var r = (ev && ev.clientX !== undefined && ev.type !== "focus") ? { x: ev.clientX, y: ev.clientY }
        : (function () { var b = a.getBoundingClientRect(); return { x: b.left + b.width / 2, y: b.top }; })();
      var left = Math.max(0, Math.min(r.x - box.left + 12, box.width - tip.offsetWidth));
      tip.style.left = left + "px";
      tip.style.top = (r.y - box.top + 16) + "px";
    }
    a.addEventListener("mouseenter", show);
    a.addEventListener("mousemove", show);
    a.addEventListener("focus", show);
    a.addEventListener("mouseleave", function () { tip.hidden = true; });
    a.addEventListener("blur", function () { tip.hidden = true; });
    return a;
  }

  // Zoom by the wheel and pan by dragging: zoom(factor, x) and pan(dx, dy) redraw.
  function gestures(svg, zoom, pan) {
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var box = svg.getBoundingClientRect();
      zoom(ev.deltaY < 0 ? 0.8 : 1.25, ev.clientX - box.left, ev.clientY - box.top);
    }, { passive: false });
    var from = null;
    svg.addEventListener("pointerdown", function (ev) {
      if (ev.target.closest && ev.target.closest("a")) return;  // a click on a mark opens it
      from = { x: ev.clientX, y: ev.clientY };
    });
    window.addEventListener("pointermove", function (ev) {
      if (!from) return;
      pan(ev.clientX - from.x, ev.clientY - from.y);
      from = { x: ev.clientX, y: ev.clientY };
    });
    window.addEventListener("pointerup", function () { from = null; });
  }

  function overlaps(a, b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  }

  // ---------------------------------------------------------------- the timeline
  function niceStep(span, width) {
    var steps = [1, 2, 5, 10, 20, 25, 50, 100, 200];
    for (var i = 0; i < steps.length; i++) if (width / (span / steps[i]) >= 64) return steps[i];
    return 500;
  }

  var charts = 0;

  function timeline(root, d) {
    var facts = d.facts;
    var uid = "dkg-clip" + (charts += 1);
    var first = Math.floor(Math.min.apply(null, facts.map(function (f) { return f.start; })));
    var last = Math.ceil(Math.max.apply(null, facts.map(function (f) { return f.end; })));
    var full = [first - 2, last + 2];
    var domain = full.slice();
    var hidden = {};
    var controls = html("div", { class: "dkg-controls" }, root);
    button(controls, say("zoomIn"), function () { zoom(0.5); });
    button(controls, say("zoomOut"), function () { zoom(2); });
    button(controls, say("allYears"), function () { domain = full.slice(); draw(); });
    var from = html("input", { type: "number", step: "1", "aria-label": say("fromYear") });
    var to = html("input", { type: "number", step: "1", "aria-label": say("toYear") });
    html("label", {}, controls, say("from")).appendChild(from);
    html("label", {}, controls, say("to")).appendChild(to);
    [from, to].forEach(function (input) {
      input.addEventListener("change", function () {
        var a = Number(from.value), b = Number(to.value);
        if (a < b) { domain = [a, b]; draw(); }
      });
    });
    var legend = html("ul", { class: "dkg-legend", "aria-label": say("kinds") }, root);
    Object.keys(d.colours).forEach(function (kind) {
      var of = facts.filter(function (f) { return f.kind === kind; }), n = of.length;
      var label = html("label", {}, html("li", {}, legend));
      var box = html("input", { type: "checkbox" }, label);
      box.checked = true;
      box.addEventListener("change", function () { hidden[kind] = !box.checked; draw(); });
      html("span", { class: "dkg-swatch", style: "background:" + d.colours[kind] }, label);
      label.appendChild(document.createTextNode(" " + (n ? local(of[0], "kind") : kind) + " (" + n + ")"));
    });
    var plot = html("div", { class: "dkg-plot" }, root);
    var tip = html("div", { class: "dkg-tip", role: "status" }, root);
    tip.hidden = true;
    var svg = el("svg", { class: "dkg-svg", "aria-label": say("timeline") }, plot);
    var count = html("p", { class: "dkg-count", "aria-live": "polite" }, root);

    function zoom(factor, px) {
      var width = svg.clientWidth || 600;
      var at = px === undefined ? (domain[0] + domain[1]) / 2
        : domain[0] + (px / width) * (domain[1] - domain[0]);
      var span = Math.max(1, Math.min((domain[1] - domain[0]) * factor, full[1] - full[0]));
      var a = at - (at - domain[0]) * span / (domain[1] - domain[0]);
      domain = [a, a + span];
      draw();
    }
    function pan(dx) {
      var width = svg.clientWidth || 600;
      var shift = -dx / width * (domain[1] - domain[0]);
      domain = [domain[0] + shift, domain[1] + shift];
      draw();
    }
    gestures(svg, zoom, pan);

    function draw() {
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      from.value = Math.round(domain[0]);
      to.value = Math.round(domain[1]);
      var width = plot.clientWidth || 600, pad = 8, axis = 26, row = 24;
      var shown = facts.filter(function (f) {
        return !hidden[f.kind] && f.end > domain[0] && f.start < domain[1];
      });
      var height = axis + Math.max(1, shown.length) * row + 8;
      svg.setAttribute("width", width);
      svg.setAttribute("height", height);
      function x(year) { return pad + (year - domain[0]) / (domain[1] - domain[0]) * (width - 2 * pad); }
      var step = niceStep(domain[1] - domain[0], width);
      var ticks = el("g", { class: "dkg-axis" }, svg);
      for (var t = Math.ceil(domain[0] / step) * step; t <= domain[1]; t += step) {
        el("line", { x1: x(t), x2: x(t), y1: axis - 6, y2: height, class: "dkg-grid" }, ticks);
        var label = el("text", { x: x(t), y: axis - 10, "text-anchor": "middle", "font-size": TEXT }, ticks);
        label.textContent = String(t);
      }
      shown.forEach(function (f, i) {
        var y = axis + i * row + row / 2;
        var fact = f.fact || local(f, "label") + " — " + f.date + " (" + (f.what === "since" ? say("since") : "")
          + (WORDS[f.precision] ? say(f.precision) : f.precision) + ") — " + local(f, "kind");
        var a = mark(svg, f.href, fact, tip);
        var x0 = Math.max(x(f.start), pad - 4), x1 = Math.min(x(f.end), width - pad + 4);
        var w = Math.max(x1 - x0, 8);
        if (x1 - x0 < 8) x0 = (x0 + x1) / 2 - 4;
        el("rect", { x: x0, y: y - 7, width: w, height: 14, rx: 2, fill: d.colours[f.kind],
                     stroke: "#1d1d1f", "stroke-width": 1 }, a);
        var right = x0 + w / 2 < width / 2;
        var text = el("text", { x: right ? x0 + w + 5 : x0 - 5, y: y + 4, "font-size": TEXT,
                                "text-anchor": right ? "start" : "end" }, a);
        text.textContent = local(f, "label");
        var room = right ? width - (x0 + w + 5) : x0 - 5;
        if (text.getComputedTextLength() > room) {  // cut at its end; the whole fact on hover
          if (!right) { text.setAttribute("x", 2); text.setAttribute("text-anchor", "start"); }
          var clip = el("clipPath", { id: uid + "-" + i }, svg);
          el("rect", { x: right ? x0 + w + 5 : 0, y: y - row / 2, width: room, height: row }, clip);
          text.setAttribute("clip-path", "url(#" + uid + "-" + i + ")");
          text.classList.add("dkg-cut");
        }
      });
      count.textContent = say("shown", { n: shown.length, all: facts.length,
        from: Math.round(domain[0]), to: Math.round(domain[1]) });
    }
    return draw;
  }

  // ---------------------------------------------------------------- the map
  function map(root, d) {
    var view = null;  // {cx, cy, s}: the centre (data units) and pixels per unit
    var controls = html("div", { class: "dkg-controls" }, root);
    button(controls, say("zoomIn"), function () { zoom(0.5); });
    button(controls, say("zoomOut"), function () { zoom(2); });
    button(controls, d.nearName || say("europe"), function () { fit(d.near); });
    button(controls, d.allName || say("allCities"), function () { fit(d.all); });
    var plot = html("div", { class: "dkg-plot" }, root);
    var tip = html("div", { class: "dkg-tip", role: "status" }, root);
    tip.hidden = true;
    var svg = el("svg", { class: "dkg-svg", "aria-label": say("map") }, plot);
    var count = html("p", { class: "dkg-count", "aria-live": "polite" }, root);
    var size = { w: 600, h: 400 };

    function measure() {
      size.w = plot.clientWidth || 600;
      size.h = Math.round(Math.max(320, Math.min(size.w * 0.72, 560)));
    }
    function fit(box) {
      measure();
      var w = Math.max(box[2] - box[0], 50), h = Math.max(box[3] - box[1], 50);
      var s = Math.min((size.w - 80) / w, (size.h - 60) / h);
      view = { cx: (box[0] + box[2]) / 2, cy: (box[1] + box[3]) / 2, s: s };
      draw();
    }
    function zoom(factor, px, py) {
      if (px !== undefined) {  // keep the point under the pointer where it is
        var ux = view.cx + (px - size.w / 2) / view.s, uy = view.cy + (py - size.h / 2) / view.s;
        view.s /= factor;
        view.cx = ux - (px - size.w / 2) / view.s;
        view.cy = uy - (py - size.h / 2) / view.s;
      } else {
        view.s /= factor;
      }
      draw();
    }
    function pan(dx, dy) { view.cx -= dx / view.s; view.cy -= dy / view.s; draw(); }
    gestures(svg, zoom, pan);

    function draw() {
      measure();
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      svg.setAttribute("width", size.w);
      svg.setAttribute("height", size.h);
      el("rect", { x: 0, y: 0, width: size.w, height: size.h, class: "dkg-sea" }, svg);
      var tx = size.w / 2 - view.cx * view.s, ty = size.h / 2 - view.cy * view.s;
      var land = el("g", { transform: "translate(" + tx + "," + ty + ") scale(" + view.s + ")" }, svg);
      d.countries.forEach(function (c) { el("path", { d: c.d, class: "dkg-land" }, land); });
      function at(p) { return { x: p.x * view.s + tx, y: p.y * view.s + ty }; }
      var inside = d.places.filter(function (p) {
        var q = at(p); return q.x >= 0 && q.x <= size.w && q.y >= 0 && q.y <= size.h;
      });
      var taken = [];  // boxes of markers and labels drawn
      inside.forEach(function (p) {
        var q = at(p), r = p.home ? 8 : 6;
        taken.push({ x: q.x - r, y: q.y - r, width: 2 * r, height: 2 * r });
      });
      var labelled = 0;
      inside.forEach(function (p) {
        var q = at(p);
        var fact = p.fact || (p.home ? local(p, "label") + say("itself")
          : local(p, "label") + (p.country ? " (" + local(p, "country") + ")" : "") + say("partner") + p.since);
        var a = mark(svg, p.href, fact, tip);
        if (p.home) el("rect", { x: q.x - 7, y: q.y - 7, width: 14, height: 14, class: "dkg-home" }, a);
        else el("circle", { cx: q.x, cy: q.y, r: 6, class: "dkg-city" }, a);
        var text = el("text", { "font-size": TEXT, class: "dkg-label" }, a);
        text.textContent = local(p, "label");
        var w = text.getComputedTextLength(), h = TEXT + 2;
        var spots = [[10, 4, "start"], [-10, 4, "end"], [10, -8, "start"], [-10, -8, "end"],
                     [10, 16, "start"], [-10, 16, "end"], [0, -12, "middle"], [0, 22, "middle"]];
        for (var i = 0; i < spots.length; i++) {
          var sx = q.x + spots[i][0], sy = q.y + spots[i][1];
          var left = spots[i][2] === "start" ? sx : spots[i][2] === "end" ? sx - w : sx - w / 2;
          var box = { x: left - 1, y: sy - TEXT, width: w + 2, height: h };
          if (box.x < 0 || box.x + box.width > size.w || box.y < 0 || box.y + box.height > size.h) continue;
          if (taken.some(function (t) { return overlaps(box, t); })) continue;
          text.setAttribute("x", sx);
          text.setAttribute("y", sy);
          text.setAttribute("text-anchor", spots[i][2]);
          taken.push(box);
          labelled += 1;
          return;
        }
        text.remove();  // no room without overlap: the fact is one hover or focus away
      });
      var away = d.places.length - inside.length;
      var noun = d.noun || say("cities");
      count.textContent = say("inView", { n: inside.length, all: d.places.length, noun: noun, labelled: labelled })
        + (away ? say("outside", { away: away, name: d.allName || say("allCities") }) : ".");
    }
    return function () { if (view) draw(); else fit(d.near); };
  }

  // Draw one chart into root (a <div class="dkg-chart">), and again when its width changes.
  function mount(root, kind, data) {
    root.classList.add("dkg-chart");
    root.dataset.chart = kind;
    var draw = kind === "timeline" ? timeline(root, data) : map(root, data);
    draw();
    var width = root.clientWidth;
    window.addEventListener("resize", function () {
      if (root.isConnected && root.clientWidth !== width) { width = root.clientWidth; draw(); }
    });
    root.dataset.ready = "true";
    return draw;
  }
  window.DarmstadtCharts = { mount: mount };

  function start() {
    var data = window.DarmstadtChartData;
    if (!data) return;
    document.querySelectorAll(".dkg-chart").forEach(function (root) {
      var kind = root.dataset.chart;
      mount(root, kind, kind === "timeline" ? data.timeline : data.map);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
