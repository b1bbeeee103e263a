// Finding and RuleInfo: what the engine reports, in the engine's own types (service/ maps
// them to protobuf).
//
// Offsets are UTF-8 bytes into the text as typed; the Ruleset fills `start`/`limit` with all
// three units (UTF-8, UTF-16, code points) before returning.
#ifndef REPLYLINT_RULES_FINDING_H_
#define REPLYLINT_RULES_FINDING_H_

#include <cstdint>
#include <string>
#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include <vector>

#include "rules/utf8.h"

namespace replylint {

enum class Severity : uint8_t { kInfo = 1, kWarning = 2, kError = 3 };

// Parses "info" / "warning" / "error"; false for anything else.
bool ParseSeverity(absl::string_view s, Severity* out);
absl::string_view SeverityName(Severity s);

// The part of a rule every kind shares, read from its [rule ID] section.
struct RuleInfo {
  std::string id;         // stable, part of the API: "banned-negative"
  std::string kind;       // a name from the closed table in rule_kinds.cc
  Severity severity = Severity::kWarning;
  int deduction = 0;      // score points taken when violated (once per message)
  bool critical = false;  // violated => score 0
  std::string message;    // Chinese, for the agent; "{match}" expands to the matched text
  std::string file;       // where the section is, for error messages
  int line = 0;
};

struct Finding {
  const RuleInfo* rule = nullptr;  // owned by the Ruleset; valid while it is held
  int rule_index = 0;              // position of the rule in its Ruleset
  uint32_t begin = 0;              // UTF-8 bytes into the original text
  uint32_t end = 0;                // begin == end: an insertion point
  TextOffset start, limit;         // begin/end in all three units (filled by Ruleset)
  // The explanation for the agent (Chinese); read it with AppendMessage or MessageOf. It is
  // `message_template` when that is set, as for most findings, otherwise `message` (which a
  // rule formats itself when it puts numbers in it); either way "{match}" in it stands for
  // the original text of [begin, end) and is filled in only when the finding is written out:
  // formatting every finding's message in the engine, rewrite rounds included, was a malloc,
  // a copy and a free each on the keystroke path.
  const std::string* message_template = nullptr;  // owned by the Ruleset; valid while held
  std::string message;
  // Replacements for [begin, end), best first. Nearly every finding has one (the emoji
  // insertion most of all), held inline: a vector's buffer was one of the engine's last
  // two allocations per draft.
  absl::InlinedVector<std::string, 1> suggestions;
  // An insertion that an earlier insertion at the same place already makes (a goodbye reply
  // that is also a closing line): reported with its suggestion, left out of the rewrite.
  bool redundant = false;
  // This finding deletes text that another finding of the same rule inserts elsewhere: the
  // second half of a move (see reply_to.cc). Not a violation of its own, so counts of hits
  // skip it.
  bool moved = false;
};

// The message of `f` (see Finding::message_template), for the text `f` was found in (the
// draft as typed, whose bytes [begin, end) "{match}" stands for).
void AppendMessage(const Finding& f, absl::string_view text, std::string* out);
std::string MessageOf(const Finding& f, absl::string_view text);
// The text as typed that `f` covers, [begin, end) of `text` (empty for an insertion point).
absl::string_view MatchedText(const Finding& f, absl::string_view text);
// Bytes AppendMessage appends.
size_t MessageSize(const Finding& f, absl::string_view text);
// Writes the MessageSize(f, text) bytes AppendMessage appends at `out`; returns their end.
char* WriteMessage(const Finding& f, absl::string_view text, char* out);

}  // namespace replylint

#endif  // REPLYLINT_RULES_FINDING_H_
