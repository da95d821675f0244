#include "sabot/columnar/CStreamInterface.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "sabot/columnar/ArrayBuilder.h"

namespace sabot::columnar {
namespace {

using ::testing::HasSubstr;

SchemaPtr testSchema() {
  return schema({field("id", int64(), false), field("city", utf8())}, {{"origin", "test"}});
}

RecordBatchPtr makeBatch(int64_t first, int64_t rows, MemoryPool* pool = MemoryPool::defaultPool()) {
  NumericBuilder<int64_t> ids(int64(), pool);
  StringBuilder cities(utf8(), pool);
  for (int64_t i = first; i < first + rows; ++i) {
    SABOT_CHECK_OK(ids.append(i));
    SABOT_CHECK_OK(i % 4 == 3 ? cities.appendNull() : cities.append("city" + std::to_string(i)));
  }
  return RecordBatch::make(testSchema(), {ids.finish().valueOrDie(), cities.finish().valueOrDie()})
      .valueOrDie();
}

std::shared_ptr<RecordBatchReader> makeReader(std::vector<RecordBatchPtr> batches) {
  return VectorRecordBatchReader::make(testSchema(), std::move(batches)).valueOrDie();
}

TEST(CStreamInterfaceTest, VectorReaderReturnsBatchesThenNull) {
  auto reader = makeReader({makeBatch(0, 2), makeBatch(2, 3)});
  EXPECT_EQ((*reader->next())->numRows(), 2);
  EXPECT_EQ((*reader->next())->numRows(), 3);
  EXPECT_EQ(*reader->next(), nullptr);
  EXPECT_EQ(*reader->next(), nullptr);
}

TEST(CStreamInterfaceTest, VectorReaderRejectsForeignSchema) {
  auto other = RecordBatch::make(schema({field("x", int32())}), {makeArray<int32_t>(int32(), {1})});
  auto reader = VectorRecordBatchReader::make(testSchema(), {makeBatch(0, 1), *other});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kTypeError);
  EXPECT_THAT(reader.status().message(), HasSubstr("batch 1 has schema\nx: int32\n"));
}

TEST(CStreamInterfaceTest, StreamRoundTrips) {
  std::vector<RecordBatchPtr> batches = {makeBatch(0, 5), makeBatch(5, 0), makeBatch(5, 7)->slice(2, 4)};
  ArrowArrayStream stream{};
  ASSERT_TRUE(exportRecordBatchStream(makeReader(batches), &stream).ok());
  auto imported = importRecordBatchStream(&stream);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(stream.release, nullptr) << "the stream moved into the reader";
  EXPECT_TRUE((*imported)->schema()->equals(*testSchema(), /*checkMetadata=*/true));
  auto all = (*imported)->readAll();
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 3u);
  for (size_t i = 0; i < batches.size(); ++i) {
    EXPECT_TRUE((*all)[i]->equals(*batches[i])) << i << ":\n" << (*all)[i]->toString();
  }
  EXPECT_EQ((*all)[2]->column(1).toString(), R"([null, "city8", "city9", "city10"])");
  EXPECT_EQ(*(*imported)->next(), nullptr);
}

TEST(CStreamInterfaceTest, CallbacksFollowTheSpecification) {
  ArrowArrayStream stream{};
  ASSERT_TRUE(exportRecordBatchStream(makeReader({makeBatch(0, 3)}), &stream).ok());
  ASSERT_NE(stream.get_schema, nullptr);
  ASSERT_NE(stream.get_next, nullptr);
  ASSERT_NE(stream.get_last_error, nullptr);
  EXPECT_EQ(stream.get_last_error(&stream), nullptr);

  ArrowSchema cSchema{};
  ASSERT_EQ(stream.get_schema(&stream, &cSchema), 0);
  EXPECT_STREQ(cSchema.format, "+s");
  EXPECT_EQ(cSchema.n_children, 2);
  EXPECT_STREQ(cSchema.children[1]->name, "city");
  cSchema.release(&cSchema);

  ArrowArray cArray{};
  ASSERT_EQ(stream.get_next(&stream, &cArray), 0);
  ASSERT_NE(cArray.release, nullptr);
  EXPECT_EQ(cArray.length, 3);
  EXPECT_EQ(cArray.n_children, 2);

  // End of stream: a released array, repeatedly.
  for (int i = 0; i < 2; ++i) {
    ArrowArray end;
    std::memset(&end, 0xab, sizeof(end));
    ASSERT_EQ(stream.get_next(&stream, &end), 0);
    EXPECT_EQ(end.release, nullptr);
  }

  // A batch handed out outlives the stream.
  stream.release(&stream);
  EXPECT_EQ(stream.release, nullptr);
  EXPECT_EQ(static_cast<const int64_t*>(cArray.children[0]->buffers[1])[2], 2);
  cArray.release(&cArray);
}

