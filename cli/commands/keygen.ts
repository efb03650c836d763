import { writeFileSync } from 'node:fs';
import type { PaysockCommand } from './command.js';
import { UsageError } from '../usage-error.js';

/** The public key's file for a private key's: "key.pem" -> "key.pub.pem". */
export function publicKeyFile(privateFile: string): string {
  return /\.pem$/i.test(privateFile) ? privateFile.replace(/\.pem$/i, '.pub.pem') : `${privateFile}.pub.pem`;
}

/** `paysock keygen`: makes the Ed25519 key pair `paysock certify --sign` signs certificates with. */
export const keygenCommand: PaysockCommand = {
  command: 'keygen',
  describe: 'Make an Ed25519 key pair to sign certificates with (paysock certify --sign); the .pub.pem is what operators verify against',
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'paysock-key.pem', describe: 'Private key file (PEM, PKCS#8, mode 0600); the public key goes beside it as <name>.pub.pem' })
      .option('force', { type: 'boolean', default: false, describe: 'Overwrite existing key files' }),
  handler: async (args) => {
    const { generateSigningKey } = await import('../../conformance/certificate/keys.js');
    const privateFile = String(args.out);
    const publicFile = publicKeyFile(privateFile);
    const key = generateSigningKey();
    // "wx" refuses an existing file: a key that signed certificates must not vanish under a second keygen.
    const flag = args.force === true ? 'w' : 'wx';
    try {
      writeFileSync(privateFile, key.privatePem, { mode: 0o600, flag });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'EEXIST' ? `${privateFile} exists: choose another --out, or --force to replace it` : `cannot write ${privateFile}: ${(error as Error).message}`);
    }
    try {
      writeFileSync(publicFile, key.publicPem, { flag: 'w' });
    } catch (error) {
      throw new UsageError(`cannot write ${publicFile}: ${(error as Error).message}`);
    }
    process.stdout.write(`private key: ${privateFile} (keep it secret; sign with paysock certify --sign ${privateFile})\n`);
    process.stdout.write(`public key:  ${publicFile} (give it to operators: paysock verify certificate.json --key ${publicFile})\n`);
    process.stdout.write(`fingerprint: ${key.fingerprint}\n`);
    return 0;
  },
};
