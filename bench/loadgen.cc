// gRPC load generator for `replylint serve`: closed loop (N concurrent callers, each sending
// its next request when the previous answer arrives) and open loop (requests sent at a fixed
// rate whatever the answers do; latency is measured from each request's scheduled time, so a
// slow server cannot hide its queueing — no coordinated omission). Drafts come from
// bench/data/drafts.txt, round robin.
//
//   loadgen --target=127.0.0.1:50051 --rpc=lint|stream|health --mode=closed|open
//           [--concurrency=N] [--rate=R] [--seconds=S] [--streams=K]
//   loadgen --target=... --rpc=interleaved [--concurrency=N] [--seconds=S] [--slice=0.25]
//           Check and Lint in turn in one closed-loop run (see LoadGen::RunInterleaved)
//   loadgen --target=... --suite [--saturate=64,128]   the budget scenarios of the service
//           issue, one table; --saturate repeats the saturated Check/Lint pairs at more
//           concurrencies
//
// One thread paces sends, one drains the completion queue; the generator costs little next to
// the server when both share this 2-core machine.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "replylint/v1/service.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "server address");
ABSL_FLAG(std::string, rpc, "lint", "lint | stream | health | interleaved");
ABSL_FLAG(std::string, mode, "closed", "closed | open");
ABSL_FLAG(int, concurrency, 8, "closed loop: concurrent callers");
ABSL_FLAG(double, rate, 1000, "open loop: requests per second");
ABSL_FLAG(int, streams, 50, "stream rpc: concurrent compose boxes");
ABSL_FLAG(double, seconds, 5, "measurement time per scenario");
ABSL_FLAG(double, warmup, 1, "warm-up time per scenario (not measured)");
ABSL_FLAG(bool, suite, false, "run the issue's budget scenarios and print one table");
ABSL_FLAG(int, channels, 1, "unary rpcs: spread calls over this many connections");
ABSL_FLAG(double, window, 0,
          "single scenario: also print a row every this many seconds (soak); 0 = off");
ABSL_FLAG(double, deadline, 5, "per-call deadline, seconds");
ABSL_FLAG(int, pairs, 3,
          "suite: saturated Check/Lint pairs, run alternately; the ratio is the median");
ABSL_FLAG(std::vector<std::string>, saturate, {},
          "suite: also measure the Check/Lint pairs at these concurrencies (e.g. 64,128): "
          "how far the ratio depends on how many calls the server batches");
ABSL_FLAG(double, interleaved_seconds, 12,
          "suite: after the pairs, Check and Lint interleaved in one closed-loop run this long "
          "(both rpcs' slices together; 0 = skip)");
ABSL_FLAG(double, slice, 0.25, "interleaved runs: seconds before switching rpc");
ABSL_FLAG(int, cq_threads, 1,
          "interleaved runs: completion queues, each with its own thread and its share of the "
          "callers");
ABSL_FLAG(int, server_pid, 0,
          "the server's process id, when it runs on this machine: closed-loop runs then also "
          "report the CPU time per call of the server and of this generator (0 = unknown)");
ABSL_FLAG(std::string, drafts, REPLYLINT_SOURCE_DIR "/bench/data/drafts.txt", "drafts file");
ABSL_FLAG(int, context_turns, 0,
          "Lint and LintStream requests carry this many recent turns, as chat clients do: "
          "customer lines (complaints, thanks, questions) and other corpus drafts as the "
          "agent's, the newest the customer's, 20 s apart, the draft sent 30 s after it");

