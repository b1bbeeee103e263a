// Engine benchmarks: whole-draft lint over bench/data/drafts.txt (the 600-draft corpus, median
// 38 characters), and each stage on its own. Figures are per draft. Run:
//   build/engine_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <new>
#include <string>
#include <vector>

#include "rules/aho_corasick.h"
#include "rules/normalizer.h"
#include "rules/ruleset_loader.h"
#include "rules/segmenter.h"

// Counts heap allocations per thread so the benchmark can report allocations per draft: a
// process-wide count divided by one thread's drafts charged each thread with the other's.
static thread_local uint64_t t_allocations = 0;
void* operator new(size_t n) {
  ++t_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// GCC 12 inlines these into callers, sees free() of a pointer that came from operator new and
// warns (-Wmismatched-new-delete); the pair above allocates with malloc, so free is right.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace replylint {
namespace {

const std::vector<std::string>& Drafts() {
  static const std::vector<std::string> drafts = [] {
    std::vector<std::string> out;
    std::ifstream in(std::string(REPLYLINT_SOURCE_DIR) + "/bench/data/drafts.txt");
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) out.push_back(line);
    }
    return out;
  }();
  return drafts;
}

const Ruleset& Rules() {
  static std::shared_ptr<const Ruleset> rs = [] {
    auto r = LoadRuleset(std::string(REPLYLINT_SOURCE_DIR) + "/lexicons", "default");
    if (!r.ok()) std::abort();
    return *r;
  }();
  return *rs;
}

void BM_Lint_Drafts(benchmark::State& state) {
  const Ruleset& rs = Rules();
  const auto& drafts = Drafts();
  LintResult result;
  LintInput in;
  // Warm the per-thread scratch once so steady state is measured.
  for (const auto& d : drafts) {
    in.text = d;
    (void)rs.Lint(in, &result);
  }
  const uint64_t allocs_before = t_allocations;
  for (auto _ : state) {
    for (const auto& d : drafts) {
      in.text = d;
      benchmark::DoNotOptimize(rs.Lint(in, &result));
    }
  }
  const double n = static_cast<double>(state.iterations() * drafts.size());
  state.SetItemsProcessed(static_cast<int64_t>(n));
  // Averaged over the threads (the default would sum them).
  state.counters["allocs_per_draft"] =
      benchmark::Counter((t_allocations - allocs_before) / n, benchmark::Counter::kAvgThreads);
}
BENCHMARK(BM_Lint_Drafts)->ThreadRange(1, 2)->UseRealTime();

// The distribution over drafts: each draft timed on its own (best of 50 runs, to drop
// scheduler noise), then the median and p90 over the corpus, in ns. The 50 runs of a draft
// are 50 passes over the corpus, not 50 lints in a row: the segmenter remembers its last few
// windows (segmenter.cc), and a draft linted right after itself would measure that memory
// rather than the draft.
void BM_Lint_PerDraftDistribution(benchmark::State& state) {
  const Ruleset& rs = Rules();
  const auto& drafts = Drafts();
  LintResult result;
  LintInput in;
  std::vector<double> per_draft;
  for (auto _ : state) {
    per_draft.assign(drafts.size(), 1e18);
    for (int k = 0; k < 50; ++k) {
      for (size_t i = 0; i < drafts.size(); ++i) {
        in.text = drafts[i];
        const auto t0 = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(rs.Lint(in, &result));
        const auto t1 = std::chrono::steady_clock::now();
        per_draft[i] =
            std::min(per_draft[i], std::chrono::duration<double, std::nano>(t1 - t0).count());
      }
    }
  }
  std::sort(per_draft.begin(), per_draft.end());
  state.counters["p50_ns"] = per_draft[per_draft.size() / 2];
  state.counters["p90_ns"] = per_draft[per_draft.size() * 9 / 10];
  state.counters["max_ns"] = per_draft.back();
}
BENCHMARK(BM_Lint_PerDraftDistribution)->Iterations(1)->Unit(benchmark::kMillisecond);

// Every draft linted after the caches were filled with other data, as in the server, where
// gRPC, the kernel and the load generator run between two drafts on the same cores: the
// engine's tables and code start cold. Arg: MiB written between drafts — 2 (twice a core's
// L2: L2-cold) and 8 (a quarter of the shared L3: mostly L3-cold too). Only the Lint calls
// are timed (manual time); the figure is per corpus pass (600 drafts).
void BM_Lint_DraftsCacheCold(benchmark::State& state) {
  const Ruleset& rs = Rules();
  const auto& drafts = Drafts();
  LintResult result;
  LintInput in;
  for (const auto& d : drafts) {
    in.text = d;
    (void)rs.Lint(in, &result);
  }
  // Written, so the lines are evicted dirty like a busy neighbour's would be.
  std::vector<char> evict(static_cast<size_t>(state.range(0)) << 20);
  for (auto _ : state) {
    double seconds = 0;
    for (const auto& d : drafts) {
      for (size_t i = 0; i < evict.size(); i += 64) evict[i]++;
      benchmark::ClobberMemory();
      in.text = d;
      const auto t0 = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(rs.Lint(in, &result));
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    state.SetIterationTime(seconds);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * drafts.size()));
}
BENCHMARK(BM_Lint_DraftsCacheCold)->Arg(2)->Arg(8)->UseManualTime()->Unit(benchmark::kMillisecond);

