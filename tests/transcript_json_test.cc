// The fast Transcript JSON parser agrees with protobuf's parser on everything it accepts, and
// declines (so protobuf decides) everything unusual.
#include "service/transcript_json.h"

#include <google/protobuf/util/message_differencer.h>

#include "gtest/gtest.h"
#include "service/convert.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

TEST(TranscriptJsonTest, AgreesWithProtobuf) {
  const char* cases[] = {
      R"({"conversationId":"c1","agentId":"a","turns":[{"role":"CUSTOMER","text":"在吗","ts":"2026-11-23T10:00:00Z"},{"role":"AGENT","text":"您好😊","ts":"2026-11-23T10:00:20.5Z"}]})",
      R"({ "conversation_id" : "c2" , "agent_id":"b", "ruleset":"shop-demo", "turns" : [ ] })",
      R"({"conversationId":"c3","turns":[{"role":1,"text":"esc \" \\ \/ \n \t \u4f60\u597d \ud83d\ude0a","ts":"2026-02-28T23:59:59+08:00"}]})",
      R"({"conversationId":null,"turns":[{"role":"AGENT","text":null,"ts":null},{}]})",
      R"({"conversationId":"c5","turns":[{"role":"CUSTOMER","text":"x","ts":"1999-12-31T23:59:59.123456789-05:30"}]})",
      R"({})",
      R"({"turns":[{"ts":"2028-02-29T00:00:00Z"}]})",  // a leap day
      R"({"turns":[{"ts":"0001-01-01T00:00:00Z"}]})",  // the first second protobuf takes
  };
  for (const char* c : cases) {
    v1::Transcript fast, slow;
    ASSERT_TRUE(ParseTranscriptJsonFast(c, &fast)) << c;
    ASSERT_OK(FromJson(c, &slow));
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(fast, slow))
        << c << "\nfast: " << fast.DebugString() << "\nprotobuf: " << slow.DebugString();
  }
}

TEST(TranscriptJsonTest, DeclinesWhatItDoesNotKnow) {
  const char* cases[] = {
      R"({"conversationId":"c","bogus":1})",                      // unknown field
      R"({"conversationId":"a","conversationId":"b"})",           // duplicate
      R"({"turns":[{"role":"BOSS"}]})",                           // unknown enum name
      R"({"turns":[{"ts":"2026-11-23 10:00:00"}]})",              // not RFC 3339
      R"({"conversationId":"c"} trailing)",                       // trailing garbage
      R"({"conversationId":"\ud800"})",                            // lone surrogate
      "{\"conversationId\":\"\xFF\"}",                             // invalid UTF-8
      R"({"conversationId":"c")",                                  // truncated
      R"({"turns":[{"ts":"0000-11-25T07:48:31Z"}]})",              // year 0 (json_fuzzer)
  };
  for (const char* c : cases) {
    v1::Transcript t;
    EXPECT_FALSE(ParseTranscriptJsonFast(c, &t)) << c;
  }
}

}  // namespace
}  // namespace replylint
