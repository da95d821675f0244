// Compares two canonical JSON dumps (see canonical.mjs) column by column,
// ignoring batch boundaries (Parquet row groups need not match them).
//
//   node compare_columns.mjs EXPECTED.json ACTUAL.json
//
// Prints "ok: N columns, M rows" and exits 0, or lists the differences and
// exits 1.

import { readFileSync } from 'node:fs';

function columns(path) {
  const dump = JSON.parse(readFileSync(path, 'utf8'));
  const byName = new Map();
  for (const field of dump.schema) byName.set(field.name, { type: field.type, values: [] });
  for (const batch of dump.batches) {
    for (const [name, values] of Object.entries(batch.columns)) byName.get(name).values.push(...values);
  }
  return byName;
}

const [expectedPath, actualPath] = process.argv.slice(2);
const expected = columns(expectedPath);
const actual = columns(actualPath);
const problems = [];
for (const [name, want] of expected) {
  const got = actual.get(name);
  if (!got) {
    problems.push(`column '${name}' is missing`);
    continue;
  }
  if (got.type !== want.type) problems.push(`column '${name}': type ${want.type} came back as ${got.type}`);
  if (got.values.length !== want.values.length) {
    problems.push(`column '${name}': ${want.values.length} values came back as ${got.values.length}`);
    continue;
  }
  want.values.forEach((value, row) => {
    const a = JSON.stringify(value);
    const b = JSON.stringify(got.values[row]);
    if (a !== b) problems.push(`column '${name}' row ${row}: ${a} came back as ${b}`);
  });
}
for (const name of actual.keys()) if (!expected.has(name)) problems.push(`unexpected column '${name}'`);
if (problems.length > 0) {
  console.log(problems.slice(0, 40).join('\n'));
  process.exit(1);
}
const rows = [...expected.values()][0]?.values.length ?? 0;
console.log(`ok: ${expected.size} columns, ${rows} rows`);
