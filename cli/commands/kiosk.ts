import type { PaysockCommand } from './command.js';
import { defaultProfile, isTerminalProfile, registeredProfile, type ProfileName } from '../../protocol/profiles/index.js';
import { profileChoices } from '../profile-option.js';
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
      .option('profile', { choices: profileChoices, default: defaultProfile, describe: 'Which kiosk: the document\'s forms or the shipped Android client\'s (protocol v1), or pinto-android-2 (the Android app v2.2 with its card terminal)' })
      .option('test-scenario', { type: 'string', describe: 'pinto-android-2: X-Test-Scenario for the app\'s connections from its first start (e.g. printer-fault); the page connects through this process, which adds the header' })
      .conflicts('token', 'terminal-id'),
  handler: async (args) => {
    const profile = registeredProfile((args.profile ?? defaultProfile) as ProfileName);
    // Loaded here, not at the top: only this command serves the page.
    const [{ startKioskServer }, { connectUrl }, { SCENARIO }] = await Promise.all([import('../../kiosk/server.js'), import('../../kiosk/backend-url.js'), import('../../kiosk/relay.js')]);
    const port = Number(args.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port: ${String(args.port)} is not a TCP port (0..65535, 0 picks a free one)`);
    const backend = typeof args.backend === 'string' ? args.backend : '';
    const token = typeof args.token === 'string' ? args.token : undefined;
    const terminalId = typeof args['terminal-id'] === 'string' ? args['terminal-id'] : undefined;
    // d540407 sends no credentials at all (V2-TRN-2).
    if (profile.protocolVersion === 2 && (token !== undefined || terminalId !== undefined)) throw new UsageError(`--profile ${profile.name}: the v2 kiosk sends no token or terminal id (docs/protocol-v2.md V2-TRN-2)`);
    const testScenario = typeof args['test-scenario'] === 'string' ? args['test-scenario'].trim() : undefined;
    if (testScenario !== undefined && profile.protocolVersion !== 2) throw new UsageError(`--test-scenario: the ${profile.name} page has no test-control panel; use --profile pinto-android-2`);
    if (testScenario !== undefined && !SCENARIO.test(testScenario)) throw new UsageError(`--test-scenario: ${JSON.stringify(testScenario)} is not a header value (printable ASCII, 1 to 200 characters)`);
    if (backend !== '') {
      try {
        connectUrl({ backend, token, terminalId });
      } catch (error) {
        throw new UsageError(`--backend: ${(error as Error).message}`);
      }
    }
    const server = await startKioskServer(isTerminalProfile(profile.name)
      ? { port, backend, profile: profile.name, ...(token ? { token } : {}), ...(terminalId ? { terminalId } : {}) }
      : { port, backend, profile: profile.name, ...(testScenario ? { testScenario } : {}) });
    const stopped = untilSignal();
    process.stdout.write(`paysock kiosk: open ${server.url}${backend ? ` (backend ${backend}, profile ${String(args.profile)})` : ''}\n`);
    const signal = await stopped;
    process.stderr.write(`paysock kiosk: ${signal}: closing\n`);
    await server.close();
    return 0;
  },
};
