import { INITIAL } from '../action-rules.js';
import type { FaultName } from '../faults.js';
import { intentOf } from '../intent.js';
import type { Outlet } from '../outbound.js';
import { amountSelectData, idleScreens } from '../screens.js';
import type { TerminalSession } from '../terminal-session.js';
import { around, type FaultInstaller, type ServerParts } from './parts.js';

/** A fault installed on every terminal session as it is built. */
function onEachSession(wrap: (session: TerminalSession, parts: ServerParts) => void): FaultInstaller {
  return (parts) => parts.sessions.decorate((session) => wrap(session, parts));
}

/** A fault that changes the terminal's state when a connection of it opens, before it is resumed (RES-3). */
function onReconnect(change: (session: TerminalSession) => void): FaultInstaller {
  return onEachSession((session) =>
    around(session, 'attach', (attach) => (outlet) => {
      change(session);
      attach(outlet);
    }),
  );
}

/** The terminal's transaction is forgotten: abandoned, and it is back on AMOUNT_SELECT "initial". */
function forget(session: TerminalSession): void {
  if (session.transactionId === INITIAL) return;
  session.endTransaction('abandoned');
  session.show('AMOUNT_SELECT', amountSelectData(session.ctx.config), INITIAL, { send: false });
}

/** Runs `act` on `other` with the screens it sends mirrored to `mirror` too. */
function mirrored(other: TerminalSession, mirror: Outlet, act: () => void): void {
  const output = other.output;
  const sendCurrent = output.sendCurrent;
  output.sendCurrent = () => {
    sendCurrent.call(output);
    if (mirror !== other.outlet) output.sendCurrentTo(mirror);
  };
  try {
    act();
  } finally {
    output.sendCurrent = sendCurrent;
  }
}

/** Faults of a terminal's session: resumption, isolation, the steps, the idle timeout, the id it is told. */
export const sessionFaults = {
  'no-resumption': onReconnect(forget),
  'no-resumption-before-payment': onReconnect((session) => {
    if (session.screen === 'KEYPAD' || session.screen === 'PAYMENT_METHOD') forget(session);
  }),
  'resumption-new-id': onReconnect((session) => {
    // An open transaction before its payment (or its result) resumes under a new id.
    if (session.transactionId === INITIAL || !idleScreens.has(session.screen)) return;
    const { store, clock } = session.ctx;
    const now = clock.now();
    const old = store.transaction(session.transactionId);
    const id = session.ctx.newTransactionId();
    store.createTransaction(id, session.terminalId, now);
    store.updateTransaction(id, { amount: old?.amount ?? null }, now);
    session.restore({ ...session.snapshot(), transactionId: id });
  }),
  'slow-initial-screen': onEachSession((session) => {
    const { clock } = session.ctx;
    let timer: unknown;
    around(session, 'greet', (greet) => (outlet) => {
      timer = clock.setTimeout(() => {
        timer = undefined;
        greet(outlet);
      }, 1500);
    });
    around(session, 'evictable', (evictable) => (lingerMs) => timer === undefined && evictable(lingerMs));
    around(session, 'close', (close) => () => {
      if (timer !== undefined) clock.clearTimeout(timer);
      close();
    });
  }),
  'no-initial-screen': onEachSession((session) => {
    around(session, 'greet', () => () => undefined);
  }),
  'cross-terminal-leak': onEachSession((session, parts) =>
    around(session, 'handle', (handle) => (message, reply) => {
      // Transactions looked up by id alone: an action naming another terminal's is applied there.
      const id = message.transactionId;
      if (intentOf(message).kind !== 'reset' && id !== INITIAL && id !== session.transactionId) {
        const other = [...parts.sessions].find((each) => each.transactionId === id);
        if (other && other !== session) return mirrored(other, reply, () => other.handle(message, reply));
      }
      handle(message, reply);
    }),
  ),
  'orphan-handed-over': ({ sessions, session: { store } }) =>
    around(sessions, 'startingRow', (startingRow) => (terminalId) => {
      const own = startingRow(terminalId);
      if (own) return own;
      for (const other of sessions) if (!other.connected && other.transactionId !== INITIAL) return store.terminal(other.terminalId);
      return undefined;
    }),
  'failed-lost-while-away': onEachSession((session) =>
    around(session.payment, 'settle', (settle) => (id, status) => {
      settle(id, status);
      if (!session.closed && !session.outlet && session.screen === 'FAILED' && session.transactionId === id) {
        session.show('AMOUNT_SELECT', amountSelectData(session.ctx.config), INITIAL, { send: false });
      }
    }),
  ),
  'skip-collect-ticket': onEachSession((session) =>
    around(session, 'show', (show) => (screen, data, id, options) => {
      if (screen !== 'COLLECT_TICKET') return show(screen, data, id, options);
      session.ctx.store.updateTransaction(id, { state: 'completed' }, session.ctx.clock.now());
      show('THANK_YOU', {}, id);
    }),
  ),
  'ignores-printer-fault': ({ session: { printer } }) =>
    around(printer, 'print', (print) => async (id, scenario) => {
      await print(id, scenario);
      return 'printed';
    }),
  'no-idle-timeout': onEachSession((session) => {
    const idle = session.idle;
    around(idle, 'arm', () => () => idle.stop());
    idle.stop();
  }),
  'timeout-without-error': onEachSession((session) => around(session, 'timedOut', () => () => undefined)),
  'keeps-initial-id': onEachSession((session) =>
    around(session.output, 'announcedId', (announcedId) => () => (session.serverAssigned ? INITIAL : announcedId())),
  ),
} satisfies Partial<Record<FaultName, FaultInstaller>>;
