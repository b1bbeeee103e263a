// Kind "length": 回答太长，宜分次回答. A paragraph (text between line breaks) longer than
// max_chars code points gets a split point, suggesting a line break, so the agent sends it as
// separate messages. Where, in order of preference, within the limit:
//   - after the last sentence end (。！？；) in the second half of the piece: 您好。|请…;
//   - at the last comma-like mark (，、：), which the break replaces, so that the first message
//     does not end in a dangling ，;
//   - at the last word boundary in the second half of the piece (ICU), so that a run with
//     no punctuation is not split inside a word (…请注意|查收, not …请注意查|收);
//   - at the limit.
// Each piece is a message of its own, and the guidelines want an emoji in every message
// (每句聊天中必须要有表情). With `piece_end` (😊), a piece without an emoji gets it before
// the break: an emoji character, or a bracketed code like [微笑] or 【微笑】. The last piece
// gets it at the paragraph's end (with `piece_end_message`), unless missing-emoji will put
// one there: a draft whose only emoji opens it (😊亲，…) was split into pieces the last of
// which had none.
#include <algorithm>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "rules/kinds/kinds.h"
#include "rules/normalizer.h"
#include "rules/segmenter.h"
#include "rules/utf8.h"

namespace replylint {
namespace {

class LengthRule : public Rule {
 public:
  LengthRule(RuleInfo info, int max_chars, std::string piece_end, std::string piece_end_message,
             const Normalizer* normalizer)
      : Rule(std::move(info)),
        max_chars_(max_chars),
        piece_end_(std::move(piece_end)),
        piece_end_message_(std::move(piece_end_message)),
        piece_end_chars_(static_cast<int>(CountCodePoints(piece_end_))),
        normalizer_(normalizer) {}

  void Check(const Draft& draft, std::vector<Finding>* out) const override {
    const absl::string_view text = draft.text();
    size_t para = 0;
    while (para <= text.size()) {
      size_t para_end = text.find('\n', para);
      if (para_end == absl::string_view::npos) para_end = text.size();
      CheckParagraph(draft, para, para_end, out);
      para = para_end + 1;
    }
  }

 private:
  void CheckParagraph(const Draft& draft, size_t begin, size_t end,
                      std::vector<Finding>* out) const {
    const absl::string_view text = draft.text();
    const size_t total = CountCodePoints(text.substr(begin, end - begin));
    if (total <= static_cast<size_t>(max_chars_)) return;
    size_t piece = begin;
    size_t remaining = total;  // code points from `piece` to `end`
    while (remaining > static_cast<size_t>(max_chars_)) {
      // Candidates: [begin, end) of the text the break replaces (empty: inserted), and how
      // many code points of the piece come before the next piece.
      struct Split {
        size_t begin = 0, end = 0;
        size_t chars = 0;
      };
      Split sentence, comma, limit;
      size_t pos = piece;
      int n = 0;
      // Room for piece_end, so that the piece it ends still fits.
      const int budget = std::max(1, max_chars_ - piece_end_chars_);
      while (n < budget && pos < end) {
        const size_t at = pos;
        const char32_t cp = DecodeUtf8(text, &pos);
        ++n;
        if (pos < end && normalizer_->ClassOf(cp) == CharClass::kClause) {
          if (IsSentenceEnd(cp)) {
            sentence = {pos, pos, static_cast<size_t>(n)};
          } else {
            comma = {at, pos, static_cast<size_t>(n)};
          }
        }
        limit = {pos, pos, static_cast<size_t>(n)};
      }
      Split split = limit;
      if (sentence.chars * 2 >= static_cast<size_t>(max_chars_)) {
        split = sentence;
      } else if (comma.chars > 0) {
        split = comma;
      } else if (sentence.chars > 0) {
        split = sentence;
      } else if (limit.end < end) {
        // No punctuation at all: the last word boundary (only on this rare path, so ICU's
        // cost is paid by drafts that are too long and unpunctuated).
        const size_t b = Segmenter::LastBoundaryAtOrBefore(text, piece, limit.end);
        const size_t chars = CountCodePoints(text.substr(piece, b - piece));
        if (chars * 2 >= static_cast<size_t>(max_chars_)) split = {b, b, chars};
      }
      remaining -= split.chars;
      Finding f = MakeFinding(draft, static_cast<uint32_t>(split.begin),
                              static_cast<uint32_t>(split.end),
                              absl::StrReplaceAll(info().message,
                                                  {{"{chars}", absl::StrCat(total)},
                                                   {"{max}", absl::StrCat(max_chars_)}}));
      f.suggestions.push_back(
          piece_end_.empty() || HasEmoji(text.substr(piece, split.begin - piece))
              ? std::string("\n")
              : absl::StrCat(piece_end_, "\n"));
      out->push_back(std::move(f));
      piece = split.end;
    }
    // The last piece. A draft with no emoji at all gets one at its end from missing-emoji,
    // which is this piece's end when the paragraph is the draft's last.
    if (piece_end_.empty() || HasEmoji(text.substr(piece, end - piece))) return;
    if (end == text.size() && !draft.norm.has_unicode_emoji && !HasEmoji(text)) return;
    size_t at = end;
    while (at > piece && absl::ascii_isspace(static_cast<unsigned char>(text[at - 1]))) --at;
    Finding f = MakeFinding(draft, static_cast<uint32_t>(at), static_cast<uint32_t>(at),
                            &piece_end_message_);
    f.suggestions.push_back(piece_end_);
    out->push_back(std::move(f));
  }

  // Marks that end a sentence rather than a clause: a message may end with them.
  static bool IsSentenceEnd(char32_t cp) {
    switch (cp) {
      case U'。': case U'！': case U'？': case U'；': case U'!': case U'?': case U';':
      case U'…':
        return true;
      default:
        return false;
    }
  }

  // An emoji character (with its modifiers: any one counts), or an emoji code, [微笑] or
  // 【微笑】, as the consoles write them (EmojiCodeEnd).
  static bool HasEmoji(absl::string_view piece) {
    for (size_t pos = 0; pos < piece.size();) {
      if (EmojiCodeEnd(piece, pos) != 0) return true;
      if (Normalizer::IsEmojiCodePoint(DecodeUtf8(piece, &pos))) return true;
    }
    return false;
  }

  int max_chars_;
  std::string piece_end_;  // put before a break when the piece has no emoji; may be empty
  std::string piece_end_message_;  // for the last piece's; empty: the rule's message
  int piece_end_chars_;
  const Normalizer* normalizer_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Rule>> MakeLengthRule(RuleBuildContext* ctx) {
  auto max_chars = ctx->config->TakeInt("max_chars", 100, 10, 100000);
  if (!max_chars.ok()) return max_chars.status();
  auto piece_end = ctx->config->TakeString("piece_end", "");
  if (!piece_end.ok()) return piece_end.status();
  auto piece_end_message = ctx->config->TakeString("piece_end_message", "");
  if (!piece_end_message.ok()) return piece_end_message.status();
  return std::make_unique<LengthRule>(ctx->info, *max_chars, *std::move(piece_end),
                                      *std::move(piece_end_message), ctx->normalizer);
}

}  // namespace replylint
