#include "rules/normalizer.h"

#include <algorithm>
#include <type_traits>

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rules/utf8.h"

namespace replylint {
namespace {

bool IsHan(char32_t cp) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(cp), &status) == USCRIPT_HAN;
}

// Classifies `cp` given its folded form's first code point.
CharClass Classify(char32_t cp, char32_t folded_first, bool folded_empty) {
  if (folded_empty) return CharClass::kIgnored;
  if (u_charType(cp) == U_FORMAT_CHAR) return CharClass::kIgnored;
  if (IsHan(cp)) return CharClass::kHan;
  switch (folded_first) {
    case ',': case '?': case '!': case ';': case ':': case '\n': case '\r':
    case U'。': case U'、': case 0x2028: case 0x2029:
      return CharClass::kClause;
    default:
      break;
  }
  if (u_isUWhiteSpace(static_cast<UChar32>(cp))) return CharClass::kSpace;
  if (u_ispunct(static_cast<UChar32>(cp))) return CharClass::kFiller;
  switch (u_charType(static_cast<UChar32>(cp))) {
    case U_MATH_SYMBOL: case U_CURRENCY_SYMBOL: case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL: case U_CONTROL_CHAR:
      return CharClass::kFiller;
    default:
      break;
  }
  if (Normalizer::IsEmojiCodePoint(cp)) return CharClass::kFiller;
  switch (u_charType(static_cast<UChar32>(cp))) {
    // Combining marks stacked on Han characters (不̲知̲道̲, 你⃝自己看) are decoration that
    // hides a phrase from plain matching; no Chinese word has them.
    case U_NON_SPACING_MARK: case U_ENCLOSING_MARK:
      return CharClass::kFiller;
    default:
      break;
  }
  return CharClass::kOther;
}

}  // namespace

bool Normalizer::IsEmojiCodePoint(char32_t cp) {
  if (cp == 0x20E3) return true;                     // combining enclosing keycap
  if (cp >= 0x1F1E6 && cp <= 0x1F1FF) return true;   // regional indicators (flags)
  // VS16 asks for the emoji form of the character before it: ©️, ▶️ (and ❤️, an emoji anyway).
  if (cp == 0xFE0F) return true;
  if (cp < 0xA9) return false;                       // ASCII is never pictographic
  if (!u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_EXTENDED_PICTOGRAPHIC)) return false;
  // Below the Miscellaneous Symbols block, a pictograph shown as text by default (©, ®, ™, ‼,
  // arrows, ▶) is a symbol in a sentence, not the smile the guidelines ask for: 好的© passed
  // missing-emoji. From U+2600 on (☺, ❤, ✌, ㊗) agents do use the text-default ones as emoji.
  return cp >= 0x2600 || u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_EMOJI_PRESENTATION);
}

const Normalizer& Normalizer::Default() {
  static const Normalizer* instance = [] {
    auto n = Create();
    // NOTE: ICU data ships with libicu; failure here means a broken install, which no
    // request could work around.
    if (!n.ok()) std::abort();
    return n->release();
  }();
  return *instance;
}

