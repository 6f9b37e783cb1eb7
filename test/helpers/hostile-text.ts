// Text a hostile workflow author (or server) can make the client print, each with what the
// terminal must be shown instead (README "Output formats", src/text/sanitize.ts): the notation of
// Python's repr(), written out by hand here so that the tests do not check the sanitiser against
// itself. `json` and `yaml` are how Python's json.dumps and PyYAML 6.0's safe_dump write the same
// text (printed by /usr/bin/python3 on this machine, and recorded by
// test/unit/output/control-reference.py for every control character).

export interface HostileCase {
  key: string;
  /** What the server sends (as a JSON string, so escaped on the wire as Mistral escapes it). */
  raw: string;
  /** What every human-facing output shows. */
  shown: string;
  /** In a table cell, where cliff turns `\r` into a space first. */
  table?: string;
  json: string;
  yaml: string;
}

export const HOSTILE_CASES: HostileCase[] = [
  { key: 'clear', raw: 'A\x1b[2JB', shown: 'A\\x1b[2JB', json: 'A\\u001b[2JB', yaml: '"A\\e[2JB"' },
  { key: 'title', raw: '\x1b]0;pwned\x07t', shown: '\\x1b]0;pwned\\x07t', json: '\\u001b]0;pwned\\u0007t', yaml: '"\\e]0;pwned\\at"' },
  {
    key: 'link',
    raw: '\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\',
    shown: '\\x1b]8;;http://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\',
    json: '\\u001b]8;;http://evil.example/\\u001b\\\\click\\u001b]8;;\\u001b\\\\',
    yaml: '"\\e]8;;http://evil.example/\\e\\\\click\\e]8;;\\e\\\\"',
  },
  { key: 'overwrite', raw: 'rm -rf ~\rls', shown: 'rm -rf ~\\rls', table: 'rm -rf ~ ls', json: 'rm -rf ~\\rls', yaml: '"rm -rf ~\\rls"' },
  { key: 'backspace', raw: 'yes\b\b\bno', shown: 'yes\\x08\\x08\\x08no', json: 'yes\\b\\b\\bno', yaml: '"yes\\b\\b\\bno"' },
  { key: 'del', raw: 'a\x7fb', shown: 'a\\x7fb', json: 'a\\u007fb', yaml: '"a\\x7Fb"' },
  { key: 'csi', raw: '\x9b2Jc1', shown: '\\x9b2Jc1', json: '\\u009b2Jc1', yaml: '"\\x9B2Jc1"' },
];

/**
 * Invalid UTF-8 the fake server sends raw inside a JSON string: a lone 0xff, a lone 0xfe and a
 * sequence cut short (0xe2 0x82). The client's UTF-8 decoder makes each a U+FFFD (one for the cut
 * sequence, as the WHATWG decoder does), never raw bytes.
 */
export const INVALID_UTF8 = { bytes: Buffer.from([0x6f, 0x6b, 0xff, 0xfe, 0xe2, 0x82]), shown: 'ok\ufffd\ufffd\ufffd', json: 'ok\\ufffd\\ufffd\\ufffd', yaml: '"ok\\uFFFD\\uFFFD\\uFFFD"' };

/** C0 controls but tab and newline, DEL and C1: none may reach a terminal raw. */
export const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
