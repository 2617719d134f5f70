/* Ladda upp: tell the page about a file the browser refuses as too large.
 *
 * dcc.Upload drops a file over its max_size silently (nothing reaches Dash), so the
 * page would keep showing the previous file's report. This listener sees the file
 * first, compares its size with the limit written on the drop zone (data-max-bytes)
 * and hands the name and size to the page's "upload-too-large" store, whose callback
 * clears the old report and says why nothing was uploaded.
 */
(function () {
  "use strict";
  function zoneOf(target) {
    return target && target.closest ? target.closest("#upload-file") : null;
  }
  function report(zone, files) {
    if (!zone || !files || !files.length || !window.dash_clientside || !window.dash_clientside.set_props) {
      return;
    }
    var holder = zone.querySelector("[data-max-bytes]");
    var limit = holder ? Number(holder.getAttribute("data-max-bytes")) : NaN;
    if (!(limit > 0)) {
      return;
    }
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > limit) {
        window.dash_clientside.set_props("upload-too-large",
          {data: {name: files[i].name, size: files[i].size, at: Date.now()}});
        return;
      }
    }
  }
  document.addEventListener("change", function (event) {
    var zone = zoneOf(event.target);
    if (zone && event.target.files) {
      report(zone, event.target.files);
      // The dropzone has taken the files; an emptied input lets the same file be picked
      // again (after a restore, or after fixing it), which otherwise fires no change.
      var input = event.target;
      window.setTimeout(function () { input.value = ""; }, 0);
    }
  }, true);
  document.addEventListener("drop", function (event) {
    var zone = zoneOf(event.target);
    if (zone && event.dataTransfer) {
      report(zone, event.dataTransfer.files);
    }
  }, true);
})();
