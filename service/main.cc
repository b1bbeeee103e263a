// replylint: lint | check | serve. The only place that reads flags.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/strings/str_split.h"
#include "service/cli.h"
#include "service/server.h"

#ifndef REPLYLINT_DEFAULT_WEB_DIR
#define REPLYLINT_DEFAULT_WEB_DIR "service/web"
#endif
#ifndef REPLYLINT_DEFAULT_LEXICONS
#define REPLYLINT_DEFAULT_LEXICONS "lexicons"
#endif

ABSL_FLAG(std::string, lexicons, REPLYLINT_DEFAULT_LEXICONS,
          "lexicons directory holding NAME.rules and word lists");
ABSL_FLAG(std::string, ruleset, "default", "ruleset for drafts that name none");
ABSL_FLAG(std::string, format, "text", "lint output: text or json (one LintResponse per line)");
ABSL_FLAG(std::string, input, "", "lint: read LintRequest JSON lines from FILE (- = stdin)");
ABSL_FLAG(bool, final, false, "lint: treat drafts as the conversation's last agent message");
ABSL_FLAG(std::string, color, "auto", "lint: colour output: auto, always, never");
ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "serve: gRPC address (loopback by default; any other bind must be explicit; port 0 "
          "picks a free port)");
ABSL_FLAG(std::string, metrics_listen, "",
          "serve: Prometheus endpoint HOST:PORT for GET /metrics (empty = off)");
ABSL_FLAG(int64_t, max_draft_bytes, 4096, "serve: largest draft accepted, UTF-8 bytes");
ABSL_FLAG(int64_t, max_context_turns, 20, "serve: newest context turns kept per request");
ABSL_FLAG(std::string, report, "", "score: directory for reports.jsonl, CSVs and report.html");
ABSL_FLAG(int, threads, 0, "score: worker threads (0 = two per core)");
ABSL_FLAG(std::string, http_listen, "127.0.0.1:8080",
          "serve: HTTP/JSON API and coach panel HOST:PORT (empty = off; loopback by default)");
ABSL_FLAG(std::string, cors_origins, "",
          "serve: comma-separated browser origins allowed to call the HTTP API");
ABSL_FLAG(std::string, web_dir, REPLYLINT_DEFAULT_WEB_DIR, "serve: the coach panel's files");
ABSL_FLAG(std::string, tls_cert, "", "serve: PEM certificate chain for TLS on the gRPC port");
ABSL_FLAG(std::string, tls_key, "", "serve: PEM private key for --tls-cert");
ABSL_FLAG(std::string, tls_client_ca, "",
          "serve: PEM CA; when set, clients must present a certificate it signed (mTLS)");
ABSL_FLAG(int64_t, max_inflight, 2048,
          "serve: unary calls accepted and not yet released; more get RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, max_streams, 10000,
          "serve: open LintStream/ScoreTranscripts streams; more get RESOURCE_EXHAUSTED");
ABSL_FLAG(int, max_concurrent_streams, 100,
          "serve: calls one connection may have open at once (HTTP/2); more wait in the client");
ABSL_FLAG(absl::Duration, stream_idle_timeout, absl::Minutes(5),
          "serve: end a LintStream that sends no draft, or reads no answer, this long (0 = "
          "never)");
ABSL_FLAG(bool, watch, true, "serve: reload when the lexicons change (inotify)");
ABSL_FLAG(bool, debug_log_drafts, false,
          "serve: log draft text (customers' personal data!) for debugging");

// jemalloc (linked into this binary, see CMakeLists.txt): return freed pages to the OS after
// 1 s instead of 10 s. `replylint score` churns through small allocations on several threads;
// with the default, peak RSS crept up with archive size (46 MB at 10k conversations, 56 MB at
// 100k) although nothing is held; with 1 s it stays flat at no measurable cost in throughput.
extern "C" {
const char* malloc_conf = "dirty_decay_ms:1000";
}

