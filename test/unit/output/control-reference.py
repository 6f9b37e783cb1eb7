#!/usr/bin/python3
"""Expected output of cliff 4.0.0 (PyYAML 6.0, Python 3.11's json) for text holding control
characters, as control-characters.test.ts checks it. Regenerate with the Debian packages:

    /usr/bin/python3 test/unit/output/control-reference.py > test/unit/output/control-reference.json

json and yaml escape every control character themselves, so the client's output must be cliff's
byte for byte (README "Output formats"). A dict or list cell goes out as its repr() in every other
format, which escapes them too: those formats are recorded for rows of nested cells only, since a
plain string cell is where the client deliberately differs (it shows what cliff prints raw).
The cases go through nested-reference.py's run(), as the nested corpus does.
"""
import importlib.util
import json
import pathlib
import sys

spec = importlib.util.spec_from_file_location('nested_reference', pathlib.Path(__file__).with_name('nested-reference.py'))
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)
run, api = reference.run, reference.api

# Every C0 control, DEL, every C1 control, and neighbours that are not controls.
CODE_POINTS = list(range(0x00, 0x21)) + list(range(0x7e, 0xa1)) + [0xad, 0x2028, 0xfeff, 0xfffd]
# The attacks of test/helpers/hostile-text.ts.
ATTACKS = [
    'A\x1b[2JB', '\x1b]0;pwned\x07t', '\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\', 'rm -rf ~\rls',
    'yes\b\b\bno', 'a\x7fb', '\x9b2Jc1', 'ok\ufffd\ufffd\ufffd',
]
TEXTS = [f'a{chr(c)}b' for c in CODE_POINTS] + ATTACKS
COLUMNS = ['Name', 'Text', 'Dict', 'List']


def main():
    rows = api([[f'r{i}', text, {'k': text}, [text, 1]] for i, text in enumerate(TEXTS)])
    nested = [[row[0], row[2], row[3]] for row in rows]
    cases = []
    for fmt, opts in [('json', {}), ('json', {'noindent': True}), ('yaml', {})]:
        cases.append(dict(run('list', fmt, COLUMNS, rows, opts), name='strings'))
    for fmt, opts in [('table', {}), ('value', {}), ('csv', {}), ('csv', {'quote': 'none'})]:
        cases.append(dict(run('list', fmt, ['Name', 'Dict', 'List'], nested, opts), name='nested'))
    for row in rows[-len(ATTACKS):]:
        for fmt in ['json', 'yaml']:
            cases.append(dict(run('show', fmt, COLUMNS, row, {}), name='attack'))
        for fmt in ['table', 'value']:
            cases.append(dict(run('show', fmt, ['Name', 'Dict', 'List'], [row[0], row[2], row[3]], {}), name='nested attack'))
    # One case a line; ensure_ascii keeps the recorded text free of raw control characters.
    sys.stdout.write('[\n' + ',\n'.join(json.dumps(case) for case in cases) + '\n]\n')


main()
