#include "rules/segmenter.h"

#include "gtest/gtest.h"

namespace replylint {
namespace {

bool Aligns(const std::string& text, const std::string& word) {
  const size_t b = text.find(word);
  EXPECT_NE(b, std::string::npos) << word << " not in " << text;
  WordCache cache;
  return Segmenter::AlignsWithWords(text, b, b + word.size(), &cache);
}

TEST(SegmenterTest, RejectsMatchesThatStraddleWords) {
  EXPECT_FALSE(Aligns("我们不行使该项权利", "不行"));
  EXPECT_FALSE(Aligns("车辆不行驶时", "不行"));
  EXPECT_FALSE(Aligns("这款迷你款", "你"));
}

TEST(SegmenterTest, AcceptsWholeWords) {
  EXPECT_TRUE(Aligns("嗯，哦，这个不行", "不行"));
  EXPECT_TRUE(Aligns("我不知道啊", "不知道"));
  EXPECT_TRUE(Aligns("不知道,你自己看吧", "你自己看"));
  EXPECT_TRUE(Aligns("这个不归我们管", "不归我们管"));
}

TEST(SegmenterTest, LatinAndDigitExpressionsMatchWholeRunsOnly) {
  EXPECT_FALSE(Aligns("订单号abzd123", "bzd"));
  EXPECT_FALSE(Aligns("bzdx型号", "bzd"));
  EXPECT_FALSE(Aligns("订单1888123", "88"));
  EXPECT_TRUE(Aligns("这个我bzd", "bzd"));
  EXPECT_TRUE(Aligns("bzd，您再问问", "bzd"));
  EXPECT_TRUE(Aligns("好的88", "88"));
  EXPECT_TRUE(Aligns("ok thx", "thx"));
  EXPECT_TRUE(Segmenter::CutsAsciiWord("a1b", 1, 2));
  EXPECT_FALSE(Segmenter::CutsAsciiWord("a-b", 2, 3));
  EXPECT_FALSE(Segmenter::CutsAsciiWord("不a", 0, 3));  // Han next to Latin: a boundary
}

TEST(SegmenterTest, KnownDictionaryMistakeIsVisible) {
  // ICU segments 如果不行动起来 as 如果/不行/动起来: the match aligns, which is why lexicon
  // entries carry `unless: 行动` (tested in lint_test).
  EXPECT_TRUE(Aligns("如果不行动起来", "不行"));
}

TEST(SegmenterTest, CacheIsReusedWithinAWindowAndResetAcrossTexts) {
  WordCache cache;
  const std::string a = "我们不行使该项权利";
  const size_t b = a.find("不行");
  EXPECT_FALSE(Segmenter::AlignsWithWords(a, b, b + 6, &cache));
  const size_t w = a.find("权利");
  EXPECT_TRUE(Segmenter::AlignsWithWords(a, w, w + 6, &cache));
  const std::string other = "这个不行";
  EXPECT_TRUE(Segmenter::AlignsWithWords(other, 6, 12, &cache));
}

TEST(SegmenterTest, BoundariesCoverTheText) {
  const std::string t = "你好世界";
  auto b = Segmenter::Boundaries(t);
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(b.front(), 0u);
  EXPECT_EQ(b.back(), t.size());
}

// ICU's answers are remembered per window text (segmenter.cc): the same clause at another
// place, in another draft, must give the same words at its own offsets, and a different
// clause of the same length must not get the remembered answer.
TEST(SegmenterTest, RememberedWindowsGiveTheSameWordsAtTheirOwnOffsets) {
  const std::string clause = "我们不行使这项权利";
  const std::vector<uint32_t> alone = Segmenter::Boundaries(clause);
  ASSERT_GT(alone.size(), 2u);
  for (const std::string& prefix : {std::string("好的，"), std::string("ok "), std::string()}) {
    WordCache cache;
    const std::string text = prefix + clause + "。";
    const size_t at = prefix.size() + std::string("我们不").size();
    // 行使 is a word here, so 不行 straddles it: rejected, wherever the clause is.
    EXPECT_FALSE(Segmenter::AlignsWithWords(text, at - 3, at + 3, &cache)) << text;
  }
  const std::string other = "我们不行，这项权利";
  EXPECT_NE(Segmenter::Boundaries(other), alone);
}

}  // namespace
}  // namespace replylint
