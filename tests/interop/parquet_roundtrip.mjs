// Sends an Arrow IPC stream through parquet-wasm (the Rust arrow/parquet
// implementation compiled to WebAssembly): IPC -> Parquet -> IPC.
//
//   node parquet_roundtrip.mjs IN.arrows OUT.arrows [OUT.parquet]
//
// parquet-wasm decodes IN itself (apache-arrow JS is not involved), so this
// checks that a third Arrow implementation reads what Sabot writes, and OUT is
// an IPC stream written by that implementation for Sabot to read back.

import { readFileSync, writeFileSync } from 'node:fs';
import { Table as WasmTable, readParquet, writeParquet } from 'parquet-wasm';

const [input, output, parquetPath] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node parquet_roundtrip.mjs IN.arrows OUT.arrows [OUT.parquet]');
  process.exit(2);
}
try {
  const parquet = writeParquet(WasmTable.fromIPCStream(readFileSync(input)));
  if (parquetPath) writeFileSync(parquetPath, parquet);
  writeFileSync(output, readParquet(parquet).intoIPCStream());
} catch (error) {
  console.error(`parquet_roundtrip: ${error?.message ?? error}`);
  process.exit(1);
}
