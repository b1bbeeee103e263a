#include "service/json_writer.h"

#include "absl/strings/str_cat.h"

namespace replylint {
namespace {

void Str(absl::string_view s, std::string* out) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        if (c < 0x20) {
          static const char kHex[] = "0123456789abcdef";
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

void Key(const char* k, std::string* out, bool first = false) {
  if (!first) out->push_back(',');
  out->push_back('"');
  out->append(k);
  out->append("\":");
}

const char* SeverityName(v1::Severity s) {
  switch (s) {
    case v1::INFO: return "INFO";
    case v1::WARNING: return "WARNING";
    case v1::ERROR: return "ERROR";
    default: return "SEVERITY_UNSPECIFIED";
  }
}

void AppendFinding(const v1::Finding& f, std::string* out) {
  out->push_back('{');
  Key("ruleId", out, true);
  Str(f.rule_id(), out);
  Key("severity", out);
  absl::StrAppend(out, "\"", SeverityName(f.severity()), "\"");
  Key("message", out);
  Str(f.message(), out);
  if (f.has_span()) {
    const v1::Span& s = f.span();
    Key("span", out);
    absl::StrAppend(out, "{\"startUtf8\":", s.start_utf8(), ",\"endUtf8\":", s.end_utf8(),
                    ",\"startUtf16\":", s.start_utf16(), ",\"endUtf16\":", s.end_utf16(),
                    ",\"startCp\":", s.start_cp(), ",\"endCp\":", s.end_cp(), "}");
  }
  Key("suggestions", out);
  out->push_back('[');
  for (int i = 0; i < f.suggestions_size(); ++i) {
    if (i) out->push_back(',');
    Str(f.suggestions(i), out);
  }
  out->push_back(']');
  Key("matched", out);
  Str(f.matched(), out);
  Key("moved", out);
  out->append(f.moved() ? "true" : "false");
  out->push_back('}');
}

}  // namespace

void AppendJsonString(absl::string_view s, std::string* out) { Str(s, out); }

void AppendJson(const v1::LintResponse& m, std::string* out) {
  out->append("{\"findings\":[");
  for (int i = 0; i < m.findings_size(); ++i) {
    if (i) out->push_back(',');
    AppendFinding(m.findings(i), out);
  }
  out->push_back(']');
  Key("rewrite", out);
  Str(m.rewrite(), out);
  absl::StrAppend(out, ",\"score\":", m.score(), ",\"revision\":\"", m.revision(), "\"");
  Key("rulesetVersion", out);
  Str(m.ruleset_version(), out);
  Key("ruleset", out);
  Str(m.ruleset(), out);
  out->push_back('}');
}

void AppendJson(const v1::TranscriptReport& m, std::string* out) {
  out->append("{\"conversationId\":");
  Str(m.conversation_id(), out);
  Key("agentId", out);
  Str(m.agent_id(), out);
  Key("ruleset", out);
  Str(m.ruleset(), out);
  Key("rulesetVersion", out);
  Str(m.ruleset_version(), out);
  absl::StrAppend(out, ",\"score\":", m.score(), ",\"agentTurns\":", m.agent_turns(),
                  ",\"customerTurns\":", m.customer_turns(), ",\"findings\":[");
  for (int i = 0; i < m.findings_size(); ++i) {
    if (i) out->push_back(',');
    absl::StrAppend(out, "{\"turnIndex\":", m.findings(i).turn_index());
    if (m.findings(i).has_finding()) {
      out->append(",\"finding\":");
      AppendFinding(m.findings(i).finding(), out);
    }
    out->push_back('}');
  }
  absl::StrAppend(out, "],\"inputLine\":\"", m.input_line(), "\"");
  Key("input", out);
  Str(m.input(), out);
  out->push_back('}');
}

}  // namespace replylint
