// `replylint score`: bulk QA scoring of archived transcripts on all cores, with bounded
// memory. One reader thread streams conversations in batches, worker threads score them, and
// one writer emits the reports in input order (so stdin -> stdout is a faithful pipe for
// sharding tools) and aggregates the summary. A semaphore caps the batches in flight, which
// caps memory whatever the archive size.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <semaphore>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "rules/ruleset_loader.h"
#include "service/cli.h"
#include "service/convert.h"
#include "service/qa_report.h"
#include "service/transcript_reader.h"
#include "service/transcript_scorer.h"

namespace replylint {
namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void OnInterrupt(int) { g_interrupted.store(true); }

struct Item {
  std::string raw;  // JSONL: the line, parsed on a worker
  v1::Transcript transcript;
  uint64_t line = 0;
  const std::string* input = nullptr;
  bool rejected = false;
  std::string reason;
  v1::TranscriptReport report;
  std::string json;
};

struct Batch {
  uint64_t seq = 0;
  std::vector<Item> items;
};

constexpr size_t kBatchSize = 64;

// A blocking queue of batches.
class BatchQueue {
 public:
  void Push(std::unique_ptr<Batch> b) {
    {
      std::lock_guard<std::mutex> l(mu_);
      q_.push_back(std::move(b));
    }
    cv_.notify_one();
  }
  // nullptr once closed and drained.
  std::unique_ptr<Batch> Pop() {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return !q_.empty() || closed_; });
    if (q_.empty()) return nullptr;
    auto b = std::move(q_.front());
    q_.pop_front();
    return b;
  }
  void Close() {
    {
      std::lock_guard<std::mutex> l(mu_);
      closed_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Batch>> q_;
  bool closed_ = false;
};

std::string Duration(double seconds) {
  const int s = static_cast<int>(seconds);
  return absl::StrFormat("%d:%02d", s / 60, s % 60);
}

}  // namespace

