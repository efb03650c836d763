import type { RunResults } from '../../results.js';
import { isProfileName, registeredProfile } from '../../../protocol/profiles/index.js';
import { escapeHtml as e } from '../escape.js';
import { overallWords, verdictBadge, verdictMeaning, verdictOrder } from './verdict.js';

const featureWords = {
  verified: ['✓', 'verified'],
  failed: ['✗', 'failed'],
  skipped: ['–', 'skipped'],
  'not-declared': ['○', 'not declared'],
} as const;

/** "2025-03-14 09:30:00 UTC" from an ISO date; the input as is when it does not parse. */
export function readableDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function duration(results: RunResults): string {
  const ms = Date.parse(results.finishedAt) - Date.parse(results.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The app release a profile certifies against (its registry entry), or the protocol document for a profile of no release. */
function certifiedApp(profile: string): string {
  if (!isProfileName(profile)) return 'unknown profile';
  return registeredProfile(profile).certifiesApp ?? 'the protocol document itself (no app release)';
}

/**
 * The certificate: what was tested (target, profile, date, suite and spec
 * versions), the overall verdict in a big badge, and which optional features
 * were verified, failed, skipped or not declared.
 */
export function certificate(results: RunResults): string {
  const features = results.target.features.map((f) => {
    const [mark, words] = featureWords[f.verified];
    return `<li class="feature f-${f.verified}" data-feature-state="${f.verified}" title="${e(f.name)}: ${words}"><span class="mark">${mark}</span> ${e(f.name)} <span class="muted">${words}</span></li>`;
  });
  const facts: Array<[string, string]> = [
    ['Date', `${e(readableDate(results.startedAt))}${duration(results) ? ` <span class="muted">(${duration(results)})</span>` : ''}`],
    ['Profile', `<code>${e(results.target.profile)}</code>`],
    ['Certifies against', e(certifiedApp(results.target.profile))],
    ['Suite', `${e(results.suite.name)} ${e(results.suite.version)}`],
    ['Specification', e(results.suite.specVersion)],
    ['Certificate', certificateSeal(results)],
    ['Command', `<code class="command">${e(results.command)}</code>`],
  ];
  if (results.network) {
    facts.push(['Network allowance', `${results.network.medianRoundTripMs} ms <span class="muted">(median round trip, max ${results.network.maxRoundTripMs} ms, from the handshakes; every answer window was widened by it)</span>`]);
  }
  return `<header class="certificate v-overall-${results.verdict}">
<div class="cert-main">
  <p class="eyebrow">paysock conformance report · payment socket protocol</p>
  <h1 class="target" title="${e(results.target.url)}">${e(results.target.url)}</h1>
  ${results.verdict === 'COULD_NOT_RUN' ? `<p class="could-not-run" id="could-not-run"><strong>Could not run: ${e(results.reason ?? 'no reason recorded')}</strong></p>` : ''}
  <dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
  <div class="features"><span class="features-title">Optional features</span><ul>${features.join('') || '<li class="muted">none declared</li>'}</ul></div>
</div>
<div class="cert-verdict"><span class="caption">Overall verdict</span><span id="overall-verdict" class="overall o-${results.verdict}">${overallWords[results.verdict]}</span>
  <span class="caption">${results.cases.length} cases · ${results.counts.FAIL} failed · ${results.counts.ERROR} could not run</span></div>
</header>`;
}

/**
 * The run's certificate (certificate.json beside this report): its
 * fingerprint, which `paysock verify` prints, and whether it is signed. A
 * report without one says so, so a missing certificate is seen, not assumed.
 */
function certificateSeal(results: RunResults): string {
  const seal = results.certificate;
  if (!seal) return '<span id="certificate" data-certificate-state="none" class="muted">none: no certificate.json was made with this report</span>';
  const signed = seal.signed
    ? `<span class="cert-signed">signed</span> <span class="muted">(Ed25519, key <code title="${e(seal.keyFingerprint ?? '')}">${e(shortFingerprint(seal.keyFingerprint ?? ''))}</code>)</span>`
    : '<span class="cert-unsigned">not signed</span>';
  return `<span id="certificate" data-certificate-state="${seal.signed ? 'signed' : 'unsigned'}" data-certificate-fingerprint="${e(seal.fingerprint)}">` +
    `<code class="fingerprint" title="${e(seal.fingerprint)}">${e(shortFingerprint(seal.fingerprint))}</code> ${signed} <span class="muted">· check: <code>paysock verify certificate.json</code></span></span>`;
}

/** "sha256:" and the first 16 hex digits: enough to compare by eye with what `paysock verify` prints. */
function shortFingerprint(fingerprint: string): string {
  return fingerprint.length > 23 ? `${fingerprint.slice(0, 23)}…` : fingerprint;
}

/** Counts per verdict as tiles with a proportional bar. */
export function summary(results: RunResults): string {
  const total = Math.max(1, results.cases.length);
  const tiles = verdictOrder.map((v) => `<div class="tile t-${v}" title="${verdictMeaning[v]}">${verdictBadge(v)}<span class="count" data-count="${v}">${results.counts[v]}</span></div>`);
  const bar = verdictOrder.filter((v) => results.counts[v] > 0).map((v) => `<span class="seg b-${v}" style="width:${((results.counts[v] / total) * 100).toFixed(2)}%" title="${v}: ${results.counts[v]}"></span>`);
  return `<section class="card summary" id="summary"><h2>Summary</h2><div class="tiles">${tiles.join('')}</div><div class="bar">${bar.join('')}</div></section>`;
}
