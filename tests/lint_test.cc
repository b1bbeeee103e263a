// The engine end to end (no gRPC): the sentences quoted in the issues, spans in all three
// units, overlap resolution, score, and bad input.
#include <algorithm>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/ruleset_peer.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

using ::replylint::testing::DefaultRuleset;
using ::replylint::testing::Fires;
using ::replylint::testing::Lint;
using ::replylint::testing::RandomEdit;
using ::replylint::testing::RandomPieces;
using ::replylint::testing::ReadFile;
using ::replylint::testing::RuleIds;
using ::replylint::testing::SourceDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(LintTest, IssueExampleHasThreeFindingsAndARewrite) {
  LintResult r = Lint("不知道，你自己看吧");
  EXPECT_THAT(RuleIds(r), ElementsAre("banned-negative", "rude-phrase", "missing-emoji"));
  EXPECT_EQ(r.rewrite, "我帮您查询一下，我来帮您看一下吧😊");
  EXPECT_EQ(r.score, 0);  // rude-phrase is critical
}

struct Quoted {
  const char* text;
  const char* rule;
  bool fires;
};

TEST(LintTest, SentencesQuotedInTheIssues) {
  const Quoted cases[] = {
      {"我们不行使该项权利", "banned-negative", false},
      {"车辆不行驶时", "banned-negative", false},
      {"这款迷你款", "missing-honorific", false},
      {"如果不行动起来", "banned-negative", false},
      {"不 知 道", "banned-negative", true},
      {"不\u200b知道", "banned-negative", true},
      {"不😊知道", "banned-negative", true},
      {"不知道", "banned-negative", true},
      {"不清楚", "banned-negative", true},
      {"不晓得", "banned-negative", true},
      {"不懂", "banned-negative", true},
      {"不行", "banned-negative", true},
      {"不可以", "banned-negative", true},
      {"我不能", "banned-negative", true},
      {"我不会", "banned-negative", true},
      {"没办法", "banned-negative", true},
      {"办不到", "banned-negative", true},
      {"做不到", "banned-negative", true},
      {"不可能", "banned-negative", true},
      {"不造", "banned-negative", true},
      {"布吉岛", "banned-negative", true},
      {"不行不行", "banned-negative", true},
      {"我不能、我不會、我不可以", "banned-negative", true},
      {"你好", "missing-honorific", true},
      {"你们", "missing-honorific", true},
      {"你的", "missing-honorific", true},
      {"妳", "missing-honorific", true},
      {"嗯嗯", "bare-interjection", true},
      {"啊?", "bare-interjection", true},
      {"哦,好的", "bare-interjection", true},
      {"好的哦", "bare-interjection", false},
      {"是啊", "bare-interjection", false},
      {"你别做梦了", "rude-phrase", true},
      {"爱买不买", "rude-phrase", true},
      {"烦不烦", "rude-phrase", true},
      {"你自己看", "rude-phrase", true},
      {"听不懂吗", "rude-phrase", true},
      {"我说过了", "rude-phrase", true},
      {"不关我的事", "rude-phrase", true},
      {"这不归我们管", "blame-shifting", true},
      {"你去找快递", "blame-shifting", true},
      {"把手机号发过来", "bare-command", true},
      {"请您把手机号发给我好吗", "bare-command", false},
      {"您旳订单", "typo", true},
      {"很抱歉麻煩到您了,我幫您查詢一下,請稍等", "banned-negative", false},
      {"很抱歉麻煩到您了,我幫您查詢一下,請稍等", "missing-honorific", false},
      {"您看这样解决行吗", "banned-negative", false},
      {"对不起,麻烦您了", "missing-honorific", false},
      // ICU's dictionary glues pronouns and particles onto these (我不/清楚, 不行了, 我也没/办法):
      {"我不清楚", "banned-negative", true},
      {"这个我也不清楚", "banned-negative", true},
      {"这个不行了", "banned-negative", true},
      {"我也没办法", "banned-negative", true},
      {"我不可以", "banned-negative", true},
  };
  for (const Quoted& c : cases) {
    EXPECT_EQ(Fires(Lint(c.text), c.rule), c.fires) << c.text << " / " << c.rule;
  }
}

// Every bare run is its own finding, wherever it is; an interjection inside a real clause
// (at its start, middle or end) is not one.
// Findings carry their rule's message template; "{match}" becomes the text as typed at the
// finding's span when the message is written out, as often as the template says it.
TEST(LintTest, MessagesNameTheWordsAsTyped) {
  const std::string text = "這個我不知道";
  LintResult r = Lint(text);
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].rule->id, "banned-negative");
  EXPECT_THAT(MessageOf(r.findings[0], text), ::testing::HasSubstr("“不知道”"));

  const std::string tmpl = "{match}…说“{match}”不好";
  Finding f;
  f.message_template = &tmpl;
  f.begin = 6;
  f.end = 18;
  EXPECT_EQ(MessageOf(f, text), "我不知道…说“我不知道”不好");
  EXPECT_EQ(MessageSize(f, text), MessageOf(f, text).size());
  f.end = f.begin;  // an insertion point: nothing to quote
  EXPECT_EQ(MessageOf(f, text), "…说“”不好");
  EXPECT_EQ(MessageSize(f, text), MessageOf(f, text).size());
  Finding own;  // a message the rule formatted itself
  own.message = "相似度90%";
  EXPECT_EQ(MessageOf(own, text), "相似度90%");
}

TEST(LintTest, EachBareInterjectionRunIsFoundOnce) {
  const std::string text = "嗯嗯，是啊，啊？额度够，好的哦 哦";
  const LintResult r = testing::Lint(text);
  std::vector<std::string> bare;
  for (const Finding& f : r.findings) {
    if (f.rule->id == "bare-interjection") bare.push_back(text.substr(f.begin, f.end - f.begin));
  }
  // Each span also covers the punctuation that joins it to the real clause next to it, which
  // the fix deletes with it (see the next test).
  EXPECT_THAT(bare, ElementsAre("嗯嗯，", "啊？", " 哦"));
}

