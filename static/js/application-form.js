/* Progressive enhancement of the application form: autosave while typing, a live budget
   total, and "all municipalities and the region" in one click. Without this script the
   form works the same through its buttons; the server computes the total on every save. */
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var totalCell = document.getElementById("budget-total");
  var revision = document.getElementById("id_revision");
  var conflictNotice = document.getElementById("autosave-conflict");
  var url = form.getAttribute("data-autosave-url");
  var timer = null;
  var inFlight = false;
  var pending = false;
  var submitAfterSave = null;
  /* Paused when the draft was saved elsewhere (another tab or window): saving on would
     overwrite the other version; the applicant compares and saves on purpose instead. */
  var paused = form.hasAttribute("data-autosave-paused");
  var messages = {
    sv: { saving: "Sparar …", saved: "Utkastet sparades ", failed: "Kunde inte spara automatiskt. Spara med knappen.",
          paused: "Automatisk sparning är pausad. Det du skriver finns kvar i fälten; spara med knappen." },
    en: { saving: "Saving …", saved: "Draft saved ", failed: "Could not save automatically. Use the save button.",
          paused: "Automatic saving is paused. What you type stays in the fields; save with the button." }
  };
  var lang = (document.documentElement.lang || "sv").slice(0, 2);
  var text = messages[lang] || messages.sv;

  function parseKronor(value) {
    var digits = (value || "").replace(/[^0-9]/g, "");
    return digits ? parseInt(digits, 10) : 0;
  }

  function formatKronor(amount) {
    return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, " ") + " kr";
  }

  function updateTotal() {
    if (!totalCell) { return; }
    var total = 0;
    form.querySelectorAll("input[name^='budget-'][name$='-amount']").forEach(function (input) {
      var row = input.closest("tr");
      var removed = row && row.querySelector("input[name$='-DELETE']:checked");
      if (!removed) { total += parseKronor(input.value); }
    });
    totalCell.textContent = formatKronor(total);
  }

  function pause() {
    paused = true;
    pending = false;
    window.clearTimeout(timer);
    status.textContent = text.paused;
    if (conflictNotice) { conflictNotice.hidden = false; }
  }

  function save() {
    if (paused) { return; }
    if (inFlight) { pending = true; return; }
    inFlight = true;
    status.textContent = text.saving;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin",
                 headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (result.ok) {
          if (revision && result.body.revision !== undefined) { revision.value = result.body.revision; }
          status.textContent = text.saved + result.body.saved_at;
        } else if (result.body.conflict) {
          pause();
        } else {
          status.textContent = result.body.error || text.failed;
        }
      })
      .catch(function () { status.textContent = text.failed; })
      .finally(function () {
        inFlight = false;
        if (submitAfterSave) {
          /* The button was pressed while a save was under way: send the form now, with the
             revision that save returned, so it does not collide with its own autosave. */
          var button = submitAfterSave;
          submitAfterSave = null;
          form.requestSubmit(button);
        } else if (pending) { pending = false; save(); }
      });
  }

  function scheduleSave() {
    if (paused) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1200);
  }

  form.addEventListener("input", function () { updateTotal(); scheduleSave(); });
  form.addEventListener("change", function () { updateTotal(); scheduleSave(); });
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    pending = false;
    if (inFlight) {
      event.preventDefault();
      submitAfterSave = event.submitter || form.querySelector("button[name='save']");
    }
  });
  if (paused) { status.textContent = text.paused; }

  var all = document.getElementById("id_all_parties");
  if (all) {
    all.addEventListener("change", function () {
      form.querySelectorAll("input[name='cooperating_organisations']").forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }
  form.querySelectorAll("input[name='cooperating_organisations']").forEach(function (box) {
    box.addEventListener("change", function () { if (all && !box.checked) { all.checked = false; } });
  });
  updateTotal();
})();
