// The server's limits against a real `replylint serve`: streams per server, calls per
// connection, calls in flight, idle and stuck streams. Each limit is set low by its flag so
// the test can reach it; the defaults are in ServerOptions and the README.
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "replylint/v1/service.grpc.pb.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

using ::replylint::testing::ServerProcess;
using ::testing::HasSubstr;
using Stream = grpc::ClientReaderWriter<v1::LintRequest, v1::LintResponse>;

// A channel with its own connection: gRPC otherwise shares one connection between channels
// to the same address, and per-connection limits are what some tests are about.
std::shared_ptr<grpc::Channel> OwnConnection(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

v1::LintRequest Draft(const std::string& text, uint64_t revision = 1) {
  v1::LintRequest req;
  req.set_text(text);
  req.set_revision(revision);
  return req;
}

// One compose box: a stream that has had one draft answered.
struct OpenStream {
  grpc::ClientContext ctx;
  std::unique_ptr<Stream> stream;
  bool Open(v1::ReplyLint::Stub* stub) {
    stream = stub->LintStream(&ctx);
    v1::LintResponse resp;
    return stream->Write(Draft("不知道")) && stream->Read(&resp);
  }
  grpc::Status Close() {
    stream->WritesDone();
    v1::LintResponse resp;
    while (stream->Read(&resp)) {
    }
    return stream->Finish();
  }
};

std::string Metrics(const ServerProcess& server) {
  httplib::Client http("127.0.0.1", server.metrics_port());
  auto res = http.Get("/metrics");
  return res ? res->body : "";
}

// Waits until the server's /metrics contains `line` (it changes when a stream has ended).
bool WaitForMetric(const ServerProcess& server, const std::string& line,
                   std::chrono::seconds within = std::chrono::seconds(5)) {
  return testing::WaitFor([&] { return Metrics(server).find(line) != std::string::npos; },
                          within)
      .has_value();
}

TEST(LimitsTest, StreamBeyondMaxStreamsIsRefusedAtOnceAndTheSlotComesBack) {
  ServerProcess server({"--max-streams=2"});
  ASSERT_GT(server.port(), 0) << server.Stderr();
  auto stub = v1::ReplyLint::NewStub(OwnConnection(server.address()));
  OpenStream a, b;
  ASSERT_TRUE(a.Open(stub.get()));
  ASSERT_TRUE(b.Open(stub.get()));

  OpenStream c;
  EXPECT_FALSE(c.Open(stub.get()));
  const grpc::Status refused = c.stream->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("--max-streams"));
  // Unary calls are not streams: still answered.
  grpc::ClientContext ctx;
  v1::LintResponse resp;
  EXPECT_TRUE(stub->Lint(&ctx, Draft("不知道"), &resp).ok());

  EXPECT_TRUE(a.Close().ok());
  OpenStream d;
  EXPECT_TRUE(WaitForMetric(server, "replylint_open_streams 1"));
  EXPECT_TRUE(d.Open(stub.get())) << "the closed stream's slot was not given back";
  EXPECT_THAT(Metrics(server), HasSubstr("replylint_shed_total{reason=\"max_streams\"} 1"));
  EXPECT_TRUE(b.Close().ok());
  EXPECT_TRUE(d.Close().ok());
}

TEST(LimitsTest, IdleStreamIsEndedWithDeadlineExceededAndFreesItsSlot) {
  ServerProcess server({"--stream-idle-timeout=1s", "--max-streams=1"});
  ASSERT_GT(server.port(), 0) << server.Stderr();
  auto stub = v1::ReplyLint::NewStub(OwnConnection(server.address()));
  OpenStream idle;
  ASSERT_TRUE(idle.Open(stub.get()));
  // The agent stops typing: the server ends the stream after about a second.
  v1::LintResponse resp;
  EXPECT_FALSE(idle.stream->Read(&resp));
  const grpc::Status ended = idle.stream->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_THAT(ended.error_message(), HasSubstr("open a new stream"));
  // The only slot is free again.
  OpenStream next;
  EXPECT_TRUE(WaitForMetric(server, "replylint_open_streams 0"));
  EXPECT_TRUE(next.Open(stub.get()));
  EXPECT_THAT(Metrics(server), HasSubstr("replylint_shed_total{reason=\"stream_idle\"} 1"));
}

