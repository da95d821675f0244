// Smoke test for parquet-wasm under node: an apache-arrow table is written to
// a Parquet file, read back, and compared column by column (canonical values
// and type names, see canonical.mjs).
//
//   node parquet_smoke.mjs [ARROW_IPC_FILE]
//
// Without an argument a small built-in table is used; with one, the table in
// that Arrow IPC file or stream (e.g. all_types.arrow from write_arrow.mjs).
// Batch boundaries are not compared: Parquet row groups need not match them.
// Prints "parquet_smoke: ok ..." and exits 0, or exits 1 with the differences.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Dictionary, Int32, TimestampMillisecond, Utf8, makeTable, tableFromIPC, tableToIPC, vectorFromArray,
} from 'apache-arrow';
import { Table as WasmTable, readParquet, writeParquet } from 'parquet-wasm';
import { columnValues, schemaEntries, toCanonicalJson } from './canonical.mjs';

function builtInTable() {
  return makeTable({
    id: vectorFromArray([1n, 2n, null, 4n]),
    score: vectorFromArray([0.5, null, -1.25, 1e21]),
    name: vectorFromArray(['a', '', null, 'ünïcödé'], new Utf8()),
    at: vectorFromArray([0, 1700000000000, null, -1], new TimestampMillisecond('UTC')),
    tag: vectorFromArray(['x', 'y', 'x', null], new Dictionary(new Utf8(), new Int32())),
  });
}

function describe(table) {
  const schema = schemaEntries(table.schema);
  return schema.map((field, column) => ({
    name: field.get('name'),
    type: field.get('type'),
    values: toCanonicalJson(columnValues(table.getChildAt(column))),
  }));
}

function main() {
  const source = process.argv[2];
  const table = source ? tableFromIPC(readFileSync(source)) : builtInTable();

  const dir = mkdtempSync(join(tmpdir(), 'sabot-parquet-smoke-'));
  try {
    const path = join(dir, 'smoke.parquet');
    writeFileSync(path, writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream'))));
    const bytes = readFileSync(path);
    const back = tableFromIPC(readParquet(bytes).intoIPCStream());

    const want = describe(table);
    const got = describe(back);
    const problems = [];
    if (back.numRows !== table.numRows) problems.push(`rows: wrote ${table.numRows}, read ${back.numRows}`);
    if (got.length !== want.length) problems.push(`columns: wrote ${want.length}, read ${got.length}`);
    want.forEach((column, index) => {
      const other = got[index];
      if (!other) return;
      if (other.name !== column.name) problems.push(`column ${index}: name ${column.name} -> ${other.name}`);
      if (other.type !== column.type) problems.push(`${column.name}: type ${column.type} -> ${other.type}`);
      if (other.values !== column.values) {
        problems.push(`${column.name}: values\n    wrote ${column.values.trim()}\n    read  ${other.values.trim()}`);
      }
    });
    if (problems.length > 0) {
      console.error(`parquet_smoke: round trip differs:\n  ${problems.join('\n  ')}`);
      process.exit(1);
    }
    console.log(`parquet_smoke: ok (${want.length} columns, ${table.numRows} rows, ${bytes.length} bytes of Parquet)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(`parquet_smoke: ${error?.stack ?? error}`);
  process.exit(1);
}
