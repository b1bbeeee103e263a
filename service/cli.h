// The `replylint` subcommands other than serve: lint and check. Plain option structs filled
// by main() (the only reader of flags); each returns the process exit code.
#ifndef REPLYLINT_SERVICE_CLI_H_
#define REPLYLINT_SERVICE_CLI_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace replylint {

// Exit codes shared by every subcommand.
constexpr int kExitClean = 0;     // no findings / all checks passed
constexpr int kExitFindings = 1;  // findings / a check failed
constexpr int kExitUsage = 2;     // usage or input error

struct LintCliOptions {
  std::string lexicons_dir;        // where NAME.rules live
  std::string ruleset = "default"; // used when a request names none
  std::string format = "text";     // text | json
  std::string input;               // FILE.jsonl of LintRequest, "-" = stdin; empty: drafts
  bool final = false;              // treat plain drafts as final messages
  bool color = false;              // ANSI colour in text output (main sets it for TTYs)
  std::vector<std::string> drafts; // drafts given as arguments; none: one per stdin line
};

int RunLint(const LintCliOptions& options, std::istream& in, std::ostream& out,
            std::ostream& err);

struct CheckCliOptions {
  std::string lexicons_dir;
};

int RunCheck(const CheckCliOptions& options, std::ostream& out, std::ostream& err);

struct ScoreCliOptions {
  std::string lexicons_dir;
  std::string ruleset = "default";  // for transcripts that name none
  std::vector<std::string> inputs;  // files (JSONL or CSV, plain or .gz); "-" = stdin
  // Directory for reports.jsonl, agents.csv, rules.csv and report.html (created if needed).
  // Empty: reports go to stdout as JSON lines (the pipe contract) and the summary to stderr.
  std::string report_dir;
  int threads = 0;        // worker threads; 0 = two per core
  bool progress = false;  // progress bar on stderr (main sets it when stderr is a TTY)
};

// Exit codes: 0 everything scored; 1 some input rejected (each reported with its line);
// 2 usage or fatal error; 130 interrupted (no partial output file is left behind).
int RunScore(const ScoreCliOptions& options, std::ostream& out, std::ostream& err);

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_CLI_H_
