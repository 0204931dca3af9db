// The instructor's overview, live: every few seconds the page is fetched again
// and its #live region swapped in. Without script the page refreshes itself
// (<noscript> meta refresh); this only makes it smoother. Same origin, no inline code (CSP).
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (!live || !window.fetch || !window.DOMParser) return;
  var seconds = Number(live.getAttribute('data-live-seconds')) || 5;
  function refresh() {
    fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) {
        if (res.redirected || !res.ok) throw new Error('signed out or unavailable');
        return res.text();
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, 'text/html').getElementById('live');
        var current = document.getElementById('live');
        if (next && current) current.replaceWith(document.importNode(next, true));
        window.setTimeout(refresh, seconds * 1000);
      })
      .catch(function () {
        // Signed out (the session expired) or the server is down: reload shows which.
        window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
      });
  }
  window.setTimeout(refresh, seconds * 1000);
})();
