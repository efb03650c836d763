// Type-checks the v2 virtual kiosk under k6's types only (typecheck:k6): the
// k6 v2 load script will drive it, so kiosk-v2/ must stay runtime-neutral.
export { VirtualKiosk, webSocketTransport, ScriptedTerminal, runtimeClock } from '../../kiosk-v2/index.js';
