// LintServer: `replylint serve` — the ReplyLint gRPC service, standard health checking,
// server reflection, and the Prometheus /metrics endpoint.
//
// Uses gRPC's callback API: a lint takes a few microseconds, so it runs inline on gRPC's
// threads (sized to the cores by gRPC) and no thread is parked per open compose-box stream.
// Lifecycle: Start() binds and serves (health NOT_SERVING until the rulesets compile, then
// SERVING); Shutdown() stops accepting, lets in-flight calls finish (up to a grace period)
// and returns. Thread-safety: all public methods may be called from any thread.
#ifndef REPLYLINT_SERVICE_SERVER_H_
#define REPLYLINT_SERVICE_SERVER_H_

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/support/status.h"
#include "replylint/v1/service.pb.h"
#include "service/metrics.h"
#include "service/ruleset_registry.h"

namespace grpc {
class Server;
}
namespace httplib {
class Server;
}

namespace replylint {

class LexiconWatcher;

struct ServerOptions {
  // gRPC address. Loopback by default: any other bind must be asked for explicitly.
  std::string listen = "127.0.0.1:50051";
  // Prometheus endpoint "host:port" (GET /metrics); empty = off.
  std::string metrics_listen;
  // Directory holding NAME.rules and word lists.
  std::string lexicons_dir;
  // Largest draft accepted, in UTF-8 bytes (default 4 KiB); larger -> INVALID_ARGUMENT.
  size_t max_draft_bytes = 4096;
  // Context turns kept per request (the newest); older ones are ignored.
  size_t max_context_turns = 20;
  // Overload and limits (README, "Limits and overload"). Unary calls accepted and not yet
  // released by gRPC (answer sent, call freed), server-wide; one more gets RESOURCE_EXHAUSTED
  // straight away. A bound on the backlog and the memory it holds, not on a busy minute:
  // N closed-loop clients at saturation show N here (bench/README.md).
  int64_t max_inflight = 2048;
  // Open LintStream and ScoreTranscripts streams, server-wide; one more -> RESOURCE_EXHAUSTED.
  int64_t max_streams = 10000;
  // HTTP/2 streams (calls) one connection may have open at once: bounds how much one client
  // can queue inside the server; its further calls wait in the client, under its deadline.
  int max_concurrent_streams = 100;
  // A LintStream that sends no draft for this long, or whose client stops reading answers,
  // is ended with DEADLINE_EXCEEDED (the compose box opens a new one when the agent types).
  // Zero = never.
  std::chrono::milliseconds stream_idle_timeout{std::chrono::minutes(5)};
  // How long Shutdown() lets in-flight calls finish before cancelling them.
  std::chrono::milliseconds shutdown_grace{5000};
  // TLS for the gRPC port: PEM files. Both set = TLS; with tls_client_ca also set, clients
  // must present a certificate signed by it (mutual TLS). All empty = plaintext (loopback).
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  // Log each request's draft text (customers' personal data!): off unless debugging.
  bool debug_log_drafts = false;
  // HTTP/JSON API (POST /v1/lint, /v1/score, /v1/outcome) and the coach panel at "/",
  // "host:port"; empty = off. Loopback unless asked otherwise, like the gRPC port.
  std::string http_listen;
  // Browser origins allowed to call the HTTP API from other pages (CORS), e.g.
  // "https://console.example.com"; empty = same-origin only.
  std::vector<std::string> cors_origins;
  // Directory holding the panel's files (index.html, panel.js, panel.css).
  std::string web_dir;
  // Reload when files under lexicons_dir change (inotify), after this much quiet.
  bool watch_lexicons = true;
  std::chrono::milliseconds reload_debounce{200};
};

class LintServer {
 public:
  // Binds, starts serving and loads the rulesets. Fails if the port cannot be bound or the
  // rulesets do not load (nothing to serve).
  static absl::StatusOr<std::unique_ptr<LintServer>> Start(const ServerOptions& options);
  ~LintServer();

  int port() const { return port_; }                  // the bound gRPC port
  int metrics_port() const { return metrics_port_; }  // 0 when metrics are off

  void Shutdown();
  void Wait();  // until Shutdown() has completed

  // The HTTP/JSON twins of the rpcs (same rulesets, same limits, same metrics).
  grpc::Status LintOne(const v1::LintRequest& request, v1::LintResponse* response);
  grpc::Status ScoreOne(const v1::Transcript& transcript, v1::TranscriptReport* report);
  grpc::Status ReportOutcome(const v1::OutcomeReport& report);
  int http_port() const { return http_port_; }

  // Rebuilds the rulesets off the request path and swaps them in only if everything compiled
  // and every example passed; logs the outcome (never draft text). From the watcher, SIGHUP.
  absl::Status Reload();

  RulesetRegistry& registry() { return *registry_; }
  Metrics& metrics() { return *metrics_; }

  class Service;  // the ReplyLint implementation (server.cc)

 private:
  LintServer() = default;

  ServerOptions options_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<RulesetRegistry> registry_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<LexiconWatcher> watcher_;
  std::thread http_thread_;
  std::unique_ptr<httplib::Server> web_;  // HTTP/JSON API and the coach panel
  std::thread web_thread_;
  std::thread reaper_thread_;  // ends idle streams (stream_idle_timeout)
  std::mutex reaper_mu_;
  std::condition_variable reaper_cv_;
  bool reaper_stop_ = false;
  int port_ = 0;
  int metrics_port_ = 0;
  int http_port_ = 0;
};

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_SERVER_H_
