// End to end against the real `replylint serve` binary on a free loopback port, with a C++
// gRPC client: health, reflection, Lint (same answers as the CLI), LintStream supersede,
// GetRuleset, metrics, every bad input, and SIGTERM under load.
#include <grpcpp/grpcpp.h>
#include <grpcpp/generic/generic_stub.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include <google/protobuf/compiler/importer.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include "gtest/gtest.h"
#include "replylint/v1/service.grpc.pb.h"
#include "service/convert.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

using ::replylint::testing::ServerProcess;
using ::replylint::testing::TempDir;
using ::testing::HasSubstr;

class ServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_GT(server_->port(), 0) << server_->Stderr();
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    stub_ = v1::ReplyLint::NewStub(channel_);
  }

  grpc::Status Lint(const v1::LintRequest& req, v1::LintResponse* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return stub_->Lint(&ctx, req, resp);
  }

  static ServerProcess* server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ReplyLint::Stub> stub_;
};
ServerProcess* ServiceTest::server_ = nullptr;

TEST_F(ServiceTest, HealthReportsServing) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  for (const char* service : {"", "replylint.v1.ReplyLint"}) {
    grpc::ClientContext ctx;
    grpc::health::v1::HealthCheckRequest req;
    req.set_service(service);
    grpc::health::v1::HealthCheckResponse resp;
    ASSERT_TRUE(health->Check(&ctx, req, &resp).ok()) << service;
    EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
}

