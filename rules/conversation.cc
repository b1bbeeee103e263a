#include "rules/conversation.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "rules/utf8.h"

namespace replylint {

absl::Status ScoreConversation(const Ruleset& ruleset, absl::Span<const Turn> turns,
                               const ScoreOptions& options, ConversationResult* result) {
  result->findings.clear();
  result->score = 100;
  result->agent_turns = result->customer_turns = 0;
  for (size_t i = 0; i < turns.size(); ++i) {
    if (size_t bad = FindInvalidUtf8(turns[i].text); bad != turns[i].text.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "turn ", i, ": text is not valid UTF-8 (first invalid byte at offset ", bad, ")"));
    }
  }
  thread_local LintResult lint;
  bool seen_agent = false;
  for (size_t i = 0; i < turns.size(); ++i) {
    const Turn& t = turns[i];
    if (t.role != Turn::Role::kAgent) {
      ++result->customer_turns;
      continue;
    }
    ++result->agent_turns;
    LintInput in;
    in.text = t.text;
    in.final = i + 1 == turns.size();
    const size_t first = i > options.max_context_turns ? i - options.max_context_turns : 0;
    in.context = turns.subspan(first, i - first);
    in.time_ms = t.time_ms;
    in.first_agent_turn = !seen_agent;
    in.want_rewrite = false;
    in.text_is_valid_utf8 = true;  // every turn was checked above; Lint need not again
    seen_agent = true;
    if (absl::Status st = ruleset.Lint(in, &lint); !st.ok()) {
      return absl::Status(st.code(), absl::StrCat("turn ", i, ": ", st.message()));
    }
    for (Finding& f : lint.findings) {
      result->findings.push_back({static_cast<uint32_t>(i), std::move(f)});
    }
  }
  std::vector<std::pair<uint32_t, Finding>> conv;
  for (size_t r = 0; r < ruleset.rules().size(); ++r) {
    const size_t before = conv.size();
    ruleset.rules()[r]->CheckConversation(turns, &conv);
    for (size_t k = before; k < conv.size(); ++k) {
      conv[k].second.rule = &ruleset.rules()[r]->info();
      conv[k].second.rule_index = static_cast<int>(r);
    }
  }
  for (auto& [turn, f] : conv) result->findings.push_back({turn, std::move(f)});
  std::stable_sort(result->findings.begin(), result->findings.end(),
                   [](const TurnFinding& a, const TurnFinding& b) {
                     return a.turn_index < b.turn_index;
                   });
  // Once per violated rule per conversation, as for one message.
  std::vector<const RuleInfo*> seen;
  for (const TurnFinding& tf : result->findings) {
    const RuleInfo* rule = tf.finding.rule;
    if (std::find(seen.begin(), seen.end(), rule) != seen.end()) continue;
    seen.push_back(rule);
    if (rule->critical) {
      result->score = 0;
      break;
    }
    result->score = std::max(0, result->score - rule->deduction);
  }
  return absl::OkStatus();
}

}  // namespace replylint
