// The types of build/snapshot-name.mjs, for the tests that import it (test/unit/snapshot.test.ts).
export declare function snapshotBlobName(nodePath: string): string;
