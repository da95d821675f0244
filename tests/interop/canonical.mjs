// Canonical JSON dump of Arrow data, shared by write_arrow.mjs and
// read_arrow.mjs. Sabot's C++ side produces the very same bytes for the
// same data, so the two sides are compared with a plain byte comparison.
//
// ===========================================================================
// FORMAT
// ===========================================================================
//
// One line of compact JSON (no spaces or newlines anywhere inside), then "\n":
//
//   {"schema":[<field>,...],"batches":[<batch>,...]}
//   <field> = {"name":<string>,"type":<type name>,"nullable":<bool>}
//   <batch> = {"num_rows":<int>,"columns":{"<name>":[<value>,...],...}}
//
// Keys appear exactly in the order shown. "schema" lists the top-level fields
// in schema order. Every batch lists every column, in schema order, including
// zero-row batches (whose columns are []); batches appear in file/stream
// order. Column names and struct field names must be unique (a duplicate is
// an error, since JSON objects cannot hold one).
//
// Type names ("type" above). Nested names are built recursively:
//
//   Arrow type                          type name
//   ----------------------------------  -------------------------------------
//   Null                                null
//   Bool                                bool
//   Int(8/16/32/64, signed)             int8  int16  int32  int64
//   Int(8/16/32/64, unsigned)           uint8 uint16 uint32 uint64
//   FloatingPoint(SINGLE / DOUBLE)      float32  float64
//   Utf8                                utf8
//   LargeUtf8                           large_utf8
//   Binary                              binary
//   LargeBinary                         large_binary
//   Date(DAY)                           date32
//   Timestamp(unit), no time zone       timestamp[s]  timestamp[ms]
//                                       timestamp[us] timestamp[ns]
//   Timestamp(unit, tz)                 timestamp[<unit>, tz=<tz>]
//                                       e.g. timestamp[ms, tz=UTC],
//                                            timestamp[ns, tz=Europe/Paris]
//                                       (an empty tz string counts as none)
//   Decimal(p, s, 128 bits)             decimal128(<p>, <s>)  e.g. decimal128(12, 3)
//   Struct_ with children a, b, ...     struct<a: <type>, b: <type>>
//                                       e.g. struct<a: int32, b: utf8>
//                                       (no children: struct<>)
//   List with child of type T           list<T>  e.g. list<int32>
//                                       (the child's name and nullability are
//                                       not part of the name)
//   dictionary-encoded field            dictionary<values=<T>, indices=<I>>
//                                       e.g. dictionary<values=utf8, indices=int32>
//
// Any other type (float16, date64, time, duration, interval,
// decimal256, fixed-size types, map, union, view types, ...) is an error.
//
// Values (<value> above). A null slot is always null, whatever the type; a
// struct's or list's children under a null parent slot are never looked at.
//
//   null                  null (every slot of a Null column)
//   bool                  true / false
//   int*, uint*           decimal string, e.g. "-128", "18446744073709551615"
//   float32, float64      JSON number, formatted as ECMAScript's
//                         Number.prototype.toString does (below); a float32
//                         is first widened to float64, so 0.1f is written
//                         0.10000000149011612. Special values are strings:
//                         "NaN", "Infinity", "-Infinity", and "-0" for
//                         negative zero (positive zero is 0)
//   utf8, large_utf8      JSON string (escaping below)
//   binary, large_binary  lowercase hex string, two digits a byte ("" if empty)
//   timestamp[...]        the stored int64 in its own unit, decimal string
//                         (no time zone conversion, no unit conversion)
//   date32                the stored int32 (days since 1970-01-01), decimal string
//   decimal128(p, s)      the unscaled two's complement integer, decimal string
//                         (12.345 at scale 3 is "12345")
//   struct<...>           JSON object, one key per child in type order
//   list<T>               JSON array of the child values
//   dictionary<...>       the value the index points at, encoded as its
//                         value type (null if the index slot is null)
//
// Number formatting (ECMAScript Number::toString, for finite non-zero x):
// take the shortest decimal digit string d1..dk that round-trips to x, with
// x = 0.d1..dk * 10^n. Then, with "-" prefixed for negatives:
//   k <= n <= 21   digits then n-k zeros               1e20 -> 100000000000000000000
//   0 < n <= 21    digits with a "." after n of them   3.5, 123.25
//   -6 < n <= 0    "0." then -n zeros then digits      0.000001, 0.1
//   otherwise      d1 ["." d2..dk] "e" sign (n-1)      1e+21, 1.5e-7, 5e-324
// (C++: std::to_chars(double) shortest round trip gives the digits; the
// layout must be redone by these rules.)
//
// String escaping (as JSON.stringify does it): '"' -> \", '\' -> \\,
// U+0008 \b, U+0009 \t, U+000A \n, U+000C \f, U+000D \r, any other code
// point below U+0020 -> \u00XX with lowercase hex; everything else (including
// U+007F and all non-ASCII) is written as raw UTF-8. utf8 data must be valid
// UTF-8.
//
// Example:
//   {"schema":[{"name":"x","type":"int64","nullable":true}],
//    "batches":[{"num_rows":2,"columns":{"x":["1",null]}}]}
// (shown on two lines here; the real output is one line)
// ===========================================================================

