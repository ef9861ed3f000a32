extension Assets {
    /// `/assets/app.js`: the whole app, vanilla JavaScript, no dependency.
    static let script = #"""
// The dims dashboard: overview (with time travel), metric pages (trend chart, audit timeline), two-date diff.
// Every string from the project reaches the page through textContent or an attribute value set by setAttribute,
// never as markup; links are built from encodeURIComponent. Nothing is fetched from anywhere but this server.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function metricLink(path) {
  return "/metric/" + encodeURIComponent(path);
}

function formatValue(value) {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") {
    return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toLocaleString("en-US", { maximumFractionDigits: 4 });
  }
  return String(value);
}

function formatChange(delta, percent) {
  if (delta === null || delta === undefined) return "";
  const sign = delta > 0 ? "+" : "";
  return sign + formatValue(delta);
}

function formatPercent(percent) {
  if (percent === null || percent === undefined) return "";
  return (percent > 0 ? "+" : "") + percent.toFixed(1) + "%";
}

function dayOf(iso) {
  return iso ? iso.slice(0, 10) : "";
}

function setMain(...children) {
  const main = document.getElementById("app");
  main.replaceChildren(...children.filter((child) => child !== null && child !== undefined));
}

function showError(error) {
  const box = document.getElementById("problem");
  box.textContent = error ? String(error.message || error) : "";
  box.hidden = !error;
}

// ---- Overview ------------------------------------------------------------------------------------------------

const state = { status: null, at: null, view: null, refresh: null };

