// One undici Agent per cloud: the home cloud's CA/cert/key/insecure serve the home Keystone and
// Mistral, the target's serve the target Keystone only. Files are read before any request, so an
// unreadable one is a usage error, not a half-done run.
import { readFileSync } from 'node:fs';
import type { Agent } from 'undici';
import { UsageError, type Cloud } from '../errors.js';
import { describeSetting } from './options.js';

export interface TlsSettings {
  cacert?: string;
  cert?: string;
  key?: string;
  insecure: boolean;
}

interface TlsFile {
  path: string;
  settingKey: string;
  what: string;
}

function readTlsFile(file: TlsFile, cloud: Cloud): Buffer {
  try {
    return readFileSync(file.path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`cannot read the ${cloud} cloud ${file.what} '${file.path}' given by ${describeSetting(file.settingKey)}: ${reason}`);
  }
}

/** Reads the certificate files and builds the agent (undici is loaded only here, when a command needs the network). */
export async function createAgent(tls: TlsSettings, cloud: Cloud): Promise<Agent> {
  const prefix = cloud === 'target' ? 'target' : '';
  const key = (name: string) => (prefix ? `${prefix}${name[0].toUpperCase()}${name.slice(1)}` : name);
  const ca = tls.cacert ? readTlsFile({ path: tls.cacert, settingKey: key('cacert'), what: 'CA certificate' }, cloud) : undefined;
  const cert = tls.cert ? readTlsFile({ path: tls.cert, settingKey: key('cert'), what: 'client certificate' }, cloud) : undefined;
  const privateKey = tls.key ? readTlsFile({ path: tls.key, settingKey: key('key'), what: 'client key' }, cloud) : undefined;
  const { Agent } = await import('undici');
  return new Agent({
    connect: { ca, cert, key: privateKey, rejectUnauthorized: !tls.insecure },
    // uwsgi's http-socket closes after every response without saying so (real-stack.md pitfall 4).
    pipelining: 1,
    keepAliveTimeout: 4000,
  });
}
