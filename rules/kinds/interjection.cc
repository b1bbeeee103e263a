// Kind "interjection": a clause that is nothing but listed interjections (嗯, 嗯嗯, 啊?, 哦,
// 好的) is a bare reply; the same characters as sentence-final particles inside a clause
// (好的哦, 是啊) are fine. Runs on the folded view, where a "clause" is a maximal run of
// Han characters: punctuation, spaces, emoji and Latin all end it.
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rules/kinds/kinds.h"
#include "rules/normalizer.h"

namespace replylint {
namespace {

class InterjectionRule : public Rule {
 public:
  InterjectionRule(RuleInfo info, absl::flat_hash_map<char32_t, std::vector<std::string>> words,
                   const Normalizer* normalizer)
      : Rule(std::move(info)), words_(std::move(words)), normalizer_(normalizer) {}

  void Check(const Draft& draft, std::vector<Finding>* out) const override {
    const absl::string_view t = draft.norm.folded.text;
    size_t pos = 0;
    size_t run_begin = 0;
    bool in_run = false, all_interjections = true;
    const std::vector<std::string>* first_suggestions = nullptr;
    auto close_run = [&](size_t run_end) {
      if (in_run && all_interjections) {
        uint32_t ob, oe;
        draft.norm.folded.ToOriginal(run_begin, run_end, &ob, &oe);
        Finding f = MakeFinding(draft, ob, oe);
        f.suggestions = *first_suggestions;
        out->push_back(std::move(f));
      }
      in_run = false;
    };
    while (pos < t.size()) {
      const size_t at = pos;
      const char32_t cp = DecodeUtf8(t, &pos);
      if (normalizer_->ClassOf(cp) != CharClass::kHan) {
        close_run(at);
        continue;
      }
      if (!in_run) {
        in_run = true;
        all_interjections = true;
        run_begin = at;
        first_suggestions = nullptr;
      }
      if (!all_interjections) continue;  // this run is already a real clause
      auto it = words_.find(cp);
      if (it == words_.end()) {
        all_interjections = false;
      } else if (first_suggestions == nullptr) {
        first_suggestions = &it->second;
      }
    }
    close_run(t.size());
  }

 private:
  absl::flat_hash_map<char32_t, std::vector<std::string>> words_;
  const Normalizer* normalizer_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Rule>> MakeInterjectionRule(RuleBuildContext* ctx) {
  std::vector<ConfigValue> files = ctx->config->TakeAll("words");
  if (files.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        ctx->config->Where(nullptr), "[rule ", ctx->info.id,
        "] (kind interjection) needs a 'words = FILE' line listing the interjections"));
  }
  absl::flat_hash_map<char32_t, std::vector<std::string>> words;
  std::vector<Example> examples;
  for (const ConfigValue& file : files) {
    auto lex = ctx->read_lexicon(file);
    if (!lex.ok()) return lex.status();
    examples.insert(examples.end(), lex->examples.begin(), lex->examples.end());
    for (const LexiconEntry& e : lex->entries) {
      const std::string folded = ctx->normalizer->Fold(e.phrase);
      size_t pos = 0;
      const char32_t cp = folded.empty() ? 0 : DecodeUtf8(folded, &pos);
      if (e.is_regex || pos != folded.size() ||
          ctx->normalizer->ClassOf(cp) != CharClass::kHan) {
        return absl::InvalidArgumentError(absl::StrCat(
            e.file, ":", e.line, ":", e.column, ": interjection '", e.phrase,
            "' must be one Chinese character (repeats like 嗯嗯 are found automatically)"));
      }
      if (e.suggestions.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            e.file, ":", e.line, ":", e.column, ": interjection '", e.phrase,
            "' needs a suggestion: write ", e.phrase, " => 好的"));
      }
      if (!words.emplace(cp, e.suggestions).second) {
        return absl::InvalidArgumentError(absl::StrCat(e.file, ":", e.line, ":", e.column,
                                                       ": duplicate interjection '", e.phrase,
                                                       "'; remove one of the lines"));
      }
    }
  }
  auto rule = std::make_unique<InterjectionRule>(ctx->info, std::move(words), ctx->normalizer);
  rule->AddExamples(std::move(examples));
  return rule;
}

}  // namespace replylint
