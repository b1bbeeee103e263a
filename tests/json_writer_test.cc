// The fast JSON writer must say exactly what protobuf's own JSON mapping says: its output
// parses back (with protobuf's parser) into the identical message, and matches
// util::MessageToJsonString byte for byte.
#include "service/json_writer.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include "gtest/gtest.h"
#include "service/convert.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

std::string ProtobufJson(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions opts;
  opts.always_print_primitive_fields = true;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(m, &out, opts).ok());
  return out;
}

TEST(JsonWriterTest, LintResponsesMatchProtobufJson) {
  const std::string drafts[] = {"不知道，你自己看吧", "", "您好😊", "引号\"和\\反斜杠\n换行\t\x01",
                                "嗯嗯，好的哦", std::string(300, 'x')};
  for (const std::string& d : drafts) {
    LintResult r = testing::Lint(d, true);
    v1::LintRequest req;
    req.set_text(d);
    req.set_revision(18446744073709551615ull);
    v1::LintResponse resp;
    ToProto(r, testing::DefaultRuleset(), req, &resp);
    std::string fast;
    AppendJson(resp, &fast);
    EXPECT_EQ(fast, ProtobufJson(resp)) << d;
    v1::LintResponse back;
    ASSERT_OK(FromJson(fast, &back));
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(back, resp)) << d;
  }
}

TEST(JsonWriterTest, TranscriptReportsMatchProtobufJson) {
  v1::TranscriptReport r;
  r.set_conversation_id("c\"1");
  r.set_agent_id("小美");
  r.set_ruleset("default");
  r.set_ruleset_version("0123456789abcdef");
  r.set_score(42);
  r.set_agent_turns(3);
  r.set_customer_turns(2);
  r.set_input_line(12345678901ull);
  r.set_input("archive.jsonl.gz");
  auto* tf = r.add_findings();
  tf->set_turn_index(4);
  tf->mutable_finding()->set_rule_id("no-closing-turn");
  tf->mutable_finding()->set_severity(v1::WARNING);
  tf->mutable_finding()->mutable_span();
  r.add_findings()->set_turn_index(1);  // no finding message set
  std::string fast;
  AppendJson(r, &fast);
  EXPECT_EQ(fast, ProtobufJson(r));
  v1::TranscriptReport empty;
  fast.clear();
  AppendJson(empty, &fast);
  EXPECT_EQ(fast, ProtobufJson(empty));
}

}  // namespace
}  // namespace replylint
