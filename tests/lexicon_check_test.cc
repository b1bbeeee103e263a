// `replylint check` as a rule author meets it: every kind of mistake is reported at the right
// file and line, all in one run.
#include "rules/lexicon_check.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

using ::replylint::testing::TempDir;
using ::testing::HasSubstr;

TEST(LexiconCheckTest, BundledLexiconsAreClean) {
  LexiconCheckReport r = CheckLexiconDir(testing::LexiconsDir());
  EXPECT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_EQ(r.rulesets, 2);
  EXPECT_GE(r.rules, 14);
  EXPECT_GE(r.examples, 100);
}

std::string Find(const LexiconCheckReport& r, const std::string& needle) {
  for (const std::string& p : r.problems) {
    if (p.find(needle) != std::string::npos) return p;
  }
  return "";
}

TEST(LexiconCheckTest, NamesTheRightLineForEachKindOfMistake) {
  TempDir dir;
  dir.Write("default.rules",
            "[rule banned-negative]\n"          // 1
            "kind = phrase\n"                   // 2
            "message = 不要说{match}\n"          // 3
            "words = words/neg.txt\n"           // 4
            "\n"                                // 5
            "[rule rude-phrase]\n"              // 6
            "kind = phrase\n"                   // 7
            "message = 禁语\n"                   // 8
            "words = words/rude.txt\n");        // 9
  dir.Write("words/neg.txt",
            "不知道 => 我帮您查询一下\n"           // 1
            "不行 => 我想想办法\n"                // 2
            "不知道 => 我帮您确认一下\n"           // 3 duplicate
            "@fire 我们不行使这个权利\n"           // 4 ICU keeps 不行 from matching
            "@nofire 我不知道\n");                 // 5 failing example
  dir.Write("words/rude.txt",
            "爱买不买 => 您再考虑一下 | unless: 您爱买不买 不想买\n"  // 1: 不想买 cannot
            "不行 => 换个说法\n"                   // 2 shadowed by banned-negative
            "re:[0-9]{11}\n"                       // 3 no fixed text: runs on every draft
            // 4: 18 fixed words, any one of which (我) wakes it
            "re:^(订单号|手机号|电话号码|电话|地址|截图|照片|图片)(发|传)(我|过来|给我) => x\n");
  dir.Write("shop.rules",
            "[ruleset]\nextends = default\n\n"
            "[rule banned-negative]\n"
            "sevrity = error\n");               // 5 unknown key
  dir.Write("words/orders.txt", "re:把(.*发过来 => x\n");  // unused list, still parsed
  LexiconCheckReport r = CheckLexiconDir(dir.path());
  EXPECT_THAT(Find(r, "duplicate entry"), HasSubstr("words/neg.txt:3:1:"));
  EXPECT_THAT(Find(r, "does not line up"), HasSubstr("words/neg.txt:4:1:"));
  EXPECT_THAT(Find(r, "does not line up"), HasSubstr("不/行使"));
  EXPECT_THAT(Find(r, "should not be flagged"), HasSubstr("words/neg.txt:5:1:"));
  EXPECT_THAT(Find(r, "shadowed"), HasSubstr("words/rude.txt:2:1:"));
  EXPECT_THAT(Find(r, "no fixed text"), HasSubstr("words/rude.txt:3:1:"));
  EXPECT_THAT(Find(r, "fixed words"), HasSubstr("words/rude.txt:4:1:"));
  EXPECT_THAT(Find(r, "can never cancel"), HasSubstr("words/rude.txt:1:1: exception '不想买'"));
  // The duplicate, the shadowed entry, the two costly patterns and the idle exception are
  // warnings (the server loads the rules); the two failing examples and the unknown key are
  // not.
  EXPECT_EQ(r.warnings, 5) << ::testing::PrintToString(r.problems);
  EXPECT_EQ(r.problems.size(), 8u);
  EXPECT_THAT(Find(r, "unknown key"), HasSubstr("shop.rules:5:1:"));
  EXPECT_THAT(Find(r, "sevrity"), HasSubstr("expected one of"));
  // A regex that does not compile is reported when a rule uses it; an unused word list is
  // still parsed for syntax.
  TempDir dir2;
  dir2.Write("default.rules",
             "[rule bare-command]\nkind = phrase\nmessage = m\nwords = words/orders.txt\n");
  dir2.Write("words/orders.txt",
             "请稍等\nre:把(.*发过来 => x\n不行 => 好 | unless-re: (行使\n\u200b\u200b\n");
  dir2.Write("words/unused.txt", "ok\n不行 | boundry: none\n不懂 =>\n");
  LexiconCheckReport r2 = CheckLexiconDir(dir2.path());
  EXPECT_THAT(Find(r2, "pattern"), HasSubstr("words/orders.txt:2:1:"));
  // Every bad entry of one rule, not only the first.
  EXPECT_THAT(Find(r2, "unless-re"), HasSubstr("words/orders.txt:3:1:"));
  EXPECT_THAT(Find(r2, "empty after normalization"), HasSubstr("words/orders.txt:4:1:"));
  // Both bad lines of one file, each its own problem with its own line.
  EXPECT_THAT(Find(r2, "boundry"), HasSubstr("words/unused.txt:2:"));
  EXPECT_THAT(Find(r2, "nothing after"), HasSubstr("words/unused.txt:3:1:"));
  for (const std::string& p : r2.problems) EXPECT_EQ(p.find('\n'), std::string::npos) << p;
}

