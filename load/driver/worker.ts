import { parentPort, workerData } from 'node:worker_threads';
import { runShare, type ShareSpec } from './share.js';

/** Worker-thread entry: runs the share in workerData and posts its reports to the parent. */
if (parentPort) {
  const port = parentPort;
  const controller = new AbortController();
  port.on('message', (message: unknown) => {
    if (message === 'stop') controller.abort();
  });
  runShare(workerData as ShareSpec, (m) => port.postMessage(m), controller.signal).then(
    () => port.close(),
    (error: unknown) => {
      port.postMessage({ type: 'crash', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      port.close();
    },
  );
}
