// LexiconCheck: everything `replylint check` reports about a lexicons directory, in one pass,
// so a rule author sees every problem at once rather than one per run.
//
// Parses every word list (*.txt) on its own, compiles every NAME.rules, runs every rule's
// examples, collects the compile warnings (duplicate or shadowed entries, entries ICU
// segmentation keeps from matching), and lints every suggestion, which must not be flagged
// itself. Each problem reads "file:line:col: what is wrong; what to do", paths relative to
// the directory. Stateless; thread-safe.
#ifndef REPLYLINT_RULES_LEXICON_CHECK_H_
#define REPLYLINT_RULES_LEXICON_CHECK_H_

#include <string>
#include <vector>

namespace replylint {

struct LexiconCheckReport {
  std::vector<std::string> problems;  // sorted by file and line, deduplicated
  // How many of `problems` are warnings (duplicate or shadowed entries, entries that cannot
  // match, patterns that run on most drafts, suggestions another entry flags): the server
  // loads rules that have them. The others (syntax, unknown keys, failing examples) keep it
  // on its current rules.
  int warnings = 0;
  int rulesets = 0;                   // rulesets that compiled
  int rules = 0;
  int examples = 0;
};

LexiconCheckReport CheckLexiconDir(const std::string& dir);

}  // namespace replylint

#endif  // REPLYLINT_RULES_LEXICON_CHECK_H_
