// replylint: lint | check | serve. The only place that reads flags.
#include <unistd.h>

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "service/cli.h"

#ifndef REPLYLINT_DEFAULT_LEXICONS
#define REPLYLINT_DEFAULT_LEXICONS "lexicons"
#endif

ABSL_FLAG(std::string, lexicons, REPLYLINT_DEFAULT_LEXICONS,
          "lexicons directory holding NAME.rules and word lists");
ABSL_FLAG(std::string, ruleset, "default", "ruleset for drafts that name none");
ABSL_FLAG(std::string, format, "text", "lint output: text or json (one LintResponse per line)");
ABSL_FLAG(std::string, input, "", "lint: read LintRequest JSON lines from FILE (- = stdin)");
ABSL_FLAG(bool, final, false, "lint: treat drafts as the conversation's last agent message");
ABSL_FLAG(std::string, color, "auto", "lint: colour output: auto, always, never");

namespace {

constexpr const char kUsage[] =
    "replylint: coaching for customer-service replies\n"
    "  replylint lint [--format text|json] [--input FILE.jsonl] [--final] [DRAFT...]\n"
    "      drafts as arguments, or one per line on stdin; exit 0 clean, 1 findings, 2 error\n"
    "  replylint check [DIR]   validate lexicons and run every rule's examples\n";

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2) {
    std::cerr << kUsage;
    return replylint::kExitUsage;
  }
  const std::string command = args[1];
  std::vector<std::string> rest(args.begin() + 2, args.end());
  if (command == "lint") {
    replylint::LintCliOptions o;
    o.lexicons_dir = absl::GetFlag(FLAGS_lexicons);
    o.ruleset = absl::GetFlag(FLAGS_ruleset);
    o.format = absl::GetFlag(FLAGS_format);
    o.input = absl::GetFlag(FLAGS_input);
    o.final = absl::GetFlag(FLAGS_final);
    const std::string color = absl::GetFlag(FLAGS_color);
    o.color = color == "always" || (color == "auto" && isatty(STDOUT_FILENO));
    o.drafts = rest;
    return replylint::RunLint(o, std::cin, std::cout, std::cerr);
  }
  if (command == "check") {
    replylint::CheckCliOptions o;
    o.lexicons_dir = rest.empty() ? absl::GetFlag(FLAGS_lexicons) : rest[0];
    return replylint::RunCheck(o, std::cout, std::cerr);
  }
  std::cerr << "replylint: unknown command '" << command << "'\n" << kUsage;
  return replylint::kExitUsage;
}
