/* Progressive enhancement of the assessment form: the derived priority category, the total
   and the weighted mean of the quality scores are updated as the criteria are filled in.
   The rules are those of applications/scoring.py; without this script the server shows the
   same values after every save. Each criterion's fieldset carries data-rank, data-weight and
   data-title. */
(function () {
  "use strict";
  var form = document.getElementById("assessment-form");
  if (!form) { return; }
  var categoryOut = document.getElementById("summary-category");
  var totalOut = document.getElementById("summary-total");
  var weightedOut = document.getElementById("summary-weighted");
  if (!categoryOut || !totalOut || !weightedOut) { return; }

  function weightedDisplay(sum, weights) {
    // Whole numbers stay whole; otherwise one decimal with a comma (3,5), as on the server.
    if (!weights) { return "–"; }
    if (sum % weights === 0) { return String(sum / weights); }
    return (sum / weights).toFixed(1).replace(".", ",");
  }

  function update() {
    var best = null;
    var bestTitle = "";
    var total = 0;
    var weightedSum = 0;
    var weights = 0;
    var scored = 0;
    form.querySelectorAll("fieldset.criterion").forEach(function (fieldset) {
      var rank = parseInt(fieldset.getAttribute("data-rank"), 10);
      var weight = parseInt(fieldset.getAttribute("data-weight"), 10) || 0;
      var met = fieldset.querySelector("input[name$='-met']:checked");
      if (met && met.value === "yes" && (best === null || rank < best)) {
        best = rank;
        bestTitle = fieldset.getAttribute("data-title") || "";
      }
      var select = fieldset.querySelector("select[name$='-score']");
      var value = select ? parseInt(select.value, 10) : NaN;
      if (value >= 1 && value <= 5) {
        scored += 1;
        total += value;
        weightedSum += value * weight;
        weights += weight;
      }
    });
    categoryOut.textContent = best === null
      ? categoryOut.getAttribute("data-none")
      : best + " – " + bestTitle;
    totalOut.textContent = scored ? String(total) : "–";
    weightedOut.textContent = scored ? weightedDisplay(weightedSum, weights) : "–";
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
