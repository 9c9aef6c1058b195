// IngestPlatform dashboard: plain JavaScript over the API's JSON endpoints, no build step.
// Every value from the server is escaped (esc) before it is put into HTML.
"use strict";

const view = document.getElementById("view");
const live = document.getElementById("live");
const tokenForm = document.getElementById("token-form");
const RefreshMs = 2000;
let timer = null;
let renderId = 0;

const esc = (value) => String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const num = (n) => (n == null ? "–" : Number(n).toLocaleString("en"));
const when = (iso) => (iso ? new Date(iso).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z") : "–");
const rate = (r) => (r == null ? "–" : r.toFixed(1));

// ts_headline marks matches with ** (the API's StartSel/StopSel): escape first, then mark.
const highlight = (snippet) => esc(snippet).split("**").map((part, i) => (i % 2 ? `<mark>${part}</mark>` : part)).join("");

class Unauthorized extends Error {}

async function api(path) {
  const headers = {};
  const token = sessionStorage.getItem("ingest-token");
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { headers });
  if (response.status === 401) throw new Unauthorized("A token is required.");
  const body = await response.json();
  if (!response.ok) {
    const detail = body.errors ? Object.values(body.errors).flat().join(" ") : body.detail || body.title;
    throw new Error(detail || `HTTP ${response.status}`);
  }
  return body;
}

tokenForm.addEventListener("submit", (e) => {
  e.preventDefault();
  sessionStorage.setItem("ingest-token", document.getElementById("token").value.trim());
  tokenForm.hidden = true;
  route();
});

function showError(e) {
  if (e instanceof Unauthorized) {
    tokenForm.hidden = false;
    live.classList.add("stale");
    return;
  }
  live.classList.add("stale");
  live.textContent = `error: ${e.message}`;
}

function params() {
  const [, query = ""] = location.hash.split("?");
  return new URLSearchParams(query);
}

function go(path, values) {
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== "" && v != null)).toString();
  location.hash = query ? `${path}?${query}` : path;
}

// ---- Pipeline now ---------------------------------------------------------------------------------------------

async function overview(id) {
  const [pipeline, stats, timeline] = await Promise.all([api("/pipeline"), api("/stats"), api("/stats/timeline")]);
  if (id !== renderId) return;
  const failures = stats.files.rejected + stats.files.fault;
  view.innerHTML = `
    <div class="cards">
      ${card("inbox-waiting", pipeline.inboxWaiting == null ? "?" : num(pipeline.inboxWaiting), "files waiting in the inbox")}
      ${card("documents", num(stats.documents), "documents stored")}
      ${card("sources", num(stats.sources), "source files stored")}
      ${card("last-minute", num(stats.rate.documentsLastMinute), "documents in the last minute")}
      ${card("failures", num(failures), `<a href="#/failures">failures</a> (${num(stats.files.rejected)} rejected, ${num(stats.files.fault)} faults)`)}
    </div>
    ${watchers(pipeline)}
    <div class="grid2">
      <div>
        <h2>Documents stored per minute, last hour</h2>
        <div class="panel">${chart(timeline)}</div>
        <h2>Queues</h2>
        <div class="panel">${queues(pipeline)}</div>
      </div>
      <div>
        <h2>Documents by language</h2>
        <div class="panel">${languages(stats.documentsByLanguage)}</div>
        <h2>Failures by stage</h2>
        <div class="panel">${failuresByStage(stats.failuresByStage)}</div>
      </div>
    </div>`;
}

const card = (id, n, label) => `<div class="card" data-testid="${id}"><div class="n">${n}</div><div class="l">${label}</div></div>`;

function watchers(pipeline) {
  const rows = pipeline.watchers.map((w) => w.problem
    ? `<li class="problem">${esc(w.url)}: ${esc(w.problem)}</li>`
    : `<li>${esc(w.role)} watcher of <code>${esc(w.inbox)}</code>${w.role === "active" ? `: ${num(w.waiting)} waiting, last scan ${w.lastScanAgeSeconds == null ? "–" : w.lastScanAgeSeconds.toFixed(1) + " s"} ago` : ""}${w.brokerTroubleSeconds != null ? ` <span class="problem">(broker not taking files for ${w.brokerTroubleSeconds.toFixed(0)} s)</span>` : ""}</li>`);
  const none = pipeline.watchers.length === 0 ? `<li class="muted">No watcher status configured (Api__WatcherStatusUrls__0): the inbox backlog is unknown.</li>` : "";
  return `<ul class="muted" data-testid="watchers">${rows.join("")}${none}</ul>`;
}

