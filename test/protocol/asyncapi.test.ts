import { describe } from 'vitest';
import { isKeepalive } from '../../protocol/frame.js';
import { loadSchemaFiles, SCHEMA_BASE } from '../../protocol/schema-store.js';
import { validateServerMessage, validateTerminalMessage } from '../../protocol/validator.js';
import { describeAsyncApiDocument } from './asyncapi-checks.js';

// asyncapi.yaml is the machine-readable face of protocol v1 for AsyncAPI tooling;
// these checks keep it parseable and tied one-to-one to the JSON Schemas in schemas/.

const schemaFiles = loadSchemaFiles();

describe('asyncapi.yaml', () => {
  describeAsyncApiDocument({
    document: 'asyncapi.yaml',
    version: '1.0.0',
    descriptionMentions: ['docs/protocol.md'],
    schemaBase: SCHEMA_BASE,
    schemaFiles,
    // Schema files that describe exactly one kind of wire message (the unions, common and formats/ do not).
    messageSchemaFiles: schemaFiles.map((f) => f.file).filter((f) => /^(screens|messages|actions)\//.test(f)),
    inlineMessages: ['keepalive'],
    backendFolders: ['screens/', 'messages/'],
    channel: 'terminal',
    operations: {
      sendScreenChange: { action: 'send', accepts: (example) => validateServerMessage(example).ok },
      sendError: { action: 'send', accepts: (example) => validateServerMessage(example).ok },
      sendStatusUpdate: { action: 'send', accepts: (example) => validateServerMessage(example).ok },
      receiveUserAction: { action: 'receive', accepts: (example) => validateTerminalMessage(example, 'strict').ok },
      // Dialect forms are listed apart precisely because a strict backend rejects them.
      receiveDialectUserAction: {
        action: 'receive',
        accepts: (example) => validateTerminalMessage(example, 'pinto-android-1').ok && !validateTerminalMessage(example, 'strict').ok,
      },
      receiveKeepalive: { action: 'receive', accepts: (example) => isKeepalive(example as object) },
    },
  });
});
