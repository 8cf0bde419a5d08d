"""The report's inline stylesheet and script (no external files, no CDN)."""

CSS = """
:root { --fg:#111827; --muted:#6b7280; --line:#e5e7eb; --bg:#f8fafc; --card:#fff; --accent:#2563eb;
  --met:#16a34a; --missed:#dc2626; --pending:#d97706; --undetermined:#6b7280; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--fg); line-height:1.45;
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC",
  "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; font-size:15px; }
header.site { background:#0f172a; color:#e2e8f0; padding:12px 24px; display:flex; gap:24px;
  align-items:baseline; flex-wrap:wrap; }
header.site .brand { font-weight:700; color:#fff; text-decoration:none; font-size:17px; }
header.site nav a { color:#cbd5e1; text-decoration:none; margin-right:16px; }
header.site nav a:hover, header.site nav a[aria-current="page"] { color:#fff; text-decoration:underline; }
main { max-width:1280px; margin:0 auto; padding:20px 24px 80px; }
h1 { font-size:24px; margin:8px 0 4px; } h1 .en { color:var(--muted); font-weight:400; font-size:17px; }
h2 { font-size:18px; margin:28px 0 8px; }
p.lead { color:var(--muted); margin:0 0 16px; }
a { color:var(--accent); }
table.data { border-collapse:collapse; width:100%; background:var(--card); font-size:14px; }
table.data th, table.data td { border-bottom:1px solid var(--line); padding:6px 8px; text-align:left;
  vertical-align:top; }
table.data th { background:#f1f5f9; font-weight:600; position:sticky; top:0; }
table.data td.num { text-align:right; white-space:nowrap; font-variant-numeric:tabular-nums; }
.evidence { color:#374151; font-size:13px; max-width:46em; }
.muted { color:var(--muted); } .small { font-size:12.5px; }
.badge { display:inline-block; border-radius:999px; padding:1px 8px; font-size:12px; font-weight:600;
  color:#fff; white-space:nowrap; }
.badge.met { background:var(--met); } .badge.missed { background:var(--missed); }
.badge.pending { background:var(--pending); } .badge.undetermined { background:var(--undetermined); }
.badge.kind { background:#e0e7ff; color:#3730a3; } .badge.derived { background:#dbeafe; color:#1e40af; }
.cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(360px, 1fr)); gap:16px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:14px 16px 10px;
  box-shadow:0 1px 2px rgba(0,0,0,.04); display:flex; flex-direction:column; }
.card h3 { margin:0; font-size:16px; } .card .en { color:var(--muted); font-size:13px; }
.card .code { color:var(--muted); font-size:11.5px; font-family:ui-monospace, monospace; }
.card .latest { font-size:26px; font-weight:700; margin:8px 0 0; font-variant-numeric:tabular-nums; }
.card .latest-meta { color:var(--muted); font-size:12.5px; margin-bottom:4px; }
.card .change { font-size:13px; margin-left:6px; font-weight:600; }
.change.better { color:#15803d; } .change.worse { color:#b91c1c; } .change.neutral { color:#475569; }
.badge.corrected { background:#ede9fe; color:#5b21b6; margin-left:6px; font-size:11.5px; vertical-align:middle; }
.badge.reason { background:#fef3c7; color:#92400e; }
td.value.corrected { box-shadow:inset 3px 0 0 #7c3aed; } td.value.estimate { font-style:italic; }
code.cmd { display:block; font-size:12px; background:#0f172a; color:#e2e8f0; padding:6px 8px; border-radius:6px;
  white-space:pre-wrap; overflow-wrap:anywhere; user-select:all; }
svg.area-chart { max-width:900px; }
.card ul.targets { margin:4px 0 0; padding-left:18px; font-size:13px; }
svg.chart { width:100%; height:auto; display:block; margin-top:6px; overflow:visible; }
svg.chart text { font-size:10.5px; fill:#6b7280; font-family:inherit; }
svg.chart .grid { stroke:#eef2f7; } svg.chart .axis { stroke:#cbd5e1; }
svg.chart .pt { cursor:pointer; outline:none; }
svg.chart .pt:hover circle:not([fill="transparent"]), svg.chart .pt:focus circle:not([fill="transparent"]),
svg.chart .pt:hover polygon, svg.chart .pt:focus polygon { stroke-width:3; }
svg.chart .pt.selected circle:not([fill="transparent"]), svg.chart .pt.selected polygon { stroke:#111827; stroke-width:3; }
.legend { display:flex; flex-wrap:wrap; gap:14px; align-items:center; font-size:13px; color:#374151;
  background:var(--card); border:1px solid var(--line); border-radius:8px; padding:8px 12px; margin:10px 0 18px; }
.legend svg { vertical-align:middle; }
.summary { display:flex; gap:12px; flex-wrap:wrap; margin:10px 0 18px; }
.summary .stat { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:8px 14px; }
.summary .stat b { display:block; font-size:20px; }
aside#details { position:fixed; right:16px; bottom:16px; width:min(440px, calc(100vw - 32px));
  max-height:70vh; overflow:auto; background:#fff; border:1px solid #cbd5e1; border-radius:10px;
  box-shadow:0 10px 30px rgba(15,23,42,.2); padding:14px 16px; z-index:10; font-size:14px; }
aside#details h4 { margin:0 28px 6px 0; font-size:15px; }
aside#details dl { margin:0; display:grid; grid-template-columns:max-content 1fr; gap:4px 10px; }
aside#details dt { color:var(--muted); } aside#details dd { margin:0; overflow-wrap:anywhere; }
aside#details button.close { position:absolute; top:8px; right:10px; border:0; background:none;
  font-size:20px; cursor:pointer; color:var(--muted); }
.empty-state { background:var(--card); border:1px dashed #cbd5e1; border-radius:8px; padding:18px;
  color:var(--muted); }
footer { color:var(--muted); font-size:12px; margin-top:40px; }
"""

