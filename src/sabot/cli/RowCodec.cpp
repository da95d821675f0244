#include "sabot/cli/RowCodec.h"

#include <fmt/format.h>

namespace sabot::cli {

Result<RowCodec> RowCodec::make(const columnar::Schema& input, const std::vector<std::string>& columns) {
  RowCodec codec;
  std::vector<columnar::FieldPtr> fields;
  for (const std::string& name : columns) {
    SABOT_ASSIGN_OR_RAISE(int index, input.requireFieldIndex(name));
    const columnar::FieldPtr& field = input.field(index);
    const columnar::TypeId id = field->type()->id();
    if (id != columnar::TypeId::kInt64 && id != columnar::TypeId::kTimestamp && id != columnar::TypeId::kBool &&
        id != columnar::TypeId::kUtf8) {
      return Status::typeError("column '{}' is {}; a kept row holds int64, timestamp, bool and utf8 columns", name,
                               field->type()->toString());
    }
    codec.indices_.push_back(index);
    codec.types_.push_back(id);
    fields.push_back(field);
  }
  codec.schema_ = columnar::schema(std::move(fields));
  return codec;
}

std::string RowCodec::typeSignature() const {
  std::string signature;
  for (const auto& field : schema_->fields()) {
    if (!signature.empty()) signature += ',';
    signature += field->type()->toString();
  }
  return signature;
}

std::string_view RowCodec::textAt(const columnar::Array& column, int64_t row) {
  const auto& buffers = column.data()->buffers;
  if (buffers.size() <= 2 || buffers[2] == nullptr) return {};
  return column.stringValue(row);
}

RowCodec::Row RowCodec::read(const columnar::RecordBatch& batch, int64_t row) const {
  Row values(indices_.size());
  for (size_t c = 0; c < indices_.size(); ++c) {
    const columnar::Array& column = batch.column(indices_[c]);
    Cell& cell = values[c];
    cell.valid = column.isValid(row);
    if (!cell.valid) continue;
    switch (types_[c]) {
      case columnar::TypeId::kBool:
        cell.number = column.boolValue(row) ? 1 : 0;
        break;
      case columnar::TypeId::kUtf8:
        cell.text = std::string(textAt(column, row));
        break;
      default:
        cell.number = column.value<int64_t>(row);
        break;
    }
  }
  return values;
}

Result<columnar::RecordBatchPtr> RowCodec::toBatch(const std::vector<const Row*>& rows) const {
  std::vector<columnar::Array> columns;
  for (size_t c = 0; c < indices_.size(); ++c) {
    SABOT_ASSIGN_OR_RAISE(auto builder, columnar::makeBuilder(schema_->field(static_cast<int>(c))->type()));
    SABOT_RETURN_NOT_OK(builder->reserve(static_cast<int64_t>(rows.size())));
    for (const Row* row : rows) {
      const Cell& cell = (*row)[c];
      if (!cell.valid) {
        SABOT_RETURN_NOT_OK(builder->appendNull());
        continue;
      }
      switch (types_[c]) {
        case columnar::TypeId::kBool:
          SABOT_RETURN_NOT_OK(static_cast<columnar::BooleanBuilder*>(builder.get())->append(cell.number != 0));
          break;
        case columnar::TypeId::kUtf8:
          SABOT_RETURN_NOT_OK(static_cast<columnar::StringBuilder*>(builder.get())->append(cell.text));
          break;
        default:
          SABOT_RETURN_NOT_OK(static_cast<columnar::NumericBuilder<int64_t>*>(builder.get())->append(cell.number));
          break;
      }
    }
    SABOT_ASSIGN_OR_RAISE(columnar::Array column, builder->finish());
    columns.push_back(std::move(column));
  }
  return columnar::RecordBatch::make(schema_, static_cast<int64_t>(rows.size()), std::move(columns));
}

void RowCodec::snapshot(const Row& row, checkpoint::SnapshotWriter& out) const {
  for (const Cell& cell : row) {
    out.writeBool(cell.valid);
    out.write<int64_t>(cell.number);
    out.writeString(cell.text);
  }
}

Result<RowCodec::Row> RowCodec::restore(checkpoint::SnapshotReader& in) const {
  Row row(indices_.size());
  for (Cell& cell : row) {
    SABOT_ASSIGN_OR_RAISE(cell.valid, in.readBool());
    SABOT_ASSIGN_OR_RAISE(cell.number, in.read<int64_t>());
    SABOT_ASSIGN_OR_RAISE(cell.text, in.readString());
  }
  return row;
}

void RowCodec::encode(const Row& row, std::string* out) const {
  for (size_t c = 0; c < types_.size(); ++c) {
    const Cell& cell = row[c];
    out->push_back(cell.valid ? 1 : 0);
    if (!cell.valid) continue;
    if (types_[c] == columnar::TypeId::kUtf8) {
      state::bytes::appendLengthPrefixed(out, cell.text);
    } else {
      state::bytes::appendFixedLittleEndian(out, cell.number);
    }
  }
}

Result<RowCodec::Row> RowCodec::decode(state::ByteReader& in) const {
  Row row(types_.size());
  for (size_t c = 0; c < types_.size(); ++c) {
    Cell& cell = row[c];
    SABOT_ASSIGN_OR_RAISE(auto validity, in.readFixedLittleEndian<uint8_t>());
    if (validity > 1) return in.corrupt(fmt::format("validity byte {} of column {} is neither 0 nor 1", validity, c));
    cell.valid = validity == 1;
    if (!cell.valid) continue;
    if (types_[c] == columnar::TypeId::kUtf8) {
      SABOT_ASSIGN_OR_RAISE(std::string_view text, in.readLengthPrefixed());
      cell.text = std::string(text);
    } else {
      SABOT_ASSIGN_OR_RAISE(cell.number, in.readFixedLittleEndian<int64_t>());
    }
  }
  return row;
}

}  // namespace sabot::cli
