// Kind "phrase": words and RE2 patterns from word lists, matched on the compact view (so
// spacing and emoji tricks do not hide them), each checked against its exceptions and, by
// default, against ICU word boundaries.
#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "rules/kinds/kinds.h"
#include "rules/normalizer.h"
#include "rules/utf8.h"

namespace replylint {
namespace {

bool IsClauseByte(absl::string_view t, size_t i) {
  switch (t[i]) {
    case ',': case '?': case '!': case ';': case ':': case '\n': return true;
    default: break;
  }
  // 。 E3 80 82, 、 E3 80 81
  return static_cast<unsigned char>(t[i]) == 0xE3 && i + 2 < t.size() &&
         static_cast<unsigned char>(t[i + 1]) == 0x80 &&
         (static_cast<unsigned char>(t[i + 2]) == 0x81 ||
          static_cast<unsigned char>(t[i + 2]) == 0x82);
}

// Whether a clause mark ends right before `p`: a one-byte one at p - 1, or 。/、 (three
// bytes) at p - 3.
bool MarkEndsAt(absl::string_view t, size_t p) {
  return (p >= 1 && IsClauseByte(t, p - 1)) ||
         (p >= 3 && static_cast<unsigned char>(t[p - 3]) == 0xE3 && IsClauseByte(t, p - 3));
}

// Bytes of clause an exclusion pattern sees on each side of a match, at most: keeps a huge
// draft with no punctuation linear.
constexpr size_t kMaxClauseBytes = 256;

// The clause of `t` around [b, e): between clause punctuation, within kMaxClauseBytes.
absl::string_view ClauseAround(absl::string_view t, size_t b, size_t e) {
  // Back to a mark that ends right before cb (MarkEndsAt). (Its second test once took a
  // one-byte mark at cb - 3 too, which cut the
  // character after every comma off the clause: 不确定尺码的话，请把身高体重告诉我 gave the
  // exclusion pattern 把身高体重告诉我, without the 请 that cancels it.)
  size_t cb = b;
  while (cb > 0 && b - cb < kMaxClauseBytes && !MarkEndsAt(t, cb)) {
    --cb;
  }
  while (cb < b && (static_cast<unsigned char>(t[cb]) & 0xC0) == 0x80) ++cb;
  size_t ce = e;
  while (ce < t.size() && ce - e < kMaxClauseBytes && !IsClauseByte(t, ce)) ++ce;
  while (ce > e && ce < t.size() && (static_cast<unsigned char>(t[ce]) & 0xC0) == 0x80) --ce;
  return t.substr(cb, ce - cb);
}

// Bytes to drop from the start of `suggestion` because the draft already says a subject
// right before the match: 这个我们|没办法 with 我们一起想想办法 gives 这个我们一起想想办法,
// not 这个我们我们一起…; 我们这边|不知道 with 我帮您查询一下 gives 我们这边帮您查询一下.
// `before` is the compact view up to the match. The subject (我, 我们, 咱们, Cantonese 我哋)
// may be followed by up to two adverbs (这边, 也 …). The suggestion's own subject (我 or
// 我们) is dropped whole, so that it still reads alone where it is shown (帮您查询一下), and
// with it an adverb of the suggestion's that the draft typed after its subject: 我们这边|不行
// with 我这边帮您想想其他办法 gives 我们这边帮您想想其他办法, not 我们这边这边帮您…. 0 when
// the draft has no subject there.
size_t SubjectAlreadyTyped(absl::string_view before, absl::string_view suggestion) {
  // One character decides for most matches (each string compared is a call to memcmp): the
  // draft's words before the match must end in a subject or one of the adverbs below.
  if (before.empty()) return 0;
  size_t q = before.size();
  const char32_t last = DecodeUtf8Before(before, &q);
  switch (last) {  // a switch: a few compares, where a table scan cost ~40 instructions
    case U'我': case U'们': case U'哋': case U'边': case U'里': case U'也':
    case U'都': case U'实': case U'在': case U'时': case U'前': case U'的':
      break;
    default:
      return 0;
  }
  // A suggestion without a subject that starts where the draft's words end: 我们这边|不可能
  // with 这边帮您再确认一下 gives 我们这边帮您再确认一下.
  if ((last == U'边' || last == U'里') &&
      (absl::StartsWith(suggestion, "这边") || absl::StartsWith(suggestion, "这里")) &&
      (absl::EndsWith(before, "这边") || absl::EndsWith(before, "这里"))) {
    return std::strlen("这边");  // 这里 is as long
  }
  size_t subject;
  if (absl::StartsWith(suggestion, "我们")) {
    subject = std::strlen("我们");
  } else if (absl::StartsWith(suggestion, "我")) {
    subject = std::strlen("我");
  } else {
    return 0;
  }
  static constexpr absl::string_view kAdverbs[] = {"这边", "这里", "也", "都", "确实",
                                                   "实在", "暂时", "目前", "真的"};
  absl::string_view typed[2];  // the adverbs after the draft's subject, last first
  for (int i = 0; i < 2; ++i) {
    for (absl::string_view a : kAdverbs) {
      if (absl::ConsumeSuffix(&before, a)) {
        typed[i] = a;
        break;
      }
    }
    if (typed[i].empty()) break;
  }
  if (!absl::EndsWith(before, "我") && !absl::EndsWith(before, "我们") &&
      !absl::EndsWith(before, "咱们") && !absl::EndsWith(before, "我哋")) {
    return 0;
  }
  for (absl::string_view a : typed) {
    if (a == "这边" || a == "这里") {
      const absl::string_view rest = suggestion.substr(subject);
      if (absl::StartsWith(rest, "这边") || absl::StartsWith(rest, "这里")) {
        return subject + std::strlen("这边");  // 这里 is as long
      }
    }
  }
  return subject;
}

// Whether the match [b, en) of the draft `t` lies in a web or e-mail address: the run of printable
// ASCII around it holds "://" or an @, or starts with "www." (ref=bzd in a link, bzd@qq.com:
// not a customer being told 不知道). Looked at for Latin matches only; at most 512 bytes of
// the run are read on each side.
bool InsideUrl(absl::string_view t, size_t b, size_t en) {
  auto in_run = [&](size_t i) {
    const unsigned char c = static_cast<unsigned char>(t[i]);
    return c > ' ' && c < 0x80;
  };
  size_t s = b, e = en;
  while (s > 0 && b - s < 512 && in_run(s - 1)) --s;
  while (e < t.size() && e - en < 512 && in_run(e)) ++e;
  const absl::string_view run = t.substr(s, e - s);
  return absl::StrContains(run, "://") || absl::StrContains(run, "@") ||
         absl::StartsWith(run, "www.");
}

// Whether the folded text `f` holds an opening quotation mark at all (", “, ‘, 「 or 『; the
// full-width ＂ is folded to "); most drafts do not.
// Three memchr-driven searches (std::string_view's find in libstdc++; absl's multi-byte
// find and rfind compare a byte at a time): for ", for “ and ‘ (E2 80 9C, E2 80 98), and
// for 「 and 『 (E3 80 8C, E3 80 8E), which share their first two bytes with 。 and 、.
bool HasOpeningQuote(absl::string_view folded) {
  const std::string_view f(folded.data(), folded.size());
  if (f.find('"') != f.npos) return true;
  auto any_after = [&](std::string_view lead, char x, char y) {
    for (size_t p = f.find(lead); p != f.npos && p + 2 < f.size(); p = f.find(lead, p + 1)) {
      if (f[p + 2] == x || f[p + 2] == y) return true;
    }
    return false;
  };
  return any_after("\xE2\x80", '\x9C', '\x98') || any_after("\xE3\x80", '\x8C', '\x8E');
}

// Whether [b, en) of the folded view `f` is inside quotation marks that follow a word of
// reporting (说, 写着, 反馈, 显示 …): the agent repeating what the customer said or what a
// page shows (您说的“你们发错货了”我已经记录了, 系统提示「无法退款」), not saying it to the
// customer. Quotes of up to 30 characters on either side of the match; “”, 「」, 『』, ‘’ and
// straight quotes (paired by count). Bounded work per match, whatever the draft's length.
bool InsideReportedQuote(absl::string_view f, size_t b, size_t en) {
  static constexpr char32_t kOpen[] = {U'"', U'“', U'「', U'『', U'‘'};
  static constexpr char32_t kClose[] = {U'"', U'”', U'」', U'』', U'’'};
  static constexpr absl::string_view kReporting[] = {
      "说", "说的", "说的是", "说了", "讲", "讲的", "写", "写的", "写着", "写的是", "提到",
      "提到的", "反馈", "反馈的", "问", "问的", "是指", "指的是", "称", "显示", "显示的",
      "显示着", "备注", "留言", "原话", "表示", "提示", "提示的", "报错", "叫"};
  constexpr size_t kReach = 30 * 3;
  auto index_in = [](const char32_t* marks, char32_t c) {
    for (int i = 0; i < 5; ++i) {
      if (marks[i] == c) return i;
    }
    return -1;
  };
  // The nearest quotation mark before the match, within reach: it must open a quote.
  int kind = -1;
  size_t open = b;
  for (size_t p = b; p > 0 && b - p < kReach;) {
    const char32_t c = DecodeUtf8Before(f, &p);
    if (index_in(kClose, c) > 0) return false;  // a quote that closed before the match
    kind = index_in(kOpen, c);
    if (kind >= 0) {
      open = p;
      break;
    }
  }
  if (kind < 0) return false;
  if (kind == 0) {
    // A straight quote opens when an even number come before it, counted over the 60
    // characters before, so that a 4 KiB draft of them stays linear.
    const size_t count_from = open > 2 * kReach ? open - 2 * kReach : 0;
    if (std::count(f.begin() + count_from, f.begin() + open, '"') % 2 != 0) return false;
  }
  // Its closing mark after the match, within reach.
  bool closed = false;
  for (size_t p = en; p < f.size() && p - en < kReach && !closed;) {
    closed = DecodeUtf8(f, &p) == kClose[kind];
  }
  if (!closed) return false;
  absl::string_view before = f.substr(0, open);
  while (!before.empty() && (before.back() == ' ' || before.back() == ':')) {
    before.remove_suffix(1);
  }
  absl::ConsumeSuffix(&before, "：");
  for (absl::string_view verb : kReporting) {
    if (absl::EndsWith(before, verb)) return true;
  }
  return false;
}

}  // namespace


namespace {


// Marks that end a sentence, full and half width.
constexpr absl::string_view kEndMarks[] = {"？", "?", "！", "!", "。", "."};

// A suggestion that ends a sentence (您好，请问有什么可以帮您？) drops its own mark when the
// draft already has one right after the match (什么事？), so the rewrite does not read
// 请问有什么可以帮您？？. `after` is the original text after the match.
template <typename Strings>
void DropRepeatedEndMark(absl::string_view after, Strings* suggestions) {
  if (std::none_of(std::begin(kEndMarks), std::end(kEndMarks),
                   [&](absl::string_view m) { return absl::StartsWith(after, m); })) {
    return;
  }
  for (std::string& s : *suggestions) {
    for (absl::string_view m : kEndMarks) {
      if (s.size() > m.size() && absl::EndsWith(s, m)) {
        s.resize(s.size() - m.size());
        break;
      }
    }
  }
}

bool EndsWithEndMark(absl::string_view s) {
  return std::any_of(std::begin(kEndMarks), std::end(kEndMarks),
                     [&](absl::string_view m) { return absl::EndsWith(s, m); });
}

bool EndsWithQuestionMark(absl::string_view s) {
  return absl::EndsWith(s, "？") || absl::EndsWith(s, "?");
}

// Whether a suggestion asks (您看可以吗？, 还有什么可以帮您的吗).
bool IsQuestion(absl::string_view s) {
  static constexpr absl::string_view kAsks[] = {"？", "?", "吗", "呢", "么"};
  return std::any_of(std::begin(kAsks), std::end(kAsks),
                     [&](absl::string_view a) { return absl::EndsWith(s, a); });
}

// The end of the question marks (one or more, ？ folded to ?) at `p` of the compact view, or
// `p` when there are none.
size_t QuestionMarkAt(absl::string_view t, size_t p) {
  while (p < t.size() && t[p] == '?') ++p;
  return p;
}

// Whether a match says no: holds 不, 没, 别 (but not 别人, others), 无, 未, or Cantonese
// 唔 or 冇.
bool HoldsNegation(absl::string_view match) {
  static constexpr absl::string_view kNegations[] = {"不", "没", "无", "未", "唔", "冇"};
  for (absl::string_view n : kNegations) {
    if (absl::StrContains(match, n)) return true;
  }
  for (size_t p = match.find("别"); p != absl::string_view::npos; p = match.find("别", p + 3)) {
    if (match.substr(p + 3, 3) != "人") return true;
  }
  return false;
}

// Sentence-final particles, Mandarin, Taiwanese (欸, 捏) and Cantonese (嘅, 㗎, 喇), as the
// compact view has them (喎 and 囉 fold to 㖞 and 啰): those that belong to the refusal first,
// then the softeners.
constexpr char32_t kParticles[] = {U'的', U'了', U'耶', U'啊', U'啦', U'嘛', U'咯', U'哟', U'吧',
                                   U'呗', U'㖞', U'啰', U'嘅', U'㗎', U'喇', U'欸', U'诶', U'哦',
                                   U'喔', U'噢', U'呢', U'呀', U'哈', U'捏'};
constexpr int kFirstSoftener = 17;  // 哦 and after: a softener, kept when last
static_assert(kParticles[kFirstSoftener] == U'哦');

// The index in kParticles of the character of `t` at `p`, or -1; advances `p` past it.
int ParticleAt(absl::string_view t, size_t* p) {
  if (*p >= t.size()) return -1;
  size_t q = *p;
  const char32_t c = DecodeUtf8(t, &q);
  const auto* it = std::find(std::begin(kParticles), std::end(kParticles), c);
  if (it == std::end(kParticles)) return -1;
  *p = q;
  return static_cast<int>(it - std::begin(kParticles));
}

// Whether the character of `t` at `p` is not Han (punctuation, an emoji, Latin) or is the
// end, by the normalizer's classes as every rule reads them. A clause-final 亲 or 亲亲, the
// shop's way of addressing the customer, ends it too: 不能退了亲 is 不能退了 said to 亲.
bool EndsClauseAt(absl::string_view t, size_t p) {
  if (absl::StartsWith(t.substr(p), "亲")) {
    p += std::strlen("亲");
    if (absl::StartsWith(t.substr(p), "亲")) p += std::strlen("亲");
  }
  if (p >= t.size()) return true;
  return Normalizer::Default().ClassOf(DecodeUtf8(t, &p)) != CharClass::kHan;
}

// Whether a match ending at `en` ends its clause: at most two particles, then no Han.
bool EndsClause(absl::string_view t, size_t en) {
  if (ParticleAt(t, &en) >= 0) ParticleAt(t, &en);
  return EndsClauseAt(t, en);
}

// The draft's own characters for the compact view's bytes [b, e): one per character of the
// view (so the spaces and fillers it drops between Han characters stay dropped), as typed
// (ＩＤ, Order, 訂單 rather than the folded id, order, 订单).
std::string TypedText(const NormalizedView& view, absl::string_view original, size_t b,
                      size_t e) {
  std::string out;
  uint32_t last = UINT32_MAX;
  for (size_t p = b; p < e;) {
    size_t q = p;
    DecodeUtf8(view.text, &q);
    uint32_t ob, oe;
    view.ToOriginal(p, q, &ob, &oe);
    if (ob != last) absl::StrAppend(&out, original.substr(ob, oe - ob));  // one source, once
    last = ob;
    p = q;
  }
  return out;
}

// Where a replaced negative really ends: after the sentence-final particles that belonged
// to it, when nothing but particles is left of the clause. 我不知道耶 with 我帮您查询一下
// became 我帮您查询一下耶, and 这个不行的哦 this 这个我这边帮您想想其他办法的哦. A last softener
// (哦, 呢, 呀, 哈 …) stays, because it reads as well after the suggestion as after the refusal
// and shop staff use it on purpose (我帮您查询一下哦): 这个不行的哦 → 这个我这边帮您想想其他办法哦.
// At most two particles, and the character after them must not be Han (punctuation, an
// emoji, the end), so 不知道的话 and 没办法的事 keep their 的. Only for a match that holds a
// negation, as for the adverbs before it: 是我门的 (a typo entry) keeps its 的.
size_t EndWithParticles(absl::string_view t, size_t b, size_t en) {
  size_t p = en, before_last = en;
  int last = -1;
  for (int i = 0; i < 2; ++i) {
    const size_t at = p;
    // 吗 too, which makes the negative a retort (这个都不知道吗, 不行吗): the suggestion
    // answers it, and 我来为您详细说明一下吗 asked the customer whether to.
    int k = 0;
    if (absl::StartsWith(t.substr(p), "吗")) {
      p += std::strlen("吗");
    } else {
      k = ParticleAt(t, &p);
    }
    if (k < 0) break;
    before_last = at;
    last = k;
  }
  if (last < 0 || !EndsClauseAt(t, p)) return en;
  if (last >= kFirstSoftener) p = before_last;
  return p > en && HoldsNegation(t.substr(b, en - b)) ? p : en;
}

// Where a match whose suggestion ends in a particle (请问您希望我们怎么处理呢, 您看这样可以吗？)
// really ends: after the particles the draft put there, when they end the clause, since the
// suggestion's own takes their place. 你到底想怎样呢 became 请问您希望我们怎么处理呢呢, and
// 随便你吗？ 您看这样解决行吗吗？. At most two (a 吗 too), as for a negative's particles.
size_t EndWithSuggestionParticle(absl::string_view t, size_t en, absl::string_view suggestion) {
  // The suggestion's last character first, its end marks aside; characters, not strings, so
  // that no memcmp runs for the many suggestions that end otherwise (…查询一下).
  size_t q = suggestion.size();
  char32_t last = 0;
  while (q > 0) {
    last = DecodeUtf8Before(suggestion, &q);
    if (last != U'？' && last != U'?' && last != U'！' && last != U'!' && last != U'。' &&
        last != U'.') {
      break;
    }
  }
  // Only particles that ask or soften: a suggestion ending in 了 (已经是最优惠的了) keeps the
  // draft's 哦 after it, as a replaced negative does.
  switch (last) {
    case U'吗': case U'呢': case U'吧': case U'啊': case U'呀': case U'嘛': case U'哦': case U'啦':
      break;
    default:
      return en;
  }
  size_t p = en;
  for (int i = 0; i < 2; ++i) {
    if (absl::StartsWith(t.substr(p), "吗")) {
      p += std::strlen("吗");
    } else if (ParticleAt(t, &p) < 0) {
      break;
    }
  }
  return p > en && EndsClauseAt(t, p) ? p : en;
}

// Where a match really ends when every suggestion ends with the words the draft goes on
// with: 你自己对照|一下 with 我帮您对照一下 read 我帮您对照一下一下. Two characters at least
// (a one-character overlap is as likely chance: …同事|事情), up to four.
size_t EndWithSuggestionTail(absl::string_view t, size_t en,
                             const std::vector<std::string>& suggestions) {
  if (suggestions.empty() || en >= t.size()) return en;
  // Most findings: the suggestion's last three bytes (a Han character) are none of the
  // draft's second to fourth characters after the match, and nothing is decoded.
  const std::string& first = suggestions[0];
  if (first.size() < 6) return en;
  const absl::string_view last = absl::string_view(first).substr(first.size() - 3);
  bool may = false;
  for (size_t at = en + 3; at + 3 <= t.size() && at <= en + 9; at += 3) {
    may |= t.substr(at, 3) == last;
  }
  if (!may) return en;
  size_t best = 0;
  size_t p = en;
  for (int chars = 1; chars <= 4 && p < t.size(); ++chars) {
    DecodeUtf8(t, &p);
    if (chars < 2) continue;
    const absl::string_view tail = t.substr(en, p - en);
    bool all = true;
    for (const std::string& s : suggestions) all &= absl::EndsWith(s, tail);
    if (all) best = p - en;
  }
  return en + best;
}

// The adverb that strengthens or hedges a negative and ends `before`, or "": 真, 也, 根本,
// 刚才, 可能, 估计, 反正 … (the cases below); 真系 is Cantonese 真係 as the compact view folds
// it. The last character picks the one or two words to compare, so 真的 is never read as a
// lone 的. One list for the span (StartWithIntensifiers) and for the customer as subject
// (CustomerIsSubject), which kept lists of their own and drifted apart. A switch, not a
// table scanned with EndsWith: it runs for every finding with a suggestion, and the table
// (even with a last-byte test before each compare) cost 331 instructions a draft more.
absl::string_view AdverbBefore(absl::string_view before) {
  if (before.empty()) return {};
  size_t q = before.size();
  const char32_t last = DecodeUtf8Before(before, &q);
  const absl::string_view one = before.substr(q);
  auto either = [&](absl::string_view a, absl::string_view b2 = {}) -> absl::string_view {
    if (absl::EndsWith(before, a)) return a;
    if (!b2.empty() && absl::EndsWith(before, b2)) return b2;
    return {};
  };
  switch (last) {
    case U'的': return either("真的");
    case U'系': return either("真系");
    case U'确': return either("的确");
    case U'实': return either("确实");
    case U'在': return either("实在");
    case U'本': return either("根本", "基本");
    case U'上': return either("基本上");
    case U'全': return either("完全");
    case U'才': return either("刚才");
    case U'刚': return either("刚刚");
    case U'能': return either("可能");
    case U'像': return either("好像");
    case U'定': return either("肯定");
    case U'怕': return either("恐怕");
    case U'计': return either("估计");
    case U'般': return either("一般");
    case U'该': return either("应该");
    case U'概': return either("大概");
    case U'正': return either("反正");
    case U'真': case U'也': case U'都': case U'还': case U'就': case U'是':
      return one;
    default:
      return {};
  }
}

// Where a replaced negative really starts: before the adverbs that only strengthen it
// (AdverbBefore). 我真不清楚 with 我帮您确认一下 became 我真我帮您确认一下, and 这个也不行 this
// 这个也我这边帮您想想其他办法: the adverb means nothing once the negative is gone, so the
// finding takes it along (这个我真不清楚 → 这个我帮您确认一下). 刚才 and 刚刚 (just now) too:
// 我刚才不是说过了吗 became 我刚才我再为您说明一下; the offer that replaces the negative is
// made now. Hedges (可能不行, 估计退不了: 可能我这边帮您想想…) and the dismissive 反正 (反正
// 不是我们的问题) as well. And the copula 是 after 这/那/这个 (这个是不行的 became 这个是我这边
// 帮您想想其他办法). Only for a match that holds a negation (不, 没 …): 还 before 你 is a verb
// (会还你钱). The adverb must start a word by ICU's dictionary (which glues it to the
// negative: 我/真不/清楚), so 果真 (indeed) in 果真不知道 stays. Up to two adverbs (我也真的
// 不知道).
size_t StartWithIntensifiers(const Draft& draft, absl::string_view t, size_t b, size_t en) {
  bool negation_checked = false;  // lazily: most matches have no adverb before them
  for (int i = 0; i < 2; ++i) {
    const absl::string_view adverb = AdverbBefore(t.substr(0, b));
    if (adverb.empty()) break;
    if (!negation_checked) {
      if (!HoldsNegation(t.substr(b, en - b))) break;
      negation_checked = true;
    }
    // 是 only as the copula after 这, 那 or 这个/那个: 特价商品是不能退的 has an entry of its
    // own (是不能退的), which a span grown over its 是 would tie with.
    if (adverb == "是") {
      const absl::string_view topic = t.substr(0, b - adverb.size());
      if (!absl::EndsWith(topic, "这") && !absl::EndsWith(topic, "那") &&
          !absl::EndsWith(topic, "个")) {
        break;
      }
    }
    if (!Segmenter::AlignsWithWords(t, b - adverb.size(), en, &draft.words)) break;
    b -= adverb.size();
  }
  return b;
}

// The customer as a draft names them, longest first (你们 before 你).
constexpr absl::string_view kAddressees[] = {"你们", "您们", "你哋", "你", "您"};  // 你哋: Cantonese 你们

// Words after which a 你/您 is their object, not a subject: 我给你们自己看说明书, 我跟你说.
constexpr absl::string_view kObjectOf[] = {"给", "帮", "让", "叫", "和", "跟", "对",
                                           "为", "替", "向", "被", "把", "教"};

// Whether the negative at [b, en) of the compact view `t` (a match that opens with 不, 没 …)
// is the customer's: right after a 你/您/你们/您们 that is its subject (with 也, 都, 还 …
// between them), as in 你不知道怎么操作的话，我来教您 or 如果你不清楚尺码. The agent is not refusing anything
// there, and a suggestion in the agent's voice (我帮您查询一下) cannot replace it: the rewrite
// read 我帮您查询一下怎么操作的话. A pronoun after 给, 帮, 跟 … is an object (我跟你说不知道
// stays a finding), and a match that itself starts with 你/您 (你不知道吗, an entry of its own)
// is not this.
bool CustomerIsSubject(const Draft& draft, absl::string_view t, size_t b, size_t en) {
  if (b == 0) return false;
  // The match must open with the negative; in 你|这样说我也没办法 the subject is 我.
  size_t r = b;
  switch (DecodeUtf8(t, &r)) {
    case U'不': case U'没': case U'无': case U'未': case U'唔': case U'冇':
      break;
    default:
      return false;
  }
  // Adverbs may stand between (AdverbBefore), hedges too: 你可能不知道，这款有两个颜色
  // tells the customer something.
  absl::string_view before = t.substr(0, b);
  for (int i = 0; i < 2; ++i) {
    const absl::string_view a = AdverbBefore(before);
    if (a.empty()) break;
    before.remove_suffix(a.size());
  }
  {
    size_t q = before.size();
    switch (before.empty() ? 0 : DecodeUtf8Before(before, &q)) {  // most: one test
      case U'你': case U'您': case U'们': case U'哋': break;
      default: return false;
    }
  }
  size_t addressee = 0;
  for (absl::string_view a : kAddressees) {
    if (absl::EndsWith(before, a)) {
      addressee = a.size();
      break;
    }
  }
  if (addressee == 0) return false;
  before.remove_suffix(addressee);
  for (absl::string_view o : kObjectOf) {
    if (absl::EndsWith(before, o)) return false;
  }
  return Segmenter::AlignsWithWords(t, before.size(), before.size() + addressee, &draft.words);
}

// Where a match whose suggestion names its own subject (我把使用方法发给您, 我帮您联系快递核实)
// starts: before the 你/您/你们/您们 that is the subject of the match (with a 可以, 就, 自己 …
// between them), and a 请 or 麻烦 before that. The suggestion makes the agent the one who
// acts, so the customer the draft told to act goes with the span: 您自己看说明书吧 →
// 我把使用方法发给您吧, 请您自己看说明书 → 我把使用方法发给您, not 您我把… or 请您我把….
// A pronoun after 给, 帮, 让 … is their object, not the subject (我给你们自己看说明书), and
// the new start must line up with ICU's words.
// A suggestion that is itself a request (请您稍等一下, 麻烦您把订单号发给我好吗) does the same,
// and also takes a lone 请 or 麻烦: 那你就等着吧 became 那您就请您稍等一下, and 请你等着
// 请请您稍等一下; now 那请您稍等一下 and 请您稍等一下. So does one that opens with the customer
// (您别着急…, 您可以再考虑一下…): 你别催了 read 您您别着急 once missing-honorific had its 你.
size_t StartWithAddressee(const Draft& draft, absl::string_view t, size_t b, size_t en) {
  static constexpr absl::string_view kBetween[] = {"也可以", "可以", "就", "得", "要", "先",
                                                   "自己", "需要", "必须", "只能", "应该",
                                                   "具体", "可能"};
  static constexpr absl::string_view kAsking[] = {"请", "麻烦"};
  auto strip = [&](size_t* at, absl::Span<const absl::string_view> words) {
    for (absl::string_view w : words) {
      if (absl::EndsWith(t.substr(0, *at), w)) {
        *at -= w.size();
        return true;
      }
    }
    return false;
  };
  size_t p = b;
  const absl::string_view match = t.substr(b, en - b);
  // 你们 and 您们 start so too.
  if (!absl::StartsWith(match, "你") && !absl::StartsWith(match, "您")) {
    // Most matches have nothing of the kind before them, and the character before says so
    // (it is not 你, 您, 们 or the last of a kBetween word) before the lists are tried.
    static constexpr char32_t kLastBefore[] = {U'你', U'您', U'们', U'哋', U'以', U'就',
                                               U'得', U'要', U'先', U'己', U'请', U'烦',
                                               U'须', U'能', U'该', U'体'};
    if (b == 0) return b;
    size_t q = b;
    const char32_t last = DecodeUtf8Before(t, &q);
    if (std::find(std::begin(kLastBefore), std::end(kLastBefore), last) ==
        std::end(kLastBefore)) {
      return b;
    }
    size_t r = p;
    const bool between = strip(&r, kBetween);  // up to two: 您可以先|问问商家
    if (between) strip(&r, kBetween);
    if (strip(&r, kAddressees)) {
      size_t o = r;
      if (strip(&o, kObjectOf)) return b;
      p = r;
    } else if (between) {
      // The same words with no customer named (这个情况|要|找售后, 签收了|就|找快递) tell
      // them what to do as much: 您这个情况要我帮您联系售后同事处理 kept the 要.
      p = r;
    } else {
      // A lone 请 or 麻烦 only where a clause starts (亲，请等着吧), not the adjective of
      // 这个很麻烦|不知道.
      r = p;
      if (!strip(&r, kAsking)) return b;
      if (r > 0) {
        size_t q2 = r;
        const char32_t c = DecodeUtf8Before(t, &q2);
        if (c != U'那' && c != U'亲' &&
            Normalizer::Default().ClassOf(c) == CharClass::kHan) {
          return b;
        }
      }
    }
  } else {
    size_t q = p;
    if (strip(&q, kObjectOf)) return b;
  }
  strip(&p, kAsking);
  if (p == b || !Segmenter::AlignsWithWords(t, p, en, &draft.words)) return b;
  return p;
}

// Whether a suggestion is a sentence with its own subject, which replaces the customer the
// draft addressed along with the match (StartWithAddressee): in the agent's voice (我帮您…),
// a request or a question to them (请您…, 请问…, 麻烦您…), one that opens with the customer
// (您别着急…; not the pronoun itself, missing-honorific's 您, 您好, 您的: run for every 你 of
// a draft, that check cost ~200 instructions a draft), or an apology or admission
// (可能是我没有解释清楚…, 非常抱歉…):
// 您是不是傻 read 您可能是我没有解释清楚.
bool IsWholeSentence(absl::string_view s) {
  // One decoded character decides for most suggestions (every 你 → 您 is one).
  size_t p = 0;
  switch (s.empty() ? 0 : DecodeUtf8(s, &p)) {
    case U'我': return true;
    case U'您': return s.size() > std::strlen("您好");
    case U'请': return absl::StartsWith(s, "请您") || absl::StartsWith(s, "请问");
    case U'麻': return absl::StartsWith(s, "麻烦您");
    case U'可': return absl::StartsWith(s, "可能是");
    case U'非': return absl::StartsWith(s, "非常抱歉");
    case U'很': return absl::StartsWith(s, "很抱歉");
    case U'这': return absl::StartsWith(s, "这里可能");
    default: return false;
  }
}

// Where a match replaced by a sentence in the agent's voice starts: before a bare 这 that
// opens its clause (这是你网络的问题, 这不关我的事, 这也不行). The suggestion says the whole
// sentence again, and the 这 left behind read as a fragment: 这我帮您排查一下原因. 这个,
// 这边 … are words of their own and stay (这个我帮您联系负责的同事); 那 (then) stays too.
// So does an opinion the agent opened the clause with, and a 这/这个/这样 after it (我觉得
// 不行 read 我觉得，我这边帮您想想…; 我觉得这个不行 我觉得这个，我这边…).
size_t StartWithOpener(absl::string_view t, size_t b) {
  // One decoded character decides for most matches: the last of a demonstrative or of an
  // opinion verb (觉得, 感觉, 认为, 我看).
  auto ends_opinion = [&](size_t at) {
    size_t q = at;
    switch (at == 0 ? 0 : DecodeUtf8Before(t, &q)) {
      case U'得': case U'觉': case U'为': case U'看': return true;
      default: return false;
    }
  };
  size_t p = b;  // before the 这/这个/这样 the match follows, if any
  size_t q = b;
  switch (b == 0 ? 0 : DecodeUtf8Before(t, &q)) {
    case U'这':  // bare 这
      if (q == 0 || MarkEndsAt(t, q)) return q;
      p = q;
      break;
    case U'个': case U'样': {  // 这个, 那个, 这样, 那样
      size_t r = q;
      const char32_t d = q == 0 ? 0 : DecodeUtf8Before(t, &r);
      if (d == U'这' || d == U'那') p = r;
      break;
    }
    default:
      break;
  }
  if (!ends_opinion(p)) return b;
  for (absl::string_view w : {"我觉得", "我感觉", "我认为", "我看", "感觉", "觉得"}) {
    if (absl::EndsWith(t.substr(0, p), w)) {
      const size_t o = p - w.size();
      return o == 0 || MarkEndsAt(t, o) ? o : b;
    }
  }
  return b;
}

// Whether a sentence in the agent's voice (我帮您查询一下) that replaces the match at `ob` of
// the draft as typed needs a comma before it: the words of its clause before the match are a
// condition or a topic of their own (签收了|就不能退了, 周末的话|不行, 超过七天|就不行了), and
// 签收了我帮您看看售后方案 ran them into one clause. A short thing pointed at reads well
// without one (这个|我不知道 → 这个我帮您查询一下, 这事儿|不知道), and so does one character
// (but the shop's 亲). Not where the draft already parted them (a mark, a space, an emoji), and not
// after a word that leads into the sentence (那|我也不知道 → 那我帮您查询一下, 所以|没办法) or
// a preposition or conjunction that needs its object (或|我理解您的心情, 在于|不知道).
// `t` is the compact view, the match starts at its byte `b`.
bool TopicBefore(absl::string_view typed, uint32_t ob, absl::string_view t, size_t b) {
  if (ob == 0 || b == 0) return false;
  size_t q = ob;
  if (Normalizer::Default().ClassOf(DecodeUtf8Before(typed, &q)) != CharClass::kHan) {
    return false;
  }
  // The lead-ins by their last character (a switch, not a compare per word: this runs for
  // every finding in the agent's voice, in every rewrite round).
  q = b;
  const char32_t last = DecodeUtf8Before(t, &q);
  absl::string_view two;  // a two-character lead-in that ends in `last`
  switch (last) {
    // 那, 那么, 所以, 可以, 但是 …, and prepositions and conjunctions.
    case U'那': case U'但': case U'就': case U'还': case U'而': case U'先': case U'再':
    case U'又': case U'么': case U'以': case U'是': case U'或': case U'和': case U'与':
    case U'及': case U'把': case U'被': case U'给': case U'对': case U'让': case U'向':
    case U'跟': case U'从': case U'在': case U'于': case U'为': case U'比':
      return false;
    case U'我': return false;  // the agent as subject (我们|非常抱歉…)
    case U'们':
      if (absl::EndsWith(t.substr(0, b), "我们") || absl::EndsWith(t.substr(0, b), "咱们")) {
        return false;
      }
      break;
    case U'边': two = "这边"; break;  // 我这边, 我们这边
    case U'过': two = "不过"; break;
    case U'经': two = "已经"; break;
    case U'且': two = "而且"; break;
    case U'后': two = "然后"; break;
    case U'此': two = "因此"; break;
    case U'实': two = "其实"; break;
    case U'正': two = "反正"; break;
    case U'果': two = "如果"; break;
    case U'前': two = "目前"; break;
    case U'时': two = "暂时"; break;
    default: break;
  }
  if (!two.empty() && absl::EndsWith(t.substr(0, b), two)) return false;
  // The clause's characters before the match, up to four.
  size_t chars = 0, p = b;
  while (p > 0 && chars < 4 && !MarkEndsAt(t, p)) {
    DecodeUtf8Before(t, &p);
    ++chars;
  }
  if (chars > 3 || last == U'了') return true;
  size_t w = p;
  const char32_t first = DecodeUtf8(t, &w);
  // 这个, 这事儿, 呢个 (Cantonese): a thing pointed at, three characters at most. Two
  // others are a topic or condition of their own (机票|不能退, 要退|找平台, 周末|不行).
  if (chars >= 2) return first != U'这' && first != U'那' && first != U'呢';
  return first == U'亲';  // the shop's 亲
}

// Whether the match [b, en) of `t` is the second half of an A-not-A question (正反问句):
// 可|不可以, 知|不知道, 清|不清楚, 有|没有办法. The match starts with 不 or 没 and the character
// before it repeats the one after 不/没. Such a clause asks the customer (您看可不可以…?), as
// the guidelines recommend; it refuses nothing. Checked on the compact view, so 可 不 可 以
// and Traditional 有沒有 are questions too. A phrase that itself starts with the repeated
// character (懂不懂) is not affected.
bool IsSecondHalfOfQuestion(absl::string_view t, size_t b, size_t en) {
  if (b == 0) return false;
  size_t p = b;
  const char32_t neg = DecodeUtf8(t, &p);
  if ((neg != U'不' && neg != U'没') || p >= en) return false;
  const char32_t repeated = DecodeUtf8(t, &p);
  size_t q = b;
  return DecodeUtf8Before(t, &q) == repeated;
}

// Whether the match [b, en) of the compact view `t`, which sends someone to ask or seek (找,
// 问, 联系), is the agent acting: right after the agent as its subject (我来|找商家确认一下,
// 我们这边|问问其他客服, 帮您|找售后), or, when it opens with 你/您, after a word that makes
// that pronoun an object (我帮|你去找商家). For rules whose entries tell the customer to act
// (not_after_agent = yes): the unless lists of blame-shifting named 我找商家, 帮您找商家 …
// one by one and missed 我来找商家. True also where the draft says there is no need (您不用|
// 找商家).
bool AgentActs(absl::string_view t, size_t b, size_t en) {
  if (b == 0) return false;
  absl::string_view before = t.substr(0, b);
  const absl::string_view match = t.substr(b, en - b);
  // Only a match that sends someone to ask or seek: 我们这边没有权限 and 我们这边只管售前 are
  // the agent's own refusals, whoever says them.
  bool seeks = false;
  for (absl::string_view v : {"找", "问", "联系", "搵"}) seeks |= absl::StrContains(match, v);
  if (!seeks) return false;
  // A doubled verb (我来问|问其他客服) and a 去/来 (我帮你去|找商家) stand between.
  {
    size_t m = 0, q = before.size();
    if (DecodeUtf8(match, &m) == DecodeUtf8Before(before, &q)) before = before.substr(0, q);
  }
  for (absl::string_view w : {"去", "来"}) {
    if (absl::ConsumeSuffix(&before, w)) break;
  }
  if (before.empty()) return false;
  // Nobody is sent where the draft says there is no need (您不用|找商家, 不用|您自己问快递).
  {
    absl::string_view b2 = before;
    for (absl::string_view w : {"自己", "您", "你"}) absl::ConsumeSuffix(&b2, w);
    for (absl::string_view w : {"不用", "不必", "无需", "不需要", "用不着", "别"}) {
      if (absl::EndsWith(b2, w)) return true;
    }
  }
  if (absl::StartsWith(match, "你") || absl::StartsWith(match, "您")) {
    for (absl::string_view o : kObjectOf) {
      if (absl::EndsWith(before, o)) return true;
    }
    return false;
  }
  // The agent, with a modal and up to two adverbs between (我得|问一下厂家, 我们需要|联系
  // 仓库, 我们已经|问厂家了, 我这边马上|找).
  for (absl::string_view w : {"需要", "必须", "得", "要", "会"}) {
    if (absl::ConsumeSuffix(&before, w)) break;
  }
  static constexpr absl::string_view kAdverbs[] = {"已经", "正在", "马上", "这就", "现在", "这边",
                                                   "也", "都", "再", "先", "刚刚", "刚"};
  for (int i = 0; i < 2; ++i) {
    bool stripped = false;
    for (absl::string_view w : kAdverbs) {
      if ((stripped = absl::ConsumeSuffix(&before, w))) break;
    }
    if (!stripped) break;
  }
  static constexpr absl::string_view kAgent[] = {"我", "我们", "咱们", "帮您", "给您", "为您",
                                                 "替您", "帮你", "给你", "替你"};
  for (absl::string_view a : kAgent) {
    if (absl::EndsWith(before, a)) return true;
  }
  return false;
}

class PhraseRule : public Rule {
 public:
  struct Entry {
    LexiconEntry source;
    std::vector<std::string> unless;  // compact form
    std::unique_ptr<RE2> unless_re;
    std::unique_ptr<RE2> re;          // regex entries only
    // The first suggestion opens with 我: the agent offers to act (我帮您查询一下).
    bool agents_voice = false;
    // Regex entries: the automaton's ids [atoms_first, atoms_last) of RE2's prefilter
    // atoms (see RegexPrefilter); a draft without the atoms a match needs skips the regex
    // (most drafts have no 把). Empty: the regex runs on every draft.
    int atoms_first = 0, atoms_last = 0;
    uint32_t regex_slot = 0;  // regex entries: the index in regex_entries_
    // Bit m: whether a draft holding exactly the atoms in mask m can match. Empty: any one
    // atom can (more than kMaxTableAtoms atoms).
    std::vector<uint64_t> atom_table;

