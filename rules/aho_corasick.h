// AhoCorasick: finds every occurrence of many literal byte strings in one pass.
//
// This is the "one multi-pattern pass over the normalized text" of the engine: a Ruleset
// builds one automaton over all of its literal lexicon entries, so lint cost does not grow
// with the number of entries. Byte-level over UTF-8 is exact: UTF-8 is self-synchronizing,
// so a pattern can only match at code point boundaries.
//
// Why not Vectorscan/Hyperscan: Debian 12 only ships it for amd64, the automaton is ~150
// lines, and a few hundred short patterns over ~100-byte drafts is small enough that a
// sparse trie with failure links runs in a few hundred ns (see bench/README.md).
//
// Lifecycle: Builder::Add patterns, then Build() once; the result is immutable and safe to
// Scan from any number of threads. Scan allocates nothing.
#ifndef REPLYLINT_RULES_AHO_CORASICK_H_
#define REPLYLINT_RULES_AHO_CORASICK_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

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

   private:
    std::vector<std::string> patterns_;
  };

  AhoCorasick() = default;

  // Calls on_match(pattern_id, end_byte) for every occurrence, in order of end position.
  // The match is text[end - pattern_length(id), end).
  template <typename F>
  void Scan(absl::string_view text, F&& on_match) const;

  size_t pattern_length(int id) const { return lengths_[id]; }
  size_t pattern_count() const { return lengths_.size(); }

 private:
  // The automaton is a DFA: failure links are resolved at build time. State s's transitions
  // that differ from the root's are edges_[states_[s].edge_begin .. states_[s+1].edge_begin),
  // sorted by byte; every other byte goes where the root's would (root_next_, dense, because
  // most bytes of a draft are read from shallow states). A state's edge range and output
  // range sit in one record and each edge carries its byte and target in one word, so a
  // transition touches two cache lines, not four: drafts arrive with the caches cold.
  uint32_t Next(uint32_t state, unsigned char byte) const;

  struct State {
    uint32_t edge_begin;
    uint32_t out_begin;  // outputs of state s: out_ids_[out_begin .. states_[s+1].out_begin)
  };
  static unsigned char EdgeByte(uint64_t e) { return static_cast<unsigned char>(e); }
  static uint32_t EdgeTarget(uint64_t e) { return static_cast<uint32_t>(e >> 8); }

  std::vector<State> states_;   // one more than there are states, to close the last ranges
  std::vector<uint64_t> edges_;  // target << 8 | byte
  std::vector<int32_t> out_ids_;
  uint32_t root_next_[256] = {};
  // At the root, a character that starts no pattern leaves the automaton at the root, so
  // Scan skips it whole: one bit test per character instead of a transition per byte.
  // Bit FirstHash(c) is set when some pattern starts with BMP code point c. A hashed filter
  // (false positives only cost a transition) rather than one bit per BMP code point: 512
  // bytes stay in cache between drafts where the 8 KiB bitmap did not — in the server the
  // caches hold gRPC's and the kernel's data between two drafts, and that bitmap's lines were
  // the scan's most frequent misses (perf).
  static constexpr int kFirstFilterBits = 12;
  static uint32_t FirstHash(char32_t cp) {
    return (static_cast<uint32_t>(cp) * 2654435761u) >> (32 - kFirstFilterBits);
  }
  uint64_t first_filter_[(1 << kFirstFilterBits) / 64] = {};
  std::vector<uint32_t> lengths_;
};

inline uint32_t AhoCorasick::Next(uint32_t state, unsigned char byte) const {
  const uint64_t* lo = edges_.data() + states_[state].edge_begin;
  const uint64_t* hi = edges_.data() + states_[state + 1].edge_begin;
  while (hi - lo > 8) {  // binary search down to a short linear scan
    const uint64_t* mid = lo + (hi - lo) / 2;
    if (EdgeByte(*mid) < byte) {
      lo = mid + 1;
    } else {
      hi = mid + 1;
    }
  }
  for (const uint64_t* p = lo; p < hi; ++p) {
    if (EdgeByte(*p) == byte) return EdgeTarget(*p);
  }
  return root_next_[byte];
}

template <typename F>
void AhoCorasick::Scan(absl::string_view text, F&& on_match) const {
  if (lengths_.empty()) return;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  uint32_t state = 0;
  size_t i = 0;
  while (i < n) {
    if (state == 0) {
      // Fast skip of characters that start no pattern (only at a character boundary).
      const unsigned char c = s[i];
      char32_t cp;
      size_t len;
      if (c < 0x80) {
        cp = c, len = 1;
      } else if (c >= 0xE0 && c < 0xF0 && i + 2 < n) {
        cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F), len = 3;
      } else if (c >= 0xC0 && c < 0xE0 && i + 1 < n) {
        cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F), len = 2;
      } else {
        cp = 0, len = 0;  // 4-byte or continuation: take the byte path
      }
      if (len != 0 && !(first_filter_[FirstHash(cp) >> 6] >> (FirstHash(cp) & 63) & 1)) {
        i += len;
        continue;
      }
    }
    state = Next(state, s[i]);
    ++i;
    for (uint32_t k = states_[state].out_begin; k < states_[state + 1].out_begin; ++k) {
      on_match(out_ids_[k], i);
    }
  }
}

}  // namespace replylint

#endif  // REPLYLINT_RULES_AHO_CORASICK_H_
