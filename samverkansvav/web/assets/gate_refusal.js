/* Ladda upp: show a check the server refused (HTTP 429) on the page.
 *
 * A file too big for a page callback needs a parse slot before the server reads it
 * (samverkansvav/web/parse_gate.py). Without a free one the server answers 429 with the
 * reason in the X-Samverkansvav-Refusal header - and the Dash renderer drops a
 * callback's error answer without a word, so the page would just stop. This wrapper
 * around fetch hands the reason to the page's "upload-refused" store, whose callback
 * shows the message in the page's language, and gives the renderer "nothing to
 * update" (204) instead of an error.
 */
(function () {
  "use strict";
  if (!window.fetch) {
    return;
  }
  var original = window.fetch;
  window.fetch = function (resource, init) {
    return original.apply(this, arguments).then(function (response) {
      var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
      if (response.status !== 429 || url.indexOf("_dash-update-component") === -1 ||
          !document.getElementById("upload-file") ||
          !window.dash_clientside || !window.dash_clientside.set_props) {
        return response;
      }
      var reason = response.headers.get("X-Samverkansvav-Refusal") || "busy";
      window.dash_clientside.set_props("upload-refused", {data: {reason: reason, at: Date.now()}});
      return new Response(null, {status: 204});
    });
  };
})();
