// A list answer read item by item (src/api/list-answer.ts, README "Speed"): only Mistral's shape is
// read so, and it must give exactly what JSON.parse of the whole answer gives; anything else is left
// to JSON.parse (scanPage answers undefined). An item that is not JSON ends the list where it is
// reached, with one error line that says how far the list got (README "Errors, exit codes, --debug").
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/errors.js';
import { ItemList, parsedPage, scanPage as scanBytes, type PageItems } from '../../../src/api/list-answer.js';
import { runCli } from '../../helpers/cli.js';
import { useWorld } from '../../helpers/clouds.js';

const world = useWorld({}, (world) => {
  world.mistral.acceptToken = undefined;
});

/** scanPage of the answer's UTF-8 bytes, as src/http/transport.ts hands them over. */
const scanPage = (text: string, key: string) => scanBytes(Buffer.from(text, 'utf8'), key);

const items = (page: PageItems) => Array.from({ length: page.length }, (_, i) => page.item(i));

/** scanPage's reading of `text`, checked against JSON.parse's: the same items and `next`. */
function expectSameAsParsed(text: string, key = 'executions') {
  const scanned = scanPage(text, key);
  expect(scanned).toBeDefined();
  const whole = parsedPage(JSON.parse(text), key);
  expect(items(scanned!.items)).toEqual(items(whole.items));
  expect(scanned!.next).toEqual(whole.next);
  return scanned!;
}

/**
 * For a mutated answer: scanPage either leaves it (undefined), or reads what JSON.parse of its text
 * reads (true), or accepts it where JSON.parse refuses, and then only an item can be wrong and
 * reading the items says so (false).
 */
function scannedAsParsed(bytes: Buffer): boolean {
  let whole: unknown;
  try {
    whole = JSON.parse(bytes.toString('utf8'));
  } catch {
    whole = undefined;
  }
  const scanned = scanBytes(bytes, 'executions');
  if (!scanned) return false;
  if (whole === undefined) {
    expect(() => items(scanned.items)).toThrow();
    return false;
  }
  expect(items(scanned.items)).toEqual(items(parsedPage(whole as never, 'executions').items));
  expect(scanned.next).toEqual((whole as { next?: unknown }).next);
  return true;
}

const EXECUTION = { id: 'e-1', workflow_name: 'wf', state: 'SUCCESS', input: '{"x": 1}', created_at: '2026-01-01 00:00:00', task_execution_id: null, tags: ['a', 'b'] };

describe('an answer of Mistral\'s shape', () => {
  it('is read item by item, compact or indented, with its next link', () => {
    const body = { executions: [EXECUTION, { ...EXECUTION, id: 'e-2' }], next: 'http://m/v2/executions?marker=e-2' };
    expect(expectSameAsParsed(JSON.stringify(body)).items.length).toBe(2);
    expect(expectSameAsParsed(JSON.stringify(body, null, 4)).next).toBe('http://m/v2/executions?marker=e-2');
  });

  it('keeps braces, quotes and escapes inside strings as they are', () => {
    const odd = { ...EXECUTION, input: '{"nested": {"deep": "}"}}', description: 'a \\"quoted\\" } and \u00e9 \u2028 \ud83d\ude00', params: '\\' };
    expect(expectSameAsParsed(JSON.stringify({ executions: [odd] })).items.length).toBe(1);
  });

  it('reads an empty list, with or without spaces or a next link', () => {
    for (const text of ['{"executions": []}', '{ "executions" : [ ] , "next": null }', '\n{"executions":[]}\n']) {
      expect(expectSameAsParsed(text).items.length).toBe(0);
    }
  });
});