// Reflection, asked the way grpcurl asks, with no generated code: the messages are loaded from
// tests/protos at run time into a private descriptor pool (a compiled-in copy would clash with
// the one gRPC's reflection library registers) and sent over a generic stream.
TEST_F(ServiceTest, ReflectionListsTheService) {
  struct Errors : google::protobuf::compiler::MultiFileErrorCollector {
    void AddError(const std::string& file, int line, int col, const std::string& msg) override {
      ADD_FAILURE() << file << ":" << line << ": " << msg;
    }
  } errors;
  google::protobuf::compiler::DiskSourceTree tree;
  tree.MapPath("", testing::SourceDir() + "/tests/protos");
  google::protobuf::compiler::Importer importer(&tree, &errors);
  ASSERT_NE(importer.Import("grpc/reflection/v1alpha/reflection.proto"), nullptr);
  const auto* pool = importer.pool();
  const auto* req_desc =
      pool->FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionRequest");
  const auto* resp_desc =
      pool->FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionResponse");
  ASSERT_NE(req_desc, nullptr);
  ASSERT_NE(resp_desc, nullptr);
  google::protobuf::DynamicMessageFactory factory;
  grpc::GenericStub generic(channel_);
  grpc::CompletionQueue cq;
  grpc::ClientContext ctx;
  auto wait = [&](void* want) {
    void* tag;
    bool ok = false;
    EXPECT_TRUE(cq.Next(&tag, &ok));
    EXPECT_EQ(tag, want);
    return ok;
  };
  auto call = generic.PrepareCall(
      &ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  call->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(wait(reinterpret_cast<void*>(1)));
  auto ask = [&](const char* field, const std::string& value) {
    std::unique_ptr<google::protobuf::Message> req(factory.GetPrototype(req_desc)->New());
    req->GetReflection()->SetString(req.get(), req_desc->FindFieldByName(field), value);
    grpc::Slice slice(req->SerializeAsString());
    grpc::ByteBuffer out(&slice, 1);
    call->Write(out, reinterpret_cast<void*>(2));
    EXPECT_TRUE(wait(reinterpret_cast<void*>(2)));
    grpc::ByteBuffer in;
    call->Read(&in, reinterpret_cast<void*>(3));
    EXPECT_TRUE(wait(reinterpret_cast<void*>(3)));
    std::vector<grpc::Slice> slices;
    (void)in.Dump(&slices);
    std::string bytes;
    for (const auto& sl : slices) bytes.append(reinterpret_cast<const char*>(sl.begin()), sl.size());
    std::unique_ptr<google::protobuf::Message> resp(factory.GetPrototype(resp_desc)->New());
    EXPECT_TRUE(resp->ParseFromString(bytes));
    return resp;
  };
  auto listed = ask("list_services", "*");
  std::string text;
  google::protobuf::TextFormat::PrintToString(*listed, &text);
  EXPECT_THAT(text, HasSubstr("name: \"replylint.v1.ReplyLint\""));
  EXPECT_THAT(text, HasSubstr("name: \"grpc.health.v1.Health\""));
  // The typed API is described even though Lint is served from raw bytes.
  auto file = ask("file_containing_symbol", "replylint.v1.ReplyLint");
  google::protobuf::TextFormat::PrintToString(*file, &text);
  EXPECT_THAT(text, HasSubstr("file_descriptor_proto"));
  call->WritesDone(reinterpret_cast<void*>(4));
  wait(reinterpret_cast<void*>(4));
  grpc::Status st;
  call->Finish(&st, reinterpret_cast<void*>(5));
  wait(reinterpret_cast<void*>(5));
  EXPECT_TRUE(st.ok()) << st.error_message();
}

TEST_F(ServiceTest, LintFindsTheIssueExample) {
  v1::LintRequest req;
  req.set_text("不知道，你自己看吧");
  req.set_revision(42);
  v1::LintResponse resp;
  ASSERT_TRUE(Lint(req, &resp).ok());
  ASSERT_EQ(resp.findings_size(), 3);
  EXPECT_EQ(resp.findings(0).rule_id(), "banned-negative");
  EXPECT_EQ(resp.findings(0).span().end_utf16(), 3u);
  EXPECT_EQ(resp.findings(1).rule_id(), "rude-phrase");
  EXPECT_EQ(resp.rewrite(), "我帮您查询一下，我来帮您看一下吧😊");
  EXPECT_EQ(resp.revision(), 42u);
  EXPECT_EQ(resp.ruleset(), "default");
  EXPECT_EQ(resp.ruleset_version().size(), 16u);
}

TEST_F(ServiceTest, LintAnswersEqualTheCliJson) {
  const char* kRequests[] = {
      R"({"text":"不知道，你自己看吧","revision":"1"})",
      R"({"text":"好的，已经处理好了😊","final":true})",
      R"({"text":"我帮您查一下物流😊","context":[{"role":"CUSTOMER","text":"怎么还没到，我要投诉"}]})",
      R"({"text":"亲 您的问题我们已经记录 会尽快处理哦😊","context":[{"role":"AGENT","text":"亲，您的问题我们已经记录，会尽快处理😊"},{"role":"CUSTOMER","text":"？？"}]})",
      R"({"text":"這個我不曉得，妳去問別人","disabledRules":["missing-emoji"]})",
      R"({"text":""})",
  };
  TempDir dir;
  std::string jsonl;
  for (const char* r : kRequests) jsonl += std::string(r) + "\n";
  dir.Write("req.jsonl", jsonl);
  auto cli = testing::RunCommand(
      {REPLYLINT_BINARY, "lint", "--format=json", "--input=" + dir.path() + "/req.jsonl"}, "");
  std::vector<std::string> lines = absl::StrSplit(cli.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), std::size(kRequests)) << cli.err;
  for (size_t i = 0; i < std::size(kRequests); ++i) {
    v1::LintRequest req;
    ASSERT_OK(FromJson(kRequests[i], &req));
    v1::LintResponse resp;
    ASSERT_TRUE(Lint(req, &resp).ok()) << kRequests[i];
    EXPECT_EQ(ToJsonLine(resp), lines[i]) << kRequests[i];
  }
}

TEST_F(ServiceTest, UnknownRulesetIsNotFoundAndNamesTheKnownOnes) {
  for (const char* name : {"shop-x", "../default", "/etc/passwd", "default.rules"}) {
    v1::LintRequest req;
    req.set_text("不知道");
    req.set_ruleset(name);
    v1::LintResponse resp;
    grpc::Status st = Lint(req, &resp);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND) << name;
    EXPECT_THAT(st.error_message(), HasSubstr("known: default, shop-demo")) << name;
  }
}

