/* Draws the site's plotly figures (HTML from soleuslib.site's "soleus_site" renderer).
   plotly.js is fetched once, from this site's own _static folder, and only on pages with a figure.
   Figures added later (for example inside a widget's saved output) are drawn when they appear. */
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-content_root") || "./";
  var plotlySrc = root + "_static/plotly.min.js";
  var loading = null;
  window.soleusFigures = { drawn: 0, lastDrawnMs: null, errors: [] };

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = plotlySrc;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () { reject(new Error("could not load " + plotlySrc)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function draw(div) {
    if (div.getAttribute("data-state")) return;
    div.setAttribute("data-state", "loading");
    var holder = div.parentNode;
    var dataNode = holder && holder.querySelector("script.soleus-plotly-data");
    if (!dataNode) return;
    var spec = JSON.parse(dataNode.textContent);
    loadPlotly()
      .then(function (Plotly) {
        var config = { responsive: true, displaylogo: false, scrollZoom: false };
        return Plotly.newPlot(div, spec.data, spec.layout, config).then(function () {
          if (spec.frames && spec.frames.length) return Plotly.addFrames(div, spec.frames);
        });
      })
      .then(function () {
        div.setAttribute("data-state", "drawn");
        window.soleusFigures.drawn += 1;
        window.soleusFigures.lastDrawnMs = performance.now();
      })
      .catch(function (err) {
        div.setAttribute("data-state", "error");
        window.soleusFigures.errors.push(String(err));
        console.error(err);
      });
  }

  function drawAll(scope) {
    var divs = scope.querySelectorAll ? scope.querySelectorAll("div.soleus-plotly") : [];
    for (var i = 0; i < divs.length; i++) draw(divs[i]);
  }

  function start() {
    drawAll(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) drawAll(node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
    // Printing: open every figure description so the text alternative is on paper.
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details.figure-alt").forEach(function (d) { d.open = true; });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
