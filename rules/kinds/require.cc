// Kind "require": the message must contain at least one of the listed expressions (a closing
// line; an emoji code like [微笑] or an emoticon like ^_^), or, with unicode_emoji = yes, any
// Unicode emoji (Extended_Pictographic incl. ZWJ sequences and skin tones, keycaps, flags).
// Listed expressions match on the folded view, where punctuation is kept. When violated, the
// finding is an insertion point at the end of the draft, before a trailing emoji
// (AppendPoint), suggesting `insert`, or, with `replies_to`, what the list names for words
// the customer just wrote (没有了 => 感谢您的咨询，祝您生活愉快: someone who said they need
// nothing more is not asked 还有其他可以帮您的吗 again).
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "rules/kinds/kinds.h"
#include "rules/normalizer.h"
#include "rules/utf8.h"

namespace replylint {
namespace {

class RequireRule : public Rule {
 public:
  RequireRule(RuleInfo info, bool only_final, bool unicode_emoji, std::string insert,
              std::string separator, RequiredWords words, TurnTriggers replies,
              const Normalizer* normalizer)
      : Rule(std::move(info)),
        only_final_(only_final),
        unicode_emoji_(unicode_emoji),
        insert_(std::move(insert)),
        separator_(std::move(separator)),
        words_(words),
        replies_(std::move(replies)),
        normalizer_(normalizer) {
    set_satisfying_words(words.first, words.last);
  }

  bool ExamplesAreFinal() const override { return only_final_; }

  void Check(const Draft& draft, std::vector<Finding>* out) const override {
    if (only_final_ && !draft.input->final) return;
    if (unicode_emoji_ && draft.norm.has_unicode_emoji) return;
    if (words_.FoundIn(draft)) return;
    bool needs_separator = false;
    const uint32_t at = AppendPoint(draft.text(), *normalizer_, &needs_separator);
    // What the customer just said may call for other words (没有了，谢谢: no 还有其他可以帮您
    // 的吗 after that).
    const std::string* insert = &insert_;
    if (!replies_.empty() && !draft.input->context.empty()) {
      const std::string* r = replies_.Find(draft, this, nullptr, /*question_answers=*/true,
                                           *normalizer_);
      if (r != nullptr) insert = r;
    }
    Finding f = MakeFinding(draft, at, at);
    f.suggestions.push_back(needs_separator && !separator_.empty()
                                ? absl::StrCat(separator_, *insert)
                                : *insert);
    out->push_back(std::move(f));
  }

 private:
  bool only_final_;
  bool unicode_emoji_;
  std::string insert_;
  std::string separator_;
  RequiredWords words_;
  TurnTriggers replies_;  // `replies_to`: what the customer says => what to insert instead
  const Normalizer* normalizer_;
};

}  // namespace

absl::Status AddPlainList(RuleBuildContext* ctx, const ConfigValue& file,
                          AhoCorasick::Builder* builder, std::vector<Example>* examples,
                          std::vector<TriggerExtras>* triggers, bool reply_required) {
  auto lex = ctx->read_lexicon(file);
  if (!lex.ok()) return lex.status();
  examples->insert(examples->end(), lex->examples.begin(), lex->examples.end());
  for (const LexiconEntry& e : lex->entries) {
    if (e.is_regex || !e.unless_re.empty() ||
        (triggers == nullptr && (!e.suggestions.empty() || !e.unless.empty()))) {
      return absl::InvalidArgumentError(absl::StrCat(
          e.file, ":", e.line, ":", e.column, ": '", e.phrase,
          triggers == nullptr
              ? "': a list of expressions to look for takes plain text only (no =>, re:, unless)"
              : "': a trigger is plain text, optionally with '=> the reply to insert' and "
                "'| unless: WORDS' (no re:, unless-re)"));
    }
    if (reply_required && e.suggestions.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          e.file, ":", e.line, ":", e.column, ": '", e.phrase,
          "': each line here names what to insert instead when the customer says it; "
          "write '", e.phrase, " => TEXT'"));
    }
    std::string key = ctx->normalizer->Fold(e.phrase);
    if (key.empty()) continue;
    builder->Add(key);
    if (triggers != nullptr) {
      TriggerExtras& t = triggers->emplace_back();
      if (!e.suggestions.empty()) t.reply = e.suggestions[0];
      for (const std::string& u : e.unless) t.unless.push_back(ctx->normalizer->Fold(u));
    }
  }
  return absl::OkStatus();
}

