// The served page's own script: the websocket address, and coming back after a dropped connection.
(function () {
  "use strict";
  var terminal = document.getElementById("terminal");
  // The address the browser used to reach this page: right behind any name, port or proxy.
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  terminal.dataset.sessionWebsocketUrl = scheme + "//" + window.location.host + "/ws";

  // textual.js marks the body "-closed" when the socket closes (wifi dropped, laptop slept,
  // server restarted). The team and the name are in a cookie and every edit is saved:
  // reloading the page brings the participant back to the same team and step.
  var delay = 1000;
  var tries = 0;
  function retry() {
    tries += 1;
    if (tries > 400) {
      document.getElementById("closed-text").textContent =
        "The workshop server cannot be reached. Reload the page when it is back.";
      return;
    }
    fetch("/alive", { cache: "no-store", credentials: "same-origin" }).then(function (response) {
      if (response.ok) {
        window.location.reload();
      } else if (response.status === 403) {
        document.getElementById("closed-text").textContent =
          "This browser needs the workshop's join link again: ask the trainer.";
      } else {
        later();
      }
    }, later);
  }
  function later() {
    delay = Math.min(delay * 1.5, 5000);
    window.setTimeout(retry, delay);
  }
  var focused = false;
  new MutationObserver(function () {
    // The keyboard goes to the app as soon as it is drawn: no click needed to start typing.
    if (!focused && document.body.classList.contains("-first-byte")) {
      var keys = document.querySelector(".xterm-helper-textarea");
      if (keys) {
        keys.focus();
        focused = true;
      }
    }
    if (document.body.classList.contains("-closed") && tries === 0) {
      window.setTimeout(retry, delay);
    }
  }).observe(document.body, { attributes: true, attributeFilter: ["class"] });
})();
