// Injected by `outcare serve` only. Waits for the plan to change (a long
// poll), then reloads the page, or shows the plan's errors over it.
(function () {
  "use strict";
  var live = window.outcareLive;
  var version = live.version;
  function show(errors) {
    var old = document.getElementById("outcare-errors");
    if (old) old.remove();
    if (errors) document.body.insertAdjacentHTML("beforeend", errors);
  }
  function poll() {
    fetch(live.path + "?since=" + version, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.version !== version) {
          version = status.version;
          if (status.errors) {
            show(status.errors);
          } else {
            window.location.reload();
            return;
          }
        }
        poll();
      })
      .catch(function () {
        // The server restarted or stopped: try again shortly.
        setTimeout(poll, 1000);
      });
  }
  poll();
})();
