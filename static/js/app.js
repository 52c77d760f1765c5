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
      ? "Niet opgeslagen: je mag dit traject niet (meer) wijzigen. Je tekst staat nog in het veld."
      : "Niet opgeslagen door een fout op de server (" + status + "). Je tekst staat nog in het veld; probeer het zo opnieuw.");
  });
  document.addEventListener("htmx:sendError", function (event) {
    showFailure(event.detail.elt, "Niet opgeslagen: geen verbinding. Je tekst staat nog in het veld; het wordt opnieuw geprobeerd zodra je verder typt.");
  });
})();

// --- Menus: the navigation's groups and the account menu (<details data-menu>) -----------
// They open and close without JavaScript (templates/includes/nav_items.html). Here, as the
// WAI-ARIA disclosure navigation pattern does: opening one closes the others (not those it sits
// in), Escape closes the innermost open one and returns the focus to its summary, and a click
// outside a menu closes it.
(function () {
  "use strict";
  function openMenus() {
    return Array.prototype.slice.call(document.querySelectorAll("details[data-menu][open]"));
  }
  function summaryOf(menu) {
    for (var child = menu.firstElementChild; child; child = child.nextElementSibling) {
      if (child.tagName === "SUMMARY") { return child; }
    }
    return null;
  }
  // "toggle" does not bubble: listen while it goes down (capture).
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (!menu.open || !menu.matches || !menu.matches("details[data-menu]")) { return; }
    openMenus().forEach(function (other) {
      if (other !== menu && !other.contains(menu)) { other.open = false; }
    });
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var menus = openMenus();
    if (!menus.length) { return; }
    var active = document.activeElement;
    var holding = menus.filter(function (menu) { return menu.contains(active); });
    // Document order puts a menu before the menus inside it: the last one is the innermost.
    var menu = holding.length ? holding[holding.length - 1] : menus[menus.length - 1];
    menu.open = false;
    var summary = summaryOf(menu);
    if (summary) { summary.focus(); }
    event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.open = false; }
    });
  });
})();