    // Whether the atoms the draft holds (`found`: bit k for atom atoms_first + k) let `re`
    // match at all.
    bool AtomsAllow(uint32_t found) const {
      if (atom_table.empty()) return found != 0;
      return found != 0 && (atom_table[found >> 6] >> (found & 63) & 1);
    }
  };

  PhraseRule(RuleInfo info, std::vector<Entry> entries, std::vector<int> pattern_entry,
             int first_pattern, absl::flat_hash_map<std::string, int> alone,
             bool not_after_agent, LookupWords followed_by)
      : Rule(std::move(info)),
        entries_(std::move(entries)),
        pattern_entry_(std::move(pattern_entry)),
        first_pattern_(first_pattern),
        alone_(std::move(alone)),
        not_after_agent_(not_after_agent),
        followed_by_(std::move(followed_by)) {
    for (const auto& [key, i] : alone_) alone_max_bytes_ = std::max(alone_max_bytes_, key.size());
    // Every literal entry, and every regex entry with atoms, is found through the
    // automaton's ids [first_pattern, ...), and `alone` entries by the length of the
    // message's words; a regex without atoms runs on every draft. (Two alone entries in
    // rules that had none, 所以呢 and 谁知道, woke those rules on every draft: ~900
    // instructions a draft.)
    bool always = false;
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (!entries_[i].re) continue;
      entries_[i].regex_slot = static_cast<uint32_t>(regex_entries_.size());
      regex_entries_.push_back(static_cast<int>(i));
      always |= entries_[i].atoms_first == entries_[i].atoms_last;
    }
    if (!always) {
      RuleTrigger t{RuleTrigger::Kind::kAvoidHit, first_pattern,
                    first_pattern + static_cast<int32_t>(pattern_entry_.size())};
      t.alone_max_bytes = static_cast<uint32_t>(alone_max_bytes_);
      set_trigger(t);
    }
  }

