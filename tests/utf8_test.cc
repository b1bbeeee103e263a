#include "rules/utf8.h"

#include "gtest/gtest.h"

namespace replylint {
namespace {

TEST(Utf8Test, FindsFirstInvalidByte) {
  struct Case {
    std::string text;
    size_t bad;
  } cases[] = {
      {"", 0},
      {"abc", 3},
      {"不知道", 9},
      {"😊", 4},
      {std::string("ab\xFF", 3), 2},                 // never valid
      {std::string("\xE4\xB8", 2), 0},              // truncated
      {std::string("a\xC0\xAF", 3), 1},             // overlong '/'
      {std::string("\xED\xA0\x80", 3), 0},          // surrogate
      {std::string("\xF4\x90\x80\x80", 4), 0},      // > U+10FFFF
      {std::string("ok\x80", 3), 2},                // stray continuation
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FindInvalidUtf8(c.text), c.bad) << c.text;
  }
}

TEST(Utf8Test, DecodeAndAppendRoundTrip) {
  for (char32_t cp : {U'a', U'é', U'不', U'😊', U'\U0010FFFF'}) {
    std::string s;
    AppendUtf8(cp, &s);
    size_t pos = 0;
    EXPECT_EQ(DecodeUtf8(s, &pos), cp);
    EXPECT_EQ(pos, s.size());
  }
}

TEST(Utf8Test, OffsetsInAllThreeUnits) {
  const std::string text = "a😊不b";  // 1 + 4 + 3 + 1 bytes
  const uint32_t points[] = {0, 1, 5, 8, 9};
  TextOffset out[5];
  ToTextOffsets(text, points, 5, out);
  EXPECT_EQ(out[2].utf16, 3u);  // the emoji is a surrogate pair
  EXPECT_EQ(out[2].cp, 2u);
  EXPECT_EQ(out[3].utf16, 4u);
  EXPECT_EQ(out[3].cp, 3u);
  EXPECT_EQ(out[4].utf8, 9u);
  EXPECT_EQ(out[4].utf16, 5u);
  EXPECT_EQ(out[4].cp, 4u);
}

}  // namespace
}  // namespace replylint
