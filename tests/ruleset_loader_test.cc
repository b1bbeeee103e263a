#include "rules/ruleset_loader.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

using ::replylint::testing::Lint;
using ::replylint::testing::TempDir;
using ::testing::HasSubstr;

constexpr const char kGoodRule[] =
    "[rule banned-negative]\n"
    "kind = phrase\n"
    "severity = error\n"
    "deduction = 10\n"
    "message = 不要说{match}\n"
    "words = words/neg.txt\n";

TEST(RulesetLoaderTest, LoadsAMinimalRuleset) {
  TempDir dir;
  dir.Write("default.rules", kGoodRule);
  dir.Write("words/neg.txt", "不知道 => 我帮您查询一下\n@fire 不知道\n@nofire 知道了\n");
  auto rs = LoadRuleset(dir.path(), "default");
  ASSERT_TRUE(rs.ok()) << rs.status();
  EXPECT_EQ((*rs)->rules().size(), 1u);
  EXPECT_EQ((*rs)->files().size(), 2u);
  EXPECT_EQ((*rs)->version().size(), 16u);
  LintResult r = Lint("我不知道", false, **rs);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(MessageOf(r.findings[0], "我不知道"), "不要说不知道");
  EXPECT_EQ(r.rewrite, "我帮您查询一下");  // the typed 我 stands for the suggestion's
  EXPECT_EQ(r.score, 90);
}

TEST(RulesetLoaderTest, VersionChangesWithAnyFile) {
  TempDir dir;
  dir.Write("default.rules", kGoodRule);
  dir.Write("words/neg.txt", "不知道 => 我帮您查询一下\n");
  auto a = LoadRuleset(dir.path(), "default");
  dir.Write("words/neg.txt", "不知道 => 我帮您查询一下\n不清楚 => 我帮您确认一下\n");
  auto b = LoadRuleset(dir.path(), "default");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE((*a)->version(), (*b)->version());
}

struct BadCase {
  const char* name;
  std::map<std::string, std::string> files;
  absl::StatusCode code;
  std::string where;
  std::string token;
};