namespace {

// Folds to another character (着) but is written in Simplified too (著名): not a sign of a
// Traditional writer.
constexpr char32_t kShared = U'著';

// What ICU's transliterator `id` makes of each code point alone: the single code point it
// becomes, or 0 when it becomes several or none. One call over all of them, one per line, so
// that the rules that look at neighbours cannot join two.
absl::StatusOr<std::vector<char32_t>> TransliterateEach(const char* id,
                                                         const std::vector<char32_t>& cps) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat("ICU ", id, " transliterator: ", u_errorName(status)));
  }
  icu::UnicodeString batch;
  for (char32_t cp : cps) batch.append(static_cast<UChar32>(cp)).append(static_cast<UChar>('\n'));
  t->transliterate(batch);
  std::vector<char32_t> out;
  out.reserve(cps.size());
  int32_t line_start = 0;
  for (int32_t i = 0; i < batch.length() && out.size() < cps.size(); ++i) {
    if (batch.charAt(i) != '\n') continue;
    icu::UnicodeString line(batch, line_start, i - line_start);
    line_start = i + 1;
    out.push_back(line.countChar32() == 1 ? static_cast<char32_t>(line.char32At(0)) : 0);
  }
  if (out.size() != cps.size()) {
    return absl::InternalError(absl::StrCat("ICU ", id, ": line count mismatch"));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat("ICU NFKC_Casefold: ", u_errorName(status)));
  }

  // Traditional → Simplified for every Han code point in the BMP.
  std::vector<char32_t> han;
  for (char32_t cp = 0x2E80; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    if (IsHan(cp)) han.push_back(cp);
  }
  auto to_simplified = TransliterateEach("Traditional-Simplified", han);
  if (!to_simplified.ok()) return to_simplified.status();
  std::vector<char32_t> simplified(0x10000, 0);
  for (size_t i = 0; i < han.size(); ++i) simplified[han[i]] = (*to_simplified)[i];
  // NOTE: 著 is the Traditional form of the particle 着 (等著, 看著辦) and a Simplified character
  // in its own right (著名, 著作). It folds to 着 like any Traditional form, so that 你等著
  // meets the entry 你等着; no lexicon entry is about 著名, and a Simplified draft that writes
  // it is not counted as Traditional for that (kShared, in Normalize).
  // 妳 (you, to a woman; written in Taiwan and Hong Kong) is not a Traditional form to ICU,
  // so 妳自己看吧 slipped past every 你 entry. Folded to 你 it matches them; the text a
  // suggestion replaces is still the draft's own 妳, and a draft that writes it is treated
  // as Traditional, as it almost always is.
  simplified[U'妳'] = U'你';

  std::unique_ptr<Normalizer> n(new Normalizer());

  // The way back, for suggestions in a Traditional draft: each Simplified character that a
  // Traditional one folds to, kept when ICU's Simplified-Traditional gives one that folds back.
  {
    std::vector<char32_t> targets;
    std::vector<bool> seen(0x10000, false);
    for (char32_t t : han) {
      const char32_t s = simplified[t];
      if (s == 0 || s == t || s >= 0x10000 || seen[s]) continue;
      seen[s] = true;
      targets.push_back(s);
    }
    auto back = TransliterateEach("Simplified-Traditional", targets);
    if (!back.ok()) return back.status();
    for (size_t i = 0; i < targets.size(); ++i) {
      const char32_t t = (*back)[i];
      if (t != 0 && t != targets[i] && t < 0x10000 && simplified[t] == targets[i]) {
        n->to_traditional_[targets[i]] = t;
      }
    }
  }

  n->bmp_.resize(0x10000, Entry{0, 0, static_cast<uint32_t>(CharClass::kIgnored), 0, 0});
  n->pool_.reserve(1 << 16);
  for (char32_t cp = 0; cp < 0x10000; ++cp) {
    Entry& e = n->bmp_[cp];
    e.offset = static_cast<uint32_t>(n->pool_.size());
    if (n->pool_.size() >= (1u << 19)) return absl::InternalError("fold table pool overflow");
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    icu::UnicodeString src(static_cast<UChar32>(cp));
    icu::UnicodeString folded = nfkc_cf->normalize(src, status);
    if (U_FAILURE(status)) return absl::InternalError("ICU normalize failed");
    std::string utf8;
    char32_t first = 0;
    for (int32_t i = 0; i < folded.length();) {
      char32_t c = folded.char32At(i);
      i += U16_LENGTH(c);
      if (c < 0x10000 && simplified[c] != 0) c = simplified[c];
      if (first == 0) first = c;
      AppendUtf8(c, &utf8);
    }
    // Full-width lenticular brackets are how some consoles write emoji codes: 【微笑】.
    if (cp == U'【') utf8 = "[", first = '[';
    if (cp == U'】') utf8 = "]", first = ']';
    if (utf8.size() > 127) utf8 = std::string();  // never happens for real folds; be safe
    e.length = static_cast<uint32_t>(utf8.size());
    e.cls = static_cast<uint32_t>(Classify(cp, first, utf8.empty()));
    e.emoji = IsEmojiCodePoint(cp) ? 1 : 0;
    std::string self;
    AppendUtf8(cp, &self);
    e.identity = utf8 == self ? 1 : 0;
    if (!e.identity) n->pool_.append(utf8);
  }
  n->han_not_plain_.assign((kHanEnd - kHanBegin + 63) / 64, 0);
  for (char32_t cp = kHanBegin; cp < kHanEnd; ++cp) {
    const Entry& e = n->bmp_[cp];
    const bool plain = e.identity && e.length == 3 && e.emoji == 0 &&
                       e.cls == static_cast<uint32_t>(CharClass::kHan);
    if (!plain) n->han_not_plain_[(cp - kHanBegin) >> 6] |= uint64_t{1} << ((cp - kHanBegin) & 63);
  }
  // Filled aside and moved in: ClassOf reads smp_symbols_ once it is non-empty.
  std::vector<uint8_t> smp(kSmpSymbolsEnd - kSmpSymbolsBegin);
  for (char32_t cp = kSmpSymbolsBegin; cp < kSmpSymbolsEnd; ++cp) {
    smp[cp - kSmpSymbolsBegin] = static_cast<uint8_t>(
        static_cast<uint32_t>(n->ClassOf(cp)) | (IsEmojiCodePoint(cp) ? 0x10 : 0));
  }
  n->smp_symbols_ = std::move(smp);
  return n;
}

