#include "service/server.h"

#include <grpc/slice.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <httplib.h>

#include <google/protobuf/unknown_field_set.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "replylint/v1/service.grpc.pb.h"
#include "rules/utf8.h"
#include "service/convert.h"
#include "service/http_api.h"
#include "service/lexicon_watcher.h"
#include "service/lint_request_wire.h"
#include "service/lint_wire.h"
#include "service/transcript_scorer.h"

namespace replylint {
namespace {

constexpr const char kServiceName[] = "replylint.v1.ReplyLint";

int64_t NowNs() { return absl::GetCurrentTimeNanos(); }

// Explains why a LintRequest did not parse. proto3 rejects invalid UTF-8 in string fields
// while parsing, which would surface as an opaque error; this re-reads the wire format
// without a schema to name the field and the offset.
grpc::Status DiagnoseBadRequest(const std::string& wire) {
  google::protobuf::UnknownFieldSet fields;
  if (fields.ParseFromString(wire)) {
    int turn = 0;
    for (int i = 0; i < fields.field_count(); ++i) {
      const auto& f = fields.field(i);
      if (f.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) continue;
      const std::string& bytes = f.length_delimited();
      if (f.number() == 1 && !IsValidUtf8(bytes)) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            absl::StrCat("text is not valid UTF-8 (first invalid byte at offset ",
                                         FindInvalidUtf8(bytes), ")"));
      }
      if (f.number() == 3) {
        google::protobuf::UnknownFieldSet t;
        if (t.ParseFromString(bytes)) {
          for (int k = 0; k < t.field_count(); ++k) {
            if (t.field(k).number() == 2 &&
                t.field(k).type() == google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED &&
                !IsValidUtf8(t.field(k).length_delimited())) {
              return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                  absl::StrCat("context[", turn, "].text is not valid UTF-8"));
            }
          }
        }
        ++turn;
      }
      if ((f.number() == 4 || f.number() == 6) && !IsValidUtf8(bytes)) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            f.number() == 4 ? "ruleset is not valid UTF-8"
                                            : "disabled_rules is not valid UTF-8");
      }
    }
  }
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                      "request is not a valid replylint.v1.LintRequest");
}

// A LintRequest read from a call's bytes. `fields` point into `slices` (the bytes as gRPC
// received them), `joined` (when they came in more than one slice) or `message`.
struct WireRequest {
  std::vector<grpc::Slice> slices;
  std::string joined;
  v1::LintRequest message;  // only for requests outside ParseLintRequestWire's shape
  LintRequestFields fields;
};

grpc::Status ParseRequest(const grpc::ByteBuffer& buffer, WireRequest* r) {
  r->slices.clear();
  if (!buffer.Dump(&r->slices).ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "unreadable request");
  }
  absl::string_view wire;
  if (r->slices.size() == 1) {  // the usual case: read in place
    wire = absl::string_view(reinterpret_cast<const char*>(r->slices[0].begin()),
                             r->slices[0].size());
  } else {
    r->joined.clear();
    for (const grpc::Slice& sl : r->slices) {
      r->joined.append(reinterpret_cast<const char*>(sl.begin()), sl.size());
    }
    wire = r->joined;
  }
  if (ParseLintRequestWire(wire, &r->fields)) return grpc::Status::OK;
  // Anything else, well-formed or not: protobuf's parser decides, and a rejection is
  // explained.
  if (!r->message.ParseFromArray(wire.data(), static_cast<int>(wire.size()))) {
    return DiagnoseBadRequest(std::string(wire));
  }
  FieldsOf(r->message, &r->fields);
  return grpc::Status::OK;
}

// A stream the idle reaper can end (see ServerOptions::stream_idle_timeout).
class ReapableStream {
 public:
  virtual ~ReapableStream() = default;
  // Ends the stream if nothing was read for longer than `idle_ns` before `now_ns`.
  virtual void EndIfIdle(int64_t now_ns, int64_t idle_ns) = 0;
};

