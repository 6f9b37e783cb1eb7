#!/usr/bin/python3
"""Expected output of cliff 4.0.0 (+ prettytable 3.6.0, PyYAML 6.0, Python 3.11) for cells that hold
JSON objects and arrays, as nested.test.ts checks it. Regenerate with the Debian packages:

    /usr/bin/python3 test/unit/output/nested-reference.py > test/unit/output/nested-reference.json

Each dataset goes through json.loads, as python-mistralclient gets it from the API, then through
the real formatters (emit_list / emit_one) and, for --sort-column, the real Lister.produce_output.
Keys that look like array indices ('0', '12') are avoided: a JavaScript object moves them first.
"""
import argparse
import io
import json
import logging
import random
import sys

from cliff import lister
from cliff.formatters import commaseparated, json_format, shell, table, value, yaml_format

FORMATTERS = {
    'table': table.TableFormatter, 'json': json_format.JSONFormatter, 'yaml': yaml_format.YAMLFormatter,
    'value': value.ValueFormatter, 'shell': shell.ShellFormatter, 'csv': commaseparated.CSVLister,
}


def namespace(opts):
    d = dict(max_width=0, fit_width=False, print_empty=False, noindent=False, prefix='', variables=[],
             quote_mode='nonnumeric', columns=[], sort_columns=[], sort_direction=None)
    d.update({
        'max_width': opts.get('maxWidth', 0), 'noindent': opts.get('noindent', False),
        'prefix': opts.get('prefix', ''), 'variables': opts.get('variables', []),
        'quote_mode': opts.get('quote', 'nonnumeric'), 'sort_columns': opts.get('sortColumns', []),
        'sort_direction': 'desc' if opts.get('sortDescending') else None,
    })
    return argparse.Namespace(**d)


class Warnings(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []
        self.setFormatter(logging.Formatter('%(levelname)s (%(module)s) %(message)s'))

    def emit(self, record):
        self.lines.append(self.format(record))


class App:
    def __init__(self, out):
        self.stdout = out


class L(lister.Lister):
    def take_action(self, parsed_args):
        raise NotImplementedError


def run(op, fmt, columns, data, opts):
    out = io.StringIO()
    args = namespace(opts)
    handler = Warnings()
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.WARNING)
    error = None
    try:
        if op == 'show':
            FORMATTERS[fmt]().emit_one(columns, data, out, args)
        else:
            cmd = L(App(out), None)
            cmd.formatter = FORMATTERS[fmt]()
            cmd.produce_output(args, columns, data)
    except IndexError as e:
        error = str(e)
    finally:
        logging.getLogger().removeHandler(handler)
    case = {'op': op, 'opts': dict(opts, format=fmt), 'columns': columns, 'data': data}
    if error is not None:
        case['error'] = error
    else:
        case['expected'] = out.getvalue()
    if handler.lines:
        case['warnings'] = handler.lines
    return case


def api(value):
    """What python-mistralclient holds after json.loads of the API's answer."""
    return json.loads(json.dumps(value))


PARAMS = {'p': 1, 'q': [True, None, 'x'], 'r': {}, 's': 'it\'s "q"', 'u': 'caf\u00e9 \u2603 \U0001F600'}
TRICKY = {
    'quote': "it's", 'dquote': 'say "hi"', 'both': 'it\'s "both"', 'backslash': 'C:\\temp\\new',
    'newline': 'line1\nline2', 'tab': 'a\tb', 'cr': 'a\rb', 'nul': 'a\x00b', 'del': '\x7f',
    'nbsp': 'a\xa0b', 'zwsp': 'a\u200bb', 'ls': 'a\u2028b', 'bom': '\ufeff', 'wide': '\u65e5\u672c\u8a9e',
    'emoji': '\U0001F600', 'latin1': '\xe9\xff', 'empty': '', 'space': ' lead', 'float': 1.5,
    'neg': -2, 'big': 12345678901234, 'tiny': 1e-07, 'false': False,
}
YAMLISH = {
    'yes': 'no', 'on': 'off', 'null': 'None', '~': '~', 'date': '2024-01-01', 'time': '2024-01-01 10:00:00',
    'num': '123', 'float': '1.5', 'octal': '0o17', 'colon': 'a: b', 'hash': 'a #b', 'dash': '- x',
    'star': '*x', 'amp': '&x', 'bang': '!x', 'pct': '%x', 'at': '@x', 'tick': '`x', 'brace': '{x}',
    'long': ' '.join(['word'] * 30), 'longq': 'it\'s ' + ' '.join(['quoted'] * 20),
    'longdq': '\xe9 ' + ' '.join(['escaped'] * 20), 'multi': 'one\ntwo\n', 'trail': 'x ',
    '': 'empty key', 'k' * 130: 'long key', 'multi\nkey': 1,
}

