// Rule: one check of the house rules, compiled from a [rule ID] section and frozen.
//
// Each kind (phrase, interjection, require, length, ...) is one small file under
// rules/kinds/; the closed table in rule_kinds.cc maps kind names to factories.
// Lifecycle: a factory builds the rule while the Ruleset is being compiled (it may add
// literals to the Ruleset's shared automata); afterwards the rule is immutable.
// Thread-safety: Check() is const and may run concurrently on different Drafts.
#ifndef REPLYLINT_RULES_RULE_H_
#define REPLYLINT_RULES_RULE_H_

#include <string>
#include <utility>
#include "absl/strings/string_view.h"
#include <vector>

#include "rules/draft.h"
#include "rules/finding.h"
#include "rules/lexicon.h"

namespace replylint {

// What a draft must have for a rule to have anything to say about it: a necessary condition,
// declared by each kind when it builds a rule. The Ruleset keeps the rules' triggers in one
// array and passes over the rules a draft does not wake without touching them, because under
// load every rule object, vtable and Check() body it reaches is a cache miss per draft, and a
// typical draft wakes a handful of the bundled ruleset's 17 rules (bench/footprint.sh).
struct RuleTrigger {
  enum class Kind : uint8_t {
    kAlways,      // every draft: rules that report something missing, or look at all text
    kAvoidHit,    // a hit of the avoid automaton's ids [first, last) (compact view)
    kRequireHit,  // a hit of the require automaton's ids [first, last) (folded view)
    kContext,     // the draft comes with context turns
    kFirstTurn,   // LintInput::first_agent_turn
    kNever,       // conversation-level rules, whose Check() finds nothing in one draft
  };
  Kind kind = Kind::kAlways;
  int32_t first = 0, last = 0;  // kAvoidHit, kRequireHit
  // The rule never suggests a fix (canned-repeat: only the agent can adapt a canned reply),
  // so a rewrite round, which looks only for fixes, skips it.
  bool advice_only = false;
  // kAvoidHit: also wake when the message's words (EnsureMessageCore) are 1 to this many
  // bytes of the compact view: a rule with `alone` entries (什么事, 所以呢), which are looked
  // up by the whole message rather than found by the automaton. 0: never.
  uint32_t alone_max_bytes = 0;
};

class Rule {
 public:
  explicit Rule(RuleInfo info) : info_(std::move(info)) {}
  virtual ~Rule() = default;
  Rule(const Rule&) = delete;
  Rule& operator=(const Rule&) = delete;

  const RuleInfo& info() const { return info_; }
  absl::string_view id() const { return info_.id; }
  // When Check() can find something; the Ruleset skips the call otherwise.
  const RuleTrigger& trigger() const { return trigger_; }

  // Appends this rule's findings for `draft` to `out` (with rule/rule_index unset; the
  // Ruleset fills them). Must not fail: everything that can fail was checked at build time.
  virtual void Check(const Draft& draft, std::vector<Finding>* out) const = 0;

  // Conversation-level check over a whole archived conversation (QA scoring): appends
  // findings as (turn index, finding with an empty span at the start of that turn). Most
  // kinds only look at single drafts and keep this no-op.
  virtual void CheckConversation(absl::Span<const Turn> turns,
                                 std::vector<std::pair<uint32_t, Finding>>* out) const {}

  // Why a must-fire example was not flagged, when the rule can tell (e.g. an entry that ICU
  // segmentation keeps from matching there); empty otherwise. For `replylint check`.
  virtual std::string ExplainMiss(absl::string_view example) const { return ""; }

  // Whether examples of this rule are linted as a final message (closing-line rules).
  virtual bool ExamplesAreFinal() const { return false; }

  // For rules that insert what the draft lacks (require, reply-to, slow-reply, first-turn):
  // the ids [first, last) of the require automaton whose presence satisfies the rule. When
  // another rule's insertion at the same place already holds one, this rule's insertion is
  // left out of the rewrite (Finding::redundant). Empty for other kinds.
  std::pair<int32_t, int32_t> satisfying_words() const { return satisfying_words_; }

  const std::vector<Example>& examples() const { return examples_; }
  void AddExamples(std::vector<Example> ex) {
    examples_.insert(examples_.end(), ex.begin(), ex.end());
  }

 protected:
  // Kinds whose rules cannot fire on every draft say so here, when they are built. A wrong
  // trigger silently hides findings: the rule fixtures (must-fire examples) catch it.
  void set_trigger(RuleTrigger t) { trigger_ = t; }
  void set_satisfying_words(int32_t first, int32_t last) { satisfying_words_ = {first, last}; }

  // A finding on original bytes [begin, end) with the rule's message, or `message_template`
  // when it is set and not empty: a string the rule owns, in which "{match}" stands for the
  // original text of the span (see Finding::message_template).
  Finding MakeFinding(const Draft& draft, uint32_t begin, uint32_t end,
                      const std::string* message_template = nullptr) const;
  // The same with a message the rule formatted itself ("{match}" in it still stands for the
  // span).
  Finding MakeFinding(const Draft& draft, uint32_t begin, uint32_t end,
                      std::string message) const;

 private:
  RuleInfo info_;
  RuleTrigger trigger_;
  std::pair<int32_t, int32_t> satisfying_words_{0, 0};
  std::vector<Example> examples_;
};

}  // namespace replylint

#endif  // REPLYLINT_RULES_RULE_H_
