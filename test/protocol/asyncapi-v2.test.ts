import { describe, expect, it } from 'vitest';
import { parseV2Frame } from '../../protocol/v2/frame.js';
import { loadV2SchemaFiles, V2_SCHEMA_BASE } from '../../protocol/v2/schema-store.js';
import { validateV2BackendMessage, validateV2KioskMessage } from '../../protocol/v2/validator.js';
import { describeAsyncApiDocument, schemaTieProblems } from './asyncapi-checks.js';

// asyncapi-v2.yaml is the machine-readable face of protocol v2 (profile pinto-android-2, PintoAndroid
// d540407, release v2.2) for AsyncAPI tooling; these checks keep it parseable and tied one-to-one to
// the JSON Schemas in schemas/v2/, and its examples valid for the v2 validators.

const schemaFiles = loadV2SchemaFiles();

/**
 * The schema files of schemas/v2/ that are not one kind of wire message: the two unions and the
 * shared definitions. Every other file is a message, so a file added later fails the tie test
 * until asyncapi-v2.yaml has a message for it (or it is named here).
 */
const NOT_MESSAGES = ['backend-message.schema.json', 'common.schema.json', 'kiosk-message.schema.json'];
const messageSchemaFiles = schemaFiles.map((f) => f.file).filter((f) => !NOT_MESSAGES.includes(f));

const messageTypeOf = (example: unknown): unknown => (typeof example === 'object' && example !== null ? (example as { messageType?: unknown }).messageType : undefined);

/** A message the backend sends: valid for the kiosk, no warning (an example shows the safe form), of one of these types. */
const backendSends = (...messageTypes: string[]) => (example: unknown): boolean => {
  const result = validateV2BackendMessage(example);
  return result.ok && result.warnings.length === 0 && messageTypes.includes(messageTypeOf(example) as string);
};

/** A frame the kiosk sends: exactly what d540407 writes, of this type. */
const kioskSends = (messageType: string) => (example: unknown): boolean => validateV2KioskMessage(example).ok && messageTypeOf(example) === messageType;

describe('asyncapi-v2.yaml', () => {
  const parsed = describeAsyncApiDocument({
    document: 'asyncapi-v2.yaml',
    version: '2.2.0',
    descriptionMentions: ['docs/protocol-v2.md', 'malikwaqas077/PintoAndroid', 'd540407', 'Release v2.2', 'pinto-android-2'],
    schemaBase: V2_SCHEMA_BASE,
    schemaFiles,
    messageSchemaFiles,
    inlineMessages: [],
    backendFolders: ['backend/'],
    channel: 'kiosk',
    operations: {
      sendScreenChange: { action: 'send', accepts: backendSends('SCREEN_CHANGE') },
      sendError: { action: 'send', accepts: backendSends('ERROR') },
      sendStatusUpdate: { action: 'send', accepts: backendSends('STATUS_UPDATE') },
      sendLimitCheckResult: { action: 'send', accepts: backendSends('LIMIT_CHECK_RESULT') },
      sendDeviceInfo: { action: 'send', accepts: backendSends('DEVICE_INFO') },
      sendRestartApp: { action: 'send', accepts: backendSends('RESTART_APP') },
      sendReversalRequest: { action: 'send', accepts: backendSends('REVERSAL_REQUEST', 'REFUND_REQUEST') },
      receiveUserAction: { action: 'receive', accepts: kioskSends('USER_ACTION') },
      receiveCardCheckResult: { action: 'receive', accepts: kioskSends('CARD_CHECK_RESULT') },
      receivePaymentResult: { action: 'receive', accepts: kioskSends('PAYMENT_RESULT') },
      receiveReversalResult: { action: 'receive', accepts: kioskSends('REVERSAL_RESULT') },
      receiveDeviceInfo: { action: 'receive', accepts: kioskSends('DEVICE_INFO') },
      // The keepalive is no envelope: the project's frame parser must take it for what it is (V2-TRN-6).
      receiveKeepalive: { action: 'receive', accepts: (example) => validateV2KioskMessage(example).ok && parseV2Frame(JSON.stringify(example), { from: 'terminal' }).keepalive === true },
    },
  });

  it('counts every file of schemas/v2 outside the unions and common definitions as a message', () => {
    const files = schemaFiles.map((f) => f.file);
    for (const file of NOT_MESSAGES) expect(files, file).toContain(file);
    // 17 screens and 7 other backend messages (B1-B7), 12 kiosk frames (K1-K11, K8 in two forms).
    expect(messageSchemaFiles.filter((f) => f.startsWith('backend/'))).toHaveLength(24);
    expect(messageSchemaFiles.filter((f) => f.startsWith('kiosk/'))).toHaveLength(12);
    expect(messageSchemaFiles).toHaveLength(files.length - NOT_MESSAGES.length);
  });

  it('would fail for a schema file added to schemas/v2 without a message', () => {
    const { messages } = parsed();
    expect(schemaTieProblems([...messageSchemaFiles, 'kiosk/new-frame.schema.json'], messages)).toEqual(['kiosk/new-frame.schema.json: no message']);
    expect(schemaTieProblems(messageSchemaFiles, messages.filter((m) => m.id !== 'keepalive'))).toEqual(['kiosk/keepalive.schema.json: no message']);
  });

  it('pairs the card check with its one LIMIT_CHECK_RESULT and the reversal request with its REVERSAL_RESULTs, and nothing else', () => {
    const { document } = parsed();
    const replies = Object.fromEntries(
      document.operations().all().filter((op) => op.reply() !== undefined).map((op) => [String(op.id()), op.reply()?.messages().all().map((m) => m.id())]),
    );
    expect(replies).toEqual({ receiveCardCheckResult: ['limitCheckResult'], sendReversalRequest: ['reversalResult', 'reversalFailure'] });
  });
});
