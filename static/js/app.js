// Chef Circulair: small progressive enhancements. Everything works without it.
(function () {
  "use strict";
  // Move focus to the error summary so screen-reader users hear what went wrong.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("#error-summary");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrorSummary(event.detail.target); });
  // Mark the region being replaced as busy for assistive technology.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target) { target.setAttribute("aria-busy", "true"); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var target = event.detail.target;
    if (target) { target.removeAttribute("aria-busy"); }
  });
  // Show 409 (edit conflict) and 422 (invalid input) responses: they carry the form to fix.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // A server-sent status message (HX-Trigger "cc:status") for the aria-live save status.
  document.addEventListener("cc:status", function (event) {
    var region = document.getElementById((event.detail && event.detail.target) || "save-status");
    if (!region) { return; }
    region.textContent = event.detail.message || "";
    region.classList.toggle("is-error", !!event.detail.error);
  });
})();