namespace {

// Words whose Traditional form a character-by-character conversion gets wrong, as that
// conversion writes them and as they should be. Both sides have the same UTF-8 length.
constexpr std::pair<absl::string_view, absl::string_view> kTraditionalWords[] = {
    {"聯系", "聯繫"}, {"關系", "關係"}, {"維系", "維繫"}, {"頭發", "頭髮"},
    {"回復", "回覆"}, {"答復", "答覆"},
};

void FixTraditionalWords(std::string* s) {
  for (const auto& [wrong, right] : kTraditionalWords) {
    for (size_t at = s->find(wrong.data(), 0, wrong.size()); at != std::string::npos;
         at = s->find(wrong.data(), at + right.size(), wrong.size())) {
      s->replace(at, right.size(), right.data(), right.size());
    }
  }
}

}  // namespace

void Normalizer::ToTraditional(std::string* text) const {
  ToTraditionalByCharacter(text);
  FixTraditionalWords(text);
}

void Normalizer::ToTraditionalByCharacter(std::string* text) const {
  std::string& s = *text;
  bool rebuild = false;
  for (size_t pos = 0; pos < s.size();) {
    const size_t at = pos;
    const char32_t cp = DecodeUtf8(s, &pos);
    auto it = to_traditional_.find(cp);
    if (it == to_traditional_.end()) continue;
    std::string t;
    AppendUtf8(it->second, &t);
    if (t.size() != pos - at) {
      rebuild = true;
      break;
    }
    s.replace(at, t.size(), t);
  }
  if (!rebuild) return;
  std::string out;
  for (size_t pos = 0; pos < s.size();) {
    const char32_t cp = DecodeUtf8(s, &pos);
    auto it = to_traditional_.find(cp);
    AppendUtf8(it == to_traditional_.end() ? cp : it->second, &out);
  }
  s.swap(out);
}

bool Normalizer::HasSimplifiedForm(absl::string_view text) const {
  for (size_t pos = 0; pos < text.size();) {
    const char32_t cp = DecodeUtf8(text, &pos);
    if (cp >= kHanBegin && to_traditional_.contains(cp)) return true;
  }
  return false;
}

CharClass Normalizer::ClassOfTable(char32_t cp) const {
  if (cp < 0x10000) return static_cast<CharClass>(bmp_[cp].cls);
  // The emoji block from the table WriteViews reads (empty only while Create fills it), not
  // five ICU property calls for every 😊 a rule looks at (AppendPoint, MessageCore …).
  if (cp >= kSmpSymbolsBegin && cp < kSmpSymbolsEnd && !smp_symbols_.empty()) {
    return static_cast<CharClass>(smp_symbols_[cp - kSmpSymbolsBegin] & 0xF);
  }
  if (u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
    return CharClass::kIgnored;
  }
  return Classify(cp, cp, false);
}

char32_t Normalizer::FoldFirst(char32_t cp) const {
  if (cp >= 0x10000) return cp;
  const Entry& e = bmp_[cp];
  if (e.length == 0) return 0;
  if (e.identity) return cp;
  size_t pos = 0;
  return DecodeUtf8(absl::string_view(pool_.data() + e.offset, e.length), &pos);
}

uint32_t NormalizedView::SourceEnd(uint32_t at) const {
  size_t pos = at;
  (void)DecodeUtf8(source, &pos);  // the source is valid UTF-8 (Normalize's contract)
  return static_cast<uint32_t>(pos);
}