TEST(LimitsTest, ClientThatStopsReadingHoldsNoThreadAndIsEnded) {
  ServerProcess server({"--stream-idle-timeout=1s"});
  ASSERT_GT(server.port(), 0) << server.Stderr();
  // A stuck console: floods its stream with large drafts and never reads an answer, so the
  // server's answers back up behind the client's flow-control window.
  auto stuck_stub = v1::ReplyLint::NewStub(OwnConnection(server.address()));
  grpc::ClientContext stuck_ctx;
  auto stuck = stuck_stub->LintStream(&stuck_ctx);
  std::string big;
  while (big.size() < 4000) big += "不知道，你自己看吧。";
  int sent = 0;
  for (int i = 1; i <= 400 && stuck->Write(Draft(big, i)); ++i) ++sent;
  EXPECT_GT(sent, 0);

  // Everyone else is served meanwhile, on streams and unary calls.
  auto stub = v1::ReplyLint::NewStub(OwnConnection(server.address()));
  for (int i = 0; i < 20; ++i) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    v1::LintResponse resp;
    ASSERT_TRUE(stub->Lint(&ctx, Draft("你自己看吧"), &resp).ok());
  }
  OpenStream other;
  ASSERT_TRUE(other.Open(stub.get()));
  EXPECT_TRUE(other.Close().ok());

  // Once it has sent nothing for the idle time, the server lets go of it. If the server's
  // socket write was blocked when the reaper cancelled the stream, gRPC 1.51 fails the stuck
  // answer only once that write completes, i.e. once this process drains its socket — and a
  // sync client with no call in progress on a channel drains it only from gRPC's backup
  // poller, every 5 s (GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS). Which case happens is
  // timing; ThreadSanitizer's slowdown made it the blocked one (release ~8 s after cancel).
  EXPECT_TRUE(WaitForMetric(server, "replylint_open_streams 0", std::chrono::seconds(20)))
      << Metrics(server);
  EXPECT_THAT(Metrics(server), HasSubstr("replylint_shed_total{reason=\"stream_idle\"} 1"));
  stuck_ctx.TryCancel();
}

TEST(LimitsTest, CallsBeyondMaxConcurrentStreamsWaitInThatClientOnly) {
  ServerProcess server({"--max-concurrent-streams=2"});
  ASSERT_GT(server.port(), 0) << server.Stderr();
  auto busy_stub = v1::ReplyLint::NewStub(OwnConnection(server.address()));
  OpenStream a, b;
  ASSERT_TRUE(a.Open(busy_stub.get()));
  ASSERT_TRUE(b.Open(busy_stub.get()));
  // A third call on the same connection cannot start until one of the two ends; it waits in
  // the client, under its own deadline.
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
    v1::LintResponse resp;
    EXPECT_EQ(busy_stub->Lint(&ctx, Draft("不知道"), &resp).error_code(),
              grpc::StatusCode::DEADLINE_EXCEEDED);
  }
  // Another client's connection is unaffected.
  auto other = v1::ReplyLint::NewStub(OwnConnection(server.address()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  v1::LintResponse resp;
  EXPECT_TRUE(other->Lint(&ctx, Draft("不知道"), &resp).ok());
  // And the busy connection is served again once a stream ends.
  EXPECT_TRUE(a.Close().ok());
  grpc::ClientContext again;
  again.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  EXPECT_TRUE(busy_stub->Lint(&again, Draft("不知道"), &resp).ok());
  EXPECT_TRUE(b.Close().ok());
}

TEST(LimitsTest, CallsBeyondMaxInflightAreRefusedAndEveryCallIsAccountedFor) {
  ServerProcess server({"--max-inflight=1"});
  ASSERT_GT(server.port(), 0) << server.Stderr();
  // Eight clients on their own connections hammer a server that answers one call at a time.
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::atomic<bool> named_flag{true};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&] {
      auto stub = v1::ReplyLint::NewStub(OwnConnection(server.address()));
      for (int i = 0; i < 300; ++i) {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        v1::LintResponse resp;
        const grpc::Status st = stub->Lint(&ctx, Draft("不知道，你自己看吧"), &resp);
        if (st.ok()) {
          ++ok;
        } else if (st.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
          ++refused;
          if (st.error_message().find("--max-inflight") == std::string::npos) named_flag = false;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok + refused, 8 * 300);
  EXPECT_EQ(other, 0);
  EXPECT_GT(ok, 0);
  EXPECT_GT(refused, 0) << "eight clients never overlapped on a two-thread server";
  EXPECT_TRUE(named_flag);
  // The server counted exactly the refusals the clients saw.
  EXPECT_THAT(Metrics(server), HasSubstr("replylint_shed_total{reason=\"max_inflight\"} " +
                                         std::to_string(refused.load()) + "\n"));
  EXPECT_THAT(Metrics(server), HasSubstr("replylint_inflight_calls 0"));
}

}  // namespace
}  // namespace replylint
