/* Tell require.js where this site keeps the ipywidgets HTML manager, so that the fonts it loads
   come from _static/hm on this site (not from a path beside each page, nor from a CDN).
   The widgets themselves are built into embed-amd.js; nothing else is fetched. */
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-content_root") || "./";
  var hm = root + "_static/hm";
  // Two spellings of the manager's public path are used for its icon fonts.
  window.require.config({
    paths: { "@jupyter-widgets/html-manager/dist": hm, "@jupyter-widgets": hm },
  });
})();