namespace replylint {
namespace {

using Clock = std::chrono::steady_clock;

struct Result {
  std::string name;
  double qps = 0;
  double p50 = 0, p90 = 0, p99 = 0, p999 = 0;  // microseconds
  uint64_t errors = 0, ok = 0;
  std::map<int, uint64_t> errors_by_code;  // unary calls: gRPC status code -> count
  // Closed loop with --server_pid: CPU time (user + system) per answered call over the
  // measured interval, of the server and of this generator. 0 = not measured.
  double server_cpu_us = 0, loadgen_cpu_us = 0;
};

// CPU seconds (user + system, all threads) this process has used.
double OwnCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// CPU seconds (user + system, all threads) process `pid` has used, from /proc/PID/stat
// (clock-tick resolution, 10 ms: fine over a measured interval of seconds); -1 if unreadable.
double ProcessCpuSeconds(int pid) {
  std::ifstream in(absl::StrFormat("/proc/%d/stat", pid));
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name, which is in parentheses and may hold spaces: state is
  // field 3, utime and stime are fields 14 and 15.
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return -1;
  std::vector<absl::string_view> f =
      absl::StrSplit(absl::string_view(stat).substr(paren + 2), ' ', absl::SkipEmpty());
  double utime = 0, stime = 0;
  if (f.size() < 13 || !absl::SimpleAtod(f[11], &utime) || !absl::SimpleAtod(f[12], &stime)) {
    return -1;
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = static_cast<size_t>(p * (v.size() - 1));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

// Sets r's percentiles from its answered calls' latencies (reorders `us`).
void SetPercentiles(std::vector<double>& us, Result* r) {
  r->p50 = Percentile(us, 0.50);
  r->p90 = Percentile(us, 0.90);
  r->p99 = Percentile(us, 0.99);
  r->p999 = Percentile(us, 0.999);
}

class LoadGen {
 public:
  LoadGen(std::vector<std::shared_ptr<grpc::Channel>> channels, std::vector<std::string> drafts)
      : lint_(v1::ReplyLint::NewStub(channels[0])), drafts_(std::move(drafts)) {
    for (const auto& ch : channels) generic_.push_back(std::make_unique<grpc::GenericStub>(ch));
    // Unary calls go out pre-serialized and their answers are not parsed: the generator
    // should spend as little of the shared CPU as it can, and the same for Lint and Check.
    for (size_t i = 0; i < drafts_.size(); ++i) {
      v1::LintRequest req;
      AddContext(i, &req);
      req.set_text(drafts_[i]);
      lint_wire_.push_back(req.SerializeAsString());
    }
    health_wire_ = grpc::health::v1::HealthCheckRequest().SerializeAsString();
  }

  // rpc: lint | health | stream. rate <= 0: closed loop with `concurrency` callers.
  // window > 0: also prints a row per `window` seconds (p99 over time, for the soak).
  Result Run(const std::string& name, const std::string& rpc, int concurrency, double rate,
             int streams, double seconds, double warmup, double window = 0);

  // Closed loop with `concurrency` callers that send health Check and Lint in turn, switching
  // every `slice` seconds: each call is Check or Lint by the slice it is sent in, and counts
  // for that slice's rpc. Both rpcs then see the same machine, within a fraction of a second
  // of each other, where runs of several seconds each saw the noisy neighbours of this shared
  // machine come and go between them (single pairs ranged 60-126%). Returns {Check, Lint},
  // each with its QPS over the time its slices took and, with --server_pid, its CPU per call.
  std::pair<Result, Result> RunInterleaved(int concurrency, double seconds, double warmup,
                                           double slice);

 private:
  struct Call {
    grpc::ClientContext ctx;
    grpc::ByteBuffer response;
    grpc::Status status;
    std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
    Clock::time_point scheduled;

    bool answered() const { return status.ok() && response.Length() > 0; }
    // For a call that was not answered: its status, or UNKNOWN for an empty answer.
    int error_code() const {
      return status.ok() ? grpc::StatusCode::UNKNOWN : status.error_code();
    }
  };
  struct Stream {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientAsyncReaderWriter<v1::LintRequest, v1::LintResponse>> rw;
    v1::LintRequest req;
    v1::LintResponse resp;
    enum { kStarting, kIdle, kWriting, kReading } state = kStarting;
    std::deque<Clock::time_point> queued;  // scheduled sends waiting for the previous answer
    Clock::time_point in_flight;
    uint64_t revision = 0;
  };
  // Tags: Call* for unary; Stream* with the low bit set for stream events.

  const std::string& NextDraft() { return drafts_[next_draft_++ % drafts_.size()]; }
  // --context_turns recent turns for the request of draft `i` (see the flag).
  void AddContext(size_t i, v1::LintRequest* req) const {
    static const char* const kCustomer[] = {
        "怎么还没到，我要投诉", "好的谢谢", "这个有货吗", "什么时候发货",
        "东西坏了，我要退货", "在吗", "能便宜点吗", "好的，拜拜"};
    const int n = absl::GetFlag(FLAGS_context_turns);
    constexpr int64_t kStart = 1'790'000'000;  // seconds; any fixed time will do
    for (int k = 0; k < n; ++k) {
      v1::Turn* t = req->add_context();
      const bool customer = (n - 1 - k) % 2 == 0;  // the newest turn is the customer's
      t->set_role(customer ? v1::Turn::CUSTOMER : v1::Turn::AGENT);
      t->set_text(customer ? kCustomer[(i + k) % std::size(kCustomer)]
                           : drafts_[(i + k + 1) % drafts_.size()]);
      t->mutable_ts()->set_seconds(kStart + 20 * k);
    }
    if (n > 0) req->mutable_time()->set_seconds(kStart + 20 * (n - 1) + 30);
  }
  // Sends one unary call, tagged with its Call; `health`: Check, else Lint.
  void StartUnary(grpc::CompletionQueue* cq, bool health, Clock::time_point at);
  void StreamSend(Stream* s, Clock::time_point at);

  std::unique_ptr<v1::ReplyLint::Stub> lint_;
  std::vector<std::unique_ptr<grpc::GenericStub>> generic_;  // one per connection
  std::atomic<size_t> next_channel_{0};  // atomics: interleaved runs send from several threads
  std::vector<std::string> drafts_;
  std::vector<std::string> lint_wire_;
  std::string health_wire_;
  std::atomic<size_t> next_draft_{0};
};

void LoadGen::StartUnary(grpc::CompletionQueue* cq, bool health, Clock::time_point at) {
  auto* c = new Call;
  c->scheduled = at;
  c->ctx.set_deadline(std::chrono::system_clock::now() +
                      std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::duration<double>(absl::GetFlag(FLAGS_deadline))));
  const std::string& wire = health ? health_wire_ : lint_wire_[next_draft_++ % lint_wire_.size()];
  grpc::Slice slice(wire);
  grpc::ByteBuffer request(&slice, 1);
  c->reader = generic_[next_channel_++ % generic_.size()]->PrepareUnaryCall(
      &c->ctx, health ? "/grpc.health.v1.Health/Check" : "/replylint.v1.ReplyLint/Lint", request,
      cq);
  c->reader->StartCall();
  c->reader->Finish(&c->response, &c->status, c);
}

void LoadGen::StreamSend(Stream* s, Clock::time_point at) {
  s->req.set_text(NextDraft());
  s->req.set_revision(++s->revision);
  s->in_flight = at;
  s->state = Stream::kWriting;
  s->rw->Write(s->req, reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(s) | 1));
}

Result LoadGen::Run(const std::string& name, const std::string& rpc, int concurrency, double rate,
                    int streams, double seconds, double warmup, double window) {
  // Two threads: this one paces sends (open loop) and a drainer handles completions. A
  // completion-queue timeout is too coarse to pace with (~0.7 ms late on average here).
  grpc::CompletionQueue cq;
  std::mutex mu;
  std::vector<double> lat_us;
  lat_us.reserve(static_cast<size_t>(std::max(rate, 40000.0) * seconds * 1.2));
  const Clock::time_point t0 = Clock::now();
  const Clock::time_point measure_from = t0 + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(warmup));
  const Clock::time_point stop_at = measure_from + std::chrono::duration_cast<Clock::duration>(
                                                       std::chrono::duration<double>(seconds));
  Result r;
  r.name = name;
  uint64_t outstanding = 0;  // guarded by mu
  bool sending = true;       // guarded by mu
  // The current window (window > 0): its latencies and errors, printed when it ends.
  std::vector<double> win_us;
  uint64_t win_errors = 0;
  const auto window_len = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(window > 0 ? window : 1e9));
  Clock::time_point window_end = measure_from + window_len;
  auto end_window = [&] {  // REQUIRES mu
    std::vector<double> w = std::move(win_us);
    win_us.clear();
    std::printf("%8.0f %9.0f %8.0f %8.0f %8.0f %7llu\n",
                std::chrono::duration<double>(window_end - measure_from).count(),
                w.size() / window, Percentile(w, 0.5), Percentile(w, 0.99), Percentile(w, 0.999),
                static_cast<unsigned long long>(win_errors));
    std::fflush(stdout);
    win_errors = 0;
    window_end += window_len;
  };
  auto record = [&](Clock::time_point scheduled, bool ok, int code = 0) {  // REQUIRES mu
    const Clock::time_point now = Clock::now();
    // Calls scheduled in the measured interval count, however late they come back: under
    // overload that lateness is the point.
    if (scheduled < measure_from || scheduled >= stop_at) return;
    while (window > 0 && now >= window_end) end_window();
    if (!ok) {
      ++r.errors;
      ++win_errors;
      ++r.errors_by_code[code];
      return;
    }
    ++r.ok;
    const double us = std::chrono::duration<double, std::micro>(now - scheduled).count();
    lat_us.push_back(us);
    if (window > 0) win_us.push_back(us);
  };
  const bool open = rate > 0;
  const bool health = rpc == "health";  // unary calls: Check, else Lint
  auto stream_tag = [](Stream* s) {
    return reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(s) | 1);
  };

  std::vector<std::unique_ptr<Stream>> all;
  {
    std::lock_guard<std::mutex> l(mu);
    if (rpc == "stream") {
      for (int i = 0; i < streams; ++i) {
        auto st = std::make_unique<Stream>();
        AddContext(all.size(), &st->req);  // one conversation per compose box
        st->rw = lint_->AsyncLintStream(&st->ctx, &cq, stream_tag(st.get()));
        all.push_back(std::move(st));
      }
    } else if (!open) {
      for (int i = 0; i < concurrency; ++i, ++outstanding) StartUnary(&cq, health, Clock::now());
    }
  }

  std::thread drainer([&] {
    void* tag;
    bool ok;
    while (cq.Next(&tag, &ok)) {
      std::lock_guard<std::mutex> l(mu);
      const uintptr_t bits = reinterpret_cast<uintptr_t>(tag);
      if ((bits & 1) == 0) {
        auto* c = static_cast<Call*>(tag);
        record(c->scheduled, c->answered(), c->error_code());
        delete c;
        --outstanding;
        if (!open && sending && Clock::now() < stop_at) {
          StartUnary(&cq, health, Clock::now());
          ++outstanding;
        }
        continue;
      }
      Stream* st = reinterpret_cast<Stream*>(bits & ~uintptr_t{1});
      if (!ok) {
        if (st->state != Stream::kIdle) ++r.errors;
        st->state = Stream::kStarting;  // broken or cancelled: stop using it
        continue;
      }
      switch (st->state) {
        case Stream::kStarting:
          st->state = Stream::kIdle;
          if (!open) StreamSend(st, Clock::now());
          break;
        case Stream::kWriting:
          st->state = Stream::kReading;
          st->rw->Read(&st->resp, tag);
          break;
        case Stream::kReading:
          record(st->in_flight, st->resp.revision() == st->revision);
          st->state = Stream::kIdle;
          if (!open) {
            if (sending && Clock::now() < stop_at) StreamSend(st, Clock::now());
          } else if (!st->queued.empty()) {
            const Clock::time_point at = st->queued.front();
            st->queued.pop_front();
            StreamSend(st, at);
          }
          break;
        case Stream::kIdle:
          break;
      }
    }
  });

  if (open) {
    const auto interval =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
    size_t next_stream = 0;
    for (Clock::time_point at = t0 + std::chrono::milliseconds(100); at < stop_at;
         at += interval) {
      std::this_thread::sleep_until(at - std::chrono::microseconds(80));
      while (Clock::now() < at) {
      }
      std::lock_guard<std::mutex> l(mu);
      if (rpc == "stream") {
        Stream* st = all[next_stream++ % all.size()].get();
        if (st->state == Stream::kIdle) {
          StreamSend(st, at);
        } else {
          st->queued.push_back(at);
        }
      } else {
        StartUnary(&cq, health, at);
        ++outstanding;
      }
    }
  } else {
    // CPU per call: both processes' CPU over the measured interval, against its answers.
    const int server_pid = absl::GetFlag(FLAGS_server_pid);
    std::this_thread::sleep_until(measure_from);
    const double own0 = OwnCpuSeconds();
    const double server0 = server_pid > 0 ? ProcessCpuSeconds(server_pid) : -1;
    std::this_thread::sleep_until(stop_at);
    const double own1 = OwnCpuSeconds();
    const double server1 = server_pid > 0 ? ProcessCpuSeconds(server_pid) : -1;
    std::lock_guard<std::mutex> l(mu);
    if (server0 >= 0 && server1 >= 0 && r.ok > 0) {
      // Calls still in flight at stop_at are not yet in r.ok; closed loop keeps only
      // `concurrency` of them, a rounding error against the thousands answered.
      r.server_cpu_us = (server1 - server0) * 1e6 / r.ok;
      r.loadgen_cpu_us = (own1 - own0) * 1e6 / r.ok;
    }
  }
  {
    std::lock_guard<std::mutex> l(mu);
    sending = false;
  }
  // Let what is in flight come back, then tear down.
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard<std::mutex> l(mu);
      bool busy = outstanding > 0;
      for (auto& st : all) {
        busy |= st->state == Stream::kWriting || st->state == Stream::kReading;
      }
      if (!busy) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (auto& st : all) st->ctx.TryCancel();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  cq.Shutdown();
  drainer.join();
  if (window > 0 && !win_us.empty()) end_window();
  r.qps = r.ok / seconds;
  SetPercentiles(lat_us, &r);
  return r;
}