  std::string ExplainMiss(absl::string_view example) const override {
    NormalizedDraft norm;
    Normalizer::Default().Normalize(example, &norm);
    const std::string& text = norm.compact().text;
    for (const Entry& e : entries_) {
      if (e.re != nullptr || !e.source.word_boundary) continue;
      const std::string key = Normalizer::Default().Compact(e.source.phrase);
      for (size_t p = text.find(key); p != std::string::npos; p = text.find(key, p + 1)) {
        WordCache cache;
        if (Segmenter::AlignsWithWords(text, p, p + key.size(), &cache)) continue;
        std::string words;
        const std::vector<uint32_t> b = Segmenter::Boundaries(text);
        for (size_t i = 0; i + 1 < b.size(); ++i) {
          absl::StrAppend(&words, i ? "/" : "", text.substr(b[i], b[i + 1] - b[i]));
        }
        return absl::StrCat("entry '", e.source.phrase, "' (", e.source.file, ":",
                            e.source.line, ") does not line up with ICU's words here (", words,
                            "), so it can never match in this sentence; add '| boundary: none' "
                            "(with unless: words against false alarms) or list the longer phrase");
      }
    }
    return "";
  }

  void Check(const Draft& draft, std::vector<Finding>* out) const override {
    const absl::string_view text = draft.norm.compact().text;
    if (!alone_.empty()) {
      size_t b, en;
      if (const Entry* e = AloneEntry(draft, &b, &en); e != nullptr && Accept(draft, *e, b, en)) {
        Emit(draft, *e, b, en, nullptr, 0, out);
      }
    }
    // One pass over the hits: literal entries are checked as they come; a regex entry's
    // atoms are noted (bit k: its atom atoms_first + k; those past 31 share bit 31, and
    // such an entry has no table), and the regexes run after. (A pass over the hits per
    // regex entry cost ~50 instructions a draft each.)
    absl::InlinedVector<uint32_t, 32> found(regex_entries_.size(), 0);
    const int last = first_pattern_ + static_cast<int>(pattern_entry_.size());
    for (const Hit& h : pattern_entry_.empty() ? absl::Span<const Hit>() : draft.avoid_hits) {
      if (h.pattern < first_pattern_ || h.pattern >= last) continue;
      const Entry& e = entries_[pattern_entry_[h.pattern - first_pattern_]];
      if (e.re != nullptr) {
        found[e.regex_slot] |= uint32_t{1} << std::min(h.pattern - e.atoms_first, 31);
        continue;
      }
      if (!Accept(draft, e, h.begin, h.end)) continue;
      Emit(draft, e, h.begin, h.end, nullptr, 0, out);
    }
    for (size_t k = 0; k < regex_entries_.size(); ++k) {
      const Entry& e = entries_[regex_entries_[k]];
      if (e.atoms_first < e.atoms_last && !e.AtomsAllow(found[k])) continue;
      re2::StringPiece groups[kMaxGroups];
      const int ngroups = std::min(kMaxGroups, e.re->NumberOfCapturingGroups() + 1);
      // First ask only whether it matches at all. With capturing groups, RE2 skips its DFA
      // for a pattern anchored at the start (^报...) and runs BitState at once, which
      // allocates and clears a bitmap the size of the pattern times the draft: ~2k
      // instructions and ~40 cache lines a draft for an entry that almost never matches. The
      // DFA answers no after a character or two.
      const re2::StringPiece whole(text.data(), text.size());
      if (!e.re->Match(whole, 0, text.size(), RE2::UNANCHORED, nullptr, 0)) continue;
      size_t pos = 0;
      while (pos <= text.size() &&
             e.re->Match(whole, pos, text.size(), RE2::UNANCHORED, groups, ngroups)) {
        const size_t b = groups[0].data() - text.data();
        const size_t en = b + groups[0].size();
        if (en > b && Accept(draft, e, b, en)) Emit(draft, e, b, en, groups, ngroups, out);
        pos = en > b ? en : en + 1;
      }
    }
  }

