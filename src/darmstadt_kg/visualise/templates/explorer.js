/* darmstadt-kg explorer: legend, filters, search, zoom, folding, details; no network access.
   Every text from the graph goes into the page through textContent, never as HTML. */
(function () {
  "use strict";
  const t0 = performance.now();
  const D = DKG_DATA;
  // every text of the page, side by side in both languages: [English, German]
  const TEXTS = {
    search: ["Find", "Suchen"],
    legend: ["Legend", "Legende"],
    levels: ["Level", "Ebene"],
    themes: ["Theme", "Thema"],
    reset: ["Show all", "Alle zeigen"],
    lang: ["Language", "Sprache"],
    noLevel: ["(no level)", "(ohne Ebene)"],
    noTheme: ["(no theme)", "(ohne Thema)"],
    shown: ["shown", "gezeigt"],
    of: ["of", "von"],
    nodes: ["nodes", "Knoten"],
    found: ["found", "gefunden"],
    none: ["no match for", "kein Treffer für"],
    source: ["Source", "Quelle"],
    since: ["since", "seit"],
    until: ["until", "bis"],
    date: ["date", "Datum"],
    founded: ["founded", "gegründet"],
    decided: ["decided by", "beschlossen von"],
    chains: ["How Darmstadt links to it", "Wie Darmstadt damit verbunden ist"],
    links: ["Links", "Links"],
    level: ["Level", "Ebene"],
    page: ["Resource page", "Seite der Ressource"],
    theme: ["Themes", "Themen"],
    counts: ["Figures", "Zahlen"],
    only: ["only", "nur"],
    onlyThis: ["Show only this", "Nur dies zeigen"],
    country: ["Country", "Staat"],
    twinned: ["Partner city since", "Partnerstadt seit"],
    staff: ["Looked after by", "Betreut von"],
    unfold: ["Show what belongs to it", "Zugehöriges zeigen"],
    fold: ["Fold it in again", "Wieder einklappen"],
    everything: ["Show everything", "Alles zeigen"],
    overview: ["Back to the overview", "Zurück zur Übersicht"],
    searchLabel: ["Find a node by name", "Knoten nach Namen suchen"],
    viewsLabel: ["Views", "Ansichten"],
    zoomLabel: ["Zoom", "Zoom"],
    zoomIn: ["Zoom in (+)", "Vergrößern (+)"],
    zoomOut: ["Zoom out (−)", "Verkleinern (−)"],
    zoomFit: ["Fit to screen (0)", "Alles einpassen (0)"],
    zoomReset: ["Reset view (Home)", "Ansicht zurücksetzen (Pos1)"],
    panel: ["Filters", "Filter"],
    close: ["Close details (Esc)", "Details schließen (Esc)"],
    details: ["Details", "Details"],
    canvas: ["Network drawing; the same nodes and relations are listed as text in the panel", "Netzwerkzeichnung; dieselben Knoten und Beziehungen stehen als Text in der Seitenleiste"],
    list: ["Nodes and relations as a list", "Knoten und Beziehungen als Liste"],
    relations: ["Relations", "Beziehungen"],
    keys: [
      ["Red, large: the centre of the view", "Rot, groß: die Mitte der Ansicht"],
      ["Bigger node: more connections", "Größerer Knoten: mehr Verbindungen"],
      ["Arrow: reads from → to (Darmstadt → “member since 1998” → Mayors for Peace)", "Pfeil: liest sich von → nach (Darmstadt → „Mitglied seit 1998“ → Mayors for Peace)"],
      ["Solid line: a dated fact with its source; dashed line: a plain statement", "Durchgezogene Linie: datierter Fakt mit Quelle; gestrichelt: einfache Aussage"],
      ["Double-click a body: show its events, places, documents and people", "Doppelklick auf eine Einrichtung: ihre Veranstaltungen, Orte, Dokumente und Personen zeigen"],
    ],
    views: {
      whole: ["How Darmstadt links to each body", "Wie Darmstadt mit jeder Einrichtung verbunden ist"],
      ego: ["Around", "Umfeld von"],
      geo: ["Partner cities on the map", "Partnerstädte auf der Karte"],
    },
    viewNames: {
      whole: ["Overview", "Übersicht"],
      ego: ["Around Darmstadt", "Umfeld Darmstadts"],
      geo: ["Map", "Karte"],
      editor: ["Query editor", "Abfrage-Editor"],
      site: ["Site", "Website"],
    },
    geoNote: ["Direction and distance from Darmstadt are true; distance is drawn to a square-root scale (rings at 500, 1,000, 2,000, 5,000, 10,000 km). Where labels would meet, a city is moved and a thin line leads to its true place.", "Richtung und Entfernung von Darmstadt stimmen; die Entfernung ist mit der Quadratwurzel gestaucht (Ringe bei 500, 1.000, 2.000, 5.000, 10.000 km). Wo Beschriftungen sich träfen, ist eine Stadt verschoben und eine dünne Linie führt zu ihrem wahren Ort."],
    note: ["Click a node for how Darmstadt links to it.", "Ein Klick auf einen Knoten zeigt, wie Darmstadt damit verbunden ist."],
  };
  const pick = (v, i) => typeof v[0] === "string" ? v[i]
    : Array.isArray(v) ? v.map((x) => pick(x, i))
    : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pick(x, i)]));
  const WORDS = { en: pick(TEXTS, 0), de: pick(TEXTS, 1) };
  let lang = D.lang === "en" ? "en" : "de";
  if (window.matchMedia("(min-width: 700px)").matches) document.body.classList.add("panel-open");
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };
  const list = (v) => (Array.isArray(v) ? v : v ? [v] : []);
  const web = (url) => typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url);

  function anchor(url, text, sameTab) {
    const a = el("a", null, text);
    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
    if (sameTab) { a.removeAttribute("target"); a.removeAttribute("rel"); }
    return a;
  }

  function resourceHref(n) {
    if (D.resourceHref) return D.resourceHref.split("{slug}").join(encodeURIComponent(n.id));
    return web(n.info.iri) ? n.info.iri : null;
  }

  function nodeTip(n, inPanel) {
    const i = n.info, w = WORDS[lang], box = el("div", "tip");
    box.appendChild(el(inPanel ? "h3" : "div", "tip-title", i["label_" + lang]));
    box.appendChild(el("div", "tip-kind", i["type_" + lang] === i["class_" + lang] ? i["type_" + lang] : i["type_" + lang] + " · " + i["class_" + lang]));
    const p = i.partner;
    if (p && p["country_" + lang]) box.appendChild(el("div", "tip-country", w.country + ": " + p["country_" + lang]));
    if (p && p.since) box.appendChild(el("div", "tip-since", w.twinned + " " + p.since));
    if (i["level_" + lang]) box.appendChild(el("div", "tip-level", w.level + ": " + i["level_" + lang]));
    if (list(i["themes_" + lang]).length) box.appendChild(el("div", "tip-themes", w.theme + ": " + list(i["themes_" + lang]).join(", ")));
    if (i.date) box.appendChild(el("div", "tip-date", w.date + ": " + i.date));
    if (list(i.founded).length) box.appendChild(el("div", "tip-date", w.founded + ": " + list(i.founded).join(", ")));
    list(i["counts_" + lang]).forEach((c) => box.appendChild(el("div", "tip-count", c)));
    if (i["comment_" + lang]) box.appendChild(el("div", "tip-comment", i["comment_" + lang]));
    list(i["source_labels_" + lang]).forEach((s) => box.appendChild(el("div", "tip-source", w.source + ": " + s)));
    return box;
  }

  function edgeTip(e) {
    const i = e.info, w = WORDS[lang], box = el("div", "tip");
    const from = nodes.get(e.from), to = nodes.get(e.to);
    box.appendChild(el("div", "tip-title", i["fact_label_" + lang] ||
      (from.info["label_" + lang] + " → " + i["label_" + lang] + " → " + to.info["label_" + lang])));
    if (i["relation_" + lang]) box.appendChild(el("div", "tip-kind", i["relation_" + lang]));
    if (i.since) box.appendChild(el("div", "tip-date", w.since + " " + i.since));
    if (i.until) box.appendChild(el("div", "tip-date", w.until + " " + i.until));
    if (i.date && !i.since) box.appendChild(el("div", "tip-date", w.date + ": " + i.date));
    if (list(i["decided_by_" + lang]).length) box.appendChild(el("div", "tip-decided", w.decided + " " + list(i["decided_by_" + lang]).join(", ")));
    if (i["comment_" + lang]) box.appendChild(el("div", "tip-comment", i["comment_" + lang]));
    list(i["source_labels_" + lang]).forEach((s) => box.appendChild(el("div", "tip-source", w.source + ": " + s)));
    return box;
  }

  function wrap(s, limit) {
    if (s.length <= limit || s.indexOf(" ") < 0) return s;
    const words = s.split(" ");
    let best = null;
    for (let k = 1; k < words.length; k++) {
      const a = words.slice(0, k).join(" "), b = words.slice(k).join(" "), m = Math.max(a.length, b.length);
      if (!best || m < best[0]) best = [m, a + "\n" + b];
    }
    return best[1];
  }

  D.nodes.forEach((n) => { n.title = nodeTip(n); n.ovX = n.x; n.ovY = n.y; });
  const nodes = new vis.DataSet(D.nodes);
  const edges = new vis.DataSet(D.edges);
  edges.forEach((e) => edges.update({ id: e.id, title: edgeTip(e) }));
  const container = $("network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, D.options);

  const state = { types: new Set(D.types.map((x) => x.id)), levels: new Set(D.levels.map((x) => x.id).concat([""])),
    themes: new Set(D.themes.map((x) => x.id).concat([""])), expanded: new Set(),
    mode: D.overview ? "overview" : "plain", selected: null };

  function folded(n) {
    return state.mode === "overview" && n.fold && !state.expanded.has(n.fold);
  }

  function visible(n) {
    if (n.id === D.centre) return true;
    if (folded(n)) return false;
    const i = n.info, th = list(i.themes);
    return state.types.has(i.type) && state.levels.has(i.level || "") &&
      (th.length ? th.some((x) => state.themes.has(x)) : state.themes.has(""));
  }

  function edgeShown(e) {
    return !(state.mode === "overview" && e.ovHidden && !state.expanded.has(e.from) && !state.expanded.has(e.to));
  }

  function applyFilters(refit) {
    const updates = [], eUpdates = [];
    let shown = 0;
    nodes.forEach((n) => { const v = visible(n); if (v) shown++; if (!!n.hidden === v) updates.push({ id: n.id, hidden: !v }); });
    if (updates.length) nodes.update(updates);
    edges.forEach((e) => { const v = edgeShown(e); if (!!e.hidden === v) eUpdates.push({ id: e.id, hidden: !v }); });
    if (eUpdates.length) edges.update(eUpdates);
    const w = WORDS[lang];
    $("status").textContent = shown + " " + w.of + " " + nodes.length + " " + w.nodes + " " + w.shown;
    $("status").dataset.shown = String(shown);
    buildTextList();
    if (refit) fit();
  }

  // Fit what is visible (and the group headings) into the canvas, as vis-network's fit would,
  // but counting the headings the page draws itself.
  function fit() {
    const ids = nodes.getIds({ filter: (n) => !n.hidden });
    if (!ids.length) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach((id) => {
      const b = network.getBoundingBox(id);
      x0 = Math.min(x0, b.left); x1 = Math.max(x1, b.right); y0 = Math.min(y0, b.top); y1 = Math.max(y1, b.bottom);
    });
    headings().forEach((h) => {
      x0 = Math.min(x0, h.x - h.w / 2); x1 = Math.max(x1, h.x + h.w / 2);
      y0 = Math.min(y0, h.y - h.font); y1 = Math.max(y1, h.y + h.font);
    });
    // 12 px round the drawing, and the zoom buttons' strip on the right kept clear
    const pad = 12, right = 52, cw = container.clientWidth - 2 * pad - right, ch = container.clientHeight - 2 * pad;
    const scale = Math.min(cw / Math.max(1, x1 - x0), ch / Math.max(1, y1 - y0), 2.5);
    const cx = (x0 + x1) / 2 + right / 2 / scale;
    network.moveTo({ position: { x: cx, y: (y0 + y1) / 2 }, scale: scale, animation: false });
  }

  let ctxMeasure = null;
  function headings() {
    if (state.mode !== "overview" || !D.overview) return [];
    if (!ctxMeasure) ctxMeasure = document.createElement("canvas").getContext("2d");
    return D.overview.headings.filter((h) => {
      const members = nodes.get({ filter: (n) => !n.hidden && n.id !== D.centre && !n.fold && groupOf(n) === h.group });
      return members.length > 0;
    }).map((h) => {
      ctxMeasure.font = "bold " + h.font + "px sans-serif";
      return { x: h.x, y: h.y, font: h.font, text: h[lang], w: ctxMeasure.measureText(h[lang]).width };
    });
  }
  function groupOf(n) {
    if (n.info.partner && n.info.partner.since) return "partners";
    return n.info.level || "other";
  }

  network.on("beforeDrawing", (ctx) => {
    if (D.map) {
      ctx.save();
      ctx.lineWidth = 1.2 / network.getScale();
      ctx.strokeStyle = "#9aa7b4"; ctx.fillStyle = "#eef2f5";
      D.map.outlines.forEach((line) => {
        ctx.beginPath();
        ctx.moveTo(line[0], line[1]);
        for (let k = 2; k < line.length; k += 2) ctx.lineTo(line[k], line[k + 1]);
        ctx.fill(); ctx.stroke();
      });
      ctx.setLineDash([6 / network.getScale(), 6 / network.getScale()]);
      ctx.strokeStyle = "#6b7785"; ctx.fillStyle = "#4a5560";
      ctx.font = (11 / network.getScale()) + "px sans-serif";
      D.map.rings.forEach((r) => {
        ctx.beginPath(); ctx.arc(0, 0, r.r, 0, 2 * Math.PI); ctx.stroke();
        ctx.fillText(r.km.toLocaleString(lang === "de" ? "de-DE" : "en-GB") + " km", 4 / network.getScale(), -r.r - 3 / network.getScale());
      });
      ctx.setLineDash([]);
      ctx.restore();
      window.dkgExplorer && (window.dkgExplorer.mapDrawn = D.map.outlines.length);
    }
    if (D.truePos) {
      const pos = network.getPositions();
      ctx.save(); ctx.strokeStyle = "#333"; ctx.fillStyle = "#333"; ctx.lineWidth = 1 / network.getScale();
      Object.keys(D.truePos).forEach((id) => {
        const t = D.truePos[id], p = pos[id];
        if (!p || nodes.get(id).hidden) return;
        ctx.beginPath(); ctx.arc(t.x, t.y, 2.5 / network.getScale(), 0, 2 * Math.PI); ctx.fill();
        if (Math.hypot(t.x - p.x, t.y - p.y) > 1) { ctx.beginPath(); ctx.moveTo(t.x, t.y); ctx.lineTo(p.x, p.y); ctx.stroke(); }
      });
      ctx.restore();
    }
    headings().forEach((h) => {
      ctx.save();
      ctx.font = "bold " + h.font + "px sans-serif";
      ctx.fillStyle = "#1a1a1a"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      ctx.fillText(h.text, h.x, h.y);
      ctx.restore();
    });
  });

  function checkbox(group, item, swatch) {
    const li = el("li"), label = el("label"), box = el("input"), only = el("button", "only");
    box.type = "checkbox"; box.checked = true; box.value = item.id;
    box.dataset.group = group; box.id = "f-" + group + "-" + (item.id || "none");
    box.addEventListener("change", () => {
      if (box.checked) state[group].add(item.id); else state[group].delete(item.id);
      applyFilters(true);
    });
    label.appendChild(box);
    if (swatch) { const s = el("span", "swatch " + item.shape); s.style.background = item.color; label.appendChild(s); }
    label.appendChild(el("span", "name"));
    li.appendChild(label);
    only.type = "button"; only.id = "only-" + group + "-" + (item.id || "none");
    only.addEventListener("click", () => {
      document.querySelectorAll("#panel input[data-group=" + group + "]").forEach((b) => {
        b.checked = b.value === String(item.id);
        if (b.checked) state[group].add(b.value); else state[group].delete(b.value);
      });
      applyFilters(true);
    });
    li.appendChild(only);
    li.dataset.id = item.id;
    return li;
  }

  function buildPanel() {
    D.types.forEach((x) => $("legend-types").appendChild(checkbox("types", x, true)));
    D.levels.concat([{ id: "" }]).forEach((x) => $("filter-levels").appendChild(checkbox("levels", x, false)));
    D.themes.concat([{ id: "" }]).forEach((x) => $("filter-themes").appendChild(checkbox("themes", x, false)));
    $("reset").addEventListener("click", () => {
      document.querySelectorAll("#panel input[type=checkbox]").forEach((b) => {
        b.checked = true; state[b.dataset.group].add(b.value);
      });
      applyFilters(true);
    });
    if (!D.overview) $("mode").hidden = true;
    $("mode").addEventListener("click", () => setMode(state.mode === "overview" ? "everything" : "overview"));
  }

  function nameOf(group, id) {
    const w = WORDS[lang];
    if (!id) return group === "levels" ? w.noLevel : w.noTheme;
    const item = D[group].find((x) => x.id === id);
    return item ? item[lang] : id;
  }

  function labelFor(n) {
    return wrap(n.info["label_" + lang], n.id === D.centre ? 20 : 30);
  }

  function edgeLabel(e) {
    if (state.mode === "overview" && e.ovLabel) return e.ovLabel[lang];
    if (D.view === "ego" || D.view === "geo") return "";
    return e.info["label_" + lang] || "";
  }

  function setMode(mode) {
    if (!D.overview) return;
    state.mode = mode;
    const all = mode === "everything", size = all ? D.overview.allFont : D.font;
    nodes.update(nodes.map((n) => ({ id: n.id, x: all ? n.allX : n.ovX, y: all ? n.allY : n.ovY,
      font: { size: n.id === D.centre ? size * 1.25 : size, bold: n.id === D.centre } })));
    nodes.forEach((n) => network.moveNode(n.id, all ? n.allX : n.ovX, all ? n.allY : n.ovY));
    edges.update(edges.map((e) => ({ id: e.id, label: edgeLabel(e), font: { size: size } })));
    $("mode").textContent = all ? WORDS[lang].overview : WORDS[lang].everything;
    applyFilters(true);
  }

  function applyLanguage() {
    const w = WORDS[lang];
    document.documentElement.lang = lang;
    $("lang").value = lang;
    $("lang-label").firstChild.textContent = w.lang + " ";
    $("search-go").textContent = w.search;
    $("search").placeholder = w.search + " …";
    $("search").setAttribute("aria-label", w.searchLabel);
    $("views").setAttribute("aria-label", w.viewsLabel);
    $("zoom").setAttribute("aria-label", w.zoomLabel);
    [["zoom-in", w.zoomIn], ["zoom-out", w.zoomOut], ["zoom-fit", w.zoomFit], ["zoom-reset", w.zoomReset]].forEach(([id, t]) => {
      $(id).setAttribute("aria-label", t); $(id).title = t;
    });
    $("details-close").setAttribute("aria-label", w.close);
    $("details-heading").textContent = w.details;
    $("panel").setAttribute("aria-label", w.panel);
    $("panel-toggle").textContent = w.panel;
    $("network").setAttribute("aria-label", w.canvas);
    $("text-list").querySelector("summary").textContent = w.list;
    $("reset").textContent = w.reset;
    $("mode").textContent = state.mode === "everything" ? w.overview : w.everything;
    $("legend").querySelector("h2").textContent = w.legend;
    $("levels").querySelector("h2").textContent = w.levels;
    $("themes").querySelector("h2").textContent = w.themes;
    const keys = $("legend-keys");
    keys.replaceChildren();
    w.keys.forEach((k, idx) => { if (idx < 4 || D.overview) keys.appendChild(el("li", null, k)); });
    const capped = D.capped ? (lang === "de"
      ? "Gezeigt: " + D.capped.shown + " von " + D.capped.total + " Knoten (die nächsten zum Zentrum); die Ego-Ansicht zeigt den Rest. "
      : "Showing " + D.capped.shown + " of " + D.capped.total + " nodes (nearest to the centre); use the ego view for the rest. ") : "";
    $("note").textContent = capped + (D.view === "geo" ? w.geoNote + " " + w.note : w.note);
    const centre = nodes.get(D.centre);
    const title = D.view === "ego" && centre ? w.views.ego + " " + centre.info["label_" + lang] : w.views[D.view];
    $("title").textContent = title;
    document.title = title + " — darmstadt-kg";
    document.querySelectorAll("#legend-types li").forEach((li) => {
      li.querySelector(".name").textContent = D.types.find((x) => x.id === li.dataset.id)[lang];
    });
    document.querySelectorAll("#filter-levels li").forEach((li) => { li.querySelector(".name").textContent = nameOf("levels", li.dataset.id); });
    document.querySelectorAll("#filter-themes li").forEach((li) => { li.querySelector(".name").textContent = nameOf("themes", li.dataset.id); });
    document.querySelectorAll("#panel button.only").forEach((b) => {
      const name = b.parentNode.querySelector(".name").textContent;
      b.textContent = w.only; b.setAttribute("aria-label", w.onlyThis + ": " + name);
    });
    nodes.update(nodes.map((n) => ({ id: n.id, label: labelFor(n), title: nodeTip(n) })));
    edges.update(edges.map((e) => ({ id: e.id, label: edgeLabel(e), title: edgeTip(e) })));
    const names = $("search-names");
    names.replaceChildren();
    nodes.forEach((n) => { const o = el("option"); o.value = n.info["label_" + lang]; names.appendChild(o); });
    buildNav();
    applyFilters(false);
    if (state.selected) showDetails(state.selected);
  }

  function buildNav() {
    const nav = $("views"), w = WORDS[lang];
    nav.replaceChildren();
    const withLang = (href) => href.indexOf("lang=") >= 0 ? href.replace(/lang=(de|en)/, "lang=" + lang) : href;
    ["whole", "ego", "geo", "editor", "site"].forEach((k) => {
      if (!D.nav || !D.nav[k]) return;
      const a = anchor(withLang(D.nav[k]), w.viewNames[k], true);
      if (k === D.view && (k !== "ego" || D.focus === "darmstadt")) a.setAttribute("aria-current", "page");
      nav.appendChild(a);
    });
  }

  function buildTextList() {
    const body = $("text-list-body"), w = WORDS[lang];
    if (!$("text-list").open) { body.replaceChildren(); return; }
    const ul = el("ul");
    nodes.get({ filter: (n) => !n.hidden }).sort((a, b) => a.info["label_" + lang].localeCompare(b.info["label_" + lang])).forEach((n) => {
      const li = el("li"), b = el("button", "link", n.info["label_" + lang]);
      b.type = "button"; b.addEventListener("click", () => select(n.id, false));
      li.appendChild(b); li.appendChild(document.createTextNode(" (" + n.info["type_" + lang] + ")"));
      const rel = el("ul");
      edges.get({ filter: (e) => !e.hidden && e.from === n.id && !nodes.get(e.to).hidden }).forEach((e) => {
        rel.appendChild(el("li", null, "→ " + (e.info["label_" + lang] || "") + " → " + nodes.get(e.to).info["label_" + lang]));
      });
      if (rel.childNodes.length) li.appendChild(rel);
      ul.appendChild(li);
    });
    body.replaceChildren(ul);
  }

  function halo(id) {
    const keep = new Set(id ? [id].concat(network.getConnectedNodes(id)) : []);
    nodes.update(nodes.map((n) => ({ id: n.id, opacity: !id || keep.has(n.id) ? 1 : 0.2,
      borderWidth: n.id === id ? 4 : 1.5 })));
  }

  function showDetails(id) {
    const n = nodes.get(id);
    if (!n) return;
    const body = $("details-body"), w = WORDS[lang];
    body.replaceChildren(nodeTip(n, true));
    const p = n.info.partner;
    if (p && p.staff && p.staff.length) {
      body.appendChild(el("h3", null, w.staff));
      const ul = el("ul", "staff");
      p.staff.forEach((s) => {
        const li = el("li"), person = nodes.get(s.id), href = person ? resourceHref(person) : null;
        if (href) li.appendChild(anchor(href, s[lang])); else li.textContent = s[lang];
        ul.appendChild(li);
      });
      body.appendChild(ul);
    }
    const hosted = nodes.get({ filter: (m) => m.fold === id });
    if (state.mode === "overview" && hosted.length) {
      const b = el("button", "unfold", (state.expanded.has(id) ? w.fold : w.unfold) + " (" + hosted.length + ")");
      b.type = "button"; b.id = "unfold";
      b.addEventListener("click", () => toggleFold(id));
      body.appendChild(b);
    }
    const page = resourceHref(n), outside = list(n.info.links).filter(web);
    if (page || outside.length) {
      body.appendChild(el("h3", null, w.links));
      const ul = el("ul", "links");
      if (page) { const li = el("li"); li.appendChild(anchor(page, w.page)); ul.appendChild(li); }
      outside.forEach((l) => { const li = el("li"); li.appendChild(anchor(l, l)); ul.appendChild(li); });
      body.appendChild(ul);
    }
    const chains = (D.chains[id] || {})[lang] || [];
    if (chains.length) {
      body.appendChild(el("h3", null, w.chains));
      const ul = el("ul", "chains");
      chains.forEach((c) => ul.appendChild(el("li", null, c)));
      body.appendChild(ul);
    }
    $("details").hidden = false;
    $("details").dataset.node = id;
  }

  function toggleFold(id) {
    if (state.expanded.has(id)) state.expanded.delete(id); else state.expanded.add(id);
    applyFilters(false);
    showDetails(id);
  }

  function closeDetails() {
    $("details").hidden = true;
    network.setSize("100%", "100%");
    state.selected = null;
    network.unselectAll();
    halo(null);
  }

  // exact name first, then names that start with the text, then words that do, then the rest
  function find(text) {
    const q = text.trim().toLowerCase();
    if (!q) return null;
    let best = null, bestRank = 9;
    nodes.forEach((n) => {
      const names = [n.id, n.info.label_en, n.info.label_de].concat(list(n.info.alt_labels)).map((s) => String(s).toLowerCase());
      let rank = 9;
      names.forEach((s) => {
        if (s === q) rank = Math.min(rank, 0);
        else if (s.startsWith(q)) rank = Math.min(rank, 1);
        else if (s.split(/[\s\-–(]+/).some((wd) => wd.startsWith(q))) rank = Math.min(rank, 2);
        else if (s.includes(q)) rank = Math.min(rank, 3);
      });
      if (rank < bestRank || (rank === bestRank && best && n.info["label_" + lang].length < best.info["label_" + lang].length)) {
        best = n; bestRank = rank;
      }
    });
    return bestRank < 9 ? best : null;
  }

  function select(id, zoom) {
    const n = nodes.get(id);
    if (n.hidden && n.fold && state.mode === "overview") { state.expanded.add(n.fold); applyFilters(false); }
    if (nodes.get(id).hidden) nodes.update({ id: id, hidden: false });
    state.selected = id;
    showDetails(id);  // the panel narrows the canvas: let vis-network take the new size first
    network.setSize("100%", "100%");
    network.redraw();
    network.selectNodes([id]);
    if (zoom) network.focus(id, { scale: Math.max(network.getScale(), 12 / D.font * 1.3), animation: false });
    halo(id);
  }

  function search(text) {
    const n = find(text), w = WORDS[lang];
    if (!n) { $("status").textContent = w.none + " “" + text + "”"; $("status").dataset.found = ""; return; }
    select(n.id, true);
    $("status").textContent = w.found + ": " + n.info["label_" + lang];
    $("status").dataset.found = n.id;
  }

  function zoomBy(f) {
    network.moveTo({ scale: network.getScale() * f, animation: false });
  }

  buildPanel();
  applyLanguage();
  $("lang").addEventListener("change", (ev) => { lang = ev.target.value; applyLanguage(); });
  $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); search($("search").value); });
  $("details-close").addEventListener("click", closeDetails);
  $("zoom-in").addEventListener("click", () => zoomBy(1.25));
  $("zoom-out").addEventListener("click", () => zoomBy(0.8));
  $("zoom-fit").addEventListener("click", fit);
  $("zoom-reset").addEventListener("click", () => { closeDetails(); if (state.mode !== "overview" && D.overview) setMode("overview"); fit(); });
  $("text-list").addEventListener("toggle", buildTextList);
  $("panel-toggle").addEventListener("click", () => {
    const open = document.body.classList.toggle("panel-open");
    $("panel-toggle").setAttribute("aria-expanded", String(open));
  });
  document.addEventListener("keydown", (ev) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (ev.key === "Escape") { closeDetails(); return; }
    if (typing) return;
    if (ev.key === "+" || ev.key === "=") zoomBy(1.25);
    else if (ev.key === "-") zoomBy(0.8);
    else if (ev.key === "0") fit();
    else if (ev.key === "Home") $("zoom-reset").click();
    else return;
    ev.preventDefault();
  });
  network.on("click", (p) => { if (p.nodes.length) select(p.nodes[0], false); else if (!p.edges.length) closeDetails(); });
  network.on("doubleClick", (p) => { if (p.nodes.length && state.mode === "overview") toggleFold(p.nodes[0]); });
  $("panel-toggle").setAttribute("aria-expanded", String(document.body.classList.contains("panel-open")));
  window.dkgExplorer = { network: network, nodes: nodes, edges: edges, search: search, state: state, data: D,
    fit: fit, setMode: setMode, headings: headings, select: select };
  network.once("afterDrawing", () => {
    window.dkgExplorer.readyMs = performance.now() - t0;
    document.documentElement.dataset.ready = "true";
  });
  network.redraw();
  fit();
  const wanted = /(?:^#|&)focus=([^&]*)/.exec(location.hash);
  if (wanted) {
    const id = decodeURIComponent(wanted[1]);
    if (nodes.get(id)) search(id); else $("status").textContent = WORDS[lang].none + " “" + id + "”";
  }
})();
