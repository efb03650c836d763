import { escapeHtml } from '../conformance/report/escape.js';
import { profiles, type TerminalProfile } from '../protocol/profiles/index.js';

/** What the page starts with (the form's initial values). */
export interface PageConfig {
  backend: string;
  token?: string;
  terminalId?: string;
  profile: TerminalProfile;
}

/** The Content-Security-Policy of the page: its own script and stylesheet only, WebSockets to any backend, nothing else. */
export const KIOSK_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src ws: wss:; img-src 'self' blob: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The page shell. Its configuration travels in a JSON data block, which a CSP
 * without 'unsafe-inline' allows (it is never executed); `<` is escaped so a
 * backend URL cannot close the block.
 */
export function kioskPage(config: PageConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  const option = (p: TerminalProfile, label: string): string => `<option value="${p}"${config.profile === p ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>paysock kiosk</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/kiosk.css">
<script id="kiosk-config" type="application/json">${json}</script>
<script src="/kiosk.js" defer></script>
</head>
<body>
<main class="kiosk-main">
<header class="card connect-bar">
  <div class="brand"><p class="eyebrow">paysock kiosk</p><p class="muted small">Be the terminal: every frame judged by the certifier's rules</p></div>
  <label>Backend <input id="backend" type="url" placeholder="ws://127.0.0.1:8080/" spellcheck="false"></label>
  <label>Token <input id="token" type="text" placeholder="(none)" spellcheck="false" autocomplete="off"></label>
  <label>Terminal id <input id="terminal-id" type="text" placeholder="(none)" spellcheck="false"></label>
  <label>Profile <select id="profile">${profiles.map((p) => option(p.name, p.title)).join('')}</select></label>
  <button id="connect" type="button" class="primary">Connect</button>
  <span id="status" class="status" data-connection="closed">disconnected</span>
  <p id="auth-note" class="auth-note small" hidden>The token is sent as <code>?access_token=</code>: a browser cannot set the <code>Authorization: Bearer</code> header. A backend that accepts the token only in the header refuses this handshake (HTTP 401); certify it with <code>paysock certify</code> instead.</p>
</header>
<div class="kiosk-grid">
  <div class="left">
    <div class="device">
      <div class="device-top"><span class="camera"></span></div>
      <div id="kiosk-banner" class="kiosk-banner" role="status" hidden></div>
      <div id="kiosk-flag" class="kiosk-flag" hidden>drawn from an invalid frame: see the log</div>
      <div id="kiosk" class="device-screen"></div>
    </div>
    <section class="card edges">
      <h4>Edge cases by hand</h4>
      <div class="edge-buttons">
        <button type="button" data-edge="stale" title="Re-send an action from a screen the kiosk has left">Stale action</button>
        <button type="button" data-edge="double-tap" title="Send this screen's first button twice, back to back">Double tap</button>
        <button type="button" data-edge="wrong-id" title="Send this screen's first button with a transaction id the backend never gave">Wrong transaction id</button>
        <button type="button" data-edge="non-integer" title="Send an amount with a fraction">Non-integer amount</button>
        <button type="button" data-edge="drop" title="Close the connection and reconnect at once">Drop and reconnect</button>
        <button type="button" data-edge="idle" title="Send nothing and watch the idle timeout">Go idle</button>
        <button type="button" data-edge="keepalive" title="The shipped client's {&quot;ping&quot;:true} text frame">Keepalive {"ping":true}</button>
      </div>
      <p class="small muted">Each answer shows up judged in the log.</p>
    </section>
  </div>
${wireLogCard(`<button id="export-server" type="button">Export server frames (.jsonl)</button> <code>paysock validate &lt;file&gt;</code>
      <button id="export-terminal" type="button">Export kiosk frames (.jsonl)</button> <code id="validate-terminal-command"></code>`)}
</div>
</main>
</body>
</html>
`;
}

/** The wire-log card both pages share (kiosk/page/log-panel.ts drives it); `foot` holds the export buttons. */
export function wireLogCard(foot: string): string {
  return `<section class="card log-card">
    <div class="log-head">
      <h2>Wire log</h2>
      <span class="counts"><span class="badge v-PASS">OK <span id="count-ok">0</span></span> <span class="badge v-WARN">WARN <span id="count-warn">0</span></span> <span class="badge v-FAIL">FAIL <span id="count-fail">0</span></span></span>
      <label class="small"><input id="only-problems" type="checkbox"> only problems</label>
    </div>
    <ol id="log" class="log"></ol>
    <div class="log-foot small">
      ${foot}
    </div>
  </section>`;
}
