#include "rules/rewriter.h"

#include "rules/normalizer.h"
#include "rules/utf8.h"

namespace replylint {
namespace {

// A Han character, letter or digit: text that reads as a word, not punctuation or emoji (as
// AppendPoint decides whether an appended phrase needs its separator).
bool IsWordChar(char32_t cp) {
  const CharClass c = Normalizer::Default().ClassOf(cp);
  return c == CharClass::kHan || c == CharClass::kOther;
}

// Two phrases inserted at one point by different rules (a thanks reply, then a closing line)
// are two clauses. Each rule chose its separator against the draft as typed, not against the
// other's text, so where a word would run into a word (…为您服务请问…), they are joined
// with ，.
bool NeedsClauseBreak(absl::string_view before, absl::string_view next) {
  if (before.empty() || next.empty()) return false;
  size_t end = before.size();
  size_t begin = 0;
  return IsWordChar(DecodeUtf8Before(before, &end)) && IsWordChar(DecodeUtf8(next, &begin));
}

}  // namespace

void ApplySuggestionsTo(absl::string_view text, const std::vector<Finding>& findings,
                        std::string* out, absl::string_view only_rule) {
  out->clear();
  out->reserve(text.size() + 32);
  size_t cursor = 0;
  size_t inserted_at = std::string::npos;  // out's size after the last insertion, if nothing since
  for (const Finding& f : findings) {
    if (f.suggestions.empty()) continue;
    if (!only_rule.empty() && f.rule->id != only_rule) continue;
    if (f.redundant && only_rule.empty()) continue;
    if (f.begin < cursor) continue;  // inside an applied replacement
    out->append(text.data() + cursor, f.begin - cursor);
    const std::string& s = f.suggestions[0];
    if (f.begin == f.end && inserted_at == out->size() && NeedsClauseBreak(*out, s)) {
      out->append("，");
    }
    out->append(s);
    inserted_at = f.begin == f.end ? out->size() : std::string::npos;
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
