// UTF-8 primitives shared by the engine: validation, decoding, and converting byte offsets
// into UTF-16 code units and code points (the three units every Span carries).
//
// Stateless free functions; thread-safe. No allocation except AppendUtf8.
#ifndef REPLYLINT_RULES_UTF8_H_
#define REPLYLINT_RULES_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"

namespace replylint {

// Returns the byte offset of the first invalid sequence in `text`, or text.size() when the
// whole string is valid UTF-8 (shortest form, no surrogates, <= U+10FFFF).
size_t FindInvalidUtf8(absl::string_view text);
inline bool IsValidUtf8(absl::string_view text) {
  return FindInvalidUtf8(text) == text.size();
}

// Decodes the code point at text[*pos] and advances *pos past it.
// REQUIRES: text is valid UTF-8 and *pos < text.size() is at a code point boundary.
inline char32_t DecodeUtf8(absl::string_view text, size_t* pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + *pos;
  if (s[0] < 0x80) {
    *pos += 1;
    return s[0];
  }
  if (s[0] < 0xE0) {
    *pos += 2;
    return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
  }
  if (s[0] < 0xF0) {
    *pos += 3;
    return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  }
  *pos += 4;
  return ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) |
         (s[3] & 0x3F);
}

// The start of the code point that holds byte `pos`: pos itself when it starts one or is
// text.size(). REQUIRES: text is valid UTF-8 and pos <= text.size().
inline size_t CodePointStartAt(absl::string_view text, size_t pos) {
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) {
    --pos;
  }
  return pos;
}

// The first byte of the code point that ends at text[pos].
// REQUIRES: text is valid UTF-8 and 0 < pos <= text.size() is at a code point boundary.
inline size_t PrevCodePointStart(absl::string_view text, size_t pos) {
  size_t p = pos - 1;
  while (p > 0 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
  return p;
}

// Decodes the code point that ends at text[*pos] and moves *pos back to its first byte.
// REQUIRES: as PrevCodePointStart.
inline char32_t DecodeUtf8Before(absl::string_view text, size_t* pos) {
  *pos = PrevCodePointStart(text, *pos);
  size_t p = *pos;
  return DecodeUtf8(text, &p);
}

void AppendUtf8(char32_t cp, std::string* out);

// Offsets of one position in the three units of a Span.
struct TextOffset {
  uint32_t utf8 = 0;
  uint32_t utf16 = 0;
  uint32_t cp = 0;
};

// Converts `count` UTF-8 byte offsets (sorted ascending, each at a code point boundary and
// <= text.size()) into TextOffsets in one pass over `text`.
void ToTextOffsets(absl::string_view text, const uint32_t* utf8_sorted, size_t count,
                   TextOffset* out);

// Number of code points in `text` (valid UTF-8).
size_t CountCodePoints(absl::string_view text);

// How many leading bytes `a` and `b` share.
size_t CommonPrefixLength(absl::string_view a, absl::string_view b);

}  // namespace replylint

#endif  // REPLYLINT_RULES_UTF8_H_
