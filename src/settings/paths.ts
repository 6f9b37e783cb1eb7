// Where the client keeps files of its own, following the XDG base directories.
import { join } from 'node:path';

/** $XDG_CACHE_HOME/mistral/auth (default ~/.cache/mistral/auth): the token cache. */
export function tokenCacheDirectory(env: Record<string, string | undefined>, homeDir: string): string {
  return join(env.XDG_CACHE_HOME || join(homeDir, '.cache'), 'mistral', 'auth');
}
