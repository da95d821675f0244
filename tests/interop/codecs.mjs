// Registers LZ4-frame and ZSTD decoders with apache-arrow, which ships none:
// without them it throws on compressed IPC bodies. Both are pure JavaScript
// (lz4js, fzstd), so nothing native is built. Import for the side effect.
//
// Only decoding is registered. apache-arrow's own writer puts the
// *compressed* length where the format wants the uncompressed one in each
// buffer's length prefix (ipc/writer.mjs, _compressBodyBuffers), so files it
// compresses are not conforming; we do not use it to write compressed data.

import { CompressionType, compressionRegistry } from 'apache-arrow';
import lz4 from 'lz4js';
import { decompress as zstdDecompress } from 'fzstd';

// apache-arrow views decoded buffers as typed arrays (BigInt64Array, ...),
// which need an aligned byteOffset; fzstd may return a view into a larger
// buffer at any offset, so hand over copies that start at offset 0.
const ownBuffer = (bytes) => (bytes.byteOffset % 8 === 0 ? bytes : bytes.slice());

compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: (bytes) => ownBuffer(lz4.decompress(bytes)) });
compressionRegistry.set(CompressionType.ZSTD, { decode: (bytes) => ownBuffer(zstdDecompress(bytes)) });
