// libFuzzer: the transcript reader (CSV and JSONL sniffing, quoting, multi-line fields, bad
// rows) on arbitrary bytes, read from a memory file. Every conversation is either returned
// or rejected with a line number; the reader always reaches the end.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "service/transcript_reader.h"

using namespace replylint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int fd = memfd_create("fuzz", 0);
  if (fd < 0) return 0;
  if (write(fd, data, size) != static_cast<ssize_t>(size)) {
    close(fd);
    return 0;
  }
  lseek(fd, 0, SEEK_SET);
  auto reader = TranscriptReader::Open("/proc/self/fd/" + std::to_string(fd));
  if (reader.ok()) {
    v1::Transcript t;
    uint64_t line = 0;
    std::string reason;
    for (int i = 0; i < 100000; ++i) {
      const auto r = (*reader)->Next(&t, &line, &reason);
      if (r == TranscriptReader::Result::kEnd) break;
      if (r == TranscriptReader::Result::kRejected && (line == 0 || reason.empty())) std::abort();
    }
  }
  close(fd);
  return 0;
}
