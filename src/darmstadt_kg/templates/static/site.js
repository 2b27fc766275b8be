/* darmstadt-kg pages: the language a reader chose (kept in localStorage and in the links of
   the pages in that language), and the front door's offline search over every resource. */
(function () {
  "use strict";
  var KEY = "darmstadt-kg-lang";
  var here = document.documentElement.lang;
  // a language link remembers the choice
  document.querySelectorAll("a[data-lang-switch]").forEach(function (a) {
    a.addEventListener("click", function () {
      try { localStorage.setItem(KEY, a.getAttribute("hreflang")); } catch (e) { /* private mode */ }
    });
  });
  // opened in the other language (a bookmark, a link from outside): go to the chosen one
  try {
    var chosen = localStorage.getItem(KEY);
    var other = document.querySelector('a[data-lang-switch][hreflang="' + chosen + '"]');
    if (chosen && chosen !== here && other) { location.replace(other.href); return; }
  } catch (e) { /* no storage: stay */ }

  var form = document.querySelector("form[data-search]");
  var data = document.getElementById("search-index");
  if (!form || !data) return;
  var items = JSON.parse(data.textContent);
  var input = form.querySelector("input");
  var list = document.getElementById("search-results");
  var count = document.getElementById("search-count");
  var de = here === "de";
  var base = form.getAttribute("data-base") || "";
  var suffix = form.getAttribute("data-suffix") || "";
  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss");
  }
  items.forEach(function (it) { it.key = fold(it.en + " " + it.de + " " + it.s); });
  function show() {
    var q = fold(input.value.trim());
    list.textContent = "";
    if (!q) { count.textContent = ""; return; }
    var words = q.split(/\s+/);
    var found = items.filter(function (it) {
      return words.every(function (w) { return it.key.indexOf(w) >= 0; });
    });
    count.textContent = de ? found.length + " Treffer" : found.length + (found.length === 1 ? " match" : " matches");
    found.slice(0, 25).forEach(function (it) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = base + it.s + suffix;
      a.textContent = de ? it.de : it.en;
      li.appendChild(a);
      var other = de ? it.en : it.de;
      var note = document.createElement("small");
      note.textContent = (other !== a.textContent ? " " + other + " · " : " ") + (de ? it.tde : it.t);
      li.appendChild(note);
      list.appendChild(li);
    });
  }
  input.addEventListener("input", show);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  show();
})();
