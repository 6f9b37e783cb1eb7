import { test, expect } from 'vitest';
test('scan probe', () => { console.log('SCAN RUNDIR', process.env.MISTRAL_TEST_RUN_DIR, Date.now()); expect(1).toBe(1); });
