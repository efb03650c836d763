import type { ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { PintoAndroid1TerminalMessage } from '../protocol/types/generated.js';
import { INITIAL, invalidFrameAnswers, type ActionRules } from './action-rules.js';
import type { Choices } from './answers.js';
import { intentOf, namedIn } from './intent.js';
import type { Outlet } from './outbound.js';
import { screenErrorData } from './screens.js';
import { SessionOutput } from './session-output.js';

/** DEVICE_ERROR OUT_OF_SERVICE outside any transaction (SCR-9). */
const outOfServiceData = Object.freeze(screenErrorData('OUT_OF_SERVICE'));

/**
 * TC-3's out-of-service scenario: what a connection that named it talks to
 * instead of its terminal's session. DEVICE_ERROR OUT_OF_SERVICE outside any
 * transaction is all it sees (FLOW-1, FLOW-20: it stays there), RESET gets that
 * screen again, every other action is UNEXPECTED_ACTION (FLOW-21). The
 * terminal's session is left alone, as while the terminal is away.
 */
export class OutOfService {
  private readonly output: SessionOutput;

  /** `ctx`: the rules and choices of the server's sessions, read as each frame comes. */
  constructor(private readonly ctx: { readonly rules: ActionRules; readonly choices: Choices }) {
    this.output = new SessionOutput({ ctx, screen: 'DEVICE_ERROR', data: outOfServiceData, transactionId: INITIAL, outlet: undefined });
  }

  /** The first screen of the connection (FLOW-1). */
  greet(outlet: Outlet): void {
    this.output.sendCurrentTo(outlet);
  }

  /** A schema-valid action: RESET asks for the screen; anything else is not allowed on DEVICE_ERROR. */
  handle(message: PintoAndroid1TerminalMessage, reply: Outlet): void {
    if (intentOf(message).kind === 'reset') this.greet(reply);
    else this.output.refuse(reply, [{ kind: 'error', code: 'UNEXPECTED_ACTION' }], message.transactionId);
  }

  /** A frame that fails the schema (ERR-2), judged outside any transaction. */
  refuseFrame(reply: Outlet, codes: readonly ProtocolErrorCode[], parsed: unknown): void {
    const named = namedIn(parsed);
    this.output.refuse(reply, invalidFrameAnswers(this.ctx.rules, codes, named, 'DEVICE_ERROR', INITIAL), named.transactionId);
  }

  /** ERROR `code` and nothing else (ERR-7). */
  refuse(reply: Outlet, code: ProtocolErrorCode): void {
    this.output.refuse(reply, [{ kind: 'error', code }], undefined);
  }
}
