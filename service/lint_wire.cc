#include "service/lint_wire.h"

namespace replylint {
namespace {

// Field numbers, from proto/replylint/v1/lint.proto.
enum : uint32_t {
  kResponseFindings = 1, kResponseRewrite = 2, kResponseScore = 3, kResponseRevision = 4,
  kResponseRulesetVersion = 5, kResponseRuleset = 6,
  kFindingRuleId = 1, kFindingSeverity = 2, kFindingMessage = 3, kFindingSpan = 4,
  kFindingSuggestions = 5, kFindingMatched = 6,
};
enum : uint32_t { kVarint = 0, kLengthDelimited = 2 };

size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) v >>= 7, ++n;
  return n;
}

void PutVarint(uint64_t v, std::string* out) {
  char buf[10];
  size_t n = 0;
  while (v >= 0x80) buf[n++] = static_cast<char>(v | 0x80), v >>= 7;
  buf[n++] = static_cast<char>(v);
  out->append(buf, n);
}

void PutTag(uint32_t field, uint32_t wire_type, std::string* out) {
  PutVarint(field << 3 | wire_type, out);
}

// proto3: a scalar equal to its default is not written.
void PutUint(uint32_t field, uint64_t v, std::string* out) {
  if (v == 0) return;
  PutTag(field, kVarint, out);
  PutVarint(v, out);
}

// `always`: written even when empty (repeated elements, a set submessage); otherwise an empty
// proto3 string is not written.
void PutBytes(uint32_t field, absl::string_view s, std::string* out, bool always = false) {
  if (s.empty() && !always) return;
  PutTag(field, kLengthDelimited, out);
  PutVarint(s.size(), out);
  out->append(s.data(), s.size());
}

size_t UintSize(uint32_t field, uint64_t v) {
  return v == 0 ? 0 : VarintSize(field << 3) + VarintSize(v);
}

// As PutBytes writes it.
size_t BytesSize(uint32_t field, size_t n, bool always = false) {
  return n == 0 && !always ? 0 : VarintSize(field << 3) + VarintSize(n) + n;
}

// int32: negative values are written as ten-byte varints of their 64-bit two's complement.
uint64_t Int32Bits(int32_t v) { return static_cast<uint64_t>(static_cast<int64_t>(v)); }

absl::string_view Matched(const Finding& f, absl::string_view text) {
  if (f.end > f.begin && f.end <= text.size()) return text.substr(f.begin, f.end - f.begin);
  return {};
}

size_t SpanSize(const Finding& f) {
  return UintSize(1, f.start.utf8) + UintSize(2, f.limit.utf8) + UintSize(3, f.start.utf16) +
         UintSize(4, f.limit.utf16) + UintSize(5, f.start.cp) + UintSize(6, f.limit.cp);
}

size_t FindingSize(const Finding& f, absl::string_view text) {
  size_t n = BytesSize(kFindingRuleId, f.rule->id.size()) +
             UintSize(kFindingSeverity, static_cast<uint64_t>(f.rule->severity)) +
             BytesSize(kFindingMessage, MessageSize(f, text)) +
             BytesSize(kFindingSpan, SpanSize(f), /*always=*/true) +  // ToProto always sets it
             BytesSize(kFindingMatched, Matched(f, text).size());
  for (const std::string& s : f.suggestions) n += BytesSize(kFindingSuggestions, s.size(), true);
  return n;
}

}  // namespace

void AppendLintResponseWire(const LintResult& result, const Ruleset& ruleset,
                            absl::string_view text, uint64_t revision, std::string* out) {
  for (const Finding& f : result.findings) {
    PutTag(kResponseFindings, kLengthDelimited, out);
    PutVarint(FindingSize(f, text), out);
    PutBytes(kFindingRuleId, f.rule->id, out);
    PutUint(kFindingSeverity, static_cast<uint64_t>(f.rule->severity), out);
    if (const size_t n = MessageSize(f, text); n > 0) {  // as PutBytes, formatted in place
      PutTag(kFindingMessage, kLengthDelimited, out);
      PutVarint(n, out);
      AppendMessage(f, text, out);
    }
    PutTag(kFindingSpan, kLengthDelimited, out);
    PutVarint(SpanSize(f), out);
    PutUint(1, f.start.utf8, out);
    PutUint(2, f.limit.utf8, out);
    PutUint(3, f.start.utf16, out);
    PutUint(4, f.limit.utf16, out);
    PutUint(5, f.start.cp, out);
    PutUint(6, f.limit.cp, out);
    for (const std::string& s : f.suggestions) {
      PutBytes(kFindingSuggestions, s, out, /*always=*/true);
    }
    PutBytes(kFindingMatched, Matched(f, text), out);
  }
  PutBytes(kResponseRewrite, result.rewrite, out);
  PutUint(kResponseScore, Int32Bits(result.score), out);
  PutUint(kResponseRevision, revision, out);
  PutBytes(kResponseRulesetVersion, ruleset.version(), out);
  PutBytes(kResponseRuleset, ruleset.name(), out);
}

}  // namespace replylint