std::pair<Result, Result> LoadGen::RunInterleaved(int concurrency, double seconds,
                                                  double warmup, double slice) {
  auto dur = [](double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  };
  const Clock::duration slice_len = dur(slice);
  const Clock::time_point t0 = Clock::now();
  // Slice k of the run, [t0 + k * slice, t0 + (k + 1) * slice), is Check's when k is even.
  // The warm-up and the measured time are whole slices, the measured time whole pairs of
  // them, so that both rpcs get the same measured time.
  const int64_t warm_slices = static_cast<int64_t>(std::ceil(warmup / slice));
  const int64_t slices = 2 * std::max<int64_t>(1, std::llround(seconds / (2 * slice)));
  const Clock::time_point measure_from = t0 + warm_slices * slice_len;
  const Clock::time_point stop_at = measure_from + slices * slice_len;
  auto is_check = [&](Clock::time_point at) { return (at - t0) / slice_len % 2 == 0; };
  // --cq_threads completion queues, each drained by its own thread with its share of the
  // callers: one thread was ~85% busy at 256 callers, close to limiting the run itself.
  struct Drainer {
    grpc::CompletionQueue cq;
    Result check, lint;
    std::vector<double> check_us, lint_us;
    std::atomic<uint64_t> outstanding{0};
  };
  const int threads = std::max(1, absl::GetFlag(FLAGS_cq_threads));
  std::vector<std::unique_ptr<Drainer>> drainers;
  for (int t = 0; t < threads; ++t) drainers.push_back(std::make_unique<Drainer>());
  std::atomic<bool> sending{true};
  {
    const Clock::time_point now = Clock::now();
    for (int i = 0; i < concurrency; ++i) {
      Drainer& d = *drainers[i % threads];
      d.outstanding.fetch_add(1);
      StartUnary(&d.cq, is_check(now), now);
    }
  }
  std::vector<std::thread> running;
  for (auto& owned : drainers) {
    running.emplace_back([&, d = owned.get()] {
      void* tag;
      bool ok;
      while (d->cq.Next(&tag, &ok)) {
        auto* c = static_cast<Call*>(tag);
        if (c->scheduled >= measure_from && c->scheduled < stop_at) {
          const bool was_check = is_check(c->scheduled);
          Result& r = was_check ? d->check : d->lint;
          if (c->answered()) {
            ++r.ok;
            (was_check ? d->check_us : d->lint_us)
                .push_back(std::chrono::duration<double, std::micro>(Clock::now() - c->scheduled)
                               .count());
          } else {
            ++r.errors;
            ++r.errors_by_code[c->error_code()];
          }
        }
        delete c;
        const Clock::time_point now = Clock::now();
        if (sending.load(std::memory_order_relaxed) && now < stop_at) {
          StartUnary(&d->cq, is_check(now), now);
        } else {
          d->outstanding.fetch_sub(1);
        }
      }
    });
  }
  // CPU per call: both processes' CPU over each measured slice, charged to its rpc.
  const int server_pid = absl::GetFlag(FLAGS_server_pid);
  double server_s[2] = {0, 0}, own_s[2] = {0, 0};  // [0] Check, [1] Lint
  std::this_thread::sleep_until(measure_from);
  double own = OwnCpuSeconds(), server = server_pid > 0 ? ProcessCpuSeconds(server_pid) : -1;
  for (int64_t k = warm_slices; k < warm_slices + slices; ++k) {
    std::this_thread::sleep_until(t0 + (k + 1) * slice_len);
    const double own1 = OwnCpuSeconds();
    const double server1 = server_pid > 0 ? ProcessCpuSeconds(server_pid) : -1;
    own_s[k % 2] += own1 - own;
    if (server >= 0 && server1 >= 0) server_s[k % 2] += server1 - server;
    own = own1;
    server = server1;
  }
  sending = false;
  for (int i = 0; i < 500; ++i) {
    uint64_t left = 0;
    for (auto& d : drainers) left += d->outstanding.load();
    if (left == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (auto& d : drainers) d->cq.Shutdown();
  for (auto& t : running) t.join();
  Result check, lint;
  std::vector<double> check_us, lint_us;
  for (auto& d : drainers) {
    for (auto [from, to] : {std::pair<Result*, Result*>{&d->check, &check}, {&d->lint, &lint}}) {
      to->ok += from->ok;
      to->errors += from->errors;
      for (auto [code, n] : from->errors_by_code) to->errors_by_code[code] += n;
    }
    check_us.insert(check_us.end(), d->check_us.begin(), d->check_us.end());
    lint_us.insert(lint_us.end(), d->lint_us.begin(), d->lint_us.end());
  }
  const double each = static_cast<double>(slices / 2) * slice;  // seconds of each rpc's slices
  int kind = 0;
  for (Result* r : {&check, &lint}) {
    std::vector<double>& us = kind == 0 ? check_us : lint_us;
    r->qps = r->ok / each;
    SetPercentiles(us, r);
    if (server_pid > 0 && r->ok > 0) {
      r->server_cpu_us = server_s[kind] * 1e6 / r->ok;
      r->loadgen_cpu_us = own_s[kind] * 1e6 / r->ok;
    }
    ++kind;
  }
  check.name = absl::StrFormat("health Check, x%d interleaved with Lint", concurrency);
  lint.name = absl::StrFormat("Lint, x%d interleaved with Check", concurrency);
  return {check, lint};
}

void Print(const Result& r) {
  std::printf("%-44s %9.0f %8.0f %8.0f %8.0f %8.0f %7llu\n", r.name.c_str(), r.qps, r.p50, r.p90,
              r.p99, r.p999, static_cast<unsigned long long>(r.errors));
  for (const auto& [code, n] : r.errors_by_code) {
    std::printf("  errors with status %d: %llu\n", code, static_cast<unsigned long long>(n));
  }
  std::fflush(stdout);
}

}  // namespace
}  // namespace replylint

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // As in the server (service/main.cc): no lock-order graph on every gRPC mutex.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // An unknown name would otherwise be run as Lint and printed under the name given
  // (--rpc=check measured Lint, labelled "check").
  const std::string rpc = absl::GetFlag(FLAGS_rpc);
  if (rpc != "lint" && rpc != "stream" && rpc != "health" && rpc != "interleaved") {
    std::fprintf(stderr, "loadgen: --rpc wants lint, stream, health or interleaved, not '%s'\n",
                 rpc.c_str());
    return 2;
  }
  std::vector<std::string> drafts;
  std::ifstream in(absl::GetFlag(FLAGS_drafts));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) drafts.push_back(line);
  }
  if (drafts.empty()) {
    std::fprintf(stderr, "loadgen: no drafts in %s\n", absl::GetFlag(FLAGS_drafts).c_str());
    return 2;
  }
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < std::max(1, absl::GetFlag(FLAGS_channels)); ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // a connection of its own
    channels.push_back(grpc::CreateCustomChannel(absl::GetFlag(FLAGS_target),
                                                 grpc::InsecureChannelCredentials(), args));
  }
  replylint::LoadGen gen(channels, drafts);
  const double secs = absl::GetFlag(FLAGS_seconds), warm = absl::GetFlag(FLAGS_warmup);
  auto header = [] {
    std::printf("%-44s %9s %8s %8s %8s %8s %7s\n", "scenario", "qps", "p50_us", "p90_us",
                "p99_us", "p99.9_us", "errors");
  };
  if (absl::GetFlag(FLAGS_suite)) {
    std::vector<int> levels = {absl::GetFlag(FLAGS_concurrency)};
    for (const std::string& n : absl::GetFlag(FLAGS_saturate)) {
      int c = 0;
      if (!absl::SimpleAtoi(n, &c) || c < 1) {
        std::fprintf(stderr, "loadgen: --saturate wants concurrencies like 64,128, not '%s'\n",
                     n.c_str());
        return 2;
      }
      levels.push_back(c);
    }
    header();
    using replylint::Print;
    // The floor moves with how the scheduler places the server's and the generator's threads
    // on the two cores, and drifts over seconds on these shared machines, so Check and Lint
    // alternate, in turn first and second in a pair (a drift over a pair then favours neither),
    // and the ratio is the median of the pairs. With --server_pid the same pairs also give
    // each rpc's CPU time per call: when both processes saturate the two cores, QPS is
    // inversely proportional to it, and CPU time is not moved by time stolen from the machine.
    auto saturated = [&](int c) {
      std::vector<double> ratios, check_qps, lint_qps, cpu_ratios, check_cpu, lint_cpu;
      std::vector<double> check_server, lint_server;
      for (int i = 0; i < std::max(1, absl::GetFlag(FLAGS_pairs)); ++i) {
        auto run = [&](bool lint) {
          auto r = lint ? gen.Run(absl::StrFormat("Lint, closed loop x%d (saturated)", c), "lint",
                                  c, 0, 0, secs, warm)
                        : gen.Run(absl::StrFormat("health Check, closed loop x%d (floor)", c),
                                  "health", c, 0, 0, secs, warm);
          Print(r);
          return r;
        };
        const bool lint_first = i % 2 == 1;
        auto first = run(lint_first);
        auto second = run(!lint_first);
        const auto& check = lint_first ? second : first;
        const auto& lint = lint_first ? first : second;
        ratios.push_back(100.0 * lint.qps / check.qps);
        check_qps.push_back(check.qps);
        lint_qps.push_back(lint.qps);
        if (check.server_cpu_us > 0 && lint.server_cpu_us > 0) {
          const double ccpu = check.server_cpu_us + check.loadgen_cpu_us;
          const double lcpu = lint.server_cpu_us + lint.loadgen_cpu_us;
          cpu_ratios.push_back(100.0 * ccpu / lcpu);
          check_cpu.push_back(ccpu);
          lint_cpu.push_back(lcpu);
          check_server.push_back(check.server_cpu_us);
          lint_server.push_back(lint.server_cpu_us);
        }
      }
      std::string each;
      for (double r : ratios) {
        absl::StrAppendFormat(&each, "%s%.1f%%", each.empty() ? "" : " ", r);
      }
      std::printf("  x%d: Lint/Check saturated QPS ratio: median %.1f%% (pairs: %s); medians "
                  "Check %.0f, Lint %.0f\n",
                  c, replylint::Percentile(ratios, 0.5), each.c_str(),
                  replylint::Percentile(check_qps, 0.5), replylint::Percentile(lint_qps, 0.5));
      if (!cpu_ratios.empty()) {
        std::printf("  x%d: CPU per call, server + generator: Check %.1f us (server %.1f), Lint "
                    "%.1f us (server %.1f); Check/Lint median %.1f%% (the QPS ratio CPU-bound "
                    "saturation implies)\n",
                    c, replylint::Percentile(check_cpu, 0.5),
                    replylint::Percentile(check_server, 0.5), replylint::Percentile(lint_cpu, 0.5),
                    replylint::Percentile(lint_server, 0.5), replylint::Percentile(cpu_ratios, 0.5));
      }
    };
    auto interleaved = [&](int c) {
      const double total = absl::GetFlag(FLAGS_interleaved_seconds);
      if (total <= 0) return;
      const double slice = absl::GetFlag(FLAGS_slice);
      auto [check, lint] = gen.RunInterleaved(c, total, warm, slice);
      Print(check);
      Print(lint);
      std::printf("  x%d interleaved (%.0f ms slices, %.1f s each): Lint/Check QPS %.1f%%",
                  c, slice * 1000, total / 2, 100.0 * lint.qps / check.qps);
      if (check.server_cpu_us > 0 && lint.server_cpu_us > 0) {
        const double ccpu = check.server_cpu_us + check.loadgen_cpu_us;
        const double lcpu = lint.server_cpu_us + lint.loadgen_cpu_us;
        std::printf("; CPU per call, server + generator: Check %.1f us (server %.1f), Lint "
                    "%.1f us (server %.1f), Check/Lint %.1f%%",
                    ccpu, check.server_cpu_us, lcpu, lint.server_cpu_us, 100.0 * ccpu / lcpu);
      }
      std::printf("\n");
      std::fflush(stdout);
    };
    for (int c : levels) {
      saturated(c);
      interleaved(c);
    }
    Print(gen.Run("Lint, closed loop x1", "lint", 1, 0, 0, secs, warm));
    Print(gen.Run("Lint, open loop 2000/s", "lint", 0, 2000, 0, secs, warm));
    Print(gen.Run("LintStream, open loop 1000/s over 50 streams", "stream", 0, 1000, 50, secs,
                  warm));
    Print(gen.Run("LintStream, ping-pong x1", "stream", 0, 0, 1, secs, warm));
    return 0;
  }
  if (absl::GetFlag(FLAGS_rpc) == "interleaved") {
    header();
    auto [check, lint] = gen.RunInterleaved(absl::GetFlag(FLAGS_concurrency), secs, warm,
                                            absl::GetFlag(FLAGS_slice));
    for (const auto* r : {&check, &lint}) {
      replylint::Print(*r);
      if (r->server_cpu_us > 0) {
        std::printf("  CPU per call: server %.1f us, generator %.1f us\n", r->server_cpu_us,
                    r->loadgen_cpu_us);
      }
    }
    std::printf("Lint/Check QPS %.1f%%\n", 100.0 * lint.qps / check.qps);
    return 0;
  }
  const std::string mode = absl::GetFlag(FLAGS_mode);
  const double rate = mode == "open" ? absl::GetFlag(FLAGS_rate) : 0;
  const double window = absl::GetFlag(FLAGS_window);
  if (window > 0) {
    std::printf("%8s %9s %8s %8s %8s %7s\n", "t_s", "qps", "p50_us", "p99_us", "p99.9_us",
                "errors");
  }
  auto r = gen.Run(absl::StrFormat("%s %s", absl::GetFlag(FLAGS_rpc), mode),
                   absl::GetFlag(FLAGS_rpc), absl::GetFlag(FLAGS_concurrency), rate,
                   absl::GetFlag(FLAGS_streams), secs, warm, window);
  header();
  replylint::Print(r);
  if (r.server_cpu_us > 0) {
    std::printf("  CPU per call: server %.1f us, generator %.1f us\n", r.server_cpu_us,
                r.loadgen_cpu_us);
  }
  return 0;
}
