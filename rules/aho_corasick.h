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
  // that differ from the root's are edge_byte_/edge_target_[edge_begin_[s] ..
  // edge_begin_[s+1]), sorted by byte; every other byte goes where the root's would
  // (root_next_, dense, because most bytes of a draft are read from shallow states).
  uint32_t Next(uint32_t state, unsigned char byte) const;

  std::vector<uint32_t> edge_begin_;
  std::vector<unsigned char> edge_byte_;
  std::vector<uint32_t> edge_target_;
  std::vector<uint32_t> out_begin_;  // outputs of state s: out_ids_[out_begin_[s]..[s+1])
  std::vector<int32_t> out_ids_;
  uint32_t root_next_[256] = {};
  std::vector<uint32_t> lengths_;
};

inline uint32_t AhoCorasick::Next(uint32_t state, unsigned char byte) const {
  const unsigned char* lo = edge_byte_.data() + edge_begin_[state];
  const unsigned char* hi = edge_byte_.data() + edge_begin_[state + 1];
  while (hi - lo > 8) {  // binary search down to a short linear scan
    const unsigned char* mid = lo + (hi - lo) / 2;
    if (*mid < byte) {
      lo = mid + 1;
    } else {
      hi = mid + 1;
    }
  }
  for (const unsigned char* p = lo; p < hi; ++p) {
    if (*p == byte) return edge_target_[p - edge_byte_.data()];
  }
  return root_next_[byte];
}

template <typename F>
void AhoCorasick::Scan(absl::string_view text, F&& on_match) const {
  if (lengths_.empty()) return;
  uint32_t state = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    state = Next(state, static_cast<unsigned char>(text[i]));
    for (uint32_t k = out_begin_[state]; k < out_begin_[state + 1]; ++k) {
      on_match(out_ids_[k], i + 1);
    }
  }
}

}  // namespace replylint

#endif  // REPLYLINT_RULES_AHO_CORASICK_H_
