/* Progressive enhancement of the review meeting: "remaining if the amounts entered are
   adopted" follows the amounts as they are typed. The figures from the server stay the
   authoritative ones (allocation, proposed so far, remaining); without this script the page
   shows the same figure for the amounts as loaded. */
(function () {
  "use strict";

  function parseKronor(value) {
    var digits = (value || "").replace(/[^0-9]/g, "");
    return digits ? parseInt(digits, 10) : 0;
  }

  function formatKronor(amount) {
    var sign = amount < 0 ? "-" : "";
    return sign + String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, " ") + " kr";
  }

  document.querySelectorAll("[data-area-figures]").forEach(function (area) {
    var remaining = area.getAttribute("data-remaining");
    var output = area.querySelector("[data-remaining-after]");
    if (!output || remaining === "") { return; }
    var base = parseInt(remaining, 10);
    var inputs = area.querySelectorAll("input[data-proposal-amount]");

    function update() {
      var pending = 0;
      inputs.forEach(function (input) { pending += parseKronor(input.value); });
      var left = base - pending;
      output.textContent = formatKronor(left);
      output.classList.toggle("fw-bold", left < 0);
    }

    inputs.forEach(function (input) { input.addEventListener("input", update); });
  });
})();
