// Segmenter: answers "does this match line up with word boundaries?" using ICU's dictionary
// word BreakIterator for Chinese, so 不行 does not fire inside 我们不行使该项权利 (不/行使) and
// 你 does not fire inside 迷你.
//
// Cost control: ICU segmentation costs ~4-5 µs per draft, most of the 5 µs budget, so it runs
// only when a lexicon match needs its edges checked, and only over the CJK run around the
// match (bounded by clause punctuation, ASCII, and kWindowBytes either side). A WordCache
// keeps the last window's boundaries, so several matches in one clause segment it once.
//
// Thread-safety: each thread lazily creates its own BreakIterator (ICU iterators are not
// thread-safe); WordCache is per-call scratch, owned by the caller.
#ifndef REPLYLINT_RULES_SEGMENTER_H_
#define REPLYLINT_RULES_SEGMENTER_H_

#include <cstddef>
#include <cstdint>
#include "absl/strings/string_view.h"
#include <vector>

namespace replylint {

class WordCache {
 public:
  void Clear() { window_begin_ = window_end_ = 0; boundaries_.clear(); text_ = nullptr; }

 private:
  friend class Segmenter;
  const char* text_ = nullptr;
  size_t window_begin_ = 0, window_end_ = 0;
  std::vector<uint32_t> boundaries_;  // absolute byte offsets, ascending
};

class Segmenter {
 public:
  // Bytes of context ICU sees on each side of a match, at most.
  static constexpr size_t kWindowBytes = 48;

  // True when [begin, end) of `text` (UTF-8, code point aligned) lines up with ICU's words:
  // each edge is a word boundary, or the word straddling it reaches outside the match only
  // by clitics — pronouns, common adverbs, particles that ICU's dictionary glues on (我不/清楚,
  // 我也没/办法, 不行了). 不/行使 and 迷你 do not line up. `cache` may be reused across calls
  // on the same text.
  static bool AlignsWithWords(absl::string_view text, size_t begin, size_t end,
                              WordCache* cache);

  // True when [begin, end) cuts a run of ASCII letters and digits at either edge: bzd in
  // abzd123, 88 in 1888123, 3q in 3qt. Such a run is one word whatever the dictionary says
  // (UAX #29 never breaks inside it), so no Latin or digit expression matches inside one.
  static bool CutsAsciiWord(absl::string_view text, size_t begin, size_t end) {
    return SplitsAsciiWord(text, begin) || SplitsAsciiWord(text, end);
  }

  // The last word boundary b of `text` with lo < b <= at, segmenting only the kWindowBytes
  // before `at` (and after it, so the word at `at` is seen whole); `lo` when there is none
  // there. For splitting a long run of text with no punctuation between words, not inside
  // one (发货|了请, not 查|收). REQUIRES: lo <= at <= text.size(), both code point aligned.
  static size_t LastBoundaryAtOrBefore(absl::string_view text, size_t lo, size_t at);

  // All word boundaries of `text` (for tools: `replylint check` and tests).
  static std::vector<uint32_t> Boundaries(absl::string_view text);

 private:
  static bool IsAsciiWordChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  static bool SplitsAsciiWord(absl::string_view text, size_t at) {
    return at > 0 && at < text.size() && IsAsciiWordChar(text[at - 1]) &&
           IsAsciiWordChar(text[at]);
  }
};

}  // namespace replylint

#endif  // REPLYLINT_RULES_SEGMENTER_H_
