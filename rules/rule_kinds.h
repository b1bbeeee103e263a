// The closed table of rule kinds. One entry per kind, {"name", factory}; the same table
// drives dispatch and the "expected one of [...]" error, so the two can never disagree.
// Add a kind only when a real rule needs it (see rules/kinds/).
#ifndef REPLYLINT_RULES_RULE_KINDS_H_
#define REPLYLINT_RULES_RULE_KINDS_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "rules/aho_corasick.h"
#include "rules/rule.h"
#include "rules/rule_config.h"

namespace replylint {

class Normalizer;

// What a factory gets while a Ruleset is compiled.
struct RuleBuildContext {
  RuleInfo info;              // the common keys, already parsed
  RuleConfig* config;         // the remaining keys: Take what the kind understands
  const Normalizer* normalizer;
  AhoCorasick::Builder* avoid;    // literals to find in the compact view
  AhoCorasick::Builder* require;  // literals to find in the folded view
  // Reads a lexicon file named in the ruleset (relative to the lexicons dir, never outside
  // it), records it for the ruleset version, and parses it.
  std::function<absl::StatusOr<Lexicon>(const ConfigValue& path)> read_lexicon;
  // Problems that do not stop the load but that `replylint check` reports as
  // "file:line:col: what is wrong; what to do" (duplicate or shadowed entries, entries ICU
  // segmentation keeps from matching).
  std::vector<std::string>* warnings = nullptr;
  // Every literal phrase entry so far (compact form) -> "rule-id at file:line", across rules,
  // to spot an entry that an earlier one shadows.
  std::map<std::string, std::string>* phrases_seen = nullptr;
};

using RuleFactory = absl::StatusOr<std::unique_ptr<Rule>> (*)(RuleBuildContext* ctx);

struct RuleKind {
  absl::string_view name;
  RuleFactory factory;
  absl::string_view summary;  // one line, for docs and errors
};

// All kinds, in documentation order.
const std::vector<RuleKind>& RuleKinds();

// nullptr when `name` is not a kind.
const RuleKind* FindRuleKind(absl::string_view name);

// "phrase, interjection, ..." for error messages.
std::string RuleKindNames();

}  // namespace replylint

#endif  // REPLYLINT_RULES_RULE_KINDS_H_