// Alone, an interjection is replaced by its listed suggestion; next to a real clause it is
// deleted, with the punctuation joining it to that clause. Replacing it there doubled the
// clause after it (哦，好的 became 好的，好的).
TEST(LintTest, ABareInterjectionIsReplacedAloneAndDeletedBesideAClause) {
  struct Case {
    const char* text;
    const char* rewrite;
    const char* named;  // the interjection the message names
  };
  const Case cases[] = {
      {"嗯", "好的😊", "“嗯”"},
      {"嗯嗯😊", "好的😊", "“嗯嗯”"},       // an emoji is not a clause: still a bare reply
      {"哦，好的", "好的😊", "“哦”"},
      {"嗯, 收到", "收到😊", "“嗯”"},        // half-width comma and a space
      {"好的，嗯", "好的😊", "“嗯”"},        // after a clause: the comma before it goes
      {"亲，在的，嗯😊", "亲，在的😊", "“嗯”"},  // ... and the emoji stays
      {"Yes 嗯", "Yes😊", "“嗯”"},           // Latin is a clause too
  };
  for (const auto& [text, rewrite, named] : cases) {
    const LintResult r = Lint(text);
    const Finding* bare = nullptr;
    for (const Finding& f : r.findings) {
      if (f.rule->id == "bare-interjection") bare = &f;
    }
    ASSERT_NE(bare, nullptr) << text;
    EXPECT_THAT(MessageOf(*bare, text), HasSubstr(named)) << text;
    EXPECT_EQ(r.rewrite, rewrite) << text;
  }
}

TEST(LintTest, SpansAreInTheTextAsTypedInAllThreeUnits) {
  const std::string text = "😊您好，不 知 道哦";
  LintResult r = Lint(text);
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.rule->id, "banned-negative");
  EXPECT_EQ(text.substr(f.begin, f.end - f.begin), "不 知 道");
  EXPECT_EQ(f.start.utf8, f.begin);
  EXPECT_EQ(f.start.cp, 4u);      // 😊 您 好 ，
  EXPECT_EQ(f.start.utf16, 5u);   // 😊 is a surrogate pair
  EXPECT_EQ(f.limit.cp, 9u);
  EXPECT_EQ(f.limit.utf16, 10u);
}

TEST(LintTest, TraditionalAndFullWidthDraftsAreFlaggedAtTheirOwnCharacters) {
  const std::string text = "這個我不曉得，妳去問別人";
  LintResult r = Lint(text);
  ASSERT_TRUE(Fires(r, "banned-negative"));
  const Finding& f = r.findings[0];
  EXPECT_EQ(text.substr(f.begin, f.end - f.begin), "我不曉得");  // the longer entry wins
}

// Suggestions are offered in the script the agent writes in, in every rewrite round; a
// Simplified draft with the odd character that also has a Traditional reading stays Simplified.
TEST(LintTest, TraditionalDraftsGetTraditionalSuggestions) {
  LintResult r = Lint("這個我不曉得😊", true);
  ASSERT_TRUE(Fires(r, "banned-negative"));
  EXPECT_EQ(r.findings[0].suggestions[0], "我幫您查詢一下");
  EXPECT_EQ(r.rewrite, "這個我幫您查詢一下，請問還有其他可以幫您的嗎？祝您生活愉快😊");
  EXPECT_EQ(Lint("著名品牌，不知道😊").rewrite, "著名品牌，我帮您查询一下😊");
}

TEST(LintTest, ANotAQuestionsAskAndDoNotRefuse) {
  // 可不可以, 有没有办法: the agent asks the customer, as the guidelines recommend.
  for (const char* q : {"尺寸不对可不可以换呢😊", "请问有没有办法加急呢😊", "請問有沒有辦法加急呢😊",
                        "您清不清楚是哪个型号呢😊", "您看可 不 可 以这样处理呢😊"}) {
    EXPECT_FALSE(Fires(Lint(q), "banned-negative")) << q;
  }
  // The same words as an answer still refuse, also right after the question.
  EXPECT_TRUE(Fires(Lint("不可以换😊"), "banned-negative"));
  LintResult r = Lint("可不可以换？不可以😊");
  ASSERT_THAT(RuleIds(r), ElementsAre("banned-negative"));
  EXPECT_EQ(r.findings[0].start.cp, 6u);
}

TEST(LintTest, ContainedFindingsYieldToTheLongerOne) {
  // 你 (missing-honorific) lies inside 你自己看 (rude-phrase): one finding, one edit.
  LintResult r = Lint("你自己看😊");
  EXPECT_THAT(RuleIds(r), ElementsAre("rude-phrase"));
}

TEST(LintTest, FinalMessageNeedsAClosingLine) {
  EXPECT_FALSE(Fires(Lint("好的，已经处理好了😊", false), "missing-closing"));
  LintResult r = Lint("好的，已经处理好了😊", true);
  ASSERT_TRUE(Fires(r, "missing-closing"));
  EXPECT_EQ(r.rewrite, "好的，已经处理好了，请问还有其他可以帮您的吗？祝您生活愉快😊");
  EXPECT_FALSE(Fires(Lint("好的，祝您生活愉快😊", true), "missing-closing"));
}

// Appended text goes before the message's trailing emoji, whatever the sequence is made of,
// and is joined with ， only to a word.
TEST(LintTest, AppendedClosingLineGoesBeforeTrailingEmoji) {
  const std::string closing = "请问还有其他可以帮您的吗？祝您生活愉快";
  const std::pair<std::string, std::string> cases[] = {
      {"已退款👍👍", "已退款，" + closing + "👍👍"},
      {"已退款 👍🏻 ", "已退款，" + closing + " 👍🏻 "},      // skin tone; spaces stay
      {"已退款👨‍👩‍👧", "已退款，" + closing + "👨‍👩‍👧"},      // ZWJ sequence
      {"已退款1️⃣", "已退款，" + closing + "1️⃣"},           // keycap, digit included
      {"已退款🇨🇳", "已退款，" + closing + "🇨🇳"},           // flag
      {"已退款。😊", "已退款。" + closing + "😊"},         // punctuation: no ，
      {"😊", closing + "😊"},                              // nothing but emoji
      {"已退款2", "已退款2，" + closing + "😊"},           // a digit alone is a word
  };
  for (const auto& [text, rewrite] : cases) {
    const LintResult r = Lint(text, true);
    ASSERT_TRUE(Fires(r, "missing-closing")) << text;
    EXPECT_EQ(r.rewrite, rewrite) << text;
  }
}

