/* The progress of a message to applicants (reporting/bulk/_progress.html): while e-mails are
   on their way (data-busy), the part is fetched again every 3 seconds and swapped. Without
   this script, a link reloads the page. */
(function () {
  "use strict";

  var INTERVAL = 3000;

  function refresh() {
    var part = document.querySelector("[data-bulk-progress]");
    if (!part || !part.hasAttribute("data-busy")) { return; }
    fetch(window.location.pathname + window.location.search, {
      headers: { "X-Requested-With": "XMLHttpRequest" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("[data-bulk-progress]");
        if (fresh) {
          part.replaceWith(fresh);
          var link = fresh.querySelector("[data-bulk-reload]");
          if (link) { link.hidden = true; }
        }
      }
      window.setTimeout(refresh, INTERVAL);
    }).catch(function () {
      window.setTimeout(refresh, INTERVAL * 3);
    });
  }

  var reload = document.querySelector("[data-bulk-reload]");
  if (reload) { reload.hidden = true; }
  window.setTimeout(refresh, INTERVAL);
})();
