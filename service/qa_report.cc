#include "service/qa_report.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace replylint {
namespace {

std::string Html(absl::string_view s) {
  return absl::StrReplaceAll(s, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"},
                                 {"'", "&#39;"}});
}

std::string Csv(absl::string_view s) {
  if (s.find_first_of(",\"\n\r") == absl::string_view::npos) return std::string(s);
  return absl::StrCat("\"", absl::StrReplaceAll(s, {{"\"", "\"\""}}), "\"");
}

const char* SeverityName(int s) {
  return s == v1::ERROR ? "error" : s == v1::WARNING ? "warning" : "info";
}

// A horizontal bar chart as inline SVG; values are drawn to scale of `max`.
std::string BarChart(const std::vector<std::pair<std::string, double>>& rows, double max,
                     const std::string& unit, const char* color, int decimals) {
  const int row_h = 22, label_w = 190, bar_w = 460;
  std::string svg = absl::StrFormat(
      "<svg class=\"chart\" role=\"img\" width=\"%d\" height=\"%d\" "
      "xmlns=\"http://www.w3.org/2000/svg\">",
      label_w + bar_w + 90, static_cast<int>(rows.size()) * row_h + 4);
  for (size_t i = 0; i < rows.size(); ++i) {
    const double v = rows[i].second;
    const int w = max > 0 ? static_cast<int>(bar_w * v / max) : 0;
    const int y = static_cast<int>(i) * row_h;
    absl::StrAppendFormat(
        &svg,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">%s</text>"
        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s: %.*f%s</title>"
        "</rect><text x=\"%d\" y=\"%d\" class=\"val\">%.*f%s</text>",
        label_w - 6, y + 15, Html(rows[i].first), label_w, y + 3, std::max(w, 1), row_h - 6,
        color, Html(rows[i].first), decimals, v, unit, label_w + std::max(w, 1) + 6, y + 15,
        decimals, v, unit);
  }
  svg += "</svg>";
  return svg;
}

}  // namespace

void QaReport::AddScored(const v1::Transcript& transcript, const v1::TranscriptReport& report) {
  ++scored_;
  score_sum_ += report.score();
  ++score_bands_[std::clamp(report.score(), 0, 100) / 10];
  agent_messages_ += report.agent_turns();
  Agent& a = agents_[report.agent_id()];
  ++a.conversations;
  a.messages += report.agent_turns();
  a.score_sum += report.score();
  std::map<std::string, bool> in_this;
  for (const auto& tf : report.findings()) {
    if (tf.finding().moved()) continue;  // the second half of a move: not a violation
    const std::string& id = tf.finding().rule_id();
    ++a.violations;
    ++a.by_rule[id];
    RuleStats& r = rules_[id];
    ++r.hits;
    r.severity = tf.finding().severity();
    in_this[id] = true;
  }
  for (const auto& [id, unused] : in_this) ++rules_[id].conversations;

  auto cmp = [](const Worst& x, const Worst& y) { return x.score < y.score; };
  if (worst_.size() < kWorst || report.score() < worst_.front().score) {
    Worst w;
    w.score = report.score();
    w.transcript = transcript;
    if (w.transcript.turns_size() > static_cast<int>(kMaxTurnsShown)) {
      w.transcript.mutable_turns()->DeleteSubrange(
          kMaxTurnsShown, w.transcript.turns_size() - static_cast<int>(kMaxTurnsShown));
    }
    w.report = report;
    w.input = report.input();
    if (worst_.size() == kWorst) {
      std::pop_heap(worst_.begin(), worst_.end(), cmp);
      worst_.pop_back();
    }
    worst_.push_back(std::move(w));
    std::push_heap(worst_.begin(), worst_.end(), cmp);
  }
}

void QaReport::DescribeRule(const std::string& id, absl::string_view message) {
  // The first sentence is the rule; the rest explains it (…：切忌说“不”…).
  size_t end = message.size();
  for (absl::string_view stop : {"：", "。", "；", "（"}) {
    const size_t at = message.find(stop);
    if (at != absl::string_view::npos && at > 0) end = std::min(end, at);
  }
  // Placeholders ({match}, {seconds}) are filled per finding; here they read as "…".
  std::string d;
  for (absl::string_view rest = message.substr(0, end); !rest.empty();) {
    const size_t open = rest.find('{');
    const size_t close = open == absl::string_view::npos ? open : rest.find('}', open);
    if (close == absl::string_view::npos) {
      absl::StrAppend(&d, rest);
      break;
    }
    absl::StrAppend(&d, rest.substr(0, open), "…");
    rest.remove_prefix(close + 1);
  }
  descriptions_[id] = std::move(d);
}

void QaReport::AddRejected(const std::string& input, uint64_t line, const std::string& reason) {
  ++rejected_;
  if (rejections_.size() < kMaxRejections) {
    rejections_.push_back(absl::StrCat(input, ":", line, ": ", reason));
  }
}

std::string QaReport::SummaryLine() const {
  return absl::StrFormat(
      "read %d conversations = scored %d + rejected %d; %d agent messages; mean score %.1f",
      read(), scored_, rejected_, agent_messages_, scored_ ? score_sum_ / scored_ : 0.0);
}

