#include "rules/rule.h"

#include "absl/strings/str_replace.h"

namespace replylint {

Finding Rule::MakeFinding(const Draft& draft, uint32_t begin, uint32_t end,
                          absl::string_view message) const {
  Finding f;
  f.begin = begin;
  f.end = end;
  if (!draft.messages) return f;  // a rewrite round: only spans and suggestions count
  absl::string_view m = message.empty() ? absl::string_view(info_.message) : message;
  if (m.find("{match}") != absl::string_view::npos) {
    f.message = absl::StrReplaceAll(m, {{"{match}", draft.text().substr(begin, end - begin)}});
  } else {
    f.message = std::string(m);
  }
  return f;
}

}  // namespace replylint
