/**
 * Resolves with the first SIGTERM or SIGINT. Call it before printing that the server is up: a supervisor (or a
 * test) that signals as soon as it reads that line must find the handler in place, or the process dies of the
 * signal's default action without closing its connections and store.
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}