TEST(CStreamInterfaceTest, MemoryReturnsToThePoolAfterEveryRelease) {
  MemoryPool pool("cstream-test");
  {
    ArrowArrayStream stream{};
    ASSERT_TRUE(exportRecordBatchStream(makeReader({makeBatch(0, 10, &pool), makeBatch(10, 10, &pool)}),
                                        &stream)
                    .ok());
    auto reader = importRecordBatchStream(&stream);
    ASSERT_TRUE(reader.ok());
    auto first = (*reader)->next();
    ASSERT_TRUE(first.ok());
    EXPECT_EQ((*first)->numRows(), 10);
    // Drop the reader (and with it the stream) before the imported batch.
    reader = Status::cancelled("drop the reader");
    EXPECT_GT(pool.bytesAllocated(), 0);
    EXPECT_EQ((*first)->column(0).value<int64_t>(9), 9);
  }
  EXPECT_EQ(pool.bytesAllocated(), 0);
}

/// A reader that fails after its first batch.
class FailingReader final : public RecordBatchReader {
 public:
  explicit FailingReader(Status failure) : failure_(std::move(failure)) {}
  SchemaPtr schema() const override { return testSchema(); }
  Result<RecordBatchPtr> next() override {
    if (calls_++ == 0) return makeBatch(0, 1);
    return failure_;
  }

 private:
  Status failure_;
  int calls_ = 0;
};

TEST(CStreamInterfaceTest, ReaderErrorsBecomeErrnoAndLastError) {
  const std::vector<std::pair<Status, int>> cases = {
      {Status::ioError("disk gone"), EIO},
      {Status::outOfMemory("pool full"), ENOMEM},
      {Status::corrupt("bad page"), EINVAL},
      {Status::unsupported("zstd level 99"), ENOSYS},
  };
  for (const auto& [failure, code] : cases) {
    ArrowArrayStream stream{};
    ASSERT_TRUE(exportRecordBatchStream(std::make_shared<FailingReader>(failure), &stream).ok());
    ArrowArray cArray{};
    ASSERT_EQ(stream.get_next(&stream, &cArray), 0);
    cArray.release(&cArray);
    EXPECT_EQ(stream.get_next(&stream, &cArray), code) << failure;
    ASSERT_NE(stream.get_last_error(&stream), nullptr);
    EXPECT_EQ(std::string(stream.get_last_error(&stream)), failure.toString());
    stream.release(&stream);
  }
}

TEST(CStreamInterfaceTest, ImportedReaderSurfacesProducerErrors) {
  ArrowArrayStream stream{};
  ASSERT_TRUE(
      exportRecordBatchStream(std::make_shared<FailingReader>(Status::ioError("disk gone")), &stream)
          .ok());
  auto reader = importRecordBatchStream(&stream);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->next().ok());
  auto failed = (*reader)->next();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kIOError);
  EXPECT_EQ(failed.status().message(),
            "ArrowArrayStream get_next failed (error 5: Input/output error): I/O error: disk gone");
  // After an error the stream is not asked again.
  EXPECT_EQ(*(*reader)->next(), nullptr);
}

// -------------------------------------------- a producer written in C

struct CStreamState {
  int schemaCalls;
  int nextCalls;
  int releases;
  int batchesLeft;
  int failSchema;
};

void releaseCSchemaNoop(struct ArrowSchema* schema) {
  free(schema->children);
  schema->release = NULL;
}

void releaseChildSchema(struct ArrowSchema* schema) { schema->release = NULL; }

int cGetSchema(struct ArrowArrayStream* stream, struct ArrowSchema* out) {
  struct CStreamState* state = (struct CStreamState*)stream->private_data;
  state->schemaCalls++;
  if (state->failSchema) return EINVAL;
  static struct ArrowSchema child;
  child.format = "i";
  child.name = "n";
  child.metadata = NULL;
  child.flags = 0;
  child.n_children = 0;
  child.children = NULL;
  child.dictionary = NULL;
  child.release = &releaseChildSchema;
  child.private_data = NULL;
  out->format = "+s";
  out->name = "";
  out->metadata = NULL;
  out->flags = 0;
  out->n_children = 1;
  out->children = (struct ArrowSchema**)malloc(sizeof(struct ArrowSchema*));
  out->children[0] = &child;
  out->dictionary = NULL;
  out->release = &releaseCSchemaNoop;
  out->private_data = NULL;
  return 0;
}

