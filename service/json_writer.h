// Fast JSON for the high-volume answers (LintResponse, TranscriptReport), in protobuf's JSON
// mapping: lowerCamelCase names in field order, 64-bit integers as strings, enums by name,
// every field printed (like JsonPrintOptions::always_print_primitive_fields).
//
// Why: protobuf's util::MessageToJsonString goes through a generic object writer and was
// ~25% of `replylint score`'s CPU, more than linting itself; this writer is tested to parse
// back into the identical message with protobuf's own parser (tests/json_writer_test.cc).
// Stateless; thread-safe.
#ifndef REPLYLINT_SERVICE_JSON_WRITER_H_
#define REPLYLINT_SERVICE_JSON_WRITER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "replylint/v1/lint.pb.h"

namespace replylint {

void AppendJson(const v1::LintResponse& m, std::string* out);
// A JSON string literal (quoted, escaped), as the writer emits them.
void AppendJsonString(absl::string_view s, std::string* out);
void AppendJson(const v1::TranscriptReport& m, std::string* out);

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_JSON_WRITER_H_
