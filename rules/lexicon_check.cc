#include "rules/lexicon_check.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "rules/finding.h"
#include "rules/lexicon.h"
#include "rules/ruleset.h"
#include "rules/ruleset_loader.h"

namespace replylint {
namespace {

namespace fs = std::filesystem;

// "file:line: msg" -> "file:line:1: msg" so every problem has a column.
std::string WithColumn(const std::string& p) {
  std::vector<absl::string_view> parts = absl::StrSplit(p, absl::MaxSplits(':', 3));
  int n;
  if (parts.size() >= 3 && absl::SimpleAtoi(parts[1], &n)) {
    int col;
    if (parts.size() == 4 && absl::SimpleAtoi(parts[2], &col)) return p;
    return absl::StrCat(parts[0], ":", parts[1], ":1:", p.substr(parts[0].size() + parts[1].size() + 2));
  }
  return p;
}

// Orders "file:line:col: ..." by file, then line numerically.
bool ByLocation(const std::string& a, const std::string& b) {
  std::vector<absl::string_view> pa = absl::StrSplit(a, absl::MaxSplits(':', 2));
  std::vector<absl::string_view> pb = absl::StrSplit(b, absl::MaxSplits(':', 2));
  if (pa.size() < 2 || pb.size() < 2 || pa[0] != pb[0]) return a < b;
  int la = 0, lb = 0;
  (void)absl::SimpleAtoi(pa[1], &la);
  (void)absl::SimpleAtoi(pb[1], &lb);
  return la != lb ? la < lb : a < b;
}

// Suggestions that another entry flags, as warnings: the rewrite replaces them again, round
// after round, and garbles the reply (没办法 => 暂时无法 before 处理 met 无法处理 and gave
// 暂时帮您联系相关同事处理). Each suggestion of every word list `rs` uses is linted after 好的，
// (so that it is never a whole reply, which curt-reply's alone entries judge) and before the
// verbs drafts most often put after a refusal.
void CheckSuggestions(const Ruleset& rs, const std::map<std::string, Lexicon>& lexicons,
                      std::vector<std::string>* out) {
  static constexpr absl::string_view kBefore = "好的，";
  static constexpr absl::string_view kAfter[] = {"", "处理", "发货", "退款"};
  LintResult result;
  for (const SourceFile& file : rs.files()) {
    auto lexicon = lexicons.find(file.path);
    if (lexicon == lexicons.end()) continue;
    for (const LexiconEntry& e : lexicon->second.entries) {
      std::vector<std::string> suggestions = e.suggestions;
      suggestions.insert(suggestions.end(), e.suggestions_at_end.begin(),
                         e.suggestions_at_end.end());
      for (const std::string& s : suggestions) {
        if (s.empty() || s.find('\\') != std::string::npos) continue;  // \1: typed words
        bool reported = false;
        for (absl::string_view after : kAfter) {
          if (reported) break;  // one warning per suggestion
          const std::string text = absl::StrCat(kBefore, s, after);
          LintInput in;
          in.text = text;
          in.want_rewrite = false;
          if (!rs.Lint(in, &result).ok()) continue;
          for (const Finding& f : result.findings) {
            if (f.begin == f.end || f.begin < kBefore.size()) continue;  // insertions; 好的，
            out->push_back(absl::StrCat(
                file.path, ":", e.line, ":", e.column, ": suggestion '", s, "'",
                after.empty() ? "" : absl::StrCat(" followed by '", after, "'"),
                " is flagged itself, by ", f.rule->id, " ('", MatchedText(f, text),
                "'), so the rewrite would replace it again; reword the suggestion, or add an "
                "exception to the entry that flags it"));
            reported = true;
            break;
          }
        }
      }
    }
  }
}

}  // namespace

LexiconCheckReport CheckLexiconDir(const std::string& dir) {
  LexiconCheckReport report;
  std::set<std::string> problems;
  std::set<std::string> warnings;  // those of `problems` that do not stop loading
  // One message may hold several problems, one per line (ParseLexicon reports every bad
  // line, LoadRuleset every broken rule); each becomes its own "file:line:col: ..." entry.
  auto add = [&problems](absl::string_view message) {
    for (absl::string_view one : absl::StrSplit(message, '\n', absl::SkipEmpty())) {
      problems.insert(WithColumn(std::string(one)));
    }
  };
  std::error_code ec;
  std::vector<std::string> names;
  std::map<std::string, Lexicon> lexicons;  // the word lists that parse, by relative path
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const fs::path rel = fs::relative(it->path(), dir, ec);
    if (it->path().extension() == ".txt") {
      std::ifstream in(it->path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      auto lex = ParseLexicon(ss.str(), rel.string());
      if (!lex.ok()) {
        add(lex.status().message());
      } else {
        lexicons.emplace(rel.generic_string(), *std::move(lex));
      }
    } else if (it->path().extension() == ".rules" && rel.parent_path().empty()) {
      names.push_back(it->path().stem().string());
    }
  }
  if (ec) add(absl::StrCat(dir, ": cannot read the directory: ", ec.message()));
  if (names.empty()) add(absl::StrCat(dir, ": no NAME.rules file; add default.rules"));
  std::sort(names.begin(), names.end());
  LoadOptions no_examples;
  no_examples.run_examples = false;
  for (const std::string& name : names) {
    auto rs = LoadRuleset(dir, name, no_examples);
    if (!rs.ok()) {
      add(rs.status().message());
      continue;
    }
    ++report.rulesets;
    report.rules += static_cast<int>((*rs)->rules().size());
    for (const auto& r : (*rs)->rules()) report.examples += static_cast<int>(r->examples().size());
    for (const std::string& w : (*rs)->warnings()) {
      add(w);
      warnings.insert(WithColumn(w));
    }
    for (const std::string& f : RunExamples(**rs)) add(f);
    std::vector<std::string> flagged;
    CheckSuggestions(**rs, lexicons, &flagged);
    for (const std::string& w : flagged) {
      add(w);
      warnings.insert(w);
    }
  }
  // A line that is also an error (the same text) counts as one; it stops loading.
  report.warnings = static_cast<int>(warnings.size());
  report.problems.assign(problems.begin(), problems.end());
  std::sort(report.problems.begin(), report.problems.end(), ByLocation);
  return report;
}

}  // namespace replylint
