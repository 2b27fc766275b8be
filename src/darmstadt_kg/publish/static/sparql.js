// SPARQL in the static site: Oxigraph (WebAssembly) loads the site's N-Quads dump and answers
// YASGUI's requests to the pseudo-endpoint ./query inside the page. Nothing leaves the site.
//
// The dataset is the endpoint's (serve/store.py, build_shared_store): the named graphs as in the
// dump, and their union as the default graph, so a query without GRAPH or FROM reads every
// graph and a GRAPH query sees each graph by name.
import init, { Store, quad, defaultGraph } from "./vendor/oxigraph/web.js";

const examples = JSON.parse(document.getElementById("library").textContent);
// the page's words in its language (sparql.html holds them): "{name}" stands for a value
const WORDS = JSON.parse(document.getElementById("words").textContent);
const summaryOf = (e) => (document.documentElement.lang === "de" && e.summary_de) || e.summary;
const say = (key, values) => WORDS[key].replace(/\{(\w+)\}/g, (_m, k) => String((values || {})[k]));
const status = document.getElementById("status");
const ENDPOINT = new URL("query", window.location.href).href;
const DUMP = new URL(document.getElementById("yasgui").dataset.dump, window.location.href).href;
const JSON_RESULTS = "application/sparql-results+json";
const realFetch = window.fetch.bind(window);
let store = null;

const rules = JSON.parse(document.getElementById("query-rules").textContent);
let unionPerQuery = false;  // true: the default graph is empty, each query asks for the union

// The union of the named graphs into the default graph, as the endpoint's copy has it
// (build_shared_store): only when no triple is in two graphs (a default graph holds a triple
// once, the union of the graphs yields it once per graph). Otherwise the default graph stays
// empty and each query that chooses no dataset of its own reads the union, as the endpoint's
// query_union does.
function unionIntoDefaultGraph(target) {
  const named = target.match(null, null, null, null);
  for (const q of named) target.add(quad(q.subject, q.predicate, q.object, defaultGraph()));
  const triples = target.size - named.length;
  if (triples !== named.length) {
    for (const q of target.match(null, null, null, defaultGraph())) target.delete(q);
    unionPerQuery = true;
  }
  return { quads: named.length, triples: triples, graphs: new Set(named.map((q) => q.graph.value)).size };
}

// Whether a query has a FROM or FROM NAMED clause outside its strings, IRIs and comments
// (load.names_its_dataset).
function namesItsDataset(query) {
  const text = query.replace(new RegExp(rules.blank, "g"), (m) => (m.startsWith("<") ? "<" : " "));
  return new RegExp(rules.from, "i").test(text);
}

const ready = (async () => {
  const started = performance.now();
  await init({ module_or_path: new URL("vendor/oxigraph/web_bg.wasm", import.meta.url) });
  const answer = await realFetch(DUMP);
  if (!answer.ok) throw new Error(`${DUMP}: HTTP ${answer.status}`);
  const text = await answer.text();
  store = new Store();
  store.load(text, { format: "application/n-quads" });
  const counts = unionIntoDefaultGraph(store);
  const ms = Math.round(performance.now() - started);
  const twice = counts.quads - counts.triples;
  const values = { triples: counts.triples, graphs: counts.graphs, ms: ms, twice: twice };
  status.textContent = say(twice ? "loadedUnion" : "loaded", values) + (twice ? " " + say("twice", values) : "");
  return { triples: counts.triples, quads: counts.quads, graphs: counts.graphs, ms: ms };
})();
ready.catch((err) => { status.textContent = say("failed", { error: err }); });

// Run one query; the answer as the SPARQL 1.1 Protocol would give it.
function run(query, accept) {
  const union = unionPerQuery && !namesItsDataset(query) ? { use_default_graph_as_union: true } : {};
  try {
    return { status: 200, type: JSON_RESULTS, body: store.query(query, { ...union, results_format: JSON_RESULTS }) };
  } catch (err) {
    if (!String(err).includes("Not supported RDF format")) {
      return { status: 400, type: "text/plain", body: String(err) };
    }
  }
  const type = (accept || "").startsWith("text/turtle") ? "text/turtle" : "application/n-triples";
  try {
    return { status: 200, type: type, body: store.query(query, { ...union, results_format: type }) };
  } catch (err) {
    return { status: 400, type: "text/plain", body: String(err) };
  }
}

// The engine's known divergences from the endpoint (publish/divergences.py): a query that uses
// an affected construct (its strings, IRIs and comments blanked first) is flagged above the editor.
const known = JSON.parse((document.getElementById("divergences") || { textContent: "null" }).textContent);
const warning = document.getElementById("divergence-warning");

