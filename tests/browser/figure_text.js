// Measures the text of every drawn plotly figure on the page against the figure box and each other.
// Returns one record per figure: {id, title, width, problems: [{kind, label, other?, detail}]}.
(args) => {
  const MIN_PX = args.minPx, SLACK = args.slackPx, OVERLAP = args.overlapPx;
  const KINDS = [
    ['g.annotation', 'annotation'], ['.xtick, .x2tick, .x3tick', 'tick label'],
    ['g[class*="xtick"], g[class*="ytick"]', 'tick label'],
    ['g[class*="title"]', 'title'], ['.legend', 'legend entry'],
    ['.slider-container, .slider-group', 'slider label'],
    ['.updatemenu-container', 'menu label'], ['g.textpoint', 'trace text'],
  ];
  const kindOf = (el) => {
    for (const [sel, kind] of KINDS) if (el.closest(sel)) return kind;
    return 'text';
  };
  const shown = (el) => {
    if (!el.textContent.trim()) return false;
    for (let n = el; n && n.nodeType === 1; n = n.parentNode) {
      const s = getComputedStyle(n);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const clipBox = (el) => {  // the rectangle a clip-path on an ancestor cuts text to, if any
    for (let n = el; n && n.nodeType === 1 && !n.classList.contains('main-svg'); n = n.parentNode) {
      const ref = n.getAttribute('clip-path');
      const m = ref && ref.match(/url\(['"]?#([^'")]+)/);
      if (!m) continue;
      const clip = n.ownerSVGElement && n.ownerSVGElement.getElementById(m[1]);
      const rect = clip && clip.querySelector('rect');
      const ctm = rect && n.getScreenCTM();
      if (!ctm) continue;
      // The clip rectangle lives in the user space of the element it clips.
      const x = rect.x.baseVal.value, y = rect.y.baseVal.value;
      const corners = [[x, y], [x + rect.width.baseVal.value, y + rect.height.baseVal.value]]
        .map(([px, py]) => new DOMPoint(px, py).matrixTransform(ctm));
      return {left: Math.min(corners[0].x, corners[1].x), right: Math.max(corners[0].x, corners[1].x),
              top: Math.min(corners[0].y, corners[1].y), bottom: Math.max(corners[0].y, corners[1].y)};
    }
    return null;
  };
  const out = [];
  for (const div of document.querySelectorAll('div.soleus-plotly')) {
    if (div.getAttribute('data-state') !== 'drawn') continue;
    const title = (div.querySelector('.g-gtitle text') || {}).textContent || div.id;
    const box = div.getBoundingClientRect();
    const limit = {left: Math.max(box.left, 0), right: Math.min(box.right, window.innerWidth),
                   top: box.top, bottom: box.bottom};
    const problems = [];
    const texts = [...div.querySelectorAll('svg.main-svg text')]
      .filter(el => !el.closest('.hoverlayer, .modebar, .updatemenu-dropdown-button-group'))
      .filter(shown)
      .map(el => ({el, kind: kindOf(el), label: el.textContent.trim(), r: el.getBoundingClientRect()}));
    for (const t of texts) {
      const size = parseFloat(getComputedStyle(t.el).fontSize);
      if (size < MIN_PX - 0.01) problems.push({kind: 'too small', label: t.label, what: t.kind,
                                               detail: size.toFixed(1) + ' px'});
      const off = [['left', limit.left - t.r.left], ['right', t.r.right - limit.right],
                   ['top', limit.top - t.r.top], ['bottom', t.r.bottom - limit.bottom]]
        .filter(([, d]) => d > SLACK);
      if (off.length) problems.push({kind: 'clipped', label: t.label, what: t.kind,
        detail: off.map(([side, d]) => `${d.toFixed(0)} px past the ${side} edge`).join(', ')});
      const clip = clipBox(t.el);
      if (clip) {
        const cut = [['left', clip.left - t.r.left], ['right', t.r.right - clip.right],
                     ['top', clip.top - t.r.top], ['bottom', t.r.bottom - clip.bottom]]
          .filter(([, d]) => d > SLACK);
        if (cut.length) problems.push({kind: 'clipped', label: t.label, what: t.kind,
          detail: cut.map(([side, d]) => `${d.toFixed(0)} px cut at the plot's ${side}`).join(', ')});
      }
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i].r, b = texts[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > OVERLAP && h > OVERLAP) problems.push({kind: 'overlap', label: texts[i].label,
          what: texts[i].kind, other: texts[j].label, otherWhat: texts[j].kind,
          detail: `${w.toFixed(0)}×${h.toFixed(0)} px`});
      }
    }
    const list = div.parentNode.querySelector('ol.soleus-callouts');
    const callouts = list && !list.hidden
      ? [...list.querySelectorAll('li')].filter(li => !li.hidden).length : 0;
    const numberedLabels = texts.filter(t => t.kind === 'annotation' && /^\d+$/.test(t.label)).length;
    out.push({id: div.id, title, width: Math.round(box.width), texts: texts.length, problems,
              layout: div.getAttribute('data-layout'), callouts, numberedLabels,
              yRange: div._fullLayout && div._fullLayout.yaxis ? div._fullLayout.yaxis.range : null});
  }
  return out;
}
