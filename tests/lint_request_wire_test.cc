// The server reads Lint requests straight from their bytes (service/lint_request_wire.h) and
// hands anything outside the common shape to protobuf. Clients must not be able to tell: on
// generated requests, on pairs of them sent as one (protobuf merges them), and on mutated and
// truncated bytes, a request the fast reader takes must be one protobuf takes, with the same
// fields; and the fast reader must take every ordinary request, or it saves nothing.
#include "service/lint_request_wire.h"

#include <random>
#include <string>
#include <vector>

#include <google/protobuf/stubs/logging.h>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "service/convert.h"

namespace replylint {
namespace {

std::string Pick(std::mt19937& rng, const std::vector<std::string>& from) {
  return from[rng() % from.size()];
}

v1::LintRequest RandomRequest(std::mt19937& rng, bool ordinary) {
  const std::vector<std::string> texts = {
      "", "不知道，你自己看吧", "亲，您好😊", "ok", "訂單已發貨，請耐心等候", "嗯", "a\tb\nc",
      std::string(300, 'x'), "\xF0\x9F\x98\x8A\xE4\xB8\x8D"};
  const std::vector<std::string> ids = {"missing-emoji", "rude-phrase", "", "自定义"};
  v1::LintRequest r;
  if (rng() % 4) r.set_text(Pick(rng, texts));
  if (rng() % 2) r.set_final(true);
  for (int n = static_cast<int>(rng() % 4); n > 0; --n) {
    v1::Turn* t = r.add_context();
    // Unknown roles are kept by proto3 (open enums) and read as the customer.
    const int roles[] = {0, 1, 2, 7};
    t->set_role(static_cast<v1::Turn::Role>(roles[rng() % 4]));
    if (rng() % 4) t->set_text(Pick(rng, texts));
    if (rng() % 2) {
      const int64_t s = ordinary ? 1764000000 + rng() % 100000 : int64_t(rng()) - (1ll << 31);
      t->mutable_ts()->set_seconds(rng() % 8 ? s : 0);  // 0 s and some nanos is not unset
      t->mutable_ts()->set_nanos(ordinary ? rng() % 1000000000 : int32_t(rng()));
    }
  }
  if (rng() % 3 == 0) r.set_ruleset(rng() % 2 ? "shop-demo" : "default");
  if (rng() % 2) r.set_revision(ordinary ? rng() % 100000 : (uint64_t(rng()) << 32 | rng()));
  for (int n = static_cast<int>(rng() % 3); n > 0; --n) r.add_disabled_rules(Pick(rng, ids));
  if (rng() % 2) {
    r.mutable_time()->set_seconds(ordinary ? 1764000000 : int64_t(rng()) << 20);
    r.mutable_time()->set_nanos(ordinary ? 5000000 : int32_t(rng()));
  }
  return r;
}

void ExpectSameFields(const LintRequestFields& a, const LintRequestFields& b,
                      const std::string& wire) {
  const std::string where = absl::CEscape(wire);
  EXPECT_EQ(a.text, b.text) << where;
  EXPECT_EQ(a.final, b.final) << where;
  EXPECT_EQ(a.ruleset, b.ruleset) << where;
  EXPECT_EQ(a.revision, b.revision) << where;
  EXPECT_EQ(a.time_ms, b.time_ms) << where;
  EXPECT_EQ(a.disabled_rules, b.disabled_rules) << where;
  ASSERT_EQ(a.context.size(), b.context.size()) << where;
  for (size_t i = 0; i < a.context.size(); ++i) {
    EXPECT_EQ(a.context[i].agent, b.context[i].agent) << where;
    EXPECT_EQ(a.context[i].text, b.context[i].text) << where;
    EXPECT_EQ(a.context[i].time_ms, b.context[i].time_ms) << where;
  }
}

// Reads `wire` both ways. Returns whether the fast reader took it.
bool Compare(const std::string& wire) {
  LintRequestFields fast;
  const bool took = ParseLintRequestWire(wire, &fast);
  v1::LintRequest message;
  const bool protobuf_took = message.ParseFromString(wire);
  if (took) {
    EXPECT_TRUE(protobuf_took) << "only the fast reader took " << absl::CEscape(wire);
    if (protobuf_took) {
      LintRequestFields slow;
      FieldsOf(message, &slow);
      ExpectSameFields(fast, slow, wire);
    }
  }
  return took;
}

TEST(LintRequestWireTest, TakesEveryOrdinaryRequestWithProtobufsFields) {
  std::mt19937 rng(1130);
  for (int i = 0; i < 20000; ++i) {
    const std::string wire = RandomRequest(rng, /*ordinary=*/true).SerializeAsString();
    ASSERT_TRUE(Compare(wire)) << "an ordinary request went to protobuf: " << absl::CEscape(wire);
  }
}

TEST(LintRequestWireTest, AgreesWithProtobufOnUnusualValuesAndMergedRequests) {
  std::mt19937 rng(2611);
  int took = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string wire = RandomRequest(rng, /*ordinary=*/false).SerializeAsString();
    // Two messages sent as one: protobuf keeps the last scalar, appends repeated fields and
    // merges the timestamps field by field.
    if (rng() % 2) wire += RandomRequest(rng, rng() % 2).SerializeAsString();
    took += Compare(wire);
  }
  EXPECT_GT(took, 5000);  // most are still in the common shape
}

TEST(LintRequestWireTest, AnythingElseGoesToProtobuf) {
  google::protobuf::LogSilencer quiet;  // protobuf logs each string that is not UTF-8
  std::mt19937 rng(30);
  int fell_back = 0;
  for (int i = 0; i < 50000; ++i) {
    std::string wire = RandomRequest(rng, rng() % 2).SerializeAsString();
    if (wire.empty()) continue;
    switch (rng() % 4) {
      case 0:  // a random byte
        wire[rng() % wire.size()] = static_cast<char>(rng());
        break;
      case 1:  // cut short
        wire.resize(rng() % wire.size());
        break;
      case 2:  // an unknown field (varint 99 = 1) or a field with another wire type
        wire += rng() % 2 ? std::string("\x98\x06\x01", 3) : std::string("\x0D\x01\x02\x03\x04", 5);
        break;
      case 3:  // a string that is not UTF-8: the text, bare
        wire += std::string("\x0A\x02\xC3\x28", 4);
        break;
    }
    fell_back += !Compare(wire);
  }
  EXPECT_GT(fell_back, 10000);
}

TEST(LintRequestWireTest, HandMadeCases) {
  LintRequestFields f;
  EXPECT_TRUE(ParseLintRequestWire("", &f));  // the empty request: every field unset
  EXPECT_TRUE(f.text.empty());
  EXPECT_EQ(f.time_ms, 0);
  // text "不" then text "ok": the last one counts.
  EXPECT_TRUE(ParseLintRequestWire(std::string("\x0A\x03\xE4\xB8\x8D\x0A\x02ok", 9), &f));
  EXPECT_EQ(f.text, "ok");
  // Not UTF-8, an unknown field, a group, a ten-byte revision, a length past the end: all
  // left to protobuf.
  EXPECT_FALSE(ParseLintRequestWire(std::string("\x0A\x01\xFF", 3), &f));
  EXPECT_FALSE(ParseLintRequestWire(std::string("\x40\x01", 2), &f));
  EXPECT_FALSE(ParseLintRequestWire(std::string("\x43\x44", 2), &f));
  EXPECT_FALSE(ParseLintRequestWire(
      std::string("\x28\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01", 11), &f));
  EXPECT_FALSE(ParseLintRequestWire(std::string("\x0A\x05" "ab", 4), &f));
  // Extra bytes in a varint that protobuf reads as an int32 (request_wire_fuzzer's find: a
  // length of zero in seven bytes, which protobuf rejects), and a tag in two bytes.
  EXPECT_FALSE(ParseLintRequestWire(std::string("\x3A\x80\x80\x80\x80\x80\x80\x00", 8), &f));
  EXPECT_FALSE(ParseLintRequestWire(std::string("\x8A\x00\x00", 3), &f));
  // A timestamp no clock reaches saturates instead of overflowing.
  EXPECT_EQ(TimestampMillis(int64_t{1} << 62, 0), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(TimestampMillis(1764000000, 5000000), 1764000000005);
  EXPECT_EQ(TimestampMillis(0, 500000000), 500);
}

}  // namespace
}  // namespace replylint