 private:
  static constexpr int kMaxGroups = 10;

  // The alone entry that is the whole draft but for marks and emoji at its ends, with its
  // span in the compact view (EnsureMessageCore); null when there is none.
  const Entry* AloneEntry(const Draft& draft, size_t* b, size_t* en) const {
    EnsureMessageCore(draft);
    *b = draft.core_b;
    *en = draft.core_e;
    const absl::string_view core =
        absl::string_view(draft.norm.compact().text).substr(*b, *en - *b);
    if (core.empty() || core.size() > alone_max_bytes_) return nullptr;
    auto it = alone_.find(core);
    return it == alone_.end() ? nullptr : &entries_[it->second];
  }

  bool Accept(const Draft& draft, const Entry& e, size_t b, size_t en) const {
    const absl::string_view text = draft.norm.compact().text;
    if (static_cast<unsigned char>(text[b]) < 0x80) {
      // On the text as typed, where a Chinese comma (folded to ,) still ends the address.
      uint32_t ob, oe;
      draft.norm.compact().ToOriginal(b, en, &ob, &oe);
      if (InsideUrl(draft.input->text, ob, oe)) return false;
    }
    if (IsSecondHalfOfQuestion(text, b, en)) return false;
    if (CancelledByUnless(text, b, en, e.unless)) return false;
    if (not_after_agent_ && AgentActs(text, b, en)) return false;
    if (e.agents_voice && CustomerIsSubject(draft, text, b, en)) {
      return false;
    }
    const absl::string_view clause = ClauseAround(text, b, en);
    if (e.unless_re &&
        RE2::PartialMatch(re2::StringPiece(clause.data(), clause.size()), *e.unless_re)) {
      return false;
    }
    // An alone entry is the whole message, so it lines up with words by definition (and the
    // compact view may have glued a trailing [微笑] onto it: 干嘛微笑]).
    if (e.source.word_boundary && !e.source.alone &&
        !Segmenter::AlignsWithWords(text, b, en, &draft.words)) {
      return false;
    }
    // The agent naming the cause and then solving it (这是快递那边的问题，已经帮您加急了)
    // follows the guidelines' order (查明原因→道歉→安抚→提供解决方案).
    if (e.source.cause && !followed_by_.empty()) {
      uint32_t ob, oe;
      draft.norm.compact().ToOriginal(b, en, &ob, &oe);
      thread_local std::vector<Hit> hits;  // NOTE: per-thread scratch
      followed_by_.FindIn(draft, oe, static_cast<uint32_t>(draft.input->text.size()), &hits);
      if (!hits.empty()) return false;
    }
    // Last, and only in a draft with an opening quote at all (looked for once per draft).
    if (draft.opening_quotes < 0) draft.opening_quotes = HasOpeningQuote(draft.norm.folded().text);
    if (draft.opening_quotes > 0) {  // on folded, which keeps the quotes compact drops
      uint32_t ob, oe;
      draft.norm.compact().ToOriginal(b, en, &ob, &oe);
      const NormalizedView& folded = draft.norm.folded();
      if (InsideReportedQuote(folded.text, folded.FromOriginal(ob), folded.FromOriginal(oe))) {
        return false;
      }
    }
    return true;
  }