TEST_F(ServiceTest, NamedRulesetsAnswerWithTheirOwnRules) {
  v1::LintRequest req;
  req.set_text("这款木有货了，爱买不买");
  v1::LintResponse def, shop;
  ASSERT_TRUE(Lint(req, &def).ok());
  req.set_ruleset("shop-demo");
  ASSERT_TRUE(Lint(req, &shop).ok());
  EXPECT_EQ(shop.ruleset(), "shop-demo");
  EXPECT_NE(shop.ruleset_version(), def.ruleset_version());
  std::vector<std::string> def_rules, shop_rules;
  for (const auto& f : def.findings()) def_rules.push_back(f.rule_id());
  for (const auto& f : shop.findings()) shop_rules.push_back(f.rule_id());
  // 木有 is internet slang by default; the shop lists 木有货 as a refusal of its own.
  EXPECT_THAT(def_rules, ::testing::ElementsAre("internet-slang", "rude-phrase", "missing-emoji"));
  EXPECT_THAT(shop_rules, ::testing::ElementsAre("banned-negative", "rude-phrase"));
  EXPECT_EQ(def.score(), 0);    // rude-phrase is critical by default
  EXPECT_EQ(shop.score(), 40);  // the shop made it a 50-point deduction, not critical
}

TEST_F(ServiceTest, InvalidUtf8IsInvalidArgumentSayingSo) {
  // Sent as raw bytes: a well-behaved protobuf library would refuse to build this message.
  std::string wire = "\x0a\x07";
  wire += std::string("\xE4\xB8\x8D\xFF\xE7\x9F\xA5", 7);
  grpc::GenericStub generic(channel_);
  grpc::ClientContext ctx;
  grpc::Slice slice(wire);
  grpc::ByteBuffer request(&slice, 1), response;
  grpc::CompletionQueue cq;
  auto call = generic.PrepareUnaryCall(&ctx, "/replylint.v1.ReplyLint/Lint", request, &cq);
  call->StartCall();
  grpc::Status status;
  call->Finish(&response, &status, &status);
  void* tag = nullptr;
  bool ok = false;
  ASSERT_TRUE(cq.Next(&tag, &ok));
  ASSERT_EQ(tag, &status);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("not valid UTF-8"));
  EXPECT_THAT(status.error_message(), HasSubstr("offset 3"));
}

TEST_F(ServiceTest, OversizeDraftIsInvalidArgumentWithTheLimit) {
  v1::LintRequest req;
  req.set_text(std::string(5000, 'a'));
  v1::LintResponse resp;
  grpc::Status st = Lint(req, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("4096"));
}

TEST_F(ServiceTest, EmptyTextIsOkWithNoFindings) {
  v1::LintRequest req;
  v1::LintResponse resp;
  ASSERT_TRUE(Lint(req, &resp).ok());
  EXPECT_EQ(resp.findings_size(), 0);
  EXPECT_EQ(resp.score(), 100);
}

TEST_F(ServiceTest, OnlyTheNewestContextTurnsCount) {
  // 25 customer turns; only the oldest complains. The server keeps the newest 20, so the
  // complaint is ignored and missing-apology does not fire.
  v1::LintRequest req;
  req.set_text("我帮您查一下物流😊");
  auto* first = req.add_context();
  first->set_role(v1::Turn::CUSTOMER);
  first->set_text("我要投诉");
  for (int i = 0; i < 24; ++i) {
    auto* t = req.add_context();
    t->set_role(v1::Turn::CUSTOMER);
    t->set_text("在吗");
  }
  v1::LintResponse resp;
  ASSERT_TRUE(Lint(req, &resp).ok());
  for (const auto& f : resp.findings()) EXPECT_NE(f.rule_id(), "missing-apology");
  req.mutable_context()->DeleteSubrange(1, 10);  // 15 turns: the complaint is kept
  ASSERT_TRUE(Lint(req, &resp).ok());
  bool apology = false;
  for (const auto& f : resp.findings()) apology |= f.rule_id() == "missing-apology";
  EXPECT_TRUE(apology);
}

TEST_F(ServiceTest, SlowReplyUsesTheServerClockWhenTheRequestHasNoTime) {
  v1::LintRequest req;
  req.set_text("您好，请问有什么可以帮您？😊");
  auto* t = req.add_context();
  t->set_role(v1::Turn::CUSTOMER);
  t->set_text("在吗");
  t->mutable_ts()->set_seconds(absl::ToUnixSeconds(absl::Now()) - 120);
  v1::LintResponse resp;
  ASSERT_TRUE(Lint(req, &resp).ok());
  ASSERT_GT(resp.findings_size(), 0);
  EXPECT_EQ(resp.findings(0).rule_id(), "slow-reply");
  EXPECT_EQ(resp.rewrite(), "您好，抱歉让您久等了，请问有什么可以帮您？😊");
}

