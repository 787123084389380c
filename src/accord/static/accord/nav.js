/* The main navigation collapses behind a Menu button on narrow screens (no inline script: CSP). */
(function () {
  "use strict";
  // Collapsing needs this script to open the menu again; without it the menu simply stays open.
  document.documentElement.classList.add("js");
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-nav-toggle]");
    if (!toggle) { return; }
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    document.getElementById(toggle.getAttribute("aria-controls")).classList.toggle("open", open);
  });
}());
