// Kind "reply-to": when the customer's turns awaiting a reply contain a trigger (a complaint:
// 投诉, 差评, 太慢了; thanks or goodbye: 谢谢, 再见), the draft must contain one of the
// expected answers (an apology: 抱歉, 对不起; a thanks reply: 不客气). Used by
// missing-apology and ignored-thanks. Needs LintInput.context; without it, never fires.
// A trigger may name its own reply (拜拜 => 祝您生活愉快，再见), inserted instead of `insert`
// when it is the last such trigger the customer wrote, and exceptions (退款 | unless: 申请退款
// 退款吗: asking how to get a refund is not a complaint). With question_answers = yes, a
// trigger followed by a question in the same turn does not count (谢谢，那什么时候发货？ is
// answered by answering the question).
// The finding is an insertion point suggesting `insert`: at the start of the draft, after a
// leading greeting when `after` lists the greetings (亲，您好，非常抱歉…), or at its end.
//
// Order, with `before` (insert_at = start only): the guidelines put the apology before the
// solution (查明原因→道歉→安抚→提供解决方案). When the draft has an expected answer but only
// in a clause after one that offers a solution (已为您补发，非常抱歉), the rule reports two
// findings that together move the answer's clause to where `insert` would go: an insertion
// of that clause there, and the deletion of the clause with the punctuation before it
// (非常抱歉，已为您补发). A clause that explains the cause may come first (经查询是仓库发错了，
// 非常抱歉…): only the listed solutions count, and one clause holding both is left alone.
#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rules/kinds/kinds.h"
#include "rules/normalizer.h"
#include "rules/segmenter.h"
#include "rules/utf8.h"

namespace replylint {
namespace {

class ReplyToRule : public Rule {
 public:
  ReplyToRule(RuleInfo info, TurnTriggers triggers, RequiredWords answers,
              LookupWords openers, LookupWords solutions, std::string insert, bool at_start,
              std::string separator, bool question_answers, const Normalizer* normalizer)
      : Rule(std::move(info)),
        triggers_(std::move(triggers)),
        answers_(answers),
        openers_(std::move(openers)),
        solutions_(std::move(solutions)),
        insert_(std::move(insert)),
        at_start_(at_start),
        separator_(std::move(separator)),
        question_answers_(question_answers),
        normalizer_(normalizer) {
    set_trigger({RuleTrigger::Kind::kContext});  // it answers the customer's turns
    set_satisfying_words(answers.first, answers.last);
  }

  void Check(const Draft& draft, std::vector<Finding>* out) const override {
    const std::string* reply = Triggered(draft);
    if (reply == nullptr) return;
    if (answers_.FoundIn(draft)) {
      if (!solutions_.empty()) CheckOrder(draft, out);
      return;
    }
    bool needs_separator = false;
    const uint32_t at = at_start_ ? OpeningEnd(draft, openers_, *normalizer_)
                                  : AppendPoint(draft.text(), *normalizer_, &needs_separator);
    Finding f = MakeFinding(draft, at, at);
    f.suggestions.push_back(needs_separator ? absl::StrCat(separator_, *reply) : *reply);
    out->push_back(std::move(f));
  }

 private:
  // The text to insert if the customer's turns awaiting a reply hold a trigger (the last
  // trigger's own reply, or `insert`), null if not.
  const std::string* Triggered(const Draft& draft) const {
    return triggers_.Find(draft, this, &insert_, question_answers_, *normalizer_);
  }

  // The first of `hits` (the earliest begin), as bytes of the text as typed; false if none.
  static bool First(const std::vector<Hit>& hits, uint32_t* begin, uint32_t* end) {
    bool found = false;
    for (const Hit& h : hits) {
      if (!found || h.begin < *begin) {
        *begin = h.begin;
        *end = h.end;
        found = true;
      }
    }
    return found;
  }

