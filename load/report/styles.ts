import { reportStyles } from '../../conformance/report/html/styles.js';

/**
 * The load report's stylesheet: the conformance report's (one look for both
 * reports, system fonts only, works offline) plus the few rules charts and
 * number tiles need. Runtime-neutral: k6's handleSummary inlines it too.
 */
export const loadReportStyles = `${reportStyles}
/* load report */
.certificate.v-overall-PASSED { border-top-color: var(--pass); } .certificate.v-overall-FAILED { border-top-color: var(--fail); } .certificate.v-overall-NONE { border-top-color: var(--warn); }
.load-tiles { grid-template-columns: repeat(4, 1fr); }
.load-tiles .tile { flex-direction: column; align-items: flex-start; gap: 2px; background: var(--card); }
.load-tiles .tile .label { font-size: 11.5px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.load-tiles .tile .count { font-size: 24px; } .load-tiles .tile .unit { font-size: 13px; font-weight: 600; color: var(--muted); margin-left: 3px; }
.load-tiles .tile.bad .count { color: var(--fail); } .load-tiles .tile.good .count { color: var(--pass); }
svg.chart { display: block; max-width: 100%; height: auto; margin: 6px 0 14px; }
.side-by-side { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
.side-by-side > div { min-width: 0; } .side-by-side .load-tiles { grid-template-columns: repeat(2, 1fr); } .side-by-side td, .side-by-side th { white-space: nowrap; overflow-wrap: normal; font-size: 12px; padding: 5px 6px; } .side-by-side h3 { margin: 0 0 4px; font-size: 13px; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; }
td.pass { color: var(--pass); font-weight: 700; } td.fail { color: var(--fail); font-weight: 700; }
table.numbers td:not(:first-child), table.numbers th:not(:first-child) { text-align: right; font-family: var(--mono); font-size: 12.5px; }
@media (max-width: 900px) { .load-tiles { grid-template-columns: repeat(2, 1fr); } .side-by-side { grid-template-columns: 1fr; } }
`;
