/* Solves the volunteer form's proof of work (an ALTCHA challenge, volunteers.challenge) so the
   visitor does not have to type the captcha's letters. Our own few lines instead of ALTCHA's
   widget: nothing inline, no worker, no eval, nothing from another origin (the site's CSP).
   Without this script, or in a browser without Web Crypto, the captcha stays and works. */
(function () {
  "use strict";
  var box = document.querySelector("[data-altcha-challenge]");
  if (!box || !window.crypto || !window.crypto.subtle || !window.TextEncoder) { return; }
  var challenge = JSON.parse(box.getAttribute("data-altcha-challenge"));
  var field = document.getElementById(box.getAttribute("data-altcha-field"));
  var status = box.querySelector(".challenge-status");
  var captcha = box.querySelector(".challenge-captcha");
  var encoder = new TextEncoder();

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (byte) {
      return ("0" + byte.toString(16)).slice(-2);
    }).join("");
  }

  async function solve() {
    for (var number = 0; number <= challenge.maxNumber; number += 1) {
      var digest = await window.crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + number));
      if (hex(digest) === challenge.challenge) { return number; }
    }
    return null;
  }

  status.textContent = box.getAttribute("data-altcha-working");
  solve().then(function (number) {
    if (number === null) { status.textContent = ""; return; }
    field.value = window.btoa(JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: number,
      salt: challenge.salt,
      signature: challenge.signature
    }));
    captcha.hidden = true;
    status.textContent = box.getAttribute("data-altcha-done");
  }, function () { status.textContent = ""; });
})();
