#include "rules/finding.h"

namespace replylint {

bool ParseSeverity(absl::string_view s, Severity* out) {
  if (s == "info") *out = Severity::kInfo;
  else if (s == "warning") *out = Severity::kWarning;
  else if (s == "error") *out = Severity::kError;
  else return false;
  return true;
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