# Provenance details on click. Values are set with textContent only; a link (href) is made only
# for http(s) sources; file paths show as text, so nothing from a report can become markup or script.
JS = """
(function () {
  var blob = document.getElementById('provenance');
  var panel = document.getElementById('details');
  if (!blob || !panel) { return; }
  var data = JSON.parse(blob.textContent);
  var selected = null;
  function show(key, el) {
    var d = data[key];
    if (!d) { return; }
    panel.querySelectorAll('[data-f]').forEach(function (node) {
      var name = node.getAttribute('data-f');
      var value = d[name] || '';
      node.textContent = value;
      var row = node.closest('.row');
      if (row) { row.hidden = !value; }
      if (row && row.previousElementSibling && row.previousElementSibling.classList.contains('label')) {
        row.previousElementSibling.hidden = !value;
      }
    });
    var link = panel.querySelector('a.source');
    var src = d.source || '';
    if (/^https?:\\/\\//i.test(src)) { link.href = src; link.hidden = false; }
    else { link.removeAttribute('href'); link.hidden = !src; }
    if (selected) { selected.classList.remove('selected'); }
    selected = el; if (el) { el.classList.add('selected'); }
    panel.hidden = false;
  }
  document.addEventListener('click', function (e) {
    var el = e.target.closest ? e.target.closest('[data-obs]') : null;
    if (el) { show(el.getAttribute('data-obs'), el); }
  });
  document.addEventListener('keydown', function (e) {
    var el = e.target;
    if ((e.key === 'Enter' || e.key === ' ') && el.getAttribute && el.getAttribute('data-obs')) {
      e.preventDefault(); show(el.getAttribute('data-obs'), el);
    }
    if (e.key === 'Escape') { panel.hidden = true; }
  });
  panel.querySelector('button.close').addEventListener('click', function () { panel.hidden = true; });
  function fromHash() {
    var m = /^#obs=(.+)$/.exec(window.location.hash);
    if (!m) { return; }
    var key = decodeURIComponent(m[1]);
    var el = null;
    document.querySelectorAll('[data-obs]').forEach(function (n) {
      if (!el && n.getAttribute('data-obs') === key) { el = n; }
    });
    show(key, el);
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.documentElement.setAttribute('data-report-ready', '1');
})();
"""
