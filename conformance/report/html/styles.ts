/** The report's stylesheet, inlined. System fonts only: the report must open offline. */
export const reportStyles = `
:root {
  --bg: #f2f4f7; --card: #fff; --ink: #1f2328; --muted: #656d76; --line: #d8dee4; --soft: #f6f8fa;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5;
  --skip: #57606a; --skip-bg: #eaeef2; --na: #6e7781; --na-bg: #f6f8fa; --error: #8250df; --error-bg: #fbefff;
  --accent: #0969da; --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 60px; }
code, pre, .mono { font-family: var(--mono); font-size: 12.5px; }
pre { margin: 0; white-space: pre-wrap; word-break: break-all; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
h2 { font-size: 18px; margin: 0 0 12px; } h4 { margin: 18px 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.muted { color: var(--muted); } .small { font-size: 12px; } .lead { margin: 0 0 12px; }
.note { color: var(--muted); font-style: italic; margin: 6px 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 20px 22px; margin: 0 0 18px; box-shadow: 0 1px 2px rgba(31,35,40,.04); }
.scroll { overflow-x: auto; }
nav.toc { display: flex; gap: 18px; margin: 0 0 14px; font-size: 13px; }
nav.toc a { color: var(--muted); font-weight: 600; } nav.toc a:hover { color: var(--accent); }

/* certificate */
.certificate { display: flex; gap: 24px; align-items: stretch; background: var(--card); border: 1px solid var(--line); border-top: 8px solid var(--skip); border-radius: 14px; padding: 24px 26px; margin: 0 0 18px; box-shadow: 0 4px 14px rgba(31,35,40,.06); }
.certificate.v-overall-CONFORMANT { border-top-color: var(--pass); }
.certificate.v-overall-NOT_CONFORMANT { border-top-color: var(--fail); }
.certificate.v-overall-INCOMPLETE { border-top-color: var(--warn); }
.certificate.v-overall-COULD_NOT_RUN { border-top-color: var(--error); }
.could-not-run { margin: 0 0 14px; padding: 10px 14px; border-radius: 8px; background: var(--error-bg); border: 1px solid var(--error); overflow-wrap: anywhere; }
.cert-main { flex: 1; min-width: 0; }
.eyebrow { margin: 0; text-transform: uppercase; letter-spacing: .12em; font-size: 11.5px; color: var(--muted); font-weight: 600; }
.target { font-family: var(--mono); font-size: 22px; margin: 6px 0 14px; overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 8px 22px; margin: 0 0 14px; }
.facts div { min-width: 0; } .facts dt { font-size: 11.5px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; } .cert-signed { color: var(--pass); font-weight: 600; } .cert-unsigned { color: var(--warn); font-weight: 600; } .facts div:last-child { grid-column: 1 / -1; }
.command { background: var(--soft); padding: 2px 6px; border-radius: 4px; }
.features { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.features-title { font-size: 11.5px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin-right: 4px; }
.features ul { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; }
.feature { border: 1px solid var(--line); border-radius: 999px; padding: 2px 10px; font-size: 12.5px; background: var(--soft); }
.feature .mark { font-weight: 700; }
.f-verified { background: var(--pass-bg); border-color: #aceebb; } .f-verified .mark { color: var(--pass); }
.f-failed { background: var(--fail-bg); border-color: #ffcecb; } .f-failed .mark { color: var(--fail); }
.f-skipped { background: var(--warn-bg); border-color: #f5e0a0; } .f-skipped .mark { color: var(--warn); }
.f-not-declared { color: var(--muted); }
.cert-verdict { display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 8px; min-width: 250px; padding-left: 24px; border-left: 1px dashed var(--line); text-align: center; }
.caption { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .08em; }
.overall { font-size: 28px; font-weight: 800; padding: 12px 22px; border-radius: 12px; letter-spacing: .01em; border: 2px solid; }
.o-CONFORMANT { color: var(--pass); background: var(--pass-bg); border-color: var(--pass); }
.o-NOT_CONFORMANT { color: var(--fail); background: var(--fail-bg); border-color: var(--fail); }
.o-INCOMPLETE { color: var(--warn); background: var(--warn-bg); border-color: var(--warn); }
.o-COULD_NOT_RUN { color: var(--error); background: var(--error-bg); border-color: var(--error); }

/* badges and verdict colours */
.badge { display: inline-block; min-width: 46px; text-align: center; font: 700 11px/1.9 system-ui, sans-serif; letter-spacing: .04em; border-radius: 6px; padding: 0 7px; border: 1px solid transparent; white-space: nowrap; }
.v-PASS { color: var(--pass); background: var(--pass-bg); border-color: #aceebb; }
.v-FAIL { color: #fff; background: var(--fail); }
.v-WARN { color: var(--warn); background: var(--warn-bg); border-color: #f5e0a0; }
.v-SKIP { color: var(--skip); background: var(--skip-bg); border-color: var(--line); }
.v-NA { color: var(--na); background: var(--na-bg); border-color: var(--line); }
.v-ERROR { color: #fff; background: var(--error); }
.badge.untestable { color: var(--skip); background: var(--skip-bg); } .badge.untested { color: var(--warn); background: var(--warn-bg); }
.v-text-FAIL { color: var(--fail); } .v-text-ERROR { color: var(--error); } .v-text-WARN { color: var(--warn); }
.v-text-SKIP, .v-text-NA { color: var(--skip); }

/* summary */
.tiles { display: grid; grid-template-columns: repeat(6, 1fr); gap: 10px; }
.tile { border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; display: flex; align-items: center; justify-content: space-between; background: var(--soft); }
.tile .count { font-size: 26px; font-weight: 800; }
.t-FAIL .count { color: var(--fail); } .t-ERROR .count { color: var(--error); } .t-PASS .count { color: var(--pass); } .t-WARN .count { color: var(--warn); }
.bar { display: flex; height: 10px; border-radius: 5px; overflow: hidden; margin-top: 14px; background: var(--soft); }
.seg { display: block; height: 100%; }
.b-PASS { background: var(--pass); } .b-FAIL { background: var(--fail); } .b-WARN { background: #d4a72c; } .b-SKIP { background: #8c959f; } .b-NA { background: #d0d7de; } .b-ERROR { background: var(--error); }

/* filters */
.filters { position: sticky; top: 0; z-index: 5; background: rgba(255,255,255,.96); backdrop-filter: blur(4px); border: 1px solid var(--line); border-radius: 12px; padding: 10px 14px; margin: 0 0 12px; box-shadow: 0 2px 8px rgba(31,35,40,.06); }
.filter-row { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 3px 0; }
.filter-title { width: 64px; font-size: 11.5px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; }
button.filter, button.tool, button.copy { font: 600 12.5px system-ui, sans-serif; border: 1px solid var(--line); background: #fff; color: var(--ink); border-radius: 999px; padding: 4px 12px; cursor: pointer; }
button.filter .n { font-weight: 500; color: var(--muted); margin-left: 2px; }
button.filter:disabled { opacity: .45; cursor: default; }
button.filter[aria-pressed="true"] { background: var(--ink); color: #fff; border-color: var(--ink); } button.filter[aria-pressed="true"] .n { color: #d0d7de; }
button.f-FAIL[aria-pressed="true"] { background: var(--fail); border-color: var(--fail); } button.f-ERROR[aria-pressed="true"] { background: var(--error); border-color: var(--error); }
button.f-PASS[aria-pressed="true"] { background: var(--pass); border-color: var(--pass); } button.f-WARN[aria-pressed="true"] { background: var(--warn); border-color: var(--warn); }
button.tool { border-radius: 8px; } button:hover:not(:disabled) { border-color: var(--accent); }
.section-filter { border: 1px solid var(--line); border-radius: 999px; padding: 2px 10px 2px 6px; font-size: 12.5px; cursor: pointer; background: #fff; }
.section-filter .n { color: var(--muted); }
#case-search { font: inherit; border: 1px solid var(--line); border-radius: 8px; padding: 4px 10px; min-width: 260px; }

/* cases */
.case-group { margin: 0 0 16px; }
.case-group > h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 16px 4px 6px; }
details.case { background: var(--card); border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 10px; margin: 0 0 6px; }
details.case[data-verdict="FAIL"] { border-left-color: var(--fail); } details.case[data-verdict="ERROR"] { border-left-color: var(--error); }
details.case[data-verdict="WARN"] { border-left-color: #d4a72c; } details.case[data-verdict="PASS"] { border-left-color: var(--pass); }
details.case > summary { list-style: none; cursor: pointer; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; padding: 9px 14px; }
details.case > summary::-webkit-details-marker { display: none; }
details.case > summary::before { content: "▸"; color: var(--muted); width: 10px; transition: transform .15s; }
details.case[open] > summary::before { transform: rotate(90deg); }
details.case[open] > summary { border-bottom: 1px solid var(--line); background: var(--soft); border-radius: 10px 10px 0 0; }
.case-id { font-weight: 700; } .title { flex: 1; min-width: 200px; font-weight: 500; }
.reqs { font-size: 12px; color: var(--muted); font-family: var(--mono); } .duration { font-size: 12px; color: var(--muted); min-width: 60px; text-align: right; }
.why { flex-basis: 100%; padding-left: 20px; font-size: 12.5px; color: var(--muted); overflow-wrap: anywhere; }
details.case[data-verdict="FAIL"] .why { color: var(--fail); } details.case[data-verdict="ERROR"] .why { color: var(--error); }
.level { font-size: 10.5px; font-weight: 700; letter-spacing: .05em; padding: 1px 6px; border-radius: 4px; border: 1px solid var(--line); color: var(--muted); }
.level-MUST { color: var(--ink); border-color: #8c959f; }
.case-body { padding: 6px 18px 18px; }
.grounds ul { margin: 4px 0 8px; padding-left: 18px; } .grounds li { margin: 4px 0; }
.grounds .level { font-weight: 600; font-size: 12px; }
blockquote.cite { margin: 4px 0 4px 4px; padding: 4px 10px; border-left: 3px solid var(--fail, #cf222e); background: var(--soft); font-style: italic; overflow-wrap: anywhere; }
blockquote.cite cite { display: block; font-style: normal; font-size: 12px; color: #57606a; }
.reason { margin: 10px 0 4px; padding: 8px 12px; background: var(--soft); border-radius: 8px; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { text-align: left; font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--line); padding: 6px 8px; white-space: nowrap; }
td { border-bottom: 1px solid #eaeef2; padding: 6px 8px; vertical-align: top; overflow-wrap: anywhere; }
td.num { text-align: right; font-family: var(--mono); font-size: 12px; white-space: nowrap; color: var(--muted); }
.steps td.expected { background: #f3f9ff; font-family: var(--mono); font-size: 12.5px; }
.steps td.actual { font-family: var(--mono); font-size: 12.5px; }
.steps tr.step-FAIL td.actual { background: var(--fail-bg); color: #82071e; } .steps tr.step-WARN td.actual { background: var(--warn-bg); }
.steps tr.step-PASS td.actual { background: #f0fbf3; }
code.path { background: var(--fail-bg); color: #82071e; padding: 1px 6px; border-radius: 4px; }
a.req { white-space: nowrap; font-family: var(--mono); font-size: 12px; background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0 5px; color: var(--ink); }
a.ev { font-family: var(--mono); font-size: 12px; }
.transitions { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; }
.transition { font-family: var(--mono); font-size: 12px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 1px 8px; }
.transition.illegal { background: var(--fail-bg); border-color: var(--fail); color: var(--fail); font-weight: 700; }
.replay { display: flex; align-items: center; gap: 10px; background: #1f2328; color: #e6edf3; border-radius: 8px; padding: 8px 12px; }
.replay code { flex: 1; overflow-wrap: anywhere; color: #e6edf3; }
.replay button.copy { background: #30363d; color: #e6edf3; border-color: #484f58; border-radius: 6px; }

/* wire log */
table.wire { font-size: 12.5px; }
.wire-scroll { max-height: 560px; overflow: auto; border: 1px solid var(--line); border-radius: 8px; }
.wire-scroll thead th { position: sticky; top: 0; background: #fff; }
table.wire td { padding: 3px 8px; }
table.wire td.arrow { font-size: 16px; text-align: center; line-height: 1.2; }
table.wire tr.d-sent td.arrow { color: var(--accent); } table.wire tr.d-received td.arrow { color: var(--pass); } table.wire tr.d-event td.arrow { color: var(--muted); }
table.wire tr.d-event { background: #fafbfc; }
table.wire td.summary { white-space: nowrap; font-weight: 600; font-size: 12px; }
table.wire td.data { min-width: 320px; }
table.wire tr.flagged { background: var(--fail-bg); } table.wire tr.flagged td.summary { color: var(--fail); }
.full-frame summary { cursor: pointer; color: var(--accent); font-size: 12px; }
.full-frame pre { max-height: 360px; overflow: auto; background: var(--soft); padding: 6px; border-radius: 6px; margin-top: 4px; }
details.case, table.wire tr, .matrix tr { scroll-margin-top: 150px; }
.target-flash { outline: 3px solid #f5c542; outline-offset: 1px; }

/* sequence diagram */
.diagram { background: #fcfdfe; border: 1px solid var(--line); border-radius: 8px; padding: 4px; max-height: 640px; overflow: auto; }
svg.sequence { font: 11px system-ui, sans-serif; display: block; }
svg.sequence rect { fill: #fff; stroke: #8c959f; } .lane-backend rect { fill: #ddf4ff; stroke: var(--accent); } .lane-terminal rect { fill: #f6f8fa; }
svg.sequence .lane-terminal text, svg.sequence .lane-backend text { font-weight: 700; fill: var(--ink); font-size: 12px; }
svg.sequence g > line { stroke: #d0d7de; stroke-dasharray: 4 4; }
svg.sequence .msg line { stroke-width: 1.6; stroke-dasharray: none; }
svg.sequence .d-sent line { stroke: var(--accent); } svg.sequence .d-sent polygon { fill: var(--accent); } svg.sequence .d-sent .label { fill: #0550ae; }
svg.sequence .d-received line { stroke: var(--pass); } svg.sequence .d-received polygon { fill: var(--pass); } svg.sequence .d-received .label { fill: #116329; }
svg.sequence .d-event line { stroke: #8c959f; stroke-dasharray: 3 3; stroke-width: 1; } svg.sequence .d-event circle { fill: #8c959f; } svg.sequence .d-event .label { fill: var(--muted); font-style: italic; }
svg.sequence .protocol-error line { stroke: var(--warn); } svg.sequence .protocol-error polygon { fill: var(--warn); } svg.sequence .protocol-error .label { fill: var(--warn); font-weight: 700; }
svg.sequence .k-close line { stroke: #6e7781; }
svg.sequence .flagged line { stroke: var(--fail); stroke-width: 2.4; } svg.sequence .flagged polygon, svg.sequence .flagged circle { fill: var(--fail); } svg.sequence .flagged .label { fill: var(--fail); font-weight: 700; }
svg.sequence .time { fill: var(--muted); font-family: var(--mono); font-size: 10.5px; }
svg.sequence a:hover .label { text-decoration: underline; }

/* requirement matrix and screen graph */
.matrix td.req-text { min-width: 280px; } .matrix td:nth-child(-n+3) { white-space: nowrap; } .matrix td.cases a { font-family: var(--mono); font-size: 12px; margin-right: 6px; white-space: nowrap; }
.matrix tr[data-coverage="untested"] { background: var(--warn-bg); } .matrix tr[data-coverage="untestable"] td, .matrix tr[data-coverage="unchecked"] td { color: var(--muted); }
.graph-layout { display: flex; flex-direction: column; gap: 16px; }
.graph-table td { white-space: nowrap; font-family: var(--mono); font-size: 12px; } .graph-table { max-width: 760px; }
svg.graph { font: 11.5px system-ui, sans-serif; display: block; max-width: 100%; height: auto; }
svg.graph .node rect { fill: #fff; stroke: #57606a; stroke-width: 1.3; } svg.graph .node text { font-weight: 700; font-size: 11px; fill: var(--ink); }
svg.graph .edge path { fill: none; stroke-width: 2; }
svg.graph .edge.seen path { stroke: var(--pass); } svg.graph .edge.seen polygon { fill: var(--pass); }
svg.graph .edge.unseen path { stroke: #afb8c1; stroke-dasharray: 5 4; } svg.graph .edge.unseen polygon { fill: #afb8c1; }
svg.graph .edge.illegal path { stroke: var(--fail); stroke-width: 2.6; stroke-dasharray: 7 3; } svg.graph .edge.illegal polygon { fill: var(--fail); }
.legend { display: flex; gap: 18px; font-size: 12.5px; color: var(--muted); margin: 0; }
.legend i { display: inline-block; width: 26px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: 6px; }
.legend .l-seen { border-color: var(--pass); } .legend .l-unseen { border-color: #afb8c1; border-top-style: dashed; } .legend .l-illegal { border-color: var(--fail); border-top-style: dashed; }
svg.graph .edge-count { font-weight: 700; fill: var(--ink); paint-order: stroke; stroke: #fff; stroke-width: 4px; }
.graph-table tr.illegal { background: var(--fail-bg); } .graph-table tr.unseen td { color: var(--muted); }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 30px; }
@media (max-width: 900px) { .certificate { flex-direction: column; } .cert-verdict { border-left: 0; padding-left: 0; } .tiles { grid-template-columns: repeat(3, 1fr); } }
@media print { .filters, button.copy { display: none; } details.case { break-inside: avoid; } body { background: #fff; } }
`;