void NormalizedView::ToOriginal(size_t b, size_t e, uint32_t* ob, uint32_t* oe) const {
  if (b >= text.size()) {
    *ob = *oe = text.empty() ? 0 : SourceEnd(src_begin[text.size() - 1]);
    return;
  }
  *ob = src_begin[b];
  *oe = e > b ? SourceEnd(src_begin[e - 1]) : *ob;
}

size_t NormalizedView::FromOriginal(uint32_t orig) const {
  return std::lower_bound(src_begin.begin(), src_begin.begin() + text.size(), orig) -
         src_begin.begin();
}

namespace {

// A view's buffers grown to `capacity`, keeping what they hold. Rare, and out of line so
// that it takes no ViewWriter's address (see ViewWriter).
struct ViewBuffers {
  char* text;
  uint32_t* begin;
};
[[gnu::noinline]] ViewBuffers GrowView(NormalizedView* view, size_t capacity) {
  view->text.resize(capacity);
  if (view->src_begin.size() < capacity) view->src_begin.resize(capacity);
  return ViewBuffers{view->text.data(), view->src_begin.data()};
}

// Writes one view through raw pointers and fixes the string's size once at the end:
// std::string::append per character was a third of Normalize's instructions (callgrind).
// Every member function is inline and nothing takes the writer's address, so the compiler
// keeps its pointers and size in registers: the byte stores may alias anything, and a
// writer reachable from elsewhere had them reloaded after every character.
class ViewWriter {
 public:
  // Writes after the first `keep` bytes the view already holds (0: a fresh view).
  ViewWriter(NormalizedView* view, absl::string_view source, size_t expected, size_t keep = 0)
      : view_(view), size_(keep) {
    view_->text.resize(keep);
    view_->source = source;
    Grow(keep + expected);
  }
  ~ViewWriter() { view_->text.resize(size_); }

  // Appends `bytes`, each mapped to the original code point starting at `b`.
  void Emit(const char* bytes, size_t n, uint32_t b) {
    if (size_ + n > capacity_) Grow(2 * (size_ + n) + 64);
    char* t = text_ + size_;
    uint32_t* tb = begin_ + size_;
    if (n == 3) {
      // Nearly every character of a draft (Han, CJK punctuation): straight-line stores
      // instead of the loop, 13% fewer instructions in Normalize (bench/instructions.sh).
      t[0] = bytes[0], t[1] = bytes[1], t[2] = bytes[2];
      tb[0] = tb[1] = tb[2] = b;
    } else if (n == 1) {
      t[0] = bytes[0];
      tb[0] = b;
    } else {
      for (size_t k = 0; k < n; ++k) t[k] = bytes[k], tb[k] = b;
    }
    size_ += n;
  }
  // Copies byte i of `from` (already written) with its mapping.
  void EmitFrom(const ViewWriter& from, size_t i) { Emit(from.text_ + i, 1, from.begin_[i]); }
  size_t size() const { return size_; }

 private:
  void Grow(size_t capacity) {
    const ViewBuffers b = GrowView(view_, capacity);
    text_ = b.text;
    begin_ = b.begin;
    capacity_ = capacity;
  }

  NormalizedView* const view_;
  char* text_ = nullptr;
  uint32_t* begin_ = nullptr;
  size_t size_ = 0, capacity_ = 0;
};

// Stands in for the compact view's writer when only folded is written.
struct NoWriter {
  NoWriter(NormalizedView*, absl::string_view, size_t, size_t = 0) {}
  void Emit(const char*, size_t, uint32_t) {}
  void EmitFrom(const ViewWriter&, size_t) {}
};

}  // namespace

