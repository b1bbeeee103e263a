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
      {"reply-to", &MakeReplyToRule,
       "needs context: the customer said a trigger (complaint, thanks) and the draft lacks "
       "the expected answer (apology, thanks reply), or has it only after a listed "
       "solution (before = FILE)"},
      {"canned-repeat", &MakeCannedRepeatRule,
       "needs context: the draft nearly repeats one of the agent's recent replies"},
      {"slow-reply", &MakeSlowReplyRule,
       "needs context with times: the customer waited more than max_seconds"},
      {"first-turn", &MakeFirstTurnRule,
       "the agent's first message lacks every listed greeting expression"},
      {"closing-turn", &MakeClosingTurnRule,
       "conversation-level (QA): the customer, not the agent, had the last word"},
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