std::string QaReport::AgentsCsv() const {
  std::string out = "agent_id,conversations,mean_score,agent_messages,violations_per_100_messages";
  for (const auto& [id, r] : rules_) absl::StrAppend(&out, ",", Csv(id + " per 100 msgs"));
  out += "\n";
  for (const auto& [agent, a] : agents_) {
    const double per100 = a.messages ? 100.0 * a.violations / a.messages : 0;
    absl::StrAppendFormat(&out, "%s,%d,%.2f,%d,%.2f", Csv(agent), a.conversations,
                          a.score_sum / a.conversations, a.messages, per100);
    for (const auto& [id, r] : rules_) {
      auto it = a.by_rule.find(id);
      const uint64_t n = it == a.by_rule.end() ? 0 : it->second;
      absl::StrAppendFormat(&out, ",%.2f", a.messages ? 100.0 * n / a.messages : 0.0);
    }
    out += "\n";
  }
  return out;
}

std::string QaReport::RulesCsv() const {
  std::string out = "rule_id,severity,hits,conversations,share_of_conversations,description\n";
  for (const auto& [id, r] : rules_) {
    auto d = descriptions_.find(id);
    absl::StrAppendFormat(&out, "%s,%s,%d,%d,%.4f,%s\n", Csv(id), SeverityName(r.severity),
                          r.hits, r.conversations, scored_ ? 1.0 * r.conversations / scored_ : 0.0,
                          Csv(d == descriptions_.end() ? "" : d->second));
  }
  return out;
}