// gRPC runs a reactor's constructor, its callbacks and OnDone on different threads, ordered
// by synchronization inside libgrpc that ThreadSanitizer cannot see (Debian's libgrpc is not
// built with it). Each reactor therefore passes its state from one callback to the next through
// something TSan does see — its own mutex, or this release/acquire pair — so the TSan job checks
// our state instead of reporting gRPC's hand-offs. Uncontended; a plain load/store on x86.
class HandOff {
 public:
  void Publish() { seq_.fetch_add(1, std::memory_order_release); }
  void Receive() const { (void)seq_.load(std::memory_order_acquire); }

 private:
  std::atomic<uint32_t> seq_{0};
};

// Counts one admitted unary call until gRPC is done with it (answer sent or call cancelled).
class AdmittedUnaryReactor : public grpc::ServerUnaryReactor {
 public:
  explicit AdmittedUnaryReactor(Metrics* metrics) : metrics_(metrics) { handoff_.Publish(); }
  void OnDone() override {
    handoff_.Receive();
    metrics_->DoneCall();
    delete this;
  }
  // Lets gRPC run OnDone on the thread that finished the call, as it does for its own
  // DefaultReactor (health Check, GetRuleset). Without it gRPC 1.51 hands every OnDone to its
  // executor threads: one more wake-up per Lint call (1.05 context switches per call against
  // 0.5 for Check) and ~9 us of server CPU, about as much as linting the draft. gRPC calls the
  // hook internal and allows it for reactors whose reactions are trivial; ours are: OnDone is
  // an atomic decrement and a delete, OnCancel is the default no-op; nothing locks or blocks.
  // (An earlier revert blamed it for a limits_test failure under TSan; that failure came back
  // with this hook off as soon as the test's unary calls were GetRuleset's DefaultReactor,
  // and was the test's timing: see ClientThatStopsReadingHoldsNoThreadAndIsEnded.)
  bool InternalInlineable() override { return true; }

 private:
  Metrics* const metrics_;
  HandOff handoff_;
};

grpc::Status Busy(absl::string_view what, int64_t limit, absl::string_view flag) {
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      absl::StrCat("server busy: ", limit, " ", what, " already (", flag,
                                   "); retry after a short backoff or use another replica"));
}

}  // namespace

