#include "rules/normalizer.h"

#include <iterator>
#include <random>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "rules/utf8.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

using ::replylint::testing::RandomEdit;
using ::replylint::testing::RandomPieces;

std::string OriginalOf(const std::string& text, const NormalizedView& v, size_t b, size_t e) {
  uint32_t ob, oe;
  v.ToOriginal(b, e, &ob, &oe);
  return text.substr(ob, oe - ob);
}

TEST(NormalizerTest, FoldsWidthCaseAndTraditional) {
  const Normalizer& n = Normalizer::Default();
  EXPECT_EQ(n.Fold("ＡＢＣ１２３"), "abc123");
  // 妳 is no Traditional form to ICU; folded to 你, 妳自己看 meets every 你 entry.
  EXPECT_EQ(n.Fold("這個我不知道，妳別做夢了"), "这个我不知道,你别做梦了");
  EXPECT_EQ(n.Fold("沒辦法"), "没办法");
  EXPECT_EQ(n.Fold("我不會"), "我不会");
  EXPECT_EQ(n.Fold("【微笑】"), "[微笑]");
  EXPECT_EQ(n.Fold("你看著辦吧"), "你看着办吧");  // 著, the particle's Traditional form
  // 甚麼, Taiwan's everyday spelling of 什麼, is 什么 to every entry; 甚 elsewhere stays.
  EXPECT_EQ(n.Fold("你急甚麼"), "你急什么");
  EXPECT_EQ(n.Fold("甚么事"), "什么事");
  EXPECT_EQ(n.Fold("甚至可以退款"), "甚至可以退款");
  EXPECT_EQ(n.Fold("甚"), "甚");
}

