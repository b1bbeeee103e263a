#include "rules/scorer.h"

#include <algorithm>

namespace replylint {

int Score(const std::vector<Finding>& findings) {
  int score = 100;
  // Findings are few; a quadratic "seen before" check beats allocating a set.
  for (size_t i = 0; i < findings.size(); ++i) {
    const RuleInfo* rule = findings[i].rule;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; ++j) seen = findings[j].rule == rule;
    if (seen) continue;
    if (rule->critical) return 0;
    score -= rule->deduction;
  }
  return std::max(score, 0);
}

}  // namespace replylint
