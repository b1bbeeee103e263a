#include "rules/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>
#include <string>

#include "rules/utf8.h"

namespace replylint {
namespace {

icu::BreakIterator* ThreadIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(
        icu::BreakIterator::createWordInstance(icu::Locale("zh"), status));
    if (U_FAILURE(status)) bi.reset();
    return bi;
  }();
  return it.get();
}

// Bytes that end a segmentation window: ASCII (punctuation, spaces, Latin: ICU always breaks
// between those and Han anyway) and the CJK clause marks 。、 (E3 80 82 / E3 80 81).
bool IsWindowStop(absl::string_view text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return true;
  if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
    const auto c2 = static_cast<unsigned char>(text[i + 2]);
    return c2 == 0x81 || c2 == 0x82;
  }
  return false;
}

void SegmentWithIcu(absl::string_view text, size_t wb, size_t we, std::vector<uint32_t>* out) {
  out->clear();
  icu::BreakIterator* bi = ThreadIterator();
  if (bi == nullptr) return;
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text.data() + wb, static_cast<int64_t>(we - wb), &status);
  if (U_FAILURE(status)) return;
  bi->setText(&ut, status);
  if (U_SUCCESS(status)) {
    for (int32_t p = bi->first(); p != icu::BreakIterator::DONE; p = bi->next()) {
      out->push_back(static_cast<uint32_t>(wb + p));
    }
  }
  // NOTE: the iterator keeps a pointer to `ut`; give it an empty text before `ut` dies.
  utext_close(&ut);
  UText empty = UTEXT_INITIALIZER;
  utext_openUTF8(&empty, "", 0, &status);
  bi->setText(&empty, status);
  utext_close(&empty);
}

// ICU's answer depends only on the window's bytes, and the same windows come back: the
// rewrite of a draft is linted again with most of its clauses unchanged, and a compose box
// sends the same clauses keystroke after keystroke. A few windows per thread are remembered
// (ICU's dictionary walk was ~3% of a Lint call under load).
void Segment(absl::string_view text, size_t wb, size_t we, std::vector<uint32_t>* out) {
  struct Remembered {
    std::string window;
    std::vector<uint32_t> boundaries;  // relative to the window
  };
  constexpr size_t kRemembered = 4;
  thread_local Remembered memo[kRemembered];
  thread_local size_t next = 0;
  const absl::string_view window = text.substr(wb, we - wb);
  for (const Remembered& m : memo) {
    if (m.window == window && !m.boundaries.empty()) {
      out->clear();
      for (uint32_t b : m.boundaries) out->push_back(static_cast<uint32_t>(wb + b));
      return;
    }
  }
  SegmentWithIcu(text, wb, we, out);
  Remembered& m = memo[next];
  next = (next + 1) % kRemembered;
  m.window.assign(window.data(), window.size());
  m.boundaries.clear();
  for (uint32_t b : *out) m.boundaries.push_back(static_cast<uint32_t>(b - wb));
}

