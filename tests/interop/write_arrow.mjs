// Writes Arrow IPC test data with apache-arrow (JS), for Sabot's readers:
//
//   node write_arrow.mjs OUT_DIR
//
//   OUT_DIR/all_types.arrow          IPC file format
//   OUT_DIR/all_types.arrows         IPC stream format, same batches
//   OUT_DIR/all_types.expected.json  canonical dump of the values (canonical.mjs)
//
// The expected dump is computed from the source values below, not by reading
// the files back, so it also checks apache-arrow's own reader.
//
// Arrays are assembled buffer by buffer with makeData() rather than through
// apache-arrow's builders, so every stored integer (int64 extremes,
// nanosecond timestamps, decimal unscaled values) is exactly the one given.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Binary, Bool, DataType, DateDay, Decimal, Dictionary, Field, Float32, Float64, Int16, Int32,
  Int64, Int8, LargeUtf8, List, Precision, RecordBatch, RecordBatchFileWriter,
  RecordBatchStreamWriter, Schema, Struct, TimestampMicrosecond, TimestampMillisecond,
  TimestampNanosecond, TimestampSecond, Type, Uint16, Uint32, Uint64, Uint8, Utf8, Vector,
  makeData,
} from 'apache-arrow';
import {
  batchEntry, encodeBinary, encodeFloat, encodeInteger, schemaEntries, toCanonicalJson,
} from './canonical.mjs';

// Rows per batch. The empty batch is an edge case readers must keep.
const kBatchSizes = [5, 0, 4, 3];
const kNumRows = kBatchSizes.reduce((sum, size) => sum + size, 0);

const bytes = (...values) => Uint8Array.from(values);
const utf8 = (text) => new TextEncoder().encode(text);

// The dictionary shared by every batch: the file format forbids replacing a
// dictionary, so all batches index into this one (it includes "").
const kDictionaryValues = ['red', 'green', '', 'blue', 'ünïcödé'];

// Values of every column, all batches concatenated (kNumRows each).
// int64-backed types take bigints; everything else JS numbers or strings.
const kColumns = [
  ['bool', new Bool(),
    [true, false, null, true, false, /**/ true, null, false, true, /**/ null, false, true]],
  ['int8', new Int8(),
    [0, -128, 127, null, 1, /**/ -1, null, 42, -42, /**/ 7, null, -7]],
  ['int16', new Int16(),
    [0, -32768, 32767, null, 1, /**/ -1, 300, null, -300, /**/ 7, null, -7]],
  ['int32', new Int32(),
    [0, -2147483648, 2147483647, null, 1, /**/ -1, 70000, null, -70000, /**/ 7, null, -7]],
  ['int64', new Int64(),
    [0n, -9223372036854775808n, 9223372036854775807n, null, 1n, /**/
      -1n, 9007199254740993n, null, -9007199254740993n, /**/ 7n, null, -7n]],
  ['uint8', new Uint8(),
    [0, 255, 128, null, 1, /**/ 2, null, 200, 3, /**/ 7, null, 254]],
  ['uint16', new Uint16(),
    [0, 65535, 32768, null, 1, /**/ 2, null, 40000, 3, /**/ 7, null, 65534]],
  ['uint32', new Uint32(),
    [0, 4294967295, 2147483648, null, 1, /**/ 2, null, 3000000000, 3, /**/ 7, null, 4294967294]],
  ['uint64', new Uint64(),
    [0n, 18446744073709551615n, 9223372036854775808n, null, 1n, /**/
      2n, null, 9007199254740993n, 3n, /**/ 7n, null, 18446744073709551614n]],
  ['float32', new Float32(),
    [0.1, -2.5, null, NaN, Infinity, /**/ -Infinity, -0, 3.4028234663852886e38, 1.401298464324817e-45, /**/
      0, null, 16777217]],
  ['float64', new Float64(),
    [0.1, -2.5, null, NaN, Infinity, /**/ -Infinity, -0, 1e21, 1.5e-7, /**/
      3.141592653589793, 1e20, 5e-324]],
  ['utf8', new Utf8(),
    ['hello', '', null, 'héllo wörld', '日本語', /**/ 'emoji 🎉', 'quote " backslash \\ slash /',
      'tab\tnewline\ncr\r', null, /**/ 'ctrl \u0001\u001f del \u007f', '\ufeffbom', 'last']],
  ['large_utf8', new LargeUtf8(),
    ['large', '', null, 'größer', '大きい', /**/ null, 'x'.repeat(100), '', 'a\u0000b', /**/
      'first of last', null, '🎉🎉']],
  ['binary', new Binary(),
    [bytes(0x00, 0x01, 0xff), bytes(), null, utf8('text'), bytes(0xde, 0xad, 0xbe, 0xef), /**/
      null, bytes(0x7f), bytes(), bytes(0x80, 0x00), /**/ bytes(0x0a), null, bytes(0xff, 0xfe)]],
  ...timestampColumns(),
  ['date32', new DateDay(),
    [0, 19723, -1, null, 2932896, /**/ -719162, null, 18262, 1, /**/ 365, null, -365]],
  ['decimal128', new Decimal(3, 12, 128), // apache-arrow: Decimal(scale, precision, bitWidth)
    [12345n, -12345n, 0n, null, 999999999999n, /**/ -999999999999n, null, 1n, -1n, /**/
      1000n, null, 500n]],
  ['struct', new Struct([new Field('a', new Int32(), true), new Field('b', new Utf8(), true)]),
    [{ a: 1, b: 'one' }, null, { a: null, b: 'no a' }, { a: 4, b: null }, { a: -5, b: '' }, /**/
      { a: 6, b: 'six' }, null, { a: null, b: null }, { a: 9, b: 'nine' }, /**/
      { a: 10, b: 'ten' }, { a: 11, b: 'eleven' }, null]],
  ['list', new List(new Field('item', new Int32(), true)),
    [[1, 2, 3], [], null, [null], [4, null, 5], /**/ [], [6], null, [7, 8], /**/
      [9, 10, 11, 12], null, []]],
  ['dict', new Dictionary(new Utf8(), new Int32(), 0),
    ['red', 'green', null, '', 'red', /**/ 'blue', 'ünïcödé', null, 'red', /**/ '', 'green', null]],
];

