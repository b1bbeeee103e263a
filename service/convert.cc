#include "service/convert.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "service/json_writer.h"

namespace replylint {
namespace {

int64_t ToMillis(const google::protobuf::Timestamp& t) {
  return TimestampMillis(t.seconds(), t.nanos());
}

}  // namespace

void FieldsOf(const v1::LintRequest& request, LintRequestFields* out) {
  out->text = request.text();
  out->final = request.final();
  out->context.clear();
  for (const v1::Turn& t : request.context()) {
    out->context.push_back({t.role() == v1::Turn::AGENT, t.text(), ToMillis(t.ts())});
  }
  out->ruleset = request.ruleset();
  out->revision = request.revision();
  out->disabled_rules.assign(request.disabled_rules().begin(), request.disabled_rules().end());
  out->time_ms = ToMillis(request.time());
}

void ToInput(const LintRequestFields& request, size_t max_context_turns, RequestInput* out) {
  // Only the newest turns are kept (documented on LintRequest.context). The strings of a
  // reused `out` keep their buffers: a chat client sends its recent turns with every
  // keystroke, and building each turn anew was an allocation per turn per request.
  const size_t n = request.context.size();
  const size_t first = n > max_context_turns ? n - max_context_turns : 0;
  out->turns.resize(n - first);
  for (size_t i = first; i < n; ++i) {
    const LintRequestFields::TurnView& t = request.context[i];
    Turn& turn = out->turns[i - first];
    turn.role = t.agent ? Turn::Role::kAgent : Turn::Role::kCustomer;
    turn.text.assign(t.text.data(), t.text.size());
    turn.time_ms = t.time_ms;
  }
  out->disabled.resize(request.disabled_rules.size());
  for (size_t i = 0; i < request.disabled_rules.size(); ++i) {
    out->disabled[i].assign(request.disabled_rules[i].data(), request.disabled_rules[i].size());
  }
  out->input = LintInput();
  out->input.text = request.text;
  out->input.final = request.final;
  out->input.context = out->turns;
  out->input.time_ms = request.time_ms;
  out->input.disabled_rules = out->disabled;
  out->input.first_agent_turn = IsFirstAgentTurn(out->turns);
}

void FromProto(const v1::LintRequest& request, size_t max_context_turns, RequestInput* out) {
  LintRequestFields fields;
  FieldsOf(request, &fields);
  ToInput(fields, max_context_turns, out);
}

void ToProto(const LintResult& result, const Ruleset& ruleset, const v1::LintRequest& request,
             v1::LintResponse* response) {
  response->Clear();
  const std::string& text = request.text();
  for (const Finding& f : result.findings) FindingToProto(f, text, response->add_findings());
  response->set_rewrite(result.rewrite);
  response->set_score(result.score);
  response->set_revision(request.revision());
  response->set_ruleset_version(ruleset.version());
  response->set_ruleset(ruleset.name());
}

void FindingToProto(const Finding& f, absl::string_view text, v1::Finding* pf) {
  pf->set_rule_id(f.rule->id);
  pf->set_severity(static_cast<v1::Severity>(f.rule->severity));
  AppendMessage(f, text, pf->mutable_message());
  v1::Span* s = pf->mutable_span();
  s->set_start_utf8(f.start.utf8);
  s->set_end_utf8(f.limit.utf8);
  s->set_start_utf16(f.start.utf16);
  s->set_end_utf16(f.limit.utf16);
  s->set_start_cp(f.start.cp);
  s->set_end_cp(f.limit.cp);
  for (const std::string& sug : f.suggestions) pf->add_suggestions(sug);
  const absl::string_view matched = MatchedText(f, text);
  if (!matched.empty()) pf->set_matched(matched.data(), matched.size());
  if (f.moved) pf->set_moved(true);
}

void FromProto(const v1::Transcript& transcript, std::vector<Turn>* turns) {
  turns->clear();
  turns->reserve(transcript.turns_size());
  for (const v1::Turn& t : transcript.turns()) {
    Turn turn;
    turn.role = t.role() == v1::Turn::AGENT ? Turn::Role::kAgent : Turn::Role::kCustomer;
    turn.text = t.text();
    turn.time_ms = ToMillis(t.ts());
    turns->push_back(std::move(turn));
  }
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

std::string ToJsonLine(const google::protobuf::Message& message) {
  std::string out;
  // The two high-volume messages have a fast writer (same output; see json_writer.h).
  if (const auto* r = dynamic_cast<const v1::LintResponse*>(&message)) {
    AppendJson(*r, &out);
    return out;
  }
  if (const auto* r = dynamic_cast<const v1::TranscriptReport*>(&message)) {
    AppendJson(*r, &out);
    return out;
  }
  google::protobuf::util::JsonPrintOptions opts;
  opts.always_print_primitive_fields = true;
  (void)google::protobuf::util::MessageToJsonString(message, &out, opts);
  return out;
}

absl::Status FromJson(const std::string& json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions opts;
  opts.ignore_unknown_fields = false;
  auto st = google::protobuf::util::JsonStringToMessage(json, message, opts);
  if (!st.ok()) return absl::InvalidArgumentError(std::string(st.message()));
  return absl::OkStatus();
}

}  // namespace replylint
