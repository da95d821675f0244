// The C++ half of the canonical JSON format (canonical.mjs): the expected
// strings are what node prints for the same values.

#include "CanonicalJson.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sabot/columnar/ArrayBuilder.h"

namespace sabot::interop {
namespace {

TEST(CanonicalJson, NumbersAreFormattedAsEcmaScriptDoes) {
  // node -e 'for (const x of [...]) console.log(String(x))'
  EXPECT_EQ(formatJsNumber(0.1), "0.1");
  EXPECT_EQ(formatJsNumber(-2.5), "-2.5");
  EXPECT_EQ(formatJsNumber(1e21), "1e+21");
  EXPECT_EQ(formatJsNumber(1e20), "100000000000000000000");
  EXPECT_EQ(formatJsNumber(123456789012345680000.0), "123456789012345680000");
  EXPECT_EQ(formatJsNumber(1.5e-7), "1.5e-7");
  EXPECT_EQ(formatJsNumber(1e-6), "0.000001");
  EXPECT_EQ(formatJsNumber(1.25e-6), "0.00000125");
  EXPECT_EQ(formatJsNumber(1e-7), "1e-7");
  EXPECT_EQ(formatJsNumber(5e-324), "5e-324");
  EXPECT_EQ(formatJsNumber(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(formatJsNumber(123.25), "123.25");
  EXPECT_EQ(formatJsNumber(3.141592653589793), "3.141592653589793");
  EXPECT_EQ(formatJsNumber(static_cast<double>(0.1f)), "0.10000000149011612");
  EXPECT_EQ(formatJsNumber(static_cast<double>(3.4028234663852886e38f)), "3.4028234663852886e+38");
  EXPECT_EQ(formatJsNumber(16777216), "16777216");
  EXPECT_EQ(formatJsNumber(-7), "-7");
  EXPECT_EQ(formatJsNumber(1234.5e-10), "1.2345e-7");
}

TEST(CanonicalJson, StringsAreEscapedAsJsonStringifyDoes) {
  EXPECT_EQ(jsonString("plain"), "\"plain\"");
  EXPECT_EQ(jsonString("quote \" backslash \\ slash /"), "\"quote \\\" backslash \\\\ slash /\"");
  EXPECT_EQ(jsonString("tab\tnewline\ncr\r\b\f"), "\"tab\\tnewline\\ncr\\r\\b\\f\"");
  EXPECT_EQ(jsonString(std::string("ctrl \x01\x1f del \x7f nul ", 18) + std::string(1, '\0')),
            "\"ctrl \\u0001\\u001f del \x7f nul \\u0000\"");
  EXPECT_EQ(jsonString("日本語 🎉"), "\"日本語 🎉\"");
}

TEST(CanonicalJson, TypeNames) {
  using namespace columnar;
  EXPECT_EQ(canonicalTypeName(*timestamp(TimeUnit::kNano, "Europe/Paris")).valueOrDie(),
            "timestamp[ns, tz=Europe/Paris]");
  EXPECT_EQ(canonicalTypeName(*timestamp(TimeUnit::kSecond)).valueOrDie(), "timestamp[s]");
  EXPECT_EQ(canonicalTypeName(*decimal128(12, 3)).valueOrDie(), "decimal128(12, 3)");
  EXPECT_EQ(canonicalTypeName(*struct_({field("a", int32()), field("b", list(utf8()))})).valueOrDie(),
            "struct<a: int32, b: list<utf8>>");
  EXPECT_EQ(canonicalTypeName(*dictionary(int8(), largeUtf8())).valueOrDie(),
            "dictionary<values=large_utf8, indices=int8>");
  EXPECT_EQ(canonicalTypeName(*struct_({})).valueOrDie(), "struct<>");
  EXPECT_FALSE(canonicalTypeName(*struct_({field("a", int32()), field("a", utf8())})).ok());
}

TEST(CanonicalJson, WholeDump) {
  using namespace columnar;
  const SchemaPtr schema = columnar::schema({field("x", int64()), field("f", float64(), false)});
  auto batch = RecordBatch::make(schema, {makeArray<int64_t>(int64(), {1, std::nullopt}),
                                          makeArray<double>(float64(), {-0.0, std::nan("")})})
                   .valueOrDie();
  EXPECT_EQ(canonicalJson(*schema, {batch}).valueOrDie(),
            "{\"schema\":[{\"name\":\"x\",\"type\":\"int64\",\"nullable\":true},{\"name\":\"f\",\"type\":"
            "\"float64\",\"nullable\":false}],\"batches\":[{\"num_rows\":2,\"columns\":{\"x\":[\"1\",null],"
            "\"f\":[\"-0\",\"NaN\"]}}]}\n");
}

}  // namespace
}  // namespace sabot::interop
