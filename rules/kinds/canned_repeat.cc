// Kind "canned-repeat": the draft repeats, verbatim or nearly, one of the agent's recent
// replies in the context (the seeds: 不要成为机器人，快捷用语使用时适当做出修改).
// Similarity is the Dice coefficient of character bigrams of the compact views (so spacing,
// punctuation-free tweaks and Traditional/Simplified do not hide a copy). Advice only: the
// finding spans the whole draft and has no suggestion — only the agent can adapt it.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "rules/kinds/kinds.h"
#include "rules/normalizer.h"
#include "rules/utf8.h"

namespace replylint {
namespace {

// Characters an agent changes to make a canned reply look typed without changing what it
// says: sentence-final particles (发货了哦 → 发货啦) and the shop's 亲. Left out of the
// bigrams on both sides, so 亲，您的订单已经发货了，请耐心等待哦 and 您的订单已经发货啦，请耐心等待
// compare as the copy they are.
bool IsTweak(char32_t cp) {
  switch (cp) {
    case U'了': case U'啦': case U'哦': case U'呢': case U'呀': case U'吧': case U'啊':
    case U'哈': case U'嘛': case U'喔': case U'噢': case U'哟': case U'咯': case U'呗':
    case U'亲':
      return true;
    default:
      return false;
  }
}

// The bigrams of the Han/letter/digit code points of a text (punctuation ignored), as a set
// to look turns' bigrams up in, and how many there were counting repeats. Open addressing
// in a per-thread table: a sorted vector and binary searches were ~10% of the server's CPU
// per Lint call with 8 context turns (perf), most of it the sort.
class BigramSet {
 public:
  void Build(absl::string_view text, const Normalizer& n) {
    count_ = 0;
    const size_t chars = CountCodePoints(text);
    size_t capacity = 16;
    while (capacity < 2 * chars) capacity <<= 1;
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
    char32_t prev = 0;
    size_t pos = 0;
    while (pos < text.size()) {
      const char32_t cp = DecodeUtf8(text, &pos);
      const CharClass c = n.ClassOf(cp);
      if (c != CharClass::kHan && c != CharClass::kOther) continue;
      if (IsTweak(cp)) continue;
      if (prev != 0) {
        Insert(Key(prev, cp));
        ++count_;
      }
      prev = cp;
    }
  }
  bool Contains(uint64_t key) const {
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (slots_[i] == key) return true;
      if (slots_[i] == 0) return false;
    }
  }
  size_t count() const { return count_; }
  // Never 0 (0 marks an empty slot): a bigram's first character is not U+0000.
  static uint64_t Key(char32_t a, char32_t b) { return (uint64_t{a} << 32) | b; }

 private:
  size_t Slot(uint64_t key) const { return ((key * 0x9E3779B97F4A7C15ull) >> 40) & mask_; }
  void Insert(uint64_t key) {
    size_t i = Slot(key);
    while (slots_[i] != 0 && slots_[i] != key) i = (i + 1) & mask_;
    slots_[i] = key;
  }
  std::vector<uint64_t> slots_;  // at least twice the characters: never full
  size_t mask_ = 0;
  size_t count_ = 0;
};

// Han/letter/digit code points but the tweaks: the characters BigramSet pairs up.
size_t CountWordChars(absl::string_view text, const Normalizer& n) {
  size_t count = 0, pos = 0;
  while (pos < text.size()) {
    const char32_t cp = DecodeUtf8(text, &pos);
    const CharClass c = n.ClassOf(cp);
    count += (c == CharClass::kHan || c == CharClass::kOther) && !IsTweak(cp);
  }
  return count;
}

// Bigrams of `text` present in `mine` (the draft's), and the number of bigrams of `text`,
// folding each character through the normalizer's table (no full normalization).
void CountShared(absl::string_view text, const Normalizer& n, const BigramSet& mine,
                 size_t* shared, size_t* total) {
  *shared = *total = 0;
  char32_t prev = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t raw = DecodeUtf8(text, &pos);
    const CharClass c = n.ClassOf(raw);
    if (c != CharClass::kHan && c != CharClass::kOther) continue;
    const char32_t cp = n.FoldFirst(raw);
    if (IsTweak(cp)) continue;
    if (prev != 0) {
      ++*total;
      *shared += mine.Contains(BigramSet::Key(prev, cp));
    }
    prev = cp;
  }
}

class CannedRepeatRule : public Rule {
 public:
  CannedRepeatRule(RuleInfo info, int min_percent, int min_chars, int lookback,
                   const Normalizer* normalizer)
      : Rule(std::move(info)),
        min_percent_(min_percent),
        min_chars_(min_chars),
        lookback_(lookback),
        normalizer_(normalizer) {
    // It compares with the agent's turns, and it only advises.
    set_trigger({RuleTrigger::Kind::kContext, 0, 0, /*advice_only=*/true});
  }

  void Check(const Draft& draft, std::vector<Finding>* out) const override {
    const auto& context = draft.input->context;
    if (context.empty()) return;
    if (CountCodePoints(draft.norm.compact().text) < static_cast<size_t>(min_chars_)) return;
    thread_local BigramSet mine;  // NOTE: per-thread scratch
    bool have_mine = false;
    int seen = 0;
    double best = 0;
    for (size_t i = context.size(); i-- > 0 && seen < lookback_;) {
      const Turn& t = context[i];
      if (t.role != Turn::Role::kAgent) continue;
      ++seen;
      if (!have_mine) {
        mine.Build(draft.norm.compact().text, *normalizer_);
        have_mine = true;
      }
      // Dice <= 2*min(a,b)/(a+b): texts of very different lengths cannot be near-copies.
      const double a = static_cast<double>(mine.count() + 1);
      const double b = static_cast<double>(CountWordChars(t.text, *normalizer_));
      if (2 * std::min(a, b) / (a + b) * 100 < min_percent_) continue;
      size_t shared, total;
      CountShared(t.text, *normalizer_, mine, &shared, &total);
      if (mine.count() == 0 || total == 0) continue;
      best = std::max(best, 2.0 * std::min(shared, mine.count()) /
                                static_cast<double>(mine.count() + total));
    }
    const int percent = static_cast<int>(best * 100 + 0.5);
    if (percent < min_percent_) return;
    Finding f = MakeFinding(
        draft, 0, static_cast<uint32_t>(draft.text().size()),
        absl::StrReplaceAll(info().message, {{"{similarity}", absl::StrCat(percent)}}));
    out->push_back(std::move(f));
  }

 private:
  int min_percent_, min_chars_, lookback_;
  const Normalizer* normalizer_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Rule>> MakeCannedRepeatRule(RuleBuildContext* ctx) {
  RuleConfig& c = *ctx->config;
  auto similarity = c.TakeInt("similarity", 90, 50, 100);
  if (!similarity.ok()) return similarity.status();
  auto min_chars = c.TakeInt("min_chars", 8, 1, 10000);
  if (!min_chars.ok()) return min_chars.status();
  auto lookback = c.TakeInt("lookback", 5, 1, 100);
  if (!lookback.ok()) return lookback.status();
  return std::make_unique<CannedRepeatRule>(ctx->info, *similarity, *min_chars, *lookback,
                                            ctx->normalizer);
}

}  // namespace replylint
