#include "rules/normalizer.h"

#include "gtest/gtest.h"

namespace replylint {
namespace {

std::string OriginalOf(const std::string& text, const NormalizedView& v, size_t b, size_t e) {
  uint32_t ob, oe;
  v.ToOriginal(b, e, &ob, &oe);
  return text.substr(ob, oe - ob);
}

TEST(NormalizerTest, FoldsWidthCaseAndTraditional) {
  const Normalizer& n = Normalizer::Default();
  EXPECT_EQ(n.Fold("ＡＢＣ１２３"), "abc123");
  EXPECT_EQ(n.Fold("這個我不知道，妳別做夢了"), "这个我不知道,妳别做梦了");
  EXPECT_EQ(n.Fold("沒辦法"), "没办法");
  EXPECT_EQ(n.Fold("我不會"), "我不会");
  EXPECT_EQ(n.Fold("【微笑】"), "[微笑]");
  EXPECT_EQ(n.Fold("著名"), "著名");  // not folded to 着: it is Simplified too
}

TEST(NormalizerTest, CompactDropsEvasionBetweenHanOnly) {
  const Normalizer& n = Normalizer::Default();
  struct Case {
    const char* in;
    const char* compact;
  } cases[] = {
      {"不 知 道", "不知道"},
      {"不\u200b知道", "不知道"},
      {"不😊知道", "不知道"},
      {"不*知-道", "不知道"},
      {"不　知道", "不知道"},          // ideographic space
      {"不，知道了", "不,知道了"},      // clause punctuation is kept
      {"好的 ok 吗", "好的 ok 吗"},    // spaces next to Latin are kept
      {"价格 199 元", "价格 199 元"},
      {"好的😊", "好的😊"},            // trailing emoji is not between Han
  };
  for (const Case& c : cases) {
    EXPECT_EQ(n.Compact(c.in), c.compact) << c.in;
  }
}

TEST(NormalizerTest, OffsetMapPointsAtWhatWasTyped) {
  const Normalizer& n = Normalizer::Default();
  NormalizedDraft d;
  const std::string text = "好的，不 😊 知\u200b道！";
  n.Normalize(text, &d);
  const std::string& c = d.compact().text;
  const size_t b = c.find("不知道");
  ASSERT_NE(b, std::string::npos);
  EXPECT_EQ(OriginalOf(text, d.compact(), b, b + strlen("不知道")), "不 😊 知\u200b道");
  // Full-width characters map back to their full width source.
  const std::string fw = "ＯＫ";
  n.Normalize(fw, &d);
  EXPECT_EQ(d.folded().text, "ok");
  EXPECT_EQ(OriginalOf(fw, d.folded(), 1, 2), "Ｋ");
}

// One NormalizedDraft is reused for every draft a thread lints; its compact view is shared
// with folded except when something between Han characters is dropped. Alternating the two
// kinds of draft must give each its own views, with offsets into its own text.
TEST(NormalizerTest, ReusedDraftAlternatesSharedAndSeparateCompactViews) {
  const Normalizer& n = Normalizer::Default();
  NormalizedDraft d;
  for (int round = 0; round < 2; ++round) {
    const std::string dodged = "你 不 知 道吗";
    n.Normalize(dodged, &d);
    EXPECT_EQ(d.folded().text, dodged);
    EXPECT_EQ(d.compact().text, "你不知道吗");
    EXPECT_EQ(OriginalOf(dodged, d.compact(), 3, 12), "不 知 道");

    const std::string plain = "您好，请问 ok?";
    n.Normalize(plain, &d);
    EXPECT_EQ(d.compact().text, d.folded().text);
    EXPECT_EQ(d.compact().text, "您好,请问 ok?");
    EXPECT_EQ(OriginalOf(plain, d.compact(), 6, 7), "，");
  }
}

TEST(NormalizerTest, DetectsUnicodeEmoji) {
  const Normalizer& n = Normalizer::Default();
  NormalizedDraft d;
  for (const char* s : {"好😊", "好👍🏻", "好👨‍👩‍👧", "好1️⃣", "好🇨🇳", "好❤️"}) {
    n.Normalize(s, &d);
    EXPECT_TRUE(d.has_unicode_emoji) << s;
  }
  for (const char* s : {"好的", "price 1", "好的^_^", "#1"}) {
    n.Normalize(s, &d);
    EXPECT_FALSE(d.has_unicode_emoji) << s;
  }
}

TEST(NormalizerTest, ClassifiesCharacters) {
  const Normalizer& n = Normalizer::Default();
  EXPECT_EQ(n.ClassOf(U'不'), CharClass::kHan);
  EXPECT_EQ(n.ClassOf(U'，'), CharClass::kClause);
  EXPECT_EQ(n.ClassOf(U'。'), CharClass::kClause);
  EXPECT_EQ(n.ClassOf(U' '), CharClass::kSpace);
  EXPECT_EQ(n.ClassOf(U'😊'), CharClass::kFiller);
  EXPECT_EQ(n.ClassOf(U'\u200b'), CharClass::kIgnored);
  EXPECT_EQ(n.ClassOf(U'a'), CharClass::kOther);
  EXPECT_EQ(n.ClassOf(U'\U00020000'), CharClass::kHan);  // CJK Extension B
}

}  // namespace
}  // namespace replylint
