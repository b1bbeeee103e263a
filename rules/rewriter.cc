#include "rules/rewriter.h"

#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "rules/normalizer.h"
#include "rules/utf8.h"

namespace replylint {
namespace {

// A Han character, letter or digit: text that reads as a word, not punctuation or emoji (as
// AppendPoint decides whether an appended phrase needs its separator).
bool IsWordChar(char32_t cp) {
  const CharClass c = Normalizer::Default().ClassOf(cp);
  return c == CharClass::kHan || c == CharClass::kOther;
}

// Two phrases inserted at one point by different rules (a thanks reply, then a closing line)
// are two clauses. Each rule chose its separator against the draft as typed, not against the
// other's text, so where a word would run into a word (…为您服务请问…), they are joined
// with ，.
bool NeedsClauseBreak(absl::string_view before, absl::string_view next) {
  if (before.empty() || next.empty()) return false;
  size_t end = before.size();
  size_t begin = 0;
  return IsWordChar(DecodeUtf8Before(before, &end)) && IsWordChar(DecodeUtf8(next, &begin));
}

// Only white space, clause punctuation or invisible characters: what separates two clauses.
bool IsClauseGap(absl::string_view gap) {
  size_t at = 0;
  while (at < gap.size()) {
    const CharClass c = Normalizer::Default().ClassOf(DecodeUtf8(gap, &at));
    if (c != CharClass::kSpace && c != CharClass::kClause && c != CharClass::kIgnored) {
      return false;
    }
  }
  return true;
}

// `s` without the clause punctuation it ends with.
absl::string_view WithoutClosingMarks(absl::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    size_t before = end;
    const char32_t cp = DecodeUtf8Before(s, &before);
    if (Normalizer::Default().ClassOf(cp) != CharClass::kClause) break;
    end = before;
  }
  return s.substr(0, end);
}

// Whether the code points of `words` appear in `text` in order (我再为您说明一下 in
// 我再为您详细说明一下), and how many there are.
bool IsSubsequence(absl::string_view words, absl::string_view text, size_t* count) {
  size_t w = 0, t = 0;
  *count = 0;
  while (w < words.size()) {
    const char32_t want = DecodeUtf8(words, &w);
    ++*count;
    while (true) {
      if (t >= text.size()) return false;
      if (DecodeUtf8(text, &t) == want) break;
    }
  }
  return true;
}

// Two findings of one reply, each right on its own, can suggest the same words:
// 你听不懂吗？我都说了三遍了 would become 可能是我没有解释清楚，我再为您说明一下。我再为您说明一下.
// A replacement whose suggestion the previous replacement already wrote (word for word, or
// with words left out: 我再为您说明一下 after 我再为您详细说明一下), with only punctuation
// between them, says it a second time; it is dropped with the gap before it. Four characters
// at least: a short suggestion such as 您 or 好的 is not a repeated clause.
constexpr size_t kMinRepeatChars = 4;
bool RepeatsPrevious(absl::string_view previous, absl::string_view gap, absl::string_view s) {
  if (previous.empty() || !IsClauseGap(gap)) return false;
  size_t chars = 0;
  // A leading comma is the suggestion's own separator (这个价格|，我这边帮您…), not words.
  absl::ConsumePrefix(&s, "，");
  return IsSubsequence(WithoutClosingMarks(s), previous, &chars) && chars >= kMinRepeatChars;
}

// `s` without its leading comma (an insertion's separator) when `before` already ends with a
// clause mark. Only the comma: a line break that splits a long answer stays.
absl::string_view WithoutLeadingMarkAfterMark(absl::string_view before, absl::string_view s) {
  size_t comma = 0;
  if (absl::StartsWith(s, "，")) {
    comma = std::strlen("，");
  } else if (absl::StartsWith(s, ",")) {
    comma = 1;
  }
  if (comma == 0 || before.empty()) return s;  // most insertions: an emoji, no separator
  size_t end = before.size();
  if (Normalizer::Default().ClassOf(DecodeUtf8Before(before, &end)) != CharClass::kClause) {
    return s;
  }
  return s.substr(comma);
}

// A suggestion that reads as a clause of its own (我帮您查询一下), not a word (您, 好的).
bool IsSentence(absl::string_view s) { return CountCodePoints(s) >= kMinRepeatChars; }

}  // namespace

void ApplySuggestionsTo(absl::string_view text, const std::vector<Finding>& findings,
                        std::string* out, absl::string_view only_rule) {
  out->clear();
  out->reserve(text.size() + 32);
  size_t cursor = 0;
  size_t inserted_at = std::string::npos;  // out's size after the last insertion, if nothing since
  absl::string_view replaced_with;  // the last replacement's suggestion, if it ends `out`
  for (const Finding& f : findings) {
    if (f.suggestions.empty()) continue;
    if (!only_rule.empty() && f.rule->id != only_rule) continue;
    if (f.redundant && only_rule.empty()) continue;
    if (f.begin < cursor) continue;  // inside an applied replacement
    const absl::string_view gap(text.data() + cursor, f.begin - cursor);
    const std::string& s = f.suggestions[0];
    if (f.begin < f.end && RepeatsPrevious(replaced_with, gap, s)) {
      cursor = f.end;
      continue;
    }
    out->append(gap.data(), gap.size());
    if (f.begin == f.end && inserted_at == out->size() && NeedsClauseBreak(*out, s)) {
      out->append("，");
    }
    // Two sentences replacing two matches that touched (不知道你问快递吧) are two clauses
    // too: 我帮您查询一下，我帮您联系快递核实吧, not …一下我帮您…. Sentences only: 你 → 您
    // runs on into the next replacement as it ran on in the draft.
    if (gap.empty() && f.begin < f.end && IsSentence(replaced_with) && IsSentence(s) &&
        NeedsClauseBreak(*out, s)) {
      out->append("，");
    }
    absl::string_view text_in = s;
    // An insertion's separator was chosen against the draft as typed (就这样吧 + ，请问…); a
    // replacement before it may already end in a mark (您看这样可以吗？), and ？，read twice.
    if (f.begin == f.end) text_in = WithoutLeadingMarkAfterMark(*out, text_in);
    out->append(text_in.data(), text_in.size());
    inserted_at = f.begin == f.end ? out->size() : std::string::npos;
    replaced_with = f.begin < f.end ? absl::string_view(s) : absl::string_view();
    cursor = f.end;
  }
  out->append(text.data() + cursor, text.size() - cursor);
}

std::string ApplySuggestions(absl::string_view text, const std::vector<Finding>& findings,
                             absl::string_view only_rule) {
  std::string out;
  ApplySuggestionsTo(text, findings, &out, only_rule);
  return out;
}

}  // namespace replylint
