// Scorer: the 0-100 quality score of one message, as QA scorecards compute it.
//
// 100 minus the deduction of each violated rule (once per rule, however many findings it
// has), floored at 0; any violated critical rule fails the message outright (score 0).
// Stateless; thread-safe.
#ifndef REPLYLINT_RULES_SCORER_H_
#define REPLYLINT_RULES_SCORER_H_

#include <vector>

#include "rules/finding.h"

namespace replylint {

int Score(const std::vector<Finding>& findings);

}  // namespace replylint

#endif  // REPLYLINT_RULES_SCORER_H_
