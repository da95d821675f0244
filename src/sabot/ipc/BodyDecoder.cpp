#include "sabot/ipc/BodyDecoder.h"

#include <cstring>

#include "sabot/ipc/BodyCompression.h"
#include "sabot/ipc/MessageReader.h"

namespace sabot::ipc {

using columnar::ArrayData;
using columnar::ArrayDataPtr;
using columnar::Buffer;
using columnar::BufferPtr;
using columnar::Field;
using columnar::MutableBuffer;
using columnar::TypeId;

namespace {

/// A zero-length buffer with a valid data pointer, for the non-validity
/// buffers a writer left empty (readers dereference those without checking).
BufferPtr orEmpty(BufferPtr buffer) {
  alignas(64) static const uint8_t kNoBytes[64] = {};
  static const BufferPtr kEmpty = std::make_shared<const Buffer>(kNoBytes, 0);
  return buffer ? std::move(buffer) : kEmpty;
}

Result<Compression> readCompression(const fb::RecordBatch& header) {
  const fb::BodyCompression* compression = header.compression();
  if (!compression) return Compression::kNone;
  if (compression->method() != fb::BodyCompressionMethod::BUFFER) {
    return Status::unsupported("body compression method {}", static_cast<int>(compression->method()));
  }
  switch (compression->codec()) {
    case fb::CompressionType::LZ4_FRAME: return Compression::kLz4Frame;
    case fb::CompressionType::ZSTD: return Compression::kZstd;
  }
  return Status::unsupported("body compression codec {}", static_cast<int>(compression->codec()));
}

class BodyDecoder {
 public:
  BodyDecoder(const fb::RecordBatch& header, BufferPtr body, Compression compression,
              const IpcReadOptions& options, const DictionaryMemo* dictionaries,
              const std::vector<int64_t>* dictionaryIds)
      : nodes_(header.nodes()),
        buffers_(header.buffers()),
        body_(std::move(body)),
        compression_(compression),
        options_(options),
        dictionaries_(dictionaries),
        dictionaryIds_(dictionaryIds) {}

  Result<ArrayDataPtr> decodeField(const Field& field) {
    SABOT_ASSIGN_OR_RAISE(const fb::FieldNode node, nextNode(field));
    auto data = std::make_shared<ArrayData>();
    data->type = field.type();
    data->length = node.length();
    data->nullCount = node.null_count();
    const TypeId id = field.type()->id();
    if (id == TypeId::kNull) {
      data->nullCount = data->length;  // no buffers; every slot is null
      return ArrayDataPtr(std::move(data));
    }

    SABOT_ASSIGN_OR_RAISE(BufferPtr validity, nextBuffer(field, "validity"));
    if (data->nullCount == 0) {
      validity.reset();  // a zero null count makes the bitmap irrelevant
    } else if (!validity) {
      return Status::corrupt("field '{}' has {} nulls but no validity bitmap", field.name(),
                             data->nullCount);
    }
    data->buffers.push_back(std::move(validity));

    if (id == TypeId::kBool || columnar::isFixedWidth(id) || id == TypeId::kDictionary) {
      SABOT_ASSIGN_OR_RAISE(BufferPtr values, nextBuffer(field, "values"));
      data->buffers.push_back(orEmpty(std::move(values)));
      if (id == TypeId::kDictionary) {
        if (!dictionaryIds_ || nextDictionary_ >= dictionaryIds_->size()) {
          return Status::internal("field '{}': no dictionary id recorded for it", field.name());
        }
        const int64_t dictionaryId = (*dictionaryIds_)[nextDictionary_++];
        SABOT_ASSIGN_OR_RAISE(data->dictionary, dictionaries_->get(dictionaryId));
      }
      return ArrayDataPtr(std::move(data));
    }
    if (columnar::isBinaryLike(id) || columnar::isLargeBinaryLike(id)) {
      SABOT_ASSIGN_OR_RAISE(BufferPtr offsets, nextOffsets(field, *data, columnar::isLargeBinaryLike(id) ? 8 : 4));
      SABOT_ASSIGN_OR_RAISE(BufferPtr bytes, nextBuffer(field, "data"));
      data->buffers.push_back(std::move(offsets));
      data->buffers.push_back(orEmpty(std::move(bytes)));
      return ArrayDataPtr(std::move(data));
    }
    switch (id) {
      case TypeId::kList: {
        SABOT_ASSIGN_OR_RAISE(BufferPtr offsets, nextOffsets(field, *data, 4));
        data->buffers.push_back(std::move(offsets));
        SABOT_ASSIGN_OR_RAISE(ArrayDataPtr values, decodeField(*field.type()->field(0)));
        data->children.push_back(std::move(values));
        return ArrayDataPtr(std::move(data));
      }
      case TypeId::kStruct:
        for (const auto& child : field.type()->fields()) {
          SABOT_ASSIGN_OR_RAISE(ArrayDataPtr decoded, decodeField(*child));
          data->children.push_back(std::move(decoded));
        }
        return ArrayDataPtr(std::move(data));
      default:
        return Status::unsupported("field '{}': type {} cannot be read from IPC", field.name(),
                                   field.type()->toString());
    }
  }