TEST_F(ServiceTest, LintStreamAnswersInOrderAndEndsOnTheNewestRevision) {
  for (int round = 0; round < 5; ++round) {
    grpc::ClientContext ctx;
    auto stream = stub_->LintStream(&ctx);
    const std::string full = "不知道，你自己看吧";
    std::vector<std::string> prefixes;
    for (size_t i = 3; i <= full.size(); i += 3) prefixes.push_back(full.substr(0, i));
    ASSERT_EQ(prefixes.size(), 9u);
    prefixes.push_back(full + "😊");
    for (size_t i = 0; i < prefixes.size(); ++i) {
      v1::LintRequest req;
      req.set_text(prefixes[i]);
      req.set_revision(i + 1);
      ASSERT_TRUE(stream->Write(req, grpc::WriteOptions().set_buffer_hint()));
    }
    stream->WritesDone();
    std::vector<uint64_t> revisions;
    v1::LintResponse resp, last;
    while (stream->Read(&resp)) {
      revisions.push_back(resp.revision());
      last = resp;
    }
    ASSERT_TRUE(stream->Finish().ok());
    ASSERT_FALSE(revisions.empty());
    EXPECT_TRUE(std::is_sorted(revisions.begin(), revisions.end()));
    EXPECT_EQ(std::adjacent_find(revisions.begin(), revisions.end()), revisions.end());
    EXPECT_EQ(revisions.back(), 10u);
    EXPECT_LE(revisions.size(), 10u);
    // The last answer is for the full draft, emoji included.
    for (const auto& f : last.findings()) EXPECT_NE(f.rule_id(), "missing-emoji");
  }
}

TEST_F(ServiceTest, LintStreamBadDraftEndsTheStreamWithItsError) {
  grpc::ClientContext ctx;
  auto stream = stub_->LintStream(&ctx);
  v1::LintRequest req;
  req.set_text(std::string(5000, 'x'));
  ASSERT_TRUE(stream->Write(req));
  stream->WritesDone();
  v1::LintResponse resp;
  while (stream->Read(&resp)) {
  }
  grpc::Status st = stream->Finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServiceTest, GetRulesetDescribesRulesAndFiles) {
  grpc::ClientContext ctx;
  v1::GetRulesetRequest req;
  v1::GetRulesetResponse resp;
  ASSERT_TRUE(stub_->GetRuleset(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.rulesets_size(), 2);  // default and the shop-demo example
  const auto& rs = resp.rulesets(0);
  EXPECT_EQ(rs.name(), "default");
  EXPECT_EQ(rs.version().size(), 16u);
  std::vector<std::string> ids;
  for (const auto& r : rs.rules()) ids.push_back(r.id());
  for (const char* id : {"banned-negative", "missing-honorific", "bare-interjection",
                         "missing-emoji", "missing-closing", "rude-phrase", "too-long", "typo",
                         "internet-slang",
                         "blame-shifting", "bare-command", "curt-reply", "missing-apology", "ignored-thanks",
                         "canned-repeat", "slow-reply"}) {
    EXPECT_THAT(ids, ::testing::Contains(id));
  }
  std::vector<std::string> files;
  for (const auto& f : rs.files()) files.push_back(f.path());
  EXPECT_THAT(files, ::testing::Contains("default.rules"));
  EXPECT_THAT(files, ::testing::Contains("words/banned-negative.txt"));
  EXPECT_TRUE(resp.last_reload_error().empty());
}

TEST_F(ServiceTest, MetricsCountRequestsAndRuleHitsButNeverDraftText) {
  v1::LintRequest req;
  req.set_text("我的手机号是13800138000，不知道");
  v1::LintResponse resp;
  ASSERT_TRUE(Lint(req, &resp).ok());
  httplib::Client http("127.0.0.1", server_->metrics_port());
  auto res = http.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr("replylint_requests_total{rpc=\"Lint\",code=\"OK\"}"));
  EXPECT_THAT(res->body, HasSubstr("replylint_request_duration_seconds_bucket{rpc=\"Lint\""));
  EXPECT_THAT(res->body,
              HasSubstr("replylint_rule_hits_total{ruleset=\"default\",rule=\"banned-negative\"}"));
  EXPECT_EQ(res->body.find("13800138000"), std::string::npos);
  EXPECT_EQ(server_->Stderr().find("13800138000"), std::string::npos);
}