// Lint and LintStream are "raw" (ByteBuffer) methods so that a draft that is not valid UTF-8
// gets INVALID_ARGUMENT naming the problem (see DiagnoseBadRequest), and so that a superseded
// LintStream draft is never even parsed. Reflection still describes the typed API.
class LintServer::Service
    : public v1::ReplyLint::WithRawCallbackMethod_Lint<
          v1::ReplyLint::WithRawCallbackMethod_LintStream<
              v1::ReplyLint::WithCallbackMethod_GetRuleset<
                  v1::ReplyLint::WithCallbackMethod_ScoreTranscripts<
                      v1::ReplyLint::WithCallbackMethod_ReportOutcome<
                          v1::ReplyLint::Service>>>>> {
 public:
  Service(const ServerOptions& options, RulesetRegistry* registry, Metrics* metrics)
      : options_(options), registry_(registry), metrics_(metrics) {}

  // Lints one request. On OK, *result and *ruleset are the answer, valid until this thread
  // lints again (the result is thread-local scratch). `from_wire`: the request was read by
  // ParseRequest, whose readers (ours and protobuf's) have already rejected strings that are
  // not UTF-8.
  grpc::Status LintRequest(const LintRequestFields& request, bool from_wire,
                           const LintResult** result_out, const Ruleset** ruleset_out) {
    if (request.text.size() > options_.max_draft_bytes) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat("text is ", request.text.size(),
                                       " bytes; the limit is ", options_.max_draft_bytes,
                                       " bytes (UTF-8); split the message"));
    }
    const ServedRulesets* served = registry_->CurrentForThisThread();
    if (served == nullptr) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "rulesets are not loaded yet");
    }
    const absl::string_view name = request.ruleset.empty() ? "default" : request.ruleset;
    const ServedRulesets::Entry* entry = served->Find(name);
    if (entry == nullptr) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("unknown ruleset '", name, "'; known: ", served->Names()));
    }
    thread_local RequestInput input;
    thread_local LintResult result;
    ToInput(request, options_.max_context_turns, &input);
    input.input.text_is_valid_utf8 = from_wire;
    // The send time matters only against context turns (slow-reply); read the clock then.
    if (input.input.time_ms == 0 && !input.input.context.empty()) {
      input.input.time_ms = absl::ToUnixMillis(absl::Now());
    }
    if (options_.debug_log_drafts) {
      // One write per line, so lines from different threads do not interleave.
      std::cerr << absl::StrCat("debug: lint revision=", request.revision,
                                " text=", request.text, "\n")
                << std::flush;
    }
    absl::Status st = entry->ruleset->Lint(input.input, &result);
    if (!st.ok()) return ToGrpcStatus(st);
    for (const Finding& f : result.findings) {
      if (f.moved) continue;  // the second half of a move: not a violation
      if (auto* c = entry->hits[f.rule_index]) c->Add();
    }
    *result_out = &result;
    *ruleset_out = entry->ruleset.get();
    return grpc::Status::OK;
  }

  // Lints one request into a LintResponse message (LintServer::LintOne: the HTTP API).
  grpc::Status Handle(const v1::LintRequest& request, v1::LintResponse* response) {
    const LintResult* result;
    const Ruleset* ruleset;
    thread_local LintRequestFields fields;
    FieldsOf(request, &fields);
    grpc::Status st = LintRequest(fields, /*from_wire=*/false, &result, &ruleset);
    if (st.ok()) ToProto(*result, *ruleset, request, response);
    return st;
  }

  // Lints one request into the wire bytes of its LintResponse (Lint and LintStream; see
  // service/lint_wire.h for why not through the message).
  grpc::Status HandleWire(const WireRequest& request, grpc::ByteBuffer* out) {
    const LintResult* result;
    const Ruleset* ruleset;
    grpc::Status st = LintRequest(request.fields, /*from_wire=*/true, &result, &ruleset);
    if (!st.ok()) return st;
    const LintResponseWire wire(*result, *ruleset, request.fields.text, request.fields.revision);
    grpc_slice raw = grpc_slice_malloc(wire.size());
    wire.WriteTo(reinterpret_cast<char*>(GRPC_SLICE_START_PTR(raw)));
    grpc::Slice slice(raw, grpc::Slice::STEAL_REF);
    grpc::ByteBuffer bytes(&slice, 1);
    out->Swap(&bytes);
    return st;
  }

  grpc::ServerUnaryReactor* Lint(grpc::CallbackServerContext* ctx,
                                 const grpc::ByteBuffer* request_bytes,
                                 grpc::ByteBuffer* response_bytes) override {
    const int64_t start = NowNs();
    if (!metrics_->TryAdmitCall(options_.max_inflight)) {
      metrics_->RecordShed(Shed::kInflight);
      metrics_->RecordRpc(Rpc::kLint, grpc::StatusCode::RESOURCE_EXHAUSTED, NowNs() - start);
      auto* reactor = ctx->DefaultReactor();
      reactor->Finish(Busy("calls in flight", options_.max_inflight, "--max-inflight"));
      return reactor;
    }
    thread_local WireRequest request;
    grpc::Status st;
    if (ctx->IsCancelled()) {
      // The client gave up (its deadline passed while the call waited): nothing to read.
      st = grpc::Status(grpc::StatusCode::CANCELLED, "cancelled by the client");
    } else if (ctx->deadline() < std::chrono::system_clock::now()) {
      // A keystroke answer that arrives after the client gave up is worthless: skip the work.
      st = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "deadline passed before linting");
    } else {
      st = ParseRequest(*request_bytes, &request);
      if (st.ok()) st = HandleWire(request, response_bytes);
    }
    metrics_->RecordRpc(Rpc::kLint, st.error_code(), NowNs() - start);
    auto* reactor = new AdmittedUnaryReactor(metrics_);
    reactor->Finish(st);
    return reactor;
  }

  grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* LintStream(
      grpc::CallbackServerContext* ctx) override;

  grpc::ServerUnaryReactor* GetRuleset(grpc::CallbackServerContext* ctx,
                                       const v1::GetRulesetRequest* request,
                                       v1::GetRulesetResponse* response) override {
    const int64_t start = NowNs();
    grpc::Status st = DescribeRulesets(*request, response);
    metrics_->RecordRpc(Rpc::kGetRuleset, st.error_code(), NowNs() - start);
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(st);
    return reactor;
  }

  Metrics* metrics() { return metrics_; }
  RulesetRegistry* registry() { return registry_; }

  // Open LintStreams, for the idle reaper. Taken when a stream opens or ends, and once a
  // second by the reaper; never per draft.
  void AddStream(ReapableStream* s) {
    std::lock_guard<std::mutex> l(streams_mu_);
    streams_.insert(s);
  }
  void RemoveStream(ReapableStream* s) {
    std::lock_guard<std::mutex> l(streams_mu_);
    streams_.erase(s);
  }
  void EndIdleStreams() {
    const int64_t idle_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(options_.stream_idle_timeout)
            .count();
    if (idle_ns <= 0) return;
    const int64_t now = NowNs();
    // RemoveStream (from a stream's OnDone) waits for this lock, so no stream is deleted
    // while it is being looked at here.
    std::lock_guard<std::mutex> l(streams_mu_);
    for (ReapableStream* s : streams_) s->EndIfIdle(now, idle_ns);
  }
  const ServerOptions& options() const { return options_; }

  grpc::ServerBidiReactor<v1::Transcript, v1::TranscriptReport>* ScoreTranscripts(
      grpc::CallbackServerContext* ctx) override;

  // Records what the agent did with a finding. Names are checked against the loaded rules,
  // so a client cannot grow the metrics' label set.
  grpc::Status RecordOutcome(const v1::OutcomeReport& report) {
    const ServedRulesets* served = registry_->CurrentForThisThread();
    if (served == nullptr) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "rulesets are not loaded yet");
    }
    const std::string name = report.ruleset().empty() ? "default" : report.ruleset();
    const ServedRulesets::Entry* entry = served->Find(name);
    if (entry == nullptr) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("unknown ruleset '", name, "'; known: ", served->Names()));
    }
    if (entry->ruleset->FindRule(report.rule_id()) == nullptr) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("ruleset '", name, "' has no rule '", report.rule_id(), "'"));
    }
    if (report.outcome() == v1::OUTCOME_UNSPECIFIED) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "outcome must be SHOWN, ACCEPTED or DISMISSED");
    }
    metrics_->RecordOutcome(name, report.rule_id(), report.outcome());
    return grpc::Status::OK;
  }

  grpc::ServerUnaryReactor* ReportOutcome(grpc::CallbackServerContext* ctx,
                                          const v1::OutcomeReport* request,
                                          v1::ReportOutcomeResponse* response) override {
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(RecordOutcome(*request));
    return reactor;
  }

 private:
  grpc::Status DescribeRulesets(const v1::GetRulesetRequest& request,
                                v1::GetRulesetResponse* response) {
    response->set_last_reload_error(registry_->LastError());
    std::shared_ptr<const ServedRulesets> served = registry_->Current();
    if (served == nullptr) return grpc::Status::OK;
    if (!request.ruleset().empty() && served->Find(request.ruleset()) == nullptr) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("unknown ruleset '", request.ruleset(),
                                       "'; known: ", served->Names()));
    }
    for (const auto& [name, entry] : served->by_name) {
      if (!request.ruleset().empty() && request.ruleset() != name) continue;
      const Ruleset& rs = *entry.ruleset;
      v1::RulesetInfo* info = response->add_rulesets();
      info->set_name(name);
      info->set_version(rs.version());
      for (const auto& rule : rs.rules()) {
        const RuleInfo& ri = rule->info();
        v1::RuleInfo* r = info->add_rules();
        r->set_id(ri.id);
        r->set_kind(ri.kind);
        r->set_severity(static_cast<v1::Severity>(ri.severity));
        r->set_deduction(ri.deduction);
        r->set_critical(ri.critical);
        r->set_message(ri.message);
        r->set_shown(metrics_->Outcomes(name, ri.id, v1::SHOWN));
        r->set_accepted(metrics_->Outcomes(name, ri.id, v1::ACCEPTED));
        r->set_dismissed(metrics_->Outcomes(name, ri.id, v1::DISMISSED));
        const uint64_t decided = r->accepted() + r->dismissed();
        r->set_acceptance_rate(decided ? static_cast<double>(r->accepted()) / decided : 0.0);
      }
      for (const SourceFile& f : rs.files()) {
        v1::LexiconFile* lf = info->add_files();
        lf->set_path(f.path);
        lf->set_content_hash(f.content_hash);
      }
    }
    return grpc::Status::OK;
  }

  const ServerOptions& options_;
  RulesetRegistry* registry_;
  Metrics* metrics_;
  std::mutex streams_mu_;
  absl::flat_hash_set<ReapableStream*> streams_;  // guarded by streams_mu_
};

