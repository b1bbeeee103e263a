// Normalizer: turns a draft into the two views the matchers run on, each with an offset map
// back to the text as typed.
//
//   folded   NFKC (full-width → half-width), case folding, Traditional → Simplified, and
//            default-ignorable characters (zero-width spaces, joiners, variation selectors,
//            BOMs) removed. Nothing else is removed, so punctuation, bracket codes like
//            [微笑] and emoticons like ^_^ survive: required expressions match here.
//   compact  folded, minus what agents insert between CJK characters to dodge filters:
//            spaces, symbols, emoji and non-clause punctuation *between two Han characters*
//            (不 知 道, 不*知*道, 不😊知道 → 不知道). Clause punctuation (，。！？；：、 and
//            newlines) is kept, because 不，知道了 is not 不知道, except inside a word spelled
//            out one character per clause: 不，知，道 and 我，不，知，道 → 不知道 (see
//            FindSpelledOutGaps for where the line is). Banned expressions match here.
//
// Every byte of a view maps to the original code point it came from, so a match [b, e) in a
// view is the original UTF-8 text from the code point at src_begin[b] to the end of the one at
// src_begin[e-1].
//
// Lifecycle: built once per process (Default()); the per-code-point table replaces ICU calls
// on the hot path (NFKC and the Traditional→Simplified transliterator are applied to every
// BMP code point at build time; exact for the context-free mappings these views need).
// Thread-safety: const after construction; Normalize() may run on any number of threads.
#ifndef REPLYLINT_RULES_NORMALIZER_H_
#define REPLYLINT_RULES_NORMALIZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace replylint {

// What a code point is, for the purposes of evasion removal and clause splitting.
enum class CharClass : uint8_t {
  kOther,    // letters, digits, spacing marks
  kHan,      // CJK ideographs (script Han)
  kSpace,    // white space other than line breaks
  kClause,   // clause punctuation: ，。！？；：、, and line breaks
  kFiller,   // other punctuation, symbols, emoji, non-spacing and enclosing marks
  kIgnored,  // default-ignorable: removed from both views
};

// One normalized view of a draft. Buffers are reused across calls (Clear keeps capacity).
struct NormalizedView {
  std::string text;
  // Per byte of `text`: where the original code point it came from starts. Only the first
  // text.size() entries are meaningful: the vector only grows, so a reused view does not
  // allocate or clear per call. (Where it ends is read from the original's lead byte: a
  // second array of ends was a third of the lines Normalize writes, bench/footprint.sh.)
  std::vector<uint32_t> src_begin;
  // The text this view was made from; ToOriginal reads it, so it must outlive those calls.
  absl::string_view source;

  void Clear() { text.clear(); }
  // Original UTF-8 range of the view range [b, e). REQUIRES b <= e <= text.size().
  // An empty view range maps to an empty original range at the source of byte b.
  void ToOriginal(size_t b, size_t e, uint32_t* ob, uint32_t* oe) const;
  // The first byte of the view that comes from the original at or after byte `orig` (its
  // size when none does): the view range of an original range. Binary search.
  size_t FromOriginal(uint32_t orig) const;

 private:
  // The end of the original code point that starts at `at`.
  uint32_t SourceEnd(uint32_t at) const;
};

class NormalizedDraft {
 public:
  const NormalizedView& folded() const { return folded_; }
  // The same object as folded() when the draft has nothing between two Han characters to
  // drop, as in 575 of the 600 corpus drafts; only the others get a second view written.
  const NormalizedView& compact() const { return compact_is_folded_ ? folded_ : compact_; }
  // compact() is folded(): one text to scan.
  bool views_are_one() const { return compact_is_folded_; }

  bool has_unicode_emoji = false;  // any Extended_Pictographic, regional indicator or keycap
  // Characters written in a Traditional form (they fold to a different Simplified one), as
  // counted by the last Normalize (after a Renormalize it also counts the kept part's).
  uint32_t traditional_chars = 0;

 private:
  friend class Normalizer;
  static constexpr uint32_t kNoEmoji = 0xFFFFFFFF;
  uint32_t first_emoji_at_ = kNoEmoji;  // where the first such character starts (Renormalize)
  // Scratch of WriteViews<true>: the clause separators of spelled-out words, as source byte
  // ranges [first, second), which compact drops.
  std::vector<std::pair<uint32_t, uint32_t>> spelled_gaps_;
  // The last Normalize looked for spelled-out words (three one-character clauses in a row)
  // and found none. An edit after them can change that, so Renormalize then starts over.
  bool spelled_checked_ = false;
  NormalizedView folded_;
  NormalizedView compact_;
  bool compact_is_folded_ = false;
};

