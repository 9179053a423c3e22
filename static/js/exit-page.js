/* "Exit this page" (templates/_exit_page.html), progressive enhancement: without this script
   the control is a plain link and still leaves the site. With it:
   - leaving replaces this page in the history (location.replace), so Back does not bring the
     page the visitor left back on screen;
   - pressing Shift three times in a row (no other key between, each within a second of the
     last, as GOV.UK's component) leaves too, from anywhere on the page;
   - the page is blanked first (the class below, styled in site.css): on a slow connection the
     destination may take seconds to appear, and nobody should read this page meanwhile;
   - no Referer is sent, as rel="noreferrer" does for the plain link. */
(function () {
  "use strict";
  var link = document.querySelector("a[data-exit-page]");
  if (!link) { return; }
  var LEAVING = "exit-page-leaving";
  var SHIFT_WINDOW_MS = 1000;

  // Now that the shortcut works, say so to screen readers (the description is hidden text).
  if (document.getElementById("exit-page-shortcut")) {
    link.setAttribute("aria-describedby", "exit-page-hint exit-page-shortcut");
  }

  function leave() {
    document.documentElement.classList.add(LEAVING);
    // location.replace() has no referrer option; the document's own policy applies instead.
    var policy = document.createElement("meta");
    policy.name = "referrer";
    policy.content = "no-referrer";
    document.head.appendChild(policy);
    window.location.replace(link.href);
  }

  // Every click leaves, even with a modifier key: a new tab would leave this page open.
  link.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });

  var presses = 0;
  var last = 0;
  var shiftWasAModifier = false;
  // Capture phase: a field that stops its key events from bubbling cannot swallow the shortcut.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") { return; }
    presses = 0;  // any other key breaks the run
    // Shift held for a capital letter is typing, not a press of the shortcut.
    shiftWasAModifier = event.shiftKey;
  }, true);
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { return; }
    if (shiftWasAModifier) {
      shiftWasAModifier = false;
      return;
    }
    var now = Date.now();
    presses = now - last <= SHIFT_WINDOW_MS ? presses + 1 : 1;
    last = now;
    if (presses >= 3) {
      presses = 0;
      leave();
    }
  }, true);

  // Back from the destination may restore this page from the back/forward cache (when it was
  // not replaced, e.g. a browser that ignores replace): show it again rather than a blank.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { document.documentElement.classList.remove(LEAVING); }
  });
}());
