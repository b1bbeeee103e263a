// Kind "length": 回答太长，宜分次回答. A paragraph (text between line breaks) longer than
// max_chars code points gets an insertion point where it should be split — after the last
// clause punctuation that keeps the piece within the limit, else at the limit — suggesting
// a line break, so the agent sends it as separate messages.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "rules/kinds/kinds.h"
#include "rules/normalizer.h"

namespace replylint {
namespace {

class LengthRule : public Rule {
 public:
  LengthRule(RuleInfo info, int max_chars, const Normalizer* normalizer)
      : Rule(std::move(info)), max_chars_(max_chars), normalizer_(normalizer) {}

  void Check(const Draft& draft, std::vector<Finding>* out) const override {
    const absl::string_view text = draft.text();
    size_t para = 0;
    while (para <= text.size()) {
      size_t para_end = text.find('\n', para);
      if (para_end == absl::string_view::npos) para_end = text.size();
      CheckParagraph(draft, para, para_end, out);
      para = para_end + 1;
    }
  }

 private:
  void CheckParagraph(const Draft& draft, size_t begin, size_t end,
                      std::vector<Finding>* out) const {
    const absl::string_view text = draft.text();
    const size_t total = CountCodePoints(text.substr(begin, end - begin));
    if (total <= static_cast<size_t>(max_chars_)) return;
    size_t piece = begin;
    size_t remaining = total;  // code points from `piece` to `end`
    while (remaining > static_cast<size_t>(max_chars_)) {
      size_t pos = piece, last_clause = 0, at_limit = 0, n_clause = 0;
      int n = 0;
      while (n < max_chars_ && pos < end) {
        const char32_t cp = DecodeUtf8(text, &pos);
        ++n;
        if (normalizer_->ClassOf(cp) == CharClass::kClause && pos < end) {
          last_clause = pos;
          n_clause = n;
        }
        at_limit = pos;
      }
      const bool at_clause = last_clause > piece;
      const size_t split = at_clause ? last_clause : at_limit;
      remaining -= at_clause ? n_clause : n;
      Finding f = MakeFinding(draft, static_cast<uint32_t>(split), static_cast<uint32_t>(split),
                              absl::StrReplaceAll(info().message,
                                                  {{"{chars}", absl::StrCat(total)},
                                                   {"{max}", absl::StrCat(max_chars_)}}));
      f.suggestions.push_back("\n");
      out->push_back(std::move(f));
      piece = split;
    }
  }

  int max_chars_;
  const Normalizer* normalizer_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Rule>> MakeLengthRule(RuleBuildContext* ctx) {
  auto max_chars = ctx->config->TakeInt("max_chars", 100, 10, 100000);
  if (!max_chars.ok()) return max_chars.status();
  return std::make_unique<LengthRule>(ctx->info, *max_chars, ctx->normalizer);
}

}  // namespace replylint
