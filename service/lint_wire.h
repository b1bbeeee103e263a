// The protobuf wire encoding of a LintResponse, written straight from the engine's result.
//
// The unary Lint and LintStream answers are built here instead of through a v1::LintResponse:
// building the message copied every finding's message, rule id and suggestions into fresh
// strings and then serialized them again — under load about a tenth of the server's CPU per
// call beyond what the health Check costs (perf). The output is byte for byte what
// ToProto + SerializeToString produce (tests/lint_wire_test.cc checks it over the bench corpus),
// so clients see no difference; the CLI, the HTTP API and the JSON writer keep using ToProto.
// Stateless; thread-safe.
#ifndef REPLYLINT_SERVICE_LINT_WIRE_H_
#define REPLYLINT_SERVICE_LINT_WIRE_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "rules/ruleset.h"

namespace replylint {

// Appends to `out` the encoding of the LintResponse for `result`, linted by `ruleset` from
// `text` (the request's text, which the findings' offsets point into), answering `revision`.
void AppendLintResponseWire(const LintResult& result, const Ruleset& ruleset,
                            absl::string_view text, uint64_t revision, std::string* out);

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_LINT_WIRE_H_
