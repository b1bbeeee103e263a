// Rule authors editing lexicons under a running server: hot reload (inotify and SIGHUP),
// broken edits that keep the old rules serving, editors' rename-over-write, and reloads
// under load that lose no request.
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <sys/stat.h>

#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "replylint/v1/service.grpc.pb.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

using ::replylint::testing::ServerProcess;
using ::replylint::testing::TempDir;
using ::replylint::testing::WaitFor;
using ::testing::HasSubstr;

class ReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::copy(testing::LexiconsDir(), dir_.path(),
                          std::filesystem::copy_options::recursive);
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{}, dir_.path());
    ASSERT_GT(server_->port(), 0) << server_->Stderr();
    stub_ = v1::ReplyLint::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  v1::LintResponse Lint(const std::string& text) {
    grpc::ClientContext ctx;
    v1::LintRequest req;
    req.set_text(text);
    v1::LintResponse resp;
    grpc::Status st = stub_->Lint(&ctx, req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return resp;
  }
  bool Flags(const std::string& text, const std::string& rule) {
    const v1::LintResponse resp = Lint(text);
    for (const auto& f : resp.findings()) {
      if (f.rule_id() == rule) return true;
    }
    return false;
  }
  v1::GetRulesetResponse Describe() {
    grpc::ClientContext ctx;
    v1::GetRulesetResponse resp;
    EXPECT_TRUE(stub_->GetRuleset(&ctx, v1::GetRulesetRequest(), &resp).ok());
    return resp;
  }
  // Whether the server's stderr shows `line` within 2 s. It logs a reload right after the
  // registry swaps the rules or records the error, so a client can see the change in Lint or
  // GetRuleset a moment before the line is written (a TSan run did): wait, do not race it.
  bool Logs(const std::string& line) {
    return WaitFor([&] { return server_->Stderr().find(line) != std::string::npos; },
                   std::chrono::seconds(2))
        .has_value();
  }
  void Append(const std::string& rel, const std::string& text) {
    std::ofstream(dir_.path() + "/" + rel, std::ios::app) << text;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::ReplyLint::Stub> stub_;
};

TEST_F(ReloadTest, AddedBannedWordIsEnforcedWithinTwoSecondsWithoutRestart) {
  const std::string draft = "这个我也木有办法😊";
  ASSERT_FALSE(Flags(draft, "banned-negative"));
  const std::string before = Lint(draft).ruleset_version();
  Append("words/banned-negative.txt", "木有办法 => 我们一起想想办法\n@fire 我也木有办法\n");
  auto took = WaitFor([&] { return Flags(draft, "banned-negative"); }, std::chrono::seconds(2));
  ASSERT_TRUE(took.has_value()) << server_->Stderr();
  EXPECT_NE(Lint(draft).ruleset_version(), before);
  EXPECT_TRUE(Logs("reloaded rulesets")) << server_->Stderr();
}

TEST_F(ReloadTest, BrokenEditKeepsTheOldRulesServingAndSaysWhere) {
  const std::string before = Lint("不知道").ruleset_version();
  Append("default.rules", "\n[rule extra]\nkind = phrase\nmesage = typo here\n");
  auto took = WaitFor([&] { return !Describe().last_reload_error().empty(); },
                      std::chrono::seconds(2));
  ASSERT_TRUE(took.has_value());
  const std::string error = Describe().last_reload_error();
  EXPECT_THAT(error, HasSubstr("default.rules:"));
  EXPECT_THAT(error, HasSubstr("mesage"));
  // Still serving, on the old version.
  v1::LintResponse resp = Lint("不知道");
  EXPECT_EQ(resp.ruleset_version(), before);
  ASSERT_GT(resp.findings_size(), 0);
  EXPECT_EQ(resp.findings(0).rule_id(), "banned-negative");
  EXPECT_TRUE(Logs("reload failed, still serving")) << server_->Stderr();
  // The metrics count the failure.
  httplib::Client http("127.0.0.1", server_->metrics_port());
  auto m = http.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_THAT(m->body, ::testing::Not(HasSubstr("replylint_reloads_total{result=\"failed\"} 0")));
  // The next good edit is picked up and clears the error.
  std::string rules = testing::ReadFile(dir_.path() + "/default.rules");
  rules = rules.substr(0, rules.find("\n[rule extra]"));
  std::ofstream(dir_.path() + "/default.rules", std::ios::trunc) << rules << "\n";
  ASSERT_TRUE(WaitFor([&] { return Describe().last_reload_error().empty(); },
                      std::chrono::seconds(2)));
}

TEST_F(ReloadTest, FailingExampleIsABrokenEditToo) {
  Append("words/banned-negative.txt", "@fire 这句话没有任何问题\n");
  ASSERT_TRUE(WaitFor([&] { return !Describe().last_reload_error().empty(); },
                      std::chrono::seconds(2)));
  EXPECT_THAT(Describe().last_reload_error(), HasSubstr("words/banned-negative.txt:"));
}

TEST_F(ReloadTest, EditorRenameOverWriteIsSeen) {
  const std::string path = dir_.path() + "/words/rude-phrase.txt";
  std::string content = testing::ReadFile(path) + "你真烦人 => 请您消消气，我马上为您处理\n";
  const std::string tmp = dir_.path() + "/words/.rude-phrase.txt.swp";
  std::ofstream(tmp, std::ios::trunc) << content;
  std::filesystem::rename(tmp, path);
  ASSERT_TRUE(WaitFor([&] { return Flags("你真烦人😊", "rude-phrase"); }, std::chrono::seconds(2)))
      << server_->Stderr();
}

TEST_F(ReloadTest, SighupReloads) {
  server_->Signal(SIGHUP);
  ASSERT_TRUE(Logs("reloaded rulesets")) << server_->Stderr();
}

// Faults at runtime: whatever happens to the lexicon files, the last good rules keep serving
// and GetRuleset (and the log) say what went wrong, naming the file.
TEST_F(ReloadTest, DeletedLexiconDirKeepsServingAndRecoversWhenRestored) {
  const std::string before = Lint("不知道").ruleset_version();
  TempDir backup;
  std::filesystem::copy(dir_.path(), backup.path(), std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(dir_.path());
  server_->Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return !Describe().last_reload_error().empty(); },
                      std::chrono::seconds(3)))
      << server_->Stderr();
  EXPECT_THAT(Describe().last_reload_error(), HasSubstr(dir_.path()));
  EXPECT_TRUE(Flags("不知道", "banned-negative"));
  EXPECT_EQ(Lint("不知道").ruleset_version(), before);
  // Put back (as a deploy would): the next reload serves it and clears the error.
  std::filesystem::copy(backup.path(), dir_.path(), std::filesystem::copy_options::recursive);
  server_->Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return Describe().last_reload_error().empty(); },
                      std::chrono::seconds(3)))
      << server_->Stderr();
  EXPECT_TRUE(Flags("不知道", "banned-negative"));
}

