#include "service/lint_wire.h"

#include <algorithm>

namespace replylint {
namespace {

// Field numbers, from proto/replylint/v1/lint.proto.
enum : uint32_t {
  kResponseFindings = 1, kResponseRewrite = 2, kResponseScore = 3, kResponseRevision = 4,
  kResponseRulesetVersion = 5, kResponseRuleset = 6,
  kFindingRuleId = 1, kFindingSeverity = 2, kFindingMessage = 3, kFindingSpan = 4,
  kFindingSuggestions = 5, kFindingMatched = 6, kFindingMoved = 7,
};
enum : uint32_t { kVarint = 0, kLengthDelimited = 2 };

size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) v >>= 7, ++n;
  return n;
}

char* PutVarint(uint64_t v, char* out) {
  while (v >= 0x80) *out++ = static_cast<char>(v | 0x80), v >>= 7;
  *out++ = static_cast<char>(v);
  return out;
}

char* PutTag(uint32_t field, uint32_t wire_type, char* out) {
  return PutVarint(field << 3 | wire_type, out);
}

// proto3: a scalar equal to its default is not written.
char* PutUint(uint32_t field, uint64_t v, char* out) {
  if (v == 0) return out;
  return PutVarint(v, PutTag(field, kVarint, out));
}

// `always`: written even when empty (repeated elements, a set submessage); otherwise an empty
// proto3 string is not written.
char* PutBytes(uint32_t field, absl::string_view s, char* out, bool always = false) {
  if (s.empty() && !always) return out;
  out = PutVarint(s.size(), PutTag(field, kLengthDelimited, out));
  return std::copy_n(s.data(), s.size(), out);
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

size_t SpanSize(const Finding& f) {
  return UintSize(1, f.start.utf8) + UintSize(2, f.limit.utf8) + UintSize(3, f.start.utf16) +
         UintSize(4, f.limit.utf16) + UintSize(5, f.start.cp) + UintSize(6, f.limit.cp);
}

}  // namespace

std::vector<LintResponseWire::FindingSizes>& LintResponseWire::ThreadSizes() {
  thread_local std::vector<FindingSizes> sizes;
  return sizes;
}

LintResponseWire::LintResponseWire(const LintResult& result, const Ruleset& ruleset,
                                   absl::string_view text, uint64_t revision)
    : result_(result), ruleset_(ruleset), text_(text), revision_(revision),
      sizes_(ThreadSizes()) {
  sizes_.clear();
  for (const Finding& f : result.findings) {
    FindingSizes s;
    s.message = static_cast<uint32_t>(MessageSize(f, text));
    s.span = static_cast<uint32_t>(SpanSize(f));
    size_t n = BytesSize(kFindingRuleId, f.rule->id.size()) +
               UintSize(kFindingSeverity, static_cast<uint64_t>(f.rule->severity)) +
               BytesSize(kFindingMessage, s.message) +
               BytesSize(kFindingSpan, s.span, /*always=*/true) +  // ToProto always sets it
               BytesSize(kFindingMatched, MatchedText(f, text).size()) +
               UintSize(kFindingMoved, f.moved ? 1 : 0);
    for (const std::string& sug : f.suggestions) {
      n += BytesSize(kFindingSuggestions, sug.size(), true);
    }
    s.finding = static_cast<uint32_t>(n);
    sizes_.push_back(s);
    size_ += BytesSize(kResponseFindings, n, /*always=*/true);
  }
  size_ += BytesSize(kResponseRewrite, result.rewrite.size()) +
           UintSize(kResponseScore, Int32Bits(result.score)) +
           UintSize(kResponseRevision, revision) +
           BytesSize(kResponseRulesetVersion, ruleset.version().size()) +
           BytesSize(kResponseRuleset, ruleset.name().size());
}

void LintResponseWire::WriteTo(char* out) const {
  const FindingSizes* s = sizes_.data();
  for (const Finding& f : result_.findings) {
    out = PutVarint(s->finding, PutTag(kResponseFindings, kLengthDelimited, out));
    out = PutBytes(kFindingRuleId, f.rule->id, out);
    out = PutUint(kFindingSeverity, static_cast<uint64_t>(f.rule->severity), out);
    if (s->message > 0) {  // as PutBytes, formatted in place
      out = PutVarint(s->message, PutTag(kFindingMessage, kLengthDelimited, out));
      out = WriteMessage(f, text_, out);
    }
    out = PutVarint(s->span, PutTag(kFindingSpan, kLengthDelimited, out));
    out = PutUint(1, f.start.utf8, out);
    out = PutUint(2, f.limit.utf8, out);
    out = PutUint(3, f.start.utf16, out);
    out = PutUint(4, f.limit.utf16, out);
    out = PutUint(5, f.start.cp, out);
    out = PutUint(6, f.limit.cp, out);
    for (const std::string& sug : f.suggestions) {
      out = PutBytes(kFindingSuggestions, sug, out, /*always=*/true);
    }
    out = PutBytes(kFindingMatched, MatchedText(f, text_), out);
    out = PutUint(kFindingMoved, f.moved ? 1 : 0, out);
    ++s;
  }
  out = PutBytes(kResponseRewrite, result_.rewrite, out);
  out = PutUint(kResponseScore, Int32Bits(result_.score), out);
  out = PutUint(kResponseRevision, revision_, out);
  out = PutBytes(kResponseRulesetVersion, ruleset_.version(), out);
  PutBytes(kResponseRuleset, ruleset_.name(), out);
}

void AppendLintResponseWire(const LintResult& result, const Ruleset& ruleset,
                            absl::string_view text, uint64_t revision, std::string* out) {
  const LintResponseWire wire(result, ruleset, text, revision);
  const size_t at = out->size();
  out->resize(at + wire.size());
  wire.WriteTo(out->data() + at);
}

}  // namespace replylint