// Whether ICU's dictionary segmentation can put the boundary anywhere near `cp`: only for
// scripts segmented by dictionary (Han, kana, Hangul). Next to anything else (punctuation,
// spaces, Latin, digits, emoji) UAX #29 always breaks.
bool IsDictionaryScript(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

// True when the boundary at byte `at` of `text` is certain without segmenting.
bool HardBoundary(absl::string_view text, size_t at, bool before) {
  if (before) {
    if (at == 0) return true;
    size_t p = at;
    return !IsDictionaryScript(DecodeUtf8Before(text, &p));
  }
  if (at >= text.size()) return true;
  size_t p = at;
  return !IsDictionaryScript(DecodeUtf8(text, &p));
}

bool IsClitic(char32_t cp);

// True when the edge at `at` holds whatever ICU does: the neighbour is a hard boundary, or
// only clitics lie between the edge and the next hard boundary, so any word straddling the
// edge reaches outside only by clitics (see EdgeHolds).
bool EdgeCertain(absl::string_view text, size_t at, bool before) {
  if (before) {
    size_t p = at;
    while (p > 0) {
      if (HardBoundary(text, p, true)) return true;
      if (!IsClitic(DecodeUtf8Before(text, &p))) return false;
    }
    return true;
  }
  size_t p = at;
  while (p < text.size()) {
    if (HardBoundary(text, p, false)) return true;
    size_t q = p;
    if (!IsClitic(DecodeUtf8(text, &q))) return false;
    p = q;
  }
  return true;
}

// Characters that ICU's dictionary glues onto neighbouring words (我不/清楚, 我也没/办法,
// 不行了, 你的): pronouns, common adverbs and sentence particles. A word that straddles a
// match edge only by such characters does not make the match a false alarm; one that
// straddles it by a real morpheme does (不/行使, 迷你).
bool IsClitic(char32_t cp) {
  switch (cp) {
    case U'我': case U'你': case U'您': case U'他': case U'她': case U'它': case U'们':
    case U'也': case U'都': case U'就': case U'还': case U'又': case U'很': case U'真':
    case U'太': case U'是': case U'再': case U'才': case U'可':
    case U'了': case U'的': case U'吗': case U'呢': case U'吧': case U'啊': case U'呀':
    case U'啦': case U'哦': case U'嘛': case U'着': case U'过': case U'喔':
      return true;
    default:
      return false;
  }
}

bool AllClitics(absl::string_view text, size_t from, size_t to) {
  size_t p = from;
  while (p < to) {
    if (!IsClitic(DecodeUtf8(text, &p))) return false;
  }
  return true;
}

// Whether the match edge at `at` holds: it is a word boundary, or the word straddling it
// reaches outside the match only by clitics.
bool EdgeHolds(absl::string_view text, const std::vector<uint32_t>& b, size_t at, bool start) {
  auto it = std::lower_bound(b.begin(), b.end(), static_cast<uint32_t>(at));
  if (it != b.end() && *it == at) return true;
  if (it == b.begin() || it == b.end()) return true;  // outside the segmented window
  const size_t word_begin = *(it - 1), word_end = *it;
  return start ? AllClitics(text, word_begin, at) : AllClitics(text, at, word_end);
}

}  // namespace

bool Segmenter::AlignsWithWords(absl::string_view text, size_t begin, size_t end,
                                WordCache* cache) {
  if (begin >= end) return true;
  // ASCII runs are window stops below, so ICU would never see the word a Latin match cuts.
  if (CutsAsciiWord(text, begin, end)) return false;
  // Most matches sit between punctuation or at the ends of the draft, or next to particles
  // that run up to punctuation (你自己看|吧。): no ICU call needed.
  if (EdgeCertain(text, begin, true) && EdgeCertain(text, end, false)) return true;
  if (cache->text_ != text.data() || begin < cache->window_begin_ ||
      end > cache->window_end_) {
    // Grow the window from the match out to the nearest stop, within kWindowBytes.
    size_t wb = begin;
    while (wb > 0 && begin - wb < kWindowBytes) {
      const size_t prev = PrevCodePointStart(text, wb);
      if (IsWindowStop(text, prev)) break;
      wb = prev;
    }
    size_t we = end;
    while (we < text.size() && we - end < kWindowBytes && !IsWindowStop(text, we)) {
      ++we;
      while (we < text.size() && (static_cast<unsigned char>(text[we]) & 0xC0) == 0x80) ++we;
    }
    cache->text_ = text.data();
    cache->window_begin_ = wb;
    cache->window_end_ = we;
    Segment(text, wb, we, &cache->boundaries_);
  }
  const auto& b = cache->boundaries_;
  if (b.empty()) return true;  // no iterator: fail open to plain substring matching
  return EdgeHolds(text, b, begin, /*start=*/true) && EdgeHolds(text, b, end, /*start=*/false);
}

size_t Segmenter::LastBoundaryAtOrBefore(absl::string_view text, size_t lo, size_t at) {
  // Both ends on code point starts, never past lo or before at (which are).
  const size_t wb = CodePointStartAt(text, at - std::min(at - lo, kWindowBytes));
  const size_t we = CodePointStartAt(text, std::min(text.size(), at + kWindowBytes));
  if (wb == at) return lo;
  thread_local std::vector<uint32_t> boundaries;
  Segment(text, wb, we, &boundaries);
  size_t best = lo;
  for (uint32_t b : boundaries) {
    // The window's own edges are where it was cut, not where a word ends (unless the text
    // itself starts or ends there).
    if ((b == wb && wb != lo) || b > at || (b == we && we != text.size())) continue;
    if (b > lo) best = std::max<size_t>(best, b);
  }
  return best;
}

std::vector<uint32_t> Segmenter::Boundaries(absl::string_view text) {
  std::vector<uint32_t> out;
  Segment(text, 0, text.size(), &out);
  return out;
}

}  // namespace replylint
