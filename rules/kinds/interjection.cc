// Kind "interjection": a clause that is nothing but listed interjections (嗯, 嗯嗯, 啊?, 哦,
// 好的), optionally ending in one particle (嗯呢, 嗯哪), is a bare reply; the same characters
// as sentence-final particles inside a clause (好的哦, 是啊) are fine. Runs on the folded
// view, where a "clause" is a maximal run of Han characters: punctuation, spaces, emoji and
// Latin all end it.
//
// The fix depends on what else the draft says. Alone (嗯), the interjection is replaced by
// its listed suggestion (好的). Before or after a real clause (哦，好的 / 好的，嗯), it is
// deleted together with the punctuation that joins it to that clause: replacing it there
// gave rewrites like 好的，好的 (21 of the 600 corpus drafts).
//
// Alone and asking (嗯？, 啊??), the reply means "what do you mean?": with `question` set,
// the interjection and its question marks are replaced by that (不好意思，请问您指的是…？)
// instead of a suggestion like 好的, which gave 好的？.
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "rules/kinds/kinds.h"
#include "rules/normalizer.h"

namespace replylint {
namespace {

// What the rule knows of one listed interjection.
struct Interjection {
  std::vector<std::string> suggestions;  // for a bare reply
  // The rule's message with "{match}" already standing for this character, for the findings
  // whose span also covers the joining punctuation (the message names the interjection, not
  // "哦，"). Built once here, so a finding still only points at it.
  std::string message_when_joined;
};

class InterjectionRule : public Rule {
 public:
  InterjectionRule(RuleInfo info, absl::flat_hash_map<char32_t, Interjection> words,
                   int first_pattern, int last_pattern, std::string question,
                   const Normalizer* normalizer)
      : Rule(std::move(info)),
        words_(std::move(words)),
        question_(std::move(question)),
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
      const Interjection* first = nullptr;
      bool all_interjections = true;
      bool particle = false;  // the run ended in one trailing particle (嗯呢)
      while (end < t.size()) {
        size_t next = end;
        const char32_t cp = DecodeUtf8(t, &next);
        if (normalizer_->ClassOf(cp) != CharClass::kHan) break;
        if (all_interjections) {
          auto it = words_.find(cp);
          if (it != words_.end() && !particle) {
            if (first == nullptr) first = &it->second;
          } else if (first != nullptr && !particle && IsTrailingParticle(cp)) {
            particle = true;  // bare only if nothing follows it in the run
          } else {
            all_interjections = false;
          }
        }
        end = next;
      }
      done = end;
      if (!all_interjections) continue;  // a real clause: 好的哦, 是啊
      // A real clause after it (哦，好的): delete it with the punctuation up to that clause.
      // Otherwise a real clause before it (好的，嗯): delete it with the punctuation back to
      // that clause. Only spaces, clause punctuation and ~ … are joiners; an emoji stays.
      // (Whether it stands alone is what the text around it says, not whether joiners are
      // there: 哦～好的 and 哦😊好的 are not bare replies either.)
      size_t del_begin = begin, del_end = end;
      bool alone = false;
      if (HasContent(t.substr(end))) {
        del_end = SkipJoiners(t, end);
      } else if (HasContent(t.substr(0, begin))) {
        del_begin = SkipJoinersBack(t, begin);
      } else {
        alone = true;
      }
      uint32_t ob, oe;
      const size_t asked = question_.empty() ? end : QuestionMarksEnd(t, end);
      if (alone && asked > end) {
        // 嗯？ → the rule's question, which ends with its own question mark.
        draft.norm.folded().ToOriginal(begin, asked, &ob, &oe);
        Finding f = MakeFinding(draft, ob, oe, &first->message_when_joined);
        f.suggestions.push_back(question_);
        out->push_back(std::move(f));
      } else if (alone) {
        draft.norm.folded().ToOriginal(begin, end, &ob, &oe);
        Finding f = MakeFinding(draft, ob, oe);
        f.suggestions.assign(first->suggestions.begin(), first->suggestions.end());
        out->push_back(std::move(f));
      } else {
        draft.norm.folded().ToOriginal(del_begin, del_end, &ob, &oe);
        Finding f = MakeFinding(draft, ob, oe, &first->message_when_joined);
        f.suggestions.emplace_back();  // delete
        out->push_back(std::move(f));
      }
    }
  }

 private:
  // 嗯呢, 嗯哪, 哦啦: an interjection with a particle after it is still the same bare "yes".
  static bool IsTrailingParticle(char32_t cp) {
    return cp == U'呢' || cp == U'呐' || cp == U'哪' || cp == U'啦';
  }

  // The end of the question marks (？ is folded to ?) right after `at`, spaces between
  // allowed; `at` when there are none.
  static size_t QuestionMarksEnd(absl::string_view t, size_t at) {
    size_t end = at;
    for (size_t p = at; p < t.size() && (t[p] == '?' || t[p] == ' ');) {
      ++p;
      if (t[p - 1] == '?') end = p;
    }
    return end;
  }
  // Spaces, clause punctuation, and the marks chat uses as soft punctuation (哦～好的,
  // 嗯…好的; the fold makes ～ ~ and … ...).
  bool IsJoiner(char32_t cp) const {
    const CharClass c = normalizer_->ClassOf(cp);
    return c == CharClass::kSpace || c == CharClass::kClause || cp == U'~' || cp == U'.';
  }
  // The end of the run of joiners that starts at `at`.
  size_t SkipJoiners(absl::string_view t, size_t at) const {
    while (at < t.size()) {
      size_t next = at;
      if (!IsJoiner(DecodeUtf8(t, &next))) break;
      at = next;
    }
    return at;
  }
  // The start of the run of joiners that ends at `at`.
  size_t SkipJoinersBack(absl::string_view t, size_t at) const {
    while (at > 0) {
      size_t p = at;
      if (!IsJoiner(DecodeUtf8Before(t, &p))) break;
      at = p;
    }
    return at;
  }
  // Whether `t` says something: a Han character, a letter or a digit (not only emoji or
  // punctuation, which alone do not make a reply). Runs only when the rule fires.
  bool HasContent(absl::string_view t) const {
    for (size_t i = 0; i < t.size();) {
      const CharClass c = normalizer_->ClassOf(DecodeUtf8(t, &i));
      if (c == CharClass::kHan || c == CharClass::kOther) return true;
    }
    return false;
  }

  absl::flat_hash_map<char32_t, Interjection> words_;
  std::string question_;  // for a bare interjection that asks (嗯？); may be empty
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
  absl::flat_hash_map<char32_t, Interjection> words;
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
      Interjection entry{e.suggestions,
                         absl::StrReplaceAll(ctx->info.message, {{"{match}", e.phrase}})};
      if (!words.emplace(cp, std::move(entry)).second) {
        return absl::InvalidArgumentError(absl::StrCat(e.file, ":", e.line, ":", e.column,
                                                       ": duplicate interjection '", e.phrase,
                                                       "'; remove one of the lines"));
      }
      ctx->require->Add(folded);
    }
  }
  auto question = ctx->config->TakeString("question", "");
  if (!question.ok()) return question.status();
  auto rule = std::make_unique<InterjectionRule>(ctx->info, std::move(words), first_pattern,
                                                 static_cast<int>(ctx->require->size()),
                                                 std::move(*question), ctx->normalizer);
  rule->AddExamples(std::move(examples));
  return rule;
}

}  // namespace replylint
