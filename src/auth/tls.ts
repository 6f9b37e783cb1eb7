// One undici Agent per cloud: the home cloud's CA/cert/key/insecure serve the home Keystone and
// Mistral, the target's serve the target Keystone only. Files are read before any request, so an
// unreadable one is a usage error, not a half-done run.
import { resolve } from 'node:path';
import type { Agent } from 'undici';
import { CliError, UsageError } from '../errors.js';
import { readFailure, readFileLimited } from '../files.js';

export interface TlsSettings {
  cacert?: string;
  cert?: string;
  key?: string;
  insecure: boolean;
}

export type TlsFileSetting = 'cacert' | 'cert' | 'key';

/**
 * The TLS settings as one value to compare: verified or not, and the absolute paths of the files (a
 * token got over one CA or unverified is another cloud's to the token cache and to a shared login).
 */
export function tlsIdentity(tls: TlsSettings): { insecure: boolean; cacert: string; cert: string; key: string } {
  const file = (path: string | undefined) => (path ? resolve(path) : '');
  return { insecure: tls.insecure, cacert: file(tls.cacert), cert: file(tls.cert), key: file(tls.key) };
}

const WHAT: Record<TlsFileSetting, string> = { cacert: 'CA certificate', cert: 'client certificate', key: 'client key' };

/**
 * Reads the certificate files once and returns what builds agents with them (undici is loaded only
 * here, when a command needs the network): the cloud's own, and one for each retry after a dead
 * connection, so that it cannot land on another stale socket of the first one's pool
 * (src/http/transport.ts). `givenBy` names where a file setting came from, for the message.
 */
export async function agentFactory(tls: TlsSettings, label: string, givenBy: (setting: TlsFileSetting) => string, connectTimeoutMs: number): Promise<() => Agent> {
  const read = (setting: TlsFileSetting): Buffer | undefined => {
    const path = tls[setting];
    if (!path) return undefined;
    try {
      return readFileLimited(path, 'settings', `the ${label} ${WHAT[setting]} '${path}' given by ${givenBy(setting)}`);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new UsageError(`cannot read the ${label} ${WHAT[setting]} '${path}' given by ${givenBy(setting)}: ${readFailure(error)}`);
    }
  };
  const ca = read('cacert');
  const cert = read('cert');
  let privateKey = read('key');
  // A certificate without its key (or a key alone) would silently send no certificate at all.
  if (privateKey && !cert) throw new UsageError(`the ${label} client key given by ${givenBy('key')} needs its certificate: give ${givenBy('cert')} too`);
  if (cert && !privateKey) {
    // One PEM file holding both, as python-requests accepts it.
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(cert.toString('latin1'))) {
      throw new UsageError(`the ${label} client certificate '${tls.cert}' given by ${givenBy('cert')} needs its key: give ${givenBy('key')}, or put the key in the same PEM file`);
    }
    privateKey = cert;
  }
  const { Agent } = await import('undici');
  return () => new Agent({
    connect: { ca, cert, key: privateKey, rejectUnauthorized: !tls.insecure, timeout: connectTimeoutMs },
    pipelining: 1,
    // node:http's default (16 KiB), given so that undici does not load node:http to read it (build.mjs).
    maxHeaderSize: 16_384,
    // Long enough that a wait polling every 5 s keeps one connection to Mistral (its oslo.service
    // server keeps clients for 900 s). A server that closes idle sockets without saying so (uwsgi's
    // http-socket) is handled by the transport's retry, on a new connection, of a request that
    // never got an answer.
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
  });
}
