// TranscriptReader: streams archived conversations from JSON Lines or CSV, plain or gzip,
// one conversation at a time, so a 10 GB archive needs no more memory than its largest
// conversation.
//
//   JSONL  one replylint.v1.Transcript per line in protobuf's JSON mapping (ts RFC 3339).
//   CSV    a header naming conversation_id, agent_id, role, ts, text (any order; other
//          columns are ignored); RFC 4180 quoting, quoted fields may span lines; role is
//          agent/customer/客服/客户/坐席/顾客; ts is RFC 3339 or Unix seconds; the rows of one
//          conversation are consecutive.
// The format is chosen by extension (.jsonl/.json/.csv, optionally .gz) or, for stdin and
// other names, by the first character ('{' means JSONL). gzip is detected by its magic bytes.
//
// A malformed line or row is returned as an error with its line number and the reader goes
// on; a CSV conversation with a bad row is rejected whole (scoring it without that turn
// would misjudge it). Not thread-safe: one reader per thread.
#ifndef REPLYLINT_SERVICE_TRANSCRIPT_READER_H_
#define REPLYLINT_SERVICE_TRANSCRIPT_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "replylint/v1/lint.pb.h"

namespace replylint {

// Parses one JSONL line into a Transcript; false with *reason when it is not one.
bool ParseTranscriptLine(const std::string& line, v1::Transcript* t, std::string* reason);

class TranscriptReader {
 public:
  enum class Format { kJsonl, kCsv };
  enum class Result { kTranscript, kRejected, kEnd };

  // `path` "-" reads stdin. Errors: the file cannot be opened, or a CSV has no usable header.
  static absl::StatusOr<std::unique_ptr<TranscriptReader>> Open(const std::string& path);
  ~TranscriptReader();

  // kTranscript: *transcript filled, *line = its first line. kRejected: *line and *reason
  // say what was wrong (the conversation is skipped). kEnd: no more input.
  Result Next(v1::Transcript* transcript, uint64_t* line, std::string* reason);

  // For JSONL: the next non-blank line, unparsed (so parsing can run on worker threads; see
  // ParseTranscriptLine). For CSV this is Next(). `*raw` is empty for CSV results.
  Result NextRaw(std::string* raw, v1::Transcript* transcript, uint64_t* line,
                 std::string* reason);

  Format format() const { return format_; }
  // Bytes of the (possibly compressed) input consumed so far, for progress.
  uint64_t bytes_consumed() const;
  // Total input size when known (a regular file), else 0.
  uint64_t total_bytes() const { return total_bytes_; }
  const std::string& name() const { return name_; }

 private:
  TranscriptReader() = default;
  bool ReadLine(std::string* line);  // false at end of input
  Result NextJsonl(v1::Transcript* t, uint64_t* line, std::string* reason);
  Result NextCsv(v1::Transcript* t, uint64_t* line, std::string* reason);
  // One CSV record (may span lines); false at end of input. *first_line is its line.
  bool ReadCsvRecord(std::vector<std::string>* fields, uint64_t* first_line, std::string* error);

  std::string name_;
  void* gz_ = nullptr;  // gzFile
  int fd_ = -1;
  Format format_ = Format::kJsonl;
  uint64_t line_no_ = 0;
  uint64_t total_bytes_ = 0;
  std::string pushed_back_;  // a line peeked to sniff the format
  bool has_pushed_back_ = false;

  // CSV state.
  int col_id_ = -1, col_agent_ = -1, col_role_ = -1, col_ts_ = -1, col_text_ = -1;
  size_t columns_ = 0;
  bool have_pending_ = false;             // a row read ahead that starts the next conversation
  std::vector<std::string> pending_;
  uint64_t pending_line_ = 0;
  std::string pending_error_;
};

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_TRANSCRIPT_READER_H_
