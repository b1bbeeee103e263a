#include "service/transcript_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "rules/utf8.h"
#include "service/convert.h"
#include "service/transcript_json.h"

namespace replylint {
namespace {

bool ParseRole(absl::string_view s, v1::Turn::Role* role) {
  const std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(s));
  if (lower == "agent" || lower == "客服" || lower == "坐席") {
    *role = v1::Turn::AGENT;
  } else if (lower == "customer" || lower == "客户" || lower == "顾客") {
    *role = v1::Turn::CUSTOMER;
  } else {
    return false;
  }
  return true;
}

bool ParseTs(absl::string_view s, google::protobuf::Timestamp* ts) {
  s = absl::StripAsciiWhitespace(s);
  if (s.empty()) return true;  // unknown time
  double seconds;
  if (absl::SimpleAtod(s, &seconds) && s.find_first_not_of("0123456789.") == absl::string_view::npos) {
    ts->set_seconds(static_cast<int64_t>(seconds));
    ts->set_nanos(static_cast<int32_t>((seconds - static_cast<double>(ts->seconds())) * 1e9));
    return true;
  }
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, s, &t, &err)) return false;
  ts->set_seconds(absl::ToUnixSeconds(t));
  ts->set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(ts->seconds()))));
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TranscriptReader>> TranscriptReader::Open(const std::string& path) {
  std::unique_ptr<TranscriptReader> r(new TranscriptReader());
  r->name_ = path;
  r->fd_ = path == "-" ? dup(STDIN_FILENO) : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (r->fd_ < 0) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", strerror(errno)));
  }
  struct stat st;
  if (fstat(r->fd_, &st) == 0 && S_ISREG(st.st_mode)) r->total_bytes_ = static_cast<uint64_t>(st.st_size);
  // gzdopen reads gzip and plain input alike ("transparent" mode).
  r->gz_ = gzdopen(r->fd_, "rb");
  if (r->gz_ == nullptr) return absl::InternalError(absl::StrCat(path, ": cannot read"));
  gzbuffer(static_cast<gzFile>(r->gz_), 256 * 1024);

  std::string base = path;
  if (absl::EndsWith(base, ".gz")) base.resize(base.size() - 3);
  if (absl::EndsWith(base, ".csv")) {
    r->format_ = Format::kCsv;
  } else if (absl::EndsWith(base, ".jsonl") || absl::EndsWith(base, ".json") ||
             absl::EndsWith(base, ".ndjson")) {
    r->format_ = Format::kJsonl;
  } else {
    std::string first;
    if (r->ReadLine(&first)) {
      r->pushed_back_ = first;
      r->has_pushed_back_ = true;
      --r->line_no_;
      const size_t p = first.find_first_not_of(" \t\xEF\xBB\xBF");
      r->format_ = p != std::string::npos && first[p] == '{' ? Format::kJsonl : Format::kCsv;
    }
  }
  if (r->format_ == Format::kCsv) {
    std::vector<std::string> header;
    uint64_t line = 0;
    std::string error;
    if (!r->ReadCsvRecord(&header, &line, &error)) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": empty input; expected a CSV header "
                                                     "conversation_id,agent_id,role,ts,text"));
    }
    r->columns_ = header.size();
    for (size_t i = 0; i < header.size(); ++i) {
      std::string h = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header[i]));
      if (i == 0 && absl::StartsWith(h, "\xEF\xBB\xBF")) h = h.substr(3);
      if (h == "conversation_id") r->col_id_ = static_cast<int>(i);
      if (h == "agent_id") r->col_agent_ = static_cast<int>(i);
      if (h == "role") r->col_role_ = static_cast<int>(i);
      if (h == "ts") r->col_ts_ = static_cast<int>(i);
      if (h == "text") r->col_text_ = static_cast<int>(i);
    }
    if (r->col_id_ < 0 || r->col_role_ < 0 || r->col_text_ < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", line, ": CSV header must name conversation_id, role and text (and "
          "usually agent_id, ts); got: ", absl::StrJoin(header, ",")));
    }
  }
  return r;
}

TranscriptReader::~TranscriptReader() {
  if (gz_ != nullptr) gzclose(static_cast<gzFile>(gz_));  // also closes fd_
}

uint64_t TranscriptReader::bytes_consumed() const {
  return gz_ == nullptr ? 0 : static_cast<uint64_t>(gzoffset(static_cast<gzFile>(gz_)));
}

bool TranscriptReader::ReadLine(std::string* line) {
  if (has_pushed_back_) {
    *line = std::move(pushed_back_);
    has_pushed_back_ = false;
    ++line_no_;
    return true;
  }
  line->clear();
  char buf[64 * 1024];
  bool any = false;
  while (gzgets(static_cast<gzFile>(gz_), buf, sizeof buf) != nullptr) {
    any = true;
    const size_t n = strlen(buf);
    line->append(buf, n);
    if (n > 0 && buf[n - 1] == '\n') break;
  }
  if (!any) return false;
  if (!line->empty() && line->back() == '\n') line->pop_back();
  if (!line->empty() && line->back() == '\r') line->pop_back();
  ++line_no_;
  return true;
}

