/** The matrix page's own styles, added to the report's (badges, steps, grounds, replay). */
export const matrixStyles = `
main.wide { max-width: none; }
.matrix-head h1 { margin: 4px 0 6px; font-size: 24px; }
.mixed-specs { padding: 8px 12px; border-radius: 8px; background: var(--warn-bg); border: 1px solid var(--warn); }
.pair { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 0 0 10px; }
.pair select { font: inherit; border: 1px solid var(--line); border-radius: 8px; padding: 3px 8px; }
table.diff td, table.mx td, table.mx th { white-space: nowrap; }
table.diff td.title, table.mx td.title { white-space: normal; min-width: 220px; max-width: 420px; }
table.mx td.reqs, table.diff td.reqs { white-space: normal; max-width: 190px; }
table.diff td.title { width: 60%; }
tr.change.k-new-fail { background: var(--fail-bg); } tr.change.k-worse { background: var(--warn-bg); } tr.change.k-better { background: #f0fbf3; }
.kind { font-weight: 700; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.k-new-fail .kind { color: var(--fail); } .k-worse .kind { color: var(--warn); } .k-better .kind { color: var(--pass); } .k-added .kind, .k-removed .kind { color: var(--muted); }
.mx-scroll { overflow: auto; max-height: 80vh; border: 1px solid var(--line); border-radius: 8px; }
table.mx thead th { position: sticky; top: 0; background: #fff; z-index: 2; vertical-align: bottom; }
table.mx th.col { text-transform: none; letter-spacing: 0; font-weight: 500; color: var(--ink); min-width: 130px; max-width: 190px; white-space: normal; border-left: 1px solid var(--line); }
table.mx th.col .col-label { font-weight: 800; font-size: 13px; white-space: normal; overflow-wrap: anywhere; }
table.mx th.col .col-facts { font-size: 11px; color: var(--muted); white-space: normal; overflow-wrap: anywhere; }
table.mx th.col.is-base { box-shadow: inset 0 -4px 0 #8c959f; } table.mx th.col.is-head { box-shadow: inset 0 -4px 0 var(--accent); }
table.mx tr.section-row th { background: var(--soft); font-size: 12px; position: static; }
table.mx td.cell { text-align: center; border-left: 1px solid #eaeef2; }
table.mx td.cell button.badge, table.diff button.badge { cursor: pointer; font-size: 11px; }
table.mx td.cell.compared { outline: 2px solid #f5c542; outline-offset: -2px; }
table.mx tr.changed td:first-child { box-shadow: inset 4px 0 0 #f5c542; }
.overall-small { font-size: 11px; font-weight: 800; padding: 1px 6px; border-radius: 6px; border: 1px solid; display: inline-block; margin: 2px 0; }
dialog#detail { width: min(1100px, 94vw); max-height: 88vh; border: 1px solid var(--line); border-radius: 12px; padding: 18px 22px; }
dialog#detail::backdrop { background: rgba(31,35,40,.45); }
#detail-close { float: right; }
.detail-title { margin: 0 0 4px; font-size: 16px; } .detail-run { margin: 0 0 8px; }
.detail-cases { padding-left: 18px; } .detail-cases li { margin: 4px 0; }
`;
