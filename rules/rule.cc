#include "rules/rule.h"

#include <unicode/uchar.h>

#include "rules/utf8.h"

namespace replylint {

namespace {

// The end of the combining marks stacked on the character that ends at `end` (不̲知̲道̲): a
// span that stopped before them would leave the last one behind, on whatever the suggestion
// puts there (我帮您查询一下̲).
uint32_t PastCombiningMarks(absl::string_view text, uint32_t end) {
  while (end < text.size()) {
    size_t next = end;
    const char32_t cp = DecodeUtf8(text, &next);
    // Han, full-width punctuation and emoji, which is what follows nearly every span, are
    // never marks: answered without asking ICU.
    if (cp < 0x300 || (cp >= 0x3400 && cp < 0xA000) || (cp >= 0xFF00 && cp < 0xFFF0) ||
        (cp >= 0x1F000 && cp < 0x20000)) {
      break;
    }
    const int8_t type = u_charType(static_cast<UChar32>(cp));
    if (type != U_NON_SPACING_MARK && type != U_ENCLOSING_MARK) break;
    end = static_cast<uint32_t>(next);
  }
  return end;
}

}  // namespace

Finding Rule::MakeFinding(const Draft& draft, uint32_t begin, uint32_t end,
                          const std::string* message_template) const {
  Finding f;
  f.begin = begin;
  f.end = begin < end ? PastCombiningMarks(draft.text(), end) : end;
  f.message_template =
      message_template != nullptr && !message_template->empty() ? message_template : &info_.message;
  return f;
}

Finding Rule::MakeFinding(const Draft& draft, uint32_t begin, uint32_t end,
                          std::string message) const {
  Finding f;
  f.begin = begin;
  f.end = begin < end ? PastCombiningMarks(draft.text(), end) : end;
  if (draft.messages) f.message = std::move(message);  // a rewrite round needs only spans
  return f;
}

}  // namespace replylint
