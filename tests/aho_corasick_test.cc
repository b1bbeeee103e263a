#include "rules/aho_corasick.h"

#include <tuple>
#include <vector>

#include "gtest/gtest.h"

namespace replylint {
namespace {

using Match = std::tuple<int, size_t, size_t>;  // id, begin, end

std::vector<Match> FindAll(const AhoCorasick& ac, const std::string& text) {
  std::vector<Match> out;
  ac.Scan(text, [&](int id, size_t end) {
    out.emplace_back(id, end - ac.pattern_length(id), end);
  });
  std::sort(out.begin(), out.end());
  return out;
}

TEST(AhoCorasickTest, FindsOverlappingAndNestedPatterns) {
  AhoCorasick::Builder b;
  const int he = b.Add("he"), she = b.Add("she"), his = b.Add("his"), hers = b.Add("hers");
  AhoCorasick ac = std::move(b).Build();
  EXPECT_EQ(FindAll(ac, "ushers"),
            (std::vector<Match>{{he, 2, 4}, {she, 1, 4}, {hers, 2, 6}}));
  EXPECT_EQ(FindAll(ac, "this"), (std::vector<Match>{{his, 1, 4}}));
  EXPECT_TRUE(FindAll(ac, "xyz").empty());
}

TEST(AhoCorasickTest, Utf8PatternsMatchOnlyWholeCharacters) {
  AhoCorasick::Builder b;
  const int bx = b.Add("不行"), zd = b.Add("知道"), bzd = b.Add("不知道");
  AhoCorasick ac = std::move(b).Build();
  const std::string t = "我不知道，不行";
  EXPECT_EQ(FindAll(ac, t), (std::vector<Match>{{bx, 15, 21}, {zd, 6, 12}, {bzd, 3, 12}}));
}

TEST(AhoCorasickTest, DuplicatePatternsBothReport) {
  AhoCorasick::Builder b;
  const int a = b.Add("你"), c = b.Add("你");
  AhoCorasick ac = std::move(b).Build();
  EXPECT_EQ(FindAll(ac, "你"), (std::vector<Match>{{a, 0, 3}, {c, 0, 3}}));
}

TEST(AhoCorasickTest, EmptyAutomatonFindsNothing) {
  AhoCorasick ac = AhoCorasick::Builder().Build();
  EXPECT_TRUE(FindAll(ac, "anything").empty());
}

}  // namespace
}  // namespace replylint