class Normalizer {
 public:
  // The process-wide instance, built on first use (~100 ms); never destroyed.
  static const Normalizer& Default();
  static absl::StatusOr<std::unique_ptr<Normalizer>> Create();

  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  // REQUIRES: text is valid UTF-8 (callers validate at the boundary).
  void Normalize(absl::string_view text, NormalizedDraft* out) const;

  // As Normalize(text, io), for an `io` that holds the views of an earlier text whose first
  // `unchanged` bytes are text's: those views are kept up to the last character the edit
  // cannot affect and only the rest is written. The engine's rewrite rounds re-lint the
  // draft with its suggestions applied, mostly an emoji or a closing line appended, so most
  // of each view is already there. Returns how many leading bytes of folded() were kept
  // (0 when it wrote everything, as it does when the earlier views were apart).
  // With `unchanged` 0 it is Normalize, whatever io holds.
  // REQUIRES: text is valid UTF-8; io was last written by Normalize or Renormalize from a
  // text that agrees with `text` on [0, unchanged).
  size_t Renormalize(absl::string_view text, size_t unchanged, NormalizedDraft* io) const;

  // Convenience for lexicon entries: the compact (or folded) form of `text`.
  std::string Compact(absl::string_view text) const;
  std::string Fold(absl::string_view text) const;

  // Inline for the common case, a plain Han character (rules call this per character).
  CharClass ClassOf(char32_t cp) const {
    if (IsPlainHan(cp)) return CharClass::kHan;
    return ClassOfTable(cp);
  }
  // The first code point `cp` folds to (NFKC, case, Traditional->Simplified), or 0 when it
  // folds to nothing. A table lookup, for callers comparing texts character by character.
  char32_t FoldFirst(char32_t cp) const;
  static bool IsEmojiCodePoint(char32_t cp);

  // Writes the Simplified characters of `text` that have a Traditional form in that form
  // (发 → 發), character by character as ICU's Simplified-Traditional maps them; everything
  // else is left. For suggestions offered in a draft written in Traditional. In place, with
  // no allocation, when the forms have the same UTF-8 length (all of the BMP's Han do).
  // A character with several Traditional forms gets ICU's one-to-one choice, which is wrong
  // in some words the lexicons' suggestions use (系 stays 系, but 联系 is 聯繫): those words
  // are corrected after (kTraditionalWords in normalizer.cc).
  void ToTraditional(std::string* text) const;

  // Whether `text` holds a character written differently in Traditional (发, 这, 么: a
  // character ToTraditional would change). A draft with Traditional forms and none of these
  // is written in Traditional however few its Traditional forms are (不好意思，超過七天了).
  // REQUIRES: text is valid UTF-8.
  bool HasSimplifiedForm(absl::string_view text) const;

 private:
  // ToTraditional's first step: ICU's mapping, one character at a time.
  void ToTraditionalByCharacter(std::string* text) const;
  // 4 bytes per BMP code point (256 KiB in all). Most code points (every common Han
  // character among them) fold to themselves; those are marked `identity` and copied from
  // the draft, so the pool holds only the ~5k real folds and a draft touches one table entry
  // per character instead of an entry and a pool line: under load, with the caches full of
  // gRPC's and the kernel's data, each of those is a miss.
  struct Entry {
    uint32_t offset : 19;  // into pool_
    uint32_t length : 7;   // bytes of folded UTF-8 (identity: bytes of the code point)
    uint32_t cls : 4;      // CharClass
    uint32_t emoji : 1;
    uint32_t identity : 1;  // folds to itself; pool_ holds nothing for it
  };
  static_assert(sizeof(Entry) == 4);
  Normalizer() = default;