// What several rules insert at one place reads as the guidelines order it: greeting, then
// apology; thanks reply, then closing line, then the emoji last.
TEST(LintTest, InsertionsAtOnePlaceKeepTheGuidelinesOrder) {
  const Turn complaint{Turn::Role::kCustomer, "怎么还没到，我要投诉", 0};
  LintInput in;
  in.context = absl::MakeConstSpan(&complaint, 1);
  in.first_agent_turn = true;
  LintResult r;
  in.text = "我帮您查一下物流😊";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite, "亲，您好，非常抱歉给您带来不便，我帮您查一下物流😊");
  // With a greeting typed, the apology goes after it, not before it.
  in.first_agent_turn = false;
  in.text = "您好，我帮您查一下物流😊";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite, "您好，非常抱歉给您带来不便，我帮您查一下物流😊");

  const Turn thanks{Turn::Role::kCustomer, "好的谢谢", 0};
  in.context = absl::MakeConstSpan(&thanks, 1);
  in.final = true;
  in.text = "好的";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite, "好的，不客气，很高兴为您服务，请问还有其他可以帮您的吗？祝您生活愉快😊");
  // After 。 the thanks reply needs no ，, but the closing line after it still does.
  in.text = "好的。";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite, "好的。不客气，很高兴为您服务，请问还有其他可以帮您的吗？祝您生活愉快😊");

  // A goodbye gets a goodbye, which is a closing line too: the closing line is still reported
  // (the draft as typed lacks one) but not inserted a second time.
  const Turn bye{Turn::Role::kCustomer, "好的，拜拜", 0};
  in.context = absl::MakeConstSpan(&bye, 1);
  in.text = "好的";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite, "好的，很高兴为您服务，祝您生活愉快，再见😊");
  EXPECT_THAT(RuleIds(r), ElementsAre("ignored-thanks", "missing-closing", "missing-emoji"));
  EXPECT_THAT(r.findings[1].suggestions, ElementsAre("，请问还有其他可以帮您的吗？祝您生活愉快"));

  // A customer who said they need nothing more is not asked again: the closing line thanks
  // and wishes them well (missing-closing's replies_to list).
  const Turn done{Turn::Role::kCustomer, "没有了，谢谢", 0};
  in.context = absl::MakeConstSpan(&done, 1);
  in.text = "好的";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite, "好的，不客气，很高兴为您服务，感谢您的咨询，祝您生活愉快😊");
  // Their 没有了 about something that went missing is not that.
  const Turn missing{Turn::Role::kCustomer, "优惠券怎么没有了", 0};
  in.context = absl::MakeConstSpan(&missing, 1);
  in.text = "已经帮您补发了";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite, "已经帮您补发了，请问还有其他可以帮您的吗？祝您生活愉快😊");
}

// A replacement can write what an insertion before it would: the curt 干嘛 becomes 您好，请问
// 有什么可以帮您？, a greeting, and 又不是故意的 becomes an apology. The insertion is still
// reported (the draft as typed lacks it) but not made: no 亲，您好，您好，….
TEST(LintTest, AnInsertionIsNotMadeWhenAReplacementAfterItSaysIt) {
  const Turn hello{Turn::Role::kCustomer, "在吗", 0};
  LintInput in;
  in.context = absl::MakeConstSpan(&hello, 1);
  in.first_agent_turn = true;
  LintResult r;
  in.text = "干嘛";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_TRUE(Fires(r, "missing-greeting"));
  EXPECT_EQ(r.rewrite, "您好，请问有什么可以帮您？😊");

  const Turn complaint{Turn::Role::kCustomer, "发错货了，我要投诉", 0};
  in.context = absl::MakeConstSpan(&complaint, 1);
  in.first_agent_turn = false;
  in.text = "我们又不是故意的😊";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_TRUE(Fires(r, "missing-apology"));
  EXPECT_EQ(r.rewrite, "我们非常抱歉给您带来不便😊");
  // After the solution, the apology the replacement writes is moved before it.
  in.text = "已为您补发，我们又不是故意的😊";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite, "我们非常抱歉给您带来不便，已为您补发😊");

  // A replacement before the place does not count: a closing line that 爱买不买's suggestion
  // writes mid-message leaves the final message's closing line to be added at its end.
  in.context = {};
  in.final = true;
  in.text = "爱买不买，那您先试试重启一下设备😊";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite,
            "您可以再考虑一下，有任何问题随时找我，那您先试试重启一下设备，请问还有其他可以帮您的"
            "吗？祝您生活愉快😊");
}

// After a complaint the guidelines put the apology before the solution (查明原因→道歉→安抚→
// 提供解决方案). An apology typed after it is moved: its clause is inserted where a missing
// apology would go and deleted where it was, and what else the draft breaks is still fixed.
TEST(LintTest, AnApologyAfterTheSolutionIsMovedBeforeIt) {
  const Turn complaint{Turn::Role::kCustomer, "发错货了，我要投诉", 0};
  LintInput in;
  in.context = absl::MakeConstSpan(&complaint, 1);
  LintResult r;
  auto apology_findings = [&] {
    std::vector<std::string> typed;  // what each finding covers, and its fix
    for (const Finding& f : r.findings) {
      if (f.rule->id != "missing-apology") continue;
      typed.push_back(absl::StrCat(MatchedText(f, in.text), "=>", f.suggestions[0]));
    }
    return typed;
  };

  in.text = "您好，已为您补发，非常抱歉给你带来不便😊";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_THAT(apology_findings(), ElementsAre("=>非常抱歉给你带来不便，", "，非常抱歉给你带来不便=>"));
  EXPECT_EQ(r.findings[0].begin, std::string("您好，").size());  // after the greeting
  // The deletion is marked as the second half of the move: one violation, not two.
  std::vector<bool> moved;
  for (const Finding& f : r.findings) {
    if (f.rule->id == "missing-apology") moved.push_back(f.moved);
  }
  EXPECT_THAT(moved, ElementsAre(false, true));
  // The moved clause's 你 is fixed in the rewrite all the same.
  EXPECT_EQ(r.rewrite, "您好，非常抱歉给您带来不便，已为您补发😊");
  EXPECT_LT(r.score, 100);

  // A clause after the apology stays where it is, and so do sentence ends and line breaks.
  in.text = "马上为您加急。\n实在抱歉！请您耐心等待😊";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite, "实在抱歉，马上为您加急！请您耐心等待😊");
  in.text = "馬上為您補發，很抱歉";  // Traditional: the clause moves as typed
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite, "很抱歉，馬上為您補發😊");

  // Not moved: the apology comes first; the cause is explained before it (查明原因 comes
  // first in the guidelines too); the solution and the apology share a clause; or there was
  // no complaint.
  for (const char* fine : {"非常抱歉，已为您补发😊", "经查询是仓库发错了，非常抱歉，马上为您补发😊",
                           "我帮您查询一下，很抱歉让您久等了😊", "已为您补发并向您致歉😊"}) {
    in.text = fine;
    ASSERT_OK(DefaultRuleset().Lint(in, &r));
    EXPECT_THAT(apology_findings(), ::testing::IsEmpty()) << fine;
    EXPECT_EQ(r.rewrite, fine);
  }
  in.context = {};
  in.text = "已为您补发，非常抱歉😊";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_THAT(apology_findings(), ::testing::IsEmpty());
}