function timestampColumns() {
  // Same raw integers in each unit; pre-1970 values are negative.
  const raw = [0n, 1700000000n, -1n, null, 1n, /**/ -86400n, null, 253402300799n, 42n, /**/
    9223372036854775807n, null, -9223372036854775807n];
  const units = [['s', TimestampSecond], ['ms', TimestampMillisecond],
    ['us', TimestampMicrosecond], ['ns', TimestampNanosecond]];
  const zones = [['', undefined], ['_utc', 'UTC'], ['_paris', 'Europe/Paris']];
  const columns = [];
  for (const [zoneSuffix, zone] of zones) {
    for (const [unitName, TypeClass] of units) {
      // Europe/Paris only for ms and ns, to keep the column count down.
      if (zone === 'Europe/Paris' && (unitName === 's' || unitName === 'us')) continue;
      columns.push([`ts_${unitName}${zoneSuffix}`, new TypeClass(zone), raw]);
    }
  }
  return columns;
}

// ---------------------------------------------------------------------------
// Building Data from the values above.

function validity(values) {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((value, index) => {
    if (value === null || value === undefined) ++nullCount;
    else bitmap[index >> 3] |= 1 << (index & 7);
  });
  return { nullBitmap: bitmap, nullCount };
}

function offsetsAndData(chunks, OffsetArray) {
  const offsets = new OffsetArray(chunks.length + 1);
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const data = new Uint8Array(total);
  let position = 0;
  chunks.forEach((chunk, index) => {
    data.set(chunk, position);
    position += chunk.length;
    offsets[index + 1] = OffsetArray === BigInt64Array ? BigInt(position) : position;
  });
  return { valueOffsets: offsets, data };
}

