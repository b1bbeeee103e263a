#include "rules/lexicon.h"

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace replylint {
namespace {

using ::testing::HasSubstr;

TEST(LexiconTest, ParsesEntriesFieldsAndExamples) {
  auto lex = ParseLexicon(
      "# comment\n"
      "\n"
      "不知道 => 我帮您查询一下 / 我这边帮您确认一下\n"
      "不行 => 这边帮您想想办法 | unless: 行使 行驶 | boundary: word\n"
      "你 => 您 | boundary: none | message: 用您 | alone: no\n"
      "re:把(.{1,12}?)发过来 => 请您把\\1发给我好吗 | unless-re: 请|麻烦\n"
      "什么事 => 您好 | alone: yes | cause: no\n"
      "我们不能 => 我们帮您看看能否 | at-end: 我们这边帮您想想其他办法 / 我们一起想想办法\n"
      "这是快递的问题 => 我帮您联系快递核实 | cause: yes\n"
      "@fire 这个我不知道 => 这个我帮您查询一下\n"
      "@nofire 我们不行使该项权利\n",
      "x.txt");
  ASSERT_TRUE(lex.ok()) << lex.status();
  ASSERT_EQ(lex->entries.size(), 7u);
  EXPECT_EQ(lex->entries[0].phrase, "不知道");
  EXPECT_THAT(lex->entries[0].suggestions,
              ::testing::ElementsAre("我帮您查询一下", "我这边帮您确认一下"));
  EXPECT_EQ(lex->entries[0].line, 3);
  EXPECT_THAT(lex->entries[1].unless, ::testing::ElementsAre("行使", "行驶"));
  EXPECT_TRUE(lex->entries[1].word_boundary);
  EXPECT_FALSE(lex->entries[2].word_boundary);
  EXPECT_EQ(lex->entries[2].message, "用您");
  EXPECT_TRUE(lex->entries[3].is_regex);
  EXPECT_EQ(lex->entries[3].phrase, "把(.{1,12}?)发过来");
  EXPECT_EQ(lex->entries[3].unless_re, "请|麻烦");
  EXPECT_FALSE(lex->entries[2].alone);
  EXPECT_TRUE(lex->entries[4].alone);
  EXPECT_TRUE(lex->entries[4].suggestions_at_end.empty());
  EXPECT_THAT(lex->entries[5].suggestions_at_end,
              ::testing::ElementsAre("我们这边帮您想想其他办法", "我们一起想想办法"));
  EXPECT_FALSE(lex->entries[4].cause);
  EXPECT_TRUE(lex->entries[6].cause);
  ASSERT_EQ(lex->examples.size(), 2u);
  EXPECT_TRUE(lex->examples[0].fire);
  EXPECT_EQ(lex->examples[0].rewrite, "这个我帮您查询一下");
  EXPECT_FALSE(lex->examples[1].fire);
  EXPECT_EQ(lex->examples[1].line, 11);
}

TEST(LexiconTest, ErrorsNameFileLineAndColumn) {
  struct Case {
    std::string content;
    std::string where;  // "file:line:col"
    std::string token;
  } cases[] = {
      {"ok\n不行 => 好 | unles: 行使\n", "x.txt:2:", "unles"},
      {"不行 => 好 | boundary: maybe\n", "x.txt:1:", "maybe"},
      {"干嘛 => 您好 | alone: sometimes\n", "x.txt:1:", "write yes or no"},
      {"这是快递的问题 => 好 | cause: maybe\n", "x.txt:1:", "cause: 'maybe'"},
      {"\n\n=> 好\n", "x.txt:3:1", "no word"},
      {"@fir 不知道\n", "x.txt:1:1", "@fir"},
      {"@nofire 不知道 => x\n", "x.txt:1:1", "@nofire"},
      {"a\nb\n\xFF\n", "x.txt:3:1", "UTF-8"},
      {"不行 | unless:\n", "x.txt:1:", "no value"},
      {"不行 | 无冒号\n", "x.txt:1:", "key"},
      {"不知道 =>\n", "x.txt:1:1", "nothing after '=>'"},
      {"我们不能 | at-end: 我们想想办法\n", "x.txt:1:", "WORD => SUGGESTION | at-end"},
  };
  for (const Case& c : cases) {
    auto lex = ParseLexicon(c.content, "x.txt");
    ASSERT_FALSE(lex.ok()) << c.content;
    EXPECT_EQ(lex.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(lex.status().message()), HasSubstr(c.where)) << c.content;
    EXPECT_THAT(std::string(lex.status().message()), HasSubstr(c.token)) << c.content;
  }
}

// A rule author fixes every bad line in one pass: each is reported with its own location,
// and the good lines around them do not hide them.
TEST(LexiconTest, EveryBadLineIsReported) {
  auto lex = ParseLexicon(
      "不行 => 好 | unles: 行使\n"
      "不知道 => 我帮您查询一下\n"
      "@fir 不知道\n"
      "不清楚 | boundary: maybe\n"
      "  不懂 =>\n",
      "x.txt");
  ASSERT_FALSE(lex.ok());
  const std::vector<std::string> lines = absl::StrSplit(lex.status().message(), '\n');
  ASSERT_EQ(lines.size(), 4u) << lex.status().message();
  EXPECT_THAT(lines[0], HasSubstr("x.txt:1:"));
  EXPECT_THAT(lines[1], HasSubstr("x.txt:3:1"));
  EXPECT_THAT(lines[2], HasSubstr("x.txt:4:"));
  EXPECT_THAT(lines[3], HasSubstr("x.txt:5:3: nothing after '=>'"));
}

TEST(LexiconTest, ToleratesBomAndCrLf) {
  auto lex = ParseLexicon("\xEF\xBB\xBF不知道 => 我帮您查询一下\r\n不行\r\n", "x.txt");
  ASSERT_TRUE(lex.ok()) << lex.status();
  ASSERT_EQ(lex->entries.size(), 2u);
  EXPECT_EQ(lex->entries[0].phrase, "不知道");
  EXPECT_EQ(lex->entries[1].phrase, "不行");
}

}  // namespace
}  // namespace replylint
