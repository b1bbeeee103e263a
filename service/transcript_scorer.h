// Scores one Transcript message into a TranscriptReport: the shared core of `replylint score`
// and the ScoreTranscripts rpc, so both give the same reports.
// Stateless; thread-safe (rulesets are const).
#ifndef REPLYLINT_SERVICE_TRANSCRIPT_SCORER_H_
#define REPLYLINT_SERVICE_TRANSCRIPT_SCORER_H_

#include <functional>
#include <memory>

#include "absl/status/status.h"
#include "replylint/v1/lint.pb.h"
#include "rules/conversation.h"
#include "rules/ruleset.h"

namespace replylint {

// Finds a ruleset by name (empty = the caller's default); nullptr when unknown.
using RulesetLookup = std::function<const Ruleset*(absl::string_view name)>;

// Errors: NotFound for an unknown ruleset; InvalidArgument naming the turn for bad text.
absl::Status ScoreTranscript(const RulesetLookup& lookup, const v1::Transcript& transcript,
                             const ScoreOptions& options, v1::TranscriptReport* report);

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_TRANSCRIPT_SCORER_H_