describe('an answer of another shape is left to JSON.parse', () => {
  const cases: Array<[string, string]> = [
    ['the list is not the first member', '{"next": "x", "executions": [{"id": "e-1"}]}'],
    ['the key is another list\'s', '{"workflows": [{"id": "e-1"}]}'],
    ['the key is spelt with an escape', '{"execution\\u0073": [{"id": "e-1"}]}'],
    ['an item holds an object', '{"executions": [{"id": "e-1", "params": {"env": "x"}}]}'],
    ['an item is not an object', '{"executions": ["e-1"]}'],
    ['the key comes twice', '{"executions": [{"id": "e-1"}], "executions": [{"id": "e-2"}]}'],
    ['a comma ends the list', '{"executions": [{"id": "e-1"},]}'],
    ['a comma ends the answer', '{"executions": [{"id": "e-1"}],}'],
    ['a comma is followed by nothing', '{"executions": [{"id": "e-1"}], }'],
    ['the answer does not end', '{"executions": [{"id": "e-1"}]'],
    ['something follows the answer', '{"executions": [{"id": "e-1"}]} {"executions": []}'],
    ['the answer is cut inside an item', '{"executions": [{"id": "e-1"'],
    ['it is no object at all', '[{"id": "e-1"}]'],
    // A backslash in a string followed by a line terminator: neither JSON nor what the regular
    // expression the byte scanner replaced would read (its `.`).
    ['an escape takes a line feed', '{"executions": [{"id": "e\\\n"}]}'],
    ['an escape takes a carriage return', '{"executions": [{"id": "e\\\r"}]}'],
    ['an escape takes U+2028', '{"executions": [{"id": "e\\\u2028"}]}'],
    ['an escape takes U+2029', '{"executions": [{"id": "e\\\u2029"}]}'],
  ];
  for (const [why, text] of cases) {
    it(`when ${why}`, () => {
      expect(scanPage(text, 'executions')).toBeUndefined();
    });
  }

  it('in every shape: what scanPage reads is what JSON.parse reads, and what it cannot is refused or left', () => {
    // Mutations of a real-looking answer: each cut, doubled or swapped character must leave scanPage
    // either agreeing with JSON.parse, or answering undefined, or (an item JSON.parse refuses) an
    // item that throws when it is read.
    const base = JSON.stringify({ executions: [EXECUTION, { ...EXECUTION, id: 'e-"2"', input: '{}' }], next: 'n' });
    let agreed = 0;
    for (let at = 0; at < base.length; at++) {
      for (const text of [base.slice(0, at) + base.slice(at + 1), base.slice(0, at) + base[at] + base.slice(at), base.slice(0, at) + '}' + base.slice(at + 1)]) {
        if (scannedAsParsed(Buffer.from(text, 'utf8'))) agreed++;
      }
    }
    expect(agreed).toBeGreaterThan(50);
  });

  it('byte by byte: an answer with characters of two, three and four bytes, a byte cut or doubled anywhere, reads as its text does', () => {
    // The scanner finds the items on bytes and decodes each alone; cutting a character in two must
    // give what decoding the whole answer gives (U+FFFD where the bytes are not UTF-8).
    const odd = { ...EXECUTION, description: 'caf\u00e9 \u2028\u20ac \ud83d\ude00 "q" \\' };
    const bytes = Buffer.from(JSON.stringify({ executions: [odd, { ...odd, id: 'e-2' }], next: 'n\u00e9' }), 'utf8');
    let agreed = 0;
    for (let at = 0; at < bytes.length; at++) {
      for (const mutated of [Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]), Buffer.concat([bytes.subarray(0, at + 1), bytes.subarray(at)])]) {
        if (scannedAsParsed(mutated)) agreed++;
      }
    }
    expect(agreed).toBeGreaterThan(20);
  });
});

