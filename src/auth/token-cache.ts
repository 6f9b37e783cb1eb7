// The opt-in token cache (--os-cache / OS_CACHE / clouds.yaml `cache: {auth: true}`): one file per
// identity under $XDG_CACHE_HOME/mistral/auth, so a shell loop or a CI job logs in once per token
// lifetime instead of on every call. Shaped after the Rust `osc` (operator-conventions.md): the
// file name hashes the identity and the TLS settings but no secret; the directory is 0700 and files
// 0600, written atomically; anything that is a symbolic link, owned by someone else or open to
// others is not used, and token-cache-clear deletes only the files the cache itself writes. A
// file holds a salted scrypt verifier of the password it was got with, so another password (a
// changed one, or someone else's guess) never reuses it (README "Token cache"); a run of two or
// more credentials (a target's) checks them all with one derivation, against a joint record.
import { chmodSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { nodeCrypto } from '../builtins.js';
import { CliError, UsageError } from '../errors.js';
import { isMapping } from '../values.js';
import type { CatalogEntry } from './catalog.js';
import type { CloudCredentials } from './clouds.js';
import { identityV3Url, type KeystoneSession } from './keystone.js';
import { tlsIdentity } from './tls.js';
import { derive, Derivations, isVerifier, matches, newSalt, type Verifier } from './verifiers.js';

/** A token is used until this long before it expires (openstacksdk's margin). */
export const EXPIRY_MARGIN_MS = 120_000;
/** 2: the password verifier, and the TLS settings in the file name. Files of another format are a silent miss. */
const FORMAT = 2;
/** A cached token with its catalog is a few kilobytes; more is not a file the cache wrote. */
const MAX_FILE_BYTES = 1 << 20;
/**
 * The names the cache writes: `<identity>.json` (a token), `joint-<identities>.json` (a joint
 * record), and `.<name>.<pid>.<random>.tmp` while it writes one.
 */
const TOKEN_FILE = /^[0-9a-f]{64}\.json$/;
const JOINT_FILE = /^joint-[0-9a-f]{64}\.json$/;
const TEMPORARY_FILE = /^\.(?:joint-)?[0-9a-f]{64}\.\d+\.[0-9a-f]{8}\.tmp$/;

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
  password: Verifier;
}

/**
 * The joint record of the files one run used, when their secrets are of two or more credentials
 * (home and a target): each file's verifier, and scrypt of all their secrets at once. One
 * derivation of it vouches for every verifier it lists (src/auth/verifiers.ts Derivations.vouch),
 * where checking each credential on its own costs one derivation each. It holds no token, and
 * nothing a guesser could not attack in the files it lists: guessing through it takes every
 * secret at once.
 */
interface JointRecord {
  format: number;
  /** The verifier each file held when the record was written: identity key → salt and scrypt. */
  files: Record<string, Verifier>;
  /** scrypt(jointSecret: the secrets and these verifiers, in the order of the files' identities; salt). */
  password: Verifier;
}

/** One cloud of a run whose token the cache keeps: its file's identity, whose secret, and the secret. */
interface Member {
  identity: string;
  credential: string;
  secret: string;
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
  const identity = JSON.stringify({ auth_url: identityV3Url(c.authUrl, c.cloud), user: who.user, project: who.project, method: who.method, region: c.regionName ?? '', tls: tlsIdentity(c.tls) });
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
  return (
    isText(value.token) && value.token !== '' && isText(value.expires_at) && isParty(value.user) && isParty(value.project) &&
    isText(value.identity_url) && Array.isArray(value.catalog) && value.catalog.every(isService) && isVerifier(value.password)
  );
}

function isJointRecord(value: Record<string, unknown>): value is Record<string, unknown> & JointRecord {
  return isMapping(value.files) && Object.values(value.files).every(isVerifier) && isVerifier(value.password);
}

/** The joint record's file name (without `.json`): from its members' identities, as a token's is from its own. */
function jointKey(members: Member[]): string {
  return `joint-${nodeCrypto().createHash('sha256').update(JSON.stringify(members.map((m) => m.identity))).digest('hex')}`;
}

/**
 * All the members' secrets and the verifiers the record lists for them, as one scrypt input: JSON,
 * so no two lists give the same text, and the verifiers with the secrets, so a record vouches only
 * for the verifiers it was derived with (a listed one changed by hand makes the check miss).
 */
