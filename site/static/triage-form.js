/* The static site's triage form: soleuslib.triage.assess() in JavaScript, over the rule book that
   soleuslib/triage/compiled.py writes as _static/triage-rulebook.js (window.SOLEUS_TRIAGE_RULEBOOK).
   Parity with Python is tested in tests/browser/test_triage_parity.py: keep the two in step.
   The form fills every <div class="soleus-static-triage" data-mode="clinician|patient|student">.
   Student mode mirrors triage_form(mode="student"): the result stays hidden until the student
   commits to an urgency and a leading condition; the comparison's sentences are
   compare_commitment()'s templates (book.student.texts), compiled from Python. */
(function () {
  "use strict";

  // ---- the engine (mirrors soleuslib/triage/assess.py) ------------------------------------------
  function fmtG(x) { // Python's "{:g}"
    if (x === 0) return "0";
    var exp = Math.floor(Math.log10(Math.abs(x)));
    var text;
    if (exp < -4 || exp >= 6) {
      var parts = x.toExponential(5).split("e");
      var mant = parts[0].indexOf(".") >= 0 ? parts[0].replace(/0+$/, "").replace(/\.$/, "") : parts[0];
      var e = parseInt(parts[1], 10);
      text = mant + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
    } else {
      text = x.toFixed(Math.max(0, 5 - exp));
      if (text.indexOf(".") >= 0) text = text.replace(/0+$/, "").replace(/\.$/, "");
    }
    return text;
  }

  function matches(test, value) {
    if (test[0] === "equals") return value === test[1];
    return test[1].every(function (t) {
      var v = Number(value), limit = t[1];
      switch (t[0]) {
        case ">=": return v >= limit;
        case "<=": return v <= limit;
        case ">": return v > limit;
        case "<": return v < limit;
        default: return v === limit;
      }
    });
  }

  function show(spec, value) {
    if (spec.type === "bool") return value ? "yes" : "no";
    if (spec.type === "choice") return spec.choice_labels[spec.choices.indexOf(value)];
    return (fmtG(Number(value)) + " " + spec.unit).trim();
  }

  function capitalize(text) { // Python's str.capitalize()
    return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
  }

  function isLowerLetter(c) { return c !== "" && c === c.toLowerCase() && c !== c.toUpperCase(); }

  function inSentence(book, name) {
    if (book.proper_names.indexOf(name.split(/\s+/)[0]) >= 0 || !isLowerLetter(name.charAt(1))) return name;
    return name.charAt(0).toLowerCase() + name.slice(1);
  }

  function index(book) {
    if (book._index) return book._index;
    var ix = { findings: {}, conditions: {}, order: {}, rulesBy: {}, wellsBy: {}, rank: {} };
    book.findings.forEach(function (f) { ix.findings[f.id] = f; });
    book.conditions.forEach(function (c, n) { ix.conditions[c.id] = c; ix.order[c.id] = n; });
    book.rules.forEach(function (r) { (ix.rulesBy[r.finding] = ix.rulesBy[r.finding] || []).push(r); });
    book.wells_items.forEach(function (w) { (ix.wellsBy[w.finding] = ix.wellsBy[w.finding] || []).push(w); });
    book.urgency.order.forEach(function (u, n) { ix.rank[u] = n; });
    book._index = ix;
    return ix;
  }

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  function assess(book, given) {
    var ix = index(book);
    var scores = {}, flagged = {}, plausible = {}, refs = {}, reasons = [], wells = null;
    book.conditions.forEach(function (c) { scores[c.id] = 0; });
    book.findings.forEach(function (spec) {
      if (!has(given, spec.id) || given[spec.id] === null || given[spec.id] === undefined) return;
      var value = given[spec.id], parts = [];
      (ix.wellsBy[spec.id] || []).forEach(function (item) {
        if (wells === null) wells = 0;
        if (matches(item.test, value)) {
          wells += item.points;
          item.refs.forEach(function (k) { refs[k] = true; });
          parts.push("Wells item, " + (item.points >= 0 ? "+" : "") + item.points + " point" +
                     (Math.abs(item.points) > 1 ? "s" : "") + ".");
        }
      });
      (ix.rulesBy[spec.id] || []).forEach(function (rule) {
        if (!matches(rule.test, value)) return;
        scores[rule.condition] += rule.weight;
        if (rule.effect === "flag") flagged[rule.condition] = true;
        if (rule.effect === "plausible") plausible[rule.condition] = true;
        rule.refs.forEach(function (k) { refs[k] = true; });
        parts.push(rule.reason);
      });
      if (parts.length) reasons.push(spec.label + " (" + show(spec, value) + "): " + parts.join(" "));
    });
    if (wells !== null) scores[book.wells_condition] = wells;
    book.conditions.forEach(function (c) {
      if (c.flag_min_score !== null && scores[c.id] >= c.flag_min_score) flagged[c.id] = true;
      if (c.plausible_min_score !== null && scores[c.id] >= c.plausible_min_score) plausible[c.id] = true;
    });
    Object.keys(flagged).forEach(function (c) { plausible[c] = true; });
    var dangerous = Object.keys(plausible).sort(function (a, b) {
      var ua = ix.rank[ix.conditions[a].urgency], ub = ix.rank[ix.conditions[b].urgency];
      if (ua !== ub) return ub - ua;
      var fa = flagged[a] ? 0 : 1, fb = flagged[b] ? 0 : 1;
      if (fa !== fb) return fa - fb;
      return ix.order[a] - ix.order[b];
    });
    var others = book.conditions.map(function (c) { return c.id; })
      .filter(function (c) { return !plausible[c] && scores[c] > 0; })
      .sort(function (a, b) { return (scores[b] - scores[a]) || (ix.order[a] - ix.order[b]); });
    var ranked = dangerous.concat(others);
    ranked.forEach(function (c) { ix.conditions[c].refs.forEach(function (k) { refs[k] = true; }); });
    if (wells !== null) ix.conditions[book.wells_condition].refs.forEach(function (k) { refs[k] = true; });
    var setter = dangerous.length ? dangerous[0] : null;
    var urgency = setter ? ix.conditions[setter].urgency : "routine";
    var answered = book.findings.filter(function (f) {
      return has(given, f.id) && given[f.id] !== null && given[f.id] !== undefined;
    });
    var isGiven = {};
    answered.forEach(function (f) { isGiven[f.id] = true; });
    var notRuledOut = [];
    book.conditions.forEach(function (c) {
      if (!c.dangerous || plausible[c.id]) return;
      var asks = book.key_findings[c.id].filter(function (f) { return !isGiven[f]; });
      if (asks.length) notRuledOut.push([c.id, asks]);
    });
    var redFlags = dangerous.filter(function (c) { return flagged[c]; });
    var action;
    if (setter) {
      var sc = ix.conditions[setter];
      action = flagged[setter] && sc.flag_action ? sc.flag_action : sc.action;
    } else if (ranked.length) {
      action = ix.conditions[ranked[0]].action;
    } else {
      action = book.urgency.clinician.routine;
    }
    return {
      urgency: urgency,
      red_flags: redFlags,
      ranked: ranked,
      reasons: reasons,
      references: Object.keys(refs).sort(),
      wells_score: wells,
      scores: ranked.map(function (c) { return [c, scores[c]]; }),
      wells_likely: wells === null ? null : wells >= book.wells_threshold,
      wells_threshold: book.wells_threshold,
      red_flag_questions_not_asked: book.findings.filter(function (f) {
        return f.section === "red_flag" && !isGiven[f.id];
      }).map(function (f) { return f.id; }),
      summary: summary(book, urgency, setter, redFlags, ranked, notRuledOut),
      action: action,
      plausible: dangerous,
      urgency_set_by: setter,
      not_ruled_out: notRuledOut,
      wells_open: book.wells_items.filter(function (w) { return !isGiven[w.finding]; })
        .map(function (w) { return w.finding; }),
      answered: answered.length
    };
  }

  function summary(book, urgency, setter, redFlags, ranked, notRuledOut) {
    var ix = index(book);
    var name = function (c) { return inSentence(book, ix.conditions[c].name); };
    var text;
    if (redFlags.length) {
      text = "Red flag: features consistent with " + redFlags.map(name).join(" and ") + ".";
      var others = ranked.filter(function (c) {
        return c !== setter && redFlags.indexOf(c) < 0 && ix.conditions[c].dangerous;
      });
      if (redFlags.indexOf(setter) < 0) {
        text = "Safety net: " + name(setter) + " is plausible and sets the urgency. " + text;
      } else if (others.length) {
        text += " Also plausible: " + others.map(name).join(", ") + ".";
      }
    } else if (setter) {
      text = "Safety net: " + name(setter) + " is plausible and not excluded, so it sets the urgency.";
    } else if (ranked.length) {
      text = "No dangerous condition is plausible from the answers given. Features most " +
             "consistent with " + name(ranked[0]) + ".";
    } else {
      text = "No dangerous condition is plausible from the answers given, and too little is " +
             "known to rank.";
    }
    if (setter) text += " " + capitalize(book.urgency.clinician[urgency]) + ".";
    if (notRuledOut.length) {
      text += " " + notRuledOut.length + " dangerous condition(s) not ruled out yet: their key " +
              "questions were not asked.";
    }
    return text + " " + book.texts.disclaimer;
  }

  // ---- the student's commitment (mirrors soleuslib/triage/display.py, compare_commitment) -----
  function fill(template, values) { // Python's str.format with {name} placeholders only
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return has(values, key) ? values[key] : whole; });
  }

  function compareCommitment(book, a, urgency, leading) {
    var ix = index(book);
    if (!has(ix.rank, urgency)) throw new Error("unknown urgency: " + urgency);
    if (!has(ix.conditions, leading)) throw new Error("unknown condition: " + leading);
    var t = book.student.texts, words = book.student.urgency_words;
    var name = function (c) { return ix.conditions[c].name; };
    var expectedLeading = a.ranked.length ? a.ranked[0] : null;
    var said = [];
    if (urgency === a.urgency) {
      said.push(fill(t.urgency_matched, { expected: words[a.urgency] }));
    } else {
      said.push(fill(t.urgency_differs, { chosen: words[urgency], expected: words[a.urgency] }) +
        (ix.rank[urgency] < ix.rank[a.urgency] ? t.urgency_lower : t.urgency_higher));
    }
    said.push(a.urgency_set_by ? fill(t.safety_net, { name: inSentence(book, name(a.urgency_set_by)) }) : t.no_danger);
    if (expectedLeading === null) said.push(t.leading_none);
    else if (leading === expectedLeading) said.push(fill(t.leading_matched, { name: name(leading) }));
    else said.push(fill(t.leading_differs, { chosen: name(leading), expected: name(expectedLeading) }));
    a.reasons.forEach(function (r) { said.push(fill(t.why, { reason: r })); });
    return {
      urgency: urgency, leading: leading, expected_urgency: a.urgency, expected_leading: expectedLeading,
      urgency_matched: urgency === a.urgency, leading_matched: leading === expectedLeading,
      explanation: said, references: a.references
    };
  }

  // ---- the result panels (mirror soleuslib/widgets/triage.py) --------------------------------
  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function banner(book, urgency, mode) {
    var colours = urgency ? book.urgency.colours[urgency] : book.urgency.neutral;
    var words = urgency ? book.urgency[mode][urgency] : book.texts.not_assessed[mode];
    return '<div class="triage-urgency triage-urgency-' + (urgency || "none") + '" ' +
      'style="border-left:10px solid ' + colours[0] + ";background:" + colours[1] +
      ';color:#1a1a1a;padding:8px 12px;font-weight:600;font-size:1.1em">' + esc(words) + "</div>";
  }

  function lowerFirst(book, name) {
    var first = name.split(/\s+/)[0];
    var keep = (first === first.toUpperCase() && first.length > 1 && first !== first.toLowerCase()) ||
               book.proper_names.indexOf(first) >= 0;
    return keep ? name : name.charAt(0).toLowerCase() + name.slice(1);
  }

  function commitmentHtml(book, c) {
    var head = book.student.heads[c.urgency_matched && c.leading_matched ? "matched" : "compare"];
    return '<div class="triage-commitment"><p><b>' + esc(head) + '</b></p><ul class="triage-commitment-why">' +
      c.explanation.map(function (line) { return "<li>" + esc(line) + "</li>"; }).join("") + "</ul></div>";
  }

  function studentHiddenHtml(book) {
    var colours = book.urgency.neutral;
    return '<div class="triage-urgency triage-urgency-none" style="border-left:10px solid ' + colours[0] +
      ";background:" + colours[1] + ';color:#1a1a1a;padding:8px 12px;font-weight:600;font-size:1.1em">' +
      esc(book.student.hidden) + "</div>";
  }

  function clinicianHtml(book, a) {
    var ix = index(book);
    if (!a.answered) return banner(book, null, "clinician") + '<p class="triage-summary">' + esc(a.summary) + "</p>";
    var label = function (f) { return ix.findings[f].label; };
    var name = function (c) { return ix.conditions[c].name; };
    var out = [banner(book, a.urgency, "clinician"), '<p class="triage-summary">' + esc(a.summary) + "</p>",
      '<p class="triage-action"><b>Next step (teaching):</b> ' + esc(a.action) + "</p>"];
    if (a.not_ruled_out.length) {
      out.push("<p><b>Not ruled out yet</b> (ask next):</p>");
      out.push('<ul class="triage-not-ruled-out">' + a.not_ruled_out.map(function (pair) {
        return "<li>" + esc(name(pair[0])) + ": ask " + esc(pair[1].map(label).join("; ")) + "</li>";
      }).join("") + "</ul>");
    }
    var wells;
    if (a.wells_score === null) {
      wells = "not answered (no Wells item given)";
    } else {
      wells = a.wells_score + " (threshold " + a.wells_threshold + " or more: " +
        (a.wells_likely ? "'DVT likely'" : "'DVT unlikely'") + ")";
      if (a.wells_open.length) wells += "; " + a.wells_open.length + " item(s) still open: " + a.wells_open.map(label).join(", ");
    }
    out.push('<p class="triage-wells"><b>Wells score:</b> ' + esc(wells) + "</p>");
    if (a.ranked.length) {
      var score = {};
      a.scores.forEach(function (p) { score[p[0]] = p[1]; });
      out.push("<p><b>Ranked</b> (most urgent, then most consistent, first):</p>");
      out.push('<ol class="triage-ranked">' + a.ranked.map(function (c) {
        var tag = a.red_flags.indexOf(c) >= 0 ? "red flag" :
          a.plausible.indexOf(c) >= 0 ? "plausible: safety net" : "score " + score[c];
        return "<li>" + esc(name(c)) + " <small>(" + tag + ")</small></li>";
      }).join("") + "</ol>");
    }
    if (a.reasons.length) {
      out.push('<p><b>Why</b></p><ul class="triage-reasons">' + a.reasons.map(function (r) {
        return "<li>" + esc(r) + "</li>";
      }).join("") + "</ul>");
    }
    if (a.references.length) {
      out.push('<p class="triage-references"><b>Sources:</b> ' + a.references.map(function (k) {
        var ref = book.references[k];
        return ref.link ? '<a href="' + esc(ref.link) + '">' + esc(ref.short) + "</a>" : esc(ref.short);
      }).join("; ") + "</p>");
    }
    return out.join("");
  }

  function patientQuestions(book, a) {
    var ix = index(book);
    var plain = function (c) { return lowerFirst(book, ix.conditions[c].plain_name); };
    return a.plausible.map(function (c) { return "Could this be " + plain(c) + "?"; })
      .concat(a.not_ruled_out.map(function (p) { return "Have you checked for " + plain(p[0]) + "?"; }))
      .concat(["When is it safe for me to run again?"]);
  }

  function patientHtml(book, a) {
    var ix = index(book);
    if (!a.answered) return banner(book, null, "patient");
    var lead = a.urgency_set_by || (a.ranked.length ? a.ranked[0] : null);
    var step = lead ? ix.conditions[lead].plain_action : book.urgency.patient.routine;
    return banner(book, a.urgency, "patient") +
      '<p class="triage-action"><b>What to do:</b> ' + esc(step) + "</p>" +
      '<p><b>Questions to ask your clinician</b></p><ul class="triage-ask">' +
      patientQuestions(book, a).map(function (q) { return "<li>" + esc(q) + "</li>"; }).join("") + "</ul>" +
      '<p class="triage-note">This is not a diagnosis. Your clinician will check your leg.</p>';
  }

  // ---- the form ---------------------------------------------------------------------------------
  var counter = 0;

  function build(holder, book) {
    var ix = index(book);
    var uid = "st" + (++counter);
    var asked = holder.getAttribute("data-mode");
    var mode = asked === "patient" || asked === "student" ? asked : "clinician";
    var revealed = false;
    var modeLabels = { clinician: "Clinician (all questions)",
      patient: "Patient (plain words, no examination items)", student: "Student (commit first)" };
    holder.innerHTML = "";
    holder.classList.add("triage-form", "soleus-static-triage-ready");

    var modes = document.createElement("fieldset");
    modes.className = "triage-mode";
    modes.innerHTML = "<legend>Who is answering?</legend>" + ["clinician", "patient", "student"].map(function (m) {
      return '<label><input type="radio" name="' + uid + '-mode" value="' + m + '"' +
        (m === mode ? " checked" : "") + "> " + modeLabels[m] + "</label>";
    }).join(" ");
    holder.appendChild(modes);

    // the student's commitment: an urgency, a leading condition and "Show the answer"
    var commit = document.createElement("div");
    commit.className = "triage-commit";
    var choose = '<option value="">' + esc(book.student.choose) + "</option>";
    var options = function (pairs) {
      return choose + pairs.map(function (p) {
        return '<option value="' + esc(p[0]) + '">' + esc(p[1]) + "</option>";
      }).join("");
    };
    // the widget's order: most urgent first; conditions by name (Python's sorted, code points)
    var urgencies = book.urgency.order.slice().reverse().map(function (u) { return [u, book.urgency.clinician[u]]; });
    var leads = book.conditions.map(function (c) { return [c.id, c.name]; })
      .sort(function (p, q) { return p[1] < q[1] ? -1 : p[1] > q[1] ? 1 : 0; });
    commit.innerHTML = '<label for="' + uid + '-commit-urgency">Your urgency</label> <select id="' + uid +
      '-commit-urgency" class="triage-commit-urgency">' + options(urgencies) + "</select> " +
      '<label for="' + uid + '-commit-leading">Your leading condition</label> <select id="' + uid +
      '-commit-leading" class="triage-commit-leading">' + options(leads) + "</select> " +
      '<button type="button" class="triage-show-answer" disabled>Show the answer</button>';
    holder.appendChild(commit);
    var commitUrgency = commit.querySelector(".triage-commit-urgency");
    var commitLeading = commit.querySelector(".triage-commit-leading");
    var showButton = commit.querySelector(".triage-show-answer");

    var form = document.createElement("form");
    form.className = "triage-questions";
    form.setAttribute("novalidate", "");
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var panel = document.createElement("div");
    panel.className = "triage-result";
    panel.setAttribute("role", "status");
    panel.setAttribute("aria-live", "polite");
    panel.setAttribute("aria-atomic", "true");
    holder.appendChild(panel);
    holder.appendChild(form);

    function draw() {
      var t0 = performance.now();
      var given = {};
      form.querySelectorAll(".triage-error").forEach(function (n) { n.textContent = ""; });
      book.form_order.forEach(function (fid) {
        var spec = ix.findings[fid];
        if (spec.type === "bool") {
          var picked = form.querySelector('input[name="' + uid + "-" + fid + '"]:checked');
          if (picked && picked.value !== "not_asked") given[fid] = picked.value === "yes";
        } else if (spec.type === "choice") {
          var select = form.querySelector("#" + uid + "-" + fid);
          if (select && select.value !== "not_asked") given[fid] = select.value;
        } else {
          var input = form.querySelector("#" + uid + "-" + fid);
          if (!input || input.value.trim() === "") return;
          var number = Number(input.value.trim().replace(",", "."));
          if (isNaN(number) || number < spec.min || number > spec.max) {
            form.querySelector("#" + uid + "-" + fid + "-error").textContent = "Not used: " + spec.label +
              " must be a number between " + fmtG(spec.min) + " and " + fmtG(spec.max) + " " + spec.unit +
              " (you typed '" + input.value + "').";
          } else {
            given[fid] = number;
          }
        }
      });
      var a = assess(book, given);
      if (mode === "patient") {
        panel.innerHTML = patientHtml(book, a);
      } else if (mode !== "student") {
        panel.innerHTML = clinicianHtml(book, a);
      } else {
        var committed = commitUrgency.value !== "" && commitLeading.value !== "";
        showButton.disabled = !committed;
        if (revealed && committed) {
          var c = compareCommitment(book, a, commitUrgency.value, commitLeading.value);
          panel.innerHTML = commitmentHtml(book, c) + clinicianHtml(book, a);
          holder.soleusCommitment = c;
        } else {
          panel.innerHTML = studentHiddenHtml(book);
          holder.soleusCommitment = null;
        }
      }
      holder.soleusAssessment = a;
      window.soleusTriageTimings = window.soleusTriageTimings || [];
      window.soleusTriageTimings.push(performance.now() - t0);
    }

    function questions() {
      var html = [];
      var plain = mode === "patient";
      var titles = book.sections[plain ? "patient" : "clinician"];
      var section = null;
      html.push(mode === "student" ? book.student.intro_html : "<p>" + (plain ? esc(book.texts.patient_intro) :
        "<b>Teaching tool, not a diagnosis.</b> Answer what you know and leave the rest as " +
        "<i>Not asked</i>: an unanswered question counts as unknown, never as no.") + "</p>");
      html.push('<button type="button" class="triage-reset">' + (plain ? "Start again" : "Reset") + "</button>");
      var unknown = plain ? "Not sure" : "Not asked";
      book.form_order.forEach(function (fid) {
        var spec = ix.findings[fid];
        if (plain && !spec.patient_question) return;
        if (spec.section !== section) {
          section = spec.section;
          html.push('<h4 class="triage-section">' + esc(titles[section]) + "</h4>");
        }
        var text = esc(plain ? spec.patient_question : spec.question);
        var id = uid + "-" + fid;
        if (spec.type === "bool") {
          html.push('<fieldset class="triage-question" data-finding="' + fid + '"><legend>' + text + "</legend>" +
            [["not_asked", unknown], ["yes", "Yes"], ["no", "No"]].map(function (o) {
              return '<label><input type="radio" name="' + id + '" value="' + o[0] + '"' +
                (o[0] === "not_asked" ? " checked" : "") + "> " + o[1] + "</label>";
            }).join(" ") + "</fieldset>");
        } else if (spec.type === "choice") {
          html.push('<div class="triage-question" data-finding="' + fid + '"><label for="' + id + '">' + text +
            '</label><select id="' + id + '"><option value="not_asked">' + unknown + "</option>" +
            spec.choices.map(function (c, n) {
              return '<option value="' + esc(c) + '">' + esc(spec.choice_labels[n]) + "</option>";
            }).join("") + "</select></div>");
        } else {
          html.push('<div class="triage-question" data-finding="' + fid + '"><label for="' + id + '">' + text +
            " (" + esc(spec.unit) + ')</label><input type="text" inputmode="decimal" id="' + id +
            '" aria-describedby="' + id + '-error" placeholder="not asked"><span class="triage-error" id="' +
            id + '-error" role="alert"></span></div>');
        }
      });
      if (plain) html.push('<p class="triage-exam-note">' + esc(book.texts.patient_exam_note) + "</p>");
      form.innerHTML = html.join("");
      form.querySelector(".triage-reset").addEventListener("click", function () { revealed = false; questions(); draw(); });
      holder.classList.toggle("triage-form-patient", plain);
      holder.classList.toggle("triage-form-clinician", mode === "clinician");
      holder.classList.toggle("triage-form-student", mode === "student");
      commit.hidden = mode !== "student";
    }

    function changed() { revealed = false; draw(); } // any change hides the student's answer again
    form.addEventListener("change", changed);
    form.addEventListener("input", function (e) { if (e.target.tagName === "INPUT" && e.target.type === "text") changed(); });
    commit.addEventListener("change", changed);
    showButton.addEventListener("click", function () {
      if (commitUrgency.value === "" || commitLeading.value === "") return;
      revealed = true;
      draw();
    });
    modes.addEventListener("change", function (e) { mode = e.target.value; revealed = false; questions(); draw(); });
    questions();
    draw();
  }

  function start() {
    var book = window.SOLEUS_TRIAGE_RULEBOOK;
    if (!book) return;
    document.querySelectorAll(".soleus-static-triage").forEach(function (holder) { build(holder, book); });
  }

  window.SoleusTriage = {
    assess: function (given, book) { return assess(book || window.SOLEUS_TRIAGE_RULEBOOK, given); },
    compareCommitment: function (a, urgency, leading, book) {
      return compareCommitment(book || window.SOLEUS_TRIAGE_RULEBOOK, a, urgency, leading);
    },
    patientQuestions: function (a, book) { return patientQuestions(book || window.SOLEUS_TRIAGE_RULEBOOK, a); },
    fmtG: fmtG,
    matches: matches,
    start: start
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
