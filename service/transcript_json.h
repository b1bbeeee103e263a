// A fast parser for the usual shape of one Transcript JSON line (protobuf JSON mapping).
//
// Why: protobuf's JsonStringToMessage goes through a generic stream parser and was 30% of
// `replylint score`'s CPU, more than the linting. This handles what exporters write
// (camelCase or original field names, string or numeric enums, RFC 3339 ts, null, escapes)
// and returns false for anything else — unknown fields, duplicates, odd timestamps — so the
// caller falls back to protobuf's parser, which decides and explains. Tested to produce the
// same message as protobuf's parser (tests/transcript_json_test.cc).
// Stateless; thread-safe.
#ifndef REPLYLINT_SERVICE_TRANSCRIPT_JSON_H_
#define REPLYLINT_SERVICE_TRANSCRIPT_JSON_H_

#include "absl/strings/string_view.h"
#include "replylint/v1/lint.pb.h"

namespace replylint {

// True when `json` was parsed into *out (cleared first); false means "use protobuf's parser".
bool ParseTranscriptJsonFast(absl::string_view json, v1::Transcript* out);

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_TRANSCRIPT_JSON_H_
