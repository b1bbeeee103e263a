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

#include "absl/synchronization/mutex.h"

namespace replylint {

enum class Rpc { kLint = 0, kLintStream, kGetRuleset, kCount };

class LatencyHistogram {
 public:
  // Upper bounds in microseconds: the keystroke budget is sub-millisecond, so resolution is
  // finest there.
  static constexpr std::array<int64_t, 12> kBoundsUs = {25,   50,   100,   250,   500,   1000,
                                                        2500, 5000, 10000, 25000, 100000, 1000000};
  void Observe(int64_t ns);
  void Render(const std::string& name, const std::string& labels, std::string* out) const;

 private:
  std::array<std::atomic<uint64_t>, kBoundsUs.size() + 1> buckets_{};
  std::atomic<uint64_t> sum_ns_{0};
  std::atomic<uint64_t> count_{0};
};

class Metrics {
 public:
  static constexpr int kCodes = 17;  // gRPC status codes 0..16

  void RecordRpc(Rpc rpc, int grpc_code, int64_t latency_ns);
  // Answers a LintStream skipped because a newer revision superseded them.
  void RecordSuperseded() { superseded_.fetch_add(1, std::memory_order_relaxed); }
  void RecordReload(bool ok) { (ok ? reloads_ok_ : reloads_failed_).fetch_add(1); }

  // A stable counter for (ruleset, rule); created on first use, never freed, so a reload can
  // carry it over and Prometheus counters never go backwards.
  std::atomic<uint64_t>* RuleHits(const std::string& ruleset, const std::string& rule);

  std::string Render() const;

  // Requests of `rpc` answered with `grpc_code` so far.
  uint64_t Requests(Rpc rpc, int grpc_code) const {
    return requests_[static_cast<int>(rpc)][grpc_code].load(std::memory_order_relaxed);
  }

 private:
  static constexpr int kRpcs = static_cast<int>(Rpc::kCount);
  std::array<std::array<std::atomic<uint64_t>, kCodes>, kRpcs> requests_{};
  std::array<LatencyHistogram, kRpcs> latency_;
  std::atomic<uint64_t> superseded_{0};
  std::atomic<uint64_t> reloads_ok_{0};
  std::atomic<uint64_t> reloads_failed_{0};

  mutable absl::Mutex mu_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<std::atomic<uint64_t>>> hits_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_METRICS_H_
