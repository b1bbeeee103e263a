// `replylint lint` and `replylint check` as a user runs them: the real binary, stdin/stdout.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "replylint/v1/lint.pb.h"
#include "absl/strings/str_split.h"
#include "service/convert.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

using ::replylint::testing::RunCommand;
using ::replylint::testing::TempDir;
using ::testing::HasSubstr;

const std::string kBin = REPLYLINT_BINARY;

TEST(CliTest, LintFromStdinShowsSpansAndRewrite) {
  auto r = RunCommand({kBin, "lint"}, "不知道，你自己看吧\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("banned-negative"));
  EXPECT_THAT(r.out, HasSubstr("»不知道«，你自己看吧"));  // no colour: not a TTY
  EXPECT_THAT(r.out, HasSubstr("不知道，»你自己看«吧"));
  EXPECT_THAT(r.out, HasSubstr("missing-emoji"));
  EXPECT_THAT(r.out, HasSubstr("rewrite: 我帮您查询一下，我来帮您看一下吧😊"));
  EXPECT_EQ(r.out.find("\033["), std::string::npos);
}

// A split is shown as a mark, with the emoji the piece before it gets, not as a bare line
// break that reads as an empty suggestion.
TEST(CliTest, TooLongSplitIsShownAsAMark) {
  std::string text;
  for (int i = 0; i < 12; ++i) text += "您的订单已经在处理中了，";
  auto r = RunCommand({kBin, "lint", text + "😊"}, "");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("建议 suggestion: 😊↵ (分段发送"));
}

TEST(CliTest, CleanDraftExitsZeroAndColourIsOptIn) {
  auto r = RunCommand({kBin, "lint", "您好，请问有什么可以帮您？😊"}, "");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("OK"));
  auto c = RunCommand({kBin, "lint", "--color=always", "不知道😊"}, "");
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_THAT(c.out, HasSubstr("\033["));
}

TEST(CliTest, JsonInputRoundTripsLintRequestAndResponse) {
  TempDir dir;
  dir.Write("in.jsonl",
            "{\"text\":\"不知道，你自己看吧\",\"revision\":\"7\"}\n"
            "{\"text\":\"好的，已经处理好了😊\",\"final\":true}\n");
  auto r = RunCommand({kBin, "lint", "--format=json", "--input=" + dir.path() + "/in.jsonl"}, "");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::vector<std::string> lines = absl::StrSplit(r.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u);
  v1::LintResponse first, second;
  ASSERT_OK(FromJson(lines[0], &first));
  ASSERT_OK(FromJson(lines[1], &second));
  EXPECT_EQ(first.revision(), 7u);
  ASSERT_EQ(first.findings_size(), 3);
  EXPECT_EQ(first.findings(0).rule_id(), "banned-negative");
  EXPECT_EQ(first.findings(0).span().end_cp(), 3u);
  EXPECT_EQ(first.findings(0).matched(), "不知道");
  EXPECT_EQ(first.rewrite(), "我帮您查询一下，我来帮您看一下吧😊");
  EXPECT_FALSE(first.ruleset_version().empty());
  ASSERT_EQ(second.findings_size(), 1);
  EXPECT_EQ(second.findings(0).rule_id(), "missing-closing");
}

TEST(CliTest, BadLinesAreReportedByNumberAndTheRestIsProcessed) {
  TempDir dir;
  dir.Write("in.jsonl",
            "{\"text\":\"不知道\"}\n"
            "{not json\n"
            "{\"text\":\"ok\",\"nosuchfield\":1}\n"
            "{\"text\":\"您好😊\"}\n" +
                std::string("\xFF\xFE\n"));
  auto r = RunCommand({kBin, "lint", "--format=json", "--input=" + dir.path() + "/in.jsonl"}, "");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("in.jsonl:2:"));
  EXPECT_THAT(r.err, HasSubstr("in.jsonl:3:"));
  EXPECT_THAT(r.err, HasSubstr("in.jsonl:5:"));
  EXPECT_THAT(r.err, HasSubstr("UTF-8"));
  std::vector<std::string> lines = absl::StrSplit(r.out, '\n', absl::SkipEmpty());
  EXPECT_EQ(lines.size(), 2u);  // lines 1 and 4
}

TEST(CliTest, InvalidUtf8OnStdinNamesTheLine) {
  auto r = RunCommand({kBin, "lint"}, "您好😊\n\xC3\x28\n不知道\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("<stdin>:2:"));
  EXPECT_THAT(r.out, HasSubstr("<stdin>:3"));
}

TEST(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunCommand({kBin}, "").exit_code, 2);
  EXPECT_EQ(RunCommand({kBin, "frobnicate"}, "").exit_code, 2);
  EXPECT_EQ(RunCommand({kBin, "lint", "--format=xml", "x"}, "").exit_code, 2);
  EXPECT_EQ(RunCommand({kBin, "lint", "--input=/nonexistent.jsonl"}, "").exit_code, 2);
}

TEST(CliTest, CheckPassesOnBundledLexiconsAndNamesTheBrokenLine) {
  auto ok = RunCommand({kBin, "check", testing::LexiconsDir()}, "");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("all OK"));

  TempDir dir;
  dir.Write("default.rules",
            "[rule banned-negative]\nkind = phrase\nmessage = m\nwords = w.txt\n");
  dir.Write("w.txt", "不知道\n@fire 不知道\n@fire 我很好\n@nofire 你不知道吗\n");
  auto bad = RunCommand({kBin, "check", dir.path()}, "");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("w.txt:3:"));
  EXPECT_THAT(bad.err, HasSubstr("w.txt:4:"));
  EXPECT_THAT(bad.err, HasSubstr("2 problem(s)"));
}

}  // namespace
}  // namespace replylint
