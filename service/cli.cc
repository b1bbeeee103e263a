#include "service/cli.h"

#include <fstream>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "rules/lexicon_check.h"
#include "rules/ruleset_loader.h"
#include "rules/utf8.h"
#include "service/convert.h"

namespace replylint {
namespace {

constexpr const char* kRed = "\033[1;31m";
constexpr const char* kYellow = "\033[1;33m";
constexpr const char* kCyan = "\033[36m";
constexpr const char* kReset = "\033[0m";

const char* SeverityColor(v1::Severity s) {
  return s == v1::ERROR ? kRed : s == v1::WARNING ? kYellow : kCyan;
}

std::string SeverityText(v1::Severity s) {
  switch (s) {
    case v1::ERROR: return "error";
    case v1::WARNING: return "warning";
    case v1::INFO: return "info";
    default: return "warning";
  }
}

// The draft with the finding's span marked: colour on a TTY, »…« (or ‸ for an insertion
// point) otherwise, so the mark survives copy-paste into a ticket.
std::string Marked(const std::string& text, const v1::Finding& f, bool color) {
  const size_t b = f.span().start_utf8(), e = f.span().end_utf8();
  std::string out = text.substr(0, b);
  if (b == e) {
    out += color ? absl::StrCat(kRed, "‸", kReset) : "‸";
  } else if (color) {
    absl::StrAppend(&out, "\033[4m", SeverityColor(f.severity()), text.substr(b, e - b), kReset);
  } else {
    absl::StrAppend(&out, "»", text.substr(b, e - b), "«");
  }
  out += text.substr(e);
  return out;
}

void PrintText(const std::string& source, const v1::LintRequest& req,
               const v1::LintResponse& resp, bool color, std::ostream& out) {
  for (const v1::Finding& f : resp.findings()) {
    const std::string sev = SeverityText(f.severity());
    out << source << ":" << f.span().start_cp() + 1 << ": "
        << (color ? SeverityColor(f.severity()) : "") << sev << (color ? kReset : "") << " "
        << f.rule_id() << ": " << f.message() << "\n";
    out << "    " << Marked(req.text(), f, color) << "\n";
    if (f.suggestions_size() > 0) {
      std::string s = f.suggestions(0);
      // too-long's break, "\n" or with the piece's emoji before it ("😊\n").
      if (!s.empty() && s.back() == '\n') {
        s = s.substr(0, s.size() - 1) + "↵ (分段发送 send as a new message)";
      }
      if (s.empty()) {
        s = f.moved() ? "（移到上面插入的位置 moved to the insertion above）" : "（删除 delete it）";
      }
      out << "    建议 suggestion: " << s << "\n";
    }
  }
  if (resp.findings_size() > 0) {
    out << source << ": score " << resp.score() << "/100; rewrite: " << resp.rewrite() << "\n";
  } else {
    out << source << ": OK (score 100)\n";
  }
}

}  // namespace

int RunLint(const LintCliOptions& options, std::istream& in, std::ostream& out,
            std::ostream& err) {
  if (options.format != "text" && options.format != "json") {
    err << "replylint lint: --format must be text or json, not '" << options.format << "'\n";
    return kExitUsage;
  }
  auto rulesets = LoadRulesets(options.lexicons_dir);
  if (!rulesets.ok()) {
    err << "replylint: cannot load rules: " << rulesets.status().message() << "\n";
    return kExitUsage;
  }
  bool any_findings = false, any_errors = false;
  LintResult result;
  RequestInput input;
  v1::LintResponse response;

  auto lint_one = [&](const v1::LintRequest& req, const std::string& source) {
    const std::string& name = req.ruleset().empty() ? options.ruleset : req.ruleset();
    auto it = rulesets->find(name);
    if (it == rulesets->end()) {
      err << source << ": unknown ruleset '" << name << "'\n";
      any_errors = true;
      return;
    }
    FromProto(req, 1000, &input);
    if (absl::Status st = it->second->Lint(input.input, &result); !st.ok()) {
      err << source << ": " << st.message() << "\n";
      any_errors = true;
      return;
    }
    ToProto(result, *it->second, req, &response);
    any_findings |= response.findings_size() > 0;
    if (options.format == "json") {
      out << ToJsonLine(response) << "\n";
    } else {
      PrintText(source, req, response, options.color, out);
    }
  };

  auto plain = [&](const std::string& text, const std::string& source) {
    v1::LintRequest req;
    req.set_text(text);
    req.set_final(options.final);
    lint_one(req, source);
  };

  if (!options.drafts.empty()) {
    for (size_t i = 0; i < options.drafts.size(); ++i) {
      plain(options.drafts[i], absl::StrCat("arg", i + 1));
    }
  } else {
    std::ifstream file;
    std::istream* src = &in;
    std::string name = "<stdin>";
    if (!options.input.empty() && options.input != "-") {
      file.open(options.input, std::ios::binary);
      if (!file) {
        err << "replylint lint: cannot open " << options.input << "\n";
        return kExitUsage;
      }
      src = &file;
      name = options.input;
    }
    std::string line;
    for (int line_no = 1; std::getline(*src, line); ++line_no) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const std::string source = absl::StrCat(name, ":", line_no);
      if (!IsValidUtf8(line)) {
        err << source << ": not valid UTF-8 (first bad byte at offset " << FindInvalidUtf8(line)
            << "); line skipped\n";
        any_errors = true;
        continue;
      }
      if (options.input.empty()) {
        plain(line, source);
        continue;
      }
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      v1::LintRequest req;
      if (absl::Status st = FromJson(line, &req); !st.ok()) {
        err << source << ": not a valid LintRequest JSON: " << st.message() << "; line skipped\n";
        any_errors = true;
        continue;
      }
      lint_one(req, source);
    }
  }
  if (any_errors) return kExitUsage;
  return any_findings ? kExitFindings : kExitClean;
}

int RunCheck(const CheckCliOptions& options, std::ostream& out, std::ostream& err) {
  LexiconCheckReport report = CheckLexiconDir(options.lexicons_dir);
  for (const std::string& p : report.problems) err << p << "\n";
  if (!report.problems.empty()) {
    const size_t blocking = report.problems.size() - report.warnings;
    err << report.problems.size() << " problem(s) in " << options.lexicons_dir;
    if (blocking == 0) {
      err << ", all warnings: the server loads these rules, but fix them\n";
    } else if (report.warnings > 0) {
      err << "; the server keeps its current rules until the " << blocking
          << " that are not warnings are fixed\n";
    } else {
      err << "; the server keeps its current rules until they are fixed\n";
    }
    return kExitFindings;
  }
  out << options.lexicons_dir << ": " << report.rulesets << " ruleset(s), " << report.rules
      << " rules, " << report.examples << " examples: all OK\n";
  return kExitClean;
}

}  // namespace replylint
