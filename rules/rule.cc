#include "rules/rule.h"

#include "absl/strings/str_replace.h"

namespace replylint {

Finding Rule::MakeFinding(const Draft& draft, uint32_t begin, uint32_t end,
                          const std::string* message_template) const {
  Finding f;
  f.begin = begin;
  f.end = end;
  f.message_template =
      message_template != nullptr && !message_template->empty() ? message_template : &info_.message;
  return f;
}

Finding Rule::MakeFinding(const Draft& draft, uint32_t begin, uint32_t end,
                          std::string message) const {
  Finding f;
  f.begin = begin;
  f.end = end;
  if (!draft.messages) return f;  // a rewrite round: only spans and suggestions count
  if (message.find("{match}") != std::string::npos) {
    f.message = absl::StrReplaceAll(message, {{"{match}", draft.text().substr(begin, end - begin)}});
  } else {
    f.message = std::move(message);
  }
  return f;
}

}  // namespace replylint