// A suggestion that opens with a subject (我帮您查询一下, 我们一起想想办法) drops it when
// the draft already says one right before the words replaced, so the rewrite does not read
// 这个我们我们一起想想办法; the suggestion shown still reads alone.
TEST(LintTest, SuggestionsDoNotRepeatTheSubjectTyped) {
  struct Case {
    const char* draft;
    const char* suggestion;
    const char* rewrite;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"这个我们没办法😊", "一起想想办法", "这个我们一起想想办法😊"},
           {"我们这边不知道😊", "帮您查询一下", "我们这边帮您查询一下😊"},
           {"我們這邊不知道😊", "幫您查詢一下", "我們這邊幫您查詢一下😊"},
           // 也 only strengthened the refusal: it goes with it.
           {"咱们也做不了主😊", "帮您向主管申请一下", "咱们帮您向主管申请一下😊"},
           // No subject before the words: the suggestion keeps its own.
           {"这个没办法😊", "我们一起想想办法", "这个我们一起想想办法😊"},
           {"这事儿不知道😊", "我帮您查询一下", "这事儿我帮您查询一下😊"},
       }) {
    const LintResult r = Lint(c.draft);
    ASSERT_EQ(r.findings.size(), 1u) << c.draft;
    EXPECT_EQ(r.findings[0].suggestions[0], c.suggestion) << c.draft;
    EXPECT_EQ(r.rewrite, c.rewrite) << c.draft;
  }
}

// A sentence in the agent's voice that replaces a refusal after a condition or a topic of
// the clause is a clause of its own: 签收了我帮您看看售后方案 read as one run-on clause.
// The suggestion carries the comma, so a client that applies it alone gets it too.
TEST(LintTest, ASentenceAfterTheClausesTopicGetsAComma) {
  struct Case {
    const char* draft;
    const char* rewrite;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"签收了就不能退了😊", "签收了，我帮您看看售后方案😊"},
           {"超过七天就不行了😊", "超过七天，我这边帮您想想其他办法😊"},
           {"周末的话不行😊", "周末的话，我这边帮您想想其他办法😊"},
           {"亲不行哦😊", "亲，我这边帮您想想其他办法哦😊"},
           // A short thing pointed at reads well without one.
           {"这个不行😊", "这个我这边帮您想想其他办法😊"},
           {"这事儿不知道😊", "这事儿我帮您查询一下😊"},
           // Words that lead into the sentence, and a subject the draft typed, take none.
           {"那我也不知道😊", "那我帮您查询一下😊"},
           {"所以没办法😊", "所以我们一起想想办法😊"},
           {"这种情况我们也没办法😊", "这种情况我们一起想想办法😊"},
           // The draft parted them already.
           {"签收了 不能退😊", "签收了 我帮您看看售后方案😊"},
           {"签收了，不能退😊", "签收了，我帮您看看售后方案😊"},
           // An opinion opening the clause goes with the refusal it introduced.
           {"我觉得这不行😊", "我这边帮您想想其他办法😊"},
           {"我觉得这个不行😊", "我这边帮您想想其他办法😊"},
           {"我觉得不行😊", "我这边帮您想想其他办法😊"},
           // Any sentence with its own subject, not only the agent's: 亲可能是我没有….
           {"亲系咪傻😊", "亲，可能是我没有解释清楚，我再为您说明一下😊"},
           {"签收了又不是故意的😊", "签收了，非常抱歉给您带来不便😊"},
           // The agent as the subject before it takes none.
           {"我们又不是故意的😊", "我们非常抱歉给您带来不便😊"},
           // A modal with no customer named goes with the words that send them away.
           {"您这个情况要找售后😊", "您这个情况，我帮您联系售后同事处理😊"},
       }) {
    const LintResult r = Lint(c.draft);
    EXPECT_EQ(r.rewrite, c.rewrite) << c.draft;
  }
  // The comma is the suggestion's, and a repeat after it is still a repeat.
  const LintResult r = Lint("签收了不能退😊");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].suggestions[0], "，我帮您看看售后方案");
  EXPECT_EQ(Lint("不知道不知道😊").rewrite, "我帮您查询一下😊");
}

// Two findings of one reply can suggest the same clause. Both are reported, each with its
// suggestion, but the rewrite says it once, with the punctuation between dropped.
TEST(LintTest, TheRewriteSaysARepeatedSuggestionOnce) {
  struct Case {
    const char* draft;
    const char* rewrite;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"你听不懂吗？我都说了三遍了😊", "可能是我没有解释清楚，我再为您说明一下。😊"},
           {"你听不懂吗，我都说了三遍了，您再看看😊",
            "可能是我没有解释清楚，我再为您说明一下，您再看看😊"},
           // Words left out of the second (详细) still make it a repeat.
           {"你不知道吗？我都说过了😊", "我再为您详细说明一下。😊"},
           // Words between the two findings: each suggestion stays where it was.
           {"你听不懂吗？订单号都给你了，我都说了三遍了😊",
            "可能是我没有解释清楚，我再为您说明一下。订单号都给您了，我再为您说明一下😊"},
       }) {
    const LintResult r = Lint(c.draft);
    EXPECT_EQ(std::count_if(r.findings.begin(), r.findings.end(),
                            [](const Finding& f) { return f.rule->id == "rude-phrase"; }),
              2)
        << c.draft;
    EXPECT_EQ(r.rewrite, c.rewrite) << c.draft;
  }
}

