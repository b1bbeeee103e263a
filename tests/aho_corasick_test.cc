#include "rules/aho_corasick.h"

#include <random>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"

namespace replylint {
namespace {

using Match = std::tuple<int, size_t, size_t>;  // id, begin, end

// valid_utf8: through ScanValidUtf8, the engine's path for its normalized views.
std::vector<Match> FindAll(const AhoCorasick& ac, const std::string& text,
                           bool valid_utf8 = false) {
  std::vector<Match> out;
  auto add = [&](int id, size_t end) { out.emplace_back(id, end - ac.pattern_length(id), end); };
  if (valid_utf8) {
    ac.ScanValidUtf8(text, add);
  } else {
    ac.Scan(text, add);
  }
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
  EXPECT_EQ(FindAll(ac, t, /*valid_utf8=*/true), FindAll(ac, t));
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


// Against the obvious search, on random patterns and texts over an alphabet of one-, two-,
// three- and four-byte characters that share lead and continuation bytes (你/佳/中, é/ö):
// every occurrence, and nothing else.
TEST(AhoCorasickTest, AgreesWithNaiveSearchOnRandomUtf8) {
  const std::vector<std::string> alphabet = {"a", "b", "\u00e9", "\u00f6", "你", "佳",
                                             "中", "不", "😊", "😋"};
  std::mt19937 rng(20261123);
  auto random_string = [&](int max_chars) {
    std::string s;
    const int n = 1 + static_cast<int>(rng() % max_chars);
    for (int i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int round = 0; round < 200; ++round) {
    AhoCorasick::Builder b;
    std::vector<std::string> patterns;
    for (int k = 1 + static_cast<int>(rng() % 12); k > 0; --k) {
      patterns.push_back(random_string(4));
      b.Add(patterns.back());
    }
    const AhoCorasick ac = std::move(b).Build();
    const std::string text = random_string(40);
    std::vector<Match> want;
    for (size_t id = 0; id < patterns.size(); ++id) {
      for (size_t at = text.find(patterns[id]); at != std::string::npos;
           at = text.find(patterns[id], at + 1)) {
        want.emplace_back(static_cast<int>(id), at, at + patterns[id].size());
      }
    }
    std::sort(want.begin(), want.end());
    ASSERT_EQ(FindAll(ac, text), want) << "round " << round << " text " << text;
    ASSERT_EQ(FindAll(ac, text, /*valid_utf8=*/true), want) << "round " << round;
  }
}

// The rewrite round's scan: from every character boundary of the text, exactly the matches
// that end after it. A small alphabet and long patterns put the automaton deep in a pattern
// at most boundaries, where starting too few characters back would lose or invent a match.
TEST(AhoCorasickTest, ScanAfterFindsExactlyTheMatchesEndingAfterIt) {
  const std::vector<std::string> alphabet = {"a", "你", "😊"};
  std::mt19937 rng(20261201);
  auto random_string = [&](int min_chars, int max_chars) {
    std::string s;
    const int n = min_chars + static_cast<int>(rng() % (max_chars - min_chars + 1));
    for (int i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  int deep = 0;  // matches reported after a `from` inside them: the scan had to start back
  for (int round = 0; round < 300; ++round) {
    AhoCorasick::Builder b;
    for (int k = 1 + static_cast<int>(rng() % 6); k > 0; --k) b.Add(random_string(1, 9));
    const AhoCorasick ac = std::move(b).Build();
    const std::string text = random_string(0, 30);
    const std::vector<Match> all = FindAll(ac, text, /*valid_utf8=*/true);
    for (size_t from = 0; from <= text.size(); ++from) {
      if (from < text.size() && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) continue;
      std::vector<Match> want, got;
      for (const Match& m : all) {
        if (std::get<2>(m) > from) want.push_back(m);
      }
      ac.ScanValidUtf8After(text, from, [&](int id, size_t end) {
        got.emplace_back(id, end - ac.pattern_length(id), end);
      });
      std::sort(got.begin(), got.end());
      ASSERT_EQ(got, want) << "round " << round << " text " << text << " from " << from;
      for (const Match& m : want) deep += std::get<1>(m) < from;
    }
  }
  EXPECT_GT(deep, 100);  // matches that began before `from` were found again
  // (Starting one character fewer back than the scan does fails this test.)
}

TEST(AhoCorasickTest, BytesThatAreNotUtf8MatchThemselves) {
  AhoCorasick::Builder b;
  const int ff = b.Add("\xff"), cut = b.Add("\xe4\xb8");  // a lone byte; a cut-off 中
  AhoCorasick ac = std::move(b).Build();
  EXPECT_EQ(FindAll(ac, "a\xff\xe4\xb8" "b"), (std::vector<Match>{{ff, 1, 2}, {cut, 2, 4}}));
  EXPECT_TRUE(FindAll(ac, "中").empty());  // whole characters are not their bytes
}

}  // namespace
}  // namespace replylint