std::string QaReport::Html(const std::string& title) const {
  std::string h = absl::StrCat(
      "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>",
      ::replylint::Html(title),
      "</title><style>"
      "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:24px;"
      "color:#222;max-width:1100px}h1{font-size:22px}h2{font-size:18px;margin-top:32px}"
      ".cards{display:flex;gap:16px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:8px;"
      "padding:12px 18px;min-width:140px}.card b{display:block;font-size:24px}"
      ".chart .lbl,.chart .val{font-size:12px;fill:#333}"
      "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ddd;padding:4px 8px;"
      "vertical-align:top;font-size:13px}th{background:#f4f4f4}"
      "mark{background:#ffd5d5;border-bottom:2px solid #d33}mark.ins{background:#ffe9a8;"
      "border-bottom-color:#c90}.role{white-space:nowrap;color:#666}.agent{background:#f7fbff}"
      ".findings{color:#a00;font-size:12px}</style></head><body>");
  absl::StrAppend(&h, "<h1>", ::replylint::Html(title), "</h1><div class=\"cards\">");
  absl::StrAppendFormat(&h,
                        "<div class=\"card\">对话 conversations<b>%d</b></div>"
                        "<div class=\"card\">已评分 scored<b>%d</b></div>"
                        "<div class=\"card\">被拒 rejected<b>%d</b></div>"
                        "<div class=\"card\">客服消息 agent messages<b>%d</b></div>"
                        "<div class=\"card\">平均分 mean score<b>%.1f</b></div>"
                        "<div class=\"card\">客服 agents<b>%d</b></div></div>",
                        read(), scored_, rejected_, agent_messages_,
                        scored_ ? score_sum_ / scored_ : 0.0, agents_.size());

  // How scores spread: a mean of 60 can be most conversations near 60, or half perfect and
  // half failed, which call for different coaching.
  std::vector<std::pair<std::string, double>> band_rows;
  double max_band = 0;
  for (int b = 0; b <= 10; ++b) {
    band_rows.emplace_back(b == 10 ? "100" : absl::StrCat(b * 10, "–", b * 10 + 9),
                           static_cast<double>(score_bands_[b]));
    max_band = std::max(max_band, static_cast<double>(score_bands_[b]));
  }
  absl::StrAppend(&h, "<h2>得分分布 Score distribution (conversations per score band)</h2>",
                  BarChart(band_rows, max_band, "", "#6a9f58", 0));

  // Per-agent mean score, worst first (who needs coaching).
  std::vector<std::pair<std::string, double>> agent_rows;
  for (const auto& [id, a] : agents_) {
    agent_rows.emplace_back(id.empty() ? "(unknown)" : id, a.score_sum / a.conversations);
  }
  std::sort(agent_rows.begin(), agent_rows.end(),
            [](const auto& x, const auto& y) { return x.second < y.second; });
  const size_t agents_total = agent_rows.size();
  if (agent_rows.size() > 40) agent_rows.resize(40);
  absl::StrAppend(&h, "<h2>客服平均分 Mean score per agent (lowest first",
                  agents_total > agent_rows.size()
                      ? absl::StrCat("; the ", agent_rows.size(), " lowest of ", agents_total,
                                     ", all in agents.csv")
                      : "",
                  ")</h2>",
                  BarChart(agent_rows, 100, "", "#4a7fd4", 1));

  std::vector<std::pair<std::string, double>> rule_rows;
  double max_hits = 0;
  for (const auto& [id, r] : rules_) {
    rule_rows.emplace_back(id, static_cast<double>(r.hits));
    max_hits = std::max(max_hits, static_cast<double>(r.hits));
  }
  std::sort(rule_rows.begin(), rule_rows.end(),
            [](const auto& x, const auto& y) { return x.second > y.second; });
  absl::StrAppend(&h, "<h2>违规次数 Rule frequency (hits)</h2>",
                  BarChart(rule_rows, max_hits, "", "#d4604a", 0));

  absl::StrAppend(&h, "<h2>规则 Rules</h2><table><tr><th>rule</th><th>说明</th><th>severity</th>"
                      "<th>hits</th><th>conversations</th><th>share</th></tr>");
  for (const auto& [id, r] : rules_) {
    auto d = descriptions_.find(id);
    absl::StrAppendFormat(
        &h, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%.1f%%</td></tr>",
        ::replylint::Html(id), ::replylint::Html(d == descriptions_.end() ? "" : d->second),
        SeverityName(r.severity), r.hits, r.conversations,
        scored_ ? 100.0 * r.conversations / scored_ : 0.0);
  }
  h += "</table>";

  std::vector<const Worst*> worst;
  for (const Worst& w : worst_) worst.push_back(&w);
  std::sort(worst.begin(), worst.end(), [](const Worst* x, const Worst* y) {
    return x->score != y->score ? x->score < y->score
                                : x->report.conversation_id() < y->report.conversation_id();
  });
  absl::StrAppend(&h, "<h2>得分最低的对话 Worst conversations</h2>");
  for (const Worst* w : worst) {
    absl::StrAppendFormat(&h, "<h3>%s — agent %s — score %d <small>(%s:%d)</small></h3><table>",
                          ::replylint::Html(w->report.conversation_id()),
                          ::replylint::Html(w->report.agent_id()), w->score,
                          ::replylint::Html(w->report.input()), w->report.input_line());
    for (int i = 0; i < w->transcript.turns_size(); ++i) {
      const v1::Turn& t = w->transcript.turns(i);
      // Marks on this turn, by start; overlapping marks are shown once.
      std::vector<const v1::Finding*> marks;
      for (const auto& tf : w->report.findings()) {
        if (static_cast<int>(tf.turn_index()) == i) marks.push_back(&tf.finding());
      }
      std::sort(marks.begin(), marks.end(), [](const v1::Finding* x, const v1::Finding* y) {
        return x->span().start_utf8() < y->span().start_utf8();
      });
      std::string body;
      size_t at = 0;
      const std::string& text = t.text();
      for (const v1::Finding* f : marks) {
        const size_t b = f->span().start_utf8(), e = f->span().end_utf8();
        if (b < at || e > text.size()) continue;
        body += ::replylint::Html(text.substr(at, b - at));
        const std::string tip = ::replylint::Html(absl::StrCat(f->rule_id(), ": ", f->message()));
        if (e > b) {
          absl::StrAppend(&body, "<mark title=\"", tip, "\">",
                          ::replylint::Html(text.substr(b, e - b)), "</mark>");
        } else {
          absl::StrAppend(&body, "<mark class=\"ins\" title=\"", tip, "\">‸</mark>");
        }
        at = e;
      }
      body += ::replylint::Html(text.substr(std::min(at, text.size())));
      std::string notes;
      for (const v1::Finding* f : marks) {
        absl::StrAppend(&notes, notes.empty() ? "" : "<br>", ::replylint::Html(f->rule_id()), ": ",
                        ::replylint::Html(f->message()));
      }
      const bool agent = t.role() == v1::Turn::AGENT;
      absl::StrAppend(&h, "<tr class=\"", agent ? "agent" : "customer", "\"><td class=\"role\">",
                      agent ? "客服 agent" : "客户 customer", "</td><td>", body,
                      notes.empty() ? "" : "<div class=\"findings\">" + notes + "</div>",
                      "</td></tr>");
    }
    h += "</table>";
  }
  if (!rejections_.empty()) {
    absl::StrAppend(&h, "<h2>被拒的输入 Rejected input</h2><ul>");
    for (const std::string& r : rejections_) absl::StrAppend(&h, "<li>", ::replylint::Html(r), "</li>");
    h += "</ul>";
  }
  h += "</body></html>\n";
  return h;
}

absl::Status WriteFileAtomically(const std::string& path, const std::string& content) {
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string tmp = absl::StrCat(dir, "/.", base, ".tmp.XXXXXX");
  const int fd = mkstemp(tmp.data());
  if (fd < 0) return absl::UnavailableError(absl::StrCat(path, ": ", strerror(errno)));
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      close(fd);
      unlink(tmp.c_str());
      return absl::UnavailableError(absl::StrCat(path, ": ", strerror(err)));
    }
    done += static_cast<size_t>(n);
  }
  fchmod(fd, 0644);
  if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    unlink(tmp.c_str());
    return absl::UnavailableError(absl::StrCat(path, ": ", strerror(err)));
  }
  return absl::OkStatus();
}

}  // namespace replylint
