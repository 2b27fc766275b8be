// The editor page: YASGUI when loaded, a plain form otherwise; library questions as examples.
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("library").textContent);
  var endpoint = new URL("/sparql", window.location.href).href;
  var yasgui = null;
  if (window.Yasgui && document.getElementById("yasgui")) {
    localStorage.clear();
    yasgui = new window.Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: false,
      persistenceId: null,
      populateFromUrl: false,
    });
    window.darmstadtYasgui = yasgui;
    if (window.DarmstadtResultViews) window.DarmstadtResultViews.attach(yasgui); // fitting view
    yasgui.getTab().setQuery(examples.length ? examples[0].text : "SELECT * WHERE { ?s ?p ?o } LIMIT 10");
  } else {
    var area = document.getElementById("query");
    area.value = examples.length ? examples[0].text : "";
    document.getElementById("plain").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = new URLSearchParams({ query: area.value });
      fetch(endpoint, { method: "POST", body: body, headers: { Accept: "application/sparql-results+json" } })
        .then(function (r) { return r.text(); })
        .then(function (t) { document.getElementById("out").textContent = t; });
    });
  }
  document.querySelectorAll("[data-example]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      var text = examples[Number(a.dataset.example)].text;
      if (yasgui) { yasgui.getTab().setQuery(text); } else { document.getElementById("query").value = text; }
    });
  });
})();
