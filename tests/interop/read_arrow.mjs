// Reads an Arrow IPC file or stream with apache-arrow (JS) and prints its
// canonical JSON dump (format: canonical.mjs) to stdout:
//
//   node read_arrow.mjs IN_FILE
//
// The IPC file format is recognised by its leading "ARROW1" magic; anything
// else is read as the stream format. LZ4-frame and ZSTD compressed bodies are
// decoded (codecs.mjs). Exits 1 with a message on stderr if the
// input cannot be read or holds a type the canonical format does not cover.

import { readFileSync } from 'node:fs';
import { RecordBatchReader } from 'apache-arrow';
// Not part of the package's documented API, but the only way to tell the
// reader's made-up batch from a real zero-row one (see readBatches).
import { _InternalEmptyPlaceholderRecordBatch as PlaceholderBatch } from 'apache-arrow/recordbatch';
import { dumpRecordBatches, toCanonicalJson } from './canonical.mjs';
import './codecs.mjs';

const kFileMagic = Buffer.from('ARROW1', 'latin1');

function readBatches(bytes) {
  const isFile = bytes.length >= kFileMagic.length && kFileMagic.equals(bytes.subarray(0, kFileMagic.length));
  if (isFile && !kFileMagic.equals(bytes.subarray(Math.max(0, bytes.length - kFileMagic.length)))) {
    throw new Error('starts with ARROW1 but does not end with it: truncated IPC file?');
  }
  // RecordBatchReader.from() sniffs the magic itself; check it agrees with us.
  const reader = RecordBatchReader.from(bytes);
  if (reader.isFile() !== isFile) {
    throw new Error(`apache-arrow took the input for the ${reader.isFile() ? 'file' : 'stream'} format`);
  }
  reader.open();
  // Take the schema before iterating: the reader resets itself at the end.
  const schema = reader.schema;
  if (!schema) throw new Error('no schema found (empty or truncated input?)');
  // A stream or file with a schema but no record batch comes back from
  // apache-arrow as one invented zero-row batch; drop it, since a real
  // zero-row batch is something else and the dump must tell them apart.
  const batches = [...reader].filter((batch) => !(batch instanceof PlaceholderBatch));
  return { schema, batches };
}

function main() {
  const inFile = process.argv[2];
  if (!inFile) {
    console.error('usage: node read_arrow.mjs IN_FILE');
    process.exit(2);
  }
  try {
    const bytes = readFileSync(inFile);
    const { schema, batches } = readBatches(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    process.stdout.write(toCanonicalJson(dumpRecordBatches(schema, batches)));
  } catch (error) {
    console.error(`read_arrow: ${inFile}: ${error?.message ?? error}`);
    process.exit(1);
  }
}

main();