namespace {

// One compose box. Reads run continuously; a draft that arrives while the previous answer is
// still being written replaces any draft already waiting (it is superseded, and never
// parsed), so a burst of keystrokes costs a few answers and the last answer is always for the
// newest revision. Answers go out in revision order; a revision older than one already
// answered is dropped.
class LintStreamReactor : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>,
                          public ReapableStream {
 public:
  LintStreamReactor(LintServer::Service* service, grpc::CallbackServerContext* ctx)
      : service_(service), ctx_(ctx), last_read_ns_(NowNs()) {
    const ServerOptions& o = service_->options();
    if (!service_->metrics()->TryAdmitStream(o.max_streams)) {
      service_->metrics()->RecordShed(Shed::kStreams);
      std::lock_guard<std::mutex> publish(mu_);  // see HandOff
      finished_ = true;
      Finish(Busy("streams open", o.max_streams, "--max-streams"));
      return;
    }
    admitted_ = true;
    { std::lock_guard<std::mutex> publish(mu_); }  // see HandOff
    service_->AddStream(this);
    StartRead(&incoming_);
  }

  void OnReadDone(bool ok) override {
    std::unique_lock<std::mutex> lock(mu_);
    if (!ok) {
      reads_done_ = true;
      MaybeProgress();
      return;
    }
    last_read_ns_.store(NowNs(), std::memory_order_relaxed);
    if (finished_) return;
    if (has_pending_) service_->metrics()->RecordSuperseded();
    pending_.Swap(&incoming_);
    has_pending_ = true;
    StartRead(&incoming_);
    MaybeProgress();
  }

  void OnWriteDone(bool ok) override {
    std::unique_lock<std::mutex> lock(mu_);
    writing_ = false;
    if (!ok) {
      FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
      return;
    }
    if (expired_) {
      // The reaper cancelled this stream while the write was stuck, and gRPC delivered the
      // write before the cancel (see EndIfIdle): answer no further drafts.
      FinishLocked(IdleStatus());
      return;
    }
    MaybeProgress();
  }

  void OnDone() override {
    { std::lock_guard<std::mutex> l(mu_); }  // every callback happened before the delete
    if (admitted_) {
      service_->RemoveStream(this);
      service_->metrics()->DoneStream();
    }
    delete this;
  }

  // A client that sends nothing for the idle time, or stops reading so that an answer cannot
  // be delivered, holds no thread (callbacks) but does hold a stream slot and its buffers.
  void EndIfIdle(int64_t now_ns, int64_t idle_ns) override {
    if (now_ns - last_read_ns_.load(std::memory_order_relaxed) <= idle_ns) return;
    std::unique_lock<std::mutex> lock(mu_);
    if (finished_ || expired_) return;
    expired_ = true;
    service_->metrics()->RecordShed(Shed::kIdleStream);
    if (writing_) {
      // The answer is stuck behind a client that does not read: cancel, and OnWriteDone
      // finishes the call. gRPC 1.51 completes a cancelled stream's write only when the
      // connection's socket write in progress completes: when the client's process reads its
      // socket again (C-core clients, C++ and Python, poll at least every 5 s) or the
      // connection closes.
      // Outside our lock, to be safe however gRPC schedules that reaction.
      lock.unlock();
      ctx_->TryCancel();  // ctx_ lives until OnDone, which waits for the reaper's streams_mu_
      return;
    }
    // NOTE: called from the reaper thread, not from a reaction. gRPC 1.51 runs reactions and
    // OnDone on its executor (they are registered as not inlineable), never inside Finish, so
    // holding mu_ and the reaper's streams_mu_ here cannot be re-entered.
    FinishLocked(IdleStatus());
  }

 private:
  // REQUIRES mu_ held. Answers the waiting draft if no write is in flight, or finishes.
  void MaybeProgress() {
    while (!finished_ && !writing_) {
      if (!has_pending_) {
        if (reads_done_) FinishLocked(grpc::Status::OK);
        return;
      }
      has_pending_ = false;
      const int64_t start = NowNs();
      grpc::Status st = ParseRequest(pending_, &request_);  // request_ holds the bytes now
      pending_.Clear();
      const uint64_t revision = request_.fields.revision;
      if (st.ok() && revision != 0 && revision < last_revision_) {
        service_->metrics()->RecordSuperseded();  // an older revision after a newer one
        continue;
      }
      last_revision_ = revision;
      out_.Clear();
      if (st.ok()) st = service_->HandleWire(request_, &out_);
      service_->metrics()->RecordRpc(Rpc::kLintStream, st.error_code(), NowNs() - start);
      if (!st.ok()) {
        FinishLocked(st);
        return;
      }
      writing_ = true;
      StartWrite(&out_);
    }
  }

  grpc::Status IdleStatus() const {
    return grpc::Status(
        grpc::StatusCode::DEADLINE_EXCEEDED,
        absl::StrCat("no draft for ", service_->options().stream_idle_timeout.count() / 1000,
                     " s (--stream-idle-timeout); open a new stream when the agent types"));
  }

  void FinishLocked(const grpc::Status& st) {
    if (finished_) return;
    finished_ = true;
    Finish(st);
  }

  LintServer::Service* const service_;
  grpc::CallbackServerContext* const ctx_;
  bool admitted_ = false;
  bool expired_ = false;  // guarded by mu_
  std::atomic<int64_t> last_read_ns_;  // read by the reaper without mu_
  std::mutex mu_;  // per stream, never shared
  grpc::ByteBuffer incoming_, pending_, out_;
  WireRequest request_;
  bool has_pending_ = false, writing_ = false, reads_done_ = false, finished_ = false;
  uint64_t last_revision_ = 0;
};

}  // namespace

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* LintServer::Service::LintStream(
    grpc::CallbackServerContext* ctx) {
  return new LintStreamReactor(this, ctx);
}

