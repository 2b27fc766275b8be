// The editor page: YASGUI when loaded, a plain form otherwise. Each library question opens in a
// tab of its own (the query being edited is never replaced); its "#+" header is shown as the
// question above the editor rather than as lines of the query, and the PREFIX block is folded.
// Results open in the table view with plain values (no datatype suffix, nothing cut off).
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("library").textContent);
  var endpoint = new URL("/sparql", window.location.href).href;
  var yasgui = null;
  var de = document.documentElement.lang === "de";  // the page's language (/query?lang=de)
  var words = de
    ? { query: "SPARQL-Abfrage", endpoint: "Endpunkt-URL", tab: "Tab-Name", name: "Abfrage" }
    : { query: "SPARQL query", endpoint: "Endpoint URL", tab: "Tab name", name: "Query" };

  function said(e) { return de ? e.summary_de || e.summary : e.summary; }

  function body(text) {  // the query without its "#+ key: value" header lines
    return text.split("\n").filter(function (l) { return !/^#\+/.test(l); }).join("\n").replace(/^\s+/, "");
  }

  function label(root) {  // accessible names for the parts YASGUI leaves unnamed
    root.querySelectorAll("textarea:not([aria-label])").forEach(function (t) { t.setAttribute("aria-label", words.query); });
    root.querySelectorAll("input.autocomplete:not([aria-label])").forEach(function (t) { t.setAttribute("aria-label", words.endpoint); });
    root.querySelectorAll(".CodeMirror-scroll:not([tabindex=\"0\"])").forEach(function (t) { t.setAttribute("tabindex", "0"); });
    root.querySelectorAll("input[type=text]:not([aria-label])").forEach(function (t) { t.setAttribute("aria-label", words.tab); });
    var add = root.querySelector(".tabsList .addTab");
    if (add && !add.parentNode.hidden) add.parentNode.hidden = true;  // a tablist holds only tabs; see "New query"
  }

  function open(i) {
    var e = examples[i];
    if (yasgui) {
      var tab = yasgui.addTab(true, { name: e.name, yasqe: { value: body(e.text) } });
      var yasqe = tab.getYasqe && tab.getYasqe();
      if (yasqe && yasqe.collapsePrefixes) yasqe.collapsePrefixes(true);
    } else {
      document.getElementById("query").value = body(e.text);
    }
    var note = document.getElementById("question");
    if (note) note.textContent = said(e);
  }

  if (window.Yasgui && document.getElementById("yasgui")) {
    localStorage.clear();
    if (window.Yasr && window.Yasr.defaults && window.Yasr.defaults.plugins.table) {
      window.Yasr.defaults.plugins.table.dynamicConfig = { compact: true, isEllipsed: false };
    }
    var root = document.getElementById("yasgui");
    yasgui = new window.Yasgui(root, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: false,
      persistenceId: null,
      populateFromUrl: false,
      tabName: words.name,
    });
    window.darmstadtYasgui = yasgui;
    if (window.DarmstadtResultViews) window.DarmstadtResultViews.attach(yasgui); // fitting view
    var first = yasgui.getTab();
    first.setQuery(examples.length ? body(examples[0].text) : "SELECT * WHERE { ?s ?p ?o } LIMIT 10");
    if (examples.length) { first.setName(examples[0].name); document.getElementById("question").textContent = said(examples[0]); }
    var yq = first.getYasqe && first.getYasqe();
    if (yq && yq.collapsePrefixes) yq.collapsePrefixes(true);
    document.getElementById("new-query").hidden = false;
    document.getElementById("new-query").addEventListener("click", function () {
      yasgui.addTab(true, { name: words.name, yasqe: { value: "SELECT * WHERE {\n  ?s ?p ?o\n} LIMIT 10" } });
    });
    label(root);
    new MutationObserver(function () { label(root); }).observe(root, { childList: true, subtree: true });
  } else {
    var area = document.getElementById("query");
    area.value = examples.length ? body(examples[0].text) : "";
    document.getElementById("plain").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var data = new URLSearchParams({ query: area.value });
      fetch(endpoint, { method: "POST", body: data, headers: { Accept: "application/sparql-results+json" } })
        .then(function (r) { return r.text(); })
        .then(function (t) { document.getElementById("out").textContent = t; });
    });
  }
  document.querySelectorAll("[data-example]").forEach(function (b) {
    b.addEventListener("click", function (ev) { ev.preventDefault(); open(Number(b.dataset.example)); });
  });
})();