TEST(NormalizerTest, WritesSuggestionsInTraditionalAndCountsTraditionalCharacters) {
  const Normalizer& n = Normalizer::Default();
  std::string s = "我帮您查询一下，请问还有其他可以帮您的吗？祝您生活愉快😊 OK";
  n.ToTraditional(&s);
  EXPECT_EQ(s, "我幫您查詢一下，請問還有其他可以幫您的嗎？祝您生活愉快😊 OK");
  // Characters that are already Traditional, or the same in both, stay.
  std::string t = "這個問題您好";
  n.ToTraditional(&t);
  EXPECT_EQ(t, "這個問題您好");
  // And it is the way back of the fold, character by character.
  std::string u = "没办法";
  n.ToTraditional(&u);
  EXPECT_EQ(n.Fold(u), "没办法");
  EXPECT_EQ(u, "沒辦法");
  // 系 has several Traditional forms; ICU's one-to-one map keeps 系, which is wrong in 联系
  // (聯繫) and 关系 (關係), words the suggestions use. Both occurrences are corrected.
  std::string v = "我帮您联系快递，联系好了告诉您，没关系的，系统已更新";
  n.ToTraditional(&v);
  EXPECT_EQ(v, "我幫您聯繫快遞，聯繫好了告訴您，沒關係的，系統已更新");

  NormalizedDraft d;
  n.Normalize("這個我不曉得", &d);
  EXPECT_EQ(d.traditional_chars, 3u);  // 這 個 曉
  n.Normalize("这个我不晓得，著名", &d);
  EXPECT_EQ(d.traditional_chars, 0u);  // 著 is Simplified too: folded, but not counted
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
      {"不̲知̲道", "不知道"},  // combining marks stacked on Han (不̲知̲道)
      {"你⃝自己看", "你自己看"},    // an enclosing circle
      {"不，知道了", "不,知道了"},      // clause punctuation is kept
      {"好的 ok 吗", "好的 ok 吗"},    // spaces next to Latin are kept
      {"价格 199 元", "价格 199 元"},
      {"好的😊", "好的😊"},            // trailing emoji is not between Han
      // A word spelled out one character per clause is joined; ordinary clauses are not.
      {"不，知，道", "不知道"},
      {"我，不，知，道啊", "我不知道啊"},  // and the runs on either side
      {"不 ， 知 ，道！", "不知道!"},     // the spaces around the separators go too
      {"不\n知\n道", "不知道"},         // one character per line
      {"好，不，行", "好不行"},
      {"嗯，哦，这个不行", "嗯,哦,这个不行"},  // two singles: as often writing as not
      {"您好，不，知道了", "您好,不,知道了"},
      {"是，是，a，是", "是,是,a,是"},  // Latin ends the chain: two singles, nothing else
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
  // A spelled-out word maps back to everything typed between its first and last character.
  const std::string spelled = "我 ，不，知\n道";
  n.Normalize(spelled, &d);
  ASSERT_EQ(d.compact().text, "我不知道");
  EXPECT_EQ(OriginalOf(spelled, d.compact(), 0, 12), "我 ，不，知\n道");
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
  for (const char* s : {"好😊", "好👍🏻", "好👨‍👩‍👧", "好1️⃣", "好🇨🇳", "好❤️", "好❤", "好☺", "好⌚",
                        "好©\uFE0F", "好▶️"}) {
    n.Normalize(s, &d);
    EXPECT_TRUE(d.has_unicode_emoji) << s;
  }
  // Symbols shown as text unless VS16 follows them: ©, ®, ™, ‼, arrows, ▶.
  for (const char* s : {"好的", "price 1", "好的^_^", "#1", "好的©", "品牌®", "好的™", "好‼", "上↑",
                        "好▶"}) {
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


// Renormalize's views must be the ones Normalize writes, whatever the edit: the engine's
// rewrite rounds rely on it for every draft whose suggestions change it.
void ExpectSameViews(const NormalizedDraft& got, const NormalizedDraft& want,
                     const std::string& what) {
  EXPECT_EQ(got.views_are_one(), want.views_are_one()) << what;
  EXPECT_EQ(got.has_unicode_emoji, want.has_unicode_emoji) << what;
  const NormalizedView* views[2][2] = {{&got.folded(), &want.folded()},
                                       {&got.compact(), &want.compact()}};
  for (auto& v : views) {
    ASSERT_EQ(v[0]->text, v[1]->text) << what;
    for (size_t i = 0; i < v[1]->text.size(); ++i) {
      ASSERT_EQ(v[0]->src_begin[i], v[1]->src_begin[i]) << what << " byte " << i;
    }
  }
}

void ExpectRenormalizeAgrees(const std::string& before, const std::string& after) {
  const Normalizer& n = Normalizer::Default();
  NormalizedDraft fresh, reused;
  n.Normalize(after, &fresh);
  n.Normalize(before, &reused);
  size_t same = 0;
  while (same < before.size() && same < after.size() && before[same] == after[same]) ++same;
  const size_t kept = n.Renormalize(after, same, &reused);
  EXPECT_LE(kept, reused.folded().text.size());
  ExpectSameViews(reused, fresh, "'" + before + "' -> '" + after + "'");
}

TEST(NormalizerTest, RenormalizeWritesTheViewsNormalizeWould) {
  const std::pair<const char*, const char*> edits[] = {
      {"好的", "好的😊"},                      // the common round: an emoji appended
      {"好的😊", "好的"},                      // ... and removed: no emoji left
      {"😊好的", "😊好的呢"},                   // an emoji before the edit is still there
      {"不 知 ", "不 知 道"},                  // the edit turns trailing spaces into a gap
      {"不 知", "不 知道"},                    //   compact drops between Han: views apart
      {"不知道", "不 知道"},                   // an edit that opens a gap
      {"你好", "您好"},                        // an edit at the start
      {"好的，你看", "好的，您看"},            // in the middle
      {"你好吗", "你她吗"},                    // bytes shared inside a character (好/她)
      {"我們 ", "我們 知道"},                  // Traditional, then a space before the edit
      {"好的\u200b", "好的\u200b了"},          // a zero-width character before the edit
      {"好的**", "好的**吧"},                  // fillers before the edit, then Han
      {"好的**", "好的**ok"},                  //   ... then Latin (kept in compact)
      {"ＡＢＣ", "ＡＢＣＤ"},                  // full-width folds
      {"好", "好"},                            // nothing changed
      {"", "好"},
      {"好", ""},
      {"不，知，", "不，知，道"},              // the edit completes a spelled-out word
      {"不，知", "不，知，道"},
      {"您好，不，知道", "您好，不，知，道"},  //   ... two runs back from the edit
      {"好，不，行", "好，不，行吧"},          // an edit after one
      {"嗯，哦，", "嗯，哦，这个不行"},        // two singles, then a longer run
      {"嗯，哦，", "嗯，哦，好，"},            //   ... then a third single
      {"不，知，道", "不，知道"},              // an edit that breaks one up
      {"你急甚", "你急甚麼"},                  // 甚 folds by the character after it
      {"你急甚麼", "你急甚至"},                //   ... which the edit replaced
  };
  for (const auto& [before, after] : edits) ExpectRenormalizeAgrees(before, after);
}

TEST(NormalizerTest, RenormalizeAgreesOnRandomEdits) {
  // Pieces that exercise every class and fold: Han, Traditional, spaces (ASCII, ideographic),
  // zero-width, fillers, emoji (BMP and astral), clause punctuation, Latin, full-width.
  const char* pieces[] = {"不", "知", "道", "們", "好", " ", "\u3000", "\u200b", "*", "~",
                          "😊", "☺", "，", "。", "\n", "a", "Ｂ", "1", "【", "】"};
  std::mt19937 rng(20261130);
  for (int round = 0; round < 3000; ++round) {
    // Keep a prefix (cut at a piece boundary or not: Renormalize backs up to a character),
    // then write something else.
    const std::string before = RandomPieces(rng, pieces, 12);
    const std::string after = RandomEdit(rng, pieces, before, 6);
    ExpectRenormalizeAgrees(before, after);
    if (::testing::Test::HasFailure()) break;
  }
}

}  // namespace
}  // namespace replylint
