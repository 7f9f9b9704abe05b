/* Narrow layouts for the site's plotly figures (a phone, a narrow window).
   A figure built by soleuslib.figures.finish() carries, in layout.meta, a "narrow" variant:
     narrow: {layout: {"dotted.key": value, ...}, traces: {"index": {attr: value}}, callouts: [...]}
     narrow_below_px: the figure width (CSS px) under which the variant applies.
   This script watches figures drawn by soleus-figures.js (their data-state attribute), applies the
   variant that fits the figure's width on load and on resize, and restores the stored (wide) values
   from the figure's own JSON when it gets wide again. It sets data-layout="narrow|wide" when done.
   Callouts: numbered labels in the drawing, their names in a list under the figure, kept in step
   with the annotations a menu shows or hides. */
(function () {
  "use strict";
  var LINE_PX = 22; // one more line of title needs this much more top margin
  var DEFAULT_BELOW_PX = 560;
  var specs = new WeakMap();
  var busy = new WeakMap();

  function spec(div) {
    if (!specs.has(div)) {
      var node = div.parentNode && div.parentNode.querySelector("script.soleus-plotly-data");
      specs.set(div, node ? JSON.parse(node.textContent) : null);
    }
    return specs.get(div);
  }

  // "annotations[3].font.size" -> ["annotations", 3, "font", "size"]
  function parts(path) {
    var out = [];
    path.split(".").forEach(function (p) {
      var m = p.match(/^([^[]+)\[(\d+)\]$/);
      if (m) out.push(m[1], Number(m[2]));
      else out.push(p);
    });
    return out;
  }

  function lookup(obj, path) {
    var keys = parts(path);
    for (var i = 0; i < keys.length; i++) {
      if (obj === null || obj === undefined) return null;
      obj = obj[keys[i]];
    }
    return obj === undefined ? null : obj;
  }

  function lines(text) {
    return String(text || "").split(/<br\s*\/?>/i).length;
  }

  function meta(s) {
    var m = s && s.layout && s.layout.meta;
    return m && m.narrow ? m : null;
  }

  function layoutPatch(s, narrow, want) {
    var wanted = narrow.layout || {};
    var patch = {};
    Object.keys(wanted).forEach(function (key) {
      patch[key] = want === "narrow" ? wanted[key] : lookup(s.layout, key);
    });
    if ("title.text" in wanted && !("margin.t" in wanted)) {
      var top = lookup(s.layout, "margin.t");
      var extra = lines(wanted["title.text"]) - lines(lookup(s.layout, "title.text"));
      if (top !== null && extra > 0) patch["margin.t"] = want === "narrow" ? top + extra * LINE_PX : top;
    }
    return patch;
  }

  function restyles(s, narrow, want) {
    var traces = narrow.traces || {};
    return Object.keys(traces).map(function (index) {
      var update = {};
      Object.keys(traces[index]).forEach(function (key) {
        var value = want === "narrow" ? traces[index][key] : lookup(s.data[Number(index)], key);
        update[key] = [value]; // restyle takes one value per trace
      });
      return [update, [Number(index)]];
    });
  }

  function calloutList(div, m) {
    var holder = div.parentNode;
    var list = holder.querySelector("ol.soleus-callouts");
    if (!list) {
      list = document.createElement("ol");
      list.className = "soleus-callouts";
      list.setAttribute("aria-label", "Labels of the drawing, by number");
      m.narrow.callouts.forEach(function (c) {
        var item = document.createElement("li");
        item.value = c.number;
        if (c.annotation !== null && c.annotation !== undefined) {
          item.setAttribute("data-annotation", c.annotation);
        }
        item.textContent = c.label;
        list.appendChild(item);
      });
      holder.insertBefore(list, div.nextSibling);
    }
    return list;
  }

  function syncCallouts(div) {
    var list = div.parentNode && div.parentNode.querySelector("ol.soleus-callouts");
    if (!list || !div.layout) return;
    var notes = div.layout.annotations || [];
    list.hidden = div.getAttribute("data-layout") !== "narrow";
    list.querySelectorAll("li").forEach(function (item) {
      var index = item.getAttribute("data-annotation");
      var note = index === null ? null : notes[Number(index)];
      item.hidden = !!note && note.visible === false;
    });
  }

  function fit(div) {
    if (div.getAttribute("data-state") !== "drawn" || !window.Plotly) return;
    var s = spec(div);
    var m = meta(s);
    if (!m) {
      div.setAttribute("data-layout", "wide");
      return;
    }
    var below = m.narrow_below_px || DEFAULT_BELOW_PX;
    var want = div.getBoundingClientRect().width < below ? "narrow" : "wide";
    if (div.getAttribute("data-layout") === want || busy.get(div)) return;
    busy.set(div, true);
    var Plotly = window.Plotly;
    var patch = layoutPatch(s, m.narrow, want);
    if ("height" in patch) div.style.height = (patch.height || s.layout.height || 450) + "px";
    var steps = restyles(s, m.narrow, want);
    var chain = Promise.resolve();
    steps.forEach(function (step) {
      chain = chain.then(function () { return Plotly.restyle(div, step[0], step[1]); });
    });
    chain
      .then(function () { return Plotly.relayout(div, patch); })
      .then(function () {
        div.setAttribute("data-layout", want);
        if (m.narrow.callouts) {
          calloutList(div, m);
          if (!div.getAttribute("data-callouts")) {
            div.setAttribute("data-callouts", "1");
            div.on("plotly_afterplot", function () { syncCallouts(div); });
          }
          syncCallouts(div);
        }
      })
      .catch(function (err) {
        div.setAttribute("data-layout", "error");
        console.error(err);
      })
      .then(function () {
        busy.set(div, false);
        // The width may have changed again while this ran.
        var now = div.getBoundingClientRect().width < below ? "narrow" : "wide";
        if (now !== div.getAttribute("data-layout")) fit(div);
      });
  }

  function fitAll() {
    document.querySelectorAll("div.soleus-plotly[data-state='drawn']").forEach(fit);
  }

  function start() {
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.attributeName === "data-state") fit(change.target);
      });
    }).observe(document.body, { attributes: true, subtree: true, attributeFilter: ["data-state"] });
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(fitAll, 120);
    });
    fitAll();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
