// Rewriter: applies the first suggestion of findings to a draft.
//
// REQUIRES: findings sorted as Ruleset::Lint returns them (by begin; insertion points before
// replacements at the same offset) and non-overlapping, which Lint guarantees. An insertion
// point strictly inside an applied replacement is skipped. A replacement whose suggestion
// the previous replacement already wrote, with only punctuation between them, is dropped with
// that punctuation (two findings of one reply suggesting the same clause).
// Stateless; thread-safe.
#ifndef REPLYLINT_RULES_REWRITER_H_
#define REPLYLINT_RULES_REWRITER_H_

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "rules/finding.h"

namespace replylint {

// All fixable findings (those with a suggestion). When `only_rule` is non-empty, only that
// rule's findings (used to check a rule's examples against their expected rewrite).
std::string ApplySuggestions(absl::string_view text, const std::vector<Finding>& findings,
                             absl::string_view only_rule = {});

// The same, into `out` (replaced; its capacity is reused, so a caller linting draft after
// draft does not allocate). REQUIRES: `text` does not point into `out`.
void ApplySuggestionsTo(absl::string_view text, const std::vector<Finding>& findings,
                        std::string* out, absl::string_view only_rule = {});

}  // namespace replylint

#endif  // REPLYLINT_RULES_REWRITER_H_
