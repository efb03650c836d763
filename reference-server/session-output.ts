import { protocolErrorMessage, type ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { Screen } from '../protocol/screen-graph.js';
import type { Answer, Choices } from './answers.js';
import type { Outlet } from './outbound.js';

/** What the output reads of its terminal session. */
export interface OutputSession {
  readonly ctx: { readonly choices: Choices };
  readonly screen: Screen;
  readonly data: Record<string, unknown>;
  readonly transactionId: string;
  /** The terminal's current connection; undefined while it is away. */
  readonly outlet: Outlet | undefined;
}

/**
 * What a terminal session puts on the wire: its current screen
 * (SCREEN_CHANGE), STATUS_UPDATEs, and the answers to terminal messages the
 * rules refuse, as the server's choices (answers.ts) pick them. The
 * connection stamps and sends them (connection.ts).
 */
export class SessionOutput {
  constructor(private readonly session: OutputSession) {}

  /** Sends the current screen to the terminal's connection. */
  sendCurrent(): void {
    const outlet = this.session.outlet;
    if (outlet) this.sendCurrentTo(outlet);
  }

  /** Sends the current screen to one connection. */
  sendCurrentTo(outlet: Outlet): void {
    const s = this.session;
    outlet.send({ messageType: 'SCREEN_CHANGE', screen: s.screen, data: s.data, transactionId: this.announcedId() });
  }

  /** A STATUS_UPDATE on the current screen (SCR-11); it never changes the screen. */
  status(status: string, message: string): void {
    const s = this.session;
    s.outlet?.send({ messageType: 'STATUS_UPDATE', screen: s.screen, data: { status, message }, transactionId: this.announcedId() });
  }

  /** Answers a refused message with the one of the legal `answers` the server chooses (ERR-3: nothing changes). */
  refuse(outlet: Outlet, answers: readonly Answer[], named: string | undefined): void {
    const chosen = this.session.ctx.choices.answer(answers);
    if (chosen.kind === 'error' || chosen.kind === 'screen') this.answer(outlet, chosen, named);
  }

  /**
   * Answers a terminal message the rules refuse (ERR-3: the state does not
   * change): ERROR, or the current screen again. `named`: the well-formed
   * transaction id the message carried, if any.
   */
  answer(outlet: Outlet, answer: Extract<Answer, { kind: 'error' | 'screen' }>, named: string | undefined): void {
    if (answer.kind === 'screen') {
      this.sendCurrentTo(outlet);
      return;
    }
    const choices = this.session.ctx.choices;
    this.error(outlet, answer.code, choices.errorTransactionId(this.announcedId(), named));
    if (choices.screenAfterError) this.sendCurrentTo(outlet);
  }

  /** ERROR with the active transaction id (TXN-6) and the current screen (ENV-4). */
  error(outlet: Outlet, code: ProtocolErrorCode, transactionId: string = this.announcedId()): void {
    outlet.send({ messageType: 'ERROR', screen: this.session.screen, data: { errorMessage: protocolErrorMessage(code), errorCode: code }, transactionId });
  }

  /** The transaction id the terminal is told: the active one (TXN-1, TXN-5). */
  announcedId(): string {
    return this.session.transactionId;
  }
}
