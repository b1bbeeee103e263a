// Metrics: request counts, errors and latency histograms per rpc, hits per rule, reloads —
// rendered in the Prometheus text format for GET /metrics.
//
// Why in-house: Debian 12 has no prometheus-cpp package, and the subset needed here (counters
// and fixed-bucket histograms over atomics) is ~150 lines; the HTTP side uses cpp-httplib.
// Contains no draft text, ever: labels are rpc names, status codes, ruleset and rule ids.
//
// Thread-safety: Record*/counters are lock-free atomics on the request path. RuleHits()
// takes a mutex and is meant for ruleset load time; Render() takes it at scrape time.
#ifndef REPLYLINT_SERVICE_METRICS_H_
#define REPLYLINT_SERVICE_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <mutex>

namespace replylint {

enum class Rpc { kLint = 0, kLintStream, kGetRuleset, kCount };

// Why a call was refused or ended by the server's limits (see ServerOptions).
enum class Shed { kInflight = 0, kStreams, kIdleStream, kCount };

// A counter split into cache-line-sized shards, one picked per thread, so threads counting
// the same thing on different cores do not bounce one cache line (on the 2-core machines
// this runs on, a shared atomic per request showed up in the saturated Lint QPS).
class ShardedCounter {
 public:
  static constexpr int kShards = 8;
  void Add(uint64_t n = 1) {
    shards_[Shard()].v.fetch_add(n, std::memory_order_relaxed);
  }
  uint64_t Value() const {
    uint64_t total = 0;
    for (const auto& s : shards_) total += s.v.load(std::memory_order_relaxed);
    return total;
  }
  static int Shard();

 private:
  struct alignas(64) Padded {
    std::atomic<uint64_t> v{0};
  };
  std::array<Padded, kShards> shards_;
};

class LatencyHistogram {
 public:
  // Sharded like ShardedCounter: each shard holds a whole histogram.
  // Upper bounds in microseconds: the keystroke budget is sub-millisecond, so resolution is
  // finest there.
  static constexpr std::array<int64_t, 12> kBoundsUs = {25,   50,   100,   250,   500,   1000,
                                                        2500, 5000, 10000, 25000, 100000, 1000000};
  void Observe(int64_t ns);
  void Render(const std::string& name, const std::string& labels, std::string* out) const;

 private:
  struct alignas(64) Shard {
    std::array<std::atomic<uint64_t>, kBoundsUs.size() + 1> buckets{};
    std::atomic<uint64_t> sum_ns{0};
    std::atomic<uint64_t> count{0};
  };
  std::array<Shard, ShardedCounter::kShards> shards_;
};

class Metrics {
 public:
  static constexpr int kCodes = 17;  // gRPC status codes 0..16

  void RecordRpc(Rpc rpc, int grpc_code, int64_t latency_ns);
  // Answers a LintStream skipped because a newer revision superseded them.
  void RecordSuperseded() { superseded_.Add(); }
  void RecordReload(bool ok) { (ok ? reloads_ok_ : reloads_failed_).fetch_add(1); }
  void RecordShed(Shed why) { shed_[static_cast<int>(why)].fetch_add(1); }
  uint64_t ShedCount(Shed why) const { return shed_[static_cast<int>(why)].load(); }

  // Admission: unary calls being answered and open streams, server-wide. Try* increments and
  // returns false (undoing it) when that would exceed `limit`; Done* releases an admitted one.
  // One shared atomic each: two atomic operations per call, measured as noise at 30k calls/s.
  bool TryAdmitCall(int64_t limit) { return TryAdmit(&inflight_, limit); }
  void DoneCall() { inflight_.fetch_sub(1, std::memory_order_relaxed); }
  bool TryAdmitStream(int64_t limit) { return TryAdmit(&open_streams_, limit); }
  void DoneStream() { open_streams_.fetch_sub(1, std::memory_order_relaxed); }
  int64_t OpenStreams() const { return open_streams_.load(std::memory_order_relaxed); }

  // A stable counter for (ruleset, rule); created on first use, never freed, so a reload can
  // carry it over and Prometheus counters never go backwards.
  ShardedCounter* RuleHits(const std::string& ruleset, const std::string& rule);

  // Suggestion outcomes (1 shown, 2 accepted, 3 dismissed) per ruleset and rule. Callers
  // validate the names first, so labels stay a bounded set.
  void RecordOutcome(const std::string& ruleset, const std::string& rule, int outcome);
  uint64_t Outcomes(const std::string& ruleset, const std::string& rule, int outcome) const;

  std::string Render() const;

  // Requests of `rpc` answered with `grpc_code` so far.
  uint64_t Requests(Rpc rpc, int grpc_code) const {
    return requests_[static_cast<int>(rpc)][grpc_code].Value();
  }

 private:
  static constexpr int kRpcs = static_cast<int>(Rpc::kCount);
  static bool TryAdmit(std::atomic<int64_t>* n, int64_t limit) {
    if (n->fetch_add(1, std::memory_order_relaxed) < limit) return true;
    n->fetch_sub(1, std::memory_order_relaxed);
    return false;
  }
  std::atomic<int64_t> inflight_{0};
  std::atomic<int64_t> open_streams_{0};
  std::array<std::atomic<uint64_t>, static_cast<int>(Shed::kCount)> shed_{};
  std::array<std::array<ShardedCounter, kCodes>, kRpcs> requests_;
  std::array<LatencyHistogram, kRpcs> latency_;
  ShardedCounter superseded_;
  std::atomic<uint64_t> reloads_ok_{0};
  std::atomic<uint64_t> reloads_failed_{0};

  // std::mutex, as in RulesetRegistry: ThreadSanitizer sees it, not Debian's absl::Mutex.
  mutable std::mutex mu_;  // guards hits_ and outcomes_; taken at load and scrape time
  std::map<std::pair<std::string, std::string>, std::unique_ptr<ShardedCounter>> hits_;
  std::map<std::pair<std::string, std::string>, std::array<uint64_t, 4>> outcomes_;
};

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_METRICS_H_
