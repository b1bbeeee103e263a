// Test access to Ruleset internals (a friend of Ruleset): the rewrite rounds' Collect, whose
// reuse of the previous round's views and hits must find exactly what a fresh Collect finds.
#ifndef REPLYLINT_TESTS_RULESET_PEER_H_
#define REPLYLINT_TESTS_RULESET_PEER_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/ruleset.h"
#include "rules/utf8.h"

namespace replylint {

class RulesetPeer {
 public:
  // Collects `after` twice on this thread, reusing the Collect of `before` and from scratch,
  // and returns both as text ("rule@begin-end:suggestions" per finding), for comparing.
  static std::pair<std::string, std::string> CollectReusedAndFresh(const Ruleset& rs,
                                                                   LintInput in,
                                                                   const std::string& before,
                                                                   const std::string& after) {
    std::vector<Finding> reused, fresh;
    in.text = before;
    rs.Collect(in, /*messages=*/false, &reused);
    in.text = after;
    rs.Collect(in, /*messages=*/false, &reused, CommonPrefixLength(before, after));
    rs.Collect(in, /*messages=*/false, &fresh);
    return {Describe(reused), Describe(fresh)};
  }

 private:
  static std::string Describe(const std::vector<Finding>& findings) {
    std::string out;
    for (const Finding& f : findings) {
      absl::StrAppend(&out, f.rule->id, "@", f.begin, "-", f.end, ":",
                      absl::StrJoin(f.suggestions, "|"), "\n");
    }
    return out;
  }
};

}  // namespace replylint

#endif  // REPLYLINT_TESTS_RULESET_PEER_H_
