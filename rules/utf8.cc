#include "rules/utf8.h"

#include <algorithm>
#include <cstring>

namespace replylint {

size_t FindInvalidUtf8(absl::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    char32_t min;
    char32_t cp;
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

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void ToTextOffsets(absl::string_view text, const uint32_t* utf8_sorted, size_t count,
                   TextOffset* out) {
  TextOffset at;
  size_t pos = 0;
  for (size_t k = 0; k < count; ++k) {
    const uint32_t target = utf8_sorted[k];
    while (pos < target && pos < text.size()) {
      const char32_t cp = DecodeUtf8(text, &pos);
      at.utf16 += cp >= 0x10000 ? 2 : 1;
      at.cp += 1;
    }
    at.utf8 = static_cast<uint32_t>(pos);
    out[k] = at;
  }
}

size_t CountCodePoints(absl::string_view text) {
  // Every byte but the continuation bytes (10xxxxxx) starts a code point. Eight bytes at a
  // time: the length rule counts every draft's paragraphs, and GCC does not vectorize the
  // byte loop (it was 4% of the engine's instructions, bench/instructions.sh).
  const char* p = text.data();
  size_t n = text.size(), continuation = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    const uint64_t ones = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;  // 1 per such byte
    continuation += static_cast<size_t>((ones * 0x0101010101010101ull) >> 56);  // their sum
  }
  for (; n > 0; ++p, --n) continuation += (static_cast<unsigned char>(*p) & 0xC0) == 0x80;
  return text.size() - continuation;
}

size_t CommonPrefixLength(absl::string_view a, absl::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) {
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
      return i + static_cast<size_t>(__builtin_clzll(x ^ y)) / 8;
#else
      return i + static_cast<size_t>(__builtin_ctzll(x ^ y)) / 8;
#endif
    }
  }
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

}  // namespace replylint
