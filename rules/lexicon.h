// Lexicon: one word-list file that rule authors edit, parsed strictly.
//
// One entry per line (full syntax in lexicons/README.md):
//
//   # comment
//   不知道 => 我帮您查询一下 / 我这边帮您确认一下
//   不行 => 我这边帮您想想其他办法 | unless: 行使 行驶 行动 行贿
//   你 => 您 | boundary: none | unless: 迷你
//   re:把(.{1,12}?)发过来 => 请您把\1发给我好吗 | unless-re: 请|麻烦|好吗
//   @fire 这个我不知道 => 这个我帮您查询一下      (an example that must fire; optional rewrite)
//   @nofire 我们不行使该项权利                      (an example that must not fire)
//
// Fields after the entry are separated by " | " (a pipe with a space on each side, so regex
// alternation like 请|麻烦 stays inside one field). Suggestions are separated by " / ".
//
// Stateless functions; thread-safe.
#ifndef REPLYLINT_RULES_LEXICON_H_
#define REPLYLINT_RULES_LEXICON_H_

#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "rules/draft.h"

namespace replylint {

// A sample draft that a rule must (or must not) flag: the rule's tests, run by
// `replylint check`, by the test suite and before every hot reload.
//
// An example may carry conversation context for the context rules: turns before the draft,
// each "客户: TEXT" or "客服: TEXT" (also customer:/agent:), optionally "客户+90s: TEXT" for a
// turn sent 90 seconds before the draft, separated by " >> ":
//   @fire 客户: 怎么还没到，我要投诉 >> 我帮您查一下物流😊
// When the last part also starts with 客户: / 客服:, the example is a whole conversation:
//   @fire 客服: 您好😊 >> 客户: 好的
struct Example {
  std::string text;             // the draft
  std::vector<Turn> context;    // turns before it, oldest first
  // The last part had a role prefix too ("... >> 客户: 好的"): a whole conversation for
  // conversation-level rules, scored as QA does; `text` is empty.
  bool conversation = false;
  int64_t time_ms = 0;          // the draft's time when any turn has "+Ns", else 0
  bool fire = true;
  std::optional<std::string> rewrite;  // expected text after this rule's suggestions
  std::string file;
  int line = 0;
};

struct LexiconEntry {
  std::string phrase;  // literal as written, or the RE2 source when is_regex
  bool is_regex = false;
  std::vector<std::string> suggestions;
  std::vector<std::string> unless;  // words that, overlapping the match, cancel it
  std::string unless_re;            // RE2; a match in the same clause cancels it
  bool word_boundary = true;        // must start and end on ICU word boundaries
  // The match must be the whole message but for punctuation, spaces and emoji around it
  // (干嘛, 什么事？, 在😊): a reply that is only these words brushes the customer off.
  bool alone = false;
  // Suggestions for a match that ends its clause (only particles, punctuation, an emoji or
  // the end after it), when `suggestions` lead into the words that follow: 我们不能 =>
  // 我们帮您看看能否 reads well in 我们不能退款 and not in 这个我们不能。 (at-end: 我们这边帮您
  // 想想其他办法). Empty: `suggestions` everywhere.
  std::vector<std::string> suggestions_at_end;
  // The entry names a cause (这是快递那边的问题): not reported when the message goes on to
  // one of the rule's `unless_followed_by` words (a solution: 已经帮您加急了), since naming
  // the cause and then solving is the guidelines' order. Needs that rule key.
  bool cause = false;
  std::string message;              // overrides the rule's message when set
  std::string file;
  int line = 0;
  int column = 0;  // 1-based, of the entry text
};

struct Lexicon {
  std::vector<LexiconEntry> entries;
  std::vector<Example> examples;
};

// Parses `content` (the text of `file_name`). Errors read
// "FILE:LINE:COL: what is wrong; what to do", one line per bad line of the file (every one
// is reported, so an author fixes them in one pass). A word listed twice is not an error
// here: `replylint check` warns about it (RuleBuildContext::warnings), across files too.
absl::StatusOr<Lexicon> ParseLexicon(absl::string_view content, absl::string_view file_name);

// Splits "TEXT => A / B" into TEXT and [A, B]. Shared by entries and examples.
void SplitArrow(absl::string_view s, std::string* lhs, std::vector<std::string>* rhs);

// Parses an example body "[TURN >> ...] DRAFT [=> REWRITE]" into `ex` (text, context,
// time_ms, rewrite). Errors name `where` and what to write instead.
absl::Status ParseExampleBody(absl::string_view body, absl::string_view where, Example* ex);

}  // namespace replylint

#endif  // REPLYLINT_RULES_LEXICON_H_
