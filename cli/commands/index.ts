import type { PaysockCommand } from './command.js';
import { certifyCommand } from './certify.js';
import { validateCommand } from './validate.js';
import { serveCommand } from './serve.js';
import { reportCommand } from './report.js';
import { loadCommand } from './load.js';
import { kioskCommand } from './kiosk.js';
import { keygenCommand } from './keygen.js';
import { verifyCommand } from './verify.js';

/** Every subcommand, in the order `paysock --help` lists them. */
export const commands: PaysockCommand[] = [certifyCommand, validateCommand, serveCommand, reportCommand, loadCommand, kioskCommand, keygenCommand, verifyCommand];
