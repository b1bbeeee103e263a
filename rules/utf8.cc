#include "rules/utf8.h"

#include <algorithm>
#include <cstring>

namespace replylint {

size_t FindInvalidUtf8(absl::string_view text) {
  // Each lead byte is checked by its range, with no code point assembled: the validity rules
  // of RFC 3629's table (overlong forms, surrogates, > U+10FFFF) are all limits on the lead
  // and the second byte. Three-byte characters, nearly all of a Chinese draft, are checked
  // a word at a time. 612 instructions per corpus draft where decoding each character took
  // 1,764 (bench/instructions.sh): every CLI line, HTTP draft and transcript turn pays this.
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  auto cont = [s](size_t k) { return (s[k] & 0xC0) == 0x80; };
  size_t i = 0;
  while (i < n) {
    const unsigned c = s[i];
    if (c < 0x80) {
      ++i;
      // A run of ASCII (a number, a Latin word, an order id) eight bytes at a time.
      for (uint64_t w; i + 8 <= n; i += 8) {
        std::memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull) break;
      }
      continue;
    }
    if (c >= 0xE0 && c <= 0xEF) {
      // A run of three-byte characters checked a word at a time: lead 1110xxxx, two
      // continuation bytes, and a lead other than E0 and ED (which limit the second byte).
      while (n - i >= 4) {
        uint32_t w;
        std::memcpy(&w, s + i, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap32(w);  // s[i] in the low byte
#endif
        if ((w & 0xC0C0F0) != 0x8080E0 || (w & 0x0F) == 0x0 || (w & 0x0F) == 0xD) break;
        i += 3;
      }
      if (i >= n || s[i] < 0xE0 || s[i] > 0xEF) continue;
      if (n - i < 3 || !cont(i + 1) || !cont(i + 2)) return i;
      if (s[i] == 0xE0 && s[i + 1] < 0xA0) return i;  // overlong (< U+0800)
      if (s[i] == 0xED && s[i + 1] > 0x9F) return i;  // a surrogate, U+D800..U+DFFF
      i += 3;
    } else if (c >= 0xC2 && c <= 0xDF) {  // C0 and C1 would be overlong
      if (n - i < 2 || !cont(i + 1)) return i;
      i += 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      if (n - i < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return i;
      if (c == 0xF0 && s[i + 1] < 0x90) return i;  // overlong (< U+10000)
      if (c == 0xF4 && s[i + 1] > 0x8F) return i;  // > U+10FFFF
      i += 4;
    } else {
      return i;  // a continuation byte with no lead, C0, C1, F5..FF
    }
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
