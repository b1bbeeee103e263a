#include "rules/ruleset.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "rules/normalizer.h"
#include "rules/rewriter.h"
#include "rules/scorer.h"
#include "rules/utf8.h"

namespace replylint {
namespace {

Hit MakeHit(const AhoCorasick& a, int id, size_t end, int first_id = 0) {
  return Hit{id - first_id, static_cast<uint32_t>(end - a.pattern_length(id)),
             static_cast<uint32_t>(end)};
}

// The hits of a draft whose compact view is not its folded view (something between two Han
// characters was dropped): the union automaton over each view, keeping each view's own
// patterns (ids below `avoid_count` are the avoid patterns). One automaton, not one per
// pattern set, so these drafts read the tables every draft keeps warm. Out of line, so the
// code of Collect's common path (one scan) stays compact: under load code lines miss too.
[[gnu::noinline]] void ScanViewsApart(const AhoCorasick& both, int avoid_count, Draft* draft) {
  both.ScanValidUtf8(draft->norm.compact().text, [&](int id, size_t end) {
    if (id < avoid_count) draft->avoid_hits.push_back(MakeHit(both, id, end));
  });
  both.ScanValidUtf8(draft->norm.folded().text, [&](int id, size_t end) {
    if (id >= avoid_count) draft->require_hits.push_back(MakeHit(both, id, end, avoid_count));
  });
}

// Drops the hits that end after view byte `end` (all of them when `end` is 0).
void KeepHitsEndingBy(size_t end, std::vector<Hit>* hits) {
  while (!hits->empty() && hits->back().end > end) hits->pop_back();
}

// Whether `draft` can wake a rule with trigger `t` (see RuleTrigger).
bool Wakes(const RuleTrigger& t, const Draft& draft) {
  switch (t.kind) {
    case RuleTrigger::Kind::kAlways: return true;
    case RuleTrigger::Kind::kAvoidHit:
      if (AnyHitIn(draft.avoid_hits, t.first, t.last)) return true;
      if (t.alone_max_bytes == 0) return false;
      EnsureMessageCore(draft);
      return draft.core_e > draft.core_b && draft.core_e - draft.core_b <= t.alone_max_bytes;
    case RuleTrigger::Kind::kRequireHit: return AnyHitIn(draft.require_hits, t.first, t.last);
    case RuleTrigger::Kind::kContext: return !draft.input->context.empty();
    case RuleTrigger::Kind::kFirstTurn: return draft.input->first_agent_turn;
    case RuleTrigger::Kind::kNever: return false;
  }
  return true;
}

// A stable sort for the handful of findings a draft has: std::stable_sort allocated a merge
// buffer on every call (twice per rewrite round). Over a few elements both library sorts run
// insertion sorts anyway, so the order is the same (same bytes from `replylint lint` on the
// corpus).
template <typename Less>
void SortFindings(std::vector<Finding>* findings, Less less) {
  auto& f = *findings;
  if (f.size() > 32) {
    std::stable_sort(f.begin(), f.end(), less);
    return;
  }
  for (size_t i = 1; i < f.size(); ++i) {
    if (!less(f[i], f[i - 1])) continue;
    Finding x = std::move(f[i]);
    size_t j = i;
    for (; j > 0 && less(x, f[j - 1]); --j) f[j] = std::move(f[j - 1]);
    f[j] = std::move(x);
  }
}

// Keeps the findings a rewrite can apply together: a fixable finding overlapping an earlier
// (or, at the same start, longer) one is dropped — 你 inside 你自己看 is already covered by
// the rude-phrase finding. Insertion points survive unless strictly inside a kept span.
// Findings without a suggestion are advice, not edits, and are always kept.
void ResolveOverlaps(std::vector<Finding>* findings) {
  auto& f = *findings;
  SortFindings(findings, [](const Finding& a, const Finding& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    const bool ae = a.begin == a.end, be = b.begin == b.end;
    if (ae != be) return ae;                                  // insertions first
    if (a.end != b.end) return a.end > b.end;                 // longer first
    return a.rule_index < b.rule_index;
  });
  size_t kept = 0;
  uint32_t span_begin = 0, span_end = 0;  // last kept non-empty span
  for (size_t i = 0; i < f.size(); ++i) {
    Finding& x = f[i];
    if (x.suggestions.empty()) {
      // Not fixable (canned-repeat spans the whole draft): never conflicts with an edit.
    } else if (x.begin == x.end) {
      if (x.begin > span_begin && x.begin < span_end) continue;
    } else {
      if (x.begin < span_end) continue;
      span_begin = x.begin;
      span_end = x.end;
    }
    if (kept != i) f[kept] = std::move(x);
    ++kept;
  }
  f.resize(kept);
  // Final order: by start, insertions first, then rule order (stable for equal spans).
  SortFindings(findings, [](const Finding& a, const Finding& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    const bool ae = a.begin == a.end, be = b.begin == b.end;
    if (ae != be) return ae;
    return a.rule_index < b.rule_index;
  });
}

void FillOffsets(absl::string_view text, std::vector<Finding>* findings) {
  thread_local std::vector<uint32_t> points;
  thread_local std::vector<TextOffset> offsets;
  points.clear();
  for (const Finding& f : *findings) {
    points.push_back(f.begin);
    points.push_back(f.end);
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  offsets.resize(points.size());
  ToTextOffsets(text, points.data(), points.size(), offsets.data());
  auto lookup = [&](uint32_t p) {
    return offsets[std::lower_bound(points.begin(), points.end(), p) - points.begin()];
  };
  for (Finding& f : *findings) {
    f.start = lookup(f.begin);
    f.limit = lookup(f.end);
  }
}

}  // namespace

const Rule* Ruleset::FindRule(absl::string_view id) const {
  for (const auto& r : rules_) {
    if (r->id() == id) return r.get();
  }
  return nullptr;
}

absl::Status Ruleset::Lint(const LintInput& input, LintResult* result) const {
  result->findings.clear();
  result->score = 100;
  if (size_t bad = input.text_is_valid_utf8 ? input.text.size() : FindInvalidUtf8(input.text);
      bad != input.text.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("text is not valid UTF-8 (first invalid byte at offset ", bad, ")"));
  }
  result->rewrite.assign(input.text.data(), input.text.size());
  if (input.text.empty()) return absl::OkStatus();

