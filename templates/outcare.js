// The month's Print button: rendered hidden, so that without this script
// there is no button that does nothing, and attached here, not in an
// onclick attribute, since the site runs no inline script.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
    button.hidden = false;
  });
})();

// Filters on the calendar, list, week and ideas pages. The filter state lives
// in the address (?channel=blog&channel=youtube&owner=social-team&tag=events&flagged=1),
// one parameter a choice, so a filtered view is a link to share or bookmark;
// without this script every post is shown and the form stays hidden.
(function () {
  "use strict";
  var form = document.querySelector("[data-filters]");
  if (!form) return;
  // Each parameter, and the data attribute of a post it is matched against.
  var names = ["channel", "persona", "status", "owner", "campaign", "tag", "flagged"];
  var posts = document.querySelectorAll("[data-post]");
  var count = form.querySelector("[data-filter-count]");

  function boxes(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name='" + name + "']"));
  }

  function state() {
    var s = {};
    names.forEach(function (name) {
      s[name] = boxes(name).filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    });
    return s;
  }

  // A post is shown when, for every parameter with values, it has one of them.
  function matches(post, s) {
    if (s.channel.length && s.channel.indexOf(post.dataset.channel) < 0) return false;
    if (s.persona.length) {
      var own = (post.dataset.personas || "").split(" ");
      if (!s.persona.some(function (p) { return own.indexOf(p) >= 0; })) return false;
    }
    if (s.status.length && s.status.indexOf(post.dataset.status) < 0) return false;
    if (s.owner.length && s.owner.indexOf(post.dataset.owner) < 0) return false;
    if (s.campaign.length && s.campaign.indexOf(post.dataset.campaign) < 0) return false;
    if (s.tag.length) {
      var tags = (post.dataset.tags || "").split(" ");
      if (!s.tag.some(function (t) { return tags.indexOf(t) >= 0; })) return false;
    }
    if (s.flagged.length && post.dataset.flagged !== "yes") return false;
    return true;
  }

  function query(s) {
    var params = new URLSearchParams();
    names.forEach(function (name) {
      s[name].forEach(function (value) { params.append(name, value); });
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
    document.querySelectorAll("td.day, li.week-day").forEach(function (day) {
      day.classList.toggle("filtered-out", !!day.querySelector("[data-post]") && !day.querySelector("[data-post]:not([hidden])"));
    });
    form.querySelectorAll("details.choice").forEach(function (choice) {
      var n = choice.querySelectorAll("input:checked").length;
      choice.querySelector("[data-choice-count]").textContent = n ? "(" + n + ")" : "";
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
    var wanted = params.getAll(name);
    boxes(name).forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
  });
  form.hidden = false;
  form.addEventListener("change", apply);
  // "Show all" clears the boxes; the change is seen once the reset has happened.
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
