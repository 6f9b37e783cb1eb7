// The opt-in token cache (--os-cache / OS_CACHE / clouds.yaml `cache: {auth: true}`): one file per
// identity under $XDG_CACHE_HOME/mistral/auth, so a shell loop or a CI job logs in once per token
// lifetime instead of on every call. Shaped after the Rust `osc` (operator-conventions.md): the
// file name hashes the identity and the TLS settings but no secret; the directory is 0700 and files
// 0600, written atomically; anything that is a symbolic link, owned by someone else or open to
// others is not used, and token-cache-clear deletes only the files the cache itself writes. A
// file holds a salted scrypt verifier of the password it was got with, so another password (a
// changed one, or someone else's guess) never reuses it (README "Token cache").
import type { BinaryLike, ScryptOptions } from 'node:crypto';
import { chmodSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { nodeCrypto } from '../builtins.js';
import { CliError, UsageError } from '../errors.js';
import { isMapping } from '../values.js';
import type { CatalogEntry } from './catalog.js';
import type { CloudCredentials } from './clouds.js';
import { identityV3Url, type KeystoneSession } from './keystone.js';

/** A token is used until this long before it expires (openstacksdk's margin). */
export const EXPIRY_MARGIN_MS = 120_000;
/** 2: the password verifier, and the TLS settings in the file name. Files of another format are a silent miss. */
const FORMAT = 2;
/** A cached token with its catalog is a few kilobytes; more is not a file the cache wrote. */
const MAX_FILE_BYTES = 1 << 20;
/** The names the cache writes: `<identity>.json`, and `.<identity>.<pid>.<random>.tmp` while it writes one. */
const CACHE_FILE = /^[0-9a-f]{64}\.json$/;
const TEMPORARY_FILE = /^\.[0-9a-f]{64}\.\d+\.[0-9a-f]{8}\.tmp$/;
/** Node's defaults (16 MiB, some tens of milliseconds): slow for a guesser, unnoticed beside a login. */
const SCRYPT: ScryptOptions = { N: 16_384, r: 8, p: 1 };
const VERIFIER_BYTES = 32;

interface Party {
  id?: string;
  name?: string;
}

interface CachedToken {
  format: number;
  token: string;
  expires_at: string;
  user: Party;
  project: Party;
  identity_url: string;
  /** Only what later use needs: the Mistral service for home, regions (no URLs) for a target. */
  catalog: CatalogEntry[];
  /** scrypt(secret, salt), both base64: the file serves only the password (or application credential secret) it was got with. */
  password: { salt: string; scrypt: string };
}

/** The cache is off: neither variable gives an absolute directory (src/settings/paths.ts). */
export const NO_CACHE_DIRECTORY = 'neither XDG_CACHE_HOME nor HOME is an absolute path';

/**
 * Who is logging in where and over which TLS settings, without any secret: the method's cache
 * identity (src/auth/methods.ts; a token given by the user and a login that takes a one-time
 * passcode are never cached). The TLS settings are part of it so that a token and catalog got
 * unverified (--insecure) or through another CA are never used by a verified call, nor the other
 * way round.
 */
export function identityKey(c: CloudCredentials): string | undefined {
  const who = c.method.cacheIdentity(c);
  if (!who || !c.method.cacheSecret(c)) return undefined;
  const file = (path: string | undefined) => (path ? resolve(path) : '');
  const tls = { insecure: c.tls.insecure, cacert: file(c.tls.cacert), cert: file(c.tls.cert), key: file(c.tls.key) };
  const identity = JSON.stringify({ auth_url: identityV3Url(c.authUrl, c.cloud), user: who.user, project: who.project, method: who.method, region: c.regionName ?? '', tls });
  return nodeCrypto().createHash('sha256').update(identity).digest('hex');
}

/** Why a path the cache would use is not to be trusted, or undefined: a real directory or file of this user, closed to others. */
function refusal(stat: Stats, kind: 'directory' | 'file'): string | undefined {
  if (stat.isSymbolicLink()) return 'is a symbolic link';
  if (kind === 'directory' ? !stat.isDirectory() : !stat.isFile()) return `is not a ${kind}`;
  if (!ownedByUser(stat)) return 'is owned by someone else';
  if (stat.mode & 0o077) return 'is open to others';
  return undefined;
}

function ownedByUser(stat: Stats): boolean {
  const uid = process.getuid?.();
  return uid === undefined || stat.uid === uid;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

function derive(password: BinaryLike, salt: Buffer): Promise<Buffer> {
  return new Promise((done, fail) => nodeCrypto().scrypt(password, salt, VERIFIER_BYTES, SCRYPT, (error, key) => (error ? fail(error) : done(key))));
}

/** One scrypt result: the salt (base64) and secret it was derived from. */
interface Derivation {
  salt: string;
  secret: string;
  key: Promise<Buffer>;
}

/**
 * The scrypt derivations of one run. A cache hit costs one derivation (tens of milliseconds of
 * CPU and 16 MiB), so a fan-out to 16 projects of one user paid 16 of them for one password. Here
 * the entries of one credential (auth URL, user, method: not the project or region) are written
 * with the salt it was last verified or written with in this run, and a salt and secret derived
 * once are not derived again; a guesser still pays one derivation per guess, as the salt is still
 * random and the file still holds no more than scrypt(secret, salt). Keyed by salt and compared by
 * secret, so a wrong secret never reuses a right one's result.
 */
class Derivations {
  /** Each salt's derivations: more than one when secrets differ (a wrong password beside right ones). */
  private readonly bySalt = new Map<string, Derivation[]>();
  /** The salt each credential's secret was last derived with (credential → salt). */
  private readonly latest = new Map<string, string>();

  private known(salt: string, secret: string): Derivation | undefined {
    return this.bySalt.get(salt)?.find((d) => d.secret === secret);
  }

  /** scrypt(secret, salt), computed at most once per salt and secret in this run. */
  key(credential: string, secret: string, salt: string): Promise<Buffer> {
    let derivation = this.known(salt, secret);
    if (!derivation) {
      derivation = { salt, secret, key: derive(secret, Buffer.from(salt, 'base64')) };
      this.bySalt.set(salt, [...(this.bySalt.get(salt) ?? []), derivation]);
    }
    this.latest.set(credential, salt);
    return derivation.key;
  }

  /** The salt and key to write for this credential: the one it last had in this run with this secret, else a new random salt. */
  forWriting(credential: string, secret: string): Derivation {
    const salt = this.latest.get(credential);
    const known = salt === undefined ? undefined : this.known(salt, secret);
    if (known) return known;
    const fresh = nodeCrypto().randomBytes(16).toString('base64');
    return { salt: fresh, secret, key: this.key(credential, secret, fresh) };
  }
}

/** Whose secret a verifier checks: the auth URL, user and method of the cache identity, without the project, region or TLS settings. */
function credentialKey(c: CloudCredentials): string {
  const who = c.method.cacheIdentity(c)!;
  return JSON.stringify([identityV3Url(c.authUrl, c.cloud), who.user, who.method]);
}

const isText = (value: unknown): value is string => typeof value === 'string';
/** Keystone may send null for a field it has no value for. */
const isOptionalText = (value: unknown) => value === undefined || value === null || isText(value);
const isParty = (value: unknown) => isMapping(value) && isOptionalText(value.id) && isOptionalText(value.name);
const isEndpoint = (value: unknown) => isMapping(value) && isText(value.url) && isText(value.interface) && isOptionalText(value.region) && isOptionalText(value.region_id);
const isService = (value: unknown) => isMapping(value) && isText(value.type) && isOptionalText(value.name) && Array.isArray(value.endpoints) && value.endpoints.every(isEndpoint);

/** Everything read() hands on is there and of its type: a file of any other shape is a miss, not a crash. */
function isCachedToken(value: Record<string, unknown>): value is Record<string, unknown> & CachedToken {
  const password = value.password;
  return (
    isText(value.token) && value.token !== '' && isText(value.expires_at) && isParty(value.user) && isParty(value.project) &&
    isText(value.identity_url) && Array.isArray(value.catalog) && value.catalog.every(isService) &&
    isMapping(password) && isText(password.salt) && isText(password.scrypt)
  );
}

export class TokenCache {
  private usable: boolean | undefined;
  private readonly derivations = new Derivations();

  constructor(
    /** Undefined when there is no absolute place for it: the cache is then off. */
    readonly directory: string | undefined,
    private readonly warn: (line: string) => void,
  ) {}

  /** Makes the directory (0700) on first use; says once, and stops, when it cannot be trusted. */
  private ready(): this is { directory: string } {
    if (this.usable !== undefined) return this.usable;
    this.usable = false;
    if (!this.directory) {
      this.warn(`the token cache is off: ${NO_CACHE_DIRECTORY}`);
      return false;
    }
    try {
      mkdirSync(this.directory, { recursive: true, mode: 0o700 });
      const reason = refusal(lstatSync(this.directory), 'directory');
      if (reason) this.warn(`not using the token cache: ${this.directory} ${reason} (it must be a directory of yours that only you can open: chmod 700 it, or remove it)`);
      else this.usable = true;
    } catch (error) {
      this.warn(`not using the token cache: cannot create ${this.directory} (${errorCode(error)})`);
    }
    return this.usable;
  }

  private file(key: string): string {
    return join(this.directory!, `${key}.json`);
  }

  /**
   * The file's text, read through a descriptor that cannot be a symbolic link and was checked for
   * its owner and mode; undefined (after a warning where it is worth one) otherwise.
   */
  private readPrivate(path: string): string | undefined {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (errorCode(error) === 'ELOOP') this.warn(`not using the cached token ${path}: it is a symbolic link`);
      return undefined;
    }
    try {
      const stat = fstatSync(fd);
      const reason = refusal(stat, 'file') ?? (stat.size > MAX_FILE_BYTES ? `is larger than ${MAX_FILE_BYTES} bytes` : undefined);
      if (reason) {
        this.warn(`not using the cached token ${path}: it ${reason}`);
        return undefined;
      }
      const buffer = Buffer.alloc(stat.size);
      let filled = 0;
      while (filled < buffer.length) {
        const got = readSync(fd, buffer, filled, buffer.length - filled, filled);
        if (got === 0) break;
        filled += got;
      }
      return buffer.subarray(0, filled).toString('utf8');
    } finally {
      closeSync(fd);
    }
  }

  /** A cached session for this cloud's identity, TLS settings and password, with at least EXPIRY_MARGIN_MS of life left. */
  async read(credentials: CloudCredentials, now: Date): Promise<KeystoneSession | undefined> {
    const key = identityKey(credentials);
    if (!key || !this.ready()) return undefined;
    const path = this.file(key);
    const text = this.readPrivate(path);
    if (text === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    // Another client version's file: replaced without a word.
    if (isMapping(parsed) && typeof parsed.format === 'number' && parsed.format !== FORMAT) return undefined;
    if (!isMapping(parsed) || !isCachedToken(parsed)) {
      this.warn(`not using the cached token ${path}: it is not a token cache file (it is replaced after the login)`);
      return undefined;
    }
    const cached = parsed;
    if (!(Date.parse(cached.expires_at) - now.getTime() > EXPIRY_MARGIN_MS)) return undefined;
    const expected = Buffer.from(cached.password.scrypt, 'base64');
    const actual = await this.derivations.key(credentialKey(credentials), credentials.method.cacheSecret(credentials)!, cached.password.salt);
    if (expected.length !== actual.length || !nodeCrypto().timingSafeEqual(expected, actual)) return undefined;
    return {
      cloud: credentials.cloud,
      token: cached.token,
      userId: cached.user.id ?? undefined,
      userName: cached.user.name ?? undefined,
      projectId: cached.project.id ?? undefined,
      projectName: cached.project.name ?? undefined,
      catalog: cached.catalog,
      expiresAt: cached.expires_at,
      identityUrl: cached.identity_url,
      cached: true,
    };
  }

  /** Written to a temporary file and renamed: a concurrent reader sees the old file or the new one. */
  async write(credentials: CloudCredentials, session: KeystoneSession, catalog: CatalogEntry[]): Promise<void> {
    const key = identityKey(credentials);
    if (!key || !session.expiresAt || session.multiFactor || !this.ready()) return;
    const verifier = this.derivations.forWriting(credentialKey(credentials), credentials.method.cacheSecret(credentials)!);
    const cached: CachedToken = {
      format: FORMAT,
      token: session.token,
      expires_at: session.expiresAt,
      user: { id: session.userId, name: session.userName },
      project: { id: session.projectId, name: session.projectName },
      identity_url: session.identityUrl,
      catalog,
      password: { salt: verifier.salt, scrypt: (await verifier.key).toString('base64') },
    };
    const temporary = join(this.directory, `.${key}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
    try {
      // 'wx': a new file (O_EXCL follows no link); rename replaces a link at the final name, never its target.
      writeFileSync(temporary, JSON.stringify(cached), { mode: 0o600, flag: 'wx' });
      chmodSync(temporary, 0o600);
      renameSync(temporary, this.file(key));
    } catch (error) {
      rmSync(temporary, { force: true });
      this.warn(`could not write the token cache: ${errorCode(error)}`);
    }
  }

  forget(credentials: CloudCredentials): void {
    const key = identityKey(credentials);
    if (key && this.ready()) rmSync(this.file(key), { force: true });
  }

  /**
   * token-cache-clear: the files the cache writes (its names, regular files of this user), after
   * the checks reading makes of the directory; nothing at all when the directory fails them.
   */
  clear(): { removed: number; left: string[] } {
    const directory = this.directory;
    if (!directory) throw new UsageError(`there is no token cache to clear: ${NO_CACHE_DIRECTORY}`);
    let stat: Stats;
    try {
      stat = lstatSync(directory);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { removed: 0, left: [] };
      throw new CliError(`cannot read the token cache ${directory}: ${errorCode(error)}`);
    }
    const reason = refusal(stat, 'directory');
    if (reason) throw new CliError(`not clearing the token cache: ${directory} ${reason}; nothing was removed`);
    let removed = 0;
    const left: string[] = [];
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      if (!writtenByCache(path, name)) {
        left.push(name);
        continue;
      }
      try {
        unlinkSync(path);
        removed += 1;
      } catch (error) {
        // Removed by a concurrent clear: gone all the same.
        if (errorCode(error) !== 'ENOENT') left.push(name);
      }
    }
    return { removed, left };
  }
}

/** A name the cache gives its files, on a regular file of this user (not a link, not a directory). */
function writtenByCache(path: string, name: string): boolean {
  if (!CACHE_FILE.test(name) && !TEMPORARY_FILE.test(name)) return false;
  const stat = lstatSync(path, { throwIfNoEntry: false });
  return stat === undefined || (stat.isFile() && ownedByUser(stat));
}

/**
 * What of a catalog a cached token needs later: the Mistral service whole (its URL), and of the
 * others only interfaces and regions (a target's region is checked against them). One shape for
 * both roles, since one identity may be the home cloud of one call and the target of the next.
 */
export function catalogToKeep(catalog: CatalogEntry[], mistralServiceType: string): CatalogEntry[] {
  return catalog.map((service) => service.type === mistralServiceType
    ? service
    : { type: service.type, endpoints: (service.endpoints ?? []).map(({ interface: iface, region, region_id }) => ({ url: '', interface: iface, region, region_id })) });
}
