// align review: the page. Plain modern JS, no build step, no network but its own server.
// Live mode talks to /api (align review); static mode reads the JSON in #align-data
// (align review --export report.html) and is read-only.
"use strict";
(() => {
  const PAGE = 100;          // beads rendered at once
  const DOC_PAGE = 100;      // documents listed at once
  const $ = (sel) => document.querySelector(sel);
  const dataEl = document.getElementById("align-data");
  const STATIC = dataEl ? JSON.parse(dataEl.textContent) : null;
  const params = new URLSearchParams(location.search);
  const TOKEN = params.get("token") || sessionStorage.getItem("align-token") || "";
  if (params.get("token")) sessionStorage.setItem("align-token", TOKEN);
  const timing = (window.alignTiming = { start: performance.now(), firstRows: null, nav: [] });

  // ------------------------------------------------------------------ data access
  async function call(path, body) {
    const opts = { headers: { "X-Align-Token": TOKEN } };
    if (body !== undefined) {
      opts.method = "POST";
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    let res;
    try { res = await fetch("api/" + path, opts); }
    catch (e) { throw new Error("the review server does not answer: is `align review` still running? (nothing was changed)"); }
    let out = null;
    try { out = await res.json(); } catch (e) { out = { error: res.statusText }; }
    if (!res.ok) { const err = new Error(out && out.error || res.statusText); err.status = res.status; throw err; }
    return out;
  }
  const api = STATIC ? {
    meta: async () => ({ readonly: true, reviewer: "", out: null, glossary: true }),
    docs: async () => STATIC.docs,
    doc: async (i) => STATIC.views[i],
    edit: async () => { throw new Error("read-only export"); },
    exportAll: async () => { throw new Error("read-only export"); },
    findings: async (i) => ({ version: STATIC.views[i].version, findings: STATIC.views[i].findings, counts: STATIC.views[i].counts }),
  } : {
    meta: () => call("meta"),
    docs: () => call("docs"),
    doc: (i) => call("docs/" + i),
    findings: (i) => call("docs/" + i + "/findings"),
    edit: (i, op) => call("docs/" + i + "/edit", op),
    exportAll: () => call("export", {}),
  };

  // ------------------------------------------------------------------ state
  const S = {
    meta: null, docs: [], docPage: 0, docFilter: "",
    view: null, docIndex: -1, order: [], pos: 0, page: 0,
    mode: "doc", split: null, busy: false,
    filters: { type: "", below: null, findings: false, unreviewed: false, gold: false },
    byBead: new Map(), // bead index -> findings
  };

  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const kindOf = (b) => `${b.src.length}-${b.tgt.length}`;
  const valueOf = (b) => (b.conf !== null && b.conf !== undefined ? b.conf : (b.score === null || b.score === undefined ? null : b.score));
  const fmtBead = (b) => `[${b.src.join(",")}]:[${b.tgt.join(",")}]`;

  function status(msg, isErr) {
    const el = $("#status");
    el.textContent = msg;
    el.classList.toggle("err", !!isErr);
    el.title = msg;
  }

  // ------------------------------------------------------------------ documents
  function renderOverall() {
    const tot = S.docs.reduce((a, d) => a + d.beads, 0);
    const rev = S.docs.reduce((a, d) => a + d.reviewed, 0);
    const pct = tot ? (100 * rev) / tot : 0;
    $("#overall .bar > span").style.width = pct.toFixed(1) + "%";
    $("#overall .label").textContent = `${rev} / ${tot} beads reviewed in ${S.docs.length} document pair${S.docs.length === 1 ? "" : "s"}`;
  }

  function filteredDocs() {
    const q = S.docFilter.trim().toLowerCase();
    return q ? S.docs.filter((d) => d.key.toLowerCase().includes(q)) : S.docs;
  }

  function renderDocList() {
    const list = filteredDocs();
    const pages = Math.max(1, Math.ceil(list.length / DOC_PAGE));
    S.docPage = Math.min(S.docPage, pages - 1);
    const rows = list.slice(S.docPage * DOC_PAGE, (S.docPage + 1) * DOC_PAGE);
    $("#doc-list").innerHTML = rows.map((d) => {
      const pct = d.beads ? (100 * d.reviewed) / d.beads : 0;
      return `<li data-doc="${d.index}" class="${d.index === S.docIndex ? "cur" : ""}">` +
        `<div class="name">${esc(d.key)}</div>` +
        `<div class="counts">${d.beads} beads · ${d.reviewed} reviewed · ${d.findings} finding${d.findings === 1 ? "" : "s"}</div>` +
        `<div class="bar"><span style="width:${pct.toFixed(1)}%"></span></div></li>`;
    }).join("");
    pager($("#doc-pager"), S.docPage, pages, list.length, "documents", (p) => { S.docPage = p; renderDocList(); });
  }

  function pager(el, page, pages, total, what, go) {
    if (pages <= 1) { el.innerHTML = ""; return; }
    el.innerHTML = `<button type="button" data-p="prev" ${page ? "" : "disabled"}>‹</button>` +
      `<span>page ${page + 1} of ${pages} (${total} ${what})</span>` +
      `<button type="button" data-p="next" ${page < pages - 1 ? "" : "disabled"}>›</button>`;
    el.querySelectorAll("button").forEach((b) => b.addEventListener("click", () => go(b.dataset.p === "prev" ? page - 1 : page + 1)));
  }

  async function openDoc(index, bead) {
    if (index < 0 || index >= S.docs.length) return;
    S.split = null;
    try {
      S.view = await api.doc(index);
    } catch (e) { status(e.message, true); return; }
    S.docIndex = index;
    document.body.dataset.judged = String(S.view.version);
    indexFindings();
    setupFilters();
    recompute();
    let pos = 0;
    if (bead !== undefined && bead !== null) { const p = S.order.indexOf(bead); if (p >= 0) pos = p; }
    S.pos = pos;
    S.page = Math.floor(pos / PAGE);
    renderDocList();
    renderHead();
    renderBeads();
    updateHash();
  }

  // ------------------------------------------------------------------ beads
  function indexFindings() {
    S.byBead = new Map();
    for (const f of S.view.findings) {
      if (!S.byBead.has(f.bead)) S.byBead.set(f.bead, []);
      S.byBead.get(f.bead).push(f);
    }
  }

  function setupFilters() {
    const v = S.view;
    const kinds = [...new Set(v.beads.map(kindOf))].sort();
    const sel = $("#f-type");
    const cur = S.filters.type;
    sel.innerHTML = `<option value="">all</option><option value="unaligned">1-0 / 0-1</option>` +
      kinds.map((k) => `<option value="${k}">${k}</option>`).join("");
    sel.value = kinds.includes(cur) || cur === "unaligned" ? cur : "";
    S.filters.type = sel.value;
    $("#f-below-label").textContent = v.scale.by;
    $("#f-gold-wrap").hidden = v.gold === null;
    if (v.gold === null) S.filters.gold = false;
  }

  function recompute() {
    const v = S.view, f = S.filters;
    let idx = [];
    for (let i = 0; i < v.beads.length; i++) {
      const b = v.beads[i];
      if (f.type) {
        const k = kindOf(b);
        if (f.type === "unaligned" ? !(k === "1-0" || k === "0-1") : k !== f.type) continue;
      }
      if (f.below !== null) { const val = valueOf(b); if (val === null || !(val < f.below)) continue; }
      if (f.findings && !S.byBead.has(i)) continue;
      if (f.unreviewed && b.status) continue;
      if (f.gold && b.gold !== false) continue;
      idx.push(i);
    }
    if (S.mode === "queue") {
      idx.sort((a, c) => {
        const A = v.beads[a], C = v.beads[c];
        if (!!A.status !== !!C.status) return A.status ? 1 : -1;
        const va = valueOf(A), vc = valueOf(C);
        if (va !== vc) return va === null ? 1 : vc === null ? -1 : va - vc;
        return a - c;
      });
    }
    S.order = idx;
  }

  function colour(b) {
    const val = valueOf(b), sc = S.view.scale;
    if (val === null || sc.low === null) return "c-none";
    return val < sc.low ? "c-low" : val < sc.mid ? "c-mid" : "c-high";
  }

  function tip(f) {
    const exp = f.expected.length ? f.expected.map((t) => `“${t}”`).join(" | ") : "(no term)";
    if (f.rule === "missing-term") return `missing term: “${f.source_term || f.entry}” should be rendered as ${exp} in the target`;
    if (f.rule === "forbidden-term") return `forbidden term “${f.found}”: expected ${exp}`;
    return `inconsistent term “${f.found}”: this document renders it as ${exp} elsewhere`;
  }

  function sentenceHtml(side, s, text, fs) {
    const marks = fs.filter((f) => f.side === side && f.sent === s && f.start !== null).sort((a, c) => a.start - c.start);
    let out = "", pos = 0;
    for (const f of marks) {
      if (f.start < pos) continue; // overlapping highlight: the first one wins
      out += esc(text.slice(pos, f.start));
      out += `<mark class="f f-${f.rule}" tabindex="-1" aria-label="${esc(tip(f))}" data-tip="${esc(tip(f))}">${esc(text.slice(f.start, f.end))}</mark>`;
      pos = f.end;
    }
    return out + esc(text.slice(pos));
  }

  function sideHtml(bi, b, side) {
    const ids = b[side], sents = S.view[side], sep = S.view.sep[side];
    const fs = S.byBead.get(bi) || [];
    const sp = S.split && S.split.bead === bi ? S.split : null;
    const cutAt = sp ? sp[side + "_at"] : -1;
    let html = "";
    ids.forEach((s, k) => {
      if (k === cutAt) html += `<span class="cut" title="split here"></span>`;
      else if (sp && k > 0) html += `<span class="gap" data-cut="${k}" data-side="${side}"></span>`;
      else if (k > 0) html += esc(sep);
      html += `<span class="sent" data-s="${s}" data-side="${side}" data-i="${s}">${sentenceHtml(side, s, sents[s], fs)}</span>`;
    });
    if (sp && cutAt === ids.length) html += `<span class="cut" title="split here"></span>`;
    const active = sp && sp.side === side ? " active" : "";
    return `<div class="side ${side}${ids.length ? "" : " empty"}${active}" lang="${esc(S.view[side + "_lang"])}">${html}</div>`;
  }

  function rowHtml(bi, cls) {
    const b = S.view.beads[bi];
    const k = kindOf(b), val = valueOf(b);
    const label = b.conf !== null && b.conf !== undefined ? "confidence" : "score";
    const chip = val === null ? `<span class="chip c-none" title="no score: made by an edit">—</span>`
      : `<span class="chip ${colour(b)}" title="${label} ${val}">${val.toFixed(val >= 10 ? 1 : 3)}</span>`;
    const st = b.status ? `<span class="st ${b.status}">${b.status === "accepted" ? "✓ accepted" : "✎ edited"}</span>` : `<span class="st">not reviewed</span>`;
    const gold = b.gold === false ? `<span class="st gold-no" title="this bead is not in the gold alignment">≠ gold</span>` : b.gold ? `<span class="st">= gold</span>` : "";
    const fs = (S.byBead.get(bi) || []).filter((f) => f.start === null);
    const flags = fs.length ? `<div class="flags">${fs.map((f) => `<span title="${esc(tip(f))}">⚑ ${esc(f.rule)}: ${esc(f.source_term || f.found || f.entry)}</span>`).join(" · ")}</div>` : "";
    const splitbar = S.split && S.split.bead === bi ? `<div class="splitbar">split: ←/→ move the ${S.split.side === "src" ? "source" : "target"} cut, Tab switches side, Enter splits, Esc cancels</div>` : "";
    return `<div class="bead ${cls}" data-b="${bi}" id="${cls.includes("ctx") ? "" : "bead-" + bi}">` +
      `<div class="num">#${bi + 1}<code>${fmtBead(b)}</code></div>` +
      `<div class="meta"><span class="kind${k === "1-0" || k === "0-1" ? " unaligned" : ""}">${k}</span>${chip}${st}${gold}</div>` +
      sideHtml(bi, b, "src") + sideHtml(bi, b, "tgt") + flags + splitbar + `</div>`;
  }

  function renderHead() {
    const v = S.view, c = v.counts;
    const pct = c.beads ? (100 * c.reviewed) / c.beads : 0;
    const gold = v.gold_f1 !== undefined ? ` · strict F1 against gold ${v.gold_f1.toFixed(3)}` : "";
    $("#doc-head").innerHTML = `<h2>${esc(v.key)} <span class="bar"><span style="width:${pct.toFixed(1)}%"></span></span></h2>` +
      `<div class="sub">${c.beads} beads · ${c.reviewed} reviewed (${c.edited} edited) · ${c.findings} glossary finding${c.findings === 1 ? "" : "s"}${gold} · ` +
      `${v.src.length} + ${v.tgt.length} sentences · coloured by ${v.scale.by}` +
      (v.saved_to ? ` · saved to ${esc(v.saved_to)}` : "") + `</div>`;
    document.querySelectorAll("#actions button").forEach((btn) => {
      if (btn.dataset.act === "undo") btn.disabled = !v.can_undo;
      if (btn.dataset.act === "redo") btn.disabled = !v.can_redo;
    });
    document.body.dataset.version = String(v.version);
    document.body.dataset.doc = String(S.docIndex);
    $("#mode-doc").classList.toggle("on", S.mode === "doc");
    $("#mode-queue").classList.toggle("on", S.mode === "queue");
  }

  function renderBeads() {
    const n = S.order.length;
    const pages = Math.max(1, Math.ceil(n / PAGE));
    S.page = Math.min(Math.max(0, S.page), pages - 1);
    const from = S.page * PAGE, to = Math.min(n, from + PAGE);
    let html = "";
    if (!n) html = `<div class="empty-view">No bead matches these filters.</div>`;
    for (let p = from; p < to; p++) {
      const bi = S.order[p];
      const cur = p === S.pos;
      if (cur && S.mode === "queue" && bi > 0) html += rowHtml(bi - 1, "ctx");
      html += rowHtml(bi, cur ? "cur" : "");
      if (cur && S.mode === "queue" && bi + 1 < S.view.beads.length) html += rowHtml(bi + 1, "ctx");
    }
    $("#beads").innerHTML = html;
    const go = (p) => { S.page = p; S.pos = p * PAGE; renderBeads(); };
    pager($("#bead-pager"), S.page, pages, n, "beads", go);
    pager($("#bead-pager-bottom"), S.page, pages, n, "beads", go);
    focusRow(false);
    if (timing.firstRows === null) {
      // first beads on screen, in ms since the navigation started (read by scripts/bench_review.py)
      requestAnimationFrame(() => { timing.firstRows = performance.now(); document.body.dataset.ready = "1"; });
    }
  }

  function focusRow(scroll = true) {
    const el = $("#beads .bead.cur");
    if (el && scroll) el.scrollIntoView({ block: "nearest" });
  }

  function currentBead() { return S.order.length ? S.order[S.pos] : null; }

  function moveTo(pos) {
    if (!S.order.length) return;
    const t0 = performance.now();
    pos = Math.max(0, Math.min(S.order.length - 1, pos));
    const page = Math.floor(pos / PAGE);
    S.split = null;
    if (page !== S.page || S.mode === "queue") {
      S.pos = pos; S.page = page; renderBeads();
    } else {
      const old = $("#beads .bead.cur");
      if (old) { old.classList.remove("cur"); }
      S.pos = pos;
      const el = document.getElementById("bead-" + S.order[pos]);
      if (el) el.classList.add("cur");
    }
    focusRow();
    updateHash();
    requestAnimationFrame(() => { timing.nav.push(performance.now() - t0); });
  }

  function updateHash() {
    const b = currentBead();
    history.replaceState(null, "", `#doc=${encodeURIComponent(S.view.key)}${b !== null ? "&bead=" + b : ""}${S.mode === "queue" ? "&view=queue" : ""}`);
  }

  // ------------------------------------------------------------------ edits
  async function send(op, keepPos = false) {
    if (STATIC || S.meta.readonly) { status("read-only: this is an export", true); return; }
    if (S.busy) return;
    S.busy = true;
    const bead = currentBead();
    try {
      const t0 = performance.now();
      const res = await api.edit(S.docIndex, { ...op, version: S.view.version });
      const t1 = performance.now();
      apply(res, bead, keepPos ? S.pos : null);
      timing.edits = timing.edits || [];
      timing.edits.push({ server: t1 - t0, render: performance.now() - t1 });
      status(`${res.action === "edit" ? res.op : res.action} saved · ${new Date().toLocaleTimeString()}`);
    } catch (e) {
      status(e.message, true);
      if (e.status === 409) await openDoc(S.docIndex, bead);
    } finally { S.busy = false; }
  }

  // the glossary findings of the edited document, judged again after each edit (the edit shows first)
  async function refreshFindings() {
    const index = S.docIndex;
    let res;
    try { res = await api.findings(index); } catch (e) { status(e.message, true); return; }
    const v = S.view;
    if (S.docIndex !== index || v.version !== res.version) return; // a newer edit will ask again
    const bead = currentBead();
    v.findings = res.findings; v.counts = res.counts;
    Object.assign(S.docs[index], res.counts);
    indexFindings();
    recompute();
    const p = S.order.indexOf(bead);
    if (p >= 0) { S.pos = p; S.page = Math.floor(p / PAGE); }
    S.pos = Math.min(S.pos, Math.max(0, S.order.length - 1));
    renderDocList(); renderHead(); if (!S.split) renderBeads();
    document.body.dataset.judged = String(res.version);
  }

  function apply(res, focusBead, keepPos) {
    const v = S.view;
    v.beads.splice(res.start, res.deleted, ...res.beads);
    // findings still refer to the old beads: keep those outside the edit, shifted
    const shift = res.beads.length - res.deleted;
    v.findings = v.findings.filter((f) => f.bead < res.start || f.bead >= res.start + res.deleted)
      .map((f) => (f.bead >= res.start + res.deleted ? { ...f, bead: f.bead + shift } : f));
    v.version = res.version; v.can_undo = res.can_undo; v.can_redo = res.can_redo; v.counts = res.counts;
    const row = S.docs[S.docIndex];
    Object.assign(row, res.counts);
    indexFindings();
    recompute();
    // stay on the edited place: the bead that now starts where the edit was, or the same position
    let target = focusBead;
    if (focusBead !== null && focusBead >= res.start) {
      target = focusBead < res.start + res.deleted ? res.start : focusBead - res.deleted + res.beads.length;
    }
    let p = keepPos !== null ? keepPos : S.order.indexOf(target);
    if (p < 0 || p >= S.order.length) p = Math.min(S.pos, S.order.length - 1);
    S.pos = Math.max(0, p);
    S.page = Math.floor(S.pos / PAGE);
    S.split = null;
    renderOverall(); renderDocList(); renderHead(); renderBeads(); focusRow(); updateHash();
    refreshFindings();
  }

  function act(name) {
    const bi = currentBead();
    if (name === "undo" || name === "redo") return send({ op: name });
    if (bi === null) return;
    const b = S.view.beads[bi];
    switch (name) {
      // in the queue (or among unreviewed beads) an accepted bead leaves: stay in place, on the next
      case "accept": return send({ op: "accept", bead: bi, value: b.status !== "accepted" }, S.mode === "queue" || S.filters.unreviewed);
      case "merge-next": return send({ op: "merge", bead: bi, with: "next" });
      case "merge-prev": return send({ op: "merge", bead: bi, with: "prev" });
      case "unalign": return send({ op: "unalign", bead: bi });
      case "split": return startSplit(bi);
      default: return undefined;
    }
  }

  function startSplit(bi) {
    if (STATIC) return;
    const b = S.view.beads[bi];
    const ns = b.src.length, nt = b.tgt.length;
    if (ns + nt < 2) { status("a bead of one sentence cannot be split", true); return; }
    let s = ns > 1 ? Math.floor(ns / 2) : ns, t = nt > 1 ? Math.floor(nt / 2) : nt;
    if (s === ns && t === nt) t = 0;
    if (s === 0 && t === 0) s = 1;
    S.split = { bead: bi, src_at: s, tgt_at: t, side: ns > 1 || nt === 0 ? "src" : "tgt" };
    rerenderCurrent();
  }

  function rerenderCurrent() {
    const bi = currentBead();
    const el = document.getElementById("bead-" + bi);
    if (!el) { renderBeads(); return; }
    const tmp = document.createElement("div");
    tmp.innerHTML = rowHtml(bi, "cur");
    el.replaceWith(tmp.firstChild);
  }

  function splitKey(e) {
    const sp = S.split, b = S.view.beads[sp.bead];
    const n = b[sp.side].length;
    if (e.key === "Escape") { S.split = null; rerenderCurrent(); }
    else if (e.key === "Tab") { sp.side = sp.side === "src" ? "tgt" : "src"; rerenderCurrent(); }
    else if (e.key === "ArrowLeft" || e.key === "h") { sp[sp.side + "_at"] = Math.max(0, sp[sp.side + "_at"] - 1); rerenderCurrent(); }
    else if (e.key === "ArrowRight" || e.key === "l") { sp[sp.side + "_at"] = Math.min(n, sp[sp.side + "_at"] + 1); rerenderCurrent(); }
    else if (e.key === "Enter" || e.key === "s") { const o = S.split; S.split = null; send({ op: "split", bead: o.bead, src_at: o.src_at, tgt_at: o.tgt_at }); }
    else return false;
    return true;
  }

  // ------------------------------------------------------------------ events
  document.addEventListener("keydown", (e) => {
    if (!S.view) return;
    const t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) {
      if (e.key === "Escape") t.blur();
      return;
    }
    if ($("#help").open) return;
    if (S.split) { if (splitKey(e)) e.preventDefault(); return; }
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && (e.key === "z" || e.key === "Z")) { e.preventDefault(); act(e.shiftKey ? "redo" : "undo"); return; }
    if (ctrl && e.key === "y") { e.preventDefault(); act("redo"); return; }
    if (ctrl || e.altKey) return;
    const keys = {
      j: () => moveTo(S.pos + 1), ArrowDown: () => moveTo(S.pos + 1),
      k: () => moveTo(S.pos - 1), ArrowUp: () => moveTo(S.pos - 1),
      PageDown: () => moveTo((S.page + 1) * PAGE), PageUp: () => moveTo((S.page - 1) * PAGE),
      Home: () => moveTo(0), End: () => moveTo(S.order.length - 1),
      J: () => openDoc(S.docIndex + 1), K: () => openDoc(S.docIndex - 1),
      q: () => setMode(S.mode === "doc" ? "queue" : "doc"),
      a: async () => { const p = S.pos; await act("accept"); if (S.mode === "doc" && !S.filters.unreviewed) moveTo(p + 1); },
      m: () => act("merge-next"), M: () => act("merge-prev"),
      s: () => act("split"), u: () => act("unalign"),
      "[": () => moveBoundary("src", -1), "]": () => moveBoundary("src", 1),
      "{": () => moveBoundary("tgt", -1), "}": () => moveBoundary("tgt", 1),
      z: () => act("undo"), y: () => act("redo"), Z: () => act("redo"),
      f: () => { $("#f-findings").checked = !$("#f-findings").checked; $("#f-findings").dispatchEvent(new Event("change")); },
      "?": () => $("#help").showModal(),
    };
    const fn = keys[e.key];
    if (fn) { e.preventDefault(); fn(); }
  });

  function moveBoundary(side, delta) {
    const bi = currentBead();
    if (bi === null) return;
    send({ op: "move", bead: bi, side, delta });
  }

  function setMode(mode) {
    const bi = currentBead();
    S.mode = mode;
    recompute();
    const p = mode === "queue" ? 0 : Math.max(0, S.order.indexOf(bi));
    S.pos = p; S.page = Math.floor(p / PAGE);
    renderHead(); renderBeads(); updateHash();
  }

  $("#mode-doc").addEventListener("click", () => setMode("doc"));
  $("#mode-queue").addEventListener("click", () => setMode("queue"));
  $("#help-btn").addEventListener("click", () => $("#help").showModal());
  $("#export-btn").addEventListener("click", async () => {
    try { const r = await api.exportAll(); status(`exported records to ${r.records} and gold beads to ${r.gold}`); }
    catch (e) { status(e.message, true); }
  });
  $("#actions").addEventListener("click", (e) => { const b = e.target.closest("button"); if (b) act(b.dataset.act); });
  $("#doc-list").addEventListener("click", (e) => { const li = e.target.closest("li"); if (li) openDoc(+li.dataset.doc); });
  $("#doc-filter").addEventListener("input", (e) => { S.docFilter = e.target.value; S.docPage = 0; renderDocList(); });
  const refilter = () => {
    const bi = currentBead();
    recompute();
    const p = S.order.indexOf(bi);
    S.pos = p >= 0 ? p : 0; S.page = Math.floor(S.pos / PAGE);
    renderBeads();
  };
  $("#f-type").addEventListener("change", (e) => { S.filters.type = e.target.value; refilter(); });
  $("#f-below").addEventListener("input", (e) => { const v = parseFloat(e.target.value); S.filters.below = Number.isFinite(v) ? v : null; refilter(); });
  $("#f-findings").addEventListener("change", (e) => { S.filters.findings = e.target.checked; refilter(); });
  $("#f-unreviewed").addEventListener("change", (e) => { S.filters.unreviewed = e.target.checked; refilter(); });
  $("#f-gold").addEventListener("change", (e) => { S.filters.gold = e.target.checked; refilter(); });
  $("#beads").addEventListener("click", (e) => {
    const gap = e.target.closest(".gap");
    if (gap && S.split) { S.split.side = gap.dataset.side; S.split[gap.dataset.side + "_at"] = +gap.dataset.cut; rerenderCurrent(); return; }
    const row = e.target.closest(".bead");
    if (!row || row.classList.contains("ctx")) return;
    const bi = +row.dataset.b;
    const sent = e.target.closest(".sent");
    if (e.altKey && sent && !STATIC) { send({ op: "unalign", bead: bi, side: sent.dataset.side, sentence: +sent.dataset.s }); return; }
    const p = S.order.indexOf(bi);
    if (p >= 0 && p !== S.pos) moveTo(p);
  });

  // ------------------------------------------------------------------ start
  (async () => {
    try {
      S.meta = await api.meta();
      S.docs = await api.docs();
    } catch (e) { status(e.message, true); return; }
    if (S.meta.readonly) { document.body.classList.add("readonly"); $("#mode-banner").hidden = false; }
    renderOverall();
    const h = new URLSearchParams(location.hash.slice(1));
    const key = h.get("doc");
    const found = key ? S.docs.findIndex((d) => d.key === key) : -1;
    const bead = h.get("bead");
    if (h.get("view") === "queue") S.mode = "queue";
    await openDoc(found >= 0 ? found : 0, found >= 0 && bead !== null ? +bead : null);
    if (!STATIC) status(S.meta.out ? `edits are saved in ${S.meta.out}` : "");
  })();
})();