  const bool traditional = Collect(input, /*messages=*/true, &result->findings);
  if (traditional) SuggestInTraditional(&result->findings);
  FillOffsets(input.text, &result->findings);
  result->score = Score(result->findings);
  if (!input.want_rewrite) return absl::OkStatus();
  MarkRedundantInsertions(&result->findings);
  ApplySuggestionsTo(input.text, result->findings, &result->rewrite);

  // Suggestions can themselves leave something to fix; see LintResult::rewrite.
  if (result->rewrite != input.text) {
    // NOTE: per-thread scratch, reused so that the rounds do not allocate.
    thread_local std::vector<Finding> more;
    thread_local std::string current;
    LintInput again = input;
    for (int round = 1; round < kMaxRewriteRounds; ++round) {
      current.swap(result->rewrite);
      // The text the last Collect saw: the draft, then the previous round's rewrite.
      const absl::string_view previous = round == 1 ? input.text : result->rewrite;
      again.text = current;
      // Most rounds re-lint the draft with an emoji or a line appended: everything before
      // the first edit was normalized and scanned already. (A round from scratch was ~40%
      // of the engine's instructions; keeping that work saves a third of it.)
      Collect(again, /*messages=*/false, &more, CommonPrefixLength(previous, current),
              /*same_request=*/true);
      // The draft's script decides, not the rewrite's (which the first round's fixes made).
      if (traditional) SuggestInTraditional(&more);
      bool fixable = false;
      for (const Finding& f : more) fixable |= !f.suggestions.empty();
      if (!fixable) {
        current.swap(result->rewrite);
        break;
      }
      MarkRedundantInsertions(&more);
      ApplySuggestionsTo(current, more, &result->rewrite);
    }
  }
  return absl::OkStatus();
}

namespace {

// Whether any of `ids` is one of `words`, a rule's satisfying words (Rule::satisfying_words).
bool AnyWordIn(absl::Span<const int32_t> ids, std::pair<int32_t, int32_t> words) {
  for (const int32_t id : ids) {
    if (id >= words.first && id < words.second) return true;
  }
  return false;
}

}  // namespace

void Ruleset::AppendWordsWritten(absl::string_view text, std::vector<int32_t>* ids) const {
  thread_local NormalizedDraft folded;  // NOTE: per-thread scratch: no allocation per call
  normalizer_->Normalize(text, &folded);
  both_.ScanValidUtf8(folded.folded().text, [&](int id, size_t) {
    if (id >= avoid_patterns_) ids->push_back(id - avoid_patterns_);
  });
}

void Ruleset::MarkRedundantInsertions(std::vector<Finding>* findings) const {
  std::vector<Finding>& f = *findings;
  // NOTE: per-thread scratch, so that drafts with findings do not allocate for these.
  // here: the required words the insertions kept so far at one place write.
  // said[said_at[k] ..): the required words that the replacements from finding k on write.
  // Filled on first need; each distinct suggestion is folded and scanned once (`seen`): a
  // hostile draft of 不知道 × 450 has 450 replacements but one suggestion.
  thread_local std::vector<int32_t> here, said;
  thread_local std::vector<uint32_t> said_at;
  thread_local std::vector<std::pair<absl::string_view, std::pair<uint32_t, uint32_t>>> seen;
  bool said_ready = false;
  auto collect_said = [&] {
    said.clear();
    said_at.assign(1, 0);
    seen.clear();
    for (const Finding& x : f) {
      if (x.begin < x.end && !x.suggestions.empty() && !x.suggestions[0].empty()) {
        const absl::string_view s = x.suggestions[0];
        auto it =
            std::find_if(seen.begin(), seen.end(), [&](const auto& e) { return e.first == s; });
        if (it != seen.end()) {
          for (uint32_t n = it->second.first; n < it->second.second; ++n) {
            const int32_t id = said[n];  // a copy: push_back may move the vector
            said.push_back(id);
          }
        } else {
          const uint32_t from = static_cast<uint32_t>(said.size());
          AppendWordsWritten(s, &said);
          if (seen.size() < 16) seen.push_back({s, {from, static_cast<uint32_t>(said.size())}});
        }
      }
      said_at.push_back(static_cast<uint32_t>(said.size()));
    }
    said_ready = true;
  };
  for (size_t i = 0; i < f.size();) {
    // [i, j): the insertions at f[i]'s place (Collect sorts them before replacements there,
    // in rule order).
    size_t j = i + 1;
    if (f[i].begin == f[i].end) {
      while (j < f.size() && f[j].begin == f[i].begin && f[j].end == f[j].begin) ++j;
    }
    if (f[i].begin != f[i].end) {
      i = j;
      continue;
    }
    here.clear();
    for (size_t k = i; k < j; ++k) {
      if (f[k].suggestions.empty()) continue;
      // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
      const std::pair<int32_t, int32_t> words = rules_[f[k].rule_index]->satisfying_words();
      bool satisfied = AnyWordIn(here, words);
      // A replacement after this place that writes what the insertion would: 干嘛 => 您好，
      // 请问有什么可以帮您？ in a first reply got 亲，您好， inserted in front (亲，您好，您好，
      // 请问…), and 我们又不是故意的 => 我们非常抱歉给您带来不便 after a complaint got
      // missing-apology's apology too. Only after it: a closing line a replacement writes
      // mid-message does not stand for one inserted at the end.
      if (!satisfied && words.first < words.second && j < f.size()) {
        if (!said_ready) collect_said();
        satisfied = AnyWordIn(absl::MakeConstSpan(said).subspan(said_at[j]), words);
      }
      if (satisfied) {
        f[k].redundant = true;
      } else if (k + 1 < j) {  // what it writes matters only to the insertions after it here
        AppendWordsWritten(f[k].suggestions[0], &here);
      }
    }
    i = j;
  }
}

void Ruleset::SuggestInTraditional(std::vector<Finding>* findings) const {
  for (Finding& f : *findings) {
    for (std::string& s : f.suggestions) normalizer_->ToTraditional(&s);
  }
}

bool Ruleset::Collect(const LintInput& input, bool messages, std::vector<Finding>* findings,
                      size_t unchanged, bool same_request) const {
  findings->clear();
  // NOTE: per-thread scratch; Lint never re-enters itself on one thread.
  thread_local Draft draft;
  draft.input = &input;
  draft.messages = messages;
  draft.words.Clear();
  draft.opening_quotes = -1;
  draft.core_ready = false;
  if (!same_request) {
    draft.awaiting_ready = false;
    draft.context_memo.clear();
  }
  // Leading bytes of the folded view kept from the last Collect, with the hits inside them.
  const size_t kept = normalizer_->Renormalize(input.text, unchanged, &draft.norm);
  KeepHitsEndingBy(kept, &draft.avoid_hits);
  KeepHitsEndingBy(kept, &draft.require_hits);
  if (draft.norm.views_are_one()) {
    // One scan finds both kinds of hits; in a rewrite round, only those after the kept bytes.
    both_.ScanValidUtf8After(draft.norm.folded().text, kept, [&](int id, size_t end) {
      if (id < avoid_patterns_) {
        draft.avoid_hits.push_back(MakeHit(both_, id, end));
      } else {
        draft.require_hits.push_back(MakeHit(both_, id, end, avoid_patterns_));
      }
    });
  } else {
    ScanViewsApart(both_, avoid_patterns_, &draft);
  }

  for (size_t i = 0; i < rules_.size(); ++i) {
    if (!Wakes(triggers_[i], draft)) continue;
    if (same_request && triggers_[i].advice_only) continue;  // a rewrite round: fixes only
    const Rule& rule = *rules_[i];
    if (!input.disabled_rules.empty() &&
        std::find(input.disabled_rules.begin(), input.disabled_rules.end(), rule.id()) !=
            input.disabled_rules.end()) {
      continue;
    }
    const size_t before = findings->size();
    rule.Check(draft, findings);
    for (size_t k = before; k < findings->size(); ++k) {
      (*findings)[k].rule = &rule.info();
      (*findings)[k].rule_index = static_cast<int>(i);
    }
  }
  draft.input = nullptr;

  ResolveOverlaps(findings);
  // Traditional when at least one character in ten is written in a Traditional form (3 bytes
  // each): a long Simplified draft with one stray Traditional character stays Simplified,
  // 這個我不曉得 does not. (著, Simplified too, is folded to 着 but not counted: see Normalizer::Create.)
  const uint32_t traditional = draft.norm.traditional_chars;
  if (traditional == 0) return false;
  if (traditional * 30 >= input.text.size()) return true;
  // Fewer, among characters the two scripts share (不好意思，超過七天了): Traditional unless a
  // character is in its Simplified form. Rare, so the draft is read again only here.
  if (!normalizer_->HasSimplifiedForm(input.text)) return true;
  // A few Traditional characters among Simplified ones (多謝，这边帮您查) are a Traditional
  // writer when the customer writes Traditional too: the inserted greeting then
  // reads 親，您好, not 亲，您好. Rare (a draft with a Traditional form but under one in
  // ten), so the customer's last turn is normalized only here.
  for (size_t i = input.context.size(); i-- > 0;) {
    const Turn& t = input.context[i];
    if (t.role != Turn::Role::kCustomer) continue;
    thread_local NormalizedDraft turn;
    normalizer_->Normalize(t.text, &turn);
    return turn.traditional_chars * 30 >= t.text.size();
  }
  return false;
}
}  // namespace replylint
