#include "service/transcript_json.h"

#include <cstdint>
#include <string>

#include "rules/utf8.h"

namespace replylint {
namespace {

class Parser {
 public:
  explicit Parser(absl::string_view s) : s_(s) {}

  bool Transcript(v1::Transcript* t) {
    if (!Expect('{')) return false;
    unsigned seen = 0;
    if (Peek('}')) return Expect('}') && AtEnd();
    for (;;) {
      std::string key;
      if (!String(&key) || !Expect(':')) return false;
      unsigned bit;
      if (key == "conversationId" || key == "conversation_id") {
        bit = 1;
        if (!StringOrNull(t->mutable_conversation_id())) return false;
      } else if (key == "agentId" || key == "agent_id") {
        bit = 2;
        if (!StringOrNull(t->mutable_agent_id())) return false;
      } else if (key == "ruleset") {
        bit = 4;
        if (!StringOrNull(t->mutable_ruleset())) return false;
      } else if (key == "turns") {
        bit = 8;
        if (!Turns(t)) return false;
      } else {
        return false;  // unknown field: protobuf's parser reports it
      }
      if (seen & bit) return false;  // duplicate key
      seen |= bit;
      if (Peek(',')) {
        Expect(',');
        continue;
      }
      return Expect('}') && AtEnd();
    }
  }

 private:
  void Ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool Peek(char c) {
    Ws();
    return i_ < s_.size() && s_[i_] == c;
  }
  bool Expect(char c) {
    Ws();
    if (i_ >= s_.size() || s_[i_] != c) return false;
    ++i_;
    return true;
  }
  bool AtEnd() {
    Ws();
    return i_ == s_.size();
  }
  bool Null() {
    Ws();
    if (s_.substr(i_, 4) != "null") return false;
    i_ += 4;
    return true;
  }
  bool StringOrNull(std::string* out) {
    if (Null()) {
      out->clear();
      return true;
    }
    return String(out);
  }
  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool Hex4(uint32_t* v) {
    if (i_ + 4 > s_.size()) return false;
    *v = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = Hex(s_[i_ + k]);
      if (h < 0) return false;
      *v = *v * 16 + static_cast<uint32_t>(h);
    }
    i_ += 4;
    return true;
  }
  bool String(std::string* out) {
    if (!Expect('"')) return false;
    out->clear();
    for (;;) {
      const size_t start = i_;
      while (i_ < s_.size() && s_[i_] != '"' && s_[i_] != '\\' &&
             static_cast<unsigned char>(s_[i_]) >= 0x20) {
        ++i_;
      }
      out->append(s_.data() + start, i_ - start);
      if (i_ >= s_.size() || static_cast<unsigned char>(s_[i_]) < 0x20) return false;
      if (s_[i_] == '"') {
        ++i_;
        return IsValidUtf8(*out);
      }
      ++i_;  // backslash
      if (i_ >= s_.size()) return false;
      const char e = s_[i_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (i_ + 2 > s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u') return false;
            i_ += 2;
            if (!Hex4(&lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          return false;
      }
    }
  }
  // RFC 3339: YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM).
  static bool Timestamp(const std::string& v, google::protobuf::Timestamp* ts) {
    auto num = [&](size_t at, size_t n, int* out) {
      if (at + n > v.size()) return false;
      *out = 0;
      for (size_t k = 0; k < n; ++k) {
        if (v[at + k] < '0' || v[at + k] > '9') return false;
        *out = *out * 10 + (v[at + k] - '0');
      }
      return true;
    };
    int y, mo, d, h, mi, se;
    if (v.size() < 20 || !num(0, 4, &y) || v[4] != '-' || !num(5, 2, &mo) || v[7] != '-' ||
        !num(8, 2, &d) || v[10] != 'T' || !num(11, 2, &h) || v[13] != ':' ||
        !num(14, 2, &mi) || v[16] != ':' || !num(17, 2, &se)) {
      return false;
    }
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    // Years 0001-9999, as protobuf's parser takes them (it rejects year 0000).
    if (y < 1 || mo < 1 || mo > 12 || h > 23 || mi > 59 || se > 59) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d < 1 || d > kDays[mo - 1] + (mo == 2 && leap)) return false;  // 2026-11-31 is no date
    size_t p = 19;
    int64_t nanos = 0;
    if (p < v.size() && v[p] == '.') {
      ++p;
      int digits = 0;
      while (p < v.size() && v[p] >= '0' && v[p] <= '9') {
        if (digits < 9) nanos = nanos * 10 + (v[p] - '0');
        ++digits, ++p;
      }
      if (digits == 0 || digits > 9) return false;
      for (int k = digits; k < 9; ++k) nanos *= 10;
    }
    int64_t offset = 0;
    if (p < v.size() && v[p] == 'Z') {  // upper case only, as protobuf's parser
      ++p;
    } else if (p < v.size() && (v[p] == '+' || v[p] == '-')) {
      int oh, om;
      if (!num(p + 1, 2, &oh) || v[p + 3] != ':' || !num(p + 4, 2, &om)) return false;
      offset = (v[p] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
      p += 6;
    } else {
      return false;
    }
    if (p != v.size()) return false;
    // Days from civil (Howard Hinnant's algorithm).
    const int yy = y - (mo <= 2);
    const int era = (yy >= 0 ? yy : yy - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(yy - era * 400);
    const unsigned doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const int64_t days = int64_t{era} * 146097 + doe - 719468;
    ts->set_seconds(days * 86400 + h * 3600 + mi * 60 + se - offset);
    ts->set_nanos(static_cast<int32_t>(nanos));
    return true;
  }
  bool Turn(v1::Turn* t) {
    if (!Expect('{')) return false;
    if (Peek('}')) return Expect('}');
    unsigned seen = 0;
    for (;;) {
      std::string key;
      if (!String(&key) || !Expect(':')) return false;
      unsigned bit;
      if (key == "role") {
        bit = 1;
        if (!Null()) {
          Ws();
          if (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '2') {
            t->set_role(static_cast<v1::Turn::Role>(s_[i_++] - '0'));
            if (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') return false;
          } else {
            std::string v;
            if (!String(&v)) return false;
            if (v == "AGENT") t->set_role(v1::Turn::AGENT);
            else if (v == "CUSTOMER") t->set_role(v1::Turn::CUSTOMER);
            else if (v == "ROLE_UNSPECIFIED") t->set_role(v1::Turn::ROLE_UNSPECIFIED);
            else return false;
          }
        }
      } else if (key == "text") {
        bit = 2;
        if (!StringOrNull(t->mutable_text())) return false;
      } else if (key == "ts") {
        bit = 4;
        if (!Null()) {
          std::string v;
          if (!String(&v) || !Timestamp(v, t->mutable_ts())) return false;
        }
      } else {
        return false;
      }
      if (seen & bit) return false;
      seen |= bit;
      if (Peek(',')) {
        Expect(',');
        continue;
      }
      return Expect('}');
    }
  }
  bool Turns(v1::Transcript* t) {
    if (Null()) return true;
    if (!Expect('[')) return false;
    if (Peek(']')) return Expect(']');
    for (;;) {
      if (!Turn(t->add_turns())) return false;
      if (Peek(',')) {
        Expect(',');
        continue;
      }
      return Expect(']');
    }
  }

  absl::string_view s_;
  size_t i_ = 0;
};

}  // namespace

bool ParseTranscriptJsonFast(absl::string_view json, v1::Transcript* out) {
  out->Clear();
  return Parser(json).Transcript(out);
}

}  // namespace replylint
