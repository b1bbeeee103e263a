// RulesetLoader: reads NAME.rules files and the word lists they name from one lexicons
// directory, validates everything strictly, and compiles frozen Rulesets.
//
// Ruleset file syntax (full guide for rule authors in lexicons/README.md):
//
//   [ruleset]
//   extends = default          # optional: start from default.rules, then override
//
//   [rule banned-negative]     # rule ids are part of the API
//   kind = phrase              # one of the kinds in rules/rule_kinds.cc
//   severity = error           # info | warning | error
//   deduction = 10             # score points, 0-100
//   critical = no              # yes: a violation fails the message (score 0)
//   message = 不要对客户说“{match}”……
//   words = words/banned-negative.txt
//   fire = 这个我不知道          # examples; repeatable
//   nofire = 我们不行使该项权利
//
// A shop ruleset that `extends` another replaces the keys it sets in a rule it names, appends
// with `key += value`, adds new rules, and turns one off with `enabled = no`.
//
// Errors are "FILE:LINE[:COL]: what is wrong; what to do", and nothing is partially loaded:
// either every ruleset compiles (and, by default, every example passes) or the call fails.
// A name or path can never reach outside the lexicons directory.
// Stateless functions; thread-safe (each call builds its own rulesets).
#ifndef REPLYLINT_RULES_RULESET_LOADER_H_
#define REPLYLINT_RULES_RULESET_LOADER_H_

#include <map>
#include <memory>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "rules/ruleset.h"

namespace replylint {

struct LoadOptions {
  // Run every rule's examples and fail the load if one fails (default: true). `replylint
  // check` turns this off to report every failing example instead of the first.
  bool run_examples = true;
};

using RulesetMap = std::map<std::string, std::shared_ptr<const Ruleset>, std::less<>>;

// Every NAME.rules file in `dir`. Fails if there is none, or any one fails.
absl::StatusOr<RulesetMap> LoadRulesets(const std::string& dir, const LoadOptions& options = {});

// One ruleset by name ([A-Za-z0-9_-], at most 64 characters).
absl::StatusOr<std::shared_ptr<const Ruleset>> LoadRuleset(const std::string& dir,
                                                           absl::string_view name,
                                                           const LoadOptions& options = {});

// Whether `name` is a syntactically valid ruleset name (cannot name a path).
bool IsValidRulesetName(absl::string_view name);

// Runs the examples of every rule in `ruleset` (or of `only`); one "file:line: what failed"
// per failure. Draft examples are linted as the service would (final for closing-line rules;
// first_agent_turn when the context has only customer turns); conversation examples are
// scored as QA does.
std::vector<std::string> RunExamples(const Ruleset& ruleset, const Rule* only = nullptr);

// 64-bit FNV-1a as 16 hex digits: the content hash used for file and ruleset versions.
std::string ContentHash(absl::string_view data);

}  // namespace replylint

#endif  // REPLYLINT_RULES_RULESET_LOADER_H_
