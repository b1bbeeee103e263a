// libFuzzer: arbitrary bytes through the whole lint path (normalizer, automata, segmenter,
// every rule, rewrite); split into turns, the last linted with the others as its context
// (the context rules' findings and their rewrite: missing-apology moves a late apology), and
// through conversation scoring. Invalid UTF-8 must come back as an error, never a crash;
// valid text must lint and rewrite cleanly.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "rules/conversation.h"
#include "rules/ruleset_loader.h"
#include "rules/utf8.h"
#include "tests/ruleset_peer.h"

using namespace replylint;

static const Ruleset& Rules() {
  static std::shared_ptr<const Ruleset> rs = [] {
    auto r = LoadRuleset(REPLYLINT_SOURCE_DIR "/lexicons", "default");
    if (!r.ok()) std::abort();
    return *r;
  }();
  return *rs;
}

// Lints `text` (with `in`'s context) and checks the answer: spans inside the text and in
// agreement, a valid rewrite, and rewrite rounds that find what a fresh lint finds.
static void LintAndCheck(LintInput in, const std::string& text) {
  in.text = text;
  LintResult r;
  absl::Status st = Rules().Lint(in, &r);
  if (IsValidUtf8(text) != st.ok()) std::abort();
  if (!st.ok()) return;
  for (const Finding& f : r.findings) {
    if (f.begin > f.end || f.end > text.size()) std::abort();
    if (f.start.utf8 != f.begin || f.limit.utf8 != f.end) std::abort();
  }
  if (!IsValidUtf8(r.rewrite)) std::abort();
  // A rewrite round reuses the draft's views and hits before the first edit: it must find
  // what a fresh lint of the rewrite finds, and so must a round over the draft cut short.
  const size_t cut = CodePointStartAt(text, text.size() / 2);
  for (const std::string& after : {r.rewrite, text.substr(0, cut) + r.rewrite}) {
    const auto [reused, fresh] = RulesetPeer::CollectReusedAndFresh(Rules(), in, text, after);
    if (reused != fresh) std::abort();
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  LintInput in;
  in.final = size > 0 && (data[0] & 1);
  LintAndCheck(in, text);
  // The same bytes as a conversation: turns split at '\n', alternating customer / agent.
  if (IsValidUtf8(text)) {
    std::vector<Turn> turns;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == '\n') {
        Turn t;
        t.role = turns.size() % 2 ? Turn::Role::kAgent : Turn::Role::kCustomer;
        t.text = text.substr(start, i - start);
        t.time_ms = 1700000000000 + static_cast<int64_t>(turns.size()) * 45000;
        turns.push_back(std::move(t));
        start = i + 1;
      }
    }
    // The last line as a draft answering the lines before it, the last of them the
    // customer's, sent 90 s after it (slow-reply) on odd first bytes.
    if (turns.size() > 1) {
      const std::string draft = turns.back().text;
      std::vector<Turn> context(turns.begin(), turns.end() - 1);
      for (size_t i = 0; i < context.size(); ++i) {
        context[i].role = (context.size() - 1 - i) % 2 ? Turn::Role::kAgent
                                                        : Turn::Role::kCustomer;
      }
      LintInput with_context = in;
      with_context.context = context;
      with_context.first_agent_turn = IsFirstAgentTurn(context);
      with_context.time_ms = in.final ? context.back().time_ms + 90000 : 0;
      LintAndCheck(with_context, draft);
    }
    ConversationResult cr;
    if (!ScoreConversation(Rules(), turns, ScoreOptions(), &cr).ok()) std::abort();
    if (cr.score < 0 || cr.score > 100) std::abort();
  }
  return 0;
}
