/**
 * The v2 virtual kiosk: PintoAndroid d540407 in code (pinto-android-2.md).
 * Runtime-neutral: no Node, DOM or k6 imports in this folder, so Node tests,
 * the certifier, the load driver, the k6 bundle and the kiosk page share it.
 */
export { VirtualKiosk, styleOf, idleTimeoutMs, nnsmartDevMockPar, type JsonStyle, type KioskObserver, type KioskTerminals, type SentFrame, type VirtualKioskOptions } from './kiosk.js';
export { runtimeClock, scaledClock, randomUuid, type KioskClock, type KioskTimer } from './clock.js';
export type { KioskSocket, KioskSocketListener, KioskTransport } from './transport.js';
export { webSocketTransport, type WebSocketFactory, type WebSocketLike } from './websocket-transport.js';
export { ScriptedTerminal, nnsmartOf, isThrown } from './card-terminal.js';
export type { CancelStep, CardCheckResult, CardCheckStep, IntegraTerminal, NnsmartSaleResult, NnsmartSaleStep, NnsmartTerminal, PlanetResult, PlanetStep, Reply, StepTiming, TerminalLink, TerminalRecord, Thrown } from './card-terminal.js';
export { MockPaymentManager } from './mock-terminal.js';
export { emptyStorage, mergeConfiguration, finalAmountWithFee, type DeviceConfig, type KioskStorage, type PendingSaleRecord, type PendingTicketRecord } from './storage.js';
export type { KioskScreen, KioskScreenName } from './screens.js';
export type { ConnectionState } from './socket-manager.js';
export { readSocketMessage, MoshiError, type IncomingData, type IncomingMessage } from './moshi-reader.js';
export * as kioskFrames from './frames.js';
