// The coordinator's page: keep the key out of the address bar, put the keyboard in the
// terminal as soon as the app is up (no click needed), and offer to open it again once
// it has closed. Runs before textual.js, which reads the address when the page loads.
"use strict";
(function () {
  if (window.location.search) {
    // The key came in the address once and is now in a cookie; textual.js must not see
    // anything else that was put in the address (it reads "delay" and "ping" there).
    window.history.replaceState(null, "", "/");
  }

  function focusTerminal() {
    var box = document.querySelector(".xterm-helper-textarea");
    if (box && document.activeElement !== box) {
      box.focus();
    }
  }

  function whenOpen() {
    var body = document.body;
    if (body.classList.contains("-closed")) {
      var again = document.getElementById("open-again");
      if (again) {
        again.focus();
      }
    } else if (body.classList.contains("-loaded")) {
      focusTerminal();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    // textual.js marks the page "-loaded" once the websocket is open, "-closed" when it ends.
    new MutationObserver(whenOpen).observe(document.body, {
      attributes: true,
      attributeFilter: ["class"],
    });
    document.getElementById("open-again").addEventListener("click", function () {
      window.location.reload();
    });
  });

  window.addEventListener("focus", function () {
    if (!document.body.classList.contains("-closed")) {
      focusTerminal();
    }
  });
})();
