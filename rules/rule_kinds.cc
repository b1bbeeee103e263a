#include "rules/rule_kinds.h"

#include "absl/strings/str_join.h"
#include "rules/kinds/kinds.h"

namespace replylint {

const std::vector<RuleKind>& RuleKinds() {
  static const auto* kinds = new std::vector<RuleKind>{
      {"phrase", &MakePhraseRule,
       "flags words and patterns from word lists (banned, rude, typos, orders)"},
      {"interjection", &MakeInterjectionRule,
       "flags a clause that is nothing but listed interjections (嗯 / 啊 / 哦)"},
      {"require", &MakeRequireRule,
       "flags a message that lacks every listed expression (emoji, closing line)"},
      {"length", &MakeLengthRule, "flags a paragraph longer than max_chars"},
  };
  return *kinds;
}

const RuleKind* FindRuleKind(absl::string_view name) {
  for (const RuleKind& k : RuleKinds()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

std::string RuleKindNames() {
  return absl::StrJoin(RuleKinds(), ", ",
                       [](std::string* out, const RuleKind& k) { out->append(k.name.data(), k.name.size()); });
}

}  // namespace replylint
