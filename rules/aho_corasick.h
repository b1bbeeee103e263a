// AhoCorasick: finds every occurrence of many literal strings in one pass.
//
// This is the "one multi-pattern pass over the normalized text" of the engine: a Ruleset
// builds one automaton over all of its literal lexicon entries, so lint cost does not grow
// with the number of entries.
//
// The automaton steps once per character (code point), not once per UTF-8 byte: Chinese
// drafts are three bytes a character, and a byte-level automaton spent two of every three
// steps inside a character, in states whose edge lists held every second or third byte of
// every pattern's first character (binary searches, and cache misses under load). Matching
// is exact for valid UTF-8, which is what the engine scans (the normalized views). Bytes
// that are not valid UTF-8 step one at a time as characters of their own, on both sides, so
// such a pattern still matches the same bytes in a text.
//
// Why not Vectorscan/Hyperscan: Debian 12 only ships it for amd64, the automaton is ~200
// lines, and a few hundred short patterns over ~100-byte drafts is small enough that a
// sparse trie with failure links runs in a few hundred ns (see bench/README.md).
//
// Lifecycle: Builder::Add patterns, then Build() once; the result is immutable and safe to
// Scan from any number of threads. Scan allocates nothing.
#ifndef REPLYLINT_RULES_AHO_CORASICK_H_
#define REPLYLINT_RULES_AHO_CORASICK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "rules/utf8.h"

namespace replylint {

class AhoCorasick {
 public:
  class Builder {
   public:
    // Adds a non-empty pattern; returns its id (0, 1, 2, ... in call order). Duplicate
    // patterns get distinct ids and both report.
    int Add(absl::string_view pattern);
    AhoCorasick Build() &&;
    // Patterns added so far (= the id the next Add returns).
    size_t size() const { return patterns_.size(); }
    // Adds every pattern of `other`, in its order: its id k becomes size() + k.
    void AddAll(const Builder& other) {
      patterns_.insert(patterns_.end(), other.patterns_.begin(), other.patterns_.end());
    }

   private:
    std::vector<std::string> patterns_;
  };

  AhoCorasick() = default;

  // Calls on_match(pattern_id, end_byte) for every occurrence, in order of end position.
  // The match is text[end - pattern_length(id), end).
  template <typename F>
  void Scan(absl::string_view text, F&& on_match) const {
    ScanImpl</*kValidUtf8=*/false>(text, on_match);
  }
  // As Scan, with the same matches, for text that is valid UTF-8: the engine's normalized
  // views, which the normalizer builds from validated drafts. It skips Scan's check of each
  // continuation byte, ~6% of the engine's instructions per draft (bench/instructions.sh).
  // REQUIRES: text is valid UTF-8; otherwise it may read past the end.
  template <typename F>
  void ScanValidUtf8(absl::string_view text, F&& on_match) const {
    ScanImpl</*kValidUtf8=*/true>(text, on_match);
  }

  // As ScanValidUtf8, for the matches that end after byte `from` of `text` (a character
  // boundary): those of a text that agrees with an earlier one on its first `from` bytes,
  // whose matches ending by `from` are known (the engine's rewrite round). The automaton's
  // state at `from` is the longest suffix of the text before it that is a pattern's prefix;
  // one as long as the longest pattern is that whole pattern, which nothing extends, so it
  // goes on as its failure state would, a suffix one character shorter. So the scan starts
  // max_pattern_chars() - 1 characters back, at the root, and reports nothing that ends by
  // `from`. (It used to resume from a state recorded after every character of the earlier
  // scan: 4 bytes written per byte of every draft, for the rounds alone.)
  // REQUIRES: as ScanValidUtf8.
  template <typename F>
  void ScanValidUtf8After(absl::string_view text, size_t from, F&& on_match) const {
    size_t start = from;
    for (uint32_t k = 1; k < max_pattern_chars_ && start > 0; ++k) {
      do {
        --start;
      } while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80);
    }
    ScanImpl</*kValidUtf8=*/true>(text, on_match, start, from);
  }

  size_t pattern_length(int id) const { return lengths_[id]; }
  size_t pattern_count() const { return lengths_.size(); }
  // The longest pattern's length in characters.
  uint32_t max_pattern_chars() const { return max_pattern_chars_; }

  // One character of `s` at `i` (REQUIRES i < n): its code point, or for a byte that does
  // not start a valid, shortest-form sequence, 0x110000 + that byte (length 1). One-to-one,
  // so equal character sequences are equal byte sequences.
  static uint32_t Decode(const unsigned char* s, size_t n, size_t i, size_t* len);

