/* The static site's practice cases: soleuslib.practice.ask() and grade() in JavaScript, no kernel.
   Data: window.SOLEUS_PRACTICE (soleuslib/practice_compiled.py writes _static/practice-cases.js) and
   window.SOLEUS_TRIAGE_RULEBOOK with window.SoleusTriage (triage-form.js: load both first).
   Parity with Python is tested in tests/browser/test_practice_parity.py: keep the two in step.
   The form fills every <div class="soleus-static-practice">. Attempts stay in the browser: the
   "download" link is a Blob made on this page, nothing is sent anywhere. */
(function () {
  "use strict";

  function P() { return window.SOLEUS_PRACTICE; }
  function B() { return window.SOLEUS_TRIAGE_RULEBOOK; }
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  // ---- the grader (mirrors soleuslib/practice.py) -------------------------------------------------
  function index() {
    var book = B();
    if (book._practiceIndex) return book._practiceIndex;
    var ix = { findings: {}, conditions: {}, rulesBy: {}, wellsBy: {}, rank: {}, cases: {} };
    book.findings.forEach(function (f) { ix.findings[f.id] = f; });
    book.conditions.forEach(function (c) { ix.conditions[c.id] = c; });
    book.rules.forEach(function (r) { (ix.rulesBy[r.finding] = ix.rulesBy[r.finding] || []).push(r); });
    book.wells_items.forEach(function (w) { (ix.wellsBy[w.finding] = ix.wellsBy[w.finding] || []).push(w); });
    book.urgency.order.forEach(function (u, n) { ix.rank[u] = n; });
    P().cases.forEach(function (c) { ix.cases[c.id] = c; });
    book._practiceIndex = ix;
    return ix;
  }

  function getCase(id) {
    var c = index().cases[id];
    if (!c) throw new Error("unknown case '" + id + "'");
    return c;
  }

  function fmt(x) { return window.SoleusTriage.fmtG(x); }
  function round1(x) { return Math.floor(x * 10 + 0.5) / 10; }
  function text(key, values) {
    return P().texts[key].replace(/\{(\w+)\}/g, function (m, k) { return String(values[k]); });
  }

  function show(spec, value) {
    if (spec.type === "bool") return value ? "yes" : "no";
    if (spec.type === "choice") return spec.choice_labels[spec.choices.indexOf(value)];
    return (fmt(Number(value)) + " " + spec.unit).trim();
  }

  function ask(caseId, fid) {
    var c = getCase(caseId), spec = index().findings[fid];
    if (!spec) throw new Error("unknown finding '" + fid + "'");
    var value = c.findings[fid];
    if (!spec.patient_question) return "On examination: " + spec.label + ": " + show(spec, value) + ".";
    if (spec.type === "bool") return value ? "Yes." : "No.";
    return show(spec, value) + ".";
  }

  function positive(rule) { return rule.effect === "flag" || rule.effect === "plausible" || rule.weight > 0; }

  function redFlagQuestions() {
    return B().findings.filter(function (f) { return f.section === P().red_flag_section; })
      .map(function (f) { return f.id; });
  }

  function needed(c) {
    var book = B(), found = {};
    book.rules.forEach(function (r) { if (r.condition === c.expected_leading && positive(r)) found[r.finding] = true; });
    if (c.expected_leading === book.wells_condition) {
      book.wells_items.forEach(function (w) { if (w.points > 0) found[w.finding] = true; });
    }
    c.mimics.forEach(function (m) { book.key_findings[m].forEach(function (f) { found[f] = true; }); });
    return book.findings.map(function (f) { return f.id; }).filter(function (f) { return found[f]; });
  }

  function cite(rules, wells) {
    var refs = {};
    rules.concat(wells).forEach(function (r) { r.refs.forEach(function (k) { refs[k] = true; }); });
    return [rules.map(function (r) { return r.id; }).concat(wells.map(function (w) { return w.id; })),
            Object.keys(refs).sort()];
  }

  function allRules(fid) { var ix = index(); return cite(ix.rulesBy[fid] || [], ix.wellsBy[fid] || []); }

  function deciding(c, condition) {
    var book = B(), match = window.SoleusTriage.matches;
    var rules = book.rules.filter(function (r) {
      return r.condition === condition && positive(r) && match(r.test, c.findings[r.finding]);
    });
    var wells = condition !== book.wells_condition ? [] : book.wells_items.filter(function (w) {
      return w.points > 0 && match(w.test, c.findings[w.finding]);
    });
    return cite(rules, wells);
  }

  function weighing(c, fid) {
    var book = B(), ix = index(), conds = {};
    conds[c.expected_leading] = true;
    c.mimics.forEach(function (m) { if (book.key_findings[m].indexOf(fid) >= 0) conds[m] = true; });
    var rules = (ix.rulesBy[fid] || []).filter(function (r) { return conds[r.condition] && positive(r); });
    var wells = conds[book.wells_condition] ? (ix.wellsBy[fid] || []).filter(function (w) { return w.points > 0; }) : [];
    var names = book.conditions.map(function (x) { return x.id; }).filter(function (x) {
      return conds[x] && (rules.some(function (r) { return r.condition === x; }) ||
                          (x === book.wells_condition && wells.length > 0));
    });
    var cited = cite(rules, wells);
    return [names, cited[0], cited[1]];
  }

  function item(t, cited) { return { text: t, rules: cited[0], refs: cited[1] }; }
  function part(name, points, feedback) { return { name: name, points: points, max: P().points[name], feedback: feedback }; }

  function urgencyPart(c, chosen) {
    var book = B(), ix = index(), expected = c.expected_urgency, t;
    if (chosen === expected) {
      t = text("urgency_right", { words: book.urgency.clinician[expected] });
    } else {
      var kind = ix.rank[chosen] > ix.rank[expected] ? "over" : "under";
      if (kind === "under" && expected !== "routine") kind = "unsafe";
      t = text("urgency_" + kind, { chosen: P().urgency_labels[chosen], expected: P().urgency_labels[expected],
                                   name: ix.conditions[c.expected_leading].name });
    }
    return part("urgency", chosen === expected ? P().points.urgency : 0,
                [item(t, deciding(c, c.expected_leading))]);
  }

  function redFlagsPart(questions) {
    var ix = index(), red = redFlagQuestions(), cut = questions.length;
    for (var n = 0; n < questions.length; n++) {
      if (P().later_sections.indexOf(ix.findings[questions[n]].section) >= 0) { cut = n; break; }
    }
    var first = questions.slice(0, cut), count = 0;
    var feedback = red.map(function (fid) {
      var key = first.indexOf(fid) >= 0 ? "red_flag_first" : questions.indexOf(fid) >= 0 ? "red_flag_late" : "red_flag_missing";
      if (first.indexOf(fid) >= 0) count += 1;
      return item(text(key, { label: ix.findings[fid].label }), allRules(fid));
    });
    return part("red_flags", round1(P().points.red_flags * count / red.length), feedback);
  }

  function discriminatingPart(c, questions) {
    var ix = index(), need = needed(c), asked = 0;
    var feedback = need.map(function (fid) {
      var w = weighing(c, fid), isAsked = questions.indexOf(fid) >= 0;
      if (isAsked) asked += 1;
      var names = w[0].map(function (x) { return ix.conditions[x].name; }).join(", ");
      return item(text(isAsked ? "needed_asked" : "needed_missed", { label: ix.findings[fid].label, conditions: names }),
                  [w[1], w[2]]);
    });
    var full = P().points.discriminating;
    return part("discriminating", need.length ? round1(full * asked / need.length) : full, feedback);
  }

  function leadingPart(c, chosen) {
    var ix = index(), name = ix.conditions[c.expected_leading].name, t;
    if (chosen === c.expected_leading) t = text("leading_right", { name: name });
    else if (chosen === null) t = text("leading_none", { name: name });
    else t = text("leading_wrong", { chosen: ix.conditions[chosen].name, name: name });
    return part("leading", chosen === c.expected_leading ? P().points.leading : 0,
                [item(t, deciding(c, c.expected_leading))]);
  }

  function efficiencyPart(c, questions) {
    var ix = index(), need = needed(c), red = redFlagQuestions();
    var extra = questions.filter(function (f) { return need.indexOf(f) < 0 && red.indexOf(f) < 0; });
    var feedback = extra.map(function (fid) { return item(text("extra", { label: ix.findings[fid].label }), allRules(fid)); });
    if (!extra.length) feedback.push(item(text("no_extra", {}), deciding(c, c.expected_leading)));
    return part("efficiency", round1(P().points.efficiency * Math.max(0, 1 - extra.length / P().extra_limit)), feedback);
  }

  function checkAttempt(questions, urgency, leading) {
    var ix = index(), unique = [];
    questions.forEach(function (fid) {
      if (!ix.findings[fid]) throw new Error("unknown question '" + fid + "'");
      if (unique.indexOf(fid) < 0) unique.push(fid);
    });
    if (!has(ix.rank, urgency)) throw new Error("urgency must be one of " + B().urgency.order.join(", "));
    leading = leading || null;
    if (leading !== null && !ix.conditions[leading]) throw new Error("leading must be a condition id");
    return [unique, urgency, leading];
  }

  function grade(caseId, questions, urgency, leading) {
    var c = getCase(caseId), ix = index(), checked = checkAttempt(questions, urgency, leading);
    questions = checked[0]; urgency = checked[1]; leading = checked[2];
    var parts = [urgencyPart(c, urgency), redFlagsPart(questions), discriminatingPart(c, questions),
                 leadingPart(c, leading), efficiencyPart(c, questions)];
    var sum = 0;
    parts.forEach(function (p) { sum += p.points; });
    var total = round1(sum), right = urgency === c.expected_urgency;
    var unsafe = !right && ix.rank[urgency] < ix.rank[c.expected_urgency];
    var passed = right && total >= P().pass_mark;
    var key = passed ? "verdict_pass" : unsafe ? "verdict_unsafe" : right ? "verdict_low" : "verdict_wrong";
    return {
      case: c.id, questions: questions, urgency: urgency, leading: leading, parts: parts, total: total,
      max_total: P().max_total, passed: passed, unsafe: unsafe,
      verdict: text(key, { total: fmt(total), max: P().max_total, mark: P().pass_mark })
    };
  }

  // ---- the record a student keeps (same columns as soleuslib.practice.attempts_csv) ---------------
  function attemptRow(g, date) {
    var row = { case: g.case, questions: g.questions.join(";"), urgency: g.urgency, leading: g.leading || "" };
    g.parts.forEach(function (p) { row[p.name + "_points"] = fmt(p.points); });
    row.total = fmt(g.total);
    row.passed = g.passed ? "yes" : "no";
    row.date = date;
    return row;
  }

  function csvCell(v) { v = String(v); return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }

  function attemptsCsv(rows) {
    var cols = P().attempt_columns;
    return [cols.join(",")].concat(rows.map(function (r) {
      return cols.map(function (k) { return csvCell(r[k]); }).join(",");
    })).join("\n") + "\n";
  }

  function today() { return new Date().toISOString().slice(0, 10); }

  // ---- the form ---------------------------------------------------------------------------------
  function esc(t) {
    return String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function gradeHtml(g) {
    var book = B(), c = getCase(g.case);
    var cls = g.passed ? "practice-pass" : g.unsafe ? "practice-unsafe" : "practice-fail";
    var out = ['<p class="practice-verdict ' + cls + '"><b>' + esc(g.verdict) + "</b></p>", '<ul class="practice-parts">'];
    g.parts.forEach(function (p) {
      out.push('<li data-part="' + p.name + '"><b>' + esc(P().part_titles[p.name]) + ": " + fmt(p.points) +
               " / " + p.max + "</b><ul>" + p.feedback.map(function (f) {
                 var refs = f.refs.map(function (k) { return book.references[k] ? book.references[k].short : k; });
                 return "<li>" + esc(f.text) + ' <small class="practice-cites">(rules: ' + esc(f.rules.join("; ")) +
                   (refs.length ? "; sources: " + esc(refs.join("; ")) : "") + ")</small></li>";
               }).join("") + "</ul></li>");
    });
    out.push("</ul>");
    out.push('<p class="practice-teaching"><b>Level ' + c.level + ". Teaching point:</b> " + esc(c.teaching_point) + "</p>");
    return out.join("");
  }

  var counter = 0;

  function build(holder) {
    var book = B(), ix = index(), uid = "sp" + (++counter);
    var state = { caseId: P().cases[0].id, asked: [], attempts: [], url: null };
    holder.innerHTML = "";
    holder.classList.add("practice-form", "soleus-static-practice-ready");
    var caseOptions = P().cases.map(function (c, n) {
      return '<option value="' + esc(c.id) + '">Case ' + (n + 1) + "</option>";
    }).join("");
    var urgencyRadios = book.urgency.order.slice().reverse().map(function (u) {
      return '<label><input type="radio" name="' + uid + '-urgency" value="' + u + '"> ' + esc(P().urgency_labels[u]) + "</label>";
    }).join(" ");
    var leadingOptions = '<option value="">Not decided</option>' + book.conditions.map(function (c) {
      return '<option value="' + esc(c.id) + '">' + esc(c.name) + "</option>";
    }).join("");
    holder.innerHTML =
      '<p><b>Teaching tool, not a diagnosis.</b> Pick a case, ask one question at a time, then decide.</p>' +
      '<label for="' + uid + '-case">Case</label> <select id="' + uid + '-case" class="practice-case">' + caseOptions + "</select> " +
      '<button type="button" class="practice-restart">Start again</button>' +
      '<p class="practice-opening"></p>' +
      '<label for="' + uid + '-question">Questions (pick one, then Ask or press Enter)</label><br>' +
      '<select id="' + uid + '-question" class="practice-question" size="8"></select> ' +
      '<button type="button" class="practice-ask">Ask</button>' +
      '<h4>Answers so far</h4><ol class="practice-log" aria-live="polite"></ol>' +
      '<fieldset class="practice-urgency"><legend>Urgency</legend>' + urgencyRadios + "</fieldset>" +
      '<label for="' + uid + '-leading">Leading condition</label> <select id="' + uid + '-leading" class="practice-leading">' +
      leadingOptions + "</select> " +
      '<button type="button" class="practice-grade">Grade my reasoning</button>' +
      '<div class="practice-feedback" role="status" aria-live="polite" aria-atomic="true"></div>' +
      '<p class="practice-record"><span class="practice-count">No attempts graded yet.</span> ' +
      '<a class="practice-download" download="soleus-practice-attempts.csv" hidden>Download my attempts (CSV)</a></p>';
    var q = function (sel) { return holder.querySelector(sel); };
    var caseSelect = q(".practice-case"), questionSelect = q(".practice-question"), log = q(".practice-log");
    var feedback = q(".practice-feedback");

    function questions() {
      var html = [], section = null;
      book.form_order.forEach(function (fid) {
        if (state.asked.indexOf(fid) >= 0) return;
        var spec = ix.findings[fid];
        if (spec.section !== section) {
          if (section !== null) html.push("</optgroup>");
          section = spec.section;
          html.push('<optgroup label="' + esc(book.sections.clinician[section]) + '">');
        }
        html.push('<option value="' + fid + '">' + esc(spec.question) + "</option>");
      });
      if (section !== null) html.push("</optgroup>");
      questionSelect.innerHTML = html.join("");
      if (questionSelect.options.length) questionSelect.selectedIndex = 0;
    }

    function restart() {
      state.caseId = caseSelect.value;
      state.asked = [];
      q(".practice-opening").textContent = getCase(state.caseId).opening;
      log.innerHTML = "";
      feedback.innerHTML = "";
      holder.querySelectorAll("input[type=radio]").forEach(function (r) { r.checked = false; });
      q(".practice-leading").value = "";
      questions();
    }

    function askSelected() {
      var fid = questionSelect.value;
      if (!fid) return;
      var next = questionSelect.selectedIndex;
      state.asked.push(fid);
      var li = document.createElement("li");
      li.setAttribute("data-finding", fid);
      li.innerHTML = "<b>" + esc(ix.findings[fid].label) + ":</b> " + esc(ask(state.caseId, fid));
      log.appendChild(li);
      questions();
      if (questionSelect.options.length) questionSelect.selectedIndex = Math.min(next, questionSelect.options.length - 1);
      questionSelect.focus();
    }

    function gradeNow() {
      var picked = holder.querySelector('input[name="' + uid + '-urgency"]:checked');
      if (!picked) {
        feedback.innerHTML = '<p class="practice-error">Choose an urgency first.</p>';
        return;
      }
      var g = grade(state.caseId, state.asked, picked.value, q(".practice-leading").value || null);
      feedback.innerHTML = gradeHtml(g);
      holder.soleusGrade = g;
      state.attempts.push(attemptRow(g, today()));
      if (state.url) URL.revokeObjectURL(state.url);
      state.url = URL.createObjectURL(new Blob([attemptsCsv(state.attempts)], { type: "text/csv" }));
      var link = q(".practice-download");
      link.href = state.url;
      link.hidden = false;
      q(".practice-count").textContent = state.attempts.length + " attempt(s) graded on this page.";
      holder.soleusAttemptsCsv = attemptsCsv(state.attempts);
    }

    caseSelect.addEventListener("change", restart);
    q(".practice-restart").addEventListener("click", restart);
    q(".practice-ask").addEventListener("click", askSelected);
    questionSelect.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); askSelected(); }
    });
    q(".practice-grade").addEventListener("click", gradeNow);
    restart();
  }

  function start() {
    if (!window.SOLEUS_PRACTICE || !window.SOLEUS_TRIAGE_RULEBOOK || !window.SoleusTriage) return;
    document.querySelectorAll(".soleus-static-practice").forEach(build);
  }

  window.SoleusPractice = {
    ask: ask,
    grade: grade,
    needed: function (caseId) { return needed(getCase(caseId)); },
    attemptRow: attemptRow,
    attemptsCsv: attemptsCsv,
    round1: round1,
    start: start
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