describe('the items of a list over its pages', () => {
  const page = (...ids: string[]) => parsedPage({ executions: ids.map((id) => ({ id })) }, 'executions').items;
  const ids = (list: Iterable<{ id?: unknown }>) => Array.from(list, (item) => item.id);

  it('are walked in order across pages, at most the limit of them, or reversed', () => {
    const list = new ItemList([page('a', 'b'), page('c', 'd'), page('e')], 4);
    expect(list.length).toBe(4);
    expect(ids(list)).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(list.reversed())).toEqual(['d', 'c', 'b', 'a']);
    expect(ids(list.reversed().reversed())).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(new ItemList([page('a'), page()], undefined))).toEqual(['a']);
  });

  it('stop at an item that is not JSON, saying where it was in the order printed', () => {
    const scanned = scanPage('{"executions": [{"id": "a"}, {"id": "b"}, {"id": tru}, {"id": "d"}]}', 'executions')!;
    const seen: unknown[] = [];
    const walk = (list: ItemList) => {
      seen.length = 0;
      for (const item of list) seen.push(item.id);
    };
    const list = new ItemList([scanned.items], undefined, false, 'list of executions');
    expect(() => walk(list)).toThrow(new ApiError("Mistral's list of executions holds an item that is not JSON (item 3 of 4); nothing from it on was printed", 200));
    expect(seen).toEqual(['a', 'b']);
    expect(() => walk(list.reversed())).toThrow(/\(item 2 of 4\)/);
    expect(seen).toEqual(['d']);
  });

  it('are parsed a batch at a time, and a bad item in a later batch still stops the list just before it', () => {
    // 300 items span several of ByteItems' batches; item 171 (index 170) is not JSON.
    const texts = Array.from({ length: 300 }, (_, i) => (i === 170 ? `{"id": "e-${i}", "n": tru}` : `{"id": "e-${i}", "n": ${i}, "s": "\\u00e9 ${'é'.repeat(i % 5)}"}`));
    const good = `{"executions": [${texts.map((t, i) => (i === 170 ? '{"id": "e-170", "n": true}' : t)).join(',\n ')}], "next": null}`;
    expectSameAsParsed(good);
    const scanned = scanPage(`{"executions": [${texts.join(', ')}]}`, 'executions')!;
    const list = new ItemList([scanned.items], undefined, false, 'list of executions');
    const seen: unknown[] = [];
    expect(() => {
      for (const item of list) seen.push(item.id);
    }).toThrow(new ApiError("Mistral's list of executions holds an item that is not JSON (item 171 of 300); nothing from it on was printed", 200));
    expect(seen).toEqual(texts.slice(0, 170).map((_, i) => `e-${i}`));
    seen.length = 0;
    expect(() => {
      for (const item of list.reversed()) seen.push(item.id);
    }).toThrow(/\(item 130 of 300\)/);
    expect(seen).toEqual(texts.slice(171).map((_, i) => `e-${299 - i}`));
  });
});

describe('execution-list with an item that is not JSON', () => {
  const BODY = '{"executions": [{"id": "e-1", "workflow_name": "wf"}, {"id": "e-2", "workflow_name": wf}]}';
  const list = (...argv: string[]) => runCli(['--os-mistral-url', world.mistral.apiUrl, 'execution-list', ...argv], {});

  it('prints the rows before it, then one error line, exit 1 (formats that print as they read)', async () => {
    world.mistral.intercept = (req) => (req.path.endsWith('/v2/executions') ? { status: 200, headers: { 'content-type': 'application/json' }, body: BODY } : undefined);
    const result = await list('-f', 'value', '-c', 'ID', '--oldest');
    expect(result.stdout).toBe('e-1\n');
    expect(result.stderr).toBe("ERROR (app) Mistral's list of executions holds an item that is not JSON (item 2 of 2); nothing from it on was printed\n");
    expect(result.code).toBe(1);
  });

  it('prints nothing in a table, which needs every row before its first line', async () => {
    world.mistral.intercept = (req) => (req.path.endsWith('/v2/executions') ? { status: 200, headers: { 'content-type': 'application/json' }, body: BODY } : undefined);
    const result = await list('--oldest');
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("ERROR (app) Mistral's list of executions holds an item that is not JSON (item 2 of 2); nothing from it on was printed\n");
    expect(result.code).toBe(1);
  });

  it('prints nothing where the whole answer is parsed first (yaml)', async () => {
    world.mistral.intercept = (req) => (req.path.endsWith('/v2/executions') ? { status: 200, headers: { 'content-type': 'application/json' }, body: BODY } : undefined);
    const result = await list('--oldest', '-f', 'yaml');
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^ERROR \(app\) Mistral answered GET http:\/\/127\.0\.0\.1:\d+\/v2\/executions\?\S+ with a body that is not JSON: HTTP 200 OK \(application\/json\): "\{.*"\n$/);
    expect(result.code).toBe(1);
  });
});
