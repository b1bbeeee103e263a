// LintRequestFields: a LintRequest's fields as views, and a reader that fills them straight
// from the request's wire bytes.
//
// Why: protobuf's parser copied every string of a request into the message, checked its
// UTF-8 with a byte-at-a-time state machine and built the message's bookkeeping, and then
// FromProto copied the fields out again: ~0.6 µs of a Lint call's server CPU under load
// (perf, bench/README.md), about a seventh of what the engine costs. The server serves Lint
// and LintStream from these views, which point into the bytes gRPC received.
//
// ParseLintRequestWire reads the shape every client sends: the fields of lint.proto, each
// with its own wire type, strings valid UTF-8, as encoders write them (one-byte tags, lengths
// in at most four bytes). Anything else, valid protobuf or not (unknown fields, groups, a
// varint of ten bytes, padded varints, bad UTF-8, truncated bytes), makes it return false,
// and the caller hands the bytes to protobuf's parser, which decides and explains. So no
// request is read differently from protobuf; tests/lint_request_wire_test.cc compares the
// two on generated and mutated requests.
// Stateless; thread-safe.
#ifndef REPLYLINT_SERVICE_LINT_REQUEST_WIRE_H_
#define REPLYLINT_SERVICE_LINT_REQUEST_WIRE_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"

namespace replylint {

// The fields of replylint.v1.LintRequest (see proto/replylint/v1/lint.proto), as views into
// storage the producer names. Vectors are cleared and refilled, keeping their capacity.
struct LintRequestFields {
  struct TurnView {
    bool agent = false;  // role == AGENT; any other role is the customer
    absl::string_view text;
    int64_t time_ms = 0;  // Unix epoch ms; 0 = unset
  };
  absl::string_view text;
  bool final = false;
  std::vector<TurnView> context;  // oldest first, all of them (the caller keeps the newest)
  absl::string_view ruleset;
  uint64_t revision = 0;
  std::vector<absl::string_view> disabled_rules;
  int64_t time_ms = 0;  // Unix epoch ms; 0 = unset
};

// A google.protobuf.Timestamp in Unix epoch milliseconds, 0 when unset (both parts 0).
// Saturates instead of overflowing for seconds no clock reaches.
int64_t TimestampMillis(int64_t seconds, int32_t nanos);

// Fills *out from `wire` and returns true when `wire` is a LintRequest in the common shape
// (see above); the views point into `wire`. Returns false otherwise, with *out unspecified.
bool ParseLintRequestWire(absl::string_view wire, LintRequestFields* out);

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_LINT_REQUEST_WIRE_H_