// Whether suggestions are offered in Traditional is the draft's call. A draft with few
// Traditional forms among shared characters and no Simplified one (多謝您的支持…) is
// Traditional; one that mixes both scripts (多謝…欢迎再来) is settled by the customer's last
// turn, so an inserted greeting matches both.
TEST(LintTest, AFewTraditionalCharactersFollowTheCustomersScript) {
  const std::string mixed = "多謝您的支持，祝您生活愉快，欢迎再来😊";
  for (const auto& [customer, greeting] : std::initializer_list<std::pair<const char*, const char*>>{
           {"謝謝", "親，您好，"}, {"谢谢", "亲，您好，"}}) {
    const Turn turn{Turn::Role::kCustomer, customer, 0};
    LintInput in;
    in.text = mixed;
    in.context = absl::MakeConstSpan(&turn, 1);
    in.first_agent_turn = true;
    LintResult r;
    ASSERT_OK(DefaultRuleset().Lint(in, &r));
    EXPECT_EQ(r.rewrite, greeting + mixed) << customer;
  }
  // Without context the draft alone decides: mixed, it stays Simplified.
  LintInput in;
  in.text = mixed;
  in.first_agent_turn = true;
  LintResult r;
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite, "亲，您好，" + mixed);
  // Traditional forms and no Simplified one: Traditional however few they are.
  in.text = "多謝您的支持，祝您生活愉快😊";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_EQ(r.rewrite, "親，您好，多謝您的支持，祝您生活愉快😊");
  EXPECT_EQ(Lint("這個我不曉得").rewrite, "這個我幫您查詢一下😊");
  EXPECT_EQ(Lint("不好意思，超過七天了，退不了").rewrite,
            "不好意思，超過七天了，我幫您看看售後方案😊");
  // One Traditional form in a Simplified draft (a slip of the keyboard) stays Simplified.
  EXPECT_EQ(Lint("这个已經超过七天了，退不了").rewrite, "这个已經超过七天了，我帮您看看售后方案😊");
}

// One finding per draft, on `matched`, and the whole rewrite.
struct SpanCase {
  const char* draft;
  const char* matched;
  const char* rewrite;
};
void ExpectOneFindingAndRewrite(std::initializer_list<SpanCase> cases) {
  for (const SpanCase& c : cases) {
    const LintResult r = Lint(c.draft);
    ASSERT_EQ(r.findings.size(), 1u) << c.draft;
    const Finding& f = r.findings[0];
    EXPECT_EQ(std::string(c.draft).substr(f.begin, f.end - f.begin), c.matched) << c.draft;
    EXPECT_EQ(r.rewrite, c.rewrite) << c.draft;
  }
}

// An adverb that only strengthens or hedges the negative replaced (真, 也, 根本, 可能 …) is
// replaced with it, and the finding's span shows it: 这个我真不清楚 must not become
// 这个我真我帮您确认一下. An adverb that is part of another word (果真, indeed) stays, and
// so does a word before a match that holds no negation (还 in 还你钱 is the verb "pay back").
TEST(LintTest, IntensifiersGoWithTheNegativeTheyStrengthen) {
  ExpectOneFindingAndRewrite({
      {"这个我真不清楚😊", "真不清楚", "这个我帮您确认一下😊"},
      {"这个也不行😊", "也不行", "这个我这边帮您想想其他办法😊"},
      {"我也真的不知道😊", "也真的不知道", "我帮您查询一下😊"},
      {"這個我真不清楚😊", "真不清楚", "這個我幫您確認一下😊"},
      {"这个真 不 行😊", "真 不 行", "这个我这边帮您想想其他办法😊"},
      {"果真不知道😊", "不知道", "果真，我帮您查询一下😊"},
      {"我们会还你钱😊", "你", "我们会还您钱😊"},
      // So does an adverb that hedges it: 可能我这边帮您想想… read as a guess.
      {"可能不行😊", "可能不行", "我这边帮您想想其他办法😊"},
      {"这个估计退不了😊", "估计退不了", "这个我帮您看看售后方案😊"},
  });
}

// A particle that belonged to the refusal goes with it; a last softener (哦 呢 呀 哈) stays,
// since it reads as well after the suggestion; a 的 that starts a longer word stays too.
TEST(LintTest, ParticlesGoWithTheNegativeTheyEnd) {
  ExpectOneFindingAndRewrite({
      {"我不知道耶😊", "我不知道耶", "我帮您查询一下😊"},
      {"这个不行的哦😊", "不行的", "这个我这边帮您想想其他办法哦😊"},
      {"这个没办法啦，亲😊", "没办法啦", "这个我们一起想想办法，亲😊"},
      {"我不知道啊，您问问快递😊", "我不知道啊", "我帮您查询一下，您问问快递😊"},
      {"这个不 行 了😊", "不 行 了", "这个我这边帮您想想其他办法😊"},
      {"我也不清楚哈😊", "我也不清楚", "我帮您确认一下哈😊"},
      {"没办法的事😊", "没办法", "暂时无法的事😊"},  // mid-clause: not at-end
      {"是我门的😊", "我门", "是我们的😊"},
      // A 吗 makes the negative a retort, which the suggestion answers.
      {"这个都不知道吗😊", "这个都不知道吗", "我来为您详细说明一下😊"},
  });
  // 不知道 opening a question to the customer is "I wonder", not "I don't know".
  EXPECT_THAT(RuleIds(Lint("亲，您的订单已经发货了，不知道还有什么问题吗😊")), ::testing::IsEmpty());
}

