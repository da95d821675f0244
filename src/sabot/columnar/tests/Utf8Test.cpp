#include "sabot/columnar/Utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace sabot::columnar {
namespace {

using namespace std::string_literals;

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("plain ascii, longer than eight bytes"));
  EXPECT_TRUE(isValidUtf8("\0embedded nul"s));
  EXPECT_TRUE(isValidUtf8("h\xc3\xa9llo"));                 // U+00E9
  EXPECT_TRUE(isValidUtf8("\xc2\x80"));                     // U+0080, smallest 2-byte
  EXPECT_TRUE(isValidUtf8("\xdf\xbf"));                     // U+07FF
  EXPECT_TRUE(isValidUtf8("\xe0\xa0\x80"));                 // U+0800, smallest 3-byte
  EXPECT_TRUE(isValidUtf8("\xe2\x82\xac"));                 // U+20AC euro
  EXPECT_TRUE(isValidUtf8("\xed\x9f\xbf"));                 // U+D7FF, just below surrogates
  EXPECT_TRUE(isValidUtf8("\xee\x80\x80"));                 // U+E000, just above
  EXPECT_TRUE(isValidUtf8("\xef\xbf\xbf"));                 // U+FFFF
  EXPECT_TRUE(isValidUtf8("\xf0\x90\x80\x80"));             // U+10000, smallest 4-byte
  EXPECT_TRUE(isValidUtf8("\xf0\x9f\x98\x80"));             // emoji
  EXPECT_TRUE(isValidUtf8("\xf4\x8f\xbf\xbf"));             // U+10FFFF, the last
  EXPECT_TRUE(isValidUtf8("1234567\xc3\xa9" "abcdefgh\xf0\x9f\x98\x80"));  // across 8-byte words
}

TEST(Utf8Test, RejectsOverlongEncodings) {
  EXPECT_FALSE(isValidUtf8("\xc0\x80"));          // U+0000 in two bytes
  EXPECT_FALSE(isValidUtf8("\xc1\xbf"));          // U+007F in two bytes
  EXPECT_FALSE(isValidUtf8("\xe0\x9f\xbf"));      // U+07FF in three bytes
  EXPECT_FALSE(isValidUtf8("\xf0\x8f\xbf\xbf"));  // U+FFFF in four bytes
}

TEST(Utf8Test, RejectsSurrogates) {
  EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));  // U+D800
  EXPECT_FALSE(isValidUtf8("\xed\xbf\xbf"));  // U+DFFF
  EXPECT_FALSE(isValidUtf8("\xed\xa0\xbd\xed\xb8\x80"));  // a CESU-8 pair
}

TEST(Utf8Test, RejectsCodePointsAboveTheMaximum) {
  EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(isValidUtf8("\xf7\xbf\xbf\xbf"));
  EXPECT_FALSE(isValidUtf8("\xf8\x88\x80\x80\x80"));  // old 5-byte form
  EXPECT_FALSE(isValidUtf8("\xfe"));
  EXPECT_FALSE(isValidUtf8("\xff"));
}

TEST(Utf8Test, RejectsTruncatedAndStraySequences) {
  EXPECT_FALSE(isValidUtf8("\xc3"));
  EXPECT_FALSE(isValidUtf8("\xe2\x82"));
  EXPECT_FALSE(isValidUtf8("\xf0\x9f\x98"));
  EXPECT_FALSE(isValidUtf8("abcdefghij\xf0\x9f\x98"));
  EXPECT_FALSE(isValidUtf8("\x80"));          // continuation without a lead
  EXPECT_FALSE(isValidUtf8("a\xbf" "b"));
  EXPECT_FALSE(isValidUtf8("\xe2\x28\xa1"));  // second byte not a continuation
  EXPECT_FALSE(isValidUtf8("\xc3\xa9\xa9"));  // one continuation too many
  // Truncation only visible because the view stops early.
  const std::string euro = "\xe2\x82\xac";
  EXPECT_FALSE(isValidUtf8(std::string_view(euro).substr(0, 2)));
  EXPECT_TRUE(isValidUtf8(std::string_view(euro)));
}

}  // namespace
}  // namespace sabot::columnar