namespace {

// QA scoring over gRPC: one report per transcript, in order (read, score, write, repeat).
// Scores on one snapshot of the rulesets taken when the stream opens.
class ScoreReactor : public grpc::ServerBidiReactor<v1::Transcript, v1::TranscriptReport> {
 public:
  explicit ScoreReactor(LintServer::Service* service)
      : service_(service), served_(service->registry()->Current()) {
    if (!service_->metrics()->TryAdmitStream(service_->options().max_streams)) {
      service_->metrics()->RecordShed(Shed::kStreams);
      handoff_.Publish();
      Finish(Busy("streams open", service_->options().max_streams, "--max-streams"));
      return;
    }
    admitted_ = true;
    handoff_.Publish();
    if (served_ == nullptr) {
      Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "rulesets are not loaded yet"));
      return;
    }
    StartRead(&transcript_);
  }
  // Reads and writes alternate, so at most one callback runs at a time; HandOff (above) makes
  // that order visible to ThreadSanitizer. Each publishes before starting the next operation.
  void OnReadDone(bool ok) override {
    handoff_.Receive();
    if (!ok) {
      handoff_.Publish();
      Finish(grpc::Status::OK);
      return;
    }
    const RulesetLookup lookup = [this](absl::string_view name) -> const Ruleset* {
      const ServedRulesets::Entry* e = served_->Find(name.empty() ? "default" : name);
      return e == nullptr ? nullptr : e->ruleset.get();
    };
    ScoreOptions opts;
    opts.max_context_turns = service_->options().max_context_turns;
    absl::Status st = ScoreTranscript(lookup, transcript_, opts, &report_);
    handoff_.Publish();
    if (!st.ok()) {
      Finish(ToGrpcStatus(st));
      return;
    }
    StartWrite(&report_);
  }
  void OnWriteDone(bool ok) override {
    handoff_.Receive();
    handoff_.Publish();
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
      return;
    }
    StartRead(&transcript_);
  }
  void OnDone() override {
    handoff_.Receive();
    if (admitted_) service_->metrics()->DoneStream();
    delete this;
  }

 private:
  LintServer::Service* const service_;
  bool admitted_ = false;
  HandOff handoff_;
  std::shared_ptr<const ServedRulesets> served_;
  v1::Transcript transcript_;
  v1::TranscriptReport report_;
};

}  // namespace

