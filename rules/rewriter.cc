#include "rules/rewriter.h"

namespace replylint {

void ApplySuggestionsTo(absl::string_view text, const std::vector<Finding>& findings,
                        std::string* out, absl::string_view only_rule) {
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

std::string ApplySuggestions(absl::string_view text, const std::vector<Finding>& findings,
                             absl::string_view only_rule) {
  std::string out;
  ApplySuggestionsTo(text, findings, &out, only_rule);
  return out;
}

}  // namespace replylint