function buildData(type, values) {
  const length = values.length;
  const { nullBitmap, nullCount } = validity(values);
  const common = { type, length, nullCount, nullBitmap };
  const orZero = (value, zero) => (value === null || value === undefined ? zero : value);

  if (DataType.isDictionary(type)) {
    const dictionary = dictionaryVector(type);
    const indices = Int32Array.from(values, (value) => (value === null ? 0 : dictionaryIndex(value)));
    return makeData({ ...common, data: indices, dictionary });
  }
  switch (type.typeId) {
    case Type.Bool: {
      const bits = new Uint8Array(Math.ceil(length / 8));
      values.forEach((value, index) => { if (value) bits[index >> 3] |= 1 << (index & 7); });
      return makeData({ ...common, data: bits });
    }
    case Type.Int:
    case Type.Float:
    case Type.Date:
    case Type.Timestamp: {
      const zero = type.ArrayType === BigInt64Array || type.ArrayType === BigUint64Array ? 0n : 0;
      return makeData({ ...common, data: type.ArrayType.from(values, (value) => orZero(value, zero)) });
    }
    case Type.Utf8:
      return makeData({ ...common, ...offsetsAndData(values.map((v) => utf8(orZero(v, ''))), Int32Array) });
    case Type.LargeUtf8:
      return makeData({ ...common, ...offsetsAndData(values.map((v) => utf8(orZero(v, ''))), BigInt64Array) });
    case Type.Binary:
      return makeData({ ...common, ...offsetsAndData(values.map((v) => orZero(v, bytes())), Int32Array) });
    case Type.Decimal: {
      const words = new Uint32Array(4 * length);
      values.forEach((value, index) => {
        let unsigned = BigInt.asUintN(128, orZero(value, 0n));
        for (let word = 0; word < 4; ++word) {
          words[4 * index + word] = Number(unsigned & 0xffffffffn);
          unsigned >>= 32n;
        }
      });
      return makeData({ ...common, data: words });
    }
    case Type.Struct: {
      const children = type.children.map((field) => buildData(
        field.type, values.map((value) => (value === null ? null : orZero(value[field.name], null)))));
      return makeData({ ...common, children });
    }
    case Type.List: {
      const items = [];
      const offsets = new Int32Array(length + 1);
      values.forEach((value, index) => {
        if (value !== null) items.push(...value);
        offsets[index + 1] = items.length;
      });
      const child = buildData(type.children[0].type, items);
      return makeData({ ...common, valueOffsets: offsets, child });
    }
    default:
      throw new Error(`write_arrow: no builder for ${type}`);
  }
}

let sharedDictionary;
function dictionaryVector(type) {
  sharedDictionary ??= new Vector([buildData(type.dictionary, kDictionaryValues)]);
  return sharedDictionary;
}

function dictionaryIndex(value) {
  const index = kDictionaryValues.indexOf(value);
  if (index < 0) throw new Error(`write_arrow: "${value}" is not in the dictionary`);
  return index;
}

// ---------------------------------------------------------------------------
// Expected canonical values, straight from the source values.

function expectedValue(type, value) {
  if (value === null || value === undefined) return null;
  if (DataType.isDictionary(type)) return expectedValue(type.dictionary, value);
  switch (type.typeId) {
    case Type.Bool:
    case Type.Utf8:
    case Type.LargeUtf8:
      return value;
    case Type.Int:
    case Type.Date:
    case Type.Timestamp:
    case Type.Decimal:
      return encodeInteger(value);
    case Type.Float:
      return encodeFloat(type.precision === Precision.SINGLE ? Math.fround(value) : value);
    case Type.Binary:
      return encodeBinary(value);
    case Type.Struct:
      return new Map(type.children.map((field) => [field.name, expectedValue(field.type, value[field.name])]));
    case Type.List:
      return value.map((item) => expectedValue(type.children[0].type, item));
    default:
      throw new Error(`write_arrow: no expected encoding for ${type}`);
  }
}

// ---------------------------------------------------------------------------

function main() {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node write_arrow.mjs OUT_DIR');
    process.exit(2);
  }
  for (const [name, , values] of kColumns) {
    if (values.length !== kNumRows) throw new Error(`column ${name}: ${values.length} values, want ${kNumRows}`);
  }

  const fields = kColumns.map(([name, type]) => new Field(name, type, true));
  const schema = new Schema(fields);
  const batches = [];
  const expectedBatches = [];
  let start = 0;
  for (const size of kBatchSizes) {
    const slices = kColumns.map(([, , values]) => values.slice(start, start + size));
    const children = kColumns.map(([, type], column) => buildData(type, slices[column]));
    const data = makeData({ type: new Struct(fields), length: size, nullCount: 0, children });
    batches.push(new RecordBatch(schema, data));
    expectedBatches.push(batchEntry(size, kColumns.map(([name, type], column) => [
      name, slices[column].map((value) => expectedValue(type, value))])));
    start += size;
  }

  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'all_types.arrow'), writeIpc(new RecordBatchFileWriter(), batches));
  writeFileSync(join(outDir, 'all_types.arrows'), writeIpc(new RecordBatchStreamWriter(), batches));
  const expected = new Map([['schema', schemaEntries(schema)], ['batches', expectedBatches]]);
  writeFileSync(join(outDir, 'all_types.expected.json'), toCanonicalJson(expected));
}

function writeIpc(writer, batches) {
  for (const batch of batches) writer.write(batch);
  writer.finish();
  return writer.toUint8Array(true);
}

main();
