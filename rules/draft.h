// LintInput and Draft: one draft as the rules see it.
//
// LintInput is what a caller hands to Ruleset::Lint (views, no ownership). Draft is the
// per-call working state the Ruleset builds from it: the normalized views, the literal hits of
// the ruleset's automata, and segmentation scratch. Rules only read a Draft (the segmentation
// cache is `mutable` scratch). A Draft's buffers are reused across calls on one thread, so
// steady-state linting allocates only for findings.
#ifndef REPLYLINT_RULES_DRAFT_H_
#define REPLYLINT_RULES_DRAFT_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/types/span.h"
#include "rules/normalizer.h"
#include "rules/segmenter.h"

namespace replylint {

struct Turn {
  enum class Role : uint8_t { kAgent, kCustomer };
  Role role = Role::kCustomer;
  std::string text;
  int64_t time_ms = 0;  // Unix epoch milliseconds; 0 = unknown
};

struct LintInput {
  absl::string_view text;  // UTF-8, as typed
  bool final = false;     // the conversation's last agent message
  // Recent turns, oldest first. REQUIRES: their texts are valid UTF-8 (the boundaries
  // guarantee it: the service's request readers, the transcript readers,
  // ScoreConversation), so rules reading context do not re-validate every turn per draft.
  absl::Span<const Turn> context;
  int64_t time_ms = 0;    // when the draft is sent, Unix epoch ms; 0 = unknown
  absl::Span<const std::string> disabled_rules;
  // The draft is the agent's first message of the conversation (greeting rules). Callers
  // set it when they know: the conversation scorer always, the service when `context` has
  // customer turns and no agent turn.
  bool first_agent_turn = false;
  // The caller has already verified that `text` is valid UTF-8, so Lint skips its own
  // check. The gRPC service sets it: its request reader (service/lint_request_wire.h), like
  // protobuf's parser, rejects a proto3 string that is not UTF-8 before the draft reaches
  // the engine, and a second scan was ~4% of the engine's time per draft.
  // Set it only at such a boundary: the normalizer reads past the end of invalid text.
  bool text_is_valid_utf8 = false;
  // Compute LintResult::rewrite. QA scoring does not need it and skips the cost (applying
  // suggestions and re-linting the result).
  bool want_rewrite = true;
};

// A literal lexicon match in one normalized view: bytes [begin, end) of that view.
struct Hit {
  int32_t pattern;
  uint32_t begin;
  uint32_t end;
};

// Whether any of `hits` is of an automaton id in [first, last): a rule's or an entry's range.
inline bool AnyHitIn(const std::vector<Hit>& hits, int32_t first, int32_t last) {
  for (const Hit& h : hits) {
    if (h.pattern >= first && h.pattern < last) return true;
  }
  return false;
}

// Whether a draft with this context is the agent's first message, as far as a caller that
// only has recent context can tell: the customer has spoken and the agent has not.
inline bool IsFirstAgentTurn(absl::Span<const Turn> context) {
  if (context.empty()) return false;
  for (const Turn& t : context) {
    if (t.role == Turn::Role::kAgent) return false;
  }
  return true;
}

// The customer's turns the draft answers: those after the agent's last turn in `context`.
inline absl::Span<const Turn> AwaitingReply(const LintInput& input) {
  size_t first = input.context.size();
  while (first > 0 && input.context[first - 1].role == Turn::Role::kCustomer) --first;
  return input.context.subspan(first);
}

struct Draft {
  const LintInput* input = nullptr;
  NormalizedDraft norm;
  std::vector<Hit> avoid_hits;    // in norm.compact, ascending by end
  std::vector<Hit> require_hits;  // in norm.folded, ascending by end
  mutable WordCache words;        // segmentation of norm.compact, computed on demand
  // The customer's turns awaiting a reply (AwaitingReply), folded, for the rules that look
  // for words in them. Computed once per Lint call by the first rule that asks and kept for
  // the call's rewrite rounds (Ruleset::Collect clears `awaiting_ready` for a new request):
  // before, each such rule normalized the turns again in every round.
  mutable std::vector<std::string> awaiting_folded;
  mutable bool awaiting_ready = false;
  // What a context rule concluded from those turns alone, by rule, for the same request's
  // rewrite rounds (a reply-to rule: the text to insert if the customer complained or
  // thanked, null if not). Valid while `awaiting_ready` holds.
  mutable std::vector<std::pair<const void*, const std::string*>> context_memo;
  bool messages = true;           // findings need their messages (see Rule::MakeFinding)
  // Whether norm.folded holds an opening quotation mark: -1 not looked yet (Collect resets
  // it for each text), 0 no, 1 yes. Most drafts have none, so the phrase rules' check for
  // quoted speech (您说的“…”) costs them one search.
  mutable int8_t opening_quotes = -1;
  // The message but for marks, spaces and emoji at its ends (MessageCore), as bytes
  // [core_b, core_e) of norm.compact: what `alone` entries are looked up by. Set by
  // EnsureMessageCore for the first rule that asks (Collect clears `core_ready` for each
  // text), so that the rules that have such entries, and the trigger that wakes them, do
  // not each trim the message again.
  mutable uint32_t core_b = 0, core_e = 0;
  mutable bool core_ready = false;

  absl::string_view text() const { return input->text; }
};

// Sets draft.core_b/core_e if they are not set for this text. The ends are found on
// norm.folded, because compact drops the brackets of a code between Han characters
// (干嘛[微笑] reads 干嘛微笑] there); the words between them are read on compact, so
// 干 嘛[微笑] is 干嘛 too.
inline void EnsureMessageCore(const Draft& draft) {
  if (draft.core_ready) return;
  const NormalizedView& folded = draft.norm.folded();
  const NormalizedView& compact = draft.norm.compact();
  size_t b, e;
  MessageCore(Normalizer::Default(), folded.text, &b, &e);
  if (b < e && !draft.norm.views_are_one()) {
    uint32_t ob, oe;
    folded.ToOriginal(b, e, &ob, &oe);
    b = compact.FromOriginal(ob);
    e = compact.FromOriginal(oe);
  }
  draft.core_b = static_cast<uint32_t>(b);
  draft.core_e = static_cast<uint32_t>(e > b ? e : b);
  draft.core_ready = true;
}

}  // namespace replylint

#endif  // REPLYLINT_RULES_DRAFT_H_