TEST_F(ServiceTest, ScoreTranscriptsAnswersLikeTheCli) {
  const char* kTranscripts[] = {
      R"({"conversationId":"t1","agentId":"a","turns":[{"role":"CUSTOMER","text":"在吗","ts":"2026-11-23T10:00:00Z"},{"role":"AGENT","text":"不知道","ts":"2026-11-23T10:02:00Z"}]})",
      R"({"conversationId":"t2","agentId":"b","turns":[{"role":"CUSTOMER","text":"有货吗"},{"role":"AGENT","text":"亲，您好，有货的哦，祝您生活愉快😊"}]})",
  };
  TempDir dir;
  dir.Write("t.jsonl", std::string(kTranscripts[0]) + "\n" + kTranscripts[1] + "\n");
  auto cli = testing::RunCommand({REPLYLINT_BINARY, "score", dir.path() + "/t.jsonl"}, "");
  std::vector<std::string> lines = absl::StrSplit(cli.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << cli.err;

  grpc::ClientContext ctx;
  auto stream = stub_->ScoreTranscripts(&ctx);
  for (const char* t : kTranscripts) {
    v1::Transcript transcript;
    ASSERT_OK(FromJson(t, &transcript));
    ASSERT_TRUE(stream->Write(transcript));
  }
  stream->WritesDone();
  std::vector<v1::TranscriptReport> reports;
  v1::TranscriptReport r;
  while (stream->Read(&r)) reports.push_back(r);
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(reports.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    v1::TranscriptReport from_cli;
    ASSERT_OK(FromJson(lines[i], &from_cli));
    from_cli.clear_input();  // file name and line exist only for file input
    from_cli.clear_input_line();
    EXPECT_EQ(ToJsonLine(reports[i]), ToJsonLine(from_cli));
  }
  EXPECT_EQ(reports[1].score(), 100);
}

TEST_F(ServiceTest, ScoreTranscriptsUnknownRulesetEndsTheStream) {
  grpc::ClientContext ctx;
  auto stream = stub_->ScoreTranscripts(&ctx);
  v1::Transcript t;
  t.set_conversation_id("x");
  t.set_ruleset("nope");
  ASSERT_TRUE(stream->Write(t));
  stream->WritesDone();
  v1::TranscriptReport r;
  EXPECT_FALSE(stream->Read(&r));
  grpc::Status st = stream->Finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(st.error_message(), HasSubstr("'x'"));
}

TEST_F(ServiceTest, HttpJsonAnswersLikeGrpcWithErrorsAsJson) {
  httplib::Client http("127.0.0.1", server_->http_port());
  const std::string body = R"({"text":"不知道，你自己看吧","revision":"9"})";
  auto res = http.Post("/v1/lint", body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  v1::LintRequest req;
  ASSERT_OK(FromJson(body, &req));
  v1::LintResponse grpc_resp;
  ASSERT_TRUE(Lint(req, &grpc_resp).ok());
  EXPECT_EQ(res->body, ToJsonLine(grpc_resp));

  auto bad = http.Post("/v1/lint", R"({"text":"x","ruleset":"nope"})", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 404);
  EXPECT_THAT(bad->body, HasSubstr(R"("code":"NOT_FOUND")"));
  auto big = http.Post("/v1/lint", "{\"text\":\"" + std::string(5000, 'a') + "\"}",
                       "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 400);
  EXPECT_THAT(big->body, HasSubstr("4096"));
  auto junk = http.Post("/v1/lint", "not json", "application/json");
  ASSERT_TRUE(junk);
  EXPECT_EQ(junk->status, 400);
  EXPECT_THAT(junk->body, HasSubstr("INVALID_ARGUMENT"));

  auto score = http.Post(
      "/v1/score",
      R"({"conversationId":"h1","turns":[{"role":"CUSTOMER","text":"在吗"},{"role":"AGENT","text":"嗯"}]})",
      "application/x-ndjson");
  ASSERT_TRUE(score);
  EXPECT_EQ(score->status, 200);
  EXPECT_THAT(score->body, HasSubstr(R"("conversationId":"h1")"));
  EXPECT_THAT(score->body, HasSubstr("bare-interjection"));

  auto page = http.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("panel.js"));
  EXPECT_EQ(http.Get("/../lexicons/default.rules")->status, 404);
}

TEST_F(ServiceTest, CorsOnlyForConfiguredOrigins) {
  httplib::Client http("127.0.0.1", server_->http_port());
  httplib::Headers h = {{"Origin", "https://evil.example"}};
  auto res = http.Post("/v1/lint", h, R"({"text":"您好😊"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
  auto pre = http.Options("/v1/lint", h);
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->status, 403);
}

TEST(ServiceCorsTest, ConfiguredOriginIsAllowed) {
  ServerProcess server({"--cors-origins=https://console.example,https://other.example"});
  ASSERT_GT(server.http_port(), 0);
  httplib::Client http("127.0.0.1", server.http_port());
  httplib::Headers h = {{"Origin", "https://console.example"}};
  auto pre = http.Options("/v1/lint", h);
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->status, 204);
  EXPECT_EQ(pre->get_header_value("Access-Control-Allow-Origin"), "https://console.example");
  auto res = http.Post("/v1/lint", h, R"({"text":"您好😊"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "https://console.example");
}

TEST_F(ServiceTest, ReportOutcomeFeedsGetRulesetAndRejectsUnknownNames) {
  auto report = [&](const std::string& rule, v1::Outcome outcome) {
    grpc::ClientContext ctx;
    v1::OutcomeReport r;
    r.set_rule_id(rule);
    r.set_outcome(outcome);
    v1::ReportOutcomeResponse resp;
    return stub_->ReportOutcome(&ctx, r, &resp);
  };
  ASSERT_TRUE(report("typo", v1::SHOWN).ok());
  ASSERT_TRUE(report("typo", v1::ACCEPTED).ok());
  ASSERT_TRUE(report("typo", v1::ACCEPTED).ok());
  ASSERT_TRUE(report("typo", v1::DISMISSED).ok());
  EXPECT_EQ(report("no-such-rule", v1::ACCEPTED).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(report("typo", v1::OUTCOME_UNSPECIFIED).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  grpc::ClientContext ctx;
  v1::GetRulesetRequest req;
  req.set_ruleset("default");
  v1::GetRulesetResponse resp;
  ASSERT_TRUE(stub_->GetRuleset(&ctx, req, &resp).ok());
  for (const auto& r : resp.rulesets(0).rules()) {
    if (r.id() != "typo") continue;
    EXPECT_EQ(r.shown(), 1u);
    EXPECT_EQ(r.accepted(), 2u);
    EXPECT_EQ(r.dismissed(), 1u);
    EXPECT_NEAR(r.acceptance_rate(), 2.0 / 3, 1e-9);
  }
}

// Its own server: SIGTERM while clients hammer it. Every call either got a complete answer or
// was refused (UNAVAILABLE, or CANCELLED when it raced the shutdown before being handled);
// the number of answers the server says it sent equals the number the clients received, so
// no answered request was lost; and the server exits 0.
TEST(ServiceShutdownTest, SigtermUnderLoadLosesNoAnsweredRequest) {
  ServerProcess server;
  ASSERT_GT(server.port(), 0);
  auto channel = grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
  auto stub = v1::ReplyLint::NewStub(channel);
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::mutex mu;
  std::vector<std::string> other_errors;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      while (!stop) {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        v1::LintRequest req;
        req.set_text("不知道，你自己看吧");
        v1::LintResponse resp;
        grpc::Status st = stub->Lint(&ctx, req, &resp);
        if (st.ok()) {
          (resp.findings_size() == 3 ? ok : other)++;
        } else if (st.error_code() == grpc::StatusCode::UNAVAILABLE ||
                   st.error_code() == grpc::StatusCode::CANCELLED) {
          refused++;
          if (refused > 20) return;
        } else {
          other++;
          std::lock_guard<std::mutex> l(mu);
          other_errors.push_back(std::to_string(st.error_code()) + " " + st.error_message());
        }
      }
    });
  }
  while (ok < 200) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(server.Stop(), 0);
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_GE(ok, 200);
  const std::string log = server.Stderr();
  const size_t at = log.find("answered OK: Lint=");
  ASSERT_NE(at, std::string::npos) << log;
  EXPECT_EQ(std::stoi(log.substr(at + strlen("answered OK: Lint="))), ok.load());
  EXPECT_EQ(other, 0) << "calls answered wrongly or cut off: " << other << ": "
                      << (other_errors.empty() ? "" : other_errors[0]);
}

}  // namespace
}  // namespace replylint
