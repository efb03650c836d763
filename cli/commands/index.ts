import type { PaysockCommand } from './command.js';
import { validateCommand } from './validate.js';

/** Every subcommand, in the order `paysock --help` lists them. */
export const commands: PaysockCommand[] = [validateCommand];
