#include "service/transcript_scorer.h"

#include "absl/strings/str_cat.h"
#include "service/convert.h"

namespace replylint {

absl::Status ScoreTranscript(const RulesetLookup& lookup, const v1::Transcript& transcript,
                             const ScoreOptions& options, v1::TranscriptReport* report) {
  const Ruleset* rs = lookup(transcript.ruleset());
  if (rs == nullptr) {
    return absl::NotFoundError(absl::StrCat("conversation '", transcript.conversation_id(),
                                            "': unknown ruleset '", transcript.ruleset(), "'"));
  }
  thread_local std::vector<Turn> turns;
  thread_local ConversationResult result;
  FromProto(transcript, &turns);
  if (absl::Status st = ScoreConversation(*rs, turns, options, &result); !st.ok()) {
    return absl::Status(st.code(), absl::StrCat("conversation '", transcript.conversation_id(),
                                                 "': ", st.message()));
  }
  report->Clear();
  report->set_conversation_id(transcript.conversation_id());
  report->set_agent_id(transcript.agent_id());
  report->set_ruleset(rs->name());
  report->set_ruleset_version(rs->version());
  report->set_score(result.score);
  report->set_agent_turns(static_cast<uint32_t>(result.agent_turns));
  report->set_customer_turns(static_cast<uint32_t>(result.customer_turns));
  for (const TurnFinding& tf : result.findings) {
    v1::TranscriptFinding* out = report->add_findings();
    out->set_turn_index(tf.turn_index);
    FindingToProto(tf.finding, turns[tf.turn_index].text, out->mutable_finding());
  }
  return absl::OkStatus();
}

}  // namespace replylint
