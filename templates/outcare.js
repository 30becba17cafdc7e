// Filters on calendar and list pages. The filter state lives in the URL
// (?channel=…&persona=…&status=…&flagged=1) so a filtered view can be shared;
// without this script every post is shown and the form stays hidden.
(function () {
  "use strict";
  var form = document.querySelector("[data-filters]");
  if (!form) return;
  var names = ["channel", "persona", "status", "flagged"];
  var posts = document.querySelectorAll("[data-post]");
  var count = form.querySelector("[data-filter-count]");

  function state() {
    var s = {};
    names.forEach(function (name) {
      var field = form.elements[name];
      s[name] = field.type === "checkbox" ? (field.checked ? "1" : "") : field.value;
    });
    return s;
  }

  function matches(post, s) {
    if (s.channel && post.dataset.channel !== s.channel) return false;
    if (s.persona && (" " + post.dataset.personas + " ").indexOf(" " + s.persona + " ") < 0) return false;
    if (s.status && post.dataset.status !== s.status) return false;
    if (s.flagged && post.dataset.flagged !== "yes") return false;
    return true;
  }

  function query(s) {
    var params = new URLSearchParams();
    names.forEach(function (name) {
      if (s[name]) params.set(name, s[name]);
    });
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function apply() {
    var s = state();
    var shown = 0;
    posts.forEach(function (post) {
      var ok = matches(post, s);
      post.hidden = !ok;
      if (ok) shown += 1;
    });
    document.querySelectorAll("section.week").forEach(function (section) {
      section.hidden = !section.querySelector("[data-post]:not([hidden])");
    });
    // On a phone the month is a list of days with posts: drop days the filter emptied.
    document.querySelectorAll("td.day").forEach(function (day) {
      day.classList.toggle("filtered-out", !!day.querySelector("[data-post]") && !day.querySelector("[data-post]:not([hidden])"));
    });
    var q = query(s);
    if (count) count.textContent = q ? shown + " of " + posts.length + " posts shown" : "";
    try {
      window.history.replaceState(null, "", window.location.pathname + q + window.location.hash);
    } catch (e) {
      // Some browsers refuse history changes on file:// pages; the filter still works.
    }
    document.querySelectorAll("a[data-keep-filters]").forEach(function (link) {
      var base = link.getAttribute("href").split("?")[0];
      link.setAttribute("href", base + q);
    });
  }

  var params = new URLSearchParams(window.location.search);
  names.forEach(function (name) {
    var field = form.elements[name];
    var value = params.get(name) || "";
    if (field.type === "checkbox") {
      field.checked = value === "1";
    } else if (Array.prototype.some.call(field.options, function (o) { return o.value === value; })) {
      field.value = value;
    }
  });
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
