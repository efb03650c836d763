import type { V2Problem } from './problems.js';

/** The kiosk's idle-timeout CANCEL text (V2-KIO-3). */
const IDLE_CANCEL = 'Session timed out due to inactivity';

interface Frame {
  messageType?: unknown;
  screen?: unknown;
  transactionId?: unknown;
  data?: unknown;
}

/**
 * The rules of a v2 backend frame that depend on what the kiosk said before
 * it, which no schema can state: one LIMIT_CHECK_RESULT per CARD_CHECK_RESULT
 * with its id (V2-M-3, V2-TXN-3), no ERROR for a keepalive, an idle CANCEL or
 * a REVERSAL_RESULT (V2-TRN-6, V2-ERR-1, V2-M-9), nothing that breaks a
 * local card payment (V2-M-13), and no RESTART_APP during a card payment
 * (V2-FLOW-21) or while the kiosk holds a sale whose ticket is not confirmed
 * (V2-M-12). Feed it every kiosk frame (`kioskSent`) and
 * judge every backend frame (`backendFrame`) in wire order; the schema and
 * per-frame rules are parseV2Frame's. Runtime-neutral: the kiosk page and
 * the certifier can both run it.
 *
 * Card checks answered are remembered across connections, since a
 * LIMIT_CHECK_RESULT must never be re-sent after a reconnect (V2-M-3).
 */
export class V2Conversation {
  /** K6 ids still waiting for their LIMIT_CHECK_RESULT. */
  private readonly openCardChecks = new Set<string>();
  /** K6 ids already answered. */
  private readonly answered = new Set<string>();
  /** The kiosk's last frame: what a backend ERROR would be answering. */
  private lastKioskFrame: { kind: 'keepalive' | 'idle-cancel' | 'reversal-result' | 'other'; transactionId?: string } | undefined;
  private localPayment = false;
  /** The backend accepted a test scenario in which every ticket of this connection fails to print (flow h). */
  private printFails = false;
  /** A PRINT_TICKET was sent while printFails: the ticket failed, until the next AMOUNT_SELECT. */
  private ticketFailed = false;
  /**
   * The kiosk reported a successful sale (K7 SUCCESS) on this connection and
   * holds it: no COLLECT_TICKET, THANK_YOU or AMOUNT_SELECT has reached it
   * since, and no reversal has cleared it (V2-M-12, §5g step 6, §5h step 6).
   */
  private holdingSale = false;

  /**
   * The kiosk's connection changed. The backend must send a screen on every
   * connection (V2-TRN-9) and has no way to learn that a card payment still
   * runs on the kiosk (M7), so that screen cannot break V2-M-13: the guard ends.
   * Nor can it learn whether a sale is still held: a K7 sent as the link
   * dropped may never have arrived (M7), and a kiosk away for 20 s has
   * reversed the sale on its own before the K8a reaches the new connection
   * (§5g step 6), so the V2-M-12 window ends too.
   */
  connectionChanged(): void {
    this.localPayment = false;
    this.holdingSale = false;
    this.lastKioskFrame = undefined;
    this.printFails = false;
    this.ticketFailed = false;
  }

  /**
   * Test control: the backend accepted, for this connection, a scenario in
   * which the ticket fails to print and it refunds automatically (the
   * reference server's `printer-fault`, `printer-fault-refund`). From its
   * PRINT_TICKET on, COLLECT_TICKET or THANK_YOU breaks V2-M-14. Without it
   * the kiosk cannot tell a failed print from a good one: the printer is the backend's.
   */
  printFailureArranged(): void {
    this.printFails = true;
  }

  /**
   * The customer started a card payment on the kiosk (a card method tapped,
   * or K1 with YASPA off): the backend must leave it alone until the K7 or
   * K8a that ends it, or the kiosk's next RESET (V2-M-13).
   */
  localPaymentStarted(): void {
    this.localPayment = true;
  }

  /** Whether a local card payment runs, as far as the wire and the taps tell. */
  get paymentRunning(): boolean {
    return this.localPayment;
  }

  /** A frame the kiosk sent (its text exactly as on the wire). */
  kioskSent(text: string): void {
    const m = parse(text);
    if (!m) return;
    if (!('messageType' in m) && (m as { ping?: unknown }).ping === true) {
      this.lastKioskFrame = { kind: 'keepalive' };
      return;
    }
    const id = typeof m.transactionId === 'string' ? m.transactionId : undefined;
    const data = (m.data ?? {}) as Record<string, unknown>;
    switch (m.messageType) {
      case 'CARD_CHECK_RESULT':
        if (id !== undefined) this.openCardChecks.add(id);
        this.lastKioskFrame = { kind: 'other' };
        return;
      case 'PAYMENT_RESULT':
        this.localPayment = false;
        if (m.screen === 'SUCCESS') this.holdingSale = true;
        this.lastKioskFrame = { kind: 'other' };
        return;
      case 'REVERSAL_RESULT':
        this.localPayment = false;
        // A reversed sale clears the kiosk's last sale and pending-ticket marker (§5h step 6); NO_SALE_FOUND says it holds none.
        // A failed reversal leaves both: the window of V2-M-12 goes on until a ticket screen or AMOUNT_SELECT.
        if (m.screen === 'SUCCESS' || data.errorCode === 'NO_SALE_FOUND') this.holdingSale = false;
        this.lastKioskFrame = { kind: 'reversal-result', ...(id !== undefined ? { transactionId: id } : {}) };
        return;
      case 'USER_ACTION':
        if (m.screen === 'RESET') this.localPayment = false;
        this.lastKioskFrame = { kind: m.screen === 'CANCEL' && data.errorMessage === IDLE_CANCEL ? 'idle-cancel' : 'other' };
        return;
      default:
        this.lastKioskFrame = { kind: 'other' };
    }
  }

