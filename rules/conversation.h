// Conversation scoring: one archived chat in, every violation located and one score out —
// the QA side of the same rules that coach agents live.
//
// Every agent turn is linted as the draft it was, with the turns before it as context (the
// newest `max_context_turns`), its own time as the draft's time, `final` when it is the last
// turn of the conversation, and `first_agent_turn` for the agent's first message; then the
// conversation-level rules run (no-closing-turn). Score: 100 minus each violated rule's
// deduction once per conversation, floored at 0; 0 if a critical rule is violated.
// Stateless; thread-safe (the Ruleset is const).
#ifndef REPLYLINT_RULES_CONVERSATION_H_
#define REPLYLINT_RULES_CONVERSATION_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "rules/draft.h"
#include "rules/finding.h"
#include "rules/ruleset.h"

namespace replylint {

struct TurnFinding {
  uint32_t turn_index = 0;
  Finding finding;  // offsets into turns[turn_index].text
};

struct ConversationResult {
  std::vector<TurnFinding> findings;  // by turn, then as Lint orders them
  int score = 100;
  int agent_turns = 0;
  int customer_turns = 0;
};

struct ScoreOptions {
  size_t max_context_turns = 20;  // turns before an agent turn used as its context
};

// Errors: InvalidArgument naming the turn when a turn's text is not valid UTF-8.
absl::Status ScoreConversation(const Ruleset& ruleset, absl::Span<const Turn> turns,
                               const ScoreOptions& options, ConversationResult* result);

}  // namespace replylint

#endif  // REPLYLINT_RULES_CONVERSATION_H_
