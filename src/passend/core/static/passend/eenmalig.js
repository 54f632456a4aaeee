// A second submit of a form while the first is on its way (a double click) is ignored.
// The server refuses a repeat anyway (passend.core.eenmalig); this spares the user the
// "al verstuurd" message. The button is not disabled: a disabled button would drop its
// name/value from the submission, so it is marked aria-disabled and says what happens.
(function () {
  "use strict";

  var BUSY = "Bezig met versturen…";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    // GET forms (the htmx searches) and submits handled by a script (htmx) are left alone.
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") {
      return;
    }
    if (form.hasAttribute("data-bezig")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-bezig", "");
    form.setAttribute("aria-busy", "true");
    var button = event.submitter || form.querySelector("[type=submit]");
    if (button) {
      button.setAttribute("data-label", button.innerHTML);
      button.setAttribute("aria-disabled", "true");
      button.textContent = BUSY;
    }
  });

  // Back to a page from the browser's cache: its forms may be used again (with their old
  // token the server then says the form was already sent).
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[data-bezig]").forEach(function (form) {
      form.removeAttribute("data-bezig");
      form.removeAttribute("aria-busy");
      form.querySelectorAll("[aria-disabled][data-label]").forEach(function (button) {
        button.innerHTML = button.getAttribute("data-label");
        button.removeAttribute("data-label");
        button.removeAttribute("aria-disabled");
      });
    });
  });
})();
