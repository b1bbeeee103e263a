#include "rules/rewriter.h"

namespace replylint {

namespace {

void Apply(absl::string_view text, const std::vector<Finding>& findings,
           absl::string_view only_rule, std::string* out) {
  out->clear();
  out->reserve(text.size() + 32);
  size_t cursor = 0;
  for (const Finding& f : findings) {
    if (f.suggestions.empty()) continue;
    if (!only_rule.empty() && f.rule->id != only_rule) continue;
    if (f.begin < cursor) continue;  // inside an applied replacement
    out->append(text.data() + cursor, f.begin - cursor);
    out->append(f.suggestions[0]);
    cursor = f.end;
  }
  out->append(text.data() + cursor, text.size() - cursor);
}

}  // namespace

std::string ApplySuggestions(absl::string_view text, const std::vector<Finding>& findings,
                             absl::string_view only_rule) {
  std::string out;
  Apply(text, findings, only_rule, &out);
  return out;
}

void ApplySuggestionsTo(absl::string_view text, const std::vector<Finding>& findings,
                        std::string* out) {
  Apply(text, findings, {}, out);
}

}  // namespace replylint
