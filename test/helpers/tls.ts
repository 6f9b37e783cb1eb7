// Two test certificate authorities, each with a server certificate for 127.0.0.1 (SAN IP), made
// with the openssl command line. The global setup makes them once per run in the shared run dir;
// a process without it makes its own set once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDir } from './run-dir.js';
import type { TlsIdentity } from './server.js';

export interface TestPki {
  dir: string;
  /** CA certificate files (PEM). */
  ca1: string;
  ca2: string;
  /** Server identities for 127.0.0.1 signed by CA 1 and CA 2. */
  server1: TlsIdentity;
  server2: TlsIdentity;
}

const FILES = ['ca1.pem', 'ca2.pem', 'server1.pem', 'server1.key', 'server2.pem', 'server2.key'];

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Writes the CAs and server certificates into `dir` (made in a scratch dir, then moved in). */
export function generatePki(dir: string): void {
  if (FILES.every((f) => existsSync(join(dir, f)))) return;
  const work = `${dir}.tmp-${process.pid}`;
  mkdirSync(work, { recursive: true });
  writeFileSync(
    join(work, 'server.ext'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  for (const n of [1, 2]) {
    openssl(work, [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', `ca${n}.key`, '-out', `ca${n}.pem`, '-days', '3', '-subj', `/CN=mistral-ts test CA ${n}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    openssl(work, [
      'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', `server${n}.key`, '-out', `server${n}.csr`, '-subj', '/CN=127.0.0.1',
    ]);
    openssl(work, [
      'x509', '-req', '-in', `server${n}.csr`, '-CA', `ca${n}.pem`, '-CAkey', `ca${n}.key`, '-CAcreateserial',
      '-out', `server${n}.pem`, '-days', '3', '-extfile', 'server.ext',
    ]);
  }
  mkdirSync(dir, { recursive: true });
  for (const f of FILES) renameSync(join(work, f), join(dir, f));
  rmSync(work, { recursive: true, force: true });
}

let cached: TestPki | undefined;

export function testPki(): TestPki {
  if (cached) return cached;
  const dir = join(runDir(), 'tls');
  generatePki(dir);
  const identity = (n: number): TlsIdentity => ({
    cert: readFileSync(join(dir, `server${n}.pem`), 'utf8'),
    key: readFileSync(join(dir, `server${n}.key`), 'utf8'),
  });
  cached = { dir, ca1: join(dir, 'ca1.pem'), ca2: join(dir, 'ca2.pem'), server1: identity(1), server2: identity(2) };
  return cached;
}