grpc::ServerBidiReactor<v1::Transcript, v1::TranscriptReport>*
LintServer::Service::ScoreTranscripts(grpc::CallbackServerContext* ctx) {
  return new ScoreReactor(this);
}

namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, absl::string_view flag) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return absl::NotFoundError(absl::StrCat(flag, " '", path, "': cannot read"));
  }
  if (ss.str().find("-----BEGIN") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(flag, " '", path, "': not a PEM file"));
  }
  return ss.str();
}

// Plaintext unless a certificate is configured; mutual TLS when a client CA is given.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const ServerOptions& o) {
  if (o.tls_cert.empty() && o.tls_key.empty() && o.tls_client_ca.empty()) {
    return grpc::InsecureServerCredentials();
  }
  if (o.tls_cert.empty() || o.tls_key.empty()) {
    return absl::InvalidArgumentError("TLS needs both --tls-cert and --tls-key");
  }
  auto cert = ReadPem(o.tls_cert, "--tls-cert");
  if (!cert.ok()) return cert.status();
  auto key = ReadPem(o.tls_key, "--tls-key");
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions ssl(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  if (!o.tls_client_ca.empty()) {
    auto ca = ReadPem(o.tls_client_ca, "--tls-client-ca");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

// Binds `http` to "host:port" (port 0 picks a free one) and serves it on a new thread;
// returns the bound port. `flag` names the option in error messages.
absl::StatusOr<int> StartHttp(httplib::Server* http, const std::string& listen,
                              absl::string_view flag, std::thread* thread) {
  const size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError(absl::StrCat(flag, " '", listen, "': write HOST:PORT"));
  }
  const std::string host = listen.substr(0, colon);
  const int bound = port == 0 ? http->bind_to_any_port(host)
                              : (http->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) return absl::UnavailableError(absl::StrCat("cannot listen on ", listen));
  *thread = std::thread([http] { http->listen_after_bind(); });
  return bound;
}

}  // namespace

