/// The app's files, served by dims itself: the page allows no script, style, font or image from anywhere else.
enum Assets {
    /// Every page is this shell; the script reads the address and fills `#app`.
    static let page = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dims</title>
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header>
<a class="brand" href="/">dims</a>
<nav><a href="/">Overview</a> <a href="/diff">Diff</a> <a href="/api/openapi.json">API</a> <a href="/metrics">/metrics</a></nav>
<span id="live" class="live">connecting…</span>
</header>
<p id="problem" class="problem" role="alert" hidden></p>
<main id="app"><p>Loading…</p></main>
</body>
</html>

"""#

    static let icon = #"""
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#2b6cb0"/><path d="M3 12 L6 7 L9 9 L13 4" stroke="#fff" stroke-width="2" fill="none"/></svg>

"""#

    static let style = #"""
:root { --fg: #1a202c; --muted: #718096; --line: #e2e8f0; --accent: #2b6cb0; --ok: #2f855a; --minor: #b7791f;
        --moderate: #c05621; --major: #c53030; --critical: #822727; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #f7fafc; }
header { display: flex; gap: 1.5em; align-items: center; padding: .6em 1.2em; background: #fff; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; color: var(--accent); text-decoration: none; font-size: 1.2em; }
header nav a { margin-right: 1em; color: var(--fg); }
.live { margin-left: auto; color: var(--muted); font-size: .9em; }
main { padding: 1em 1.2em; }
h1 { font-size: 1.4em; margin: .2em 0 .6em; word-break: break-all; }
h2 { font-size: 1.1em; }
.problem { margin: .8em 1.2em; padding: .6em; background: #fff5f5; border: 1px solid #feb2b2; color: var(--major); }
.travel { background: #fff; border: 1px solid var(--line); padding: .6em; margin-bottom: .8em; }
.travel input[type=range] { width: 40%; vertical-align: middle; }
.as-of { font-weight: 600; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { padding: .3em .6em; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
td.value, td.baseline, td.change, td.percent, td.then, td.now { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.category th { background: #edf2f7; text-transform: uppercase; font-size: .85em; letter-spacing: .04em; }
td.name a { word-break: break-all; }
tr.level-minor td.level { color: var(--minor); }
tr.level-moderate td.level { color: var(--moderate); }
tr.level-major td.level, tr.level-error td.level, tr.level-error td.value { color: var(--major); font-weight: 600; }
tr.level-critical td.level { color: var(--critical); font-weight: 700; }
tr.level-ok td.level { color: var(--ok); }
td.measured { color: var(--muted); font-size: .9em; max-width: 28em; overflow-wrap: anywhere; }
.spark { color: var(--accent); }
.summary { color: var(--muted); }
.metric-page { display: grid; grid-template-columns: minmax(0, 780px) minmax(0, 1fr); gap: 1.2em; }
.chart svg { background: #fff; border: 1px solid var(--line); max-width: 100%; height: auto; touch-action: none; }
.chart .plot { fill: #fff; }
.chart .series { fill: none; stroke: var(--accent); stroke-width: 1.5; }
.chart .point { fill: var(--accent); }
.chart .baseline-move { stroke: var(--moderate); stroke-dasharray: 4 3; stroke-width: 1.5; }
.chart text { font-size: 11px; fill: var(--muted); }
.controls button { margin-left: .3em; }
.ranges a { margin-right: .5em; }
.ranges a.current { font-weight: 700; text-decoration: none; color: var(--fg); }
.timeline { max-height: 80vh; overflow: auto; background: #fff; border: 1px solid var(--line); padding: 0 .8em; }
#audit { list-style: none; padding-left: 0; font-size: .9em; }
#audit li { margin: .25em 0; overflow-wrap: anywhere; }
#audit time, #moments time { color: var(--muted); font-variant-numeric: tabular-nums; }
#audit .actor { color: var(--accent); }
#audit li.kind-baseline_set, #audit li.kind-approval_requested, #audit li.kind-approval_granted, #audit li.kind-approval_rejected { font-weight: 600; }
.muted { color: var(--muted); }
.panels { display: grid; grid-template-columns: 1fr 1fr; gap: 1.2em; margin-bottom: .8em; }
.panels section, #recommendations, .write { background: #fff; border: 1px solid var(--line); padding: 0 .8em .4em; overflow-wrap: anywhere; }
.write { padding: .5em .8em; margin-bottom: .8em; }
#alerts li .level { font-weight: 600; text-transform: uppercase; font-size: .85em; }
#alerts li.level-critical .level, #alerts li.level-error .level, #alerts li.level-major .level { color: var(--major); }
#alerts li.level-moderate .level { color: var(--moderate); }
#recommendations { margin-top: 1em; }
#recommendations a.tag { margin-left: .4em; font-size: .9em; }
li button { margin-left: .3em; }
@media (max-width: 1100px) { .metric-page, .panels { grid-template-columns: 1fr; } }

"""#
}