function sparkline(series) {
  const values = series.map((p) => (typeof p.value === "number" ? p.value : typeof p.value === "boolean" ? Number(p.value) : null))
    .filter((v) => v !== null);
  const width = 90, height = 22;
  const node = svg("svg", { class: "spark", width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
  if (values.length < 2) return node;
  const min = Math.min(...values), max = Math.max(...values);
  const span = max - min || 1;
  const points = values.map((v, i) => `${(i / (values.length - 1)) * (width - 2) + 1},${height - 2 - ((v - min) / span) * (height - 4)}`);
  node.append(svg("polyline", { points: points.join(" "), fill: "none", stroke: "currentColor", "stroke-width": 1.5 }));
  return node;
}

function timeTravel(status, at, onChange) {
  const first = status.first_observed ? new Date(status.first_observed) : new Date(status.now);
  const now = new Date(status.now);
  const days = Math.max(0, Math.ceil((now - first) / 86400000));
  const current = at ? Math.min(days, Math.max(0, Math.round((new Date(at + "T23:59:59Z") - first) / 86400000))) : days;
  const slider = el("input", { type: "range", id: "travel", min: 0, max: days, step: 1, value: current, "aria-label": "Day to show" });
  const date = el("input", { type: "date", id: "at", min: dayOf(first.toISOString()), max: dayOf(status.now), value: at || dayOf(status.now) });
  const back = el("button", { type: "button", id: "now" }, "Now");
  const label = el("span", { id: "as-of", class: "as-of" }, at ? `As of the end of ${at}` : "Now (live)");
  const dayAt = (n) => dayOf(new Date(first.getTime() + n * 86400000).toISOString());
  slider.addEventListener("input", () => { date.value = dayAt(Number(slider.value)); label.textContent = `As of the end of ${date.value}`; });
  slider.addEventListener("change", () => onChange(Number(slider.value) >= days ? null : dayAt(Number(slider.value))));
  date.addEventListener("change", () => { if (date.value) onChange(date.value >= dayOf(status.now) ? null : date.value); });
  back.addEventListener("click", () => onChange(null));
  return el("section", { class: "travel" }, el("label", { for: "travel" }, "Time travel "), slider, " ", date, " ", back, " ", label);
}

function overviewTable(report) {
  const groups = new Map();
  for (const metric of report.metrics) {
    if (!groups.has(metric.category)) groups.set(metric.category, []);
    groups.get(metric.category).push(metric);
  }
  const table = el("table", { id: "overview" },
    el("thead", {}, el("tr", {}, ...["Metric", "Value", "Baseline", "Change", "%", "Level", "Severity", "Trend", "Measured"].map((h) => el("th", {}, h)))));
  for (const [category, metrics] of groups) {
    const body = el("tbody", { "data-category": category });
    body.append(el("tr", { class: "category" }, el("th", { colspan: 9 }, category)));
    for (const m of metrics) {
      const level = m.status === "error" ? "error" : m.level;
      body.append(el("tr", { "data-metric": m.path, class: "level-" + level },
        el("td", { class: "name" }, el("a", { href: metricLink(m.path), title: m.description }, m.name)),
        el("td", { class: "value" }, m.status === "error" ? "ERROR" : formatValue(m.value)),
        el("td", { class: "baseline" }, formatValue(m.baseline)),
        el("td", { class: "change" }, formatChange(m.delta)),
        el("td", { class: "percent" }, formatPercent(m.percent)),
        el("td", { class: "level" }, m.status === "error" ? "error" : m.status === "new" ? "new" : m.level),
        el("td", { class: "severity" }, m.severity),
        el("td", { class: "trend" }, sparkline(m.series)),
        el("td", { class: "measured" }, m.error ? m.error : dayOf(m.measured))));
    }
    table.append(body);
  }
  return table;
}

async function showOverview() {
  const params = new URLSearchParams(location.search);
  state.at = params.get("at");
  const [status, report] = await Promise.all([api("/api/status"), api("/api/overview" + (state.at ? "?at=" + encodeURIComponent(state.at) : ""))]);
  state.status = status;
  const summary = report.summary;
  const travel = timeTravel(status, state.at, (day) => {
    const url = day ? "/?at=" + encodeURIComponent(day) : "/";
    history.replaceState(null, "", url);
    showOverview().catch(showError);
  });
  const approvals = report.pending_approvals.length === 0 ? null : el("section", { id: "approvals" },
    el("h2", {}, "Awaiting approval"),
    el("ul", {}, ...report.pending_approvals.map((a) => el("li", {},
      `#${a.id} `, el("a", { href: metricLink(a.metric) }, a.metric), `: ${formatValue(a.baseline)} → ${formatValue(a.requested)} (${a.trigger}), asked by ${a.asked_by}`))));
  const advice = (report.recommendations || []).length === 0 ? null : el("section", { id: "recommendations" },
    el("h2", {}, "Recommendations"),
    el("ul", {}, ...report.recommendations.map((r) => el("li", {}, el("strong", {}, r.rule), `: ${r.message}`))));
  setMain(
    el("h1", {}, "Overview"),
    travel,
    el("p", { id: "summary", class: "summary" },
      `${summary.total} metrics: ${summary.ok} OK, ${summary.drifted} drifted, ${summary.new} new, ${summary.errors} errors`),
    approvals,
    advice,
    overviewTable(report));
  document.title = "dims · overview" + (state.at ? " as of " + state.at : "");
  state.refresh = () => (state.at ? Promise.resolve() : showOverview());
}

// ---- Metric page ---------------------------------------------------------------------------------------------

function trendChart(points, baselineMoves, view) {
  const width = 760, height = 260, left = 70, right = 12, top = 12, bottom = 30;
  const chart = svg("svg", { id: "trend", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Trend" });
  const numeric = points.filter((p) => typeof p.value === "number" || typeof p.value === "boolean")
    .map((p) => ({ t: new Date(p.time).getTime(), v: Number(p.value), date: p.date }))
    .filter((p) => p.t >= view.start && p.t <= view.end);
  chart.append(svg("rect", { x: left, y: top, width: width - left - right, height: height - top - bottom, class: "plot" }));
  if (numeric.length === 0) {
    chart.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle" }, "No numeric values in this range"));
    return chart;
  }
  let min = Math.min(...numeric.map((p) => p.v)), max = Math.max(...numeric.map((p) => p.v));
  if (min === max) { min -= 1; max += 1; }
  const x = (t) => left + ((t - view.start) / Math.max(1, view.end - view.start)) * (width - left - right);
  const y = (v) => top + (1 - (v - min) / (max - min)) * (height - top - bottom);
  for (const move of baselineMoves) {
    const t = new Date(move.observed).getTime();
    if (t < view.start || t > view.end) continue;
    const line = svg("line", { x1: x(t), x2: x(t), y1: top, y2: height - bottom, class: "baseline-move" });
    line.append(svg("title", {}, move.text));
    chart.append(line);
  }
  chart.append(svg("polyline", { points: numeric.map((p) => `${x(p.t)},${y(p.v)}`).join(" "), class: "series" }));
  for (const p of numeric) {
    const dot = svg("circle", { cx: x(p.t), cy: y(p.v), r: 2.5, class: "point" });
    dot.append(svg("title", {}, `${p.date}: ${formatValue(p.v)}`));
    chart.append(dot);
  }
  chart.append(svg("text", { x: left - 6, y: top + 10, "text-anchor": "end" }, formatValue(max)));
  chart.append(svg("text", { x: left - 6, y: height - bottom, "text-anchor": "end" }, formatValue(min)));
  chart.append(svg("text", { x: left, y: height - 8 }, dayOf(new Date(view.start).toISOString())));
  chart.append(svg("text", { x: width - right, y: height - 8, "text-anchor": "end" }, dayOf(new Date(view.end).toISOString())));
  return chart;
}

async function showMetric(path) {
  const params = new URLSearchParams(location.search);
  const since = params.get("since") || "1y";
  const [history, audit] = await Promise.all([
    api(`/api/history/${encodeURIComponent(path)}?since=${encodeURIComponent(since)}`),
    api(`/api/audit/${encodeURIComponent(path)}`),
  ]);
  const full = { start: new Date(history.from).getTime(), end: new Date(history.to).getTime() };
  const view = { ...full };
  const moves = audit.events.filter((e) => e.kind === "baselineSet").map((e) => ({ observed: e.observed, text: e.text }));
  const holder = el("div", { class: "chart" });
  const draw = () => holder.replaceChildren(trendChart(history.points, moves, view));
  const zoom = (factor) => {
    const middle = (view.start + view.end) / 2, half = ((view.end - view.start) / 2) * factor;
    view.start = Math.max(full.start, middle - half); view.end = Math.min(full.end, middle + half); draw();
  };
  const pan = (fraction) => {
    const shift = (view.end - view.start) * fraction;
    const clamped = Math.max(full.start - view.start, Math.min(full.end - view.end, shift));
    view.start += clamped; view.end += clamped; draw();
  };
  const button = (label, id, action) => { const b = el("button", { type: "button", id }, label); b.addEventListener("click", action); return b; };
  const ranges = el("span", { class: "ranges" }, ...["30d", "90d", "1y", "5y"].map((r) =>
    el("a", { href: `${metricLink(path)}?since=${r}`, class: r === since ? "current" : null }, r)));
  holder.addEventListener("wheel", (event) => { event.preventDefault(); zoom(event.deltaY < 0 ? 0.8 : 1.25); }, { passive: false });
  let dragFrom = null;
  holder.addEventListener("pointerdown", (event) => { dragFrom = event.clientX; });
  holder.addEventListener("pointerup", (event) => {
    if (dragFrom !== null) pan((dragFrom - event.clientX) / 700);
    dragFrom = null;
  });
  draw();
  const current = audit.events.length ? audit.events[audit.events.length - 1] : null;
  const timeline = el("ul", { id: "audit" }, ...audit.events.slice(-300).reverse().map((e) =>
    el("li", { class: "kind-" + e.kind }, el("time", {}, e.observed.replace("T", " ").replace("Z", "")), " ", el("span", { class: "actor" }, e.actor), " ", el("span", { class: "text" }, e.text))));
  const moments = el("ul", { id: "moments" }, ...audit.moments.map((m) => el("li", {}, el("time", {}, dayOf(m.time)), " ", m.text)));
  setMain(
    el("p", {}, el("a", { href: "/" }, "← Overview")),
    el("h1", { id: "metric-name" }, path),
    el("p", { class: "controls" }, "Range: ", ranges, " ",
      button("Zoom in", "zoom-in", () => zoom(0.5)), button("Zoom out", "zoom-out", () => zoom(2)),
      button("◀", "pan-left", () => pan(-0.25)), button("▶", "pan-right", () => pan(0.25)),
      button("Reset", "reset", () => { view.start = full.start; view.end = full.end; draw(); })),
    el("div", { class: "metric-page" },
      el("section", {}, holder, el("p", { id: "points" }, `${history.points.length} days with values since ${dayOf(history.from)}`),
        el("h2", {}, "Moments that matter"), moments),
      el("section", { class: "timeline" }, el("h2", {}, `Audit timeline (${audit.events.length} events)`), timeline)),
    current ? el("p", { class: "muted" }, `Latest event #${current.seq}`) : null);
  document.title = "dims · " + path;
  state.refresh = () => showMetric(path);
}

// ---- Diff ----------------------------------------------------------------------------------------------------

async function showDiff() {
  const params = new URLSearchParams(location.search);
  const since = params.get("since") || "30d";
  const until = params.get("until") || "";
  const diff = await api(`/api/diff?since=${encodeURIComponent(since)}` + (until ? `&until=${encodeURIComponent(until)}` : ""));
  const sinceInput = el("input", { id: "since", name: "since", value: since, size: 12 });
  const untilInput = el("input", { id: "until", name: "until", value: until, size: 12, placeholder: "now" });
  const go = el("button", { type: "button", id: "compare" }, "Compare");
  go.addEventListener("click", () => {
    const query = new URLSearchParams({ since: sinceInput.value });
    if (untilInput.value) query.set("until", untilInput.value);
    history.replaceState(null, "", "/diff?" + query.toString());
    showDiff().catch(showError);
  });
  const rows = diff.metrics.map((m) => el("tr", { "data-metric": m.metric },
    el("td", {}, el("a", { href: metricLink(m.metric) }, m.metric)),
    el("td", { class: "then" }, formatValue(m.then)), el("td", { class: "now" }, formatValue(m.now)),
    el("td", { class: "change" }, m.change === undefined ? "" : formatChange(m.change)),
    el("td", { class: "percent" }, m.percent === undefined ? "" : formatPercent(m.percent))));
  setMain(
    el("h1", {}, "Diff"),
    el("p", { class: "controls" }, el("label", { for: "since" }, "From "), sinceInput, " ", el("label", { for: "until" }, "to "), untilInput, " ", go),
    el("p", {}, diff.since ? `From ${diff.since} to ${diff.until}` : "The log is empty"),
    el("table", { id: "diff" }, el("thead", {}, el("tr", {}, ...["Metric", "Then", "Now", "Change", "%"].map((h) => el("th", {}, h)))), el("tbody", {}, ...rows)));
  document.title = "dims · diff";
  state.refresh = () => showDiff();
}

// ---- Routing and live updates --------------------------------------------------------------------------------

function route() {
  const path = location.pathname;
  const done = (promise) => promise.then(() => showError(null)).catch(showError);
  if (path.startsWith("/metric/")) return done(showMetric(decodeURIComponent(path.slice("/metric/".length))));
  if (path === "/diff") return done(showDiff());
  return done(showOverview());
}

function live() {
  const badge = document.getElementById("live");
  let seen = null;
  let pending = false;
  const source = new EventSource("/api/events");
  source.addEventListener("appended", (event) => {
    const seq = JSON.parse(event.data).last_seq;
    badge.textContent = "live · seq " + seq;
    badge.dataset.seq = String(seq);
    if (seen !== null && seq !== seen && state.refresh && !pending) {
      pending = true;
      state.refresh().then(() => { badge.dataset.refreshed = String(seq); }).catch(showError).finally(() => { pending = false; });
    }
    seen = seq;
  });
  source.addEventListener("error", () => { badge.textContent = "reconnecting…"; });
}

document.addEventListener("DOMContentLoaded", () => {
  route();
  live();
});
"""#
}
