import { describe, expect, it } from 'vitest';
import { fill } from '../../../src/output/wrap.js';

// Expected text from Python 3.11's textwrap.fill(text, width).
const CASES: [string, number, string][] = [
  ['11111111-2222-3333-4444-555555555555', 8, '11111111\n-2222-\n3333-\n4444-\n55555555\n5555'],
  ['a, b=2, a_very_long_param...', 8, 'a, b=2, \na_very_l\nong_para\nm...'],
  ['Hello there -- you goof-ball, use the -b option!', 12, 'Hello there\n-- you goof-\nball, use\nthe -b\noption!'],
  ['tab\tseparated\ttext here', 10, 'tab\nseparated\ntext here'],
  ['  leading spaces kept on first line', 10, '  leading\nspaces\nkept on\nfirst line'],
  ['word\u00a0joined by nbsp', 6, 'word\u00a0j\noined\nby\nnbsp'],
  ['---leading-hyphens', 5, '---le\nading\n-hyph\nens'],
  ['中文字符测试文本', 3, '中文字\n符测试\n文本'],
];

describe('textwrap emulation', () => {
  it.each(CASES)('fills %j at width %i as Python does', (input, width, expected) => {
    expect(fill(input, width)).toBe(expected);
  });

  it('rejects a width below 1 as Python does', () => {
    expect(() => fill('x', 0)).toThrow('invalid width 0 (must be > 0)');
  });
});