  void Emit(const Draft& draft, const Entry& e, size_t b, size_t en,
            const re2::StringPiece* groups, int ngroups, std::vector<Finding>* out) const {
    if (!e.source.suggestions.empty() && !e.source.suggestions[0].empty()) {
      b = StartWithIntensifiers(draft, draft.norm.compact().text, b, en);
      en = EndWithParticles(draft.norm.compact().text, b, en);
    }
    const std::vector<std::string>& suggestions =
        !e.source.suggestions_at_end.empty() && EndsClause(draft.norm.compact().text, en)
            ? e.source.suggestions_at_end
            : e.source.suggestions;
    if (!suggestions.empty() && IsWholeSentence(suggestions[0])) {
      b = StartWithAddressee(draft, draft.norm.compact().text, b, en);
      if (absl::StartsWith(suggestions[0], "我")) {
        b = StartWithOpener(draft.norm.compact().text, b);
      }
    }
    if (!suggestions.empty()) {
      en = EndWithSuggestionParticle(draft.norm.compact().text, en, suggestions[0]);
      en = EndWithSuggestionTail(draft.norm.compact().text, en, suggestions);
    }
    // A rhetorical question replaced by a statement (你听不懂吗？ → 我再为您说明一下) takes its
    // question mark along, and leaves a full stop when more follows.
    bool ends_sentence = false;
    if (!suggestions.empty() && !suggestions[0].empty() && !IsQuestion(suggestions[0])) {
      const size_t mark = QuestionMarkAt(draft.norm.compact().text, en);
      if (mark > en) {
        // More words after it, by the same measure as an alone entry's whole message.
        size_t core_b, core_e;
        MessageCore(Normalizer::Default(), draft.norm.compact().text, &core_b, &core_e);
        ends_sentence = core_e > mark;
        en = mark;
      }
    }
    // A question replacing a statement (就这样吧。 → 您看这样可以吗？) takes the statement's
    // full stop or exclamation mark along, so the rewrite does not read 可以吗。.
    absl::string_view swallowed_mark;  // as typed
    if (!ends_sentence && !suggestions.empty() && EndsWithQuestionMark(suggestions[0])) {
      const absl::string_view t = draft.norm.compact().text;
      size_t p = en;
      for (bool more = true; more;) {  // the whole run: 就这样吧！！
        more = false;
        for (absl::string_view m : {"。", ".", "!"}) {
          if (absl::StartsWith(t.substr(p), m)) {
            p += m.size();
            more = true;
          }
        }
      }
      if (p > en) {
        uint32_t mb, me;
        draft.norm.compact().ToOriginal(en, p, &mb, &me);
        swallowed_mark = absl::string_view(draft.input->text).substr(mb, me - mb);
        en = p;
      }
    }
    uint32_t ob, oe;
    draft.norm.compact().ToOriginal(b, en, &ob, &oe);
    Finding f = MakeFinding(draft, ob, oe, &e.source.message);
    f.suggestions.reserve(suggestions.size());
    const absl::string_view before = absl::string_view(draft.norm.compact().text).substr(0, b);
    // \1 … in a suggestion give the draft's own characters (see TypedText).
    std::string typed[kMaxGroups];
    re2::StringPiece typed_groups[kMaxGroups];
    if (groups != nullptr) {
      const NormalizedView& view = draft.norm.compact();
      for (int g = 0; g < ngroups; ++g) {
        if (groups[g].data() == nullptr) continue;
        const size_t gb = groups[g].data() - view.text.data();
        typed[g] = TypedText(view, draft.input->text, gb, gb + groups[g].size());
        typed_groups[g] = re2::StringPiece(typed[g]);
      }
      groups = typed_groups;
    }
    // After the clause's topic, a sentence with its own subject (我帮您…, 请您…, 非常抱歉…,
    // 不好意思…) is a clause of its own: it gets a comma, written with it (not inserted after,
    // which cost a second allocation for suggestions that lose to a longer match).
    int topic = -1;  // TopicBefore, decided on the first such sentence
    auto comma = [&](absl::string_view v) {
      // (不 is E4 B8 8D: a byte before the compare, since most suggestions are 您.)
      const bool sorry = !v.empty() && v[0] == '\xE4' && absl::StartsWith(v, "不好意思");
      if (!sorry && !IsWholeSentence(v)) return false;
      if (topic < 0) topic = TopicBefore(draft.input->text, ob, draft.norm.compact().text, b);
      return topic > 0;
    };
    for (const std::string& s : suggestions) {
      if (groups != nullptr) {
        std::string rewritten;
        if (e.re->Rewrite(&rewritten, s, groups, ngroups)) {
          rewritten.erase(0, SubjectAlreadyTyped(before, rewritten));
          if (comma(rewritten)) rewritten.insert(0, "，");
          f.suggestions.push_back(std::move(rewritten));
          continue;
        }
      }
      const absl::string_view v = absl::string_view(s).substr(SubjectAlreadyTyped(before, s));
      std::string& out = f.suggestions.emplace_back();
      if (comma(v)) {
        out.reserve(std::strlen("，") + v.size());
        out.append("，");
      }
      out.append(v.data(), v.size());
    }
    DropRepeatedEndMark(absl::string_view(draft.input->text).substr(oe), &f.suggestions);
    if (ends_sentence || !swallowed_mark.empty()) {
      // The other suggestions, statements, get the draft's mark back (or a full stop where
      // a question mark went).
      const absl::string_view mark = ends_sentence ? absl::string_view("。") : swallowed_mark;
      for (std::string& s : f.suggestions) {
        if (!EndsWithEndMark(s)) absl::StrAppend(&s, mark);
      }
    }
    out->push_back(std::move(f));
  }

