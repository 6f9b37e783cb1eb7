#!/usr/bin/env node
// The least a node program does to print a Mistral list: one GET with node:http, the answer
// parsed whole with JSON.parse, each item's values printed in the plainest form of the format
// (value, and table and yaml alike: joined by spaces; csv: every field quoted; json:
// JSON.stringify). No columns, no Duration, no checks of what the server sent, no settings.
// bench/compare.mjs runs it beside the client as a bound: the time any node client needs for the
// same answer, whatever its code.
// Usage: node bench/list-bound.mjs value|csv|json|table|yaml URL
import { get } from 'node:http';

const [format, url] = process.argv.slice(2);
const line = {
  value: (values) => values.join(' '),
  csv: (values) => values.map((v) => `"${String(v).replaceAll('"', '""')}"`).join(','),
};

get(url, (res) => {
  const chunks = [];
  res.on('data', (chunk) => chunks.push(chunk));
  res.on('end', () => {
    const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const items = Object.values(answer).find(Array.isArray) ?? [];
    if (format === 'json') {
      process.stdout.write(JSON.stringify(items, null, 2));
      return;
    }
    const print = line[format] ?? line.value;
    process.stdout.write(items.map((item) => print(Object.values(item))).join('\n'));
  });
}).on('error', (error) => {
  console.error(`list-bound: ${error.message}`);
  process.exit(1);
});