// A suggestion that ends with the words the draft goes on with takes them along:
// 你自己对照|一下 with 我帮您对照一下 read 我帮您对照一下一下.
TEST(LintTest, SuggestionsDoNotRepeatTheWordsThatFollow) {
  ExpectOneFindingAndRewrite({
      {"你自己对照一下吧😊", "你自己对照一下", "我帮您对照一下吧😊"},
      {"你自己对照😊", "你自己对照", "我帮您对照一下😊"},
  });
}

// Two matches that touch are replaced by two clauses, not one run-on sentence.
TEST(LintTest, TouchingReplacementsAreTwoClauses) {
  EXPECT_EQ(Lint("不知道你问快递吧😊").rewrite, "我帮您查询一下，我帮您联系快递核实吧😊");
  // An insertion's comma, chosen against the draft as typed, is dropped after a replacement
  // that ends in its own mark: not 您看这样可以吗？，请问….
  EXPECT_EQ(Lint("就这样吧😊", /*final=*/true).rewrite,
            "您看这样可以吗？请问还有其他可以帮您的吗？祝您生活愉快😊");
  // A word-for-word replacement (你 → 您) runs on as the draft did.
  EXPECT_EQ(Lint("你不知道怎么操作的话，我来教您😊").rewrite, "您不知道怎么操作的话，我来教您😊");
}

// A suggestion that opens with the customer (您别着急…) takes the draft's 你 along, as one in
// the agent's voice does: 你别催了 read 您您别着急 once missing-honorific had its 你.
TEST(LintTest, SuggestionsAddressingTheCustomerTakeTheirYou) {
  ExpectOneFindingAndRewrite({
      {"你别催了😊", "你别催了", "您别着急，我马上为您处理😊"},
      {"你就别催了😊", "你就别催了", "您别着急，我马上为您处理😊"},
      // An admission with its own subject too: 您是不是傻 read 您可能是我没有解释清楚….
      {"您是不是傻😊", "您是不是傻", "可能是我没有解释清楚，我再为您说明一下😊"},
      // A question to them (请问…) names them itself: 你订单号多少 read 您请问您的订单号….
      {"你订单号多少😊", "你订单号多少", "请问您的订单号是多少呢😊"},
  });
}

// A pattern's \1 in a suggestion is what the agent typed (case, width, script), without the
// spaces the compact view drops between Han characters.
TEST(LintTest, PatternGroupsInSuggestionsKeepTheTypedCharacters) {
  for (const auto& [draft, suggestion] : std::initializer_list<std::pair<const char*, const char*>>{
           {"把Order号发过来😊", "请您把Order号发给我好吗"},
           {"把ＩＤ发过来😊", "请您把ＩＤ发给我好吗"},
           {"把 订单 号发过来😊", "请您把订单号发给我好吗"},
           {"把訂單號發過來😊", "請您把訂單號發給我好嗎"},
       }) {
    const LintResult r = Lint(draft);
    ASSERT_EQ(r.findings.size(), 1u) << draft;
    ASSERT_FALSE(r.findings[0].suggestions.empty()) << draft;
    EXPECT_EQ(r.findings[0].suggestions[0], suggestion) << draft;
  }
}

// canned-repeat's figure is the Dice coefficient of character bigrams, punctuation, spacing,
// sentence-final particles and 亲 ignored: 您的问题我们已经记录会尽快处理 (15 characters, 14
// bigrams) resent with 完 added has 15 bigrams, 14 of them shared: 2 * 14 / (15 + 14) = 97%;
// resent with 哦 added it is the same reply (100%). Below the threshold (90%) nothing is said.
TEST(LintTest, CannedRepeatReportsTheBigramSimilarity) {
  const Turn turns[] = {{Turn::Role::kAgent, "亲，您的问题我们已经记录，会尽快处理😊", 0},
                        {Turn::Role::kCustomer, "到底什么时候处理", 0}};
  LintInput in;
  in.context = turns;
  LintResult r;
  auto canned = [&r]() -> const Finding& {
    return *std::find_if(r.findings.begin(), r.findings.end(),
                         [](const Finding& x) { return x.rule->id == "canned-repeat"; });
  };
  in.text = "亲 您的问题我们已经记录 会尽快处理哦😊";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  ASSERT_TRUE(Fires(r, "canned-repeat"));
  EXPECT_THAT(MessageOf(canned(), in.text), HasSubstr("相似度100%"));
  in.text = "亲，您的问题我们已经记录，会尽快处理完😊";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  ASSERT_TRUE(Fires(r, "canned-repeat"));
  const Finding& f = canned();
  EXPECT_THAT(MessageOf(f, in.text), HasSubstr("相似度97%"));
  EXPECT_TRUE(f.suggestions.empty());  // advice only: only the agent can adapt it
  EXPECT_EQ(r.rewrite, in.text);       // and the rewrite leaves it as typed
  // Half of it rewritten: 7 of the 14 bigrams shared (52%), far below 90%.
  in.text = "亲，您的问题我们已经转给技术同事了😊";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_FALSE(Fires(r, "canned-repeat"));
}

// An exclusion pattern (unless-re) reads the whole clause of a match, also its first
// character after a comma: 请/麻烦/可以把 before a 把…告诉我 make it a request, not a command.
// (The clause once began one character late after a one-byte comma.)
TEST(LintTest, ExclusionPatternSeesTheWholeClauseAfterAComma) {
  for (const char* polite : {"不确定尺码的话，请把身高体重告诉我😊", "不确定尺码的话,请把身高体重告诉我😊",
                             "不确定尺码的话。麻烦把身高体重告诉我😊",
                             "不确定尺码的话，可以把身高体重告诉我😊"}) {
    EXPECT_FALSE(Fires(Lint(polite), "bare-command")) << polite;
  }
  // The same command without them, after the same comma, still is one.
  EXPECT_TRUE(Fires(Lint("不确定尺码的话，把身高体重告诉我😊"), "bare-command"));
}