  std::vector<Entry> entries_;
  std::vector<int> pattern_entry_;  // automaton id - first_pattern_ -> entries_ index
  int first_pattern_;
  // Literal `alone` entries, by compact form -> entries_ index. They match only the whole
  // message, so one lookup of its words per draft finds them; in the automaton, one-character
  // entries (好, 不, 有) woke the rule on nearly every draft (+640 instructions per draft).
  absl::flat_hash_map<std::string, int> alone_;
  // `not_after_agent = yes`: the entries tell the customer to act (找商家, 问问其他客服), so
  // one right after the agent as its subject (我来|找商家确认一下) is the agent acting.
  bool not_after_agent_ = false;
  // `unless_followed_by`: a match of a `cause: yes` entry that one of these follows later
  // in the message is not reported (a cause named, then a solution offered).
  LookupWords followed_by_;
  size_t alone_max_bytes_ = 0;
  std::vector<int> regex_entries_;
};

absl::StatusOr<std::unique_ptr<RE2>> CompileRe(const LexiconEntry& src, absl::string_view what,
                                               const std::string& pattern) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(1 << 20);  // 1 MiB per pattern: authors' patterns are short
  auto re = std::make_unique<RE2>(pattern, opts);
  if (!re->ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        src.file, ":", src.line, ":", src.column, ": ", what, " '", pattern,
        "' is not a valid RE2 pattern: ", re->error(),
        " (see https://github.com/google/re2/wiki/Syntax)"));
  }
  return re;
}