  /// Every node and buffer of the header must have been used.
  Status checkAllConsumed() const {
    const size_t numNodes = nodes_ ? nodes_->size() : 0;
    const size_t numBuffers = buffers_ ? buffers_->size() : 0;
    if (nextNode_ != numNodes) {
      return Status::corrupt("record batch has {} field nodes but the schema needs {}", numNodes, nextNode_);
    }
    if (nextBuffer_ != numBuffers) {
      return Status::corrupt("record batch has {} buffers but the schema needs {}", numBuffers, nextBuffer_);
    }
    return Status::OK();
  }

 private:
  Result<fb::FieldNode> nextNode(const Field& field) {
    const size_t numNodes = nodes_ ? nodes_->size() : 0;
    if (nextNode_ >= numNodes) {
      return Status::corrupt("record batch has {} field nodes but field '{}' needs node {}", numNodes,
                             field.name(), nextNode_);
    }
    const auto node = loadStruct(*nodes_, static_cast<flatbuffers::uoffset_t>(nextNode_));
    const size_t index = nextNode_++;
    if (node.length() < 0 || node.length() > options_.maxArrayLength) {
      return Status::corrupt("field node {} ('{}') has length {} (limit {})", index, field.name(),
                             node.length(), options_.maxArrayLength);
    }
    if (node.null_count() < 0 || node.null_count() > node.length()) {
      return Status::corrupt("field node {} ('{}') has null count {} for length {}", index, field.name(),
                             node.null_count(), node.length());
    }
    return node;
  }

  /// The next buffer, nullptr if empty. Checks it lies inside the body,
  /// decompresses it, and realigns it if the writer left it misaligned.
  Result<BufferPtr> nextBuffer(const Field& field, const char* what) {
    const size_t numBuffers = buffers_ ? buffers_->size() : 0;
    if (nextBuffer_ >= numBuffers) {
      return Status::corrupt("record batch has {} buffers but field '{}' needs buffer {} ({})", numBuffers,
                             field.name(), nextBuffer_, what);
    }
    const auto spec = loadStruct(*buffers_, static_cast<flatbuffers::uoffset_t>(nextBuffer_));
    const size_t index = nextBuffer_++;
    const int64_t offset = spec.offset();
    const int64_t length = spec.length();
    const int64_t bodySize = body_->size();
    if (offset < 0 || length < 0) {
      return Status::corrupt("buffer {} ({} of '{}') has offset {} and length {}", index, what,
                             field.name(), offset, length);
    }
    if (offset > bodySize || length > bodySize - offset) {
      return Status::corrupt("record batch body is {} bytes but buffer {} ({} of '{}') ends at byte {}",
                             bodySize, index, what, field.name(),
                             static_cast<__int128>(offset) + length > INT64_MAX
                                 ? std::string("beyond 2^63")
                                 : std::to_string(offset + length));
    }
    if (length == 0) return BufferPtr();
    if (compression_ == Compression::kNone) return ensureAligned(Buffer::slice(body_, offset, length), options_.pool);

    if (length < 8) {
      return Status::corrupt("compressed buffer {} ({} of '{}') is {} bytes, shorter than its length prefix",
                             index, what, field.name(), length);
    }
    int64_t uncompressed;
    std::memcpy(&uncompressed, body_->data() + offset, 8);
    if (uncompressed == kUncompressedLengthPrefix) {
      if (length == 8) return BufferPtr();
      return ensureAligned(Buffer::slice(body_, offset + 8, length - 8), options_.pool);
    }
    if (uncompressed < 0) {
      return Status::corrupt("compressed buffer {} ({} of '{}') has uncompressed length {}", index, what,
                             field.name(), uncompressed);
    }
    if (uncompressed > options_.maxDecompressedBytes - decompressedBytes_) {
      return Status::corrupt("compressed buffer {} ({} of '{}') would take the message past {} "
                             "decompressed bytes (IpcReadOptions::maxDecompressedBytes)",
                             index, what, field.name(), options_.maxDecompressedBytes);
    }
    decompressedBytes_ += uncompressed;
    auto decompressed = decompressBuffer(compression_, body_->data() + offset + 8, length - 8,
                                         uncompressed, options_.pool);
    if (!decompressed.ok()) {
      return decompressed.status().withContext("buffer {} ({} of '{}')", index, what, field.name());
    }
    if (uncompressed == 0) return BufferPtr();
    return std::move(decompressed).value();
  }

