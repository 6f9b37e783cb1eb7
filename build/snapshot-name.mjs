// The name of the start-up snapshot's blob for a node binary, as the launcher lines of
// bin/mistral.js look for it (`stat -L -c %d-%i-%s-%Y-%Z` of the node they will exec): its device,
// inode, size, and modification and change times in seconds. build.mjs writes the blob under this
// name, bench/compare.mjs checks that the build has one for the node running it, and
// test/unit/snapshot.test.ts holds the launcher to it.
import { statSync } from 'node:fs';

/** `node-<dev>-<ino>-<size>-<mtime>-<ctime>.blob` of the node binary at `nodePath`. */
export function snapshotBlobName(nodePath) {
  const s = statSync(nodePath, { bigint: true });
  return `node-${s.dev}-${s.ino}-${s.size}-${s.mtimeNs / 1000000000n}-${s.ctimeNs / 1000000000n}.blob`;
}