function affectedBy(query) {
  if (!known) return [];
  const text = query.replace(new RegExp(rules.blank, "g"), " ");
  return known.filter((d) => new RegExp(d.pattern, "i").test(text));
}

function warn(query) {
  const found = affectedBy(query);
  warning.hidden = found.length === 0;
  warning.textContent = found.length
    ? say("differs") + " " + found.map((d) => d.note).join(" ")
    : "";
}
window.darmstadtAffectedBy = (query) => affectedBy(query).map((d) => d.name);

async function answerLocally(request) {
  await ready;
  const params = request.method === "POST"
    ? new URLSearchParams(await request.text())
    : new URL(request.url).searchParams;
  const query = params.get("query");
  if (!query) return new Response("no query given", { status: 400 });
  warn(query);
  const result = run(query, request.headers.get("Accept"));
  return new Response(result.body, { status: result.status, headers: { "Content-Type": result.type } });
}

window.fetch = function (input, options) {
  const request = new Request(input, options);
  if (request.url.split("?")[0] === ENDPOINT) return answerLocally(request);
  return realFetch(input, options);
};
window.darmstadtReady = ready;

// The editor, as the served editor (serve/static/editor.js) behaves: each library question
// opens in a tab of its own (the query being edited is never replaced), its "#+" header shown as
// the question above the editor, and the parts YASGUI leaves unnamed get accessible names.
function body(text) {  // the query without its "#+ key: value" header lines
  return text.split("\n").filter((l) => !/^#\+/.test(l)).join("\n").replace(/^\s+/, "");
}

function label(root) {
  root.querySelectorAll("textarea:not([aria-label])").forEach((t) => t.setAttribute("aria-label", say("query")));
  root.querySelectorAll("input.autocomplete:not([aria-label])").forEach((t) => t.setAttribute("aria-label", say("endpoint")));
  root.querySelectorAll('.CodeMirror-scroll:not([tabindex="0"])').forEach((t) => t.setAttribute("tabindex", "0"));
  root.querySelectorAll("input[type=text]:not([aria-label])").forEach((t) => t.setAttribute("aria-label", say("tabName")));
  const add = root.querySelector(".tabsList .addTab");
  if (add && !add.parentNode.hidden) add.parentNode.hidden = true;  // a tablist holds only tabs; see "New query tab"
}

if (window.Yasr && window.Yasr.defaults && window.Yasr.defaults.plugins.table) {
  window.Yasr.defaults.plugins.table.dynamicConfig = { compact: true, isEllipsed: false };
}
const root = document.getElementById("yasgui");
const yasgui = new window.Yasgui(root, {
  requestConfig: { endpoint: ENDPOINT, method: "POST" },
  copyEndpointOnNewTab: false,
  persistenceId: null,
  populateFromUrl: false,
  tabName: say("tab"),
});
window.darmstadtYasgui = yasgui;
if (window.DarmstadtResultViews) window.DarmstadtResultViews.attach(yasgui); // chart and map views

function foldPrefixes(tab) {
  const yasqe = tab.getYasqe && tab.getYasqe();
  if (yasqe && yasqe.collapsePrefixes) yasqe.collapsePrefixes(true);
}

const questions = {};  // tab id → the library question it was opened with
const question = document.getElementById("question");

function shown(id) {  // the question (and a warning) belong to their tab
  question.textContent = questions[id] || "";
  warning.hidden = true;
}

function open(i) {
  const e = examples[i];
  const tab = yasgui.addTab(true, { name: e.name, yasqe: { value: body(e.text) } });
  questions[tab.getId()] = summaryOf(e);
  shown(tab.getId());
  foldPrefixes(tab);
}

yasgui.on("tabSelect", (_y, id) => shown(id));

const first = yasgui.getTab();
first.setQuery(examples.length ? body(examples[0].text) : "SELECT * WHERE { ?s ?p ?o } LIMIT 10");
if (examples.length) {
  first.setName(examples[0].name);
  questions[first.getId()] = summaryOf(examples[0]);
  question.textContent = summaryOf(examples[0]);
}
foldPrefixes(first);
document.getElementById("new-query").addEventListener("click", () => {
  shown(yasgui.addTab(true, { name: say("tab"), yasqe: { value: "SELECT * WHERE {\n  ?s ?p ?o\n} LIMIT 10" } }).getId());
});
document.querySelectorAll("[data-example]").forEach((b) => {
  b.addEventListener("click", (ev) => { ev.preventDefault(); open(Number(b.dataset.example)); });
});
label(root);
new MutationObserver(() => label(root)).observe(root, { childList: true, subtree: true });