function queues(pipeline) {
  if (pipeline.brokerProblem) return `<p class="problem" data-testid="broker-problem">${esc(pipeline.brokerProblem)}</p>`;
  return `<table data-testid="queues"><thead><tr><th>Queue</th><th class="num">Messages</th><th class="num">Ready</th><th class="num">Unacked</th><th class="num">Consumers</th><th class="num">In/s</th><th class="num">Out/s</th></tr></thead><tbody>
    ${pipeline.queues.map((q) => `<tr class="${q.isErrorQueue ? "error-queue" : ""}" data-queue="${esc(q.name)}"><td>${esc(q.name)}</td><td class="num">${num(q.messages)}</td><td class="num">${num(q.ready)}</td><td class="num">${num(q.unacknowledged)}</td><td class="num">${num(q.consumers)}</td><td class="num">${rate(q.publishRate)}</td><td class="num">${rate(q.deliverRate)}</td></tr>`).join("")}
  </tbody></table>`;
}

function chart(timeline) {
  const width = 720, height = 160, left = 34, bottom = 18;
  const max = Math.max(1, ...timeline.map((m) => m.documents));
  const step = (width - left) / timeline.length;
  const bars = timeline.map((m, i) => {
    const h = ((height - bottom) * m.documents) / max;
    const label = `${when(m.minute).slice(11, 16)}: ${m.documents} documents, ${m.sources} files`;
    return `<rect x="${(left + i * step).toFixed(1)}" y="${(height - bottom - h).toFixed(1)}" width="${(step - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="#2f6fde"><title>${esc(label)}</title></rect>`;
  });
  const first = timeline[0], last = timeline[timeline.length - 1];
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Documents stored per minute" data-testid="timeline">
    <line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="#e4e7ec"/>
    <text x="0" y="10">${max}</text><text x="0" y="${height - bottom}">0</text>
    ${bars.join("")}
    <text x="${left}" y="${height - 4}">${first ? when(first.minute).slice(11, 16) : ""}</text>
    <text x="${width - 30}" y="${height - 4}">${last ? when(last.minute).slice(11, 16) : ""}</text>
  </svg>`;
}

function languages(rows) {
  if (rows.length === 0) return `<p class="muted">No documents yet.</p>`;
  const max = Math.max(...rows.map((r) => r.documents));
  return `<table data-testid="languages"><tbody>${rows.map((r) => `<tr><td><a href="#/search?lang=${encodeURIComponent(r.language)}">${esc(r.language)}</a></td><td class="num">${num(r.documents)}</td><td style="width:50%"><div class="bar" style="width:${(100 * r.documents) / max}%"></div></td></tr>`).join("")}</tbody></table>`;
}

function failuresByStage(rows) {
  if (rows.length === 0) return `<p class="muted">No failures.</p>`;
  return `<table><tbody>${rows.map((r) => `<tr><td><a href="#/failures?stage=${encodeURIComponent(r.stage)}&kind=${encodeURIComponent(r.kind)}">${esc(r.stage)}</a></td><td>${esc(r.kind)}</td><td class="num">${num(r.failures)}</td></tr>`).join("")}</tbody></table>`;
}

// ---- Failures -------------------------------------------------------------------------------------------------

async function failures(id) {
  const p = params();
  const query = new URLSearchParams();
  for (const key of ["stage", "kind", "text", "from", "to", "page"]) if (p.get(key)) query.set(key, p.get(key));
  const result = await api(`/failures?${query}`);
  if (id !== renderId) return;
  const option = (value, current) => `<option value="${value}" ${value === (current ?? "") ? "selected" : ""}>${value || "any"}</option>`;
  view.innerHTML = `
    <h2>Failures</h2>
    <form class="filters" id="failure-filters">
      <label>Stage<select name="stage">${["", "watcher", "normalizer", "language-detector", "storage"].map((s) => option(s, p.get("stage"))).join("")}</select></label>
      <label>Kind<select name="kind">${["", "rejected", "fault"].map((s) => option(s, p.get("kind"))).join("")}</select></label>
      <label>File or reason contains<input name="text" value="${esc(p.get("text"))}"></label>
      <label>From<input name="from" type="date" value="${esc(p.get("from"))}"></label>
      <label>To<input name="to" type="date" value="${esc(p.get("to"))}"></label>
      <button type="submit">Filter</button>
    </form>
    <div class="panel"><table data-testid="failures"><thead><tr><th>When</th><th>Stage</th><th>Kind</th><th>File</th><th>Reason</th><th class="num">Bytes</th><th>Moved to</th></tr></thead><tbody>
      ${result.items.map((f) => `<tr data-file="${esc(f.sourceFileName)}"><td>${when(f.rejectedAt)}</td><td>${esc(f.stage)}</td><td>${esc(f.kind)}</td><td title="raw sha256 ${esc(f.rawSha256 || "not read")}">${esc(f.sourcePath)}</td><td>${esc(f.reason)}</td><td class="num">${num(f.sourceSizeBytes)}</td><td>${esc(f.failedPath ?? "")}</td></tr>`).join("")}
      ${result.items.length === 0 ? `<tr><td colspan="7" class="muted">No failures match.</td></tr>` : ""}
    </tbody></table></div>
    ${pager(result, (page) => go("#/failures", { ...Object.fromEntries(p), page }))}`;
  document.getElementById("failure-filters").addEventListener("submit", (e) => {
    e.preventDefault();
    go("#/failures", Object.fromEntries(new FormData(e.target)));
  });
  bindPager();
}

let pagerGo = null;
function pager(result, goTo) {
  pagerGo = goTo;
  return `<div class="pager"><button data-page="${result.page - 1}" ${result.page <= 1 ? "disabled" : ""}>Previous</button>
    <span data-testid="page">page ${result.page} of ${Math.max(1, result.totalPages)} (${num(result.total)} in all)</span>
    <button data-page="${result.page + 1}" ${result.page >= result.totalPages ? "disabled" : ""}>Next</button></div>`;
}

function bindPager() {
  for (const button of view.querySelectorAll("[data-page]")) button.addEventListener("click", () => pagerGo(button.dataset.page));
}

// ---- Search ---------------------------------------------------------------------------------------------------

async function search(id) {
  const p = params();
  const query = new URLSearchParams();
  for (const key of ["q", "lang", "from", "to", "page"]) if (p.get(key)) query.set(key, p.get(key));
  const result = await api(`/documents?${query}`);
  if (id !== renderId) return;
  view.innerHTML = `
    <h2>Search</h2>
    <form class="filters" id="search-form">
      <label>Words<input name="q" size="40" value="${esc(p.get("q"))}" placeholder='otan, "a phrase", -excluded' data-testid="search-box"></label>
      <label>Language<input name="lang" size="4" value="${esc(p.get("lang"))}" placeholder="fr"></label>
      <label>Stored from<input name="from" type="date" value="${esc(p.get("from"))}"></label>
      <label>to<input name="to" type="date" value="${esc(p.get("to"))}"></label>
      <button type="submit">Search</button>
    </form>
    <div data-testid="hits">
      ${result.items.map((d) => `<div class="hit" data-document="${d.id}"><a href="#/documents/${d.id}">${esc(d.title || "(untitled)")}</a>
        <span class="muted">· ${esc(d.language)} · stored ${when(d.storedAt)} · ${d.sourceCount} file(s)${d.rank == null ? "" : ` · rank ${d.rank.toFixed(3)}`}</span>
        <div>${highlight(d.snippet)}</div></div>`).join("")}
      ${result.items.length === 0 ? `<p class="muted">No documents match.</p>` : ""}
    </div>
    ${pager(result, (page) => go("#/search", { ...Object.fromEntries(p), page }))}`;
  document.getElementById("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    go("#/search", Object.fromEntries(new FormData(e.target)));
  });
  bindPager();
}

// ---- One document ---------------------------------------------------------------------------------------------

async function documentPage(id, documentId) {
  const d = await api(`/documents/${encodeURIComponent(documentId)}`);
  if (id !== renderId) return;
  const m = d.metadata;
  view.innerHTML = `
    <h2 data-testid="document-title">${esc(d.title)}</h2>
    <div class="grid2">
      <div class="doc-text" data-testid="document-text">${esc(d.text)}</div>
      <div class="panel"><dl class="meta">
        <dt>Language</dt><dd data-testid="document-language">${esc(d.language)} (${(d.languageConfidence * 100).toFixed(0)}%${d.languageRunnerUp ? `, runner-up ${esc(d.languageRunnerUp)}` : ""})</dd>
        <dt>Words</dt><dd>${num(d.wordCount)}</dd>
        <dt>Encoding</dt><dd>${esc(d.encoding)}</dd>
        <dt>Published</dt><dd>${esc(m.publicationDate ?? "–")}</dd>
        <dt>Outlet</dt><dd>${esc(m.outlet ?? "–")}</dd>
        <dt>Source URL</dt><dd>${esc(m.sourceUrl ?? "–")}</dd>
        <dt>Copyright</dt><dd>${esc(m.copyright ?? "–")}</dd>
        <dt>Photo credits</dt><dd>${esc(m.photoCredits.join(", ") || "–")}</dd>
        <dt>Search config</dt><dd>${esc(d.searchConfig)}</dd>
        <dt>Normalizer</dt><dd>${esc(d.versions.normalizer)}</dd>
        <dt>Detector</dt><dd>${esc(d.versions.detector)}</dd>
        <dt>Content sha256</dt><dd>${esc(d.contentSha256)}</dd>
      </dl></div>
    </div>
    <h2>Language segments</h2>
    ${d.languageSegments.length === 0 ? `<p class="muted">One language throughout.</p>` : `<div class="panel"><table data-testid="segments"><thead><tr><th>Language</th><th class="num">Start</th><th class="num">Length</th><th class="num">Confidence</th><th>Opening</th></tr></thead><tbody>
      ${d.languageSegments.map((s) => `<tr><td>${esc(s.language)}</td><td class="num">${s.start}</td><td class="num">${s.length}</td><td class="num">${(s.confidence * 100).toFixed(0)}%</td><td>${esc(d.text.substr(s.start, Math.min(s.length, 80)))}…</td></tr>`).join("")}
    </tbody></table></div>`}
    <h2>Source files</h2>
    <div class="panel"><table data-testid="sources"><thead><tr><th>File</th><th class="num">Bytes</th><th>Encoding</th><th>Raw sha256</th><th>Stage history</th></tr></thead><tbody>
      ${d.sources.map((s) => `<tr><td>${esc(s.relativePath)}</td><td class="num">${num(s.sizeBytes)}</td>
        <td>${esc(s.encoding)}${s.encodingConfidence == null ? "" : ` (${(s.encodingConfidence * 100).toFixed(0)}%)`}${s.encodingCandidates ? `<div class="muted">weighed: ${s.encodingCandidates.map((c) => `${esc(c.encoding)} ${c.score.toFixed(2)}`).join(", ")}</div>` : ""}</td>
        <td><code>${esc(s.rawSha256.slice(0, 16))}…</code></td>
        <td>${s.history.map((h) => `<div>${esc(h.stage)} ${when(h.at)}${h.version ? ` <span class="muted">${esc(h.version)}</span>` : ""}</div>`).join("")}
          ${s.failures.map((f) => `<div class="problem">${esc(f.stage)} ${esc(f.kind)}: ${esc(f.reason)}</div>`).join("")}</td></tr>`).join("")}
    </tbody></table></div>
    ${(d.history ?? []).length === 0 ? "" : `<h2>Reprocessing</h2><div class="panel"><table data-testid="history"><tbody>${d.history.map((h) => `<tr><td>${when(h.at)}</td><td>${esc(h.stage)} ${esc(h.action)}</td><td>${esc(h.fromVersion)} → ${esc(h.toVersion)}</td><td>${esc(h.detail)}</td></tr>`).join("")}</tbody></table></div>`}`;
}

// ---- Routing and live refresh ---------------------------------------------------------------------------------

const routes = [
  [/^#\/failures/, "failures", (id) => failures(id)],
  [/^#\/search/, "search", (id) => search(id)],
  [/^#\/documents\/([^?]+)/, null, (id, m) => documentPage(id, m[1])],
  [/^/, "overview", (id) => overview(id)],
];

async function route() {
  clearTimeout(timer);
  const id = ++renderId;
  const hash = location.hash || "#/";
  const [, nav, render, match] = routes.map(([re, n, r]) => [re, n, r, hash.match(re)]).find((x) => x[3]);
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === nav);
  try {
    await render(id, match);
    if (id !== renderId) return;
    live.classList.remove("stale");
    live.textContent = `live · ${new Date().toLocaleTimeString("en-GB")}`;
  } catch (e) {
    showError(e);
  }
  // The pipeline page follows a burst as it runs; the others refresh too, unless the user is typing in a filter.
  if (id === renderId && tokenForm.hidden) timer = setTimeout(refresh, RefreshMs);
}

function refresh() {
  const typing = document.activeElement && ["INPUT", "SELECT"].includes(document.activeElement.tagName);
  if (typing || location.hash.startsWith("#/documents/")) {
    timer = setTimeout(refresh, RefreshMs);
    return;
  }
  route();
}

window.addEventListener("hashchange", route);
route();