// The corpus again, each draft answering a customer who complained 90 s earlier: what the
// context rules add (the customer's turns scanned for triggers, missing-apology with its
// order check and slow-reply, whose lookup lists are scanned when they fire). Chat clients
// send recent turns with every keystroke.
void BM_Lint_DraftsAnsweringAComplaint(benchmark::State& state) {
  const Ruleset& rs = Rules();
  const auto& drafts = Drafts();
  const Turn complaint{Turn::Role::kCustomer, "怎么还没到，等了一个星期了，我要投诉", 1'000'000};
  LintResult result;
  LintInput in;
  in.context = absl::MakeConstSpan(&complaint, 1);
  in.time_ms = complaint.time_ms + 90'000;
  for (const auto& d : drafts) {
    in.text = d;
    (void)rs.Lint(in, &result);
  }
  for (auto _ : state) {
    for (const auto& d : drafts) {
      in.text = d;
      benchmark::DoNotOptimize(rs.Lint(in, &result));
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * drafts.size()));
}
BENCHMARK(BM_Lint_DraftsAnsweringAComplaint)->UseRealTime();

// One draft linted over and over: what a compose box costs when it resends the same text
// (the segmenter's memory of recent windows applies, as it does in the server).
void LintOneDraftRepeatedly(benchmark::State& state, const std::string& text) {
  LintResult result;
  LintInput in;
  in.text = text;
  for (auto _ : state) benchmark::DoNotOptimize(Rules().Lint(in, &result));
}
void BM_Lint_CleanDraft(benchmark::State& state) {
  LintOneDraftRepeatedly(state, "您好，您的订单已经发货了，预计明天送达，请您耐心等待😊");
}
BENCHMARK(BM_Lint_CleanDraft);
void BM_Lint_DirtyDraft(benchmark::State& state) {
  LintOneDraftRepeatedly(state, "不知道，你自己看吧");
}
BENCHMARK(BM_Lint_DirtyDraft);

void BM_Stage_Normalize(benchmark::State& state) {
  const Normalizer& n = Normalizer::Default();
  NormalizedDraft d;
  for (auto _ : state) {
    for (const auto& t : Drafts()) n.Normalize(t, &d);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * Drafts().size()));
}
BENCHMARK(BM_Stage_Normalize);

void BM_Stage_MatchLiterals(benchmark::State& state) {
  // The automaton of the bundled ruleset's phrase entries, over compact views, scanned as the
  // engine scans them (ScanValidUtf8: the views are valid UTF-8).
  AhoCorasick::Builder b;
  const Normalizer& n = Normalizer::Default();
  int patterns = 0;
  for (const char* file : {"banned-negative", "rude-phrase", "blame-shifting", "honorific",
                           "typos"}) {
    std::ifstream in(std::string(REPLYLINT_SOURCE_DIR) + "/lexicons/words/" + file + ".txt");
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#' || line[0] == '@') continue;
      std::string phrase = line.substr(0, line.find(" =>"));
      b.Add(n.Compact(phrase));
      ++patterns;
    }
  }
  AhoCorasick ac = std::move(b).Build();
  std::vector<std::string> compact;
  for (const auto& t : Drafts()) compact.push_back(n.Compact(t));
  size_t hits = 0;
  for (auto _ : state) {
    for (const auto& t : compact) ac.ScanValidUtf8(t, [&](int, size_t) { ++hits; });
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * compact.size()));
  state.counters["patterns"] = patterns;
}
BENCHMARK(BM_Stage_MatchLiterals);

// For reference: what segmenting every draft in full with ICU would cost (the engine only
// segments the clause around a match that needs its boundaries checked).
void BM_Stage_SegmentWholeDraft(benchmark::State& state) {
  WordCache cache;
  for (auto _ : state) {
    for (const auto& t : Drafts()) {
      cache.Clear();
      benchmark::DoNotOptimize(Segmenter::AlignsWithWords(t, 0, 3, &cache));
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * Drafts().size()));
}
BENCHMARK(BM_Stage_SegmentWholeDraft);

void BM_Stage_LoadRuleset(benchmark::State& state) {
  Normalizer::Default();
  for (auto _ : state) {
    auto r = LoadRuleset(std::string(REPLYLINT_SOURCE_DIR) + "/lexicons", "default");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Stage_LoadRuleset)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace replylint

BENCHMARK_MAIN();
