// The search box in every page's header. Its index is search-index.js, a
// plain script loaded the first time the box is used: pages opened from disk
// (file://) may load scripts but not fetch files, and pages that are only
// read should not pay for the index. Without this script the box stays hidden.
(function () {
  "use strict";
  var form = document.querySelector("[data-search]");
  if (!form) return;
  var box = form.querySelector("input");
  var list = form.querySelector("[role=listbox]");
  var root = form.getAttribute("data-root") || "";
  // Where each kind of entry lives, from the site's top (search.rs writes the kind numbers).
  var KINDS = [
    ["post", function (s) { return "posts/" + s + "/index.html"; }],
    ["persona", function (s) { return "personas/" + s + "/index.html"; }],
    ["pain point", function (s) { return "pain-points/" + s + "/index.html"; }],
    ["feedback", function (s) { return "feedback/index.html#feedback-" + s; }],
    ["campaign", function (s) { return "campaigns/" + s + "/index.html"; }]
  ];
  var LIMIT = 12;
  var entries = null;
  var loading = false;
  var results = [];
  var active = -1;

  // Lowercase without accents, so "creme" finds "Crème".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function load() {
    if (entries || loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = root + "search-index.js";
    script.onload = function () {
      entries = (window.OUTCARE_SEARCH || []).map(function (e) {
        return { kind: e[0], slug: e[1], title: e[2], titleKey: fold(e[2]), key: fold(e[2] + " " + e[3]) };
      });
      search();
    };
    script.onerror = function () { loading = false; };
    document.head.appendChild(script);
  }

  function search() {
    var terms = fold(box.value).split(/\s+/).filter(Boolean);
    results = [];
    if (entries && terms.length) {
      for (var i = 0; i < entries.length; i++) {
        var e = entries[i];
        var score = 0;
        for (var t = 0; t < terms.length; t++) {
          var at = e.key.indexOf(terms[t]);
          if (at < 0) { score = -1; break; }
          var inTitle = e.titleKey.indexOf(terms[t]);
          score += inTitle === 0 ? 3 : inTitle > 0 ? 2 : 1;
        }
        if (score > 0) results.push({ entry: e, score: score, order: i });
      }
      results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    }
    show(terms.length > 0);
  }

  function show(asked) {
    list.textContent = "";
    active = -1;
    results.slice(0, LIMIT).forEach(function (r, i) {
      var kind = KINDS[r.entry.kind] || KINDS[0];
      var item = document.createElement("li");
      item.id = "search-result-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var link = document.createElement("a");
      link.href = root + kind[1](r.entry.slug);
      link.textContent = r.entry.title;
      link.tabIndex = -1;
      var what = document.createElement("span");
      what.className = "search-kind";
      what.textContent = kind[0];
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(what);
      list.appendChild(item);
    });
    if (asked && entries && results.length === 0) {
      var none = document.createElement("li");
      none.className = "search-none";
      none.textContent = "Nothing found";
      list.appendChild(none);
    }
    var open = asked && list.children.length > 0;
    list.hidden = !open;
    box.setAttribute("aria-expanded", open ? "true" : "false");
    box.removeAttribute("aria-activedescendant");
  }

  function move(by) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    if (active >= 0) options[active].setAttribute("aria-selected", "false");
    active = (active + by + options.length) % options.length;
    options[active].setAttribute("aria-selected", "true");
    box.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function open() {
    var options = list.querySelectorAll("[role=option] a");
    var link = options[active >= 0 ? active : 0];
    if (link) window.location.href = link.href;
  }

  box.addEventListener("focus", load);
  box.addEventListener("input", function () { load(); search(); });
  box.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { move(1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { move(-1); event.preventDefault(); }
    else if (event.key === "Enter") { open(); event.preventDefault(); }
    else if (event.key === "Escape") { box.value = ""; search(); }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); open(); });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      box.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) { list.hidden = true; box.setAttribute("aria-expanded", "false"); }
  });
  form.hidden = false;
})();

// On a phone the header's navigation is one row that scrolls sideways: keep
// the link of the page at hand in view, so the reader sees where they are.
(function () {
  "use strict";
  var nav = document.querySelector(".site-header nav");
  var current = nav && nav.querySelector("[aria-current=page]");
  if (!current) return;
  var over = current.getBoundingClientRect().right - nav.getBoundingClientRect().right;
  if (over > 0) nav.scrollLeft += over + 16;
})();
