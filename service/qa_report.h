// QaReport: the summary a QA lead reads after `replylint score` — per agent, per rule, the
// worst conversations with the offending text highlighted — as CSV and as one self-contained
// HTML page (inline CSS and SVG charts: opens offline, no scripts, no network).
//
// Memory is bounded whatever the archive size: counters per agent and per rule, plus the
// kWorst lowest-scoring conversations. Not thread-safe: fed by the scorer's single writer.
#ifndef REPLYLINT_SERVICE_QA_REPORT_H_
#define REPLYLINT_SERVICE_QA_REPORT_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "replylint/v1/lint.pb.h"

namespace replylint {

class QaReport {
 public:
  static constexpr size_t kWorst = 20;          // conversations shown in full
  static constexpr size_t kMaxTurnsShown = 60;  // per worst conversation
  static constexpr size_t kMaxRejections = 1000;

  // What a rule checks, in words a QA lead reads beside its id (the rule's message, its
  // first sentence, "{match}" as …). Rules never described show their id alone.
  void DescribeRule(const std::string& id, absl::string_view message);

  void AddScored(const v1::Transcript& transcript, const v1::TranscriptReport& report);
  void AddRejected(const std::string& input, uint64_t line, const std::string& reason);

  uint64_t read() const { return scored_ + rejected_; }
  uint64_t scored() const { return scored_; }
  uint64_t rejected() const { return rejected_; }
  uint64_t agent_messages() const { return agent_messages_; }

  // agent_id, conversations, mean_score, agent_messages, violations_per_100_messages, then
  // one "<rule> per 100 msgs" column per rule seen.
  std::string AgentsCsv() const;
  // rule_id, severity, hits, conversations, share_of_conversations (0-1).
  std::string RulesCsv() const;
  std::string Html(const std::string& title) const;
  // One line for the terminal: read = scored + rejected, mean score.
  std::string SummaryLine() const;

 private:
  struct Agent {
    uint64_t conversations = 0, messages = 0, violations = 0;
    double score_sum = 0;
    std::map<std::string, uint64_t> by_rule;
  };
  struct RuleStats {
    uint64_t hits = 0, conversations = 0;
    int severity = 0;
  };
  struct Worst {
    int score = 0;
    v1::Transcript transcript;  // trimmed to kMaxTurnsShown
    v1::TranscriptReport report;
    std::string input;
  };

  std::map<std::string, Agent> agents_;
  std::map<std::string, RuleStats> rules_;
  std::map<std::string, std::string> descriptions_;  // rule id -> DescribeRule's words
  std::vector<Worst> worst_;  // max-heap on score: the best of the worst on top
  std::vector<std::string> rejections_;
  // Conversations per score band: [0] 0-9, ..., [9] 90-99, [10] exactly 100.
  std::array<uint64_t, 11> score_bands_{};
  uint64_t scored_ = 0, rejected_ = 0, agent_messages_ = 0;
  double score_sum_ = 0;
};

// Writes `content` to `path` via a temporary file in the same directory and rename(2), so a
// reader (or a crash, or Ctrl-C) never sees a half-written file.
absl::Status WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_QA_REPORT_H_