// A regex entry's prefilter: strings a match must contain, as RE2's FilteredRE2 reduces
// the pattern to an and/or formula of literal "atoms" with no negation, and that formula as a
// truth table over which atoms a draft holds. None when RE2 cannot say (a pattern like
// [a-z]+吗? that matches without any fixed text). Atoms are as written in the pattern
// (lowercased, as the views are case-folded); the pattern runs on the compact view, so a
// match holds them exactly as the view does. An atom is at least one CJK character (3
// bytes): shorter ones (a single letter) would wake the regex on nearly every draft.
//
// Why the table: "any atom" is not the formula. ^(订单号|地址…)(发|传)(我|过来|给我) gives
// the atoms 订单号发, 地址发 … and 我, 过来, and needs one of each group; woken by any of
// them, it ran on nearly every draft (我) and cost 1,216 instructions a draft. The table
// is AllPotentials asked once per subset of atoms, at load.
constexpr size_t kMaxTableAtoms = 14;  // 16,384 subsets, ~10 ms at load; 2 KiB

struct RegexPrefilter {
  std::vector<std::string> atoms;
  std::vector<uint64_t> table;  // see PhraseRule::Entry::atom_table
};

// Drops from the atoms RE2's prefilter asks for the one-character ones a match does not
// need. `(?:你|您)在?说(?:的)?(?:什么|啥)…` needs 你 or 您 AND 说什么 …, and with 你 and 您 in
// the automaton nearly every draft had hits for it (+1,290 instructions a draft for that
// one pattern). An atom can go when the atoms left cannot all be missing from a draft the
// pattern matches: when the dropped ones alone cannot let it match (the table is monotone:
// more atoms never forbid a match). Longer atoms stay, with the pruning their table gives
// (问题 AND 太多: 问题 alone, in most drafts, would run RE2 on them). The table is
// re-indexed over the kept atoms, taking every dropped one as present.
void KeepNeededAtoms(RegexPrefilter* f) {
  const int k = static_cast<int>(f->atoms.size());
  if (k < 2 || f->table.empty()) return;
  auto allows = [&](uint32_t mask) { return f->table[mask >> 6] >> (mask & 63) & 1; };
  const uint32_t all = (uint32_t{1} << k) - 1;
  uint32_t keep = all;
  for (int i = 0; i < k; ++i) {
    if (CountCodePoints(f->atoms[i]) > 1) continue;
    const uint32_t trial = keep & ~(uint32_t{1} << i);
    if (trial != 0 && !allows(all & ~trial)) keep = trial;
  }
  // Then any atom, long or not, that no longer decides anything once those count as
  // present: in (?:你|您|自己)…(?:问|找)(银行|骑手…), with 你 and 您 gone 自己 only sat in
  // the automaton, a hit in 41 of the corpus's 600 drafts that woke nothing.
  for (int i = 0; i < k; ++i) {
    const uint32_t bit = uint32_t{1} << i;
    if (!(keep & bit) || (keep & ~bit) == 0) continue;
    bool decides = false;
    for (uint32_t m = 0; m <= all && !decides; ++m) {
      if (m & bit) continue;
      const uint32_t full = m | (all & ~keep);
      decides = allows(full) != allows(full | bit);
    }
    if (!decides) keep &= ~bit;
  }
  if (keep == all) return;
  std::vector<int> kept;
  for (int i = 0; i < k; ++i) {
    if (keep >> i & 1) kept.push_back(i);
  }
  const int n = static_cast<int>(kept.size());
  std::vector<uint64_t> table(((size_t{1} << n) + 63) / 64, 0);
  for (uint32_t m = 1; m < (uint32_t{1} << n); ++m) {
    uint32_t full = all & ~keep;
    for (int j = 0; j < n; ++j) {
      if (m >> j & 1) full |= uint32_t{1} << kept[j];
    }
    if (allows(full)) table[m >> 6] |= uint64_t{1} << (m & 63);
  }
  std::vector<std::string> atoms;
  for (int i : kept) atoms.push_back(std::move(f->atoms[i]));
  f->atoms = std::move(atoms);
  f->table = std::move(table);
}

