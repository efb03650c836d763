import type { PaysockCommand } from './command.js';
import { defaultProfile } from '../../protocol/profiles/index.js';
import { profileChoices, v1ProfileOnly } from '../profile-option.js';
import { UsageError } from '../usage-error.js';
import { untilSignal } from '../until-signal.js';

/** `paysock kiosk`: a kiosk in the browser, every frame judged live. */
export const kioskCommand: PaysockCommand = {
  command: 'kiosk',
  describe: 'Serve a kiosk page on 127.0.0.1: click through a backend\'s screens in a browser, every frame judged',
  builder: (y) =>
    y
      .option('port', { type: 'number', default: 8090, describe: 'TCP port of the page on 127.0.0.1 (0 picks a free one)' })
      .option('backend', { type: 'string', describe: 'ws:// or wss:// URL of the backend; the page connects on load (or enter it on the page)' })
      .option('token', { type: 'string', describe: 'Terminal token, sent as ?access_token= (a browser cannot set the Authorization header)' })
      .option('terminal-id', { type: 'string', describe: 'Terminal id, sent as ?terminalId= (backends without authentication)' })
      .option('profile', { choices: profileChoices, default: defaultProfile, describe: 'What the kiosk sends: the document\'s forms, or the shipped Android client\'s (protocol v1 only for now)' })
      .conflicts('token', 'terminal-id'),
  handler: async (args) => {
    const profile = v1ProfileOnly('kiosk', args.profile) ?? defaultProfile;
    // Loaded here, not at the top: only this command serves the page.
    const [{ startKioskServer }, { connectUrl }] = await Promise.all([import('../../kiosk/server.js'), import('../../kiosk/backend-url.js')]);
    const port = Number(args.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port: ${String(args.port)} is not a TCP port (0..65535, 0 picks a free one)`);
    const backend = typeof args.backend === 'string' ? args.backend : '';
    const token = typeof args.token === 'string' ? args.token : undefined;
    const terminalId = typeof args['terminal-id'] === 'string' ? args['terminal-id'] : undefined;
    if (backend !== '') {
      try {
        connectUrl({ backend, token, terminalId });
      } catch (error) {
        throw new UsageError(`--backend: ${(error as Error).message}`);
      }
    }
    const server = await startKioskServer({ port, backend, profile, ...(token ? { token } : {}), ...(terminalId ? { terminalId } : {}) });
    const stopped = untilSignal();
    process.stdout.write(`paysock kiosk: open ${server.url}${backend ? ` (backend ${backend}, profile ${String(args.profile)})` : ''}\n`);
    const signal = await stopped;
    process.stderr.write(`paysock kiosk: ${signal}: closing\n`);
    await server.close();
    return 0;
  },
};