DATASETS = [
    ('cron triggers', ['Name', 'Workflow', 'Params', 'Pattern', 'Remaining executions'], [
        ['ct1', 'wf1', PARAMS, '*/5 * * * *', 3],
        ['ct2', 'wf2', {}, '0 * * * *', None],
        ['ct3', 'wf3', {'nested': {'list': [1, [2, 3], {'deep': {'deeper': []}}]}}, '* * * * *', 0],
    ]),
    ('arrays', ['ID', 'List', 'Dict'], [
        ['a', [], {'k': 'v'}],
        ['b', [1, 'two', None, False, 1.25, {'k': None}, []], {'list': [{}, [], [[]]]}],
        ['c', [[1, 2], ['x', ['y']]], {'b': 2, 'a': 1, 'c': {'z': 26, 'y': 25}}],
    ]),
    ('dict first', ['Params', 'Count'], [
        [{'a': [1, 2]}, 1],
        [{'b': 'x'}, 22],
    ]),
    ('tricky strings', ['Name', 'Params'], [
        ['t', TRICKY],
        ['l', list(TRICKY.values())],
    ]),
    ('yamlish', ['Name', 'Params'], [
        ['y', YAMLISH],
        ['z', [YAMLISH, [YAMLISH['long'], {'inner': YAMLISH['longq']}]]],
    ]),
    ('wide', ['ID', 'Params', 'Description'], [
        ['w1', {'text': ' '.join(['lorem', 'ipsum', 'dolor', 'sit', 'amet'] * 6), 'n': [1, 2, 3, 4, 5, 6, 7, 8]},
         'a short description'],
        ['w2', {'\u65e5\u672c': '\u8a9e' * 30, 'x': 'long-hyphenated-words-here-and-there'}, 'x' * 50],
    ]),
]

LIST_FORMATS = [
    ('table', {}), ('table', {'maxWidth': 60}), ('table', {'maxWidth': 90}), ('table', {'maxWidth': 30}),
    ('json', {}), ('json', {'noindent': True}), ('yaml', {}), ('value', {}),
    ('csv', {}), ('csv', {'quote': 'all'}), ('csv', {'quote': 'minimal'}), ('csv', {'quote': 'none'}),
]
SHOW_FORMATS = [
    ('table', {}), ('table', {'maxWidth': 50}), ('json', {}), ('json', {'noindent': True}), ('yaml', {}),
    ('value', {}), ('shell', {}), ('shell', {'prefix': 'ct_', 'variables': ['params']}),
]

SORT_POOL = [
    None, 0, 1, 2, True, 1.5, 'a', 'b', '', [], [1], [1, 'a'], [1, 2], ['a'], [None], [None, 1],
    {}, {'a': 1}, {'a': 1.5}, {'b': 2}, {'b': 2, 'a': 1}, {'a': 1, 'b': 2}, [{'a': 1}], [{'a': 2}],
    [{'a': 1}, 2], [[1], 'x'], [[1], 3], [1, [2, 'x']], [1, [2, 3]], [1, [2]], {'a': [1]},
]


def random_string(rng):
    alphabet = 'ab \'"\\\n\t\xe9\u65e5\U0001F600:#-{}'
    return ''.join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))


def random_key(rng):
    while True:
        key = random_string(rng)
        if not key.isdigit() or key.isdigit() and (len(key) > 1 and key[0] == '0'):
            return key


