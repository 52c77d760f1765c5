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

// --- The theme editor (organisations): live preview and contrast ----------------------
// Without JavaScript the colours are typed as #rrggbb and "Voorbeeld bekijken" shows them.
// Here each text field gets its colour picker (kept in step), and every change sets the
// preview's design tokens through the CSSOM (element.style.setProperty, which the CSP allows)
// and recomputes the contrast of each pair, the way organisations/theme.py does.
(function () {
  "use strict";
  var form = document.querySelector("[data-theme-form]");
  var preview = document.querySelector("[data-theme-preview]");
  if (!form || !preview) { return; }
  var table = document.querySelector("[data-contrast-table]");

  function normalise(value) {
    var match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || "").trim());
    if (!match) { return null; }
    var digits = match[1].toLowerCase();
    if (digits.length === 3) { digits = digits.replace(/(.)/g, "$1$1"); }
    return "#" + digits;
  }
  function rgb(colour) {
    return [1, 3, 5].map(function (i) { return parseInt(colour.slice(i, i + 2), 16); });
  }
  function luminance(colour) {
    var c = rgb(colour).map(function (channel) {
      var v = channel / 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function mix(colour, towards, share) {
    var a = rgb(colour), b = rgb(towards);
    return "#" + a.map(function (channel, i) {
      var value = Math.floor(channel + (b[i] - channel) * share + 0.5);
      return (value < 16 ? "0" : "") + value.toString(16);
    }).join("");
  }
  function strong(primary, text) {
    return mix(primary, luminance(text) > luminance(primary) ? "#000000" : "#ffffff", 0.25);
  }
  function textOn(background) {
    return contrast("#000000", background) >= contrast("#ffffff", background) ? "#000000" : "#ffffff";
  }
  function formatRatio(ratio, minimum) {
    var shown = Math.round(ratio * 100) / 100;
    if (ratio < minimum && shown >= minimum) { shown = Math.floor(ratio * 100) / 100; }
    return String(shown).replace(".", ",");
  }

  var fields = {};  // name -> text input; the last valid colour of each in lastValid
  var lastValid = {};
  form.querySelectorAll("[data-colour-field]").forEach(function (input) {
    fields[input.name] = input;
    lastValid[input.name] = normalise(input.value);
  });
  var font = form.querySelector("select[name=font_family]");

  function colourOf(source) {
    return source.charAt(0) === "#" ? source : lastValid[source];
  }
  function update() {
    var set = function (name, value) { if (value) { preview.style.setProperty(name, value); } };
    var primary = lastValid.primary_color, primaryText = lastValid.primary_text_color;
    set("--cc-primary", primary);
    set("--cc-primary-text", primaryText);
    if (primary && primaryText) { set("--cc-primary-strong", strong(primary, primaryText)); }
    set("--cc-link", lastValid.link_color);
    if (lastValid.link_color) { set("--cc-link-rgb", rgb(lastValid.link_color).join(", ")); }
    set("--cc-focus", lastValid.focus_color);
    set("--cc-background", lastValid.background_color);
    set("--cc-text", lastValid.text_color);
    set("--cc-accent", lastValid.accent_color);
    if (lastValid.accent_color) { set("--cc-accent-text", textOn(lastValid.accent_color)); }
    var option = font && font.options[font.selectedIndex];
    if (option && option.dataset.stack) { set("--cc-font-family", option.dataset.stack); }
    if (!table) { return; }
    table.querySelectorAll("[data-contrast-pair]").forEach(function (row) {
      var first = colourOf(row.dataset.first), second = colourOf(row.dataset.second);
      if (!first || !second) { return; }
      var minimum = parseFloat(row.dataset.minimum), ratio = contrast(first, second);
      row.querySelector("[data-contrast-ratio]").textContent = formatRatio(ratio, minimum) + " : 1";
      var verdict = row.querySelector("[data-contrast-verdict]");
      verdict.textContent = "";
      if (ratio >= minimum) {
        verdict.textContent = table.dataset.passText;
      } else {
        var strongText = document.createElement("strong");
        strongText.className = "contrast-fails";
        strongText.textContent = table.dataset.failText;
        verdict.appendChild(strongText);
      }
    });
  }

  form.querySelectorAll("input[type=color][data-colour-for]").forEach(function (picker) {
    var text = document.getElementById(picker.dataset.colourFor);
    if (!text) { return; }
    picker.hidden = false;
    if (lastValid[text.name]) { picker.value = lastValid[text.name]; }
    picker.addEventListener("input", function () {
      text.value = picker.value;
      lastValid[text.name] = picker.value;
      update();
    });
  });
  Object.keys(fields).forEach(function (name) {
    fields[name].addEventListener("input", function () {
      var colour = normalise(fields[name].value);
      if (!colour) { return; }
      lastValid[name] = colour;
      var picker = form.querySelector("input[type=color][data-colour-for='" + fields[name].id + "']");
      if (picker) { picker.value = colour; }
      update();
    });
  });
  if (font) { font.addEventListener("change", update); }
})();