absl::StatusOr<std::unique_ptr<LintServer>> LintServer::Start(const ServerOptions& options) {
  std::unique_ptr<LintServer> s(new LintServer());
  s->options_ = options;
  s->metrics_ = std::make_unique<Metrics>();
  s->registry_ = std::make_unique<RulesetRegistry>(options.lexicons_dir, s->metrics_.get());
  s->service_ = std::make_unique<Service>(s->options_, s->registry_.get(), s->metrics_.get());

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  auto credentials = ServerCredentials(options);
  if (!credentials.ok()) return credentials.status();
  builder.AddListeningPort(options.listen, *credentials, &s->port_);
  builder.RegisterService(s->service_.get());
  builder.SetMaxReceiveMessageSize(static_cast<int>(options.max_draft_bytes * 64 + (1 << 16)));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             std::max(1, options.max_concurrent_streams));
  // Find connections whose peer vanished (laptop lid closed, NAT dropped the mapping) so
  // their streams end and free their slots: ping after 60 s of silence, drop after 20 s more.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
  s->server_ = builder.BuildAndStart();
  if (s->server_ == nullptr || s->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  grpc::HealthCheckServiceInterface* health = s->server_->GetHealthCheckService();
  health->SetServingStatus(false);
  health->SetServingStatus(kServiceName, false);

  if (!options.metrics_listen.empty()) {
    s->http_ = std::make_unique<httplib::Server>();
    Metrics* metrics = s->metrics_.get();
    s->http_->Get("/metrics", [metrics](const httplib::Request&, httplib::Response& res) {
      res.set_content(metrics->Render(), "text/plain; version=0.0.4");
    });
    auto port = StartHttp(s->http_.get(), options.metrics_listen, "--metrics-listen",
                          &s->http_thread_);
    if (!port.ok()) return port.status();
    s->metrics_port_ = *port;
  }

  if (!options.http_listen.empty()) {
    s->web_ = std::make_unique<httplib::Server>();
    InstallHttpApi(s->web_.get(), s.get(), s->options_);
    auto port = StartHttp(s->web_.get(), options.http_listen, "--http-listen", &s->web_thread_);
    if (!port.ok()) return port.status();
    s->http_port_ = *port;
  }

  if (absl::Status st = s->registry_->Reload(); !st.ok()) {
    s->Shutdown();
    return st;
  }
  if (options.stream_idle_timeout.count() > 0) {
    const auto every = std::clamp<std::chrono::milliseconds>(options.stream_idle_timeout / 4,
                                                             std::chrono::milliseconds(50),
                                                             std::chrono::milliseconds(1000));
    s->reaper_thread_ = std::thread([srv = s.get(), every] {
      std::unique_lock<std::mutex> l(srv->reaper_mu_);
      while (!srv->reaper_cv_.wait_for(l, every, [srv] { return srv->reaper_stop_; })) {
        l.unlock();
        srv->service_->EndIdleStreams();
        l.lock();
      }
    });
  }
  health->SetServingStatus(true);
  if (options.watch_lexicons) {
    auto watcher = LexiconWatcher::Start(options.lexicons_dir, options.reload_debounce,
                                         [srv = s.get()] { (void)srv->Reload(); });
    if (!watcher.ok()) {
      std::cerr << "replylint serve: not watching lexicons (" << watcher.status().message()
                << "); reload with SIGHUP" << std::endl;
    } else {
      s->watcher_ = std::move(*watcher);
    }
  }
  return s;
}