  // See "Order" above. Called when the draft has an expected answer.
  void CheckOrder(const Draft& draft, std::vector<Finding>* out) const {
    // NOTE: per-thread scratch, reused across drafts.
    thread_local std::vector<Hit> hits;
    hits.clear();
    for (const Hit& h : draft.require_hits) {
      if (h.pattern < answers_.first || h.pattern >= answers_.last) continue;
      uint32_t b, e;
      draft.norm.folded().ToOriginal(h.begin, h.end, &b, &e);
      hits.push_back({h.pattern, b, e});
    }
    uint32_t answer_begin = 0, answer_end = 0, solution_begin = 0, solution_end = 0;
    First(hits, &answer_begin, &answer_end);
    solutions_.FindIn(draft, 0, answer_begin, &hits);
    if (!First(hits, &solution_begin, &solution_end) || solution_begin >= answer_begin) return;
    const absl::string_view text = draft.text();
    auto class_before = [&](size_t pos) {
      return normalizer_->ClassOf(DecodeUtf8Before(text, &pos));
    };
    // The answer's clause starts after the clause punctuation before it, which must lie
    // after the solution: in one clause (已为您补发并致歉) the order is left to the agent.
    size_t clause_begin = answer_begin;
    while (clause_begin > solution_end && class_before(clause_begin) != CharClass::kClause) {
      clause_begin = PrevCodePointStart(text, clause_begin);
    }
    if (clause_begin <= solution_end) return;
    const uint32_t at = OpeningEnd(draft, openers_, *normalizer_);
    if (solution_begin < at) return;  // a greeting clause offering something: not a solution
    // The deletion takes the punctuation and spaces before the clause with it, so the text
    // around it closes up (已为您补发，非常抱歉，请查收 → 已为您补发，请查收).
    size_t cut = clause_begin;
    while (cut > solution_end) {
      const CharClass c = class_before(cut);
      if (c != CharClass::kClause && c != CharClass::kSpace) break;
      cut = PrevCodePointStart(text, cut);
    }
    // The clause ends at the next clause punctuation; the draft's last clause ends before
    // its trailing emoji and spaces, which stay last.
    size_t clause_end = answer_end;
    while (clause_end < text.size()) {
      size_t p = clause_end;
      if (normalizer_->ClassOf(DecodeUtf8(text, &p)) == CharClass::kClause) break;
      clause_end = p;
    }
    if (clause_end == text.size()) {
      bool unused;
      clause_end = std::max<size_t>(answer_end, AppendPoint(text, *normalizer_, &unused));
    }
    Finding moved = MakeFinding(draft, at, at);
    moved.suggestions.push_back(
        absl::StrCat(text.substr(clause_begin, clause_end - clause_begin), "，"));
    out->push_back(std::move(moved));
    Finding removed = MakeFinding(draft, static_cast<uint32_t>(cut),
                                  static_cast<uint32_t>(clause_end));
    removed.suggestions.emplace_back();
    removed.moved = true;
    out->push_back(std::move(removed));
  }

