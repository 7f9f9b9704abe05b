/* Draws the site's plotly figures (HTML from soleuslib.site's "soleus_site" renderer).
   plotly.js is fetched once, from this site's own _static folder, and only on pages with a figure.
   Figures added later (for example inside a widget's saved output) are drawn when they appear.

   Accessibility: each figure is a <figure> named by its text alternative (soleuslib.site). Once
   drawn, the plot drawing itself is hidden from assistive technology (the figure's name and the
   "Figure description" below it say what it shows), and plotly's SVG menus and sliders, which
   only answer the mouse, become keyboard controls with names: Tab reaches them; Enter or Space
   presses a button or opens a dropdown (arrows move through its options, Escape closes it);
   arrows, Home, End, Page Up and Page Down move a slider. Keys are turned into the same clicks
   a mouse makes, so a figure behaves the same whichever is used. */
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
        accessible(div);
        if (div.on) {
          ["plotly_afterplot", "plotly_animated", "plotly_sliderchange", "plotly_buttonclicked"]
            .forEach(function (name) { div.on(name, function () { later(div); }); });
        }
        div.addEventListener("click", function () { later(div); });
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

  // --- keyboard and names for plotly's SVG controls ---------------------------------------------

  function text(node) {
    var label = node && node.querySelector("text");
    return label ? label.textContent.trim() : "";
  }

  function click(node) {
    node.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, view: window }));
  }

  function set(node, name, value) {
    if (node.getAttribute(name) !== String(value)) node.setAttribute(name, String(value));
  }

  function later(div) {
    window.requestAnimationFrame(function () { accessible(div); });
  }

  // Plotly redraws its menus and sliders on every update; this runs again after each one.
  function accessible(div) {
    var drawing = div.querySelector("svg.main-svg");  // data and axes only: no controls in it
    if (drawing) set(drawing, "aria-hidden", "true");
    var layout = div._fullLayout || {};
    var menus = (layout.updatemenus || []).filter(function (m) { return m.visible !== false; });
    div.querySelectorAll("g.updatemenu-container").forEach(function (container, i) {
      menuControls(div, container, menus[i] || {});
    });
    var sliders = (layout.sliders || []).filter(function (s) { return s.visible !== false; });
    div.querySelectorAll("g.slider-group").forEach(function (group, i) {
      sliderControl(div, group, sliders[i] || {});
    });
  }

  function menuControls(div, container, menu) {
    var header = container.querySelector("g.updatemenu-header");
    var options = container.querySelectorAll(
      "g.updatemenu-dropdown-button-group g.updatemenu-dropdown-button");
    if (header) {  // a dropdown: the header opens it, the options appear below it
      var open = options.length > 0;
      set(header, "tabindex", 0);
      set(header, "role", "button");
      set(header, "aria-haspopup", "true");
      set(header, "aria-expanded", open);
      set(header, "aria-label", (menu.name ? menu.name + ": " : "") + text(header));
      if (!header.soleusKeys) {
        header.soleusKeys = true;
        header.addEventListener("keydown", function (event) {
          if (["Enter", " ", "ArrowDown", "ArrowUp"].indexOf(event.key) < 0) return;
          event.preventDefault();
          click(header);
          accessible(div);
          var chosen = container.querySelector(
            "g.updatemenu-dropdown-button-group g.updatemenu-dropdown-button[aria-pressed=true]") ||
            container.querySelector("g.updatemenu-dropdown-button-group g.updatemenu-dropdown-button");
          if (chosen) chosen.focus();
        });
      }
      buttons(div, container, options, header);
    } else {
      buttons(div, container, container.querySelectorAll("g.updatemenu-button"), null);
    }
  }

  function buttons(div, container, list, header) {
    var items = Array.prototype.slice.call(list);
    items.forEach(function (button, index) {
      set(button, "tabindex", 0);
      set(button, "role", "button");
      set(button, "aria-label", text(button));
      var active = header ? text(button) === text(header) : isActive(div, container, index);
      if (items.length > 1 || header) set(button, "aria-pressed", !!active);
      if (button.soleusKeys) return;
      button.soleusKeys = true;
      button.addEventListener("keydown", function (event) {
        var here = items.indexOf(button);
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          click(button);
          refocus(div, container, header ? null : here);
        } else if (header && event.key === "Escape") {
          event.preventDefault();
          click(header);
          refocus(div, container, null);
        } else if (event.key === "ArrowDown" || event.key === "ArrowRight") {
          event.preventDefault();
          items[(here + 1) % items.length].focus();
        } else if (event.key === "ArrowUp" || event.key === "ArrowLeft") {
          event.preventDefault();
          items[(here - 1 + items.length) % items.length].focus();
        }
      });
    });
  }

  function isActive(div, container, index) {
    var all = Array.prototype.slice.call(div.querySelectorAll("g.updatemenu-container"));
    var menus = ((div._fullLayout || {}).updatemenus || [])
      .filter(function (m) { return m.visible !== false; });
    var menu = menus[all.indexOf(container)];
    return !!menu && menu.active === index;
  }

  // After a press plotly may replace the pressed element: focus its successor (a dropdown's
  // header, or the button at the same place in a row of buttons).
  function refocus(div, container, index) {
    window.requestAnimationFrame(function () {
      accessible(div);
      var target = index === null
        ? container.querySelector("g.updatemenu-header")
        : container.querySelectorAll("g.updatemenu-button")[index];
      if (target && document.activeElement !== target) target.focus();
    });
  }

  function sliderControl(div, group, slider) {
    var rail = group.querySelector("rect.slider-rail-touch-rect");
    var ticks = group.querySelectorAll("rect.slider-tick-rect");
    if (!rail || !ticks.length) return;
    var steps = (slider._visibleSteps || slider.steps || []);
    var current = slider.currentvalue || {};
    var active = Math.max(0, Math.min(ticks.length - 1, Number(slider.active) || 0));
    var name = slider.name || (current.prefix || "").replace(/[:\s]+$/, "") || "Figure slider";
    var step = steps[active] || {};
    var value = step.label !== undefined ? String(step.label) : String(active + 1);
    set(rail, "tabindex", 0);
    set(rail, "role", "slider");
    set(rail, "aria-label", name);
    set(rail, "aria-orientation", "horizontal");
    set(rail, "aria-valuemin", 1);
    set(rail, "aria-valuemax", ticks.length);
    set(rail, "aria-valuenow", active + 1);
    set(rail, "aria-valuetext", (current.prefix || "") + value + (current.suffix || ""));
    if (rail.soleusKeys) return;
    rail.soleusKeys = true;
    rail.addEventListener("keydown", function (event) {
      var now = Number(rail.getAttribute("aria-valuenow")) - 1;
      var last = group.querySelectorAll("rect.slider-tick-rect").length - 1;
      var big = Math.max(1, Math.round((last + 1) / 5));
      var next = {
        ArrowRight: now + 1, ArrowUp: now + 1, ArrowLeft: now - 1, ArrowDown: now - 1,
        PageUp: now + big, PageDown: now - big, Home: 0, End: last,
      }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      next = Math.max(0, Math.min(last, next));
      if (next !== now) moveSlider(div, group, next);
    });
  }

  // A slider step is chosen the way a mouse chooses it: press and release over its tick.
  function moveSlider(div, group, index) {
    var rail = group.querySelector("rect.slider-rail-touch-rect");
    var tick = group.querySelectorAll("rect.slider-tick-rect")[index];
    var box = tick.getBoundingClientRect();
    var railBox = rail.getBoundingClientRect();
    var at = {
      bubbles: true, cancelable: true, view: window, button: 0,
      clientX: box.left + box.width / 2, clientY: railBox.top + railBox.height / 2,
    };
    rail.dispatchEvent(new MouseEvent("mousedown", at));
    div.dispatchEvent(new MouseEvent("mouseup", at));
    window.requestAnimationFrame(function () {
      accessible(div);
      var again = group.isConnected ? group : null;
      var focusable = again && again.querySelector("rect.slider-rail-touch-rect");
      if (focusable && document.activeElement !== focusable) focusable.focus();
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
