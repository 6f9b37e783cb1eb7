// The types of build/answers.mjs, for the tests that import it (test/unit/snapshot.test.ts).
export declare const ANSWERED: readonly string[];
export declare function answer(main: (argv: string[], io: unknown) => Promise<number>, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
export declare function recordAnswers(cliUrl: URL): Promise<string>;
