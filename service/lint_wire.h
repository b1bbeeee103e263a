// The protobuf wire encoding of a LintResponse, written straight from the engine's result.
//
// The unary Lint and LintStream answers are built here instead of through a v1::LintResponse:
// building the message copied every finding's message, rule id and suggestions into fresh
// strings and then serialized them again — under load about a tenth of the server's CPU per
// call beyond what the health Check costs (perf). The output is byte for byte what
// ToProto + SerializeToString produce (tests/lint_wire_test.cc checks it over the bench corpus),
// so clients see no difference; the CLI, the HTTP API and the JSON writer keep using ToProto.
//
// Sizes are worked out first and the bytes written once, in place, into a buffer of exactly
// that size: the server's is the gRPC slice it sends, so the answer is neither grown piece
// by piece nor copied.
// Stateless; thread-safe.
#ifndef REPLYLINT_SERVICE_LINT_WIRE_H_
#define REPLYLINT_SERVICE_LINT_WIRE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "rules/ruleset.h"

namespace replylint {

// The response for `result`, linted by `ruleset` from `text` (the request's text, which the
// findings' offsets point into), answering `revision`; valid while they are.
class LintResponseWire {
 public:
  LintResponseWire(const LintResult& result, const Ruleset& ruleset, absl::string_view text,
                   uint64_t revision);

  size_t size() const { return size_; }
  // Writes the size() bytes of the encoding at `out`.
  void WriteTo(char* out) const;

 private:
  struct FindingSizes {
    uint32_t finding, message, span;
  };
  static std::vector<FindingSizes>& ThreadSizes();
  const LintResult& result_;
  const Ruleset& ruleset_;
  const absl::string_view text_;
  const uint64_t revision_;
  // Per finding; reused by the thread, so a response allocates nothing here. (Only one
  // LintResponseWire per thread may be alive at a time.)
  std::vector<FindingSizes>& sizes_;
  size_t size_ = 0;
};

// Appends the encoding to `out`.
void AppendLintResponseWire(const LintResult& result, const Ruleset& ruleset,
                            absl::string_view text, uint64_t revision, std::string* out);

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_LINT_WIRE_H_
