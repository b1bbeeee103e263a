// libFuzzer, differential: whenever the fast Transcript JSON parser accepts a line, protobuf's
// own JSON parser must accept it too and produce the identical message. Also feeds the bytes
// to LintRequest JSON parsing (the CLI's --input path).
#include <google/protobuf/util/message_differencer.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "service/convert.h"
#include "service/transcript_json.h"

using namespace replylint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string json(reinterpret_cast<const char*>(data), size);
  v1::Transcript fast, slow;
  if (ParseTranscriptJsonFast(json, &fast)) {
    if (!FromJson(json, &slow).ok()) std::abort();
    if (!google::protobuf::util::MessageDifferencer::Equals(fast, slow)) std::abort();
  }
  v1::LintRequest req;
  (void)FromJson(json, &req);
  return 0;
}
