// The console's only script besides htmx: no inline script anywhere (the CSP forbids it).
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : null;
  }

  // Every htmx call carries the page's anti-forgery token, as a plain form would.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) {
      event.detail.headers["X-CSRF-Token"] = token;
    }
  });

  // A refusal that comes back as a fragment (bad input, denied, not found, too many tries)
  // is shown where the answer would have gone; a whole error page is not swapped in.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var text = event.detail.xhr.responseText || "";
    if (status >= 400 && status < 500 && !/^\s*<!doctype/i.test(text)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // The menu's drop-downs: opening one closes the others; a click outside the menu closes all.
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (opened instanceof HTMLDetailsElement && opened.open && opened.matches(".menu-group")) {
      document.querySelectorAll(".menu-group[open]").forEach(function (other) {
        if (other !== opened) {
          other.open = false;
        }
      });
    }
  }, true);
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.closest(".menu")) {
      document.querySelectorAll(".menu-group[open]").forEach(function (group) {
        group.open = false;
      });
    }
  });

  // Buttons that close their <details> dialog (no inline handlers allowed).
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof Element && target.matches("[data-close-details]")) {
      var details = target.closest("details");
      if (details) {
        details.open = false;
      }
    }
  });
})();
