import { reportStyles } from '../conformance/report/html/styles.js';

/** The kiosk's own rules, on top of the HTML report's look (same colours, badges and cards). */
const kioskOnly = `
.kiosk-main { max-width: 1500px; }
.connect-bar { display: flex; flex-wrap: wrap; align-items: end; gap: 10px 14px; padding: 14px 18px; }
.connect-bar .brand { margin-right: 8px; }
.connect-bar .brand p { margin: 0; }
.connect-bar label { display: flex; flex-direction: column; font-size: 11.5px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); gap: 2px; }
.connect-bar input, .connect-bar select { font: 13px var(--mono); padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); color: var(--ink); }
#backend { width: 280px; }
button { font: 600 13px system-ui, sans-serif; padding: 7px 12px; border-radius: 8px; border: 1px solid var(--line); background: var(--soft); color: var(--ink); cursor: pointer; }
button:hover { border-color: var(--accent); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.secondary { background: var(--card); }
.status { font-size: 12.5px; font-weight: 700; padding: 3px 10px; border-radius: 999px; border: 1px solid var(--line); }
.status[data-connection="open"] { color: var(--pass); background: var(--pass-bg); border-color: #aceebb; }
.status[data-connection="connecting"] { color: var(--warn); background: var(--warn-bg); border-color: #f5e0a0; }
.status[data-connection="closed"] { color: var(--skip); background: var(--skip-bg); }
.auth-note { flex-basis: 100%; margin: 0; color: var(--muted); }
.auth-note.alert { color: var(--fail); font-weight: 600; }
.kiosk-grid { display: grid; grid-template-columns: 440px minmax(0, 1fr); gap: 18px; align-items: start; }
.device { background: #1f2328; border-radius: 28px; padding: 18px 16px 26px; box-shadow: 0 8px 24px rgba(31,35,40,.25); position: relative; margin-bottom: 18px; }
.device-top { display: flex; justify-content: center; margin-bottom: 10px; } .camera { width: 46px; height: 6px; border-radius: 3px; background: #444c56; }
.device-screen { background: #fff; border-radius: 14px; min-height: 500px; display: flex; }
.device-screen.idle { opacity: .55; }
.device-screen.shown-invalid { outline: 4px solid var(--fail); }
.kiosk-banner { position: absolute; left: 28px; right: 28px; top: 40px; z-index: 2; background: var(--fail); color: #fff; font-weight: 700; border-radius: 10px; padding: 8px 12px; font-size: 13px; }
.kiosk-flag { position: absolute; left: 28px; right: 28px; bottom: 34px; z-index: 2; background: var(--fail-bg); color: var(--fail); border: 1px solid var(--fail); border-radius: 8px; padding: 4px 10px; font-size: 12px; text-align: center; }
.screen { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 14px; padding: 28px 22px; text-align: center; }
.screen-title { font-size: 24px; margin: 0 0 6px; }
.pad { display: grid; grid-template-columns: repeat(2, 1fr); gap: 12px; width: 100%; }
.pad button { font-size: 22px; padding: 20px 10px; border-radius: 14px; background: var(--soft); }
.pad button.method { font-size: 18px; }
.row { display: flex; gap: 12px; justify-content: center; width: 100%; }
.row button { flex: 1; max-width: 200px; padding: 14px; font-size: 16px; border-radius: 12px; }
.keypad-display { font: 700 34px var(--mono); padding: 8px 16px; min-width: 70%; border-bottom: 2px solid var(--line); }
.keypad-hint.outside { color: var(--fail); font-weight: 600; }
.keys { display: grid; grid-template-columns: repeat(3, 72px); gap: 10px; }
.keys button { font-size: 22px; padding: 14px 0; border-radius: 12px; }
.big { font-size: 26px; font-weight: 700; margin: 0; }
.glyph { font-size: 54px; font-weight: 800; width: 96px; height: 96px; line-height: 96px; border-radius: 50%; background: var(--soft); }
.glyph.ok { color: var(--pass); background: var(--pass-bg); } .glyph.fail { color: var(--fail); background: var(--fail-bg); }
.error-lines p { margin: 2px 0; }
.spinner { width: 54px; height: 54px; border-radius: 50%; border: 6px solid var(--soft); border-top-color: var(--accent); animation: spin 1s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
.progress { width: 80%; height: 10px; background: var(--soft); border-radius: 5px; overflow: hidden; } .progress-fill { height: 100%; background: var(--accent); width: 0; }
.status-line { font-weight: 600; margin: 0; }
.edges h4 { margin-top: 0; } .edge-buttons { display: flex; flex-wrap: wrap; gap: 8px; }
.log-card { padding: 14px 16px; }
.log-head { display: flex; align-items: center; gap: 14px; } .log-head h2 { margin: 0; flex: 1; }
.log { list-style: none; margin: 10px 0; padding: 0; height: calc(100vh - 260px); min-height: 420px; overflow-y: auto; border: 1px solid var(--line); border-radius: 8px; background: var(--soft); }
.log.only-problems .entry[data-verdict="OK"], .log.only-problems .entry.note { display: none; }
.entry { padding: 6px 10px; border-bottom: 1px solid var(--line); background: var(--card); }
.entry.note { background: transparent; color: var(--muted); font-size: 12.5px; display: flex; gap: 10px; }
.entry.dir-out { background: #f6fbff; }
.entry.verdict-FAIL { border-left: 4px solid var(--fail); } .entry.verdict-WARN { border-left: 4px solid var(--warn); }
.entry-head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.entry-head .what { font-family: var(--mono); font-size: 12.5px; font-weight: 600; flex: 1; min-width: 0; overflow-wrap: anywhere; }
.arrow { font-weight: 800; width: 20px; } .dir-in .arrow { color: var(--accent); } .dir-out .arrow { color: var(--pass); }
.time { color: var(--muted); }
.findings { margin: 4px 0 2px 28px; padding: 0; list-style: none; }
.finding { font-size: 12.5px; padding: 1px 0; } .finding .req { min-width: 0; margin-left: 4px; }
.f-FAIL .path { color: var(--fail); } .f-WARN .path { color: var(--warn); }
.frame-body { margin-left: 28px; } .frame-body pre { background: var(--soft); padding: 6px 8px; border-radius: 6px; margin-top: 4px; }
.log-foot { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.screensaver { cursor: pointer; background: linear-gradient(160deg, #1f6feb22, #2da44e22); border-radius: 14px; }
.qr { display: grid; grid-template-columns: repeat(21, 8px); grid-auto-rows: 8px; padding: 8px; background: #fff; border: 1px solid var(--line); }
.qr-dark { background: #1f2328; } .qr-light { background: #fff; }
.payment-url { overflow-wrap: anywhere; max-width: 90%; }
.device-error-message { font-weight: 600; color: var(--fail); }
.terminal-panel h4 { margin-top: 0; }
.terminal-panel button.armed { background: var(--accent); border-color: var(--accent); color: #fff; }
.test-control-panel h4 { margin-top: 0; } .test-control-panel label { display: block; margin: 8px 0; } .test-control-panel input { width: 100%; font-family: var(--mono); }
.test-control-panel button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
#test-scenario-status[data-accepted="true"] { color: var(--pass); } #test-scenario-status[data-accepted="false"] { color: var(--warn); }
.terminal-records { margin: 8px 0 0; padding-left: 26px; max-height: 140px; overflow-y: auto; color: var(--muted); }
.terminal-records .charged-taken { color: var(--ink); } .terminal-records .charged-reversed { color: var(--pass); }
@media (max-width: 1000px) { .kiosk-grid { grid-template-columns: 1fr; } }
`;

/** The kiosk stylesheet: the report's, then the kiosk's own rules. */
export const kioskStyles = `${reportStyles}\n${kioskOnly}`;