function jointSecret(members: Member[], files: Record<string, Verifier>): string {
  return JSON.stringify(members.map((m) => [m.secret, files[m.identity].salt, files[m.identity].scrypt]));
}

const sameVerifier = (a: Verifier | undefined, b: Verifier | undefined) => a?.salt === b?.salt && a?.scrypt === b?.scrypt;

export class TokenCache {
  private usable: boolean | undefined;
  private readonly derivations = new Derivations();
  /** This run's clouds, sorted by identity, when they are of two or more credentials (plan()). */
  private members: Member[] = [];
  /** The check of the joint record (vouch()): read() waits for it before deriving anything itself. */
  private vouched: Promise<JointRecord | undefined> = Promise.resolve(undefined);
  /** The verifier each file holds after this run: the one read() matched or write() wrote (identity → verifier). */
  private readonly verifiers = new Map<string, Verifier>();

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
  private readPrivate(path: string, what: string): string | undefined {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (errorCode(error) === 'ELOOP') this.warn(`not using the cached ${what} ${path}: it is a symbolic link`);
      return undefined;
    }
    try {
      const stat = fstatSync(fd);
      const reason = refusal(stat, 'file') ?? (stat.size > MAX_FILE_BYTES ? `is larger than ${MAX_FILE_BYTES} bytes` : undefined);
      if (reason) {
        this.warn(`not using the cached ${what} ${path}: it ${reason}`);
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

  /**
   * One of the cache's files, parsed, when it has the shape `is` checks; undefined otherwise, with
   * one warning when it is not the cache's (another client version's file is replaced silently).
   */
  private readCacheFile<T>(key: string, what: string, is: (value: Record<string, unknown>) => value is Record<string, unknown> & T): T | undefined {
    const path = this.file(key);
    const text = this.readPrivate(path, what);
    if (text === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (isMapping(parsed) && typeof parsed.format === 'number' && parsed.format !== FORMAT) return undefined;
    if (!isMapping(parsed) || !is(parsed)) {
      this.warn(`not using the cached ${what} ${path}: it is not a token cache file (it is replaced after the login)`);
      return undefined;
    }
    return parsed;
  }

  /**
   * The clouds this run logs in to that keep their tokens here, before any read(). When they are
   * of two or more credentials, their joint record (if there is one) is checked now, with one
   * derivation for all their secrets; each read() then finds its verifier vouched for. A cloud
   * named twice with two secrets (the same identity) leaves the run to check each on its own.
   */
  plan(clouds: CloudCredentials[]): void {
    const members = new Map<string, Member>();
    for (const c of clouds) {
      const identity = identityKey(c);
      if (!identity) continue;
      const member = { identity, credential: credentialKey(c), secret: c.method.cacheSecret(c)! };
      if (members.has(identity) && members.get(identity)!.secret !== member.secret) return;
      members.set(identity, member);
    }
    const sorted = [...members.values()].sort((a, b) => (a.identity < b.identity ? -1 : 1));
    if (new Set(sorted.map((m) => m.credential)).size < 2 || !this.ready()) return;
    this.members = sorted;
    // A check that cannot be made (no memory for scrypt) only leaves each read() to check on its own.
    this.vouched = this.vouch(sorted).catch(() => undefined);
  }

  /** The joint record of these members, when all their secrets together match it; its verifiers are then known (Derivations.vouch). */
  private async vouch(members: Member[]): Promise<JointRecord | undefined> {
    const record = this.readCacheFile(jointKey(members), 'password record', isJointRecord);
    if (!record || !members.every((m) => isVerifier(record.files[m.identity]))) return undefined;
    if (!matches(record.password, await derive(jointSecret(members, record.files), record.password.salt))) return undefined;
    for (const m of members) this.derivations.vouch(m.credential, m.secret, record.files[m.identity]);
    return record;
  }

  /**
   * After the run's logins: the joint record of this run's files as they now are, unless the
   * record checked by plan() says just that. One derivation, paid by the first run of a set of
   * files and secrets (and after one of them changed), which saves one per further credential in
   * every later run. The caller need not wait for it before its requests; only before it exits.
   */
  async rememberTogether(): Promise<void> {
    const members = this.members;
    if (members.length === 0) return;
    const vouched = await this.vouched;
    const files: Record<string, Verifier> = {};
    for (const m of members) {
      const verifier = this.verifiers.get(m.identity);
      // A file that was neither used nor written (its login failed): nothing to vouch for.
      if (!verifier) return;
      files[m.identity] = verifier;
    }
    if (vouched && members.every((m) => sameVerifier(vouched.files[m.identity], files[m.identity]))) return;
    const salt = newSalt();
    const record: JointRecord = { format: FORMAT, files, password: { salt, scrypt: (await derive(jointSecret(members, files), salt)).toString('base64') } };
    this.writePrivate(jointKey(members), JSON.stringify(record));
  }

  /** A cached session for this cloud's identity, TLS settings and password, with at least EXPIRY_MARGIN_MS of life left. */
  async read(credentials: CloudCredentials, now: Date): Promise<KeystoneSession | undefined> {
    const key = identityKey(credentials);
    if (!key || !this.ready()) return undefined;
    const cached = this.readCacheFile(key, 'token', isCachedToken);
    if (!cached || !(Date.parse(cached.expires_at) - now.getTime() > EXPIRY_MARGIN_MS)) return undefined;
    await this.vouched;
    const actual = await this.derivations.key(credentialKey(credentials), credentials.method.cacheSecret(credentials)!, cached.password.salt);
    if (!matches(cached.password, actual)) return undefined;
    this.verifiers.set(key, cached.password);
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

  /** The cloud's new token, with the verifier of the secret it was got with (writePrivate). */
  async write(credentials: CloudCredentials, session: KeystoneSession, catalog: CatalogEntry[]): Promise<void> {
    const key = identityKey(credentials);
    if (!key || !session.expiresAt || session.multiFactor || !this.ready()) return;
    const verifier = this.derivations.forWriting(credentialKey(credentials), credentials.method.cacheSecret(credentials)!);
    const password = { salt: verifier.salt, scrypt: (await verifier.key).toString('base64') };
    const cached: CachedToken = {
      format: FORMAT,
      token: session.token,
      expires_at: session.expiresAt,
      user: { id: session.userId, name: session.userName },
      project: { id: session.projectId, name: session.projectName },
      identity_url: session.identityUrl,
      catalog,
      password,
    };
    if (this.writePrivate(key, JSON.stringify(cached))) this.verifiers.set(key, password);
  }

  /** Written to a temporary file and renamed: a concurrent reader sees the old file or the new one. False (after a warning) when it could not be. */
  private writePrivate(key: string, text: string): boolean {
    const temporary = join(this.directory!, `.${key}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
    try {
      // 'wx': a new file (O_EXCL follows no link); rename replaces a link at the final name, never its target.
      writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
      chmodSync(temporary, 0o600);
      renameSync(temporary, this.file(key));
      return true;
    } catch (error) {
      rmSync(temporary, { force: true });
      this.warn(`could not write the token cache: ${errorCode(error)}`);
      return false;
    }
  }

  forget(credentials: CloudCredentials): void {
    const key = identityKey(credentials);
    if (key && this.ready()) rmSync(this.file(key), { force: true });
  }

  /**
   * token-cache-clear: the files the cache writes (its names, regular files of this user), after
   * the checks reading makes of the directory; nothing at all when the directory fails them.
   * `removed` counts the tokens (and temporary files), `records` the joint records.
   */
  clear(): { removed: number; records: number; left: string[] } {
    const directory = this.directory;
    if (!directory) throw new UsageError(`there is no token cache to clear: ${NO_CACHE_DIRECTORY}`);
    let stat: Stats;
    try {
      stat = lstatSync(directory);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { removed: 0, records: 0, left: [] };
      throw new CliError(`cannot read the token cache ${directory}: ${errorCode(error)}`);
    }
    const reason = refusal(stat, 'directory');
    if (reason) throw new CliError(`not clearing the token cache: ${directory} ${reason}; nothing was removed`);
    let removed = 0;
    let records = 0;
    const left: string[] = [];
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      if (!writtenByCache(path, name)) {
        left.push(name);
        continue;
      }
      try {
        unlinkSync(path);
        if (JOINT_FILE.test(name)) records += 1;
        else removed += 1;
      } catch (error) {
        // Removed by a concurrent clear: gone all the same.
        if (errorCode(error) !== 'ENOENT') left.push(name);
      }
    }
    return { removed, records, left };
  }
}

/** A name the cache gives its files, on a regular file of this user (not a link, not a directory). */
function writtenByCache(path: string, name: string): boolean {
  if (!TOKEN_FILE.test(name) && !JOINT_FILE.test(name) && !TEMPORARY_FILE.test(name)) return false;
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
