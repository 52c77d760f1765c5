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

// --- Trajectories: autosave of answers and checks (procurement) -------------
// Blocks marked data-autosave post themselves through htmx on input (debounced)
// and change. The server answers 409 with a side-by-side conflict block and
// 422 with a message; both are swapped in. Any other failure (network, 5xx,
// 403) is written into the block's status region; the typed text stays put.
(function () {
  "use strict";
  function statusOf(elt) {
    var block = elt && elt.closest ? elt.closest("[data-autosave], .has-conflict") : null;
    return block ? block.querySelector("[data-save-status]") : null;
  }
  // The messages come translated from the page (data-msg-* of the status region); Dutch when missing.
  function translated(elt, name, dutch) {
    var status = statusOf(elt);
    return (status && status.getAttribute("data-msg-" + name)) || dutch;
  }
  function showFailure(elt, message) {
    var status = statusOf(elt);
    if (!status) { return; }
    status.textContent = "";
    var span = document.createElement("span");
    span.className = "is-error";
    span.textContent = message;
    status.appendChild(span);
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 409 || status === 422) && statusOf(event.detail.elt)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    // After a conflict is swapped in, move focus to its explanation.
    // An outerHTML swap replaces the target: look the block up again by its id.
    var target = event.detail.target;
    var block = target && target.id ? document.getElementById(target.id) : null;
    var title = block && block.querySelector ? block.querySelector(".conflict-title") : null;
    if (title) { title.focus(); }
  });
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) { return; }
    showFailure(event.detail.elt, status === 403
      ? translated(event.detail.elt, "forbidden", "Niet opgeslagen: je mag dit traject niet (meer) wijzigen. Je tekst staat nog in het veld.")
      : translated(event.detail.elt, "failed", "Niet opgeslagen door een fout op de server ({status}). Je tekst staat nog in het veld; probeer het zo opnieuw.").replace("{status}", status));
  });
  document.addEventListener("htmx:sendError", function (event) {
    showFailure(event.detail.elt, translated(event.detail.elt, "offline", "Niet opgeslagen: geen verbinding. Je tekst staat nog in het veld; het wordt opnieuw geprobeerd zodra je verder typt."));
  });
})();
