import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sha256 } from './digests.js';

/**
 * Reads the PEM in `file` as a key of `kind`. Throws an Error naming the file
 * and what is wrong (unreadable, not a PEM key, encrypted, not Ed25519), one
 * line, for the CLI to print as a usage error.
 */
function readKey(file: string, kind: 'private' | 'public'): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (/-----BEGIN OPENSSH PRIVATE KEY-----/.test(pem)) {
    throw new Error(`${file} is an OpenSSH key: paysock reads PEM keys (PKCS#8 "PRIVATE KEY" as paysock keygen or "openssl genpkey -algorithm ed25519" write)`);
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem)) {
    throw new Error(`${file} is encrypted: give an unencrypted key (openssl pkey -in ${file} -out plain.pem)`);
  }
  let key: KeyObject;
  try {
    // A public key may also be given as the private key or an X.509 certificate holding it: createPublicKey takes all three.
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch (error) {
    throw new Error(`${file} is not a PEM ${kind} key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${file} is not an Ed25519 key (${key.asymmetricKeyType ?? 'unknown type'}): certificates are signed with Ed25519 (paysock keygen makes one)`);
  }
  return key;
}

/** The Ed25519 private key in a PEM file (PKCS#8, as `paysock keygen` or `openssl genpkey -algorithm ed25519` write it). */
export function readPrivateKey(file: string): KeyObject {
  return readKey(file, 'private');
}

/** The Ed25519 public key in a PEM file: a public key (SPKI), or the private key or an X.509 certificate it comes from. */
export function readPublicKey(file: string): KeyObject {
  return readKey(file, 'public');
}

/** A public key as PEM (SPKI), the form certificate.json carries. */
export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** The fingerprint of a public key: "sha256:<hex>" of its DER (SPKI) bytes; the private key's public half for a private key. */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return sha256(publicKey.export({ type: 'spki', format: 'der' }));
}

/** A new Ed25519 key pair as PEM: the private key (PKCS#8) and its public key (SPKI). */
export function generateSigningKey(): { privatePem: string; publicPem: string; fingerprint: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: keyFingerprint(publicKey),
  };
}
