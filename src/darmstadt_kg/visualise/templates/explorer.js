/* darmstadt-kg explorer: legend, filters, search, tooltips, details; no network access.
   Every text from the graph goes into the page through textContent, never as HTML. */
(function () {
  "use strict";
  const t0 = performance.now();
  const D = DKG_DATA;
  const WORDS = {
    en: { search: "Find", legend: "Type", levels: "Level", themes: "Theme", reset: "Show all",
      lang: "Language", noLevel: "(no level)", noTheme: "(no theme)", shown: "shown",
      of: "of", nodes: "nodes", found: "found", none: "no match for", source: "Source",
      since: "since", until: "until", date: "date", founded: "founded", decided: "decided by",
      chains: "How Darmstadt links to it", links: "Outside links", level: "Level",
      page: "Resource page", iri: "IRI",
      theme: "Themes", counts: "Figures",
      views: { whole: "The whole network", ego: "Ego view of", geo: "Partner cities by location" },
      geoNote: "Direction from Darmstadt is true; distance is drawn to the square-root scale.",
      note: "Dashed edges are plain statements; solid edges come from fact nodes. Click a node for how Darmstadt links to it." },
    de: { search: "Suchen", legend: "Typ", levels: "Ebene", themes: "Thema", reset: "Alle zeigen",
      lang: "Sprache", noLevel: "(ohne Ebene)", noTheme: "(ohne Thema)", shown: "gezeigt",
      of: "von", nodes: "Knoten", found: "gefunden", none: "kein Treffer für", source: "Quelle",
      since: "seit", until: "bis", date: "Datum", founded: "gegründet", decided: "beschlossen von",
      chains: "Wie Darmstadt damit verbunden ist", links: "Externe Links", level: "Ebene",
      page: "Seite der Ressource", iri: "IRI",
      theme: "Themen", counts: "Zahlen",
      views: { whole: "Das ganze Netzwerk", ego: "Umfeld von", geo: "Partnerstädte nach Lage" },
      geoNote: "Die Richtung von Darmstadt aus stimmt; die Entfernung ist mit der Quadratwurzel gestaucht.",
      note: "Gestrichelte Kanten sind einfache Aussagen, durchgezogene stammen aus Faktenknoten. Ein Klick auf einen Knoten zeigt, wie Darmstadt damit verbunden ist." }
  };
  let lang = D.lang === "en" ? "en" : "de";
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };
  const list = (v) => (Array.isArray(v) ? v : v ? [v] : []);
  const web = (url) => typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url);

  function anchor(url, text) {
    const a = el("a", null, text);
    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }

  function resourceHref(n) {
    if (D.resourceHref) return D.resourceHref.split("{slug}").join(encodeURIComponent(n.id));
    return web(n.info.iri) ? n.info.iri : null;
  }

  function nodeTip(n, inPanel) {
    const i = n.info, w = WORDS[lang], box = el("div", "tip");
    box.appendChild(el("div", "tip-title", i["label_" + lang]));
    box.appendChild(el("div", "tip-kind", i["type_" + lang] === i["class_" + lang] ? i["type_" + lang] : i["type_" + lang] + " · " + i["class_" + lang]));
    if (i["level_" + lang]) box.appendChild(el("div", "tip-level", w.level + ": " + i["level_" + lang]));
    if (list(i["themes_" + lang]).length) box.appendChild(el("div", "tip-themes", w.theme + ": " + list(i["themes_" + lang]).join(", ")));
    if (i.date) box.appendChild(el("div", "tip-date", w.date + ": " + i.date));
    if (list(i.founded).length) box.appendChild(el("div", "tip-date", w.founded + ": " + list(i.founded).join(", ")));
    list(i["counts_" + lang]).forEach((c) => box.appendChild(el("div", "tip-count", c)));
    if (i["comment_" + lang]) box.appendChild(el("div", "tip-comment", i["comment_" + lang]));
    list(i["source_labels_" + lang]).forEach((s) => box.appendChild(el("div", "tip-source", w.source + ": " + s)));
    if (!inPanel) list(i.links).forEach((l) => box.appendChild(el("div", "tip-link", l)));
    return box;
  }

  function edgeTip(e) {
    const i = e.info, w = WORDS[lang], box = el("div", "tip");
    const from = nodes.get(e.from), to = nodes.get(e.to);
    box.appendChild(el("div", "tip-title", i["fact_label_" + lang] ||
      (from.info["label_" + lang] + " → " + i["label_" + lang] + " → " + to.info["label_" + lang])));
    box.appendChild(el("div", "tip-kind", i["relation_" + lang] ? i["relation_" + lang] + " (" + i.relation + ")" : i.relation));
    if (i.since) box.appendChild(el("div", "tip-date", w.since + " " + i.since));
    if (i.until) box.appendChild(el("div", "tip-date", w.until + " " + i.until));
    if (i.date && !i.since) box.appendChild(el("div", "tip-date", w.date + ": " + i.date));
    if (list(i["decided_by_" + lang]).length) box.appendChild(el("div", "tip-decided", w.decided + " " + list(i["decided_by_" + lang]).join(", ")));
    if (i["comment_" + lang]) box.appendChild(el("div", "tip-comment", i["comment_" + lang]));
    list(i["source_labels_" + lang]).forEach((s) => box.appendChild(el("div", "tip-source", w.source + ": " + s)));
    return box;
  }

  function short(s) { return s.length <= 38 ? s : s.slice(0, 37).trimEnd() + "…"; }

  D.nodes.forEach((n) => { n.title = nodeTip(n); });
  const nodes = new vis.DataSet(D.nodes);
  const edges = new vis.DataSet(D.edges);
  edges.forEach((e) => edges.update({ id: e.id, title: edgeTip(e) }));
  const container = $("network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, D.options);

  const state = { types: new Set(D.types.map((x) => x.id)), levels: new Set(D.levels.map((x) => x.id).concat([""])),
    themes: new Set(D.themes.map((x) => x.id).concat([""])) };

  function visible(n) {
    if (n.id === D.centre) return true;
    const i = n.info, th = list(i.themes);
    return state.types.has(i.type) && state.levels.has(i.level || "") &&
      (th.length ? th.some((x) => state.themes.has(x)) : state.themes.has(""));
  }

  function applyFilters() {
    const updates = [];
    let shown = 0;
    nodes.forEach((n) => { const v = visible(n); if (v) shown++; if (!!n.hidden === v) updates.push({ id: n.id, hidden: !v }); });
    if (updates.length) nodes.update(updates);
    const w = WORDS[lang];
    $("status").textContent = shown + " " + w.of + " " + nodes.length + " " + w.nodes + " " + w.shown;
    $("status").dataset.shown = String(shown);
  }

  function checkbox(group, item, swatch) {
    const li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = item.id;
    box.dataset.group = group; box.id = "f-" + group + "-" + (item.id || "none");
    box.addEventListener("change", () => {
      if (box.checked) state[group].add(item.id); else state[group].delete(item.id);
      applyFilters();
    });
    label.appendChild(box);
    if (swatch) { const s = el("span", "swatch " + item.shape); s.style.background = item.color; label.appendChild(s); }
    label.appendChild(el("span", "name"));
    li.appendChild(label);
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
      applyFilters();
    });
  }

  function nameOf(group, id) {
    const w = WORDS[lang];
    if (!id) return group === "levels" ? w.noLevel : w.noTheme;
    const item = D[group].find((x) => x.id === id);
    return item ? item[lang] : id;
  }

  function applyLanguage() {
    const w = WORDS[lang];
    document.documentElement.lang = lang;
    $("lang").value = lang;
    $("lang-label").firstChild.textContent = w.lang + " ";
    $("search-go").textContent = w.search;
    $("search").placeholder = w.search + " …";
    $("reset").textContent = w.reset;
    $("legend").querySelector("h2").textContent = w.legend;
    $("levels").querySelector("h2").textContent = w.levels;
    $("themes").querySelector("h2").textContent = w.themes;
    const capped = D.capped ? (lang === "de"
      ? "Gezeigt: " + D.capped.shown + " von " + D.capped.total + " Knoten (die nächsten zum Zentrum); die Ego-Ansicht zeigt den Rest. "
      : "Showing " + D.capped.shown + " of " + D.capped.total + " nodes (nearest to the centre); use the ego view for the rest. ") : "";
    $("note").textContent = capped + (D.view === "geo" ? w.geoNote + " " + w.note : w.note);
    const centre = nodes.get(D.centre);
    $("title").textContent = w.views[D.view] + (D.view === "ego" && centre ? " " + centre.info["label_" + lang] : "");
    document.querySelectorAll("#legend-types li").forEach((li) => {
      li.querySelector(".name").textContent = D.types.find((x) => x.id === li.dataset.id)[lang];
    });
    document.querySelectorAll("#filter-levels li").forEach((li) => { li.querySelector(".name").textContent = nameOf("levels", li.dataset.id); });
    document.querySelectorAll("#filter-themes li").forEach((li) => { li.querySelector(".name").textContent = nameOf("themes", li.dataset.id); });
    nodes.update(nodes.map((n) => ({ id: n.id, label: short(n.info["label_" + lang]), title: nodeTip(n) })));
    edges.update(edges.map((e) => ({ id: e.id, label: e.info["label_" + lang], title: edgeTip(e) })));
    const names = $("search-names");
    names.replaceChildren();
    nodes.forEach((n) => { const o = el("option"); o.value = n.info["label_" + lang]; names.appendChild(o); });
    applyFilters();
  }

  function showDetails(id) {
    const n = nodes.get(id);
    if (!n) return;
    const body = $("details-body"), w = WORDS[lang];
    body.replaceChildren(nodeTip(n, true));
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

  // Centre and hub labels keep a readable size on screen while zoomed out (see _label_target
  // in explorer.py) and their normal size once zoomed in; the rest are 12 px in the drawing.
  const hubs = nodes.get({ filter: (n) => n.labelTarget > 0 }).map((n) => n.id);
  function sizeLabels() {
    const zoom = network.getScale();
    nodes.update(hubs.map((id) => {
      const n = nodes.get(id), centre = id === D.centre;
      const size = Math.min(centre ? 48 : 32, Math.max(centre ? 18 : 12, Math.round(n.labelTarget / zoom)));
      return { id: id, font: { size: size } };
    }));
  }

  function find(text) {
    const q = text.trim().toLowerCase();
    if (!q) return null;
    const all = nodes.get();
    const names = (n) => [n.id, n.info.label_en, n.info.label_de].concat(list(n.info.alt_labels)).map((s) => String(s).toLowerCase());
    return all.find((n) => names(n).includes(q)) || all.find((n) => names(n).some((s) => s.includes(q))) || null;
  }

  function search(text) {
    const n = find(text), w = WORDS[lang];
    if (!n) { $("status").textContent = w.none + " “" + text + "”"; $("status").dataset.found = ""; return; }
    if (n.hidden) nodes.update({ id: n.id, hidden: false });
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.3, animation: false });
    sizeLabels();
    showDetails(n.id);
    $("status").textContent = w.found + ": " + n.info["label_" + lang];
    $("status").dataset.found = n.id;
  }

  buildPanel();
  applyLanguage();
  $("lang").addEventListener("change", (ev) => { lang = ev.target.value; applyLanguage(); });
  $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); search($("search").value); });
  $("details-close").addEventListener("click", () => { $("details").hidden = true; });
  network.on("click", (p) => { if (p.nodes.length) showDetails(p.nodes[0]); });
  window.dkgExplorer = { network: network, nodes: nodes, edges: edges, search: search, state: state, data: D };
  network.once("afterDrawing", () => {
    window.dkgExplorer.readyMs = performance.now() - t0;
    document.documentElement.dataset.ready = "true";
  });
  network.fit({ animation: false });
  sizeLabels();
  network.on("zoom", sizeLabels);
  const wanted = /(?:^#|&)focus=([^&]*)/.exec(location.hash);
  if (wanted) {
    const id = decodeURIComponent(wanted[1]);
    if (nodes.get(id)) search(id); else $("status").textContent = WORDS[lang].none + " “" + id + "”";
  }
})();