int RunScore(const ScoreCliOptions& options, std::ostream& out, std::ostream& err) {
  if (options.inputs.empty()) {
    err << "replylint score: name the input files (or - for stdin)\n";
    return kExitUsage;
  }
  auto rulesets = LoadRulesets(options.lexicons_dir);
  if (!rulesets.ok()) {
    err << "replylint: cannot load rules: " << rulesets.status().message() << "\n";
    return kExitUsage;
  }
  const RulesetLookup lookup = [&](absl::string_view name) -> const Ruleset* {
    auto it = rulesets->find(name.empty() ? absl::string_view(options.ruleset) : name);
    return it == rulesets->end() ? nullptr : it->second.get();
  };
  if (lookup("") == nullptr) {
    err << "replylint score: unknown ruleset '" << options.ruleset << "'\n";
    return kExitUsage;
  }
  // Open every input up front so a typo fails before any work.
  std::vector<std::unique_ptr<TranscriptReader>> readers;
  uint64_t total_bytes = 0;
  for (const std::string& path : options.inputs) {
    auto r = TranscriptReader::Open(path);
    if (!r.ok()) {
      err << "replylint score: " << r.status().message() << "\n";
      return kExitUsage;
    }
    total_bytes += (*r)->total_bytes();
    readers.push_back(std::move(*r));
  }

  // Outputs: stdout, or DIR/reports.jsonl written under a temporary name and renamed last.
  FILE* jsonl = stdout;
  std::string jsonl_tmp, jsonl_final;
  std::string write_error;  // why writing failed, from errno
  if (!options.report_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.report_dir, ec);
    jsonl_final = options.report_dir + "/reports.jsonl";
    jsonl_tmp = options.report_dir + "/.reports.jsonl.tmp";
    jsonl = fopen(jsonl_tmp.c_str(), "w");
    if (jsonl == nullptr) {
      err << "replylint score: cannot write " << jsonl_tmp << ": " << strerror(errno) << "\n";
      return kExitUsage;
    }
  }
  static char out_buf[1 << 20];
  setvbuf(jsonl, out_buf, _IOFBF, sizeof out_buf);

  g_interrupted = false;
  struct sigaction sa = {}, old_int, old_term;
  sa.sa_handler = OnInterrupt;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);

  // Default: two workers per core. The reader (gunzip) and writer threads block on I/O, and
  // measured on 2 cores, 4 workers beat 2 by ~8% (bench/README.md).
  const int threads = options.threads > 0
                          ? options.threads
                          : std::max(2, 2 * static_cast<int>(std::thread::hardware_concurrency()));
  // Batches read but not yet written: bounds memory (and the writer's reorder buffer).
  std::counting_semaphore<> in_flight(4 * threads + 4);
  BatchQueue work;
  std::mutex done_mu;
  std::condition_variable done_cv;
  std::map<uint64_t, std::unique_ptr<Batch>> done;
  std::atomic<uint64_t> bytes_done{0};
  uint64_t batches = 0;
  bool reading_done = false;  // guarded by done_mu

  std::thread reader([&] {
    uint64_t finished_bytes = 0;
    auto batch = std::make_unique<Batch>();
    auto flush = [&] {
      if (batch->items.empty()) return;
      in_flight.acquire();
      batch->seq = batches++;
      work.Push(std::move(batch));
      batch = std::make_unique<Batch>();
    };
    for (auto& r : readers) {
      for (;;) {
        if (g_interrupted) break;
        Item item;
        item.input = &r->name();
        const auto res = r->NextRaw(&item.raw, &item.transcript, &item.line, &item.reason);
        if (res == TranscriptReader::Result::kEnd) break;
        item.rejected = res == TranscriptReader::Result::kRejected;
        batch->items.push_back(std::move(item));
        if (batch->items.size() == kBatchSize) {
          bytes_done = finished_bytes + r->bytes_consumed();
          flush();
        }
      }
      finished_bytes += r->total_bytes();
    }
    flush();
    bytes_done = finished_bytes;
    work.Close();
    std::lock_guard<std::mutex> l(done_mu);
    reading_done = true;
    done_cv.notify_all();
  });

  std::vector<std::thread> workers;
  ScoreOptions score_options;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      while (auto batch = work.Pop()) {
        for (Item& item : batch->items) {
          if (item.rejected) continue;
          if (!item.raw.empty()) {
            item.rejected = !ParseTranscriptLine(item.raw, &item.transcript, &item.reason);
            std::string().swap(item.raw);
            if (item.rejected) continue;
          }
          absl::Status st = ScoreTranscript(lookup, item.transcript, score_options, &item.report);
          if (!st.ok()) {
            item.rejected = true;
            item.reason = std::string(st.message());
            continue;
          }
          item.report.set_input_line(item.line);
          item.report.set_input(*item.input);
          item.json = ToJsonLine(item.report);
        }
        std::lock_guard<std::mutex> l(done_mu);
        done.emplace(batch->seq, std::move(batch));
        done_cv.notify_all();
      }
    });
  }

  // Writer (this thread): in input order.
  QaReport summary;
  // What each rule checks, beside its id in the report; the selected ruleset's words win
  // over a shop ruleset's for the same id.
  for (const auto& [name, rs] : *rulesets) {
    if (name == options.ruleset) continue;
    for (const auto& rule : rs->rules()) summary.DescribeRule(rule->info().id, rule->info().message);
  }
  for (const auto& rule : lookup("")->rules()) {
    summary.DescribeRule(rule->info().id, rule->info().message);
  }
  const absl::Time start = absl::Now();
  absl::Time last_progress = start;
  uint64_t next = 0;
  bool write_failed = false;
  for (;;) {
    std::unique_ptr<Batch> batch;
    {
      std::unique_lock<std::mutex> l(done_mu);
      done_cv.wait_for(l, std::chrono::milliseconds(200), [&] {
        return done.count(next) > 0 || (reading_done && next == batches);
      });
      auto it = done.find(next);
      if (it != done.end()) {
        batch = std::move(it->second);
        done.erase(it);
      } else if (reading_done && next == batches) {
        break;
      }
    }
    if (batch != nullptr) {
      ++next;
      for (Item& item : batch->items) {
        if (item.rejected) {
          err << *item.input << ":" << item.line << ": " << item.reason << "\n";
          summary.AddRejected(*item.input, item.line, item.reason);
          continue;
        }
        item.json.push_back('\n');
        if (!write_failed &&
            fwrite(item.json.data(), 1, item.json.size(), jsonl) != item.json.size()) {
          write_failed = true;  // disk full, file too large, I/O error: stop writing
          write_error = strerror(errno);
        }
        summary.AddScored(item.transcript, item.report);
      }
      in_flight.release();
    }
    if (options.progress && absl::Now() - last_progress > absl::Milliseconds(250)) {
      last_progress = absl::Now();
      const double secs = absl::ToDoubleSeconds(last_progress - start);
      const double rate = secs > 0 ? summary.read() / secs : 0;
      std::string bar;
      if (total_bytes > 0) {
        const double frac = std::min(1.0, static_cast<double>(bytes_done) / total_bytes);
        const int filled = static_cast<int>(frac * 30);
        const double eta = frac > 0.001 ? secs * (1 - frac) / frac : 0;
        bar = absl::StrFormat("[%s%s] %3.0f%% ETA %s ", std::string(filled, '#'),
                              std::string(30 - filled, ' '), frac * 100, Duration(eta));
      }
      err << "\r" << bar << absl::StrFormat("%d conversations, %.0f/s   ", summary.read(), rate)
          << std::flush;
    }
  }
  reader.join();
  for (auto& w : workers) w.join();
  if (options.progress) err << "\r" << std::string(80, ' ') << "\r";
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);

  if (fflush(jsonl) != 0 && !write_failed) {
    write_failed = true;
    write_error = strerror(errno);
  }
  if (jsonl != stdout) {
    if ((fsync(fileno(jsonl)) != 0 || fclose(jsonl) != 0) && !write_failed) {
      write_failed = true;
      write_error = strerror(errno);
    }
  }
  if (g_interrupted || write_failed) {
    if (!jsonl_tmp.empty()) unlink(jsonl_tmp.c_str());
    err << "replylint score: "
        << (g_interrupted ? std::string("interrupted")
                          : absl::StrCat("cannot write the reports to ",
                                         jsonl_tmp.empty() ? "stdout" : jsonl_tmp, ": ",
                                         write_error))
        << "; no report file was written\n";
    return g_interrupted ? 130 : kExitUsage;
  }
  const double secs = absl::ToDoubleSeconds(absl::Now() - start);
  if (!options.report_dir.empty()) {
    absl::Status st = absl::OkStatus();
    for (const auto& [name, content] :
         {std::pair<std::string, std::string>{"agents.csv", summary.AgentsCsv()},
          {"rules.csv", summary.RulesCsv()},
          {"report.html", summary.Html("replylint 质检报告 QA report")}}) {
      if (st.ok()) st = WriteFileAtomically(options.report_dir + "/" + name, content);
    }
    if (st.ok() && rename(jsonl_tmp.c_str(), jsonl_final.c_str()) != 0) {
      st = absl::UnavailableError(absl::StrCat(jsonl_final, ": ", strerror(errno)));
    }
    if (!st.ok()) {
      unlink(jsonl_tmp.c_str());
      err << "replylint score: " << st.message() << "\n";
      return kExitUsage;
    }
    out << "wrote " << options.report_dir << "/{reports.jsonl,agents.csv,rules.csv,report.html}\n";
  }
  err << summary.SummaryLine()
      << absl::StrFormat("; %.1f s, %.0f conversations/s, %.0f agent messages/s\n", secs,
                         secs > 0 ? summary.read() / secs : 0,
                         secs > 0 ? summary.agent_messages() / secs : 0);
  return summary.rejected() > 0 ? kExitFindings : kExitClean;
}

}  // namespace replylint