TEST_F(ReloadTest, UnreadableWordListKeepsServingAndNamesTheFile) {
  // Tests may run as root, which reads through chmod 000: make the path unopenable instead.
  const std::string list = dir_.path() + "/words/rude-phrase.txt";
  std::filesystem::remove(list);
  std::filesystem::create_directory(list);
  server_->Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return !Describe().last_reload_error().empty(); },
                      std::chrono::seconds(3)));
  EXPECT_THAT(Describe().last_reload_error(), HasSubstr("rude-phrase.txt"));
  EXPECT_TRUE(Flags("你自己看吧", "rude-phrase"));  // the old list still applies
}

TEST_F(ReloadTest, FifoInPlaceOfAWordListDoesNotStallTheReload) {
  // Opening a FIFO for reading blocks until someone writes: a loader that simply opened it
  // would hang the reload thread for good.
  const std::string list = dir_.path() + "/words/rude-phrase.txt";
  std::filesystem::remove(list);
  ASSERT_EQ(mkfifo(list.c_str(), 0600), 0);
  server_->Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return !Describe().last_reload_error().empty(); },
                      std::chrono::seconds(3)));
  EXPECT_THAT(Describe().last_reload_error(), HasSubstr("rude-phrase.txt"));
  std::filesystem::remove(list);
  std::filesystem::copy_file(testing::LexiconsDir() + "/words/rude-phrase.txt", list);
  server_->Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return Describe().last_reload_error().empty(); },
                      std::chrono::seconds(3)));
}

TEST_F(ReloadTest, HalfWrittenWordListKeepsServing) {
  // A copy cut off in the middle of a character, as a crashed editor or a full disk leaves it.
  const std::string list = dir_.path() + "/words/banned-negative.txt";
  std::string content = testing::ReadFile(list) + "木有办法 => 我们一起想想办法\n";
  content.resize(content.size() - 6);  // drops "\n", 法 and two of 办's three bytes
  std::ofstream(list, std::ios::trunc | std::ios::binary) << content;
  server_->Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return !Describe().last_reload_error().empty(); },
                      std::chrono::seconds(3)));
  EXPECT_THAT(Describe().last_reload_error(), HasSubstr("banned-negative.txt:"));
  EXPECT_TRUE(Flags("不知道", "banned-negative"));
}

TEST_F(ReloadTest, HundredReloadsUnderSteadyLoadLoseNoRequest) {
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0}, wrong{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 3; ++c) {
    clients.emplace_back([&] {
      while (!stop) {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        v1::LintRequest req;
        req.set_text("不知道，你自己看吧");
        v1::LintResponse resp;
        if (!stub_->Lint(&ctx, req, &resp).ok()) {
          ++failed;
        } else if (resp.findings_size() != 3 || resp.ruleset_version().empty()) {
          ++wrong;
        } else {
          ++ok;
        }
      }
    });
  }
  // 100 reloads, alternating the content so every reload really swaps a new version in; wait
  // for each to land before the next so none coalesce.
  std::set<std::string> versions;
  const std::string typo_file = dir_.path() + "/words/typos.txt";
  const std::string original = testing::ReadFile(typo_file);
  int landed = 0;
  for (int i = 0; i < 100; ++i) {
    // Written aside and renamed over, as editors save: an in-place rewrite could be caught
    // half-done (empty) by the watcher's reload from the previous round, a third version.
    std::ofstream(typo_file + ".tmp", std::ios::trunc)
        << original << (i % 2 ? "" : "# reloaded\n");
    std::filesystem::rename(typo_file + ".tmp", typo_file);
    server_->Signal(SIGHUP);
    const size_t want = static_cast<size_t>(landed + 1);
    auto took = WaitFor(
        [&] {
          const std::string log = server_->Stderr();
          size_t n = 0;
          for (size_t p = log.find("reloaded rulesets"); p != std::string::npos;
               p = log.find("reloaded rulesets", p + 1)) {
            ++n;
          }
          return n >= want;
        },
        std::chrono::seconds(5));
    if (took.has_value()) landed = static_cast<int>(want);
    versions.insert(Lint("不知道").ruleset_version());
  }
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_GE(landed, 100);
  EXPECT_EQ(versions.size(), 2u);
  EXPECT_GT(ok, 0);
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace replylint
