// The opt-in token cache (--os-cache / OS_CACHE / clouds.yaml `cache: {auth: true}`): one file per
// identity under $XDG_CACHE_HOME/mistral/auth, so a shell loop or a CI job logs in once per token
// lifetime instead of on every call. Shaped after the Rust `osc` (operator-conventions.md): the
// file name hashes the identity but no secret; the directory is 0700 and files 0600, written
// atomically; anything owned by someone else or readable by others is not used.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogEntry } from './catalog.js';
import type { CloudCredentials } from './clouds.js';
import { identityV3Url, type KeystoneSession } from './keystone.js';

/** A token is used until this long before it expires (openstacksdk's margin). */
export const EXPIRY_MARGIN_MS = 120_000;
const FORMAT = 1;

interface CachedToken {
  format: number;
  token: string;
  expires_at: string;
  user: { id?: string; name?: string };
  project: { id?: string; name?: string };
  identity_url: string;
  /** Only what later use needs: the Mistral service for home, regions (no URLs) for a target. */
  catalog: CatalogEntry[];
}

/**
 * Who is logging in where, without any secret: a token given by the user is never cached (the
 * key could not tell two such tokens apart without hashing them).
 */
export function identityKey(c: CloudCredentials): string | undefined {
  if (c.token || !c.password) return undefined;
  const user = c.userId ? `id:${c.userId}` : `name:${c.username}@${c.userDomainId ?? ''}/${c.userDomainName ?? ''}`;
  const project = c.projectId ? `id:${c.projectId}` : `name:${c.projectName ?? ''}@${c.projectDomainId ?? ''}/${c.projectDomainName ?? ''}`;
  const identity = JSON.stringify({ auth_url: identityV3Url(c.authUrl, c.cloud), user, project, method: 'password', region: c.regionName ?? '' });
  return createHash('sha256').update(identity).digest('hex');
}

/** Private to the user: owned by them, nothing for group or others. */
function privateToUser(path: string): boolean {
  const stat = statSync(path);
  const uid = process.getuid?.();
  return (uid === undefined || stat.uid === uid) && (stat.mode & 0o077) === 0;
}

export class TokenCache {
  private usable: boolean | undefined;

  constructor(
    readonly directory: string,
    private readonly warn: (line: string) => void,
  ) {}

  /** Makes the directory (0700) on first use; says once, and stops, when it is not private. */
  private ready(): boolean {
    if (this.usable !== undefined) return this.usable;
    try {
      mkdirSync(this.directory, { recursive: true, mode: 0o700 });
      this.usable = privateToUser(this.directory);
      if (!this.usable) this.warn(`not using the token cache: ${this.directory} is owned by someone else or open to others (chmod 700 it, or remove it)`);
    } catch (error) {
      this.usable = false;
      this.warn(`not using the token cache: cannot create ${this.directory} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    return this.usable;
  }

  private file(key: string): string {
    return join(this.directory, `${key}.json`);
  }

  /** A cached session with at least EXPIRY_MARGIN_MS of life left, if there is one. */
  read(key: string, now: Date, cloud: KeystoneSession['cloud']): KeystoneSession | undefined {
    if (!this.ready()) return undefined;
    const path = this.file(key);
    let cached: CachedToken;
    try {
      if (!privateToUser(path)) {
        this.warn(`not using the cached token ${path}: it is owned by someone else or open to others`);
        return undefined;
      }
      cached = JSON.parse(readFileSync(path, 'utf8')) as CachedToken;
    } catch {
      return undefined;
    }
    const expires = Date.parse(cached.expires_at);
    if (cached.format !== FORMAT || !cached.token || !(expires - now.getTime() > EXPIRY_MARGIN_MS)) return undefined;
    return {
      cloud,
      token: cached.token,
      userId: cached.user.id,
      userName: cached.user.name,
      projectId: cached.project.id,
      projectName: cached.project.name,
      catalog: cached.catalog,
      expiresAt: cached.expires_at,
      identityUrl: cached.identity_url,
      cached: true,
    };
  }

  /** Written to a temporary file and renamed: a concurrent reader sees the old file or the new one. */
  write(key: string, session: KeystoneSession, catalog: CatalogEntry[]): void {
    if (!session.expiresAt || !this.ready()) return;
    const cached: CachedToken = {
      format: FORMAT,
      token: session.token,
      expires_at: session.expiresAt,
      user: { id: session.userId, name: session.userName },
      project: { id: session.projectId, name: session.projectName },
      identity_url: session.identityUrl,
      catalog,
    };
    const temporary = join(this.directory, `.${key}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      writeFileSync(temporary, JSON.stringify(cached), { mode: 0o600, flag: 'wx' });
      chmodSync(temporary, 0o600);
      renameSync(temporary, this.file(key));
    } catch (error) {
      rmSync(temporary, { force: true });
      this.warn(`could not write the token cache: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }

  forget(key: string): void {
    rmSync(this.file(key), { force: true });
  }

  /** token-cache-clear: every cached token; returns how many files went. */
  clear(): number {
    let removed = 0;
    try {
      for (const name of readdirSync(this.directory)) {
        if (!name.endsWith('.json') && !name.endsWith('.tmp')) continue;
        rmSync(join(this.directory, name), { force: true });
        removed += 1;
      }
    } catch {
      // no directory: nothing cached
    }
    return removed;
  }
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