// A suggestion another entry flags makes the rewrite replace it again: 没办法 => 暂时无法
// before 处理 met 无法处理, and the reply came out as 暂时帮您联系相关同事处理. BundledLexiconsAreClean
// holds every bundled suggestion to this.
TEST(LexiconCheckTest, ASuggestionThatIsFlaggedItselfIsAWarning) {
  TempDir dir;
  dir.Write("default.rules",
            "[rule banned-negative]\nkind = phrase\nmessage = m\nwords = words/neg.txt\n"
            "\n"
            "[rule missing-honorific]\nkind = phrase\nmessage = m\nwords = words/you.txt\n");
  dir.Write("words/neg.txt",
            "无法处理 => 我帮您联系相关同事处理\n"    // 1
            "没办法 => 暂时无法 | boundary: none\n"   // 2: flagged before 处理
            "你不行 => 你换一个吧\n"                  // 3: 你, flagged by the other rule
            "不能 => 暂时不能 | unless: 暂时不能\n");  // 4: its own exception keeps it clean
  dir.Write("words/you.txt", "你 => 您\n");
  LexiconCheckReport r = CheckLexiconDir(dir.path());
  EXPECT_THAT(Find(r, "'暂时无法' followed by '处理'"),
              HasSubstr("words/neg.txt:2:1: suggestion '暂时无法' followed by '处理' is flagged "
                        "itself, by banned-negative ('无法处理')"));
  EXPECT_THAT(Find(r, "'你换一个吧'"), HasSubstr("words/neg.txt:3:1:"));
  EXPECT_THAT(Find(r, "'你换一个吧'"), HasSubstr("by missing-honorific ('你')"));
  EXPECT_EQ(Find(r, "'暂时不能'"), "");
  // Warnings: the server loads these rules.
  EXPECT_EQ(r.warnings, 2) << ::testing::PrintToString(r.problems);
  EXPECT_EQ(r.problems.size(), 2u);
}

TEST(LexiconCheckTest, EveryBrokenRuleIsReportedInOneRun) {
  TempDir dir;
  dir.Write("default.rules",
            "[rule a]\nkind = phrase\nmessage = m\nwords = words/a.txt\nseverity = infos\n"
            "\n"
            "[rule b]\nkind = phrases\nmessage = m\n"                       // 7, kind on 8
            "\n"
            "[rule c]\nkind = length\nmessage = m\nmax_chars = lots\n");    // 14
  dir.Write("words/a.txt", "不知道\n");
  LexiconCheckReport r = CheckLexiconDir(dir.path());
  EXPECT_THAT(Find(r, "infos"), HasSubstr("default.rules:5:"));
  EXPECT_THAT(Find(r, "phrases"), HasSubstr("default.rules:8:"));
  EXPECT_THAT(Find(r, "lots"), HasSubstr("default.rules:14:"));
}

}  // namespace
}  // namespace replylint
