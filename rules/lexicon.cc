#include "rules/lexicon.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "rules/utf8.h"

namespace replylint {
namespace {

std::string Trim(absl::string_view s) {
  return std::string(absl::StripAsciiWhitespace(s));
}

absl::Status LineError(absl::string_view file, int line, int col, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(file, ":", line, ":", col, ": ", what));
}

// "A / B" -> [A, B], trimmed, empty parts dropped: suggestions after => and after at-end:.
void SplitSuggestions(absl::string_view s, std::vector<std::string>* out) {
  for (absl::string_view part : absl::StrSplit(s, " / ")) {
    std::string t = Trim(part);
    if (!t.empty()) out->push_back(std::move(t));
  }
}

}  // namespace

void SplitArrow(absl::string_view s, std::string* lhs, std::vector<std::string>* rhs) {
  size_t arrow = s.find("=>");
  *lhs = Trim(s.substr(0, arrow));
  rhs->clear();
  if (arrow == absl::string_view::npos) return;
  SplitSuggestions(s.substr(arrow + 2), rhs);
}

absl::Status ParseExampleBody(absl::string_view body, absl::string_view where, Example* ex) {
  std::vector<std::string> rhs;
  std::string lhs;
  SplitArrow(body, &lhs, &rhs);
  if (!rhs.empty()) ex->rewrite = rhs[0];
  std::vector<absl::string_view> parts = absl::StrSplit(lhs, " >> ");
  ex->text = Trim(parts.back());
  constexpr int64_t kExampleNowMs = 1700000000000;  // any fixed instant will do
  size_t turns = parts.size() - 1;
  if (parts.size() > 1) {
    absl::string_view last = absl::StripAsciiWhitespace(parts.back());
    if (absl::StartsWith(last, "客户") || absl::StartsWith(last, "客服") ||
        absl::StartsWith(last, "customer") || absl::StartsWith(last, "agent")) {
      ex->conversation = true;
      ex->text.clear();
      turns = parts.size();
    }
  }
  for (size_t i = 0; i < turns; ++i) {
    absl::string_view p = absl::StripAsciiWhitespace(parts[i]);
    Turn t;
    if (absl::ConsumePrefix(&p, "客户") || absl::ConsumePrefix(&p, "customer")) {
      t.role = Turn::Role::kCustomer;
    } else if (absl::ConsumePrefix(&p, "客服") || absl::ConsumePrefix(&p, "agent")) {
      t.role = Turn::Role::kAgent;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          where, "context turn '", p, "' must start with 客户: or 客服: (customer: / agent:)"));
    }
    if (absl::ConsumePrefix(&p, "+")) {
      size_t s_at = p.find('s');
      int seconds;
      if (s_at == absl::string_view::npos || !absl::SimpleAtoi(p.substr(0, s_at), &seconds) ||
          seconds < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, "write the turn's age as 客户+90s: (seconds before the draft)"));
      }
      t.time_ms = kExampleNowMs - int64_t{seconds} * 1000;
      ex->time_ms = kExampleNowMs;
      p = p.substr(s_at + 1);
    }
    if (!absl::ConsumePrefix(&p, ":") && !absl::ConsumePrefix(&p, "：")) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "context turn needs a colon after 客户 / 客服"));
    }
    t.text = Trim(p);
    ex->context.push_back(std::move(t));
  }
  if (ex->text.empty() && !ex->conversation) {
    return absl::InvalidArgumentError(absl::StrCat(where, "example has no draft text"));
  }
  return absl::OkStatus();
}