void Normalizer::FindSpelledOutGaps(absl::string_view text,
                                    std::vector<std::pair<uint32_t, uint32_t>>* gaps) const {
  // One chain at a time: runs joined by clause separators, ended by anything else. Each run
  // records the separator after it, which is a gap when another run follows in the chain.
  struct Run {
    uint32_t chars;
    uint32_t gap_begin, gap_end;
  };
  absl::InlinedVector<Run, 16> chain;
  const auto end_chain = [&] {
    const size_t n = chain.size();
    for (size_t a = 0; a < n;) {
      if (chain[a].chars != 1) {
        ++a;
        continue;
      }
      size_t b = a;
      while (b + 1 < n && chain[b + 1].chars == 1) ++b;
      const size_t singles = b - a + 1;
      if (singles >= 3) {
        const size_t first = a > 0 ? a - 1 : a, last = b + 1 < n ? b + 1 : b;
        for (size_t k = first; k < last; ++k) {
          gaps->emplace_back(chain[k].gap_begin, chain[k].gap_end);
        }
      }
      a = b + 1;
    }
    chain.clear();
  };
  enum { kNone, kInRun, kInGap } state = kNone;
  uint32_t tail = 0;  // where the spaces and fillers after the run's last character start
  bool has_tail = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const uint32_t begin = static_cast<uint32_t>(pos);
    const CharClass cls = ClassOf(DecodeUtf8(text, &pos));
    switch (cls) {
      case CharClass::kIgnored:
        break;
      case CharClass::kHan:
        if (state == kInRun) {
          ++chain.back().chars;
        } else {
          if (state == kInGap) {
            chain.back().gap_end = begin;
          } else {
            end_chain();
          }
          chain.push_back(Run{1, 0, 0});
          state = kInRun;
        }
        has_tail = false;
        break;
      case CharClass::kSpace:
      case CharClass::kFiller:
        if (state == kInRun && !has_tail) tail = begin, has_tail = true;
        break;
      case CharClass::kClause:
        if (state == kInRun) {
          chain.back().gap_begin = has_tail ? tail : begin;
          state = kInGap;
        }
        break;
      case CharClass::kOther:
        end_chain();
        state = kNone;
        break;
    }
  }
  end_chain();
}

bool Normalizer::ThirdSingleFindsGaps(absl::string_view text, Spelling* spelling,
                                      NormalizedDraft* out) const {
  if (spelling->han_run != 1 || ++spelling->singles < 3 || out->spelled_checked_) return false;
  // Three one-character clauses (不，知，道): a word may be spelled out here. Rare (not one
  // draft of the corpus), so the exact test reads the whole text, once.
  out->spelled_checked_ = true;
  out->spelled_gaps_.clear();
  FindSpelledOutGaps(text, &out->spelled_gaps_);
  return !out->spelled_gaps_.empty();
}

Normalizer::Spelling Normalizer::SpellingBefore(absl::string_view text, size_t end) const {
  // WriteViews' counting, run backwards: the run `end` is in, then earlier runs.
  Spelling sp{0, 0};
  bool in_current = true;
  uint32_t earlier = 0;  // characters of the earlier run being read
  for (size_t p = end; p > 0;) {
    const CharClass cls = ClassOf(DecodeUtf8Before(text, &p));
    if (cls == CharClass::kSpace || cls == CharClass::kFiller || cls == CharClass::kIgnored) {
      continue;
    }
    if (cls == CharClass::kHan) {
      // Two characters make a run no single, whatever came before it.
      if (in_current ? ++sp.han_run == 2 : ++earlier == 2) return sp;
      continue;
    }
    in_current = false;
    if (earlier == 1 && ++sp.singles == 3) return sp;
    earlier = 0;
    if (cls == CharClass::kOther) return sp;
  }
  if (earlier == 1) ++sp.singles;
  return sp;
}