  std::vector<Entry> bmp_;  // indexed by BMP code point
  // The CJK Unified Ideographs block, where nearly every character of a draft is: bit set
  // when the character is not a plain Han character that folds to itself (a Traditional
  // form, say). A clear bit answers without bmp_: 2.6 KiB that stay in cache, where the
  // table's 84 KiB for the block did not (under load each character was a cache miss).
  static constexpr char32_t kHanBegin = 0x4E00, kHanEnd = 0xA000;
  std::vector<uint64_t> han_not_plain_;
  // Simplified → Traditional for the Simplified characters that Traditional ones fold to.
  absl::flat_hash_map<char32_t, char32_t> to_traditional_;
  bool IsPlainHan(char32_t cp) const {
    return cp >= kHanBegin && cp < kHanEnd &&
           !(han_not_plain_[(cp - kHanBegin) >> 6] >> ((cp - kHanBegin) & 63) & 1);
  }
  CharClass ClassOfTable(char32_t cp) const;
  static void NoteEmoji(uint32_t at, NormalizedDraft* out) {
    out->has_unicode_emoji = true;
    if (out->first_emoji_at_ == NormalizedDraft::kNoEmoji) out->first_emoji_at_ = at;
  }
  // Where WriteViews is in the runs FindSpelledOutGaps reads, counting only what compact
  // keeps (not spaces, fillers or ignored characters): the Han characters of the current run,
  // and the one-character runs in a row before it, separated by clause punctuation.
  struct Spelling {
    uint32_t han_run;
    uint32_t singles;
  };
  // The Spelling of text[0, end), read backwards: exact up to 2 for han_run and 3 for
  // singles, which is all WriteViews asks of it.
  Spelling SpellingBefore(absl::string_view text, size_t end) const;
  // Writes out's folded view and, with kCompact, its compact view. Without kCompact it stops
  // at the first run compact would drop, including the separators of a spelled-out word
  // (FindSpelledOutGaps), and returns false (the views then differ). With kCompact it returns
  // false when it finds the first spelled-out word after writing its separators, having
  // recorded the words in out: run it again. Unless out->spelled_checked_, whoever starts a
  // draft's views clears it first (Normalize). Starting at byte `from`
  // of `text` (a character boundary) after what `out` already holds (see Renormalize), with
  // `last_kept` the class of the last character before `from` that was neither space nor
  // filler, and `spelling` the Spelling of text[0, from).
  template <bool kCompact>
  bool WriteViews(absl::string_view text, NormalizedDraft* out, size_t from = 0,
                  CharClass last_kept = CharClass::kOther, Spelling spelling = {0, 0}) const;
  // The separators compact drops between the characters of words spelled out one per clause,
  // appended to `gaps` in order. Text splits into runs of Han characters (joined by nothing,
  // or by spaces and fillers, which compact drops anyway) and separators that hold clause
  // punctuation; a run of one character is a "single". Where at least three singles follow
  // one another (不，知，道; 好，不，行), the separators among them and to the runs on either
  // side are dropped (我，不，知，道啊 → 我不知道啊). Two singles are ordinary writing as
  // often as not (嗯，哦，这个不行; 您好，不，知道了) and stay: a dodge of two characters
  // in a row (我不，知，道) gets through.
  void FindSpelledOutGaps(absl::string_view text,
                          std::vector<std::pair<uint32_t, uint32_t>>* gaps) const;
  // Writes both views of a draft whose compact view differs from folded.
  void WriteBothViews(absl::string_view text, NormalizedDraft* out) const;
  // At the end of a run (a clause, Other or the text's end): counts the run if it was a
  // single, and on the third single in a row runs FindSpelledOutGaps once per draft (into
  // out's scratch). True when it found a word to join.
  bool ThirdSingleFindsGaps(absl::string_view text, Spelling* spelling,
                            NormalizedDraft* out) const;
  // Class and emoji bit of U+1F000..U+1FFFF (emoji, mahjong, cards, symbols): the astral
  // characters drafts actually carry, one byte each, so the common 😊 costs a lookup rather
  // than two ICU property calls. Bits 0-3: CharClass; bit 4: emoji.
  static constexpr char32_t kSmpSymbolsBegin = 0x1F000, kSmpSymbolsEnd = 0x20000;
  std::vector<uint8_t> smp_symbols_;
  std::string pool_;        // folded UTF-8 of the BMP code points that change, concatenated
};

// The end of the emoji code that opens at byte `open` of `t` — [微笑] or 【微笑】, up to 6
// characters between the brackets, as chat consoles write emoji — or 0 when none does.
// Looks at most 6 characters ahead, so a scan over a draft full of [ stays linear.
size_t EmojiCodeEnd(absl::string_view t, size_t open);

// The message's words: `t` (a view the normalizer wrote) without the punctuation, spaces,
// emoji and emoji codes (EmojiCodeEnd: [微笑], 【微笑】) at either end, as bytes [*b, *en).
// 什么事？[微笑] -> 什么事. An `alone` lexicon entry matches exactly when it is this.
absl::string_view MessageCore(const Normalizer& n, absl::string_view t, size_t* b, size_t* en);

}  // namespace replylint

#endif  // REPLYLINT_RULES_NORMALIZER_H_