def random_json(rng, depth=0):
    kind = rng.choice(['str', 'int', 'float', 'bool', 'null', 'list', 'dict'] if depth < 3 else ['str', 'int', 'null'])
    if kind == 'str':
        return random_string(rng)
    if kind == 'int':
        return rng.randint(-1000, 1000)
    if kind == 'float':
        return rng.choice([0.5, -2.25, 1e-05, 3.14159, 1.5e-10])
    if kind == 'bool':
        return rng.random() < 0.5
    if kind == 'null':
        return None
    if kind == 'list':
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {random_key(rng): random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def main():
    cases = []
    for name, columns, rows in DATASETS:
        rows = api(rows)
        for fmt, opts in LIST_FORMATS:
            cases.append(dict(run('list', fmt, columns, rows, opts), name=name))
        for row in rows:
            for fmt, opts in SHOW_FORMATS:
                cases.append(dict(run('show', fmt, columns, row, opts), name=name))

    rng = random.Random(20240101)
    for i in range(60):
        columns = ['ID', 'A', 'B']
        rows = api([[f'r{j}', random_json(rng), random_json(rng)] for j in range(rng.randint(1, 4))])
        fmt, opts = rng.choice(LIST_FORMATS)
        cases.append(dict(run('list', fmt, columns, rows, opts), name=f'random list {i}'))
        fmt, opts = rng.choice(SHOW_FORMATS)
        cases.append(dict(run('show', fmt, columns, rows[0], opts), name=f'random show {i}'))

    # Sorts: the value formatter shows the order (IDs) and the group column a second sort key.
    # 70 rows take timsort past its binary insertion sort (under 64) into merging runs.
    for i in range(120):
        n = 70 if i % 20 == 0 else rng.choice([2, 3, 4, 5, 8, 12, 30])
        pool = rng.sample(SORT_POOL, rng.randint(1, 4))
        rows = [[rng.choice(pool), f'r{j}', rng.choice([1, 2])] for j in range(n)]
        sort = rng.choice([['Value'], ['Value'], ['Group', 'Value'], ['Value', 'Group']])
        columns = ['Value', 'ID', 'Group'] if i % 2 else ['ID', 'Value', 'Group']
        if not i % 2:
            rows = [[r[1], r[0], r[2]] for r in rows]
        opts = {'sortColumns': sort, 'sortDescending': rng.random() < 0.4}
        cases.append(dict(run('list', 'value', columns, api(rows), opts), name=f'sort {i}'))
    # The warning names sort_columns[position of the column]: here an IndexError.
    cases.append(dict(run('list', 'value', ['ID', 'Group', 'Value'], api([['r0', 1, {'a': 1}], ['r1', 1, {'b': 1}]]),
                          {'sortColumns': ['Value']}), name='sort index error'))

    # Long scalars for yaml's line folding and quoting (src/output/yaml-emitter.ts writes text that
    # ends within the width whole): words, quotes, breaks and escapes around column 80, at the top
    # level of a row and nested. A generator of its own keeps the cases above as they were.
    words = random.Random(20261203)
    plain = ['word', 'ab', 'x' * 12, 'lorem', ' ', ' ', ' ', '  ']
    special = ["'", '"', ':', ' #', '- ', '\n', '\t', '\xe9', '\u65e5', '\U0001F600', '\u2028', '\x85', '\\', ',', '{', '?']

    def long_text():
        # Mostly words and spaces (plain and single-quoted scalars), now and then one that changes the style.
        return ''.join(words.choice(special if words.random() < 0.03 else plain) for _ in range(words.randint(0, 50)))
    def edge_text():
        # Single spaces between words, ending around column 80, where the first fold falls.
        text = ' '.join(words.choice(['a', 'ab', 'word', 'lorem', "it's"]) for _ in range(40))
        return text[:words.randint(60, 100)].strip()

    for i in range(120):
        rows = api([[f'r{j}', edge_text() if i % 2 else long_text(), [edge_text(), {long_text()[:20]: edge_text() if i % 3 else long_text()}]] for j in range(words.randint(1, 3))])
        cases.append(dict(run('list', 'yaml', ['ID', 'Text', 'Nested'], rows, {}), name=f'yaml folding {i}'))
        cases.append(dict(run('show', 'yaml', ['ID', 'Text', 'Nested'], rows[0], {}), name=f'yaml folding show {i}'))

    # One case a line.
    sys.stdout.write('[\n' + ',\n'.join(json.dumps(case, ensure_ascii=False) for case in cases) + '\n]\n')


if __name__ == '__main__':
    main()