template <bool kCompact>
bool Normalizer::WriteViews(absl::string_view text, NormalizedDraft* out, size_t from,
                            CharClass last_kept, Spelling spelling) const {
  // `from` > 0 continues folded after the bytes it holds (Renormalize, never with kCompact).
  const size_t keep = from == 0 ? 0 : out->folded_.text.size();
  if (from == 0) {
    out->first_emoji_at_ = NormalizedDraft::kNoEmoji;
    out->traditional_chars = 0;
  }
  out->has_unicode_emoji = out->first_emoji_at_ != NormalizedDraft::kNoEmoji;
  // The writers set the views' sizes when they go out of scope, on every return.
  ViewWriter folded(&out->folded_, text, text.size() - from + 16, keep);
  std::conditional_t<kCompact, ViewWriter, NoWriter> compact(&out->compact_, text,
                                                             text.size() + 16);

  // A run of spaces/fillers is held back (as a range of `folded`) until we know what
  // follows it: between two Han characters it is dropped from `compact`.
  size_t pending_begin = 0, pending_end = 0;
  // The separators of spelled-out words (不，知，道), dropped from `compact` too, once
  // known: a pass that finds the first such word only after writing its separators returns
  // false and is run again (WriteBothViews).
  const std::vector<std::pair<uint32_t, uint32_t>>& gaps = out->spelled_gaps_;
  const size_t gap_count = out->spelled_checked_ ? gaps.size() : 0;
  size_t next_gap = 0;

  size_t pos = from;
  while (pos < text.size()) {
    const uint32_t begin = static_cast<uint32_t>(pos);
    const char32_t cp = DecodeUtf8(text, &pos);
    const uint32_t end = static_cast<uint32_t>(pos);

    const char* bytes;
    size_t n;
    CharClass cls;
    if (IsPlainHan(cp)) {
      bytes = text.data() + begin;
      n = 3;
      cls = CharClass::kHan;
      // 甚麼 is how much of Taiwan writes 什麼 (what): 你急甚麼 and 我有甚麼辦法 slipped
      // past every 什么 entry. 甚 folds to 什 before 麼/么/麽 only (甚至, 甚好 stay); the same
      // three bytes, so the offset maps are unchanged. Renormalize never keeps a 甚 whose
      // next character an edit may change.
      if (cp == U'甚' && pos < text.size()) {
        size_t q = pos;
        const char32_t next = DecodeUtf8(text, &q);
        if (next == U'麼' || next == U'么' || next == U'麽') bytes = "\xE4\xBB\x80";  // 什
      }
    } else if (cp < 0x10000) {
      const Entry& e = bmp_[cp];
      bytes = e.identity ? text.data() + begin : pool_.data() + e.offset;
      n = e.length;
      cls = static_cast<CharClass>(e.cls);
      if (e.emoji != 0) NoteEmoji(begin, out);
      // A Han character off the plain path folds to another: a Traditional form (but for 著,
      // Simplified too).
      if (cls == CharClass::kHan && e.identity == 0 && cp != kShared) ++out->traditional_chars;
    } else if (cp >= kSmpSymbolsBegin && cp < kSmpSymbolsEnd) {
      const uint8_t bits = smp_symbols_[cp - kSmpSymbolsBegin];
      cls = static_cast<CharClass>(bits & 0xF);
      if ((bits >> 4) != 0) NoteEmoji(begin, out);
      bytes = text.data() + begin;
      n = end - begin;
    } else {
      // Other astral: CJK extensions, historic scripts. Identity fold.
      cls = ClassOf(cp);
      if (IsEmojiCodePoint(cp)) NoteEmoji(begin, out);
      bytes = text.data() + begin;
      n = end - begin;
    }
    if (cls == CharClass::kIgnored || n == 0) continue;

    const size_t folded_at = folded.size();
    folded.Emit(bytes, n, begin);

    if constexpr (kCompact) {
      // A gap starts after a Han character, with nothing pending, and ends at one.
      while (next_gap < gap_count && begin >= gaps[next_gap].second) ++next_gap;
      if (next_gap < gap_count && begin >= gaps[next_gap].first) continue;
    }
    if (cls == CharClass::kSpace || cls == CharClass::kFiller) {
      if (pending_begin == pending_end) pending_begin = folded_at;
      pending_end = folded.size();
      continue;
    }
    if (cls == CharClass::kHan) {
      ++spelling.han_run;
    } else {
      if (ThirdSingleFindsGaps(text, &spelling, out)) return false;
      if (spelling.han_run > 1 || cls == CharClass::kOther) spelling.singles = 0;
      spelling.han_run = 0;
    }
    if (pending_end > pending_begin) {
      if (cls == CharClass::kHan && last_kept == CharClass::kHan) {
        if constexpr (!kCompact) return false;  // compact drops this run
      } else {
        for (size_t i = pending_begin; i < pending_end; ++i) compact.EmitFrom(folded, i);
      }
      pending_begin = pending_end = 0;
    }
    compact.Emit(bytes, n, begin);
    last_kept = cls;
  }
  if (ThirdSingleFindsGaps(text, &spelling, out)) return false;
  for (size_t i = pending_begin; i < pending_end; ++i) compact.EmitFrom(folded, i);
  return true;
}

void Normalizer::Normalize(absl::string_view text, NormalizedDraft* out) const {
  // Writing folded alone and sharing it as compact halves the work for most drafts; the few
  // with something to drop (不 知 道) are written again, both views in one pass.
  out->spelled_checked_ = false;
  out->compact_is_folded_ = WriteViews</*kCompact=*/false>(text, out);
  if (!out->compact_is_folded_) WriteBothViews(text, out);
}

void Normalizer::WriteBothViews(absl::string_view text, NormalizedDraft* out) const {
  // The second pass knows the spelled-out words the first found on its way.
  if (!WriteViews</*kCompact=*/true>(text, out)) WriteViews</*kCompact=*/true>(text, out);
}