TranscriptReader::Result TranscriptReader::Next(v1::Transcript* t, uint64_t* line,
                                                std::string* reason) {
  return format_ == Format::kJsonl ? NextJsonl(t, line, reason) : NextCsv(t, line, reason);
}

bool ParseTranscriptLine(const std::string& text, v1::Transcript* t, std::string* reason) {
  if (size_t bad = FindInvalidUtf8(text); bad != text.size()) {
    *reason = absl::StrCat("not valid UTF-8 (byte ", bad + 1, ")");
    return false;
  }
  if (ParseTranscriptJsonFast(text, t)) return true;
  t->Clear();
  if (absl::Status st = FromJson(text, t); !st.ok()) {
    *reason = absl::StrCat("not a valid Transcript JSON: ", st.message());
    return false;
  }
  return true;
}

TranscriptReader::Result TranscriptReader::NextRaw(std::string* raw, v1::Transcript* t,
                                                   uint64_t* line, std::string* reason) {
  raw->clear();
  if (format_ == Format::kCsv) return NextCsv(t, line, reason);
  for (;;) {
    if (!ReadLine(raw)) return Result::kEnd;
    if (raw->find_first_not_of(" \t") != std::string::npos) break;
  }
  *line = line_no_;
  return Result::kTranscript;
}

TranscriptReader::Result TranscriptReader::NextJsonl(v1::Transcript* t, uint64_t* line,
                                                     std::string* reason) {
  std::string text;
  if (NextRaw(&text, t, line, reason) == Result::kEnd) return Result::kEnd;
  return ParseTranscriptLine(text, t, reason) ? Result::kTranscript : Result::kRejected;
}

bool TranscriptReader::ReadCsvRecord(std::vector<std::string>* fields, uint64_t* first_line,
                                     std::string* error) {
  fields->clear();
  error->clear();
  std::string line;
  if (!ReadLine(&line)) return false;
  *first_line = line_no_;
  std::string field;
  bool quoted = false, in_quotes = false;
  size_t i = 0;
  for (;;) {
    if (i >= line.size()) {
      if (in_quotes) {  // a quoted field spans lines
        field.push_back('\n');
        if (!ReadLine(&line)) {
          *error = "a quoted field is not closed before the end of the input";
          fields->push_back(std::move(field));
          return true;
        }
        i = 0;
        continue;
      }
      fields->push_back(std::move(field));
      return true;
    }
    const char c = line[i++];
    if (in_quotes) {
      if (c == '"') {
        if (i < line.size() && line[i] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        field.push_back(c);
      }
    } else if (c == ',') {
      fields->push_back(std::move(field));
      field.clear();
      quoted = false;
    } else if (c == '"' && field.empty() && !quoted) {
      in_quotes = quoted = true;
    } else {
      field.push_back(c);
    }
  }
}

TranscriptReader::Result TranscriptReader::NextCsv(v1::Transcript* t, uint64_t* line,
                                                   std::string* reason) {
  t->Clear();
  std::vector<std::string> row;
  uint64_t row_line = 0;
  std::string error;
  bool started = false, rejected = false;
  std::string current_id;
  for (;;) {
    if (have_pending_) {
      row = std::move(pending_);
      row_line = pending_line_;
      error = std::move(pending_error_);
      have_pending_ = false;
    } else {
      if (!ReadCsvRecord(&row, &row_line, &error)) break;
      if (row.size() == 1 && row[0].empty() && error.empty()) continue;  // blank line
    }
    const std::string id = static_cast<size_t>(col_id_) < row.size() ? row[col_id_] : "";
    if (started && id != current_id) {
      pending_ = std::move(row);
      pending_line_ = row_line;
      pending_error_ = std::move(error);
      have_pending_ = true;
      break;
    }
    if (!started) {
      started = true;
      current_id = id;
      *line = row_line;
      t->set_conversation_id(id);
      if (col_agent_ >= 0 && static_cast<size_t>(col_agent_) < row.size()) {
        t->set_agent_id(row[col_agent_]);
      }
    }
    if (rejected) continue;  // skip the rest of a rejected conversation
    std::string why;
    v1::Turn::Role role;
    if (!error.empty()) {
      why = error;
    } else if (row.size() != columns_) {
      why = absl::StrCat("has ", row.size(), " fields, the header has ", columns_);
    } else if (!ParseRole(row[col_role_], &role)) {
      why = absl::StrCat("role '", row[col_role_],
                         "' is not agent/customer/客服/客户/坐席/顾客");
    } else if (size_t bad = FindInvalidUtf8(row[col_text_]); bad != row[col_text_].size()) {
      why = "text is not valid UTF-8";
    } else {
      v1::Turn* turn = t->add_turns();
      turn->set_role(role);
      turn->set_text(row[col_text_]);
      if (col_ts_ >= 0 && !ParseTs(row[col_ts_], turn->mutable_ts())) {
        why = absl::StrCat("ts '", row[col_ts_], "' is neither RFC 3339 nor Unix seconds");
      }
    }
    if (!why.empty()) {
      rejected = true;
      *line = row_line;
      *reason = absl::StrCat("row ", why, "; conversation '", current_id, "' skipped");
    }
  }
  if (!started) return Result::kEnd;
  return rejected ? Result::kRejected : Result::kTranscript;
}

}  // namespace replylint