// An agent repeating the customer's words or a page's (after 说, 写着, 显示 …, in quotes) is
// not speaking them; the same words outside such a quote still are.
TEST(LintTest, ReportedSpeechInQuotesIsNotTheAgents) {
  for (const char* quoted : {
           "您说的“你们发错货了”我已经记录了😊", "您說的「你們發錯貨了」我已經記錄了😊",
           "您刚才说＂不知道怎么用＂，我来教您😊", "页面上写着：『不可以退换』，我帮您确认一下😊"}) {
    const LintResult r = Lint(quoted);
    EXPECT_FALSE(Fires(r, "missing-honorific") || Fires(r, "banned-negative")) << quoted;
  }
  for (const char* spoken : {
           "“不知道”😊",                       // no word of reporting: the customer reads it
           "他说\"好\"，不知道😊",            // the quote closed before the match
           "您说的“好”，你们自己看说明书😊"}) {  // likewise, with curly quotes
    const LintResult r = Lint(spoken);
    EXPECT_TRUE(Fires(r, "banned-negative") || Fires(r, "rude-phrase")) << spoken;
  }
}

// The lines of tests/data/NAME that are neither empty nor # comments.
std::vector<std::string> DataLines(const std::string& name) {
  std::istringstream in(ReadFile(SourceDir() + "/tests/data/" + name));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

// The other half of that promise: retorts agents really type are caught for what they say
// (not just for a 你 or a missing emoji), and the rewrite offered in their place is itself
// clean, so the agent is not handed a garbled or still-rude reply.
TEST(LintTest, RetortsAreFlaggedAndRewrittenClean) {
  int checked = 0;
  for (const std::string& line : DataLines("retorts.txt")) {
    const LintResult r = Lint(line);
    std::vector<std::string> content;
    for (const std::string& id : RuleIds(r)) {
      if (id != "missing-emoji" && id != "missing-honorific") content.push_back(id);
    }
    EXPECT_FALSE(content.empty()) << line;
    const LintResult again = Lint(r.rewrite);
    EXPECT_THAT(RuleIds(again), ::testing::IsEmpty()) << line << " => " << r.rewrite;
    ++checked;
  }
  EXPECT_GE(checked, 80);
}

// False alarms cost trust: ordinary replies that use 不, 没, 你-like characters, 处理 or
// 解决 in their plain senses (不影响使用, 不起球, 没有蓝色的, 不用担心) must come back clean.
TEST(LintTest, OrdinaryRepliesAreClean) {
  int checked = 0;
  for (const std::string& line : DataLines("ordinary-replies.txt")) {
    const LintResult r = Lint(line);
    EXPECT_THAT(RuleIds(r), ::testing::IsEmpty()) << line;
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

TEST(LintTest, ScoreDeductsOncePerRuleAndCriticalFails) {
  // missing-honorific (5) twice + missing-emoji (3): 100 - 5 - 3.
  EXPECT_EQ(Lint("你好，你的订单已发货").score, 92);
  EXPECT_EQ(Lint("您好，您的订单已发货😊").score, 100);
  EXPECT_EQ(Lint("爱买不买😊").score, 0);
}

TEST(LintTest, DisabledRulesAreSkipped) {
  const std::string text = "不知道";
  const std::vector<std::string> disabled = {"missing-emoji"};
  LintInput in;
  in.text = text;
  in.disabled_rules = disabled;
  LintResult r;
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_THAT(RuleIds(r), ElementsAre("banned-negative"));
}

TEST(LintTest, TooLongAnswerGetsSplitPoints) {
  std::string text;
  for (int i = 0; i < 12; ++i) text += "您的订单已经在处理中了，";  // 12 * 12 = 144 chars
  text += "😊";
  LintResult r = Lint(text);
  ASSERT_TRUE(Fires(r, "too-long"));
  LintResult again = Lint(r.rewrite);
  EXPECT_FALSE(Fires(again, "too-long")) << r.rewrite;
  // The break replaces a comma: no message ends in a dangling ，. Each piece is a message of
  // its own, so the first gets the emoji the guidelines want in every message.
  EXPECT_EQ(r.rewrite.find("，\n"), std::string::npos) << r.rewrite;
  EXPECT_NE(r.rewrite.find("了😊\n您"), std::string::npos) << r.rewrite;
  for (absl::string_view piece : absl::StrSplit(r.rewrite, '\n')) {
    EXPECT_TRUE(absl::StrContains(piece, "😊")) << piece;
  }
}

TEST(LintTest, SplitPieceWithAnEmojiOrCodeGetsNoOther) {
  std::string text = "[微笑]";
  for (int i = 0; i < 12; ++i) text += "您的订单已经在处理中了，";
  LintResult r = Lint(text + "😊");
  ASSERT_TRUE(Fires(r, "too-long"));
  EXPECT_EQ(r.rewrite.find("😊\n"), std::string::npos) << r.rewrite;
  // A sentence ending at the 100th character would make a piece of 101 with the emoji: the
  // split leaves room for it.
  text = "";
  for (int i = 0; i < 8; ++i) text += "您的订单已经在处理中了，";  // 96
  text += "请等待。谢谢您的耐心😊";                                // 。 is the 100th
  r = Lint(text);
  ASSERT_TRUE(Fires(r, "too-long"));
  LintResult again = Lint(r.rewrite);
  EXPECT_FALSE(Fires(again, "too-long")) << r.rewrite;
}

// Each piece of a split answer is a message, so each gets an emoji: the last one too when
// the draft's only emoji opens it. A draft with none gets one at its end from missing-emoji
// alone, and a final message's closing line goes before it.
TEST(LintTest, EveryPieceOfASplitAnswerEndsWithAnEmoji) {
  auto pieces = [](const std::string& rewrite) -> std::vector<std::string> {
    return absl::StrSplit(rewrite, '\n');
  };
  std::string body;
  for (int i = 0; i < 12; ++i) body += "您的订单已经在处理中了，";
  body += "请耐心等待。";
  for (const std::string& text : {"😊" + body, body, "[微笑]" + body}) {
    const LintResult r = Lint(text);
    ASSERT_TRUE(Fires(r, "too-long")) << text;
    const std::vector<std::string> lines = pieces(r.rewrite);
    ASSERT_GE(lines.size(), 2u) << r.rewrite;
    for (const std::string& line : lines) {
      EXPECT_TRUE(absl::StrContains(line, "😊") || absl::StrContains(line, "[微笑]"))
          << "a piece without an emoji: " << line;
    }
    EXPECT_TRUE(absl::EndsWith(r.rewrite, "请耐心等待。😊")) << r.rewrite;
    // One emoji at the end, from one rule.
    EXPECT_FALSE(absl::EndsWith(r.rewrite, "😊😊")) << r.rewrite;
    EXPECT_NE(Fires(r, "missing-emoji"), text != body) << text;
  }
  const LintResult final = Lint("😊" + body, /*final=*/true);
  EXPECT_TRUE(absl::EndsWith(final.rewrite, "祝您生活愉快😊")) << final.rewrite;
}

TEST(LintTest, TooLongAnswerIsSplitAfterASentenceWhenOneEndsLateEnough) {
  std::string first, rest;
  for (int i = 0; i < 5; ++i) first += "您的订单已经在处理中了，";  // 60 chars
  first += "请您耐心等待。";                                         // 67
  for (int i = 0; i < 5; ++i) rest += "仓库会尽快为您安排发货，";    // 60 more
  const LintResult r = Lint(first + rest + "😊");
  ASSERT_TRUE(Fires(r, "too-long"));
  // After 。 (kept), not at the later commas within the limit.
  EXPECT_EQ(r.rewrite.substr(0, first.size() + 5), first + "😊\n") << r.rewrite;
  // A sentence end in the first half of the piece would leave a stub message: a comma wins.
  const LintResult early = Lint("好的。" + rest + rest + "😊");
  ASSERT_TRUE(Fires(early, "too-long"));
  EXPECT_EQ(early.rewrite.find("好的。😊\n"), std::string::npos) << early.rewrite;
  EXPECT_NE(early.rewrite.find("发货😊\n仓库"), std::string::npos) << early.rewrite;
}

// With no punctuation to split at, the split falls between words, not inside one: 14
// characters repeated 9 times put the 100th character in the middle of 查收.
TEST(LintTest, TooLongAnswerWithoutPunctuationIsSplitBetweenWords) {
  std::string text = "亲您好";
  for (int i = 0; i < 9; ++i) text += "您的订单已经发货了请注意查收";
  const LintResult r = Lint(text + "😊");
  ASSERT_TRUE(Fires(r, "too-long"));
  EXPECT_EQ(r.rewrite.find("查😊\n收"), std::string::npos) << r.rewrite;
  EXPECT_NE(r.rewrite.find("注意😊\n查收"), std::string::npos) << r.rewrite;
  // Each message is still within the limit.
  const size_t cut = r.rewrite.find('\n');
  EXPECT_LE(CountCodePoints(absl::string_view(r.rewrite).substr(0, cut)), 100u);
}

TEST(LintTest, BadInputIsAnErrorOrEmpty) {
  LintResult r;
  LintInput in;
  const std::string bad("不知\xFF道", 7);
  in.text = bad;
  absl::Status st = DefaultRuleset().Lint(in, &r);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), ::testing::HasSubstr("offset 6"));

  in.text = "";
  ASSERT_OK(DefaultRuleset().Lint(in, &r));
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.score, 100);
}