size_t Normalizer::Renormalize(absl::string_view text, size_t unchanged,
                               NormalizedDraft* io) const {
  NormalizedView& folded = io->folded_;
  unchanged = CodePointStartAt(text, std::min(unchanged, text.size()));
  if (!io->compact_is_folded_ || unchanged == 0 || io->spelled_checked_) {
    Normalize(text, io);
    return 0;
  }
  // Folded bytes [0, keep) come from characters before `unchanged`: src_begin ascends.
  const uint32_t* sb = folded.src_begin.data();
  size_t keep =
      std::lower_bound(sb, sb + folded.text.size(), static_cast<uint32_t>(unchanged)) - sb;
  // Back over a trailing run of spaces and fillers, or a 甚: what becomes of them depends on
  // what follows, so they are written again. WriteViews then starts in the state it was in after
  // the last kept character: no run pending.
  CharClass last_kept = CharClass::kOther;
  size_t from = 0;
  while (keep > 0) {
    const uint32_t at = sb[keep - 1];
    size_t end = at;
    const char32_t cp = DecodeUtf8(text, &end);
    const CharClass cls = ClassOf(cp);
    // 甚 folds by the character after it (WriteViews), which the edit may change.
    if (cls != CharClass::kSpace && cls != CharClass::kFiller && cp != U'甚') {
      last_kept = cls;
      from = end;
      break;
    }
    while (keep > 0 && sb[keep - 1] == at) --keep;
  }
  if (keep == 0) {
    Normalize(text, io);
    return 0;
  }
  folded.text.resize(keep);
  if (io->first_emoji_at_ >= from) io->first_emoji_at_ = NormalizedDraft::kNoEmoji;
  io->compact_is_folded_ =
      WriteViews</*kCompact=*/false>(text, io, from, last_kept, SpellingBefore(text, from));
  if (io->compact_is_folded_) return keep;
  WriteBothViews(text, io);  // the edit left something for compact to drop
  return 0;
}

std::string Normalizer::Compact(absl::string_view text) const {
  NormalizedDraft d;
  Normalize(text, &d);
  return d.compact().text;
}

std::string Normalizer::Fold(absl::string_view text) const {
  NormalizedDraft d;
  Normalize(text, &d);
  return d.folded().text;
}

size_t EmojiCodeEnd(absl::string_view t, size_t open) {
  absl::string_view close;
  if (absl::StartsWith(t.substr(open), "[")) {
    close = "]";
  } else if (absl::StartsWith(t.substr(open), "【")) {
    close = "】";
  } else {
    return 0;
  }
  const size_t from = open + (close.size() == 1 ? 1 : std::strlen("【"));
  const absl::string_view within = t.substr(from, 6 * 4 + close.size());  // 6 characters
  const size_t end = within.find(close);
  if (end == absl::string_view::npos || end == 0 ||
      CountCodePoints(within.substr(0, end)) > 6) {
    return 0;
  }
  return from + end + close.size();
}

absl::string_view MessageCore(const Normalizer& n, absl::string_view t, size_t* b, size_t* en) {
  size_t s = 0, e = t.size();
  while (s < e) {
    if (const size_t code_end = EmojiCodeEnd(t, s); code_end != 0 && code_end <= e) {
      s = code_end;
      continue;
    }
    size_t p = s;
    const CharClass c = n.ClassOf(DecodeUtf8(t, &p));
    if (c == CharClass::kHan || c == CharClass::kOther) break;
    s = p;
  }
  while (e > s) {
    const bool square = t[e - 1] == ']';
    if (square || absl::EndsWith(t.substr(0, e), "】")) {
      // The opening bracket within 6 characters' bytes: 4 KiB of ] stays linear.
      const absl::string_view opener = square ? "[" : "【";
      const size_t from = e - std::min(e - s, size_t{6 * 4 + 6});
      const size_t at = t.substr(from, e - from).rfind(opener);
      if (at != absl::string_view::npos && EmojiCodeEnd(t, from + at) == e) {
        e = from + at;
        continue;
      }
    }
    size_t p = e;
    const CharClass c = n.ClassOf(DecodeUtf8Before(t, &p));
    if (c == CharClass::kHan || c == CharClass::kOther) break;
    e = p;
  }
  *b = s;
  *en = e;
  return t.substr(s, e - s);
}

}  // namespace replylint
