// Conversions between the protobuf API (proto/replylint/v1) and the engine's own types.
// This file and the server are the only code that sees both.
// Stateless functions; thread-safe.
#ifndef REPLYLINT_SERVICE_CONVERT_H_
#define REPLYLINT_SERVICE_CONVERT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"
#include "replylint/v1/lint.pb.h"
#include "rules/draft.h"
#include "rules/ruleset.h"
#include "service/lint_request_wire.h"

namespace replylint {

// A LintInput plus the storage its views point into. The request must outlive it.
struct RequestInput {
  std::vector<Turn> turns;
  std::vector<std::string> disabled;
  LintInput input;
};

// `max_context_turns`: only the newest that many turns are kept (older ones are ignored).
// The request must outlive *out only for out->input.text (turns and ids are copied).
void ToInput(const LintRequestFields& request, size_t max_context_turns, RequestInput* out);
// The fields of `request`, as views into it.
void FieldsOf(const v1::LintRequest& request, LintRequestFields* out);
// FieldsOf, then ToInput.
void FromProto(const v1::LintRequest& request, size_t max_context_turns, RequestInput* out);

void ToProto(const LintResult& result, const Ruleset& ruleset, const v1::LintRequest& request,
             v1::LintResponse* response);

// One finding; `text` is the text its offsets point into.
void FindingToProto(const Finding& f, absl::string_view text, v1::Finding* out);

// Transcript turns in engine types (texts copied).
void FromProto(const v1::Transcript& transcript, std::vector<Turn>* turns);

// absl and gRPC share the canonical status codes.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Protobuf JSON mapping (lowerCamelCase names, RFC 3339 timestamps), one line.
std::string ToJsonLine(const google::protobuf::Message& message);
absl::Status FromJson(const std::string& json, google::protobuf::Message* message);

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_CONVERT_H_
