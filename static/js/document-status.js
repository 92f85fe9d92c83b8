/* Progressive enhancement of the documents panel of a decision meeting
   (applications/decisions/documents/_panel.html).

   While a document is queued or being generated (the panel carries data-busy), the panel
   asks the server for its current state every 2 seconds and swaps its body; the buttons
   ("generate", "generate new version", "retry") are posted in the background and the panel
   the server answers with replaces the old one. A screen reader hears the panel's summary
   when it changes; focus stays on the button that was used.

   Without this script the same buttons post the form and come back to the page, and a
   reload link is shown while something is under way. */
(function () {
  "use strict";

  if (window.lansmedelDocumentStatus) { return; }  // the panel may be included twice
  window.lansmedelDocumentStatus = true;

  var INTERVAL = 2000;
  var HEADERS = { "X-Requested-With": "XMLHttpRequest" };

  function currentPage() {
    return window.location.pathname + window.location.search;
  }

  function swap(panel, html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.querySelector("[data-document-panel]");
    var body = panel.querySelector("[data-document-panel-body]");
    var freshBody = fresh && fresh.querySelector("[data-document-panel-body]");
    if (!freshBody || !body) { return false; }

    var focusedId = panel.contains(document.activeElement) ? (document.activeElement.id || "-") : "";
    body.replaceWith(freshBody);
    if (fresh.hasAttribute("data-busy")) {
      panel.setAttribute("data-busy", "");
    } else {
      panel.removeAttribute("data-busy");
    }
    var summary = fresh.getAttribute("data-summary") || "";
    var live = panel.querySelector("[data-document-panel-live]");
    if (live && panel.getAttribute("data-summary") !== summary) {
      live.textContent = summary;
    }
    panel.setAttribute("data-summary", summary);
    hideReload(panel);
    if (focusedId) {
      // The same button again; if it is gone (a retried version), the panel's heading.
      var again = document.getElementById(focusedId);
      var heading = panel.querySelector("h2");
      if (again && !again.disabled) {
        again.focus();
      } else if (heading) {
        heading.focus();
      }
    }
    return true;
  }

  function hideReload(panel) {
    // With the script the panel refreshes itself; the reload link is for pages without it.
    panel.querySelectorAll(".document-panel-reload").forEach(function (el) { el.hidden = true; });
  }

  function refresh(panel) {
    var url = panel.getAttribute("data-status-url") + "?next=" + encodeURIComponent(currentPage());
    fetch(url, { headers: HEADERS, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        if (swap(panel, html)) { schedule(panel); }
      })
      .catch(function () {
        // Logged out or offline: stop polling and let the reload link do the work.
        panel.querySelectorAll(".document-panel-reload").forEach(function (el) { el.hidden = false; });
      });
  }

  function schedule(panel) {
    if (!panel.hasAttribute("data-busy") || panel.lansmedelTimer) { return; }
    panel.lansmedelTimer = window.setTimeout(function () {
      panel.lansmedelTimer = null;
      refresh(panel);
    }, INTERVAL);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-document-form]") : null;
    var panel = form && form.closest("[data-document-panel]");
    if (!panel || !window.fetch || !window.FormData) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    var data = new FormData(form);
    data.set("next", currentPage());
    fetch(form.action, { method: "POST", body: data, headers: HEADERS, credentials: "same-origin" })
      .then(function (response) {
        // 400 carries the panel with the refusal in it; anything else unexpected falls back.
        if (!response.ok && response.status !== 400) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        if (!swap(panel, html)) { throw new Error("no panel"); }
        schedule(panel);
      })
      .catch(function () {
        form.submit();  // the plain post: the server redirects back with a message
      });
  });

  function start() {
    document.querySelectorAll("[data-document-panel]").forEach(function (panel) {
      hideReload(panel);
      schedule(panel);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