 private:
  // The automaton is a DFA over characters: failure links are resolved at build time. State
  // s's transitions that differ from the root's are edges_[states_[s].edge_begin ..
  // states_[s+1].edge_begin), sorted by character; every other character goes where the
  // root's would (root_, a small hash table, because most characters are read at the root).
  struct State {
    uint32_t edge_begin;
    uint32_t out_begin;  // outputs of state s: out_ids_[out_begin .. states_[s+1].out_begin)
  };
  struct Edge {
    uint32_t cp;
    uint32_t target;
  };
  static constexpr uint32_t kNoChar = 0xFFFFFFFF;  // an empty root_ slot

  // From byte `i`, at the root; reports the matches that end after byte `report_after`.
  template <bool kValidUtf8, typename F>
  void ScanImpl(absl::string_view text, F& on_match, size_t i = 0,
                size_t report_after = 0) const;
  uint32_t Next(uint32_t state, uint32_t cp) const;
  uint32_t RootNext(uint32_t cp) const;

  // A character that starts no pattern leaves the automaton at the root, so Scan skips it
  // with one bit test. Bit FirstHash(c) is set when some pattern starts with c: a hashed
  // filter (a false positive only costs a root_ probe) of 512 bytes, which stays in cache
  // between drafts where a bitmap of the BMP (8 KiB) did not.
  static constexpr int kFirstFilterBits = 12;
  static uint32_t FirstHash(uint32_t cp) { return (cp * 2654435761u) >> (32 - kFirstFilterBits); }
  bool MayStart(uint32_t cp) const {
    return first_filter_[FirstHash(cp) >> 6] >> (FirstHash(cp) & 63) & 1;
  }

  std::vector<State> states_;  // one more than there are states, to close the last ranges
  std::vector<Edge> edges_;
  std::vector<int32_t> out_ids_;
  std::vector<Edge> root_;  // open addressing, linear probing; size a power of two
  uint32_t root_mask_ = 0;
  uint64_t first_filter_[(1 << kFirstFilterBits) / 64] = {};
  std::vector<uint32_t> lengths_;
  uint32_t max_pattern_chars_ = 0;
};

inline uint32_t AhoCorasick::Decode(const unsigned char* s, size_t n, size_t i, size_t* len) {
  const unsigned char c = s[i];
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  auto cont = [&](size_t k) { return i + k < n && (s[i + k] & 0xC0) == 0x80; };
  if (c >= 0xE0 && c < 0xF0 && cont(1) && cont(2)) {
    const uint32_t cp = (c & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
    if (cp >= 0x800) {
      *len = 3;
      return cp;
    }
  } else if (c >= 0xC0 && c < 0xE0 && cont(1)) {
    const uint32_t cp = (c & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu);
    if (cp >= 0x80) {
      *len = 2;
      return cp;
    }
  } else if (c >= 0xF0 && c < 0xF8 && cont(1) && cont(2) && cont(3)) {
    const uint32_t cp = (c & 0x07u) << 18 | (s[i + 1] & 0x3Fu) << 12 |
                        (s[i + 2] & 0x3Fu) << 6 | (s[i + 3] & 0x3Fu);
    if (cp >= 0x10000 && cp < 0x110000) {
      *len = 4;
      return cp;
    }
  }
  *len = 1;
  return 0x110000 + c;
}

inline uint32_t AhoCorasick::RootNext(uint32_t cp) const {
  if (!MayStart(cp)) return 0;
  for (uint32_t h = FirstHash(cp) & root_mask_;; h = (h + 1) & root_mask_) {
    const Edge& e = root_[h];
    if (e.cp == cp) return e.target;
    if (e.cp == kNoChar) return 0;
  }
}

inline uint32_t AhoCorasick::Next(uint32_t state, uint32_t cp) const {
  const Edge* lo = edges_.data() + states_[state].edge_begin;
  const Edge* hi = edges_.data() + states_[state + 1].edge_begin;
  while (hi - lo > 8) {  // binary search down to a short linear scan
    const Edge* mid = lo + (hi - lo) / 2;
    if (mid->cp < cp) {
      lo = mid + 1;
    } else {
      hi = mid + 1;
    }
  }
  for (const Edge* p = lo; p < hi; ++p) {
    if (p->cp == cp) return p->target;
  }
  return RootNext(cp);
}

template <bool kValidUtf8, typename F>
void AhoCorasick::ScanImpl(absl::string_view text, F& on_match, size_t i,
                           size_t report_after) const {
  if (lengths_.empty()) return;
  uint32_t state = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  while (i < n) {
    uint32_t cp;
    if constexpr (kValidUtf8) {
      cp = DecodeUtf8(text, &i);
    } else {
      size_t len;
      cp = Decode(s, n, i, &len);
      i += len;
    }
    state = state == 0 ? RootNext(cp) : Next(state, cp);
    if (state == 0) continue;
    if (i <= report_after) continue;  // i > 0 here: report_after 0 reports all
    for (uint32_t k = states_[state].out_begin; k < states_[state + 1].out_begin; ++k) {
      on_match(out_ids_[k], i);
    }
  }
}

}  // namespace replylint

#endif  // REPLYLINT_RULES_AHO_CORASICK_H_