TEST(RulesetLoaderTest, RejectsBadRulesetsWithFileLineAndToken) {
  const std::string words = "不知道 => 我帮您查询一下\n";
  const BadCase cases[] = {
      {"unknown kind",
       {{"default.rules", "[rule a]\nkind = existance\nmessage = m\n"}},
       absl::StatusCode::kInvalidArgument, "default.rules:2:", "existance"},
      {"unknown key",
       {{"default.rules", std::string(kGoodRule) + "severty = error\n"}, {"words/neg.txt", words}},
       absl::StatusCode::kInvalidArgument, "default.rules:7:", "severty"},
      {"duplicate rule",
       {{"default.rules", std::string(kGoodRule) + "\n[rule banned-negative]\nkind = phrase\n"},
        {"words/neg.txt", words}},
       absl::StatusCode::kInvalidArgument, "default.rules:8:", "duplicate"},
      {"missing message",
       {{"default.rules", "[rule a]\nkind = phrase\nwords = words/neg.txt\n"},
        {"words/neg.txt", words}},
       absl::StatusCode::kInvalidArgument, "default.rules:1:", "message"},
      {"bad severity",
       {{"default.rules", "[rule a]\nkind = phrase\nseverity = fatal\nmessage = m\n"}},
       absl::StatusCode::kInvalidArgument, "default.rules:3:", "fatal"},
      {"deduction out of range",
       {{"default.rules", "[rule a]\nkind = length\ndeduction = 150\nmessage = m\n"}},
       absl::StatusCode::kInvalidArgument, "default.rules:3:", "150"},
      {"path outside the dir",
       {{"default.rules", "[rule a]\nkind = phrase\nmessage = m\nwords = ../../etc/passwd\n"}},
       absl::StatusCode::kInvalidArgument, "default.rules:4:", "../../etc/passwd"},
      {"absolute path",
       {{"default.rules", "[rule a]\nkind = phrase\nmessage = m\nwords = /etc/passwd\n"}},
       absl::StatusCode::kInvalidArgument, "default.rules:4:", "/etc/passwd"},
      {"missing word list",
       {{"default.rules", "[rule a]\nkind = phrase\nmessage = m\nwords = words/nope.txt\n"}},
       absl::StatusCode::kNotFound, "default.rules:4:", "words/nope.txt"},
      {"bad regex",
       {{"default.rules", "[rule a]\nkind = phrase\nmessage = m\nwords = words/neg.txt\n"},
        {"words/neg.txt", "不知道\nre:把(.*发过来\n"}},
       absl::StatusCode::kInvalidArgument, "words/neg.txt:2:1", "把(.*发过来"},
      {"failing example",
       {{"default.rules", "[rule a]\nkind = phrase\nmessage = m\nwords = words/neg.txt\n"},
        {"words/neg.txt", "不知道\n@fire 不清楚\n"}},
       absl::StatusCode::kFailedPrecondition, "words/neg.txt:2:", "不清楚"},
      {"extends loop",
       {{"default.rules", "[ruleset]\nextends = shop\n"},
        {"shop.rules", "[ruleset]\nextends = default\n"}},
       absl::StatusCode::kInvalidArgument, "", "loops"},
      {"key outside section",
       {{"default.rules", "kind = phrase\n"}},
       absl::StatusCode::kInvalidArgument, "default.rules:1:", "outside"},
      {"interjection of two characters",
       {{"default.rules", "[rule a]\nkind = interjection\nmessage = m\nwords = words/i.txt\n"},
        {"words/i.txt", "嗯 => 好的\n嗯嗯 => 好的\n"}},
       absl::StatusCode::kInvalidArgument, "words/i.txt:2:", "嗯嗯"},
      {"exception in a list of required words",
       {{"default.rules",
         "[rule a]\nkind = require\nmessage = m\ninsert = 😊\nwords = words/e.txt\n"},
        {"words/e.txt", "😊\n谢谢 | unless: 谢谢你\n"}},
       absl::StatusCode::kInvalidArgument, "words/e.txt:2:", "plain text only"},
      {"pattern as a reply-to trigger",
       {{"default.rules",
         "[rule a]\nkind = reply-to\nmessage = m\ninsert = 抱歉，\n"
         "triggers = words/t.txt\nwords = words/s.txt\n"},
        {"words/t.txt", "投诉\nre:退(款|货)\n"},
        {"words/s.txt", "抱歉\n"}},
       absl::StatusCode::kInvalidArgument, "words/t.txt:2:", "unless:"},
      {"order for an answer appended at the end",
       {{"default.rules",
         "[rule a]\nkind = reply-to\nmessage = m\ninsert = 不客气\ninsert_at = end\n"
         "triggers = words/t.txt\nwords = words/s.txt\nbefore = words/s.txt\n"},
        {"words/t.txt", "谢谢\n"},
        {"words/s.txt", "不客气\n"}},
       absl::StatusCode::kInvalidArgument, "default.rules:8:", "insert_at = end"},
      {"a reply-instead line without the reply",
       {{"default.rules",
         "[rule a]\nkind = require\nmessage = m\ninsert = 祝您生活愉快\nwords = words/c.txt\n"
         "replies_to = words/d.txt\n"},
        {"words/c.txt", "祝您生活愉快\n"},
        {"words/d.txt", "没有了 => 感谢您的咨询\n没事了\n"}},
       absl::StatusCode::kInvalidArgument, "words/d.txt:2:", "没事了 => TEXT"},
      {"a cause entry in a rule with nothing to excuse it",
       {{"default.rules",
         "[rule a]\nkind = phrase\nmessage = m\nwords = words/b.txt\n"},
        {"words/b.txt", "找快递 => 我帮您联系快递核实\n这是快递的问题 => 我帮您联系快递核实 | cause: yes\n"}},
       absl::StatusCode::kInvalidArgument, "words/b.txt:2:", "unless_followed_by"},
      {"require without insert",
       {{"default.rules", "[rule a]\nkind = require\nmessage = m\nunicode_emoji = yes\n"}},
       absl::StatusCode::kInvalidArgument, "default.rules:1:", "insert"},
  };
  for (const BadCase& c : cases) {
    TempDir dir;
    for (const auto& [path, content] : c.files) dir.Write(path, content);
    auto rs = LoadRulesets(dir.path());
    ASSERT_FALSE(rs.ok()) << c.name;
    EXPECT_EQ(rs.status().code(), c.code) << c.name << ": " << rs.status();
    EXPECT_THAT(std::string(rs.status().message()), HasSubstr(c.where)) << c.name;
    EXPECT_THAT(std::string(rs.status().message()), HasSubstr(c.token)) << c.name;
  }
}

