import { protocolErrorMessage, type ProtocolErrorCode } from '../protocol/error-catalogue.js';
import { INITIAL } from './action-rules.js';
import type { Outlet } from './outbound.js';
import { screenErrorData } from './screens.js';
import type { SessionHost } from './session-host.js';

/**
 * What a terminal session puts on the wire: its current screen
 * (SCREEN_CHANGE), STATUS_UPDATEs, and ERROR answers to rejected messages,
 * shaped by the legal variants (variants.ts) and bent by the fault hooks
 * (session-faults.ts). The connection stamps and sends them (connection.ts).
 */
export class SessionOutput {
  /** Extra receiver of screens while another terminal's action is applied here (cross-terminal-leak fault only). */
  mirror: Outlet | undefined;

  constructor(private readonly session: SessionHost) {}

  /** Sends the current screen to the terminal's connection (and to the mirror, if any). */
  sendCurrent(): void {
    const outlet = this.session.outlet;
    if (outlet) this.sendCurrentTo(outlet);
    if (this.mirror && this.mirror !== outlet) this.sendCurrentTo(this.mirror);
  }

  /** Sends the current screen to one connection; an out-of-service terminal is shown DEVICE_ERROR OUT_OF_SERVICE (TC-3). */
  sendCurrentTo(outlet: Outlet): void {
    const s = this.session;
    if (outlet === s.outlet && s.outOfService) {
      this.sendOutOfService(outlet);
      return;
    }
    outlet.send({ messageType: 'SCREEN_CHANGE', screen: s.screen, data: s.data, transactionId: this.announcedId() });
  }

  /** DEVICE_ERROR OUT_OF_SERVICE outside any transaction: the out-of-service scenario's only screen (TC-3). */
  sendOutOfService(outlet: Outlet): void {
    outlet.send({ messageType: 'SCREEN_CHANGE', screen: 'DEVICE_ERROR', data: screenErrorData('OUT_OF_SERVICE'), transactionId: INITIAL });
  }

  /** A STATUS_UPDATE on the current screen (SCR-11); it never changes the screen. */
  status(status: string, message: string): void {
    const s = this.session;
    s.outlet?.send({ messageType: 'STATUS_UPDATE', screen: s.screen, data: { status, message }, transactionId: this.announcedId() });
  }

  /**
   * Answers a rejected terminal message (`inbound`, as parsed): ERROR `code` as the
   * rules chose it, unless a variant answers it another legal way (variants.ts).
   * The state does not change (ERR-3). 'accepted' only for a check a variant ranks
   * below another (the caller then goes on with the action).
   */
  refuse(outlet: Outlet, chosen: ProtocolErrorCode, inbound: unknown): 'answered' | 'accepted' {
    const s = this.session;
    const { variants, hooks } = s.ctx;
    const displayed = outlet === s.outlet && s.outOfService;
    const answer = variants.answerRejection({
      code: hooks.answerCode(chosen),
      inbound,
      screen: displayed ? 'DEVICE_ERROR' : s.screen,
      transactionId: displayed ? INITIAL : this.announcedId(),
      remaining: () => s.remainingToday(),
    });
    if (answer.kind === 'accept') return 'accepted';
    if (answer.kind === 'screen') {
      this.sendCurrentTo(outlet);
      return 'answered';
    }
    this.error(outlet, answer.code, answer.transactionId);
    if (answer.thenScreen) this.sendCurrentTo(outlet);
    return 'answered';
  }

  /** ERROR with the active transaction id (TXN-6) and the current screen (ENV-4). */
  error(outlet: Outlet, code: ProtocolErrorCode, transactionId?: string): void {
    const s = this.session;
    const displayed = outlet === s.outlet && s.outOfService;
    const screen = s.ctx.hooks.errorScreen(displayed ? 'DEVICE_ERROR' : s.screen);
    transactionId ??= displayed ? INITIAL : this.announcedId();
    outlet.send({ messageType: 'ERROR', screen, data: { errorMessage: protocolErrorMessage(code), errorCode: code }, transactionId });
  }

  /** The transaction id the terminal is told: the active one (TXN-1, TXN-5). */
  announcedId(): string {
    return this.session.ctx.hooks.announcedId(this.session);
  }
}
