// Ruleset: a compiled, frozen set of rules — what answers Lint().
//
// Built only by the loader (ruleset_loader.h), which parses, validates and compiles every
// word list, automaton and RE2 once; afterwards a Ruleset is immutable. Services hold it as
// std::shared_ptr<const Ruleset> and swap the pointer on reload, so a request finishes on the
// ruleset it started with.
// Thread-safety: all methods are const and safe to call concurrently. Lint() reuses
// per-thread scratch buffers, so steady-state calls allocate only for their findings.
#ifndef REPLYLINT_RULES_RULESET_H_
#define REPLYLINT_RULES_RULESET_H_

#include <memory>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "rules/aho_corasick.h"
#include "rules/draft.h"
#include "rules/finding.h"
#include "rules/rule.h"

namespace replylint {

class Normalizer;

struct LintResult {
  std::vector<Finding> findings;  // sorted by begin, insertion points first, then rule order
  // The text with suggestions[0] of every finding applied. When a suggestion itself
  // breaks a rule (a regex suggestion keeping the agent's 你, an emoji inside a replaced
  // span, a closing line that makes the answer too long), the rewrite is linted and fixed
  // again, at most kMaxRewriteRounds times, so the rewrite is clean.
  std::string rewrite;
  int score = 100;                // 0..100, see scorer.h
};

// A file the ruleset was built from (for GetRuleset and `replylint check`).
struct SourceFile {
  std::string path;          // relative to the lexicons dir
  std::string content_hash;  // 16 hex digits, FNV-1a 64
};

class Ruleset {
 public:
  const std::string& name() const { return name_; }
  // Content hash over every source file: changes with any rule edit.
  const std::string& version() const { return version_; }
  const std::vector<std::unique_ptr<Rule>>& rules() const { return rules_; }
  const std::vector<SourceFile>& files() const { return files_; }
  // Problems found while compiling that do not stop the ruleset from working (duplicate or
  // shadowed entries, entries ICU segmentation keeps from matching): "file:line:col: ...".
  const std::vector<std::string>& warnings() const { return warnings_; }
  const Rule* FindRule(absl::string_view id) const;

  static constexpr int kMaxRewriteRounds = 3;

  // Lints one draft. Errors: InvalidArgument when the text is not valid UTF-8 (with the
  // offset of the first bad byte; not checked again when input.text_is_valid_utf8 says the
  // caller did). Empty text is OK with no findings.
  absl::Status Lint(const LintInput& input, LintResult* result) const;

 private:
  friend class RulesetBuilder;
  Ruleset() = default;
  // Runs every enabled rule over `input` into `findings`, resolved and sorted. Without
  // `messages` the findings' messages stay empty: the rewrite rounds only need spans and
  // suggestions, and formatting a message is an allocation per finding.
  // `unchanged` > 0: this thread's last Collect was of a text whose first `unchanged` bytes
  // are input.text's (the previous rewrite round's); its views and automaton hits over them
  // are kept (Normalizer::Renormalize) and only the rest is normalized and scanned again.
  // Returns whether the text reads as Traditional Chinese (see ReadsTraditional in
  // ruleset.cc); meaningful when `unchanged` is 0.
  // `same_request`: a rewrite round of the last Collect's request (the same context).
  bool Collect(const LintInput& input, bool messages, std::vector<Finding>* findings,
               size_t unchanged = 0, bool same_request = false) const;
  // Suggestions in the script the agent writes in: a Traditional draft gets 我幫您查詢一下,
  // not 我帮您查询一下 spliced into it.
  void SuggestInTraditional(std::vector<Finding>* findings) const;
  // Marks Finding::redundant each insertion whose rule an earlier insertion at the same place
  // already satisfies (see Rule::satisfying_words): a goodbye reply 祝您生活愉快，再见 is a
  // closing line, so the closing line is not inserted after it as well. The same for a
  // replacement after it that writes what the insertion would (干嘛 => 您好，请问… in a first
  // reply needs no 亲，您好， in front).
  void MarkRedundantInsertions(std::vector<Finding>* findings) const;
  // Appends to `ids` the required words (automaton ids less avoid_patterns_, as
  // Rule::satisfying_words counts them) that `text` writes once folded.
  void AppendWordsWritten(absl::string_view text, std::vector<int32_t>* ids) const;
  friend class RulesetPeer;  // tests: Collect with and without `unchanged` must agree

  std::string name_;
  std::string version_;
  std::vector<std::unique_ptr<Rule>> rules_;
  std::vector<RuleTrigger> triggers_;  // rules_[i]->trigger(), side by side (see RuleTrigger)
  std::vector<SourceFile> files_;
  std::vector<std::string> warnings_;
  const Normalizer* normalizer_ = nullptr;
  // Every phrase literal (matched over the compact view), then every required literal (over
  // the folded view): the avoid patterns are ids [0, avoid_patterns_), and required literal
  // k is id avoid_patterns_ + k. When the two views are one text, as in most drafts, one pass
  // finds both kinds of hits, with one automaton's tables to bring into cache.
  AhoCorasick both_;
  int avoid_patterns_ = 0;
};

}  // namespace replylint

#endif  // REPLYLINT_RULES_RULESET_H_
