#include "rules/rule.h"

namespace replylint {

Finding Rule::MakeFinding(const Draft& /*draft*/, uint32_t begin, uint32_t end,
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
  if (draft.messages) f.message = std::move(message);  // a rewrite round needs only spans
  return f;
}

}  // namespace replylint
