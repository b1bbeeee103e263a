#include "rules/finding.h"

#include <algorithm>

namespace replylint {

bool ParseSeverity(absl::string_view s, Severity* out) {
  if (s == "info") *out = Severity::kInfo;
  else if (s == "warning") *out = Severity::kWarning;
  else if (s == "error") *out = Severity::kError;
  else return false;
  return true;
}

absl::string_view MatchedText(const Finding& f, absl::string_view text) {
  if (f.end > f.begin && f.end <= text.size()) return text.substr(f.begin, f.end - f.begin);
  return {};
}

namespace {

constexpr absl::string_view kMatch = "{match}";

absl::string_view RawMessage(const Finding& f) {
  return f.message_template != nullptr ? absl::string_view(*f.message_template) : f.message;
}

}  // namespace

void AppendMessage(const Finding& f, absl::string_view text, std::string* out) {
  const size_t at = out->size();
  out->resize(at + MessageSize(f, text));
  WriteMessage(f, text, out->data() + at);
}

char* WriteMessage(const Finding& f, absl::string_view text, char* out) {
  absl::string_view t = RawMessage(f);
  for (size_t at = t.find(kMatch); at != absl::string_view::npos; at = t.find(kMatch)) {
    out = std::copy_n(t.data(), at, out);
    const absl::string_view m = MatchedText(f, text);
    out = std::copy_n(m.data(), m.size(), out);
    t.remove_prefix(at + kMatch.size());
  }
  return std::copy_n(t.data(), t.size(), out);
}

std::string MessageOf(const Finding& f, absl::string_view text) {
  std::string s;
  AppendMessage(f, text, &s);
  return s;
}

size_t MessageSize(const Finding& f, absl::string_view text) {
  const absl::string_view t = RawMessage(f);
  size_t n = t.size();
  for (size_t at = t.find(kMatch); at != absl::string_view::npos; at = t.find(kMatch, at + 1)) {
    n += MatchedText(f, text).size() - kMatch.size();
  }
  return n;
}

absl::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "warning";
}

}  // namespace replylint