grpc::Status LintServer::LintOne(const v1::LintRequest& request, v1::LintResponse* response) {
  const int64_t start = NowNs();
  grpc::Status st = service_->Handle(request, response);
  metrics_->RecordRpc(Rpc::kLint, st.error_code(), NowNs() - start);
  return st;
}

grpc::Status LintServer::ScoreOne(const v1::Transcript& transcript,
                                  v1::TranscriptReport* report) {
  const ServedRulesets* served = registry_->CurrentForThisThread();
  if (served == nullptr) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "rulesets are not loaded yet");
  }
  const RulesetLookup lookup = [served](absl::string_view name) -> const Ruleset* {
    const ServedRulesets::Entry* e = served->Find(name.empty() ? "default" : name);
    return e == nullptr ? nullptr : e->ruleset.get();
  };
  ScoreOptions opts;
  opts.max_context_turns = options_.max_context_turns;
  return ToGrpcStatus(ScoreTranscript(lookup, transcript, opts, report));
}

grpc::Status LintServer::ReportOutcome(const v1::OutcomeReport& report) {
  return service_->RecordOutcome(report);
}

absl::Status LintServer::Reload() {
  absl::Status st = registry_->Reload();
  std::shared_ptr<const ServedRulesets> served = registry_->Current();
  std::string versions;
  if (served != nullptr) {
    for (const auto& [name, entry] : served->by_name) {
      absl::StrAppend(&versions, versions.empty() ? "" : ", ", name, "@",
                      entry.ruleset->version());
    }
  }
  if (st.ok()) {
    std::cerr << "replylint serve: reloaded rulesets: " << versions << std::endl;
  } else {
    std::cerr << "replylint serve: reload failed, still serving " << versions << ": "
              << st.message() << std::endl;
  }
  return st;
}

void LintServer::Shutdown() {
  watcher_.reset();
  {
    std::lock_guard<std::mutex> l(reaper_mu_);
    reaper_stop_ = true;
  }
  reaper_cv_.notify_all();
  if (reaper_thread_.joinable()) reaper_thread_.join();
  if (server_ != nullptr) {
    if (auto* health = server_->GetHealthCheckService()) health->SetServingStatus(false);
    server_->Shutdown(std::chrono::system_clock::now() + options_.shutdown_grace);
  }
  if (http_ != nullptr) http_->stop();
  if (http_thread_.joinable()) http_thread_.join();
  if (web_ != nullptr) web_->stop();
  if (web_thread_.joinable()) web_thread_.join();
}

void LintServer::Wait() {
  if (server_ != nullptr) server_->Wait();
}

LintServer::~LintServer() { Shutdown(); }

}  // namespace replylint
