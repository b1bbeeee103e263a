#include "service/metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace replylint {
namespace {

constexpr const char* kRpcNames[] = {"Lint", "LintStream", "GetRuleset"};
constexpr const char* kCodeNames[] = {
    "OK",        "CANCELLED",          "UNKNOWN",          "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED", "NOT_FOUND",  "ALREADY_EXISTS",   "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
    "UNIMPLEMENTED", "INTERNAL",       "UNAVAILABLE",      "DATA_LOSS",
    "UNAUTHENTICATED"};

}  // namespace

int ShardedCounter::Shard() {
  static std::atomic<int> next{0};
  thread_local const int shard = next.fetch_add(1, std::memory_order_relaxed) % kShards;
  return shard;
}

void LatencyHistogram::Observe(int64_t ns) {
  const int64_t us = ns / 1000;
  size_t i = 0;
  while (i < kBoundsUs.size() && us > kBoundsUs[i]) ++i;
  Shard& s = shards_[ShardedCounter::Shard()];
  s.buckets[i].fetch_add(1, std::memory_order_relaxed);
  s.sum_ns.fetch_add(static_cast<uint64_t>(ns), std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
}

void LatencyHistogram::Render(const std::string& name, const std::string& labels,
                              std::string* out) const {
  uint64_t cumulative = 0, sum_ns = 0, count = 0;
  for (const Shard& s : shards_) {
    sum_ns += s.sum_ns.load(std::memory_order_relaxed);
    count += s.count.load(std::memory_order_relaxed);
  }
  for (size_t i = 0; i < kBoundsUs.size() + 1; ++i) {
    for (const Shard& s : shards_) cumulative += s.buckets[i].load(std::memory_order_relaxed);
    const std::string le =
        i < kBoundsUs.size() ? absl::StrFormat("%g", kBoundsUs[i] / 1e6) : "+Inf";
    absl::StrAppend(out, name, "_bucket{", labels, ",le=\"", le, "\"} ", cumulative, "\n");
  }
  absl::StrAppend(out, name, "_sum{", labels, "} ",
                  absl::StrFormat("%.9f", sum_ns / 1e9), "\n");
  absl::StrAppend(out, name, "_count{", labels, "} ", count, "\n");
}

void Metrics::RecordRpc(Rpc rpc, int grpc_code, int64_t latency_ns) {
  const int r = static_cast<int>(rpc);
  const int code = grpc_code >= 0 && grpc_code < kCodes ? grpc_code : 2;
  requests_[r][code].Add();
  latency_[r].Observe(latency_ns);
}

ShardedCounter* Metrics::RuleHits(const std::string& ruleset, const std::string& rule) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = hits_[{ruleset, rule}];
  if (!slot) slot = std::make_unique<ShardedCounter>();
  return slot.get();
}

void Metrics::RecordOutcome(const std::string& ruleset, const std::string& rule, int outcome) {
  if (outcome < 1 || outcome > 3) return;
  std::lock_guard<std::mutex> lock(mu_);
  ++outcomes_[{ruleset, rule}][outcome];
}

uint64_t Metrics::Outcomes(const std::string& ruleset, const std::string& rule,
                           int outcome) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = outcomes_.find({ruleset, rule});
  return it == outcomes_.end() || outcome < 0 || outcome > 3 ? 0 : it->second[outcome];
}

std::string Metrics::Render() const {
  std::string out;
  out += "# HELP replylint_requests_total RPCs answered, by rpc and gRPC status code.\n";
  out += "# TYPE replylint_requests_total counter\n";
  for (int r = 0; r < kRpcs; ++r) {
    for (int c = 0; c < kCodes; ++c) {
      const uint64_t n = requests_[r][c].Value();
      if (n == 0 && c != 0) continue;
      absl::StrAppend(&out, "replylint_requests_total{rpc=\"", kRpcNames[r], "\",code=\"",
                      kCodeNames[c], "\"} ", n, "\n");
    }
  }
  out += "# HELP replylint_request_duration_seconds Server-side handling time per request.\n";
  out += "# TYPE replylint_request_duration_seconds histogram\n";
  for (int r = 0; r < kRpcs; ++r) {
    latency_[r].Render("replylint_request_duration_seconds",
                       absl::StrCat("rpc=\"", kRpcNames[r], "\""), &out);
  }
  out += "# HELP replylint_stream_superseded_total LintStream drafts skipped for a newer one.\n";
  out += "# TYPE replylint_stream_superseded_total counter\n";
  absl::StrAppend(&out, "replylint_stream_superseded_total ", superseded_.Value(), "\n");
  out += "# HELP replylint_shed_total Calls refused or streams ended by the server's limits.\n";
  out += "# TYPE replylint_shed_total counter\n";
  static constexpr const char* kShedNames[] = {"max_inflight", "max_streams", "stream_idle"};
  for (int i = 0; i < static_cast<int>(Shed::kCount); ++i) {
    absl::StrAppend(&out, "replylint_shed_total{reason=\"", kShedNames[i], "\"} ",
                    shed_[i].load(), "\n");
  }
  out += "# HELP replylint_inflight_calls Unary calls being answered now.\n";
  out += "# TYPE replylint_inflight_calls gauge\n";
  absl::StrAppend(&out, "replylint_inflight_calls ", inflight_.load(), "\n");
  out += "# HELP replylint_open_streams LintStream and ScoreTranscripts streams open now.\n";
  out += "# TYPE replylint_open_streams gauge\n";
  absl::StrAppend(&out, "replylint_open_streams ", open_streams_.load(), "\n");
  out += "# HELP replylint_reloads_total Ruleset reloads, by result.\n";
  out += "# TYPE replylint_reloads_total counter\n";
  absl::StrAppend(&out, "replylint_reloads_total{result=\"ok\"} ", reloads_ok_.load(), "\n");
  absl::StrAppend(&out, "replylint_reloads_total{result=\"failed\"} ", reloads_failed_.load(),
                  "\n");
  std::lock_guard<std::mutex> lock(mu_);
  out += "# HELP replylint_suggestions_total Findings shown, accepted, dismissed by agents.\n";
  out += "# TYPE replylint_suggestions_total counter\n";
  static constexpr const char* kOutcome[] = {"", "shown", "accepted", "dismissed"};
  for (const auto& [key, counts] : outcomes_) {
    for (int o = 1; o <= 3; ++o) {
      absl::StrAppend(&out, "replylint_suggestions_total{ruleset=\"", key.first, "\",rule=\"",
                      key.second, "\",outcome=\"", kOutcome[o], "\"} ", counts[o], "\n");
    }
  }
  out += "# HELP replylint_suggestion_acceptance_ratio accepted / (accepted + dismissed).\n";
  out += "# TYPE replylint_suggestion_acceptance_ratio gauge\n";
  for (const auto& [key, counts] : outcomes_) {
    const uint64_t decided = counts[2] + counts[3];
    absl::StrAppend(&out, "replylint_suggestion_acceptance_ratio{ruleset=\"", key.first,
                    "\",rule=\"", key.second, "\"} ",
                    absl::StrFormat("%.4f", decided ? 1.0 * counts[2] / decided : 0.0), "\n");
  }
  out += "# HELP replylint_rule_hits_total Findings reported, by ruleset and rule.\n";
  out += "# TYPE replylint_rule_hits_total counter\n";
  for (const auto& [key, counter] : hits_) {
    absl::StrAppend(&out, "replylint_rule_hits_total{ruleset=\"", key.first, "\",rule=\"",
                    key.second, "\"} ", counter->Value(), "\n");
  }
  return out;
}

}  // namespace replylint
