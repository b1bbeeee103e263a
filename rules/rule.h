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
#include "absl/strings/string_view.h"
#include <vector>

#include "rules/draft.h"
#include "rules/finding.h"
#include "rules/lexicon.h"

namespace replylint {

class Rule {
 public:
  explicit Rule(RuleInfo info) : info_(std::move(info)) {}
  virtual ~Rule() = default;
  Rule(const Rule&) = delete;
  Rule& operator=(const Rule&) = delete;

  const RuleInfo& info() const { return info_; }
  absl::string_view id() const { return info_.id; }

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

  const std::vector<Example>& examples() const { return examples_; }
  void AddExamples(std::vector<Example> ex) {
    examples_.insert(examples_.end(), ex.begin(), ex.end());
  }

 protected:
  // A finding on original bytes [begin, end) with the rule's (or `message`'s) text, where
  // "{match}" expands to the original text of the span.
  Finding MakeFinding(const Draft& draft, uint32_t begin, uint32_t end,
                      absl::string_view message = {}) const;

 private:
  RuleInfo info_;
  std::vector<Example> examples_;
};

}  // namespace replylint

#endif  // REPLYLINT_RULES_RULE_H_
