/* Counts one read of this article: no cookie, no storage, nothing about the reader.
   Waits until the page is actually shown (not prerendered or opened in a background tab). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var article = script.getAttribute("data-article");
  var endpoint = script.getAttribute("data-beacon") || "/beacon/";
  var sent = false;

  function send() {
    if (sent || document.visibilityState !== "visible") { return; }
    sent = true;
    var body = new URLSearchParams({ a: article });
    if (navigator.sendBeacon && navigator.sendBeacon(endpoint, body)) { return; }
    fetch(endpoint, { method: "POST", body: body, credentials: "omit", keepalive: true });
  }

  send();
  if (!sent) { document.addEventListener("visibilitychange", send); }
})();