namespace {

// One non-blank, non-comment line (without its indent, which `col` accounts for).
absl::Status ParseLine(absl::string_view line, absl::string_view file_name, int line_no, int col,
                       Lexicon* lex) {
  if (line[0] == '@') {
    Example ex;
    ex.file = std::string(file_name);
    ex.line = line_no;
    absl::string_view body = line;
    if (absl::ConsumePrefix(&body, "@fire")) {
      ex.fire = true;
    } else if (absl::ConsumePrefix(&body, "@nofire")) {
      ex.fire = false;
    } else {
      return LineError(file_name, line_no, col,
                       absl::StrCat("unknown example marker '",
                                    line.substr(0, line.find(' ')),
                                    "'; write @fire TEXT or @nofire TEXT"));
    }
    if (absl::Status st = ParseExampleBody(
            body, absl::StrCat(file_name, ":", line_no, ":", col, ": "), &ex);
        !st.ok()) {
      return st;
    }
    if (ex.rewrite.has_value() && !ex.fire) {
      return LineError(file_name, line_no, col,
                       "@nofire examples cannot have '=> rewrite'; remove it");
    }
    lex->examples.push_back(std::move(ex));
    return absl::OkStatus();
  }

  LexiconEntry e;
  e.file = std::string(file_name);
  e.line = line_no;
  e.column = col;
  std::vector<absl::string_view> fields = absl::StrSplit(line, " | ");
  std::string head;
  SplitArrow(fields[0], &head, &e.suggestions);
  if (absl::StartsWith(head, "re:")) {
    e.is_regex = true;
    head = head.substr(3);
  }
  e.phrase = Trim(head);
  if (e.phrase.empty()) {
    return LineError(file_name, line_no, col,
                     "entry has no word before '=>'; write WORD => SUGGESTION");
  }
  if (e.suggestions.empty() && fields[0].find("=>") != absl::string_view::npos) {
    return LineError(file_name, line_no, col,
                     absl::StrCat("nothing after '=>'; write ", e.phrase,
                                  " => SUGGESTION, or remove the '=>'"));
  }
  size_t field_col = fields[0].size() + 3;
  for (size_t i = 1; i < fields.size(); ++i) {
    absl::string_view f = fields[i];
    const int fcol = col + static_cast<int>(field_col);
    field_col += f.size() + 3;
    size_t colon = f.find(':');
    if (colon == absl::string_view::npos) {
      return LineError(file_name, line_no, fcol,
                       absl::StrCat("field '", Trim(f),
                                    "' has no 'key:'; expected unless:, unless-re:, "
                                    "boundary:, alone:, at-end:, cause: or message:"));
    }
    std::string key = Trim(f.substr(0, colon));
    std::string value = Trim(f.substr(colon + 1));
    if (key == "unless") {
      for (absl::string_view w : absl::StrSplit(value, ' ', absl::SkipEmpty())) {
        e.unless.emplace_back(w);
      }
    } else if (key == "unless-re") {
      e.unless_re = value;
    } else if (key == "boundary" || key == "alone" || key == "cause") {
      // Two-way fields: boundary is word or none, the others yes or no.
      const bool is_boundary = key == "boundary";
      const absl::string_view on = is_boundary ? "word" : "yes";
      const absl::string_view off = is_boundary ? "none" : "no";
      if (value != on && value != off) {
        return LineError(file_name, line_no, fcol,
                         absl::StrCat(key, ": '", value, "'; write ", on, " or ", off));
      }
      bool* field = is_boundary ? &e.word_boundary : key == "alone" ? &e.alone : &e.cause;
      *field = value == on;
    } else if (key == "at-end") {
      SplitSuggestions(value, &e.suggestions_at_end);
      if (e.suggestions.empty() && !value.empty()) {
        return LineError(file_name, line_no, fcol,
                         "at-end: replaces the suggestions where the match ends its clause; "
                         "write WORD => SUGGESTION | at-end: SUGGESTION");
      }
    } else if (key == "message") {
      e.message = value;
    } else {
      return LineError(file_name, line_no, fcol,
                       absl::StrCat("unknown field '", key,
                                    "'; expected one of [unless, unless-re, boundary, "
                                    "alone, at-end, cause, message]"));
    }
    if (value.empty()) {
      return LineError(file_name, line_no, fcol,
                       absl::StrCat("field '", key, ":' has no value"));
    }
  }
  lex->entries.push_back(std::move(e));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Lexicon> ParseLexicon(absl::string_view content, absl::string_view file_name) {
  Lexicon lex;
  if (size_t bad = FindInvalidUtf8(content); bad != content.size()) {
    int line = 1;
    for (size_t i = 0; i < bad; ++i) line += content[i] == '\n';
    return LineError(file_name, line, 1, "not valid UTF-8; save the file as UTF-8");
  }
  int line_no = 0;
  // Every bad line is reported, not just the first: a rule author fixes them in one pass.
  std::vector<std::string> errors;
  for (absl::string_view raw : absl::StrSplit(content, '\n')) {
    ++line_no;
    absl::string_view line = absl::StripTrailingAsciiWhitespace(raw);
    if (line_no == 1) absl::ConsumePrefix(&line, "\xEF\xBB\xBF");  // BOM from Windows editors
    const size_t indent = line.size() - absl::StripLeadingAsciiWhitespace(line).size();
    line = absl::StripLeadingAsciiWhitespace(line);
    const int col = static_cast<int>(indent) + 1;
    if (line.empty() || line[0] == '#') continue;
    if (absl::Status st = ParseLine(line, file_name, line_no, col, &lex); !st.ok()) {
      errors.emplace_back(st.message());
    }
  }
  if (!errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(errors, "\n"));
  return lex;
}

}  // namespace replylint
