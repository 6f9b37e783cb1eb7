// The token cache's password verifiers (README "Token cache"): scrypt(secret, salt) with a random
// salt, so a cached token serves only the password (or application credential secret) it was got
// with, and a guesser holding the files pays a full derivation per guess. A derivation costs tens
// of milliseconds of CPU and 16 MiB, most of a warm command's cost: Derivations makes one run
// derive each salt and secret at most once, and takes results vouched for by a record of several
// secrets checked together (src/auth/token-cache.ts, the joint record) without deriving them.
import type { BinaryLike, ScryptOptions } from 'node:crypto';
import { nodeCrypto } from '../builtins.js';
import { isMapping } from '../values.js';

/** Node's defaults (16 MiB, some tens of milliseconds): slow for a guesser, unnoticed beside a login. */
const SCRYPT: ScryptOptions = { N: 16_384, r: 8, p: 1 };
const VERIFIER_BYTES = 32;
const SALT_BYTES = 16;

/** A verifier as the cache's files hold it: the salt and scrypt(secret, salt), both base64. */
export interface Verifier {
  salt: string;
  scrypt: string;
}

export function derive(secret: BinaryLike, salt: string): Promise<Buffer> {
  return new Promise((done, fail) =>
    nodeCrypto().scrypt(secret, Buffer.from(salt, 'base64'), VERIFIER_BYTES, SCRYPT, (error, key) => (error ? fail(error) : done(key))));
}

export function newSalt(): string {
  return nodeCrypto().randomBytes(SALT_BYTES).toString('base64');
}

/** Whether `key` is the verifier's scrypt, compared in constant time. */
export function matches(verifier: Verifier, key: Buffer): boolean {
  const expected = Buffer.from(verifier.scrypt, 'base64');
  return expected.length === key.length && nodeCrypto().timingSafeEqual(expected, key);
}

export const isVerifier = (value: unknown): value is Verifier => isMapping(value) && typeof value.salt === 'string' && typeof value.scrypt === 'string';

/** One scrypt result: the salt (base64) and secret it was derived from. */
interface Derivation {
  salt: string;
  secret: string;
  key: Promise<Buffer>;
}

/**
 * The scrypt derivations of one run. The entries of one credential (auth URL, user, method: not
 * the project or region) are written with the salt it was last verified or written with in this
 * run, and a salt and secret derived once are not derived again, so a fan-out to 16 projects of
 * one user pays one derivation, not 16; a guesser still pays one per guess, as the salt is still
 * random and a file still holds no more than scrypt(secret, salt). Keyed by salt and compared by
 * secret, so a wrong secret never reuses a right one's result.
 */
export class Derivations {
  /** Each salt's derivations: more than one when secrets differ (a wrong password beside right ones). */
  private readonly bySalt = new Map<string, Derivation[]>();
  /** The salt each credential's secret was last derived with (credential → salt). */
  private readonly latest = new Map<string, string>();

  private known(salt: string, secret: string): Derivation | undefined {
    return this.bySalt.get(salt)?.find((d) => d.secret === secret);
  }

  private add(derivation: Derivation): void {
    this.bySalt.set(derivation.salt, [...(this.bySalt.get(derivation.salt) ?? []), derivation]);
  }

  /** scrypt(secret, salt), computed at most once per salt and secret in this run. */
  key(credential: string, secret: string, salt: string): Promise<Buffer> {
    let derivation = this.known(salt, secret);
    if (!derivation) {
      derivation = { salt, secret, key: derive(secret, salt) };
      this.add(derivation);
    }
    this.latest.set(credential, salt);
    return derivation.key;
  }

  /**
   * scrypt(secret, salt) known without deriving it: a joint record whose check of all the run's
   * secrets at once matched holds it, as written by a run that had derived or checked it.
   */
  vouch(credential: string, secret: string, verifier: Verifier): void {
    if (!this.known(verifier.salt, secret)) this.add({ salt: verifier.salt, secret, key: Promise.resolve(Buffer.from(verifier.scrypt, 'base64')) });
    this.latest.set(credential, verifier.salt);
  }

  /** The salt and key to write for this credential: the one it last had in this run with this secret, else a new random salt. */
  forWriting(credential: string, secret: string): { salt: string; key: Promise<Buffer> } {
    const salt = this.latest.get(credential);
    const known = salt === undefined ? undefined : this.known(salt, secret);
    if (known) return known;
    const fresh = newSalt();
    return { salt: fresh, key: this.key(credential, secret, fresh) };
  }
}