RegexPrefilter MakeRegexPrefilter(const std::string& pattern) {
  re2::FilteredRE2 filter(/*min_atom_len=*/3);
  RE2::Options opts;
  opts.set_log_errors(false);
  int id = 0;
  RegexPrefilter out;
  if (filter.Add(pattern, opts, &id) != RE2::NoError) return out;  // compiled before: OK
  filter.Compile(&out.atoms);
  const int k = static_cast<int>(out.atoms.size());
  if (k == 0 || k > static_cast<int>(kMaxTableAtoms)) return out;
  out.table.assign(((size_t{1} << k) + 63) / 64, 0);
  std::vector<int> present, potential;
  for (uint32_t mask = 1; mask < (1u << k); ++mask) {
    present.clear();
    for (int i = 0; i < k; ++i) {
      if (mask >> i & 1) present.push_back(i);
    }
    filter.AllPotentials(present, &potential);
    if (!potential.empty()) out.table[mask >> 6] |= uint64_t{1} << (mask & 63);
  }
  KeepNeededAtoms(&out);
  return out;
}

// Whether an `unless` phrase can cancel a literal entry at all: CancelledByUnless takes an
// occurrence that overlaps the match and reaches past it on at least one side, so some
// placement of `u` over `entry` must agree on the characters they share (行使 over 不行,
// 不管怎样 over 我们不管, 帮您找售后 over 找售后). 帮您催 can never so cover 别催了.
bool UnlessCanCancel(absl::string_view entry, absl::string_view u) {
  const long e = static_cast<long>(entry.size()), n = static_cast<long>(u.size());
  for (long d = 1 - n; d < e; ++d) {  // u starts d bytes after the entry does
    if (d >= 0 && d + n <= e) continue;  // inside the entry: does not reach past it
    const long from = std::max(0L, d), to = std::min(e, d + n);
    if (entry.substr(from, to - from) == u.substr(from - d, to - from)) return true;
  }
  return false;
}

// Findings for `replylint check` about one literal entry (see RuleBuildContext::warnings).
void CheckEntry(RuleBuildContext* ctx, const LexiconEntry& src, const std::string& key) {
  if (ctx->warnings == nullptr) return;
  const std::string where = absl::StrCat(src.file, ":", src.line, ":", src.column, ": ");
  if (ctx->phrases_seen != nullptr) {
    auto [it, inserted] = ctx->phrases_seen->emplace(
        key, absl::StrCat(ctx->info.id, " at ", src.file, ":", src.line));
    if (!inserted) {
      const bool same_rule = absl::StartsWith(it->second, ctx->info.id + " ");
      ctx->warnings->push_back(absl::StrCat(
          where, same_rule ? "duplicate entry '" : "entry '", src.phrase,
          same_rule ? "' (also " : "' is shadowed by rule ", it->second,
          same_rule ? "); remove one of the lines"
                    : ", which reports the same words first; remove one of them"));
    }
  }
}

}  // namespace

bool CancelledByUnless(absl::string_view text, size_t b, size_t en,
                       const std::vector<std::string>& unless) {
  for (const std::string& u : unless) {
    // Only occurrences starting in [from, en) can overlap; search just that window.
    const size_t from = b >= u.size() ? b - u.size() + 1 : 0;
    const size_t to = std::min(text.size(), en + u.size() - 1);
    const absl::string_view window = text.substr(from, to - from);
    for (size_t p = window.find(u); p != absl::string_view::npos; p = window.find(u, p + 1)) {
      const size_t at = from + p;
      if (at + u.size() > b && (at < b || at + u.size() > en)) return true;
    }
  }
  return false;
}

absl::StatusOr<std::unique_ptr<Rule>> MakePhraseRule(RuleBuildContext* ctx) {
  std::vector<ConfigValue> files = ctx->config->TakeAll("words");
  if (files.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        ctx->config->Where(nullptr), "[rule ", ctx->info.id,
        "] (kind phrase) needs at least one 'words = FILE' line naming its word list"));
  }
  std::vector<PhraseRule::Entry> entries;
  std::vector<int> pattern_entry;
  absl::flat_hash_map<std::string, int> alone;
  std::vector<Example> examples;
  const int first = static_cast<int>(ctx->avoid->size());
  // Every bad entry of the rule, one per line, so that an author fixes them in one pass
  // (as ParseLexicon reports every bad line).
  std::vector<std::string> errors;
  for (const ConfigValue& file : files) {
    auto lex = ctx->read_lexicon(file);
    if (!lex.ok()) return lex.status();
    examples.insert(examples.end(), lex->examples.begin(), lex->examples.end());
    for (LexiconEntry& src : lex->entries) {
      PhraseRule::Entry e;
      for (const std::string& u : src.unless) e.unless.push_back(ctx->normalizer->Compact(u));
      e.agents_voice = !src.suggestions.empty() && absl::StartsWith(src.suggestions[0], "我");
      if (!src.unless_re.empty()) {
        auto re = CompileRe(src, "unless-re", src.unless_re);
        if (!re.ok()) {
          errors.emplace_back(re.status().message());
          continue;
        }
        e.unless_re = std::move(*re);
      }
      if (src.is_regex) {
        auto re = CompileRe(src, "pattern", src.phrase);
        if (!re.ok()) {
          errors.emplace_back(re.status().message());
          continue;
        }
        e.re = std::move(*re);
        // Looked for by the automaton that scans for the literal entries anyway: a string
        // search per regex entry per draft was ~6% of the engine's time, and running RE2 on
        // every draft ~25 cache lines of its code and data (bench/footprint.sh).
        RegexPrefilter prefilter = MakeRegexPrefilter(src.phrase);
        e.atoms_first = static_cast<int>(ctx->avoid->size());
        for (const std::string& atom : prefilter.atoms) {
          ctx->avoid->Add(atom);
          pattern_entry.push_back(static_cast<int>(entries.size()));
        }
        e.atoms_last = static_cast<int>(ctx->avoid->size());
        e.atom_table = std::move(prefilter.table);
        if (prefilter.atoms.size() > kMaxTableAtoms && ctx->warnings != nullptr) {
          ctx->warnings->push_back(absl::StrCat(
              src.file, ":", src.line, ":", src.column, ": pattern '", src.phrase, "' needs ",
              prefilter.atoms.size(), " fixed words (more than ", kMaxTableAtoms,
              "), so any one of them (", absl::StrJoin(prefilter.atoms, " "),
              ") makes it run on a draft; split it into smaller patterns or list the phrases"));
        }
        if (e.atoms_first == e.atoms_last && ctx->warnings != nullptr) {
          ctx->warnings->push_back(absl::StrCat(
              src.file, ":", src.line, ":", src.column, ": pattern '", src.phrase,
              "' holds no fixed text (a Chinese character, or 3 letters), so it runs on every "
              "draft every agent types; write at least one fixed word into it"));
        }
      } else {
        std::string key = ctx->normalizer->Compact(src.phrase);
        if (key.empty()) {
          errors.push_back(absl::StrCat(
              src.file, ":", src.line, ":", src.column, ": entry '", src.phrase,
              "' is empty after normalization (only spaces or symbols); write the words"));
          continue;
        }
        CheckEntry(ctx, src, key);
        for (const std::string& u : e.unless) {
          if (ctx->warnings != nullptr && !UnlessCanCancel(key, u)) {
            ctx->warnings->push_back(absl::StrCat(
                src.file, ":", src.line, ":", src.column, ": exception '", u,
                "' can never cancel '", src.phrase,
                "': an exception is a longer phrase that holds the entry or runs on from it "
                "(不行 | unless: 行使 不行的话); for a word elsewhere in the clause use "
                "unless-re"));
          }
        }
        if (src.alone) {
          alone.emplace(std::move(key), static_cast<int>(entries.size()));
        } else {
          ctx->avoid->Add(key);
          pattern_entry.push_back(static_cast<int>(entries.size()));
        }
      }
      e.source = std::move(src);
      entries.push_back(std::move(e));
    }
  }
  if (!errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(errors, "\n"));
  auto not_after_agent = ctx->config->TakeBool("not_after_agent", false);
  if (!not_after_agent.ok()) return not_after_agent.status();
  auto followed_by = LookupWords::Take(ctx, ctx->config->TakeAll("unless_followed_by"));
  if (!followed_by.ok()) return followed_by.status();
  if (followed_by->empty()) {
    for (const PhraseRule::Entry& e : entries) {
      if (!e.source.cause) continue;
      return absl::InvalidArgumentError(absl::StrCat(
          e.source.file, ":", e.source.line, ":", e.source.column, ": '", e.source.phrase,
          "' is marked 'cause: yes', but rule ", ctx->info.id,
          " has no 'unless_followed_by = FILE' (the solutions that excuse it); add one or "
          "remove the mark"));
    }
  }
  auto rule = std::make_unique<PhraseRule>(ctx->info, std::move(entries),
                                           std::move(pattern_entry), first, std::move(alone),
                                           *not_after_agent,
                                           std::move(*followed_by));
  rule->AddExamples(std::move(examples));
  return rule;
}

}  // namespace replylint
