import { requirement } from '../../../protocol/requirements.js';
import { V2Conversation } from '../../../protocol/v2/conversation.js';
import { parseV2Frame } from '../../../protocol/v2/frame.js';
import type { V2Problem } from '../../../protocol/v2/problems.js';
import { isV2Hard } from '../../../protocol/v2/verdict.js';
import type { Finding, FrameJudgement, FrameVerdict } from '../judge.js';

/** What the d540407 kiosk does with a backend frame that has the problem (protocol/v2/problems.ts). */
const REACTION: Record<V2Problem['code'], string> = {
  DEVICE_ERROR: 'the kiosk shows its device-error screen',
  IGNORED: 'the kiosk ignores it',
  ACCEPTED: 'the kiosk acts on it',
  LOGGED: 'the backend logs it',
};

/**
 * The v2 page's judge of every frame: the v2 schemas and per-frame rules
 * (protocol/v2/frame.ts, the validators `paysock validate --profile
 * pinto-android-2` runs) and the conversation rules (protocol/v2/conversation.ts).
 * FAIL only for a MUST the sources state, WARN for the rest (protocol/v2/verdict.ts).
 * No DOM: Node tests bundle it as the page does and hold it to the Node validators.
 */
export class V2KioskJudge {
  private conversation = new V2Conversation();

  /** The page was reloaded or the session reset: nothing said so far counts. */
  reset(): void {
    this.conversation = new V2Conversation();
  }

  /**
   * A new connection of the kiosk. The backend must send a screen on every
   * connection (V2-TRN-9) and cannot know that a card payment runs, so the
   * payment guard of V2-M-13 ends here; answered card checks stay remembered (V2-M-3).
   */
  newConnection(): void {
    this.conversation.connectionChanged();
  }

  /** The customer started a card payment on the kiosk (V2-M-13). */
  localPaymentStarted(): void {
    this.conversation.localPaymentStarted();
  }

  /** Test control: the backend accepted a scenario in which this connection's tickets fail to print (V2-M-14). */
  printFailureArranged(): void {
    this.conversation.printFailureArranged();
  }

  /** Judges a text frame the backend sent, before the kiosk acts on it. */
  inbound(text: string): FrameJudgement {
    const parsed = parseV2Frame(text);
    const findings: Finding[] = [];
    let raw: unknown;
    if (parsed.keepalive) {
      raw = { ping: true };
    } else if (parsed.ok) {
      raw = parsed.value;
      for (const p of parsed.warnings) findings.push(finding(p, 'WARN'));
    } else {
      raw = parsed.parsed;
      for (const p of parsed.problems) findings.push(finding(p, isV2Hard(p.requirement) ? 'FAIL' : 'WARN'));
    }
    const ts = (raw as { timestamp?: unknown } | undefined)?.timestamp;
    if (typeof ts === 'number' && Number.isInteger(ts) && ts < 1e12) {
      findings.push(finding({ path: '/timestamp', message: `${ts} reads as seconds: a backend's timestamp is its clock in milliseconds`, requirement: 'V2-ENV-9', code: 'ACCEPTED' }, 'WARN'));
    }
    for (const p of this.conversation.backendFrame(text)) findings.push(finding(p, isV2Hard(p.requirement) ? 'FAIL' : 'WARN'));
    return { verdict: worst(findings), findings, ...(raw !== undefined ? { raw } : {}) };
  }

  /** Judges a frame the kiosk sent (the virtual kiosk writes d540407's frames; a finding here is a bug of kiosk-v2/). */
  outbound(text: string): FrameJudgement {
    const parsed = parseV2Frame(text, { from: 'terminal' });
    const findings: Finding[] = [];
    if (!parsed.ok) for (const p of parsed.problems) findings.push(finding(p, isV2Hard(p.requirement) ? 'FAIL' : 'WARN'));
    for (const p of parsed.warnings) findings.push(finding(p, 'WARN'));
    this.conversation.kioskSent(text);
    return { verdict: worst(findings), findings };
  }
}

function finding(p: V2Problem, verdict: 'WARN' | 'FAIL'): Finding {
  return { path: p.path, message: `${p.message} (${REACTION[p.code]})`, requirement: p.requirement, level: levelOf(p.requirement), verdict };
}

function levelOf(id: string): Finding['level'] {
  try {
    return requirement(id, 2).level;
  } catch {
    return '?';
  }
}

function worst(findings: readonly Finding[]): FrameVerdict {
  if (findings.some((f) => f.verdict === 'FAIL')) return 'FAIL';
  return findings.length > 0 ? 'WARN' : 'OK';
}