import { DataType, Type, TimeUnit, DateUnit, Precision } from 'apache-arrow';

const kUnitNames = {
  [TimeUnit.SECOND]: 's',
  [TimeUnit.MILLISECOND]: 'ms',
  [TimeUnit.MICROSECOND]: 'us',
  [TimeUnit.NANOSECOND]: 'ns',
};

/** Thrown for data the canonical format has no encoding for. */
export class UnsupportedError extends Error {}

/** Canonical type name of an apache-arrow DataType (see the table above). */
export function typeName(type) {
  if (DataType.isDictionary(type)) {
    return `dictionary<values=${typeName(type.dictionary)}, indices=${typeName(type.indices)}>`;
  }
  switch (type.typeId) {
    case Type.Null:
      return 'null';
    case Type.Bool:
      return 'bool';
    case Type.Int:
      if (![8, 16, 32, 64].includes(type.bitWidth)) break;
      return `${type.isSigned ? 'int' : 'uint'}${type.bitWidth}`;
    case Type.Float:
      if (type.precision === Precision.SINGLE) return 'float32';
      if (type.precision === Precision.DOUBLE) return 'float64';
      break;
    case Type.Utf8:
      return 'utf8';
    case Type.LargeUtf8:
      return 'large_utf8';
    case Type.Binary:
      return 'binary';
    case Type.LargeBinary:
      return 'large_binary';
    case Type.Date:
      if (type.unit === DateUnit.DAY) return 'date32';
      break;
    case Type.Timestamp: {
      const unit = kUnitNames[type.unit];
      return type.timezone ? `timestamp[${unit}, tz=${type.timezone}]` : `timestamp[${unit}]`;
    }
    case Type.Decimal:
      if (type.bitWidth !== 128) break;
      return `decimal128(${type.precision}, ${type.scale})`;
    case Type.Struct:
      checkUniqueNames(type.children, 'struct field');
      return `struct<${type.children.map((f) => `${f.name}: ${typeName(f.type)}`).join(', ')}>`;
    case Type.List:
      return `list<${typeName(type.children[0].type)}>`;
    default:
      break;
  }
  throw new UnsupportedError(`type ${type} has no canonical encoding`);
}

function checkUniqueNames(fields, what) {
  const seen = new Set();
  for (const field of fields) {
    if (seen.has(field.name)) throw new UnsupportedError(`duplicate ${what} name "${field.name}"`);
    seen.add(field.name);
  }
}

// ---------------------------------------------------------------------------
// Scalar encoders, shared by the reader (raw Arrow buffers) and the writer
// (the source values it put into the file).

/** int*, uint*, timestamp, date32, decimal128: a bigint or integer number. */
export function encodeInteger(value) {
  return BigInt(value).toString();
}

/** float32 / float64: a JS number (float32 already widened). */
export function encodeFloat(value) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return value;
}

/** binary: a Uint8Array. */
export function encodeBinary(bytes) {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

// ---------------------------------------------------------------------------
// Reading values out of apache-arrow Data (the raw buffers, never the
// convenience getters, which turn timestamps into lossy milliseconds).

// ignoreBOM keeps a leading U+FEFF as part of the value instead of eating it.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function isValid(data, index) {
  return data.getValid(index);
}

/** The int128 stored in four little-endian uint32 words at `words[4*i..]`. */
function readInt128(words, index) {
  let unsigned = 0n;
  for (let word = 3; word >= 0; --word) {
    unsigned = (unsigned << 32n) | BigInt(words[4 * index + word]);
  }
  return BigInt.asIntN(128, unsigned);
}

