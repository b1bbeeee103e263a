// The server writes Lint answers straight to the wire (service/lint_wire.h). Clients must not
// be able to tell: for every draft of the bench corpus, every rule example with its
// conversation, and hand-made edge cases, the bytes equal what protobuf itself serializes
// from the message the CLI and the HTTP API build (ToProto).
#include "service/lint_wire.h"

#include <fstream>

#include "gtest/gtest.h"
#include "service/convert.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

std::string ViaProtobuf(const LintResult& r, const Ruleset& rs, const std::string& text,
                        uint64_t revision) {
  v1::LintRequest req;
  req.set_text(text);
  req.set_revision(revision);
  v1::LintResponse resp;
  ToProto(r, rs, req, &resp);
  std::string out;
  EXPECT_TRUE(resp.SerializeToString(&out));
  return out;
}

std::string Direct(const LintResult& r, const Ruleset& rs, const std::string& text,
                   uint64_t revision) {
  std::string out;
  AppendLintResponseWire(r, rs, text, revision, &out);
  return out;
}

TEST(LintWireTest, CorpusDraftsEncodeAsProtobufDoes) {
  std::ifstream in(testing::SourceDir() + "/bench/data/drafts.txt");
  int drafts = 0, with_findings = 0;
  for (std::string line; std::getline(in, line);) {
    for (bool final : {false, true}) {
      const LintResult r = testing::Lint(line, final);
      with_findings += !r.findings.empty();
      const uint64_t revision = drafts % 3 == 0 ? 0 : drafts % 3 == 1 ? 7 : ~uint64_t{0};
      ASSERT_EQ(Direct(r, testing::DefaultRuleset(), line, revision),
                ViaProtobuf(r, testing::DefaultRuleset(), line, revision))
          << line << " final=" << final;
    }
    ++drafts;
  }
  EXPECT_GT(drafts, 500);
  EXPECT_GT(with_findings, 300);  // the comparison covered findings, not just empty answers
}

TEST(LintWireTest, RuleExamplesWithContextEncodeAsProtobufDoes) {
  const Ruleset& rs = testing::DefaultRuleset();
  int examples = 0;
  for (const auto& rule : rs.rules()) {
    for (const Example& ex : rule->examples()) {
      if (ex.conversation) continue;
      const LintResult r = testing::LintExample(ex, ex.text, true);
      EXPECT_EQ(Direct(r, rs, ex.text, 42), ViaProtobuf(r, rs, ex.text, 42))
          << ex.file << ":" << ex.line;
      ++examples;
    }
  }
  EXPECT_GT(examples, 20);
}

TEST(LintWireTest, EdgeCasesEncodeAsProtobufDoes) {
  const Ruleset& rs = testing::DefaultRuleset();
  const RuleInfo& info = rs.rules().front()->info();
  const std::string text = "不知道";
  LintResult r;
  r.score = -3;  // int32: ten-byte varint
  r.rewrite = "";
  Finding insertion;  // zero span, no message, an empty suggestion
  insertion.rule = &info;
  insertion.suggestions = {"", "x"};
  r.findings.push_back(insertion);
  Finding past_end;  // offsets beyond the text: no `matched`
  past_end.rule = &info;
  past_end.begin = 1;
  past_end.end = 99;
  past_end.start = {1, 1, 1};
  past_end.limit = {300, 200, 100};
  past_end.message = std::string(200, 'm');  // two-byte length
  r.findings.push_back(past_end);
  Finding whole;
  whole.rule = &info;
  whole.end = static_cast<uint32_t>(text.size());
  whole.limit = {9, 3, 3};
  r.findings.push_back(whole);
  for (uint64_t revision : {uint64_t{0}, uint64_t{127}, uint64_t{128}, ~uint64_t{0}}) {
    EXPECT_EQ(Direct(r, rs, text, revision), ViaProtobuf(r, rs, text, revision)) << revision;
  }
  const LintResult empty;  // score 100, nothing else
  EXPECT_EQ(Direct(empty, rs, "", 0), ViaProtobuf(empty, rs, "", 0));
}

}  // namespace
}  // namespace replylint