TEST(RulesetLoaderTest, ShopRulesetExtendsAndOverrides) {
  TempDir dir;
  dir.Write("default.rules", std::string(kGoodRule) +
                                 "\n[rule too-long]\nkind = length\nmessage = 太长\n"
                                 "max_chars = 100\n");
  dir.Write("words/neg.txt", "不知道 => 我帮您查询一下\n");
  dir.Write("words/shop.txt", "木有 => 我帮您看看\n");
  dir.Write("shop-a.rules",
            "[ruleset]\nextends = default\n\n"
            "[rule banned-negative]\nwords += words/shop.txt\ndeduction = 40\n\n"
            "[rule too-long]\nenabled = no\n");
  auto all = LoadRulesets(dir.path());
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  const Ruleset& shop = *all->at("shop-a");
  EXPECT_EQ(shop.rules().size(), 1u);  // too-long turned off
  LintResult r = Lint("木有，不知道", false, shop);
  EXPECT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.score, 60);
  const Ruleset& def = *all->at("default");
  EXPECT_EQ(Lint("木有", false, def).findings.size(), 0u);
}

// A regex entry runs only on drafts holding one of its prefilter atoms (or on every draft
// when it has none), and a rule runs only on drafts that wake it: neither shortcut may hide a
// match, whatever the pattern looks like.
TEST(RulesetLoaderTest, RegexEntriesFireWhereverTheyMatch) {
  TempDir dir;
  dir.Write("default.rules",
            "[rule orders]\nkind = phrase\nmessage = m\nwords = words/re.txt\n");
  dir.Write("words/re.txt",
            "re:^(报|提供)(订单号|地址) | boundary: none\n"  // anchored at the start: atoms 报, 提供, 订单号, 地址
            "re:把(.{1,4}?)发过来 | boundary: none\n"  // atoms 把, 发过来
            "re:[a-z]{3}[0-9] | boundary: none\n"  // no atom at all: runs on every draft
            // atoms 你, 您, 自己, 问, 找, 银行, 骑手; only 银行 and 骑手 are kept
            "re:(?:你|您|自己)(?:问|找)(银行|骑手) | boundary: none\n");
  auto rs = LoadRuleset(dir.path(), "default");
  ASSERT_TRUE(rs.ok()) << rs.status();
  struct Case {
    const char* text;
    size_t findings;
  } cases[] = {
      {"提供订单号", 1}, {"请提供订单号", 0},  {"报地址吧", 1},       {"把图片发过来", 1},
      {"图片发过来", 0}, {"把图片传过来", 0},  {"编号abc1", 1},       {"您好", 0},
      {"提供地址，把单号发过来，xyz9", 3},
      {"你找银行", 1},   {"自己问骑手", 1},   {"您问银行吧", 1},     {"自己找", 0},
      {"银行卡", 0},     {"我问银行", 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Lint(c.text, false, **rs).findings.size(), c.findings) << c.text;
  }
}

TEST(RulesetLoaderTest, RejectsRulesetNamesThatCouldBePaths) {
  TempDir dir;
  for (const char* name : {"../default", "a/b", "", "default.rules", "x y"}) {
    EXPECT_FALSE(IsValidRulesetName(name)) << name;
    auto rs = LoadRuleset(dir.path(), name);
    EXPECT_EQ(rs.status().code(), absl::StatusCode::kInvalidArgument) << name;
  }
  EXPECT_TRUE(IsValidRulesetName("shop_a-2"));
}

TEST(RulesetLoaderTest, EmptyDirectoryIsAnError) {
  TempDir dir;
  auto rs = LoadRulesets(dir.path());
  EXPECT_EQ(rs.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace replylint