function offsetsAt(data, index) {
  // For variable-size types apache-arrow slices the offsets buffer itself,
  // so `index` is relative to the slice.
  return [Number(data.valueOffsets[index]), Number(data.valueOffsets[index + 1])];
}

/** Canonical value of slot `index` of one Data chunk. */
function valueAt(data, index) {
  // A Null column has no validity bitmap to ask: every slot is null.
  if (data.type.typeId === Type.Null) return null;
  if (!isValid(data, index)) return null;
  const type = data.type;
  if (DataType.isDictionary(type)) {
    return vectorValueAt(data.dictionary, Number(data.values[index]));
  }
  switch (type.typeId) {
    case Type.Bool: {
      // Booleans are not sliced by apache-arrow: the data offset applies.
      const bit = data.offset + index;
      return (data.values[bit >> 3] & (1 << (bit & 7))) !== 0;
    }
    case Type.Int:
    case Type.Date:
    case Type.Timestamp:
      return encodeInteger(data.values[index]);
    case Type.Float:
      return encodeFloat(data.values[index]);
    case Type.Utf8:
    case Type.LargeUtf8: {
      const [begin, end] = offsetsAt(data, index);
      return utf8Decoder.decode(data.values.subarray(begin, end));
    }
    case Type.Binary:
    case Type.LargeBinary: {
      const [begin, end] = offsetsAt(data, index);
      return encodeBinary(data.values.subarray(begin, end));
    }
    case Type.Decimal:
      return encodeInteger(readInt128(data.values, index));
    case Type.Struct: {
      const object = new Map();
      type.children.forEach((field, child) => {
        object.set(field.name, valueAt(data.children[child], index));
      });
      return object;
    }
    case Type.List: {
      const [begin, end] = offsetsAt(data, index);
      const items = [];
      for (let item = begin; item < end; ++item) items.push(valueAt(data.children[0], item));
      return items;
    }
    default:
      throw new UnsupportedError(`type ${type} has no canonical encoding`);
  }
}

/** Canonical value of slot `index` of a (possibly chunked) Vector. */
function vectorValueAt(vector, index) {
  let start = 0;
  for (const chunk of vector.data) {
    if (index < start + chunk.length) return valueAt(chunk, index - start);
    start += chunk.length;
  }
  throw new RangeError(`dictionary index ${index} out of range (dictionary has ${start} values)`);
}

/** Canonical values of a whole column (a Vector of one or more chunks). */
export function columnValues(vector) {
  const values = [];
  for (const chunk of vector.data) {
    for (let index = 0; index < chunk.length; ++index) values.push(valueAt(chunk, index));
  }
  return values;
}

// ---------------------------------------------------------------------------
// Whole dumps.

/** The schema part of a dump, from an apache-arrow Schema. */
export function schemaEntries(schema) {
  checkUniqueNames(schema.fields, 'column');
  return schema.fields.map((field) => new Map([
    ['name', field.name],
    ['type', typeName(field.type)],
    ['nullable', field.nullable],
  ]));
}

/** One batch of a dump: `columns` is a list of [name, values] pairs. */
export function batchEntry(numRows, columns) {
  return new Map([['num_rows', numRows], ['columns', new Map(columns)]]);
}

/** Dump of an apache-arrow Schema and its RecordBatches. */
export function dumpRecordBatches(schema, batches) {
  return new Map([
    ['schema', schemaEntries(schema)],
    ['batches', batches.map((batch) => batchEntry(
      batch.numRows,
      schema.fields.map((field, column) => [field.name, columnValues(batch.getChildAt(column))]),
    ))],
  ]);
}

/**
 * Canonical text of a dump. Objects are Maps so that key order is exactly
 * insertion order (plain JS objects put integer-like keys first).
 */
export function toCanonicalJson(value) {
  return `${serialize(value)}\n`;
}

function serialize(value) {
  if (value === null) return 'null';
  if (value instanceof Map) {
    const members = [];
    for (const [key, member] of value) members.push(`${JSON.stringify(String(key))}:${serialize(member)}`);
    return `{${members.join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value) || Object.is(value, -0)) {
        throw new TypeError(`non-canonical number ${value}: encode it with encodeFloat`);
      }
      return JSON.stringify(value);
    default:
      throw new TypeError(`cannot serialize ${typeof value} ${String(value)}`);
  }
}
