// Factories of the rule kinds, one per file in this directory. Only rule_kinds.cc uses
// this header: the kinds are reached through the table there, never directly.
#ifndef REPLYLINT_RULES_KINDS_KINDS_H_
#define REPLYLINT_RULES_KINDS_KINDS_H_

#include "rules/rule_kinds.h"

namespace replylint {

absl::StatusOr<std::unique_ptr<Rule>> MakePhraseRule(RuleBuildContext* ctx);
absl::StatusOr<std::unique_ptr<Rule>> MakeInterjectionRule(RuleBuildContext* ctx);
absl::StatusOr<std::unique_ptr<Rule>> MakeRequireRule(RuleBuildContext* ctx);
absl::StatusOr<std::unique_ptr<Rule>> MakeLengthRule(RuleBuildContext* ctx);
absl::StatusOr<std::unique_ptr<Rule>> MakeReplyToRule(RuleBuildContext* ctx);
absl::StatusOr<std::unique_ptr<Rule>> MakeCannedRepeatRule(RuleBuildContext* ctx);
absl::StatusOr<std::unique_ptr<Rule>> MakeSlowReplyRule(RuleBuildContext* ctx);
absl::StatusOr<std::unique_ptr<Rule>> MakeFirstTurnRule(RuleBuildContext* ctx);
absl::StatusOr<std::unique_ptr<Rule>> MakeClosingTurnRule(RuleBuildContext* ctx);

// What a reply-to trigger may carry besides its text: the reply inserted when the customer
// wrote it (拜拜 => …再见), or "" for the rule's `insert`; and exceptions, folded, that
// cancel it as a phrase entry's do (退款 | unless: 申请退款 退款吗: a question about refunds
// is not a complaint).
struct TriggerExtras {
  std::string reply;
  std::vector<std::string> unless;
};

// Shared by kinds that read a plain list of expressions (no re:, unless): adds each, folded,
// to `builder`; appends the list's examples to `examples`. With `triggers`, an entry may also
// carry `=> reply` and `| unless:` (reply-to's triggers), and triggers->back() holds them for
// each added expression; without it, either is an error. With `reply_required`, every entry
// must carry `=> reply`.
absl::Status AddPlainList(RuleBuildContext* ctx, const ConfigValue& file,
                          AhoCorasick::Builder* builder, std::vector<Example>* examples,
                          std::vector<TriggerExtras>* triggers = nullptr,
                          bool reply_required = false);

// Expressions looked for in the customer's turns awaiting a reply (AwaitingReply): the
// complaints and thanks a reply-to rule answers, and what the customer may say that changes
// what a require rule inserts (没有了 before a closing line). Each may name its own reply
// (拜拜 => 祝您生活愉快，再见) and exceptions (see TriggerExtras).
class TurnTriggers {
 public:
  // From the word lists `files`; their examples are appended to `examples`. With
  // `reply_required`, a line without '=> reply' is an error.
  static absl::StatusOr<TurnTriggers> Take(RuleBuildContext* ctx,
                                           const std::vector<ConfigValue>& files,
                                           std::vector<Example>* examples,
                                           bool reply_required = false);

  bool empty() const { return words_.pattern_count() == 0; }
  // Whether the turns awaiting a reply hold a trigger: then the last one's own reply, or
  // `fallback` for one without; null when none does. With `question_answers`, a trigger
  // followed by a question in its turn does not count (谢谢，那什么时候发货？ is answered by
  // answering the question). Decided once per request and kept under `owner` (a rule) in
  // Draft::context_memo: the rewrite rounds re-lint the draft, not the turns.
  const std::string* Find(const Draft& draft, const void* owner, const std::string* fallback,
                          bool question_answers, const Normalizer& normalizer) const;

 private:
  AhoCorasick words_;
  std::vector<TriggerExtras> extras_;  // per trigger id
};

// Whether an occurrence in `text` of one of `unless` overlaps text[b, en) and reaches outside
// it (不行 in 不行使; 退款 in 申请退款), which cancels the match there. Linear in the window
// around the match, so a huge draft stays linear.
bool CancelledByUnless(absl::string_view text, size_t b, size_t en,
                       const std::vector<std::string>& unless);

// The expressions a rule requires in the draft: a range of ids in the Ruleset's require
// automaton (folded view), filled from word lists.
struct RequiredWords {
  int first = 0, last = 0;
  bool empty() const { return first == last; }
  // Whether the draft contains any of them.
  bool FoundIn(const Draft& draft) const;
};

// Adds every list named by `key` (e.g. "words") to the require automaton.
absl::StatusOr<RequiredWords> TakeRequiredWords(RuleBuildContext* ctx, absl::string_view key,
                                                std::vector<Example>* examples);

// Expressions a rule looks up only once it fires: the greetings and acknowledgements an
// apology goes after, the solutions it must come before. They have an automaton of their
// own, scanned over the folded view on demand, rather than patterns in the Ruleset's, which
// every draft pays for on every keystroke (好的 alone is in most drafts). The lists'
// @fire/@nofire examples are not this rule's.
class LookupWords {
 public:
  // From the word lists `files` (a rule's values of one key); empty when there are none.
  static absl::StatusOr<LookupWords> Take(RuleBuildContext* ctx,
                                          const std::vector<ConfigValue>& files);

  bool empty() const { return words_.pattern_count() == 0; }
  // Where they occur in bytes [begin, end) of the draft as typed (a clause, the text before
  // an apology: never the whole draft, which the Ruleset's own scan covers), as bytes of
  // the text as typed, ascending by end. `out` is replaced.
  void FindIn(const Draft& draft, uint32_t begin, uint32_t end, std::vector<Hit>* out) const;

 private:
  AhoCorasick words_;
};

// Where a rule appends text to the draft (a closing line, a thanks reply): the end, before
// trailing white space and before a trailing run of emoji, so that the emoji stays last as
// agents write it (已发货😊 + 请问… gives 已发货，请问…😊, not 已发货😊请问…).
// `*needs_separator`: a word (Han, letter, digit) ends the text before that point, so the
// appended text is joined to it with the rule's separator (，).
uint32_t AppendPoint(absl::string_view text, const Normalizer& normalizer,
                     bool* needs_separator);

// Where a rule inserts text at the start of the draft (an apology): after the leading
// clauses that greet (亲，您好，欢迎咨询本店，), so the draft keeps the guidelines' order,
// greeting first (亲，您好，非常抱歉…, not 非常抱歉…亲，您好，). A clause greets when one of
// `openers` ends it, give or take a few characters (欢迎咨询|本店); the draft's last clause
// is never skipped. 0 when `openers` is empty or the draft does not open with a greeting.
uint32_t OpeningEnd(const Draft& draft, const LookupWords& openers,
                    const Normalizer& normalizer);

}  // namespace replylint

#endif  // REPLYLINT_RULES_KINDS_KINDS_H_
