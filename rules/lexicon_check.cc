#include "rules/lexicon_check.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "rules/lexicon.h"
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
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const fs::path rel = fs::relative(it->path(), dir, ec);
    if (it->path().extension() == ".txt") {
      std::ifstream in(it->path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      auto lex = ParseLexicon(ss.str(), rel.string());
      if (!lex.ok()) add(lex.status().message());
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
  }
  // A line that is also an error (the same text) counts as one; it stops loading.
  report.warnings = static_cast<int>(warnings.size());
  report.problems.assign(problems.begin(), problems.end());
  std::sort(report.problems.begin(), report.problems.end(), ByLocation);
  return report;
}

}  // namespace replylint
