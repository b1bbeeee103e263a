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

}  // namespace replylint

#endif  // REPLYLINT_RULES_KINDS_KINDS_H_
