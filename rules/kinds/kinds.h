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

// Shared by kinds that read a plain list of expressions (no =>, re:, unless): adds each,
// folded, to `builder`; appends the list's examples to `examples`.
absl::Status AddPlainList(RuleBuildContext* ctx, const ConfigValue& file,
                          AhoCorasick::Builder* builder, std::vector<Example>* examples);

// Whether any hit in [first, last) of the require automaton was found in the draft.
bool HasRequireHit(const Draft& draft, int first, int last);

}  // namespace replylint

#endif  // REPLYLINT_RULES_KINDS_KINDS_H_
