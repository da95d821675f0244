// Writes Arrow IPC data with dictionaries that change between batches, with
// apache-arrow (JS), for Sabot's readers:
//
//   node write_arrow_dictionaries.mjs OUT_DIR
//
//   OUT_DIR/dict_delta.arrow                 file: a dictionary that grows
//                                            (delta dictionary batches)
//   OUT_DIR/dict_delta.expected.json
//   OUT_DIR/dict_replace.arrows              stream: grows, is replaced,
//                                            grows again
//   OUT_DIR/dict_replace.expected.json
//
// apache-arrow writes a delta when a batch's dictionary Vector starts with the
// same chunk as the previous batch's and has more chunks; a Vector with a new
// first chunk is a replacement (stream only: its file writer throws). Each
// file has two dictionary-encoded columns, one of them nested in a struct.
// Expected dumps come from the source values (format: canonical.mjs).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Dictionary, Field, Int16, Int32, Int8, RecordBatch, RecordBatchFileWriter, RecordBatchStreamWriter,
  Schema, Struct, Utf8, Vector, makeData,
} from 'apache-arrow';
import { batchEntry, schemaEntries, toCanonicalJson } from './canonical.mjs';

const utf8Type = new Utf8();
const colourType = new Dictionary(utf8Type, new Int32(), 0);
const sizeType = new Dictionary(new Utf8(), new Int8(), 1);
const nestedType = new Struct([new Field('size', sizeType, true), new Field('n', new Int16(), true)]);
const schema = new Schema([new Field('colour', colourType, true), new Field('nested', nestedType, true)]);

function validity(values) {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((value, index) => {
    if (value === null) ++nullCount;
    else bitmap[index >> 3] |= 1 << (index & 7);
  });
  return { nullBitmap: bitmap, nullCount };
}

/** One Utf8 Data chunk holding `values` (null allowed). */
function utf8Chunk(values) {
  const encoder = new TextEncoder();
  const parts = values.map((value) => encoder.encode(value ?? ''));
  const valueOffsets = new Int32Array(values.length + 1);
  parts.forEach((part, index) => { valueOffsets[index + 1] = valueOffsets[index] + part.length; });
  const data = new Uint8Array(valueOffsets[values.length]);
  parts.forEach((part, index) => data.set(part, valueOffsets[index]));
  return makeData({ type: utf8Type, length: values.length, ...validity(values), valueOffsets, data });
}

/** A dictionary column over the chunks `chunks` (a Vector of them). */
function dictionaryData(type, chunks, indices) {
  const dictionary = new Vector(chunks);
  const IndexArray = type.indices.ArrayType;
  return makeData({
    type, length: indices.length, ...validity(indices), dictionary,
    data: IndexArray.from(indices, (index) => index ?? 0),
  });
}

/** Dictionary values as one flat list, to compute the expected dump. */
const flatValues = (chunkValues) => chunkValues.flat();

function buildBatch(colourChunks, colourIndices, sizeChunks, sizeIndices) {
  const length = colourIndices.length;
  const n = Int16Array.from({ length }, (_, index) => index);
  const nested = makeData({
    type: nestedType, length, nullCount: 0,
    children: [dictionaryData(sizeType, sizeChunks.data, sizeIndices),
      makeData({ type: new Int16(), length, nullCount: 0, data: n })],
  });
  const data = makeData({
    type: new Struct(schema.fields), length, nullCount: 0,
    children: [dictionaryData(colourType, colourChunks.data, colourIndices), nested],
  });
  return new RecordBatch(schema, data);
}

function expectedBatch(colourValues, colourIndices, sizeValues, sizeIndices) {
  const lookup = (values, index) => (index === null ? null : values[index]);
  return batchEntry(colourIndices.length, [
    ['colour', colourIndices.map((index) => lookup(colourValues, index))],
    ['nested', sizeIndices.map((index, row) => new Map([
      ['size', lookup(sizeValues, index)], ['n', String(row)]]))],
  ]);
}

/**
 * `steps`: per batch, the colour and size dictionaries as lists of chunks
 * (each chunk a list of values, reusing the previous batch's chunk objects
 * where the dictionary only grows) and the indices into them.
 */
function writeCase(dir, name, writer, steps) {
  const batches = [];
  const expected = [];
  for (const { colour, colourIndices, size, sizeIndices } of steps) {
    batches.push(buildBatch({ data: colour.map((chunk) => chunk.data) }, colourIndices,
      { data: size.map((chunk) => chunk.data) }, sizeIndices));
    expected.push(expectedBatch(flatValues(colour.map((chunk) => chunk.values)), colourIndices,
      flatValues(size.map((chunk) => chunk.values)), sizeIndices));
  }
  for (const batch of batches) writer.write(batch);
  writer.finish();
  writeFileSync(join(dir, name), writer.toUint8Array(true));
  const dump = new Map([['schema', schemaEntries(schema)], ['batches', expected]]);
  writeFileSync(join(dir, `${name.replace(/\.arrows?$/, '')}.expected.json`), toCanonicalJson(dump));
}

const chunk = (values) => ({ values, data: utf8Chunk(values) });

function main() {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node write_arrow_dictionaries.mjs OUT_DIR');
    process.exit(2);
  }
  mkdirSync(outDir, { recursive: true });

  const ab = chunk(['a', 'b']);
  const c = chunk(['c', null]);
  const de = chunk(['d', 'é']);
  const sml = chunk(['S', 'M']);
  const xl = chunk(['XL']);
  // Grows twice; the nested dictionary grows once.
  writeCase(outDir, 'dict_delta.arrow', new RecordBatchFileWriter(), [
    { colour: [ab], colourIndices: [0, 1, null], size: [sml], sizeIndices: [0, null, 1] },
    { colour: [ab, c], colourIndices: [2, 3, 0], size: [sml, xl], sizeIndices: [2, 2, 0] },
    { colour: [ab, c], colourIndices: [], size: [sml, xl], sizeIndices: [] },
    { colour: [ab, c, de], colourIndices: [5, 4, null, 1], size: [sml, xl], sizeIndices: [1, 0, 2, null] },
  ]);
  // Grows, is replaced by a new dictionary, grows again.
  const xy = chunk(['x', 'y']);
  const z = chunk(['z']);
  writeCase(outDir, 'dict_replace.arrows', new RecordBatchStreamWriter(), [
    { colour: [ab], colourIndices: [1, 0], size: [sml], sizeIndices: [0, 1] },
    { colour: [ab, c], colourIndices: [2, null, 0], size: [sml], sizeIndices: [1, 1, null] },
    { colour: [xy], colourIndices: [1, 0], size: [xl], sizeIndices: [0, 0] },
    { colour: [xy, z], colourIndices: [2], size: [xl, sml], sizeIndices: [2] },
  ]);
}

main();
