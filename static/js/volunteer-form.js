/* Volunteer form, progressive enhancement only (the page works fully without it):
   - moves the focus to the list of errors when the form comes back with errors;
   - a live "characters left" counter under the motivation text (without this script the
     textarea's maxlength and the hint "At most 1500 characters" state and enforce the limit). */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  var areas = document.querySelectorAll("textarea[maxlength][data-counter-label]");
  Array.prototype.forEach.call(areas, function (area) {
    var max = parseInt(area.getAttribute("maxlength"), 10);
    if (!max) { return; }
    var label = area.getAttribute("data-counter-label");
    var visible = document.createElement("p");
    visible.className = "char-count";
    visible.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    area.parentNode.insertBefore(visible, area.nextSibling);
    area.parentNode.insertBefore(spoken, visible.nextSibling);
    var timer = null;
    function left() {
      return max - area.value.replace(/\r\n/g, "\n").length;
    }
    function show() {
      var remaining = left();
      visible.textContent = label + " " + remaining;
      visible.classList.toggle("char-count-low", remaining <= Math.max(50, max / 10));
    }
    show();
    area.addEventListener("input", function () {
      show();
      // Screen readers hear the count once typing pauses, not at every key.
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { spoken.textContent = label + " " + left(); }, 1200);
    });
  });
}());