namespace {

constexpr const char kUsage[] =
    "replylint: coaching for customer-service replies\n"
    "  replylint lint [--format text|json] [--input FILE.jsonl] [--final] [DRAFT...]\n"
    "      drafts as arguments, or one per line on stdin; exit 0 clean, 1 findings, 2 error\n"
    "  replylint check [DIR]   validate lexicons and run every rule's examples\n"
    "  replylint score [--report DIR] FILE... | -\n"
    "      QA-score transcripts (JSONL or CSV, plain or gzip); reports as JSON lines\n"
    "  replylint serve [--listen 127.0.0.1:50051] [--metrics-listen HOST:PORT]\n"
    "      gRPC service; SIGTERM/SIGINT: finish in-flight calls and exit 0\n";

int Serve() {
  // Block the signals we handle before any thread starts, so only sigwait() sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  replylint::ServerOptions o;
  o.listen = absl::GetFlag(FLAGS_listen);
  o.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  o.lexicons_dir = absl::GetFlag(FLAGS_lexicons);
  o.max_draft_bytes = static_cast<size_t>(std::max<int64_t>(1, absl::GetFlag(FLAGS_max_draft_bytes)));
  o.max_context_turns =
      static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_max_context_turns)));
  o.debug_log_drafts = absl::GetFlag(FLAGS_debug_log_drafts);
  o.max_inflight = std::max<int64_t>(1, absl::GetFlag(FLAGS_max_inflight));
  o.max_streams = std::max<int64_t>(1, absl::GetFlag(FLAGS_max_streams));
  o.max_concurrent_streams = std::max(1, absl::GetFlag(FLAGS_max_concurrent_streams));
  o.stream_idle_timeout =
      absl::ToChronoMilliseconds(std::max(absl::ZeroDuration(),
                                          absl::GetFlag(FLAGS_stream_idle_timeout)));
  o.watch_lexicons = absl::GetFlag(FLAGS_watch);
  o.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  o.tls_key = absl::GetFlag(FLAGS_tls_key);
  o.tls_client_ca = absl::GetFlag(FLAGS_tls_client_ca);
  o.http_listen = absl::GetFlag(FLAGS_http_listen);
  o.web_dir = absl::GetFlag(FLAGS_web_dir);
  for (absl::string_view origin :
       absl::StrSplit(absl::GetFlag(FLAGS_cors_origins), ',', absl::SkipEmpty())) {
    o.cors_origins.emplace_back(origin);
  }
  auto server = replylint::LintServer::Start(o);
  if (!server.ok()) {
    std::cerr << "replylint serve: " << server.status().message() << "\n";
    return replylint::kExitUsage;
  }
  const std::string host = o.listen.substr(0, o.listen.rfind(':'));
  std::cout << "replylint serve: listening on " << host << ":" << (*server)->port()
            << " (lexicons " << o.lexicons_dir << ")" << std::endl;
  if ((*server)->http_port() > 0) {
    std::cout << "replylint serve: coach panel and HTTP/JSON API on http://"
              << o.http_listen.substr(0, o.http_listen.rfind(':')) << ":"
              << (*server)->http_port() << "/" << std::endl;
  }
  if ((*server)->metrics_port() > 0) {
    std::cout << "replylint serve: metrics on http://"
              << o.metrics_listen.substr(0, o.metrics_listen.rfind(':')) << ":"
              << (*server)->metrics_port() << "/metrics" << std::endl;
  }
  for (;;) {
    int sig = 0;
    sigwait(&signals, &sig);
    if (sig == SIGHUP) {
      (void)(*server)->Reload();
      continue;
    }
    std::cerr << "replylint serve: " << (sig == SIGTERM ? "SIGTERM" : "SIGINT")
              << ", finishing in-flight calls" << std::endl;
    (*server)->Shutdown();
    const auto& m = (*server)->metrics();
    std::cerr << "replylint serve: stopped; answered OK: Lint="
              << m.Requests(replylint::Rpc::kLint, 0)
              << " LintStream=" << m.Requests(replylint::Rpc::kLintStream, 0) << std::endl;
    return replylint::kExitClean;
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  // Debian builds abseil without NDEBUG, so every absl::Mutex (gRPC creates and destroys
  // several per call) keeps a lock-order graph for deadlock detection: 3-4% of the server's
  // CPU under load, in GraphCycles. That is a debugging aid; the sanitizer build and the
  // tests are where lock-order problems are looked for.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // Accept --metrics-listen as well as --metrics_listen (absl flag names are identifiers).
  std::vector<std::string> storage(argv, argv + argc);
  std::vector<char*> fixed;
  for (std::string& a : storage) {
    if (a.rfind("--", 0) == 0) {
      const size_t end = std::min(a.find('='), a.size());
      std::replace(a.begin() + 2, a.begin() + static_cast<std::ptrdiff_t>(end), '-', '_');
    }
    fixed.push_back(a.data());
  }
  std::vector<char*> args = absl::ParseCommandLine(argc, fixed.data());
  if (args.size() < 2) {
    std::cerr << kUsage;
    return replylint::kExitUsage;
  }
  const std::string command = args[1];
  std::vector<std::string> rest(args.begin() + 2, args.end());
  if (command == "lint") {
    replylint::LintCliOptions o;
    o.lexicons_dir = absl::GetFlag(FLAGS_lexicons);
    o.ruleset = absl::GetFlag(FLAGS_ruleset);
    o.format = absl::GetFlag(FLAGS_format);
    o.input = absl::GetFlag(FLAGS_input);
    o.final = absl::GetFlag(FLAGS_final);
    const std::string color = absl::GetFlag(FLAGS_color);
    o.color = color == "always" || (color == "auto" && isatty(STDOUT_FILENO));
    o.drafts = rest;
    return replylint::RunLint(o, std::cin, std::cout, std::cerr);
  }
  if (command == "check") {
    replylint::CheckCliOptions o;
    o.lexicons_dir = rest.empty() ? absl::GetFlag(FLAGS_lexicons) : rest[0];
    return replylint::RunCheck(o, std::cout, std::cerr);
  }
  if (command == "serve") return Serve();
  if (command == "score") {
    replylint::ScoreCliOptions o;
    o.lexicons_dir = absl::GetFlag(FLAGS_lexicons);
    o.ruleset = absl::GetFlag(FLAGS_ruleset);
    o.inputs = rest;
    o.report_dir = absl::GetFlag(FLAGS_report);
    o.threads = absl::GetFlag(FLAGS_threads);
    o.progress = isatty(STDERR_FILENO);
    return replylint::RunScore(o, std::cout, std::cerr);
  }
  std::cerr << "replylint: unknown command '" << command << "'\n" << kUsage;
  return replylint::kExitUsage;
}
