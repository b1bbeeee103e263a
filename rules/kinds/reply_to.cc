// Kind "reply-to": when the customer's turns awaiting a reply contain a trigger (a complaint:
// 投诉, 差评, 太慢了; thanks or goodbye: 谢谢, 再见), the draft must contain one of the
// expected answers (an apology: 抱歉, 对不起; a thanks reply: 不客气). Used by
// missing-apology and ignored-thanks. Needs LintInput.context; without it, never fires.
// A trigger may name its own reply (拜拜 => 祝您生活愉快，再见), inserted instead of `insert`
// when it is the last such trigger the customer wrote, and exceptions (退款 | unless: 申请退款
// 退款吗: asking how to get a refund is not a complaint).
// The finding is an insertion point suggesting `insert`: at the start of the draft, after a
// leading greeting when `after` lists the greetings (亲，您好，非常抱歉…), or at its end.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rules/kinds/kinds.h"
#include "rules/normalizer.h"
#include "rules/segmenter.h"

namespace replylint {
namespace {

class ReplyToRule : public Rule {
 public:
  ReplyToRule(RuleInfo info, AhoCorasick triggers, std::vector<TriggerExtras> extras,
              RequiredWords answers, RequiredWords openers, std::string insert, bool at_start,
              std::string separator, const Normalizer* normalizer)
      : Rule(std::move(info)),
        triggers_(std::move(triggers)),
        extras_(std::move(extras)),
        answers_(answers),
        openers_(openers),
        insert_(std::move(insert)),
        at_start_(at_start),
        separator_(std::move(separator)),
        normalizer_(normalizer) {
    set_trigger({RuleTrigger::Kind::kContext});  // it answers the customer's turns
    set_satisfying_words(answers.first, answers.last);
  }

  void Check(const Draft& draft, std::vector<Finding>* out) const override {
    absl::Span<const Turn> turns = AwaitingReply(*draft.input);
    if (turns.empty()) return;
    thread_local NormalizedDraft scratch;
    bool triggered = false;
    const std::string* reply = &insert_;
    for (const Turn& t : turns) {
      normalizer_->Normalize(t.text, &scratch);
      const absl::string_view text = scratch.folded().text;
      triggers_.ScanValidUtf8(text, [&](int id, size_t end) {
        const size_t begin = end - triggers_.pattern_length(id);
        // 88 (goodbye) in an order number or price, thx in a product code: not a trigger.
        if (Segmenter::CutsAsciiWord(text, begin, end)) return;
        const TriggerExtras& x = extras_[id];
        if (!x.unless.empty() && CancelledByUnless(text, begin, end, x.unless)) return;
        triggered = true;
        if (!x.reply.empty()) reply = &x.reply;
      });
    }
    if (!triggered || answers_.FoundIn(draft)) return;
    bool needs_separator = false;
    const uint32_t at = at_start_ ? OpeningEnd(draft, openers_, *normalizer_)
                                  : AppendPoint(draft.text(), *normalizer_, &needs_separator);
    Finding f = MakeFinding(draft, at, at);
    f.suggestions.push_back(needs_separator ? absl::StrCat(separator_, *reply) : *reply);
    out->push_back(std::move(f));
  }

 private:
  AhoCorasick triggers_;
  std::vector<TriggerExtras> extras_;  // per trigger id
  RequiredWords answers_;
  RequiredWords openers_;  // insert_at = start: go after these (greetings)
  std::string insert_;
  bool at_start_;
  std::string separator_;
  const Normalizer* normalizer_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Rule>> MakeReplyToRule(RuleBuildContext* ctx) {
  RuleConfig& c = *ctx->config;
  std::vector<Example> examples;
  AhoCorasick::Builder triggers;
  const std::vector<ConfigValue> trigger_files = c.TakeAll("triggers");
  const std::vector<ConfigValue> answer_files = c.TakeAll("words");
  if (trigger_files.empty() || answer_files.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        c.Where(nullptr), "[rule ", ctx->info.id,
        "] (kind reply-to) needs 'triggers = FILE' (what the customer says) and "
        "'words = FILE' (what the reply must contain)"));
  }
  std::vector<TriggerExtras> extras;
  for (const ConfigValue& f : trigger_files) {
    if (absl::Status st = AddPlainList(ctx, f, &triggers, &examples, &extras); !st.ok()) {
      return st;
    }
  }
  RequiredWords answers;
  answers.first = static_cast<int>(ctx->require->size());
  for (const ConfigValue& f : answer_files) {
    if (absl::Status st = AddPlainList(ctx, f, ctx->require, &examples); !st.ok()) return st;
  }
  answers.last = static_cast<int>(ctx->require->size());
  auto insert = c.TakeRequired("insert");
  if (!insert.ok()) return insert.status();
  auto where = c.TakeString("insert_at", "start");
  if (!where.ok()) return where.status();
  if (*where != "start" && *where != "end") {
    return absl::InvalidArgumentError(absl::StrCat(c.Where(nullptr), "[rule ", ctx->info.id,
                                                   "] insert_at = '", *where,
                                                   "'; write start or end"));
  }
  auto separator = c.TakeString("separator", "");
  if (!separator.ok()) return separator.status();
  const std::vector<ConfigValue> after = c.TakeAll("after");
  if (!after.empty() && *where != "start") {
    return absl::InvalidArgumentError(absl::StrCat(
        c.Where(&after[0]), "[rule ", ctx->info.id,
        "] 'after' names what an insertion at the start goes after; with insert_at = end, "
        "remove it"));
  }
  auto openers = TakeLookupWords(ctx, after);
  if (!openers.ok()) return openers.status();
  auto rule = std::make_unique<ReplyToRule>(ctx->info, std::move(triggers).Build(),
                                            std::move(extras), answers, *openers,
                                            std::move(*insert), *where == "start",
                                            std::move(*separator), ctx->normalizer);
  rule->AddExamples(std::move(examples));
  return rule;
}

}  // namespace replylint
