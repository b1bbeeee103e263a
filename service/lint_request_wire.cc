#include "service/lint_request_wire.h"

#include <limits>

#include "rules/utf8.h"

namespace replylint {
namespace {

// Wire types (protobuf encoding).
constexpr uint32_t kVarint = 0, kLen = 2;

// Reads the protobuf encoding of one message, failing (false) on anything the fast path does
// not take.
class WireReader {
 public:
  explicit WireReader(absl::string_view s)
      : p_(reinterpret_cast<const unsigned char*>(s.data())), end_(p_ + s.size()) {}

  bool done() const { return p_ == end_; }

  // At most `max_bytes` bytes. Values: nine, every value below 2^63 (ten-byte varints,
  // negative int64 or huge uint64, go to protobuf, which has its own rules for the tenth
  // byte). Lengths: four, below 256 MiB (protobuf reads up to five, as an int32, and rejects
  // more: found by request_wire_fuzzer with a seven-byte zero).
  bool Varint(uint64_t* v, int max_bytes = 9) {
    uint64_t r = 0;
    for (int k = 0; k < max_bytes; ++k) {
      if (p_ == end_) return false;
      const unsigned char b = *p_++;
      r |= uint64_t{b & 0x7Fu} << (7 * k);
      if (b < 0x80) {
        *v = r;
        return true;
      }
    }
    return false;
  }
  // One byte: every field this reader knows has a one-byte tag. A longer tag is another
  // field, or one of ours spelled with extra bytes, which protobuf takes or rejects by rules
  // of its own (a tag of more than five bytes, say).
  bool Tag(uint32_t* field, uint32_t* wire_type) {
    if (p_ == end_ || *p_ >= 0x80) return false;
    const unsigned char t = *p_++;
    *field = t >> 3u;
    *wire_type = t & 7u;
    return *field != 0;
  }
  bool Bytes(absl::string_view* out) {
    uint64_t n;
    if (!Varint(&n, /*max_bytes=*/4) || n > static_cast<uint64_t>(end_ - p_)) return false;
    *out = absl::string_view(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return true;
  }
  // A proto3 `string`: length-delimited and UTF-8.
  bool String(absl::string_view* out) { return Bytes(out) && IsValidUtf8(*out); }

 private:
  const unsigned char* p_;
  const unsigned char* end_;
};

// google.protobuf.Timestamp, merged into (seconds, nanos) as protobuf merges a message field
// that occurs more than once.
bool ReadTimestamp(absl::string_view bytes, int64_t* seconds, int32_t* nanos) {
  WireReader r(bytes);
  while (!r.done()) {
    uint32_t field, wt;
    uint64_t v;
    if (!r.Tag(&field, &wt) || wt != kVarint || !r.Varint(&v)) return false;
    if (field == 1) {
      *seconds = static_cast<int64_t>(v);
    } else if (field == 2) {
      *nanos = static_cast<int32_t>(static_cast<uint32_t>(v));  // int32: the low 32 bits
    } else {
      return false;
    }
  }
  return true;
}

bool ReadTurn(absl::string_view bytes, LintRequestFields::TurnView* turn) {
  constexpr uint64_t kAgent = 1;  // Turn.Role.AGENT
  WireReader r(bytes);
  int64_t seconds = 0;
  int32_t nanos = 0;
  while (!r.done()) {
    uint32_t field, wt;
    if (!r.Tag(&field, &wt)) return false;
    if (field == 1 && wt == kVarint) {
      uint64_t role;
      if (!r.Varint(&role)) return false;
      turn->agent = static_cast<uint32_t>(role) == kAgent;  // an enum is an int32
    } else if (field == 2 && wt == kLen) {
      if (!r.String(&turn->text)) return false;
    } else if (field == 3 && wt == kLen) {
      absl::string_view ts;
      if (!r.Bytes(&ts) || !ReadTimestamp(ts, &seconds, &nanos)) return false;
    } else {
      return false;
    }
  }
  turn->time_ms = TimestampMillis(seconds, nanos);
  return true;
}

}  // namespace

int64_t TimestampMillis(int64_t seconds, int32_t nanos) {
  if (seconds == 0 && nanos == 0) return 0;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 1000 - 1;
  if (seconds > kMax) return std::numeric_limits<int64_t>::max();
  if (seconds < -kMax) return std::numeric_limits<int64_t>::min();
  return seconds * 1000 + nanos / 1000000;
}

bool ParseLintRequestWire(absl::string_view wire, LintRequestFields* out) {
  out->text = {};
  out->final = false;
  out->context.clear();
  out->ruleset = {};
  out->revision = 0;
  out->disabled_rules.clear();
  int64_t seconds = 0;
  int32_t nanos = 0;
  WireReader r(wire);
  while (!r.done()) {
    uint32_t field, wt;
    if (!r.Tag(&field, &wt)) return false;
    bool ok = false;
    uint64_t v;
    absl::string_view s;
    switch (field) {
      case 1:  // text
        ok = wt == kLen && r.String(&out->text);
        break;
      case 2:  // final
        ok = wt == kVarint && r.Varint(&v);
        if (ok) out->final = v != 0;
        break;
      case 3:  // context
        ok = wt == kLen && r.Bytes(&s) && ReadTurn(s, &out->context.emplace_back());
        break;
      case 4:  // ruleset
        ok = wt == kLen && r.String(&out->ruleset);
        break;
      case 5:  // revision
        ok = wt == kVarint && r.Varint(&out->revision);
        break;
      case 6:  // disabled_rules
        ok = wt == kLen && r.String(&s);
        if (ok) out->disabled_rules.push_back(s);
        break;
      case 7:  // time
        ok = wt == kLen && r.Bytes(&s) && ReadTimestamp(s, &seconds, &nanos);
        break;
    }
    if (!ok) return false;
  }
  out->time_ms = TimestampMillis(seconds, nanos);
  return true;
}

}  // namespace replylint
