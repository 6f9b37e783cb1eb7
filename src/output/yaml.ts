// The yaml formatter: cliff calls yaml.safe_dump(..., default_flow_style=False). This ports the
// parts of PyYAML 6.0's SafeDumper that rows of strings, numbers, booleans, None and nested dicts
// and lists go through: the representer and resolver here, the emitter in yaml-emitter.ts. Nested
// collections are block style, their keys sorted too; only empty ones come out as `{}` / `[]`.
// No anchors: JSON data never holds the same dict or list twice. The `yaml` package was not
// used: its quoting and line folding differ from PyYAML's in many corners (timestamps, 'on'/'yes',
// where long lines fold, escapes), and the output must match byte for byte.
import { compareCodePoints, pyFloatRepr } from './pystr.js';
import type { Cell, Rows, Write } from './types.js';
import { Emitter, type MappingNode, type ScalarNode, type SequenceNode, type Tag, type YamlNode } from './yaml-emitter.js';

// --- Resolver ----------------------------------------------------------------------------

// Python's `$` also matches before a final newline, hence the `\n?`.
const IMPLICIT: [string, Tag | 'other', RegExp][] = [
  ['yYnNtTfFoO', 'bool', /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\n?$/],
  [
    '-+0123456789.',
    'float',
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\n?$/,
  ],
  [
    '-+0123456789',
    'int',
    /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\n?$/,
  ],
  ['<', 'other', /^(?:<<)\n?$/],
  ['~nN', 'null', /^(?:~|null|Null|NULL|)\n?$/],
  [
    '0123456789',
    'other',
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\n?$/,
  ],
  ['=', 'other', /^(?:=)\n?$/],
  ['!&*', 'other', /^(?:!|&|\*)\n?$/],
];

/** The tag plain text would read back as. */
function resolvePlain(value: string): Tag | 'other' {
  if (value === '') return 'null';
  for (const [first, tag, re] of IMPLICIT) {
    if (first.includes(value[0]) && re.test(value)) return tag;
  }
  return 'str';
}

function scalar(tag: Tag, value: string): ScalarNode {
  return { kind: 'scalar', tag, value, plainImplicit: resolvePlain(value) === tag };
}

// --- Representer -------------------------------------------------------------------------

function representScalar(value: string | number | boolean | null): ScalarNode {
  if (value === null) return scalar('null', 'null');
  if (typeof value === 'boolean') return scalar('bool', value ? 'true' : 'false');
  if (typeof value === 'string') return scalar('str', value);
  if (Number.isInteger(value)) return scalar('int', BigInt(value).toString());
  let text: string;
  if (Number.isNaN(value)) text = '.nan';
  else if (value === Infinity) text = '.inf';
  else if (value === -Infinity) text = '-.inf';
  else {
    text = pyFloatRepr(value).toLowerCase();
    if (!text.includes('.') && text.includes('e')) text = text.replace('e', '.0e');
  }
  return scalar('float', text);
}

/** represent_data: a dict or list inside a cell becomes a nested mapping or sequence. */
function representNode(value: Cell): YamlNode {
  if (value === null || typeof value !== 'object') return representScalar(value);
  if (Array.isArray(value)) return { kind: 'sequence', items: value.map(representNode) };
  return representMapping(new Map(Object.entries(value)));
}

/** represent_dict: the dict's items, sorted by key (safe_dump's sort_keys=True). */
function representMapping(dict: Map<string, Cell>): MappingNode {
  const keys = [...dict.keys()].sort(compareCodePoints);
  return {
    kind: 'mapping',
    pairs: keys.map((k) => [representScalar(k), representNode(dict.get(k)!)]),
  };
}

/** A Python dict built from (name, value) pairs: a repeated name keeps its first place, last value. */
function toDict(columns: string[], values: Cell[]): Map<string, Cell> {
  const dict = new Map<string, Cell>();
  columns.forEach((name, i) => dict.set(name, values[i]));
  return dict;
}

/** yaml.safe_dump(list of dicts): a sequence of mappings, keys sorted; each row's nodes made as it is written. */
export function renderYamlList(columns: string[], rows: Rows, write: Write): void {
  // Every row is the same dict of the same columns: its key order and key nodes are made once.
  const valueIndex = toDict(columns, columns.map((_, i) => i));
  const keys = [...valueIndex.keys()].sort(compareCodePoints);
  const keyNodes = keys.map(representScalar);
  const indexes = keys.map((k) => valueIndex.get(k) as number);
  const items = {
    length: rows.length,
    *[Symbol.iterator]() {
      for (const row of rows) yield { kind: 'mapping', pairs: keyNodes.map((key, j) => [key, representNode(row[indexes[j]])]) } satisfies MappingNode;
    },
  };
  new Emitter(write).dump({ kind: 'sequence', items } satisfies SequenceNode);
}

/** One yaml.safe_dump({name: value}) per field, so the command's column order is kept. */
export function renderYamlShow(columns: string[], values: Cell[]): string {
  let text = '';
  for (const [i, name] of columns.entries()) new Emitter((piece) => (text += piece)).dump(representMapping(toDict([name], [values[i]])));
  return text;
}
