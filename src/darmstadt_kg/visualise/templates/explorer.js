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
    group: ["Show", "Zeigen"],
    prev: ["Previous group", "Vorige Gruppe"],
    next: ["Next group", "Nächste Gruppe"],
    band: ["km from Darmstadt", "km von Darmstadt"],
    under: ["under", "unter"],
    over: ["over", "über"],
    exportLabel: ["Take it with you", "Mitnehmen"],
    svg: ["Save as SVG", "Als SVG speichern"],
    png: ["Save as PNG", "Als PNG speichern"],
    embed: ["Embed on your website (copy this):", "Auf der eigenen Website einbinden (kopieren):"],
    embedTitle: ["Darmstadt's international networks", "Darmstadts internationale Netzwerke"],
    geoKey: ["Every city on the map is a partner city of Darmstadt; click it for the year and who looks after it", "Jede Stadt auf der Karte ist eine Partnerstadt Darmstadts; ein Klick zeigt das Jahr und wer sie betreut"],
    keys: [
      ["Red, large: the centre of the view", "Rot, groß: die Mitte der Ansicht"],
      ["Bigger node: more connections", "Größerer Knoten: mehr Verbindungen"],
      ["Arrow: reads from → to (Darmstadt → “member since 1998” → Mayors for Peace)", "Pfeil: liest sich von → nach (Darmstadt → „Mitglied seit 1998“ → Mayors for Peace)"],
      ["Solid line: a dated fact with its source; dashed line: a plain statement", "Durchgezogene Linie: datierter Fakt mit Quelle; gestrichelt: einfache Aussage"],
      ["Double-click a body, or its button in the details: show its events, places, documents and people", "Doppelklick auf eine Einrichtung oder ihr Knopf in den Details: ihre Veranstaltungen, Orte, Dokumente und Personen zeigen"],
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
  // the language a reader chose on any page of the project (site.js keeps it under this key)
  const LANG_KEY = "darmstadt-kg-lang";
  let lang = D.lang === "en" ? "en" : "de";
  try {
    const chosen = localStorage.getItem(LANG_KEY);
    if (chosen === "en" || chosen === "de") lang = chosen;
  } catch (e) { /* storage off: the page's own language */ }
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
    const pattern = (D.resourceHrefs && D.resourceHrefs[lang]) || D.resourceHref;  // the page in this language
    if (pattern) return pattern.split("{slug}").join(encodeURIComponent(n.id));
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

  D.nodes.forEach((n) => { n.title = nodeTip(n); n.ovX = n.x; n.ovY = n.y; n.baseX = n.x; n.baseY = n.y; n.baseSize = n.size; });
  const nodes = new vis.DataSet(D.nodes);
  const edges = new vis.DataSet(D.edges);
  edges.forEach((e) => edges.update({ id: e.id, title: edgeTip(e) }));
  const container = $("network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, D.options);

  const state = { types: new Set(D.types.map((x) => x.id)), levels: new Set(D.levels.map((x) => x.id).concat([""])),
    themes: new Set(D.themes.map((x) => x.id).concat([""])), expanded: new Set(),
    mode: D.overview ? "overview" : "plain", selected: null, font: D.font,
    phone: false, groups: [], group: null, phoneHost: null };
  const PHONE_WIDTH = 600;  // below this many CSS px the canvas shows one group at a time
  const LEGIBLE = 12.6;  // px: the label size a fit aims at (the promise is 11 px)

  // On a narrow screen the overview, the ego view and the map show the centre and one group at
  // a time (a level, a type of neighbour, a band of distance), chosen above the canvas.
  function activeGroup() {
    if (!state.phone || state.mode === "everything" || !state.groups.length) return null;
    return state.groups.find((g) => g.id === state.group) || state.groups[0];
  }

  function buildGroups() {
    const byLabel = (a, b) => a.info["label_" + lang].localeCompare(b.info["label_" + lang]);
    const chunks = (id, name, members) => {
      const parts = Math.ceil(members.length / 18), size = Math.ceil(members.length / parts);
      return Array.from({ length: parts }, (_, k) => ({ id: id + (parts > 1 ? "#" + (k + 1) : ""),
        name: () => name() + (parts > 1 ? " (" + (k + 1) + "/" + parts + ")" : ""),
        members: new Set(members.slice(k * size, (k + 1) * size)) }));
    };
    if (D.view === "whole" && D.overview) {
      return D.overview.headings.flatMap((h) => chunks(h.group, () => h[lang], nodes.get({
        filter: (n) => n.id !== D.centre && !n.fold && groupOf(n) === h.group,
      }).sort((a, b) => a.ovY - b.ovY).map((n) => n.id)));
    }
    if (D.view === "ego") {
      const near = new Set(network.getConnectedNodes(D.centre));
      return D.types.flatMap((t) => chunks(t.id, () => t[lang], nodes.get({
        filter: (n) => near.has(n.id) && n.id !== D.centre && n.info.type === t.id,
      }).sort(byLabel).map((n) => n.id))).filter((g) => g.members.size);
    }
    if (D.view === "geo" && D.truePos && D.map && D.map.rings.length) {
      const unit = D.map.rings[0].r / Math.sqrt(D.map.rings[0].km), bands = [0, 500, 1000, 2000, Infinity];
      const km = (id) => Math.pow(Math.hypot(D.truePos[id].x, D.truePos[id].y) / unit, 2);
      const fmt = (v) => v.toLocaleString(lang === "de" ? "de-DE" : "en-GB");
      return bands.slice(0, -1).map((lo, k) => {
        const hi = bands[k + 1], w = () => WORDS[lang];
        return { id: "band-" + lo, members: new Set(Object.keys(D.truePos).filter((id) => id !== D.centre && km(id) >= lo && km(id) < hi)),
          name: () => (lo === 0 ? w().under + " " + fmt(hi) : hi === Infinity ? w().over + " " + fmt(lo) : fmt(lo) + "–" + fmt(hi)) + " " + w().band };
      }).filter((g) => g.members.size);
    }
    return [];
  }

  function inGroup(g, n) {
    if (state.phoneHost) return n.id === state.phoneHost || n.fold === state.phoneHost;
    return g.members.has(n.id) || (!!n.fold && g.members.has(n.fold));
  }

  let ctx2d = null;
  const widths = new Map();
  function measure(text, font, bold) {
    const key = (bold ? "b" : "") + font + "|" + text;
    if (!widths.has(key)) {
      if (!ctx2d) ctx2d = document.createElement("canvas").getContext("2d");
      ctx2d.font = (bold ? "bold " : "") + font + "px sans-serif";
      widths.set(key, ctx2d.measureText(text).width);
    }
    return widths.get(key);
  }

  // the edges between two nodes, by id (the set of edges never changes, only their labels)
  const pairs = new Map();
  D.edges.forEach((e) => {
    const key = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from;
    if (!pairs.has(key)) pairs.set(key, []);
    pairs.get(key).push(e.id);
  });
  pairs.forEach((ids) => ids.sort());
  function between(a, b) {
    const ids = pairs.get(a < b ? a + "\u0000" + b : b + "\u0000" + a) || [];
    return ids.map((id) => edges.get(id));
  }

  // The node whose edge to n is written beside n, if n is drawn in a column: the centre for
  // the default view's bodies (and every neighbour on a small screen), the host for what a
  // body unfolded. Such a node's name and relation are drawn by the page (besides()).
  function anchorOf(n) {
    if (stacked() && n.id === (state.phoneHost || D.centre)) return n.id;  // its own name beside it
    if (n.id === D.centre) return null;
    let a = null;
    if (state.mode === "overview") a = !n.fold ? D.centre : n.fold !== D.centre && state.expanded.has(n.fold) ? n.fold : null;
    else if (D.view === "ego" && activeGroup()) a = D.centre;
    const anchor = a && nodes.get(a);
    return anchor && !anchor.hidden ? a : null;
  }

  const stacked = () => !!activeGroup() && D.view !== "geo";  // name and relation both right of the marker
  const nameLimit = () => (stacked() ? 24 : 30);

  function relationText(n) {
    const a = anchorOf(n), texts = [];
    if (!a || a === n.id) return "";
    between(a, n.id).forEach((e) => {
        const raw = state.mode === "overview" && e.ovLabel ? e.ovLabel[lang].split("\n") : [e.info["label_" + lang] || ""];
        raw.forEach((r) => { const t = wrap(r, stacked() ? 24 : 26); if (r && texts.indexOf(t) < 0) texts.push(t); });
      });
    return texts.join("\n");
  }

  function fromAnchor(n, a) {
    return !between(a, n.id).some((e) => e.from === n.id);
  }

  // Names and relations the page draws beside the markers of a column, as boxes in canvas
  // units. Wide screen: the relation on the inner side (just before the marker, where the edge
  // arrives horizontally), the name on the outer side. Small screen: the name, and the relation
  // under it, right of the marker.
  function besides() {
    const out = [], pos = network.getPositions();
    nodes.forEach((n) => {
      if (n.hidden) return;
      const a = anchorOf(n);
      if (!a) return;
      const p = pos[n.id], size = n.size, faint = n.opacity !== undefined && n.opacity < 1;
      const self = a === n.id, font = self && n.id === D.centre ? 1.25 * state.font : state.font, lh = 1.15 * font;
      const name = wrap(n.info["label_" + lang], nameLimit()).split("\n"), rel = self ? "" : relationText(n);
      const lines = rel ? rel.split("\n") : [];
      const bold = self && n.id === D.centre;
      const width = (ls) => Math.max.apply(null, ls.map((l) => measure(l, font, bold)));
      const item = (kind, ls, left, top, align) => out.push({ kind: kind, id: n.id, anchor: a, lines: ls, font: font, bold: bold,
        align: align, left: left, right: left + width(ls), top: top, bottom: top + lh * ls.length, faint: faint });
      if (stacked()) {  // read top down: the relation above the name when it runs from the anchor
        const top = p.y - lh * (name.length + lines.length) / 2;
        const first = lines.length && fromAnchor(n, a);
        item("name", name, p.x + size + 6, top + (first ? lh * lines.length : 0), "left");
        if (lines.length) item("relation", lines, p.x + size + 6, first ? top : top + lh * name.length, "left");
        return;
      }
      const outward = pos[a].x <= p.x;
      if (outward) item("name", name, p.x + size + 6, p.y - lh * name.length / 2, "left");
      else item("name", name, p.x - size - 6 - width(name), p.y - lh * name.length / 2, "right");
      if (!lines.length) return;
      if (outward) item("relation", lines, p.x - size - 6 - width(lines), p.y - lh * lines.length / 2, "right");
      else item("relation", lines, p.x + size + 6, p.y - lh * lines.length / 2, "left");
    });
    return out;
  }

  // A column for a small screen: the anchor at the top left, ids stacked below it and right of
  // it, each with its name and relation on its right; edges leave the anchor and reach each
  // marker horizontally. The font is raised until the text is LEGIBLE px high at the fit.
  function columnLayout(anchor, ids) {
    const c = nodes.get(anchor), area = freeArea(true), bold = anchor === D.centre;
    let F = 14, out = null;
    const widest = (texts, f, b) => Math.max.apply(null, [0].concat(texts.map((l) => measure(l, f, b))));
    for (let k = 0; k < 5 && ids.length; k++) {
      const cf = bold ? 1.25 * F : F, cLines = wrap(c.info["label_" + lang], 24).split("\n");
      const cw = c.size + 6 + widest(cLines, cf, bold);  // its name on its right
      const rows = ids.map((id) => { const n = nodes.get(id), rel = relationText(n);
        const ls = wrap(n.info["label_" + lang], 24).split("\n").concat(rel ? rel.split("\n") : []);
        return { id: id, half: Math.max(n.size, 1.15 * F * ls.length / 2), size: n.size, w: widest(ls, F) }; });
      const big = Math.max.apply(null, rows.map((r) => r.size));
      const X = 2.5 * F + big, pos = {};
      let y = Math.max(c.size, 1.15 * cf * cLines.length / 2) + 0.6 * F;
      rows.forEach((r, i) => {
        if (i) y += rows[i - 1].half + r.half + 0.5 * F; else y += r.half;
        pos[r.id] = { x: X, y: y };
      });
      const last = rows[rows.length - 1];
      pos[anchor] = { x: 0, y: 0 };
      const width = c.size + Math.max(cw, X + big + 6 + Math.max.apply(null, rows.map((r) => r.w)));
      const height = y + last.half + c.size;
      const scale = Math.min((area.r - area.l) / width, (area.b - area.t) / height, 2.5);
      out = { pos: pos, font: F };
      if (F * scale >= LEGIBLE) break;
      F = F * LEGIBLE / (F * scale) + 0.5;
    }
    return out || { pos: {}, font: F };
  }

  function basePos(n) {
    if (state.mode === "overview") return { x: n.ovX, y: n.ovY };
    if (state.mode === "everything") return { x: n.allX, y: n.allY };
    return { x: n.baseX, y: n.baseY };
  }

  function setFont(size) {
    state.font = size;
    // on the map the markers grow with the text (a city's marker stays as large beside its name)
    const grow = (n) => (D.view === "geo" ? { size: n.baseSize * size / D.font } : {});
    nodes.update(nodes.map((n) => Object.assign({ id: n.id, font: { size: n.id === D.centre ? size * 1.25 : size, bold: n.id === D.centre } }, grow(n))));
    edges.update(edges.map((e) => ({ id: e.id, font: { size: size } })));
  }

  // Put every node where the current mode, screen and group want it.
  function place() {
    const g = activeGroup();
    let pos = {}, font = state.mode === "everything" ? D.overview.allFont : D.font;
    if (g && D.view !== "geo") {
      const host = state.phoneHost;
      const ids = host ? nodes.getIds({ filter: (n) => n.fold === host && visible(n, true) })
        : Array.from(g.members).filter((id) => visible(nodes.get(id), true));
      const laid = columnLayout(host || D.centre, ids);
      pos = laid.pos; font = laid.font;
    }
    // only what changes: every update makes vis-network redo its work for that node
    const moved = [];
    nodes.forEach((n) => {
      const p = pos[n.id] || basePos(n);
      if (n.x !== p.x || n.y !== p.y) moved.push({ id: n.id, x: p.x, y: p.y });
    });
    if (moved.length) {
      nodes.update(moved);
      moved.forEach((m) => network.moveNode(m.id, m.x, m.y));
    }
    if (font !== state.font) setFont(font);
    refreshLabels();
  }

  function folded(n) {
    return state.mode === "overview" && n.fold && !state.expanded.has(n.fold);
  }

  function visible(n, ignoreGroup) {
    const g = ignoreGroup ? null : activeGroup();
    if (n.id === D.centre) return !(g && state.phoneHost);
    if (folded(n)) return false;
    if (g && !inGroup(g, n)) return false;
    const i = n.info, th = list(n.filterThemes);
    return state.types.has(i.type) && state.levels.has(i.level || "") &&
      (th.length ? th.some((x) => state.themes.has(x)) : state.themes.has(""));
  }

  function edgeShown(e) {
    if (D.view === "geo") return false;  // every city on the map is a partner: lines would only cross
    if (stacked()) {  // a small screen's column: connectors() stand for the anchor's edges
      const a = state.phoneHost || D.centre;
      if (e.from === a || e.to === a) return false;
    }
    return !(state.mode === "overview" && e.ovHidden && !state.expanded.has(e.from) && !state.expanded.has(e.to));
  }

  // On a small screen the anchor's edges are drawn as a tree: a stem down from the anchor and
  // a branch to each marker, so that no line crosses another marker or a text. Canvas units.
  function connectors() {
    if (!stacked()) return [];
    const a = state.phoneHost || D.centre, pos = network.getPositions(), out = [];
    const anchor = nodes.get(a);
    if (!anchor || anchor.hidden) return [];
    let bottom = null;
    nodes.forEach((n) => {
      if (n.hidden || anchorOf(n) !== a) return;
      const p = pos[n.id];
      out.push([pos[a].x, p.y, p.x - n.size, p.y]);
      bottom = bottom === null ? p.y : Math.max(bottom, p.y);
    });
    if (bottom !== null) out.push([pos[a].x, pos[a].y + anchor.size, pos[a].x, bottom]);
    return out;
  }

  function applyFilters(refit) {
    const updates = [], eUpdates = [];
    let shown = 0;
    nodes.forEach((n) => { const v = visible(n); if (v) shown++; if (!!n.hidden === v) updates.push({ id: n.id, hidden: !v }); });
    if (updates.length) nodes.update(updates);
    edges.forEach((e) => { const v = edgeShown(e); if (!!e.hidden === v) eUpdates.push({ id: e.id, hidden: !v }); });
    if (eUpdates.length) edges.update(eUpdates);
    refreshLabels();
    const w = WORDS[lang];
    $("status").textContent = shown + " " + w.of + " " + nodes.length + " " + w.nodes + " " + w.shown;
    $("status").dataset.shown = String(shown);
    buildTextList();
    if (refit) {
      if (activeGroup() && D.view !== "geo") { place(); network.redraw(); }
      fit();
    }
  }

  // The part of the canvas nothing covers (DOM px): less the group bar, the zoom buttons and
  // the details panel when it is open (on the right on a wide screen, a sheet at the bottom).
  function freeArea(ignorePanel) {
    const W = container.clientWidth, H = container.clientHeight, pad = 12;
    const a = { l: pad, t: pad, r: W - pad, b: H - pad, W: W, H: H };
    const bar = $("groups");
    if (!bar.hidden) a.t += bar.offsetHeight;
    const det = $("details");
    if (!det.hidden && !ignorePanel) {
      const d = det.getBoundingClientRect(), c = container.getBoundingClientRect();
      if (d.top - c.top > H / 4) a.b = Math.min(a.b, d.top - c.top - pad);
      else a.r = Math.min(a.r, d.left - c.left - pad);
    }
    if (state.phone) a.b -= 44; else a.r -= 52;  // the zoom buttons, which move with the panel
    return a;
  }

  // Show the box (canvas units) as large as fits in the free area, centred in it.
  function fitBox(x0, y0, x1, y1) {
    const a = freeArea();
    const most = stacked() ? Math.min(2.5, 18 / state.font) : 2.5;  // a short group: text no larger than 18 px
    const scale = Math.min((a.r - a.l) / Math.max(1, x1 - x0), (a.b - a.t) / Math.max(1, y1 - y0), most);
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale, animation: false,
      offset: { x: (a.l + a.r) / 2 - a.W / 2, y: (a.t + a.b) / 2 - a.H / 2 } });
    return scale;
  }

  // Fit the nodes ``ids`` (all visible ones by default), their relations and the group headings.
  function bounds(ids) {
    const want = ids ? new Set(ids) : null;
    ids = nodes.getIds({ filter: (n) => !n.hidden && (!want || want.has(n.id)) });
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    const add = (l, t, r, b) => { x0 = Math.min(x0, l); y0 = Math.min(y0, t); x1 = Math.max(x1, r); y1 = Math.max(y1, b); };
    ids.forEach((id) => { const b = network.getBoundingBox(id); add(b.left, b.top, b.right, b.bottom); });
    besides().forEach((r) => { if (!want || want.has(r.id)) add(r.left, r.top, r.right, r.bottom); });
    if (!want) headings().forEach((h) => add(h.x - h.w / 2, h.y - h.font, h.x + h.w / 2, h.y + h.font));
    return ids.length ? [x0, y0, x1, y1] : null;
  }

  function fit(ids) {
    const map = D.view === "geo" && activeGroup();
    for (let k = 0; k < 4; k++) {
      const b = bounds(ids);
      if (!b) return;
      const scale = fitBox(b[0], b[1], b[2], b[3]);
      // the map's cities stay where they are: on a small screen their labels grow instead
      if (!map || state.font * scale >= LEGIBLE - 0.05) break;
      setFont(LEGIBLE / scale + 0.3);
      network.redraw();
    }
    if (map && spread()) { const b = bounds(ids); fitBox(b[0], b[1], b[2], b[3]); }
  }

  // Grown labels on a small screen's map may meet: move the cities apart (up and down) until
  // none do; the thin line from each city's true place (D.truePos) shows where it belongs.
  function spread() {
    let any = false;
    for (let round = 0; round < 40; round++) {
      network.redraw();
      const boxes = nodes.get({ filter: (n) => !n.hidden }).map((n) => {
        const p = network.getPosition(n.id), m = network.body.nodes[n.id].labelModule.size, r = n.size;
        const l = m && n.label ? Math.min(m.left, p.x - r) : p.x - r, w = m && n.label ? Math.max(m.left + m.width, p.x + r) : p.x + r;
        return { id: n.id, x: p.x, y: p.y, l: l, r: w, t: p.y - r, b: m && n.label ? m.top + m.height : p.y + r };
      });
      const move = {};
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach((c) => {
        const ox = Math.min(a.r, c.r) - Math.max(a.l, c.l), oy = Math.min(a.b, c.b) - Math.max(a.t, c.t);
        if (ox <= 0 || oy <= 0) return;
        const [up, down] = a.y <= c.y ? [a, c] : [c, a], d = oy / 2 + 2;
        if (up.id === D.centre) move[down.id] = (move[down.id] || 0) + 2 * d;
        else if (down.id === D.centre) move[up.id] = (move[up.id] || 0) - 2 * d;
        else { move[up.id] = (move[up.id] || 0) - d; move[down.id] = (move[down.id] || 0) + d; }
      }));
      const ids = Object.keys(move);
      if (!ids.length) break;
      any = true;
      const pos = network.getPositions(ids);
      nodes.update(ids.map((id) => ({ id: id, x: pos[id].x, y: pos[id].y + move[id] })));
      ids.forEach((id) => network.moveNode(id, pos[id].x, pos[id].y + move[id]));
    }
    return any;
  }

  // Bring a node (with its label) into the free area: centred there at ``scale`` (a search),
  // or moved no further than needed at the present zoom (a click).
  function panInto(id, scale) {
    const a = freeArea(), b = bounds([id]);
    if (!b) return;
    const p1 = network.canvasToDOM({ x: b[0], y: b[1] }), p2 = network.canvasToDOM({ x: b[2], y: b[3] });
    if (scale) {
      network.moveTo({ position: network.getPosition(id), scale: scale, animation: false,
        offset: { x: (a.l + a.r) / 2 - a.W / 2, y: (a.t + a.b) / 2 - a.H / 2 } });
      return;
    }
    const shift = (lo, hi, min, max) => (hi - lo > max - min ? (min + max) / 2 - (lo + hi) / 2
      : lo < min ? min - lo : hi > max ? max - hi : 0);
    const dx = shift(p1.x, p2.x, a.l, a.r), dy = shift(p1.y, p2.y, a.t, a.b);
    if (!dx && !dy) return;
    const s = network.getScale(), v = network.getViewPosition();
    network.moveTo({ position: { x: v.x - dx / s, y: v.y - dy / s }, scale: s, animation: false });
  }

  let ctxMeasure = null;
  function headings() {
    if (state.mode !== "overview" || !D.overview || activeGroup()) return [];
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

  network.on("beforeDrawing", (ctx) => {
    ctx.save(); ctx.strokeStyle = "#6b6b6b"; ctx.lineWidth = 1.5 / Math.max(0.5, network.getScale());
    connectors().forEach((l) => { ctx.beginPath(); ctx.moveTo(l[0], l[1]); ctx.lineTo(l[2], l[3]); ctx.stroke(); });
    ctx.restore();
  });

  network.on("afterDrawing", (ctx) => {
    besides().forEach((r) => {
      ctx.save();
      ctx.font = (r.bold ? "bold " : "") + r.font + "px sans-serif"; ctx.textAlign = r.align; ctx.textBaseline = "middle";
      ctx.lineJoin = "round"; ctx.lineWidth = 4; ctx.strokeStyle = "#fff";
      ctx.fillStyle = r.kind === "name" ? "#1a1a1a" : "#444";
      if (r.faint) ctx.globalAlpha = 0.25;
      const x = r.align === "right" ? r.right : r.left;
      r.lines.forEach((line, i) => {
        const y = r.top + (i + 0.5) * 1.15 * r.font;  // the line height of besides()
        ctx.strokeText(line, x, y); ctx.fillText(line, x, y);
      });
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
    // a filter with nothing to choose between is not offered (the map: cities only, no level)
    if (D.types.length < 2) $("legend-types").classList.add("legend-only");
    $("levels").hidden = !D.levels.length;
    $("themes").hidden = !D.themes.length;
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
    if (anchorOf(n)) return "";  // drawn beside its marker, see besides()
    return wrap(n.info["label_" + lang], n.id === D.centre ? 20 : 30);
  }

  function refreshLabels() {
    const updates = [];
    nodes.forEach((n) => { const l = labelFor(n); if ((n.label || "") !== l) updates.push({ id: n.id, label: l }); });
    if (updates.length) nodes.update(updates);
  }

  function edgeLabel(e) {
    if (state.mode === "overview" || D.view === "ego" || D.view === "geo") return "";  // see besides()
    return e.info["label_" + lang] || "";
  }

  function updateEdgeLabels() {
    const set = [], clear = [];
    edges.forEach((e) => {
      const l = edgeLabel(e);
      if ((e.label || "") === l) return;
      if (l) set.push({ id: e.id, label: l }); else clear.push(Object.assign({}, e, { label: "" }));
    });
    if (set.length) edges.update(set);
    // vis-network keeps an edge's old label when it is updated to "": the edge is put back
    if (clear.length) { edges.remove(clear.map((e) => e.id)); edges.add(clear); }
  }

  function setMode(mode) {
    if (!D.overview) return;
    state.mode = mode;
    state.phoneHost = null;
    const all = mode === "everything";
    applyFilters(false);
    place();
    updateEdgeLabels();
    $("mode").textContent = all ? WORDS[lang].overview : WORDS[lang].everything;
    applyFilters(false);
    buildGroupBar();
    network.redraw();
    fit();
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
    // only the keys that apply to this view: the map has no lines and no sizes to explain
    (D.view === "geo" ? [w.keys[0], w.geoKey] : w.keys.filter((k, idx) => idx < 4 || D.overview))
      .forEach((k) => keys.appendChild(el("li", null, k)));
    $("export").querySelector("h2").textContent = w.exportLabel;
    $("save-svg").textContent = w.svg;
    $("save-png").textContent = w.png;
    $("embed-label").textContent = w.embed;
    $("embed").value = EMBED.replace("{src}", escapeXml(location.href.split("#")[0])).replace("{title}", escapeXml(w.embedTitle));
    $("group-prev").setAttribute("aria-label", w.prev);
    $("group-next").setAttribute("aria-label", w.next);
    $("group-label").textContent = w.group;
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
    edges.update(edges.map((e) => ({ id: e.id, title: edgeTip(e) })));
    updateEdgeLabels();
    const names = $("search-names");
    names.replaceChildren();
    nodes.forEach((n) => { const o = el("option"); o.value = n.info["label_" + lang]; names.appendChild(o); });
    buildNav();
    applyFilters(false);
    if (state.groups.length) { buildGroupBar(); place(); applyFilters(false); network.redraw(); fit(); }
    if (state.selected) showDetails(state.selected);
  }

  function buildNav() {
    const nav = $("views"), w = WORDS[lang];
    nav.replaceChildren();
    const links = (D.navs && D.navs[lang]) || {};  // the pages in the language shown
    ["whole", "ego", "geo", "editor", "site"].forEach((k) => {
      if (!links[k]) return;
      const a = anchor(links[k], w.viewNames[k], true);
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
    const hosted = nodes.get({ filter: (m) => m.fold === id });
    if (state.mode === "overview" && hosted.length) {
      const b = el("button", "unfold", (state.expanded.has(id) ? w.fold : w.unfold) + " (" + hosted.length + ")");
      b.type = "button"; b.id = "unfold";
      b.addEventListener("click", () => toggleFold(id));
      body.appendChild(b);
    }
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
    document.body.classList.add("details-open");
    $("details").dataset.node = id;
  }

  // Unfold (or fold) what hangs from a body, and show what was unfolded: beside the body on a
  // wide screen, as a column of its own on a small one.
  function toggleFold(id) {
    if (state.mode !== "overview" || !nodes.get({ filter: (m) => m.fold === id }).length) return;
    const open = !state.expanded.has(id);
    if (open) state.expanded.add(id); else state.expanded.delete(id);
    state.phoneHost = open && activeGroup() ? id : null;
    applyFilters(false);
    place();
    applyFilters(false);
    state.selected = id;
    showDetails(id);
    network.selectNodes([id]);
    halo(null);
    network.redraw();
    if (open) fit(nodes.getIds({ filter: (m) => m.id === id || m.fold === id })); else if (activeGroup()) fit();
    else panInto(id);
    $("status").dataset.unfolded = open ? id : "";
  }

  function closeDetails() {
    $("details").hidden = true;
    document.body.classList.remove("details-open");
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

  // Select a node: its details open over the canvas (nothing is re-fitted, the zoom stays) and
  // the node is moved into the part of the canvas the details leave free.
  function select(id, zoom) {
    const n = nodes.get(id);
    const g = activeGroup();
    if (g && !inGroup(g, n)) {  // on a small screen: the group that holds it
      const home = state.groups.find((x) => x.members.has(id) || (n.fold && x.members.has(n.fold)));
      if (home) { state.group = home.id; state.phoneHost = null; $("group").value = home.id; }
      if (home && n.fold && !home.members.has(id)) { state.expanded.add(n.fold); state.phoneHost = n.fold; }
      applyFilters(false); place(); applyFilters(false); network.redraw(); fit();
    }
    if (n.hidden && n.fold && state.mode === "overview") { state.expanded.add(n.fold); applyFilters(false); }
    if (nodes.get(id).hidden) nodes.update({ id: id, hidden: false });
    state.selected = id;
    showDetails(id);
    network.selectNodes([id]);
    halo(id);
    panInto(id, zoom ? Math.max(network.getScale(), LEGIBLE / state.font * 1.2) : 0);
  }

  function search(text) {
    const n = find(text), w = WORDS[lang];
    if (!n) { $("status").textContent = w.none + " “" + text + "”"; $("status").dataset.found = ""; return; }
    select(n.id, true);
    $("status").textContent = w.found + ": " + n.info["label_" + lang];
    $("status").dataset.found = n.id;
  }

  const escapeXml = (t) => String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  // the embed snippet: text for the user to copy into another site, never put into this page
  const EMBED = '<iframe src="{src}" title="{title}" style="width:100%;aspect-ratio:4/3;min-height:440px;border:0" loading="lazy"></iframe>';

  function fileName(ext) {
    const centre = D.view === "ego" ? "-" + D.centre : "";
    return "darmstadt-kg-" + ({ whole: "overview", ego: "around", geo: "map" }[D.view] || D.view) + centre + "." + ext;
  }

  function download(blob, name) {
    const link = el("a");
    link.href = URL.createObjectURL(blob); link.download = name;
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(URL.revokeObjectURL, 5000, link.href);  // the blob lives until the download began
  }

  // PNG: the canvas as drawn, on white
  function savePng() {
    const src = container.querySelector("canvas"), out = document.createElement("canvas");
    out.width = src.width; out.height = src.height;
    const c = out.getContext("2d");
    c.fillStyle = "#fff"; c.fillRect(0, 0, out.width, out.height); c.drawImage(src, 0, 0);
    out.toBlob((b) => download(b, fileName("png")), "image/png");
  }

  // SVG: what is on screen redrawn as vector shapes and text, in screen pixels
  function svgText() {
    const W = container.clientWidth, H = container.clientHeight, s = network.getScale();
    const dom = (x, y) => network.canvasToDOM({ x: x, y: y });
    const f = (v) => Math.round(v * 10) / 10, parts = [];
    const text = (x, y, size, t, anchor, extra) => parts.push('<text x="' + f(x) + '" y="' + f(y) + '" font-size="' + f(size) +
      '" text-anchor="' + anchor + '" dominant-baseline="central" ' + (extra || "") + ">" + escapeXml(t) + "</text>");
    if (D.map) {
      D.map.outlines.forEach((line) => {
        const pts = [];
        for (let k = 0; k < line.length; k += 2) { const p = dom(line[k], line[k + 1]); pts.push(f(p.x) + "," + f(p.y)); }
        parts.push('<polygon points="' + pts.join(" ") + '" fill="#eef2f5" stroke="#9aa7b4" stroke-width="1.2"/>');
      });
      const o = dom(0, 0);
      D.map.rings.forEach((r) => parts.push('<circle cx="' + f(o.x) + '" cy="' + f(o.y) + '" r="' + f(r.r * s) +
        '" fill="none" stroke="#6b7785" stroke-dasharray="6 6"/>'));
    }
    const pos = network.getPositions();
    connectors().forEach((l) => { const p = dom(l[0], l[1]), q = dom(l[2], l[3]);
      parts.push('<path d="M' + f(p.x) + " " + f(p.y) + " L" + f(q.x) + " " + f(q.y) + '" stroke="#6b6b6b" stroke-width="1.5"/>'); });
    edges.forEach((e) => {
      if (e.hidden || nodes.get(e.from).hidden || nodes.get(e.to).hidden) return;
      const a = pos[e.from], b = pos[e.to], p = dom(a.x, a.y), q = dom(b.x, b.y);
      const dash = e.dashes ? ' stroke-dasharray="5 5"' : "";
      const fan = e.smooth && e.smooth.type === "cubicBezier";
      const r = e.smooth && e.smooth.roundness || 0;
      const c1 = { x: p.x + r * (q.x - p.x), y: p.y }, c2 = { x: q.x - r * (q.x - p.x), y: q.y };
      const d = fan ? "M" + f(p.x) + " " + f(p.y) + " C" + f(c1.x) + " " + f(c1.y) + " " + f(c2.x) + " " + f(c2.y) + " " + f(q.x) + " " + f(q.y)
        : "M" + f(p.x) + " " + f(p.y) + " L" + f(q.x) + " " + f(q.y);
      parts.push('<path d="' + d + '" fill="none" stroke="#6b6b6b" stroke-width="' + f(Math.max(1, 1.2 * s)) + '"' + dash + "/>");
      if (e.arrows === "to") {
        const from = fan ? c2 : p, len = Math.hypot(q.x - from.x, q.y - from.y) || 1;
        const ux = (q.x - from.x) / len, uy = (q.y - from.y) / len, tip = nodes.get(e.to).size * s, k = 9 * Math.max(0.6, s);
        const tx = q.x - ux * tip, ty = q.y - uy * tip;
        parts.push('<polygon points="' + [tx, ty, tx - ux * k - uy * k / 2, ty - uy * k + ux * k / 2, tx - ux * k + uy * k / 2, ty - uy * k - ux * k / 2].map(f).join(" ") + '" fill="#6b6b6b"/>');
      }
    });
    nodes.forEach((n) => {
      if (n.hidden) return;
      const p = dom(pos[n.id].x, pos[n.id].y), r = n.size * s, fill = n.color.background;
      const op = n.opacity !== undefined && n.opacity < 1 ? ' opacity="' + n.opacity + '"' : "";
      const style = ' fill="' + fill + '" stroke="#1a1a1a" stroke-width="1.5"' + op;
      const poly = (pts) => parts.push('<polygon points="' + pts.map((v, i) => f(v + (i % 2 ? p.y : p.x))).join(" ") + '"' + style + "/>");
      if (n.shape === "square") parts.push('<rect x="' + f(p.x - r) + '" y="' + f(p.y - r) + '" width="' + f(2 * r) + '" height="' + f(2 * r) + '"' + style + "/>");
      else if (n.shape === "diamond") poly([0, -r, r, 0, 0, r, -r, 0]);
      else if (n.shape === "triangle") poly([0, -r, r * 0.87, r * 0.5, -r * 0.87, r * 0.5]);
      else if (n.shape === "triangleDown") poly([0, r, r * 0.87, -r * 0.5, -r * 0.87, -r * 0.5]);
      else if (n.shape === "hexagon") poly([r, 0, r / 2, r * 0.87, -r / 2, r * 0.87, -r, 0, -r / 2, -r * 0.87, r / 2, -r * 0.87]);
      else if (n.shape === "star") poly([].concat.apply([], Array.from({ length: 10 }, (_, k) => {
        const ang = -Math.PI / 2 + k * Math.PI / 5, rr = k % 2 ? r * 0.45 : r; return [rr * Math.cos(ang), rr * Math.sin(ang)]; })));
      else parts.push('<circle cx="' + f(p.x) + '" cy="' + f(p.y) + '" r="' + f(r) + '"' + style + "/>");
      const m = network.body.nodes[n.id].labelModule, lines = String(n.label || "").split("\n");
      if (!m || !m.size || !n.label) return;
      const top = dom(m.size.left, m.size.top).y, lh = m.size.height * s / lines.length, size = m.fontOptions.size * s;
      lines.forEach((l, i) => text(p.x, top + (i + 0.5) * lh, size, l, "middle",
        'fill="#1a1a1a" stroke="#fff" stroke-width="3" paint-order="stroke"' + (n.id === D.centre ? ' font-weight="bold"' : "") + op));
    });
    besides().forEach((r) => r.lines.forEach((l, i) => {
      const p = dom(r.align === "right" ? r.right : r.left, r.top + (i + 0.5) * 1.15 * r.font);
      text(p.x, p.y, r.font * s, l, r.align === "right" ? "end" : "start", 'fill="' + (r.kind === "name" ? "#1a1a1a" : "#444") + '" stroke="#fff" stroke-width="4" paint-order="stroke"' + (r.faint ? ' opacity="0.25"' : "") + (r.bold ? ' font-weight="bold"' : ""));
    }));
    headings().forEach((h) => { const p = dom(h.x, h.y); text(p.x, p.y, h.font * s, h.text, "middle", 'font-weight="bold" fill="#1a1a1a"'); });
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + " " + H +
      '" font-family="DejaVu Sans, sans-serif"><title>' + escapeXml($("title").textContent) + '</title><rect width="100%" height="100%" fill="#fff"/>' +
      parts.join("") + "</svg>";
  }

  function saveSvg() {
    download(new Blob([svgText()], { type: "image/svg+xml" }), fileName("svg"));
  }

  function zoomBy(f) {
    network.moveTo({ scale: network.getScale() * f, animation: false });
  }

  function narrow() { return container.clientWidth < PHONE_WIDTH; }

  function buildGroupBar() {
    const bar = $("groups"), sel = $("group"), g = activeGroup();
    bar.hidden = !g;
    sel.replaceChildren();
    state.groups.forEach((x) => { const o = el("option", null, x.name() + " (" + x.members.size + ")"); o.value = x.id; sel.appendChild(o); });
    if (g) sel.value = g.id;
  }

  function showGroup(id) {
    state.group = id; state.phoneHost = null;
    $("group").value = id;
    closeDetails();
    applyFilters(false); place(); applyFilters(false); network.redraw(); fit();
  }

  function stepGroup(k) {
    const i = state.groups.findIndex((x) => x.id === (activeGroup() || {}).id);
    const next = state.groups[(i + k + state.groups.length) % state.groups.length];
    if (next) { $("group").value = next.id; showGroup(next.id); }
  }

  // Lay the page out for the screen it is on (wide: every group at once; narrow: one group).
  function relayout() {
    network.setSize("100%", "100%");  // vis-network takes the new size now, not after our fit
    state.phone = narrow();
    state.groups = state.phone ? buildGroups() : [];
    state.phoneHost = null;
    if (state.groups.length && !state.groups.some((x) => x.id === state.group)) state.group = state.groups[0].id;
    buildGroupBar();
    applyFilters(false); place(); applyFilters(false);
    network.redraw();
    fit();
  }

  buildPanel();
  applyLanguage();
  $("lang").addEventListener("change", (ev) => {
    lang = ev.target.value;
    try { localStorage.setItem(LANG_KEY, lang); } catch (e) { /* private mode: this page only */ }
    applyLanguage();
  });
  $("embed").addEventListener("focus", () => $("embed").select());
  $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); search($("search").value); });
  $("details-close").addEventListener("click", closeDetails);
  $("zoom-in").addEventListener("click", () => zoomBy(1.25));
  $("zoom-out").addEventListener("click", () => zoomBy(0.8));
  $("zoom-fit").addEventListener("click", fit);
  $("zoom-reset").addEventListener("click", () => {
    closeDetails();  // back to the opening state: everything folded again
    state.expanded.clear();
    if (state.mode !== "overview" && D.overview) setMode("overview");
    else if (activeGroup()) showGroup(activeGroup().id);
    else applyFilters(false);
    fit();
  });
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
  // a click waits for a possible second one, so that a double-click unfolds the node it began on
  let pending = null;
  network.on("click", (p) => {
    clearTimeout(pending);
    const c = p.pointer.canvas, hit = besides().find((b) => c.x >= b.left && c.x <= b.right && c.y >= b.top && c.y <= b.bottom);
    const id = p.nodes.length ? p.nodes[0] : hit ? hit.id : null;
    if (id) pending = setTimeout(() => select(id, false), 260);
    else if (!p.edges.length) closeDetails();
  });
  network.on("doubleClick", (p) => {
    clearTimeout(pending);
    const c = p.pointer.canvas, hit = besides().find((b) => c.x >= b.left && c.x <= b.right && c.y >= b.top && c.y <= b.bottom);
    const id = p.nodes.length ? p.nodes[0] : hit ? hit.id : null;
    if (id) { if (state.mode === "overview" && nodes.get({ filter: (m) => m.fold === id }).length) toggleFold(id); else select(id, false); }
  });
  $("group").addEventListener("change", () => showGroup($("group").value));
  $("group-prev").addEventListener("click", () => stepGroup(-1));
  $("group-next").addEventListener("click", () => stepGroup(1));
  window.addEventListener("resize", () => {
    if (narrow() === state.phone) return;
    closeDetails();
    // the filter panel lies over the canvas on a small screen: it starts closed there
    const open = window.matchMedia("(min-width: 700px)").matches;
    document.body.classList.toggle("panel-open", open);
    $("panel-toggle").setAttribute("aria-expanded", String(open));
    relayout();
  });
  $("save-png").addEventListener("click", savePng);
  $("save-svg").addEventListener("click", saveSvg);
  $("panel-toggle").setAttribute("aria-expanded", String(document.body.classList.contains("panel-open")));
  window.dkgExplorer = { network: network, nodes: nodes, edges: edges, search: search, state: state, data: D,
    fit: fit, setMode: setMode, headings: headings, select: select, besides: besides,
    freeArea: freeArea, toggleFold: toggleFold, showGroup: showGroup, svg: svgText };
  network.once("afterDrawing", () => {
    window.dkgExplorer.readyMs = performance.now() - t0;
    document.documentElement.dataset.ready = "true";
  });
  relayout();
  const wanted = /(?:^#|&)focus=([^&]*)/.exec(location.hash);
  if (wanted) {
    const id = decodeURIComponent(wanted[1]);
    if (nodes.get(id)) search(id); else $("status").textContent = WORDS[lang].none + " “" + id + "”";
  }
})();
