// Kinds that look at the conversation's shape rather than at words alone:
//   "first-turn"    the agent's first message must contain one of the listed expressions
//                   (the greeting template: 亲，您好，欢迎光临…); needs LintInput.first_agent_turn.
//   "closing-turn"  the conversation must end with an agent turn (the agent, not the
//                   customer, ends the chat); conversation-level only (QA scoring). Whether
//                   that last agent turn has a closing line is missing-closing's job.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rules/kinds/kinds.h"

namespace replylint {
namespace {

class FirstTurnRule : public Rule {
 public:
  FirstTurnRule(RuleInfo info, RequiredWords greetings, std::string insert)
      : Rule(std::move(info)), greetings_(greetings), insert_(std::move(insert)) {
    set_trigger({RuleTrigger::Kind::kFirstTurn});
    set_satisfying_words(greetings.first, greetings.last);
  }

  void Check(const Draft& draft, std::vector<Finding>* out) const override {
    if (!draft.input->first_agent_turn || greetings_.FoundIn(draft)) return;
    Finding f = MakeFinding(draft, 0, 0);
    f.suggestions.push_back(insert_);
    out->push_back(std::move(f));
  }

 private:
  RequiredWords greetings_;
  std::string insert_;
};

class ClosingTurnRule : public Rule {
 public:
  explicit ClosingTurnRule(RuleInfo info) : Rule(std::move(info)) {
    set_trigger({RuleTrigger::Kind::kNever});
  }
  void Check(const Draft&, std::vector<Finding>*) const override {}
  void CheckConversation(absl::Span<const Turn> turns,
                         std::vector<std::pair<uint32_t, Finding>>* out) const override {
    if (turns.empty() || turns.back().role == Turn::Role::kAgent) return;
    bool any_agent = false;
    for (const Turn& t : turns) any_agent |= t.role == Turn::Role::kAgent;
    if (!any_agent) return;  // nobody answered at all: a different problem
    Finding f;
    f.message = info().message;
    out->emplace_back(static_cast<uint32_t>(turns.size() - 1), std::move(f));
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<Rule>> MakeFirstTurnRule(RuleBuildContext* ctx) {
  RuleConfig& c = *ctx->config;
  auto insert = c.TakeRequired("insert");
  if (!insert.ok()) return insert.status();
  std::vector<Example> examples;
  auto greetings = TakeRequiredWords(ctx, "words", &examples);
  if (!greetings.ok()) return greetings.status();
  if (greetings->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        c.Where(nullptr), "[rule ", ctx->info.id,
        "] (kind first-turn) needs 'words = FILE' listing the greeting expressions"));
  }
  auto rule = std::make_unique<FirstTurnRule>(ctx->info, *greetings, std::move(*insert));
  rule->AddExamples(std::move(examples));
  return rule;
}

absl::StatusOr<std::unique_ptr<Rule>> MakeClosingTurnRule(RuleBuildContext* ctx) {
  return std::make_unique<ClosingTurnRule>(ctx->info);
}

}  // namespace replylint
