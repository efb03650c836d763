import { wireLogCard } from './page-html.js';

/** What the v2 page starts with. */
export interface V2PageConfig {
  /** ws://host:port of the backend (V2-TRN-1). */
  backend: string;
  profile: string;
  /** How long each card-terminal operation takes, ms (default 1000). */
  terminalMs?: number;
}

/**
 * The shell of the protocol v2 page (`paysock kiosk --profile
 * pinto-android-2`): the kiosk's screen, its card terminal, the wire log.
 * No token or terminal id: d540407 sends no credentials (V2-TRN-2). The
 * configuration travels in a JSON data block (never executed) with `<`
 * escaped, as on the v1 page.
 */
export function kioskPageV2(config: V2PageConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>paysock kiosk (pinto-android-2)</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/kiosk.css">
<script id="kiosk-config" type="application/json">${json}</script>
<script src="/kiosk-v2.js" defer></script>
</head>
<body>
<main class="kiosk-main kiosk-v2">
<header class="card connect-bar">
  <div class="brand"><p class="eyebrow">paysock kiosk · pinto-android-2</p><p class="muted small">The Android kiosk app v2.2 (d540407), every backend frame judged by the v2 rules</p></div>
  <label>Backend <input id="backend" type="url" placeholder="ws://127.0.0.1:5001" spellcheck="false"></label>
  <button id="start" type="button" class="primary" data-action="start">Start app</button>
  <span id="status" class="status" data-connection="closed">disconnected</span>
</header>
<div class="kiosk-grid">
  <div class="left">
    <div class="device">
      <div class="device-top"><span class="camera"></span></div>
      <div id="kiosk" class="device-screen"></div>
    </div>
    <section class="card terminal-panel" aria-label="Card terminal">
      <h4>Card terminal</h4>
      <p class="small muted">Path: <span id="terminal-path"></span></p>
      <div id="terminal-cards" class="edge-buttons" aria-label="Next card"></div>
      <p id="terminal-armed" class="small status-line"></p>
      <div class="edge-buttons">
        <button id="terminal-cut" type="button" data-action="lose-connection-now">Lose the connection now</button>
        <button id="terminal-restart" type="button" data-action="restart-app">Restart the app</button>
      </div>
      <ol id="terminal-records" class="terminal-records small mono"></ol>
    </section>
    <section class="card test-control-panel" aria-label="Backend test control">
      <h4>Backend test control</h4>
      <p class="small muted">The printer, reversal requests, <code>INFO_SCREEN</code> and <code>RESTART_APP</code> are the backend's to play. A backend with test control (the reference server with <code>--test-control</code>) plays them when the kiosk's upgrade carries <code>X-Test-Scenario</code>; a browser cannot set that header, so with a scenario here the app connects through <code>paysock kiosk</code>, which adds it and passes every frame unchanged. It applies from the app's next connection (start or restart the app).</p>
      <label>X-Test-Scenario <input id="test-scenario" type="text" placeholder="printer-fault" spellcheck="false"></label>
      <div id="scenario-presets" class="edge-buttons" aria-label="Scenarios"></div>
      <p id="test-scenario-status" class="small status-line"></p>
    </section>
  </div>
  ${wireLogCard(`<button id="export-server" type="button">Export backend frames (.jsonl)</button> <code>paysock validate --profile pinto-android-2 &lt;file&gt;</code>
      <button id="export-terminal" type="button">Export kiosk frames (.jsonl)</button> <code>paysock validate --from terminal --profile pinto-android-2 &lt;file&gt;</code>`)}
</div>
</main>
</body>
</html>
`;
}