void releaseChildArray(struct ArrowArray* array) { array->release = NULL; }

void releaseCBatch(struct ArrowArray* array) {
  struct ArrowArray* child = array->children[0];
  free((void*)child->buffers[1]);
  free(child->buffers);
  free(child);
  free(array->children);
  free(array->buffers);
  array->release = NULL;
}

int cGetNext(struct ArrowArrayStream* stream, struct ArrowArray* out) {
  struct CStreamState* state = (struct CStreamState*)stream->private_data;
  state->nextCalls++;
  if (state->batchesLeft == 0) {
    out->release = NULL;
    return 0;
  }
  const int32_t value = state->batchesLeft--;
  struct ArrowArray* child = (struct ArrowArray*)malloc(sizeof(struct ArrowArray));
  child->length = 1;
  child->null_count = 0;
  child->offset = 0;
  child->n_buffers = 2;
  child->n_children = 0;
  child->buffers = (const void**)malloc(sizeof(void*) * 2);
  child->buffers[0] = NULL;
  int32_t* values = (int32_t*)malloc(sizeof(int32_t));
  *values = value;
  child->buffers[1] = values;
  child->children = NULL;
  child->dictionary = NULL;
  child->release = &releaseChildArray;
  child->private_data = NULL;
  out->length = 1;
  out->null_count = 0;
  out->offset = 0;
  out->n_buffers = 1;
  out->n_children = 1;
  out->buffers = (const void**)malloc(sizeof(void*));
  out->buffers[0] = NULL;
  out->children = (struct ArrowArray**)malloc(sizeof(struct ArrowArray*));
  out->children[0] = child;
  out->dictionary = NULL;
  out->release = &releaseCBatch;
  out->private_data = NULL;
  return 0;
}

const char* cGetLastError(struct ArrowArrayStream*) { return "schema unavailable"; }

void cRelease(struct ArrowArrayStream* stream) {
  ((struct CStreamState*)stream->private_data)->releases++;
  stream->release = NULL;
}

struct ArrowArrayStream makeCStream(struct CStreamState* state) {
  struct ArrowArrayStream stream;
  stream.get_schema = &cGetSchema;
  stream.get_next = &cGetNext;
  stream.get_last_error = &cGetLastError;
  stream.release = &cRelease;
  stream.private_data = state;
  return stream;
}

TEST(CStreamInterfaceTest, ImportsAStreamWrittenInC) {
  struct CStreamState state = {0, 0, 0, 3, 0};
  struct ArrowArrayStream stream = makeCStream(&state);
  {
    auto reader = importRecordBatchStream(&stream);
    ASSERT_TRUE(reader.ok()) << reader.status();
    EXPECT_EQ((*reader)->schema()->toString(), "n: int32 not null\n");
    auto batches = (*reader)->readAll();
    ASSERT_TRUE(batches.ok()) << batches.status();
    ASSERT_EQ(batches->size(), 3u);
    EXPECT_EQ((*batches)[0]->column(0).toString(), "[3]");
    EXPECT_EQ((*batches)[2]->column(0).toString(), "[1]");
    EXPECT_EQ(state.nextCalls, 4);
    EXPECT_EQ(*(*reader)->next(), nullptr);
    EXPECT_EQ(state.nextCalls, 4) << "not asked again after the end";
    EXPECT_EQ(state.releases, 0);
  }
  EXPECT_EQ(state.schemaCalls, 1);
  EXPECT_EQ(state.releases, 1);
}

TEST(CStreamInterfaceTest, FailingSchemaReleasesTheStream) {
  struct CStreamState state = {0, 0, 0, 3, 1};
  struct ArrowArrayStream stream = makeCStream(&state);
  auto reader = importRecordBatchStream(&stream);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(reader.status().message(),
            "importing an ArrowArrayStream: ArrowArrayStream get_schema failed (Invalid argument): "
            "schema unavailable");
  EXPECT_EQ(state.releases, 1);
  EXPECT_EQ(state.nextCalls, 0);
}

TEST(CStreamInterfaceTest, ReleasedStreamIsRejected) {
  ArrowArrayStream stream{};
  auto reader = importRecordBatchStream(&stream);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().message(), "ArrowArrayStream is released");
  EXPECT_FALSE(exportRecordBatchStream(nullptr, &stream).ok());
}

}  // namespace
}  // namespace sabot::columnar
