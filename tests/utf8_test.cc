#include "rules/utf8.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace replylint {
namespace {

// The definition, spelled out: decode each sequence, then check its code point. The engine's
// FindInvalidUtf8 checks byte ranges instead, and must agree with this on every input.
size_t ReferenceFindInvalidUtf8(absl::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    char32_t min, cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return n;
}

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

// Every string of one and two bytes behind prefixes that start, end and straddle the
// eight-byte ASCII step, and every three-byte string that starts with a non-ASCII byte
// behind two of them: all the lead and second-byte limits, and every truncation.
TEST(Utf8Test, AgreesWithTheDefinitionOnEveryShortString) {
  const std::string prefixes[] = {"", "a", "\xC3\xA9", "\xE4\xB8\x8D", "1234567", "123456789"};
  size_t disagreements = 0;
  auto check = [&](const std::string& s) {
    if (FindInvalidUtf8(s) != ReferenceFindInvalidUtf8(s) && ++disagreements <= 5) {
      ADD_FAILURE() << "disagree on " << absl::CEscape(s);
    }
  };
  for (const std::string& prefix : prefixes) {
    std::string s = prefix;
    for (int len = 1; len <= 3; ++len) {
      if (len == 3 && prefix.size() % 2 == 0) continue;  // "a" and "123456789" suffice
      s.resize(prefix.size() + len);
      for (uint32_t v = 0; v < (1u << (8 * len)); ++v) {
        if (len == 3 && (v & 0x80) == 0) continue;  // ASCII first: covered by len 2
        for (int k = 0; k < len; ++k) s[prefix.size() + k] = static_cast<char>(v >> (8 * k));
        check(s);
      }
    }
  }
  EXPECT_EQ(disagreements, 0u);
}

// Four-byte sequences and longer mixed texts: random strings built from valid characters of
// every length with invalid bytes sprinkled in.
TEST(Utf8Test, AgreesWithTheDefinitionOnRandomTexts) {
  std::mt19937 rng(20261130);
  const std::vector<std::string> pieces = {
      "a", "Z ", "12345678", "\xC3\xA9", "\xE4\xB8\x8D", "\xEF\xBC\x8C", "\xF0\x9F\x98\x8A",
      "\xF4\x8F\xBF\xBF", "\xED\x9F\xBF", "\xEE\x80\x80", "\xE0\xA0\x80"};
  for (int t = 0; t < 200000; ++t) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    if (!s.empty() && rng() % 2) {  // one random byte, anywhere
      s[rng() % s.size()] = static_cast<char>(rng());
    }
    if (!s.empty() && rng() % 4 == 0) s.resize(rng() % s.size());  // cut mid-character
    ASSERT_EQ(FindInvalidUtf8(s), ReferenceFindInvalidUtf8(s)) << absl::CEscape(s);
  }
  // Four bytes with an F0..F4 lead: every second and fourth byte, the third at the
  // continuation limits.
  std::string s(4, '\0');
  for (int lead = 0xF0; lead <= 0xF4; ++lead) {
    for (int b1 = 0; b1 < 256; ++b1) {
      for (int b2 : {0x7F, 0x80, 0xBF, 0xC0}) {
        for (int b3 = 0; b3 < 256; ++b3) {
          s[0] = static_cast<char>(lead), s[1] = static_cast<char>(b1);
          s[2] = static_cast<char>(b2), s[3] = static_cast<char>(b3);
          ASSERT_EQ(FindInvalidUtf8(s), ReferenceFindInvalidUtf8(s)) << absl::CEscape(s);
        }
      }
    }
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