  /// An offsets buffer; an empty array may omit it, which becomes one zero.
  Result<BufferPtr> nextOffsets(const Field& field, const ArrayData& data, int width) {
    SABOT_ASSIGN_OR_RAISE(BufferPtr offsets, nextBuffer(field, "offsets"));
    if (!offsets && data.length == 0) {
      SABOT_ASSIGN_OR_RAISE(auto zero, MutableBuffer::make(width, options_.pool, true));
      offsets = std::move(zero);
    }
    return orEmpty(std::move(offsets));
  }

  const flatbuffers::Vector<const fb::FieldNode*>* nodes_;
  const flatbuffers::Vector<const fb::Buffer*>* buffers_;
  BufferPtr body_;
  Compression compression_;
  const IpcReadOptions& options_;
  const DictionaryMemo* dictionaries_;
  const std::vector<int64_t>* dictionaryIds_;
  size_t nextNode_ = 0;
  size_t nextBuffer_ = 0;
  size_t nextDictionary_ = 0;
  int64_t decompressedBytes_ = 0;
};

Status checkLength(int64_t length, const IpcReadOptions& options, const char* what) {
  if (length < 0 || length > options.maxArrayLength) {
    return Status::corrupt("{} has length {} (limit {})", what, length, options.maxArrayLength);
  }
  return Status::OK();
}

}  // namespace

Result<columnar::RecordBatchPtr> decodeRecordBatch(const fb::RecordBatch& header, const BufferPtr& body,
                                                   const SchemaInfo& schema,
                                                   const DictionaryMemo& dictionaries,
                                                   const IpcReadOptions& options) {
  const int64_t numRows = header.length();
  SABOT_RETURN_NOT_OK(checkLength(numRows, options, "record batch"));
  SABOT_ASSIGN_OR_RAISE(Compression compression, readCompression(header));
  BodyDecoder decoder(header, body, compression, options, &dictionaries, &schema.dictionaryIds);
  std::vector<ArrayDataPtr> decoded;
  decoded.reserve(static_cast<size_t>(schema.schema->numFields()));
  for (const auto& field : schema.schema->fields()) {
    SABOT_ASSIGN_OR_RAISE(ArrayDataPtr column, decoder.decodeField(*field));
    if (column->length != numRows) {
      return Status::corrupt("column '{}' has {} rows but the record batch has {}", field->name(),
                             column->length, numRows);
    }
    decoded.push_back(std::move(column));
  }
  SABOT_RETURN_NOT_OK(decoder.checkAllConsumed());

  std::vector<columnar::Array> columns;
  columns.reserve(decoded.size());
  for (size_t i = 0; i < decoded.size(); ++i) {
    const Field& field = *schema.schema->field(static_cast<int>(i));
    SABOT_RETURN_NOT_OK_CONTEXT(columnar::validateArray(*decoded[i], options.validateFull), "column '{}'",
                                field.name());
    if (!field.nullable() && decoded[i]->nullCount > 0) {
      return Status::corrupt("column '{}' is declared not null but holds {} nulls", field.name(),
                             decoded[i]->nullCount);
    }
    columns.emplace_back(std::move(decoded[i]));
  }
  return std::make_shared<const columnar::RecordBatch>(schema.schema, numRows, std::move(columns));
}

Status decodeDictionaryBatch(const fb::DictionaryBatch& header, const BufferPtr& body,
                             DictionaryMemo& dictionaries, bool allowReplacement,
                             const IpcReadOptions& options) {
  const int64_t id = header.id();
  SABOT_ASSIGN_OR_RAISE(columnar::DataTypePtr valueType, dictionaries.valueType(id));
  const fb::RecordBatch* data = header.data();
  if (!data) return Status::corrupt("dictionary batch for id {} without its data", id);
  SABOT_RETURN_NOT_OK(checkLength(data->length(), options, "dictionary batch"));
  SABOT_ASSIGN_OR_RAISE(Compression compression, readCompression(*data));
  BodyDecoder decoder(*data, body, compression, options, nullptr, nullptr);
  const Field valuesField("dictionary", valueType);
  SABOT_ASSIGN_OR_RAISE(ArrayDataPtr values, decoder.decodeField(valuesField));
  SABOT_RETURN_NOT_OK(decoder.checkAllConsumed());
  if (values->length != data->length()) {
    return Status::corrupt("dictionary batch for id {} has {} values but says {}", id, values->length,
                           data->length());
  }
  SABOT_RETURN_NOT_OK_CONTEXT(columnar::validateArray(*values, options.validateFull),
                              "dictionary id {}", id);
  return dictionaries.apply(id, std::move(values), header.isDelta(), allowReplacement, options.pool);
}

}  // namespace sabot::ipc
