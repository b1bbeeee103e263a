// Kind "slow-reply": 所有客服必须做到60秒内答复. Fires when the customer's last turn awaiting a
// reply is more than max_seconds older than the draft (LintInput.time_ms), unless the draft
// already apologises for the wait (words: 久等, 抱歉 ...). Needs context with timestamps and
// the draft's time; without them, never fires. Suggests `insert` at the start, after a
// leading greeting when `after` lists the greetings.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "rules/kinds/kinds.h"

namespace replylint {
namespace {

class SlowReplyRule : public Rule {
 public:
  SlowReplyRule(RuleInfo info, int max_seconds, RequiredWords excuses, LookupWords openers,
                std::string insert, const Normalizer* normalizer)
      : Rule(std::move(info)),
        max_seconds_(max_seconds),
        excuses_(excuses),
        openers_(std::move(openers)),
        insert_(std::move(insert)),
        normalizer_(normalizer) {
    set_trigger({RuleTrigger::Kind::kContext});  // it times the customer's last turn
    set_satisfying_words(excuses.first, excuses.last);
  }

  void Check(const Draft& draft, std::vector<Finding>* out) const override {
    const LintInput& in = *draft.input;
    absl::Span<const Turn> turns = AwaitingReply(in);
    if (in.time_ms == 0 || turns.empty() || turns.back().time_ms == 0) return;
    const int64_t waited_ms = in.time_ms - turns.back().time_ms;
    if (waited_ms <= int64_t{max_seconds_} * 1000) return;
    if (excuses_.FoundIn(draft)) return;
    const uint32_t at = OpeningEnd(draft, openers_, *normalizer_);
    Finding f = MakeFinding(draft, at, at,
                            absl::StrReplaceAll(info().message,
                                                {{"{seconds}", absl::StrCat(waited_ms / 1000)},
                                                 {"{max}", absl::StrCat(max_seconds_)}}));
    f.suggestions.push_back(insert_);
    out->push_back(std::move(f));
  }

 private:
  int max_seconds_;
  RequiredWords excuses_;  // apologies for the wait
  LookupWords openers_;  // greetings the apology goes after
  std::string insert_;
  const Normalizer* normalizer_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Rule>> MakeSlowReplyRule(RuleBuildContext* ctx) {
  RuleConfig& c = *ctx->config;
  auto max_seconds = c.TakeInt("max_seconds", 60, 1, 86400);
  if (!max_seconds.ok()) return max_seconds.status();
  auto insert = c.TakeRequired("insert");
  if (!insert.ok()) return insert.status();
  std::vector<Example> examples;
  auto excuses = TakeRequiredWords(ctx, "words", &examples);
  if (!excuses.ok()) return excuses.status();
  auto openers = LookupWords::Take(ctx, c.TakeAll("after"));
  if (!openers.ok()) return openers.status();
  auto rule = std::make_unique<SlowReplyRule>(ctx->info, *max_seconds, *excuses,
                                              std::move(*openers),
                                              std::move(*insert), ctx->normalizer);
  rule->AddExamples(std::move(examples));
  return rule;
}

}  // namespace replylint
