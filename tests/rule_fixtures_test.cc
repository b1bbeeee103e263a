// Data-driven: every rule of the bundled ruleset runs its own must-fire / must-not-fire
// examples (the fixtures live beside the rules, in lexicons/), and every rule must have both.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rules/rewriter.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

using ::replylint::testing::DefaultRuleset;

std::vector<std::string> RuleIdsOfDefault() {
  std::vector<std::string> ids;
  for (const auto& r : DefaultRuleset().rules()) ids.emplace_back(r->id());
  return ids;
}

class RuleFixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleFixtureTest, HasFireAndNoFireExamples) {
  const Rule* rule = DefaultRuleset().FindRule(GetParam());
  ASSERT_NE(rule, nullptr);
  int fire = 0, nofire = 0;
  for (const Example& ex : rule->examples()) (ex.fire ? fire : nofire)++;
  EXPECT_GT(fire, 0) << GetParam() << " has no must-fire example";
  EXPECT_GT(nofire, 0) << GetParam() << " has no must-not-fire example";
}

TEST_P(RuleFixtureTest, ExamplesPass) {
  const Rule* rule = DefaultRuleset().FindRule(GetParam());
  ASSERT_NE(rule, nullptr);
  for (const std::string& failure : RunExamples(DefaultRuleset(), rule)) {
    ADD_FAILURE() << failure;
  }
}

// Linting the rewrite again yields no fixable finding, for every example of every rule.
TEST_P(RuleFixtureTest, RewriteRoundTrip) {
  const Rule* rule = DefaultRuleset().FindRule(GetParam());
  ASSERT_NE(rule, nullptr);
  for (const Example& ex : rule->examples()) {
    if (ex.conversation) continue;  // a whole conversation: no single rewrite
    for (bool final : {false, true}) {
      LintResult r = testing::LintExample(ex, ex.text, final);
      LintResult again = testing::LintExample(ex, r.rewrite, final);
      for (const Finding& f : again.findings) {
        EXPECT_TRUE(f.suggestions.empty())
            << ex.file << ":" << ex.line << " '" << ex.text << "' rewrites to '" << r.rewrite
            << "', which still has fixable " << f.rule->id << " (final=" << final << ")";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Default, RuleFixtureTest, ::testing::ValuesIn(RuleIdsOfDefault()),
                         [](const auto& info) {
                           std::string n = info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

// The same round trip over the 600 bench drafts: real agent register, half of it dirty.
TEST(RewriteCorpusTest, EveryBenchDraftRewritesClean) {
  std::ifstream in(testing::SourceDir() + "/bench/data/drafts.txt");
  std::string line;
  int drafts = 0, dirty = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++drafts;
    LintResult r = testing::Lint(line, drafts % 2 == 0);
    dirty += !r.findings.empty();
    LintResult again = testing::Lint(r.rewrite, drafts % 2 == 0);
    for (const Finding& f : again.findings) {
      EXPECT_TRUE(f.suggestions.empty()) << "'" << line << "' -> '" << r.rewrite
                                         << "' still has " << f.rule->id;
    }
  }
  EXPECT_EQ(drafts, 600);
  EXPECT_GT(dirty, 100);
}

}  // namespace
}  // namespace replylint