  /** Judges a backend frame in the light of the conversation so far; returns what it breaks (empty: nothing). */
  backendFrame(text: string): V2Problem[] {
    const m = parse(text);
    if (!m) return [];
    const problems: V2Problem[] = [];
    const add = (path: string, message: string, requirement: string): void => {
      problems.push({ path, message, requirement, code: 'ACCEPTED' });
    };
    const id = typeof m.transactionId === 'string' ? m.transactionId : undefined;
    if (m.messageType === 'LIMIT_CHECK_RESULT' && id !== undefined) this.limitCheck(id, add);
    if (m.messageType === 'ERROR') {
      const last = this.lastKioskFrame;
      if (last?.kind === 'keepalive') add('/messageType', 'answers the kiosk\'s keepalive {"ping":true}: the kiosk shows FAILED and sends ping + RESET again 4 s later, for ever', 'V2-TRN-6');
      else if (last?.kind === 'idle-cancel') add('/messageType', 'answers the kiosk\'s idle-timeout CANCEL on AMOUNT_SELECT: the kiosk RESETs behind its screensaver', 'V2-ERR-1');
      else if (last?.kind === 'reversal-result' && last.transactionId === id) add('/messageType', `answers the kiosk's REVERSAL_RESULT ${JSON.stringify(id)}: a reversal result is recorded and flagged, never refused, even for a sale the backend does not know`, 'V2-M-9');
    }
    if (m.messageType === 'SCREEN_CHANGE') this.ticket(m.screen, add);
    if (m.messageType === 'RESTART_APP') this.restart(add);
    // Each of the three clears the kiosk's pending-ticket marker (§5g step 5): from here a restart costs no sale.
    if (m.messageType === 'SCREEN_CHANGE' && (m.screen === 'COLLECT_TICKET' || m.screen === 'THANK_YOU' || m.screen === 'AMOUNT_SELECT')) this.holdingSale = false;
    if (this.localPayment && breaksPayment(m)) {
      add(m.messageType === 'ERROR' ? '/messageType' : '/screen', `${String(m.messageType)} ${String(m.screen)} while the kiosk runs a card payment: it replaces the screen while the terminal keeps working, and the RESET that follows clears the kiosk's pending-sale record`, 'V2-M-13');
    }
    return problems;
  }

  /**
   * §5k step 4: RESTART_APP never while the kiosk is in a card payment
   * (V2-FLOW-21; V2-M-13 names only ERROR, FAILED and AMOUNT_SELECT) nor
   * while it holds a sale whose ticket is not confirmed (V2-M-12, which
   * states it for that window).
   */
  private restart(add: (path: string, message: string, requirement: string) => void): void {
    if (this.localPayment) {
      add('/messageType', 'RESTART_APP while the kiosk runs a card payment: the app dies 0.5 s later with the terminal still working, and the sale is reversed or lost on relaunch (§5i)', 'V2-FLOW-21');
    } else if (this.holdingSale) {
      add('/messageType', 'RESTART_APP while the kiosk holds a sale whose ticket is not confirmed (after its PAYMENT_RESULT SUCCESS, before COLLECT_TICKET, THANK_YOU or AMOUNT_SELECT): the relaunched kiosk forgets the sale or reverses it on its own, and the customer may leave paid without a ticket', 'V2-M-12');
    }
  }

  /** V2-M-14 under an arranged print failure: from PRINT_TICKET to the next AMOUNT_SELECT, no ticket screens. */
  private ticket(screen: unknown, add: (path: string, message: string, requirement: string) => void): void {
    if (screen === 'PRINT_TICKET' && this.printFails) this.ticketFailed = true;
    else if (screen === 'AMOUNT_SELECT') this.ticketFailed = false;
    else if (this.ticketFailed && (screen === 'COLLECT_TICKET' || screen === 'THANK_YOU')) {
      add('/screen', `${String(screen)} after a ticket that failed to print (the backend accepted a printer-fault test scenario): with automatic refund it must send REVERSAL_REQUEST or REFUND_REQUEST and no COLLECT_TICKET or THANK_YOU, or the customer leaves paid without a ticket`, 'V2-M-14');
    }
  }

  private limitCheck(id: string, add: (path: string, message: string, requirement: string) => void): void {
    if (this.openCardChecks.delete(id)) {
      this.answered.add(id);
      return;
    }
    if (this.answered.has(id)) {
      add('/transactionId', `answers the CARD_CHECK_RESULT ${JSON.stringify(id)} a second time: a duplicate APPROVED starts a second Integra sale, a duplicate rejection a second NNSmart cancellation`, 'V2-M-3');
      return;
    }
    const open = [...this.openCardChecks];
    if (open.length > 0) add('/transactionId', `must echo the CARD_CHECK_RESULT's transactionId ${open.map((o) => JSON.stringify(o)).join(' or ')}`, 'V2-TXN-3');
    else add('/transactionId', `answers no CARD_CHECK_RESULT: the kiosk sent none under ${JSON.stringify(id)}`, 'V2-M-3');
  }
}

/** ERROR, FAILED or AMOUNT_SELECT: what V2-M-13 forbids during a local payment. */
function breaksPayment(m: Frame): boolean {
  return m.messageType === 'ERROR' || (m.messageType === 'SCREEN_CHANGE' && (m.screen === 'FAILED' || m.screen === 'AMOUNT_SELECT'));
}

function parse(text: string): Frame | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Frame) : undefined;
  } catch {
    return undefined;
  }
}
