// Settings and input files as an attacker writes them, for the tests that prove they are refused.

/**
 * A "billion laughs" YAML text: eight anchors, each nine copies of the one before (9^8 leaves
 * when expanded), then `tail` (which may use the last anchor, `*h`).
 */
export function aliasBomb(tail = ''): string {
  const names = 'abcdefgh';
  const lines = ['a: &a [x,x,x,x,x,x,x,x,x]', ...names.slice(1).split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${names[i]}`).join(',')}]`)];
  return [...lines, tail, ''].join('\n');
}
