// libFuzzer, differential: whenever the server's own LintRequest reader
// (service/lint_request_wire.h) takes a request's bytes, protobuf's parser must take them too
// and read the same fields. (The other way round is allowed: what the fast reader leaves,
// the server hands to protobuf.)
#include <cstdint>
#include <cstdlib>

#include "service/convert.h"
#include "service/lint_request_wire.h"

using namespace replylint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view wire(reinterpret_cast<const char*>(data), size);
  LintRequestFields fast;
  if (!ParseLintRequestWire(wire, &fast)) return 0;
  v1::LintRequest message;
  if (!message.ParseFromArray(data, static_cast<int>(size))) std::abort();
  LintRequestFields slow;
  FieldsOf(message, &slow);
  if (fast.text != slow.text || fast.final != slow.final || fast.ruleset != slow.ruleset ||
      fast.revision != slow.revision || fast.time_ms != slow.time_ms ||
      fast.disabled_rules != slow.disabled_rules || fast.context.size() != slow.context.size()) {
    std::abort();
  }
  for (size_t i = 0; i < fast.context.size(); ++i) {
    if (fast.context[i].agent != slow.context[i].agent ||
        fast.context[i].text != slow.context[i].text ||
        fast.context[i].time_ms != slow.context[i].time_ms) {
      std::abort();
    }
  }
  return 0;
}