TEST(LintTest, HugeAndHostileDraftsDoNotCrash) {
  std::string huge;
  for (int i = 0; i < 20000; ++i) huge += "不 知 道你😊\u200b";
  LintResult r = Lint(huge);
  EXPECT_GT(r.findings.size(), 1000u);
  std::string symbols(100000, '*');
  EXPECT_TRUE(Lint(symbols).findings.size() >= 1);  // too-long at least
  std::string zw;
  for (int i = 0; i < 10000; ++i) zw += "\u200b";
  LintResult z = Lint(zw);
  EXPECT_TRUE(Fires(z, "missing-emoji"));
}


// A rewrite round re-lints the draft with its suggestions applied and keeps the work done on
// the text before the first edit (Ruleset::Collect's `unchanged`). What it finds must be what
// linting the edited text from scratch finds, wherever the edit is and whatever it creates:
// a banned word completed across the edit, a gap that compact now drops, an emoji added.
TEST(LintTest, RewriteRoundsFindWhatAFreshLintFinds) {
  const std::pair<const char*, const char*> edits[] = {
      {"好的，我不", "好的，我不知道"},          // the edit completes a banned word
      {"好的，我不知道", "好的，我不"},          // ... or cuts one short
      {"亲，这个我不 知", "亲，这个我不 知道"},   // completed across a gap compact drops
      {"请问还有其他可以帮您的吗？祝您生活", "请问还有其他可以帮您的吗？祝您生活愉快"},
      {"您好", "您好😊"},                        // the emoji round
      {"嗯", "嗯😊"},                            // a bare interjection gains an emoji
      {"你自己看吧", "您自己看吧"},              // an edit at the start
      {"好的，你自己看吧😊", "好的，我来帮您看一下吧😊"},
      {"亲，请稍等", "亲，请稍等，我帮您查一下"},
  };
  LintInput in;
  for (const auto& [before, after] : edits) {
    const auto [reused, fresh] =
        RulesetPeer::CollectReusedAndFresh(DefaultRuleset(), in, before, after);
    EXPECT_EQ(reused, fresh) << before << " -> " << after;
  }
}

TEST(LintTest, RewriteRoundsAgreeOnRandomEdits) {
  // Words from the bundled lexicons and their near misses, evasions, emoji and punctuation,
  // so that random edits keep making and breaking matches on both sides of the edit.
  const char* pieces[] = {"不", "知道", "不行", "你", "您", "嗯", "吧", "抱歉", "好的", "使",
                          "自己看", " ", "\u200b", "*", "😊", "，", "。", "？", "\n", "谢谢",
                          "祝您生活愉快", "请问还有其他可以帮您的吗", "迷你", "們", "ok"};
  std::mt19937 rng(20261130);
  LintInput in;
  for (int round = 0; round < 2000; ++round) {
    const std::string before = RandomPieces(rng, pieces, 10);
    const std::string after = RandomEdit(rng, pieces, before, 4);
    if (after.empty()) continue;
    const auto [reused, fresh] =
        RulesetPeer::CollectReusedAndFresh(DefaultRuleset(), in, before, after);
    ASSERT_EQ(reused, fresh) << before << " -> " << after;
  }
}

}  // namespace
}  // namespace replylint
