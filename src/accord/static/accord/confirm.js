/* Confirmation for consequential actions, without inline script (the CSP forbids it).
 *
 * Mark a form (or an htmx element) with data-confirm="What will happen"; optional
 * data-confirm-title, data-confirm-button (the confirming button's words) and data-confirm-danger
 * (destructive styling; Cancel gets the focus). The question is asked in the native <dialog>
 * of base.html: modal, keyboard-accessible, Escape cancels. Plain forms are intercepted on
 * submit; htmx requests through htmx's own "htmx:confirm" event. Without script the forms
 * still work, unconfirmed.
 */
(function () {
  "use strict";

  function ask(trigger, proceed) {
    var dialog = document.getElementById("confirm-dialog");
    var message = trigger.getAttribute("data-confirm");
    if (!dialog || typeof dialog.showModal !== "function") {
      if (window.confirm(message)) { proceed(); }
      return;
    }
    var danger = trigger.hasAttribute("data-confirm-danger");
    var ok = dialog.querySelector("[data-confirm-ok]");
    dialog.querySelector("[data-confirm-title]").textContent =
      trigger.getAttribute("data-confirm-title") || "Are you sure?";
    dialog.querySelector("[data-confirm-message]").textContent = message;
    ok.textContent = trigger.getAttribute("data-confirm-button") || "Confirm";
    ok.classList.toggle("danger", danger);
    dialog.returnValue = "";
    dialog.addEventListener("close", function () {
      if (dialog.returnValue === "confirm") { proceed(); }
    }, { once: true });
    dialog.showModal();
    (danger ? dialog.querySelector("[data-confirm-cancel]") : ok).focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.dataset.confirmed === "yes") { return; }
    var submitter = event.submitter || null;
    // The question belongs to the button pressed (Decline beside Accept) or to the whole form.
    var trigger = submitter && submitter.hasAttribute("data-confirm") ? submitter
      : form.hasAttribute("data-confirm") ? form : null;
    if (!trigger) { return; }
    // htmx forms ask through htmx:confirm below, so that htmx still makes the request.
    if (form.matches("[hx-post], [hx-put], [hx-patch], [hx-delete]")) { return; }
    if (!form.checkValidity()) { return; }  // let the browser point at a missing reason first
    event.preventDefault();
    event.stopImmediatePropagation();
    ask(trigger, function () {
      form.dataset.confirmed = "yes";
      if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
      form.dataset.confirmed = "";
    });
  }, true);

  document.addEventListener("htmx:confirm", function (event) {
    var trigger = event.detail.elt.closest("[data-confirm]");
    if (!trigger) { return; }
    event.preventDefault();
    ask(trigger, function () { event.detail.issueRequest(true); });
  });
}());