namespace {

// Code points that belong to an emoji sequence: pictographs, flags and keycaps
// (Normalizer::IsEmojiCodePoint), and what joins or modifies them: ZWJ, VS16, skin tones,
// tag characters (subdivision flags).
bool IsEmojiPart(char32_t cp) {
  return Normalizer::IsEmojiCodePoint(cp) || cp == 0x200D || cp == 0xFE0F ||
         (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F);
}

}  // namespace

uint32_t AppendPoint(absl::string_view text, const Normalizer& normalizer,
                     bool* needs_separator) {
  size_t end = text.size();
  while (end > 0 && absl::ascii_isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  // Back over a trailing run of emoji, and the spaces between them and the words.
  size_t before_emoji = end;
  bool keycap = false;
  while (before_emoji > 0) {
    size_t p = before_emoji;
    const char32_t cp = DecodeUtf8Before(text, &p);
    if (!IsEmojiPart(cp)) {
      // A keycap (1️⃣) starts with its digit, '#' or '*'.
      if (keycap && (absl::ascii_isdigit(static_cast<unsigned char>(cp)) || cp == '#' ||
                     cp == '*')) {
        before_emoji = p;
      }
      break;
    }
    keycap = cp == 0x20E3 || (keycap && cp == 0xFE0F);
    before_emoji = p;
  }
  if (before_emoji < end) {
    end = before_emoji;
    while (end > 0 && absl::ascii_isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  }
  *needs_separator = false;
  if (end > 0) {
    size_t p = end;
    const CharClass c = normalizer.ClassOf(DecodeUtf8Before(text, &p));
    *needs_separator = c == CharClass::kHan || c == CharClass::kOther;
  }
  return static_cast<uint32_t>(end);
}

uint32_t OpeningEnd(const Draft& draft, const LookupWords& openers,
                    const Normalizer& normalizer) {
  if (openers.empty()) return 0;
  thread_local std::vector<Hit> hits;  // NOTE: per-thread scratch, reused across drafts
  const absl::string_view text = draft.text();
  // Text after the opener that its clause may still hold: 欢迎咨询|本店, 在的|哦.
  constexpr size_t kMaxTrailingChars = 4;
  uint32_t at = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    // The clause [pos, end) and the punctuation, spaces and emoji after it, [end, next).
    size_t end = pos;
    while (end < text.size()) {
      size_t p = end;
      if (normalizer.ClassOf(DecodeUtf8(text, &p)) == CharClass::kClause) break;
      end = p;
    }
    if (end == text.size()) break;  // the last clause is what the draft says, never skipped
    // Only this clause is scanned: most drafts open with one greeting clause or none, and
    // the rest of the draft is never read (a 4 KiB draft of 好的，好的，… stays linear).
    openers.FindIn(draft, static_cast<uint32_t>(pos), static_cast<uint32_t>(end), &hits);
    size_t opener_end = std::string::npos;
    for (const Hit& h : hits) {
      if (opener_end == std::string::npos || h.end > opener_end) opener_end = h.end;
    }
    if (opener_end == std::string::npos ||
        CountCodePoints(text.substr(opener_end, end - opener_end)) > kMaxTrailingChars) {
      break;
    }
    size_t next = end;
    while (next < text.size()) {
      size_t p = next;
      const CharClass c = normalizer.ClassOf(DecodeUtf8(text, &p));
      if (c != CharClass::kClause && c != CharClass::kSpace && c != CharClass::kFiller) break;
      next = p;
    }
    at = static_cast<uint32_t>(next);
    pos = next;
  }
  return at;
}

bool RequiredWords::FoundIn(const Draft& draft) const {
  return AnyHitIn(draft.require_hits, first, last);
}

absl::StatusOr<RequiredWords> TakeRequiredWords(RuleBuildContext* ctx, absl::string_view key,
                                                std::vector<Example>* examples) {
  RequiredWords w;
  w.first = static_cast<int>(ctx->require->size());
  for (const ConfigValue& f : ctx->config->TakeAll(key)) {
    if (absl::Status st = AddPlainList(ctx, f, ctx->require, examples); !st.ok()) return st;
  }
  w.last = static_cast<int>(ctx->require->size());
  return w;
}

absl::StatusOr<LookupWords> LookupWords::Take(RuleBuildContext* ctx,
                                              const std::vector<ConfigValue>& files) {
  LookupWords w;
  if (files.empty()) return w;
  AhoCorasick::Builder builder;
  std::vector<Example> not_this_rules;  // the list's examples test the rule that requires it
  for (const ConfigValue& f : files) {
    if (absl::Status st = AddPlainList(ctx, f, &builder, &not_this_rules); !st.ok()) return st;
  }
  w.words_ = std::move(builder).Build();
  return w;
}

void LookupWords::FindIn(const Draft& draft, uint32_t begin, uint32_t end,
                         std::vector<Hit>* out) const {
  out->clear();
  const NormalizedView& folded = draft.norm.folded();
  const size_t from = folded.FromOriginal(begin);
  const size_t to = folded.FromOriginal(end);
  if (from >= to) return;
  words_.ScanValidUtf8(absl::string_view(folded.text).substr(from, to - from),
                       [&](int id, size_t e) {
                         uint32_t ob, oe;
                         folded.ToOriginal(from + e - words_.pattern_length(id), from + e, &ob,
                                           &oe);
                         out->push_back({id, ob, oe});
                       });
}

absl::StatusOr<std::unique_ptr<Rule>> MakeRequireRule(RuleBuildContext* ctx) {
  RuleConfig& c = *ctx->config;
  auto when = c.TakeString("when", "always");
  if (!when.ok()) return when.status();
  if (*when != "always" && *when != "final") {
    return absl::InvalidArgumentError(absl::StrCat(
        c.Where(nullptr), "[rule ", ctx->info.id, "] when = '", *when,
        "'; write always (every message) or final (the conversation's last agent message)"));
  }
  auto unicode_emoji = c.TakeBool("unicode_emoji", false);
  if (!unicode_emoji.ok()) return unicode_emoji.status();
  auto insert = c.TakeRequired("insert");
  if (!insert.ok()) return insert.status();
  auto separator = c.TakeString("separator", "");
  if (!separator.ok()) return separator.status();

  std::vector<Example> examples;
  auto words = TakeRequiredWords(ctx, "words", &examples);
  if (!words.ok()) return words.status();
  if (words->empty() && !*unicode_emoji) {
    return absl::InvalidArgumentError(absl::StrCat(
        c.Where(nullptr), "[rule ", ctx->info.id,
        "] (kind require) lists nothing to require: add 'words = FILE' or unicode_emoji = yes"));
  }
  auto replies = TurnTriggers::Take(ctx, c.TakeAll("replies_to"), &examples,
                                    /*reply_required=*/true);
  if (!replies.ok()) return replies.status();
  auto rule = std::make_unique<RequireRule>(ctx->info, *when == "final", *unicode_emoji,
                                            std::move(*insert), std::move(*separator), *words,
                                            std::move(*replies), ctx->normalizer);
  rule->AddExamples(std::move(examples));
  return rule;
}

}  // namespace replylint
