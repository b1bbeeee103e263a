// replylint coach panel: lints the draft as the agent types (debounced), highlights each
// finding at exactly the characters it names, explains it on hover, applies a suggestion with
// one click, and reports what the agent did with each finding (the feedback loop).
// Offsets: JavaScript strings count UTF-16 code units, so the spans' *Utf16 offsets index
// the textarea's value directly, emoji and other astral characters included.
(function () {
  "use strict";
  const draft = document.getElementById("draft");
  const mirror = document.getElementById("mirror");
  const list = document.getElementById("findings");
  const scoreEl = document.getElementById("score");
  const finalBox = document.getElementById("final");
  const applyAll = document.getElementById("apply-all");
  const rewriteEl = document.getElementById("rewrite");
  const statusEl = document.getElementById("status");
  const customerBox = document.getElementById("customer");
  const ruleset = new URLSearchParams(location.search).get("ruleset") || "";
  let revision = 0;
  let latest = null;        // the newest answer, for the text it was computed on
  let timer = null;
  const shown = new Set();  // findings already reported as shown, per rule + text
  const dismissed = new Set();

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  function report(ruleId, outcome) {
    fetch("v1/outcome", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ruleset, ruleId, outcome }) }).catch(() => {});
  }

  function key(f, text) {
    return f.ruleId + "\u0000" + text.slice(f.span.startUtf16, f.span.endUtf16);
  }

  function visible(answer, text) {
    return answer.findings.filter((f) => !dismissed.has(key(f, text)));
  }

  function render(answer, text) {
    const findings = visible(answer, text);
    // Highlights: walk the text once, in span order (spans do not overlap).
    let html = "";
    let at = 0;
    const sorted = findings.slice().sort((a, b) => a.span.startUtf16 - b.span.startUtf16);
    for (const f of sorted) {
      const b = f.span.startUtf16, e = f.span.endUtf16;
      if (b < at) continue;
      html += escapeHtml(text.slice(at, b));
      const sev = (f.severity || "").toLowerCase();
      const title = escapeHtml(f.ruleId + ": " + f.message);
      if (e > b) {
        html += '<mark class="' + sev + '" data-rule="' + f.ruleId + '" title="' + title + '">' +
                escapeHtml(text.slice(b, e)) + "</mark>";
      } else {
        html += '<mark class="insert ' + sev + '" data-rule="' + f.ruleId + '" title="' + title + '"></mark>';
      }
      at = e;
    }
    html += escapeHtml(text.slice(at)) + "\n";
    mirror.innerHTML = html;

    list.innerHTML = "";
    // A moved clause is two findings of one rule: the insertion, and the deletion marked
    // `moved`. The list shows the pair as one item whose button makes both edits.
    const moves = new Map();
    for (const f of findings) {
      if (f.moved) moves.set(f.ruleId, f);
    }
    for (const f of findings) {
      if (f.moved) continue;
      const partner = f.span.startUtf16 === f.span.endUtf16 ? moves.get(f.ruleId) : undefined;
      const k = key(f, text);
      if (!shown.has(k)) {
        shown.add(k);
        report(f.ruleId, "SHOWN");
      }
      const li = document.createElement("li");
      li.dataset.rule = f.ruleId;
      const matched = text.slice(f.span.startUtf16, f.span.endUtf16);
      li.innerHTML = '<button class="dismiss" title="忽略 dismiss">×</button>' +
        '<div class="rule">' + escapeHtml(f.ruleId) + (matched ? " · “" + escapeHtml(matched) + "”" : "") + "</div>" +
        "<div>" + escapeHtml(f.message) + "</div>";
      for (const s of f.suggestions || []) {
        const btn = document.createElement("button");
        btn.className = "suggestion";
        // too-long's break: "\n", or "😊\n" when the piece before it has no emoji of its own.
        btn.textContent = s.endsWith("\n") ? s.slice(0, -1) + "↵ 分段 split here" : s === "" ? "删除 delete" :
                          partner ? "移到这里 move here: " + s : s;
        btn.addEventListener("click", () => {
          let t = text;
          if (partner && partner.span.startUtf16 >= f.span.endUtf16) {  // the later edit first
            t = t.slice(0, partner.span.startUtf16) + t.slice(partner.span.endUtf16);
          }
          draft.value = t.slice(0, f.span.startUtf16) + s + t.slice(f.span.endUtf16);
          report(f.ruleId, "ACCEPTED");
          lintNow();
        });
        li.appendChild(btn);
      }
      li.querySelector(".dismiss").addEventListener("click", () => {
        dismissed.add(k);
        report(f.ruleId, "DISMISSED");
        render(answer, text);
      });
      list.appendChild(li);
    }
    scoreEl.textContent = text ? String(answer.score) : "—";
    applyAll.disabled = answer.rewrite === text;
    rewriteEl.textContent = answer.rewrite === text ? "" : answer.rewrite;
  }

  let inflight = null;  // the AbortController of the lint request on its way

  async function lintNow() {
    const text = draft.value;
    const customer = customerBox.value.trim();
    const rev = ++revision;
    // A newer draft makes the answer still on its way worthless: cancel that request, and give
    // up on any answer slower than 2 s rather than waiting on a busy server.
    if (inflight) inflight.abort();
    const ctl = new AbortController();
    inflight = ctl;
    const timeout = setTimeout(() => ctl.abort(), 2000);
    try {
      const res = await fetch("v1/lint", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text, final: finalBox.checked, ruleset, revision: String(rev),
                               context: customer ? [{ role: "CUSTOMER", text: customer }] : [] }),
        signal: ctl.signal });
      const body = await res.json();
      if (rev !== revision || draft.value !== text) return;  // superseded by a newer keystroke
      if (!res.ok) {
        statusEl.textContent = body.code + ": " + body.message;
        return;
      }
      statusEl.textContent = "";
      latest = { answer: body, text };
      render(body, text);
    } catch (err) {
      if (rev !== revision) return;  // cancelled for a newer keystroke: nothing to say
      statusEl.textContent = ctl.signal.aborted ? "答复超时 the answer took over 2 s"
                                                : "服务不可用 service unavailable";
    } finally {
      clearTimeout(timeout);
      if (inflight === ctl) inflight = null;
    }
  }

  draft.addEventListener("input", () => {
    mirror.textContent = draft.value + "\n";  // keep the layout in step until the answer comes
    clearTimeout(timer);
    timer = setTimeout(lintNow, 120);
  });
  draft.addEventListener("scroll", () => { mirror.scrollTop = draft.scrollTop; });
  finalBox.addEventListener("change", lintNow);
  customerBox.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lintNow, 120);
  });
  applyAll.addEventListener("click", () => {
    if (!latest) return;
    for (const f of visible(latest.answer, latest.text)) {
      if ((f.suggestions || []).length) report(f.ruleId, "ACCEPTED");
    }
    draft.value = latest.answer.rewrite;
    lintNow();
  });
  window.replylintPanel = { lintNow };
})();