  TurnTriggers triggers_;
  RequiredWords answers_;
  LookupWords openers_;  // insert_at = start: go after these (greetings)
  LookupWords solutions_;  // `before`: the answer must come before these (see "Order")
  std::string insert_;
  bool at_start_;
  std::string separator_;
  // question_answers = yes: a trigger followed by a question in the same turn does not
  // count; the answer to the question answers it (ignored-thanks: 谢谢，那什么时候发货？).
  bool question_answers_;
  const Normalizer* normalizer_;
};

// Whether the turn asks something after byte `end` (谢谢，那什么时候发货？): a question mark
// (？ is ? in the folded view) or 吗.
bool AsksAfter(absl::string_view turn, size_t end) {
  const absl::string_view rest = turn.substr(end);
  return rest.find('?') != absl::string_view::npos || rest.find("吗") != absl::string_view::npos;
}

// See Draft::awaiting_folded.
const std::vector<std::string>& AwaitingFolded(const Draft& draft,
                                               const Normalizer& normalizer) {
  if (!draft.awaiting_ready) {
    const absl::Span<const Turn> turns = AwaitingReply(*draft.input);
    thread_local NormalizedDraft scratch;  // NOTE: per-thread scratch
    draft.awaiting_folded.resize(turns.size());
    for (size_t i = 0; i < turns.size(); ++i) {
      normalizer.Normalize(turns[i].text, &scratch);
      draft.awaiting_folded[i].assign(scratch.folded().text);
    }
    draft.awaiting_ready = true;
  }
  return draft.awaiting_folded;
}

}  // namespace

absl::StatusOr<TurnTriggers> TurnTriggers::Take(RuleBuildContext* ctx,
                                                const std::vector<ConfigValue>& files,
                                                std::vector<Example>* examples,
                                                bool reply_required) {
  TurnTriggers t;
  AhoCorasick::Builder builder;
  for (const ConfigValue& f : files) {
    if (absl::Status st = AddPlainList(ctx, f, &builder, examples, &t.extras_, reply_required);
        !st.ok()) {
      return st;
    }
  }
  t.words_ = std::move(builder).Build();
  return t;
}

const std::string* TurnTriggers::Find(const Draft& draft, const void* owner,
                                      const std::string* fallback, bool question_answers,
                                      const Normalizer& normalizer) const {
  for (const auto& [rule, memo] : draft.context_memo) {
    if (rule == owner) return memo;
  }
  bool triggered = false;
  const std::string* reply = fallback;
  for (const std::string& turn : AwaitingFolded(draft, normalizer)) {
    const absl::string_view text = turn;
    words_.ScanValidUtf8(text, [&](int id, size_t end) {
      const size_t begin = end - words_.pattern_length(id);
      // 88 (goodbye) in an order number or price, thx in a product code: not a trigger.
      if (Segmenter::CutsAsciiWord(text, begin, end)) return;
      const TriggerExtras& x = extras_[id];
      if (!x.unless.empty() && CancelledByUnless(text, begin, end, x.unless)) return;
      if (question_answers && AsksAfter(text, end)) return;
      triggered = true;
      if (!x.reply.empty()) reply = &x.reply;
    });
  }
  if (!triggered) reply = nullptr;
  draft.context_memo.emplace_back(owner, reply);
  return reply;
}

absl::StatusOr<std::unique_ptr<Rule>> MakeReplyToRule(RuleBuildContext* ctx) {
  RuleConfig& c = *ctx->config;
  std::vector<Example> examples;
  const std::vector<ConfigValue> trigger_files = c.TakeAll("triggers");
  const std::vector<ConfigValue> answer_files = c.TakeAll("words");
  if (trigger_files.empty() || answer_files.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        c.Where(nullptr), "[rule ", ctx->info.id,
        "] (kind reply-to) needs 'triggers = FILE' (what the customer says) and "
        "'words = FILE' (what the reply must contain)"));
  }
  auto triggers = TurnTriggers::Take(ctx, trigger_files, &examples);
  if (!triggers.ok()) return triggers.status();
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
  auto question_answers = c.TakeBool("question_answers", false);
  if (!question_answers.ok()) return question_answers.status();
  // Lists that only make sense for an answer inserted at the start.
  auto take_start_only = [&](absl::string_view key,
                             absl::string_view what) -> absl::StatusOr<LookupWords> {
    const std::vector<ConfigValue> files = c.TakeAll(key);
    if (!files.empty() && *where != "start") {
      return absl::InvalidArgumentError(absl::StrCat(c.Where(&files[0]), "[rule ", ctx->info.id,
                                                     "] '", key, "' names ", what,
                                                     "; with insert_at = end, remove it"));
    }
    return LookupWords::Take(ctx, files);
  };
  auto openers = take_start_only("after", "what an insertion at the start goes after");
  if (!openers.ok()) return openers.status();
  auto solutions = take_start_only(
      "before", "what the answer must come before, which only an answer inserted at the "
                "start can");
  if (!solutions.ok()) return solutions.status();
  auto rule = std::make_unique<ReplyToRule>(ctx->info, std::move(*triggers), answers,
                                            std::move(*openers), std::move(*solutions),
                                            std::move(*insert), *where == "start",
                                            std::move(*separator), *question_answers,
                                            ctx->normalizer);
  rule->AddExamples(std::move(examples));
  return rule;
}

}  // namespace replylint
