/* Behaviour the templates ask for through data attributes: the Content-Security-Policy allows no
   inline script or on* handler, so every page loads this one file instead. */
"use strict";

document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-print]") : null;
  if (button) {
    event.preventDefault();
    window.print();
  }
});

/* Document forms: the form works with its blank rows; this adds more rows on demand. */
(function () {
  var rows = document.getElementById("item-rows"), tpl = document.getElementById("item-row-template");
  var button = document.getElementById("add-item-row");
  if (!rows || !tpl || !button) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var next = 0;
    rows.querySelectorAll(".item-row").forEach(function (r) { next = Math.max(next, +r.dataset.index + 1); });
    rows.insertAdjacentHTML("beforeend", tpl.innerHTML.split("__i__").join(String(next)));
  });
})();
