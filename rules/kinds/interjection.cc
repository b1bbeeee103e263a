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
                   int first_pattern, int last_pattern, const Normalizer* normalizer)
      : Rule(std::move(info)),
        words_(std::move(words)),
        first_pattern_(first_pattern),
        last_pattern_(last_pattern),
        normalizer_(normalizer) {
    set_trigger({RuleTrigger::Kind::kRequireHit, first_pattern, last_pattern});
  }

  // Only runs that hold an interjection can be bare, so the work starts from where the
  // require automaton (which scans the folded view anyway) found one, instead of classifying
  // every character of every draft (7% of the engine's time).
  void Check(const Draft& draft, std::vector<Finding>* out) const override {
    const absl::string_view t = draft.norm.folded().text;
    size_t done = 0;  // runs ending before this were examined
    for (const Hit& h : draft.require_hits) {
      if (h.pattern < first_pattern_ || h.pattern >= last_pattern_ || h.begin < done) continue;
      // The maximal run of Han characters around the hit.
      size_t begin = h.begin;
      while (begin > 0) {
        size_t p = begin;
        if (normalizer_->ClassOf(DecodeUtf8Before(t, &p)) != CharClass::kHan) break;
        begin = p;
      }
      size_t end = begin;
      const std::vector<std::string>* first_suggestions = nullptr;
      bool all_interjections = true;
      while (end < t.size()) {
        size_t next = end;
        const char32_t cp = DecodeUtf8(t, &next);
        if (normalizer_->ClassOf(cp) != CharClass::kHan) break;
        if (all_interjections) {
          auto it = words_.find(cp);
          if (it == words_.end()) {
            all_interjections = false;
          } else if (first_suggestions == nullptr) {
            first_suggestions = &it->second;
          }
        }
        end = next;
      }
      done = end;
      if (!all_interjections) continue;  // a real clause: 好的哦, 是啊
      uint32_t ob, oe;
      draft.norm.folded().ToOriginal(begin, end, &ob, &oe);
      Finding f = MakeFinding(draft, ob, oe);
      f.suggestions.assign(first_suggestions->begin(), first_suggestions->end());
      out->push_back(std::move(f));
    }
  }

 private:
  absl::flat_hash_map<char32_t, std::vector<std::string>> words_;
  int first_pattern_, last_pattern_;  // the interjections' ids in the require automaton
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
  const int first_pattern = static_cast<int>(ctx->require->size());
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
      ctx->require->Add(folded);
    }
  }
  auto rule = std::make_unique<InterjectionRule>(ctx->info, std::move(words), first_pattern,
                                                 static_cast<int>(ctx->require->size()),
                                                 ctx->normalizer);
  rule->AddExamples(std::move(examples));
  return rule;
}

}  // namespace replylint
