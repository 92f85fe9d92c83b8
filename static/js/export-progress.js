/* The export page follows its job: it asks the server for the state every second and
   updates the progress bar, then shows the download link (or the error). Without this
   script the page says the same on each reload ("Check again"). */
(function () {
  "use strict";

  var root = document.getElementById("export-job");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-status-url");
  var bar = document.getElementById("export-progress");
  var state = document.getElementById("export-state");
  var download = document.getElementById("export-download");
  var failed = document.getElementById("export-failed");
  var reload = document.getElementById("export-reload");
  var stalled = document.getElementById("export-stalled");
  var stalledText = document.getElementById("export-stalled-text");
  var label = state.textContent.split(":")[0];

  function show(data) {
    bar.value = data.progress;
    bar.textContent = data.progress + " %";
    state.textContent = label + ": " + data.state_label;
    if (data.download_url) {
      download.querySelector("a").setAttribute("href", data.download_url);
      download.hidden = false;
    }
    failed.hidden = data.state !== "failed";
    stalledText.hidden = !data.stalled;
    stalled.hidden = !data.stalled && data.state !== "failed";
    reload.hidden = data.finished;
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        show(data);
        if (!data.finished) { window.setTimeout(poll, data.stalled ? 5000 : 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  if (reload && !reload.hidden) { window.setTimeout(poll, 500); }
})();
