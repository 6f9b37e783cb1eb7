// Where the client keeps files of its own, following the XDG Base Directory specification.
import { isAbsolute, join } from 'node:path';

/**
 * $XDG_CACHE_HOME/mistral/auth (default ~/.cache/mistral/auth): the token cache. A relative
 * XDG_CACHE_HOME is ignored, as the specification says; a relative or empty home (HOME= in a
 * service unit, a container) would put tokens in the current directory, so then there is none.
 */
export function tokenCacheDirectory(env: Record<string, string | undefined>, homeDir: string | undefined): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'mistral', 'auth');
  if (homeDir && isAbsolute(homeDir)) return join(homeDir, '.cache', 'mistral', 'auth');
  return undefined;
}
