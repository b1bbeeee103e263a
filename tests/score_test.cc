// `replylint score` as a QA team runs it: JSONL (gzip or plain) and CSV in, reports, CSVs and
// an HTML report out; broken lines reported by number while the rest is scored; the
// stdin -> stdout pipe contract; atomic outputs; the HTML renders in headless Chromium.
#include <sys/resource.h>
#include <zlib.h>

#include "absl/strings/str_split.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "replylint/v1/lint.pb.h"
#include "service/convert.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

using ::replylint::testing::ReadFile;
using ::replylint::testing::RunCommand;
using ::replylint::testing::TempDir;
using ::testing::HasSubstr;

const std::string kBin = REPLYLINT_BINARY;

// Three conversations with known violations, one per line.
const char* kGood[] = {
    // c1: slow reply (90 s) without apology at turn 1; customer has the last word.
    R"({"conversationId":"c1","agentId":"a1","turns":[)"
    R"({"role":"CUSTOMER","text":"在吗","ts":"2026-11-23T10:00:00Z"},)"
    R"({"role":"AGENT","text":"亲，您好，请问有什么可以帮您？😊","ts":"2026-11-23T10:01:30Z"},)"
    R"({"role":"CUSTOMER","text":"好的","ts":"2026-11-23T10:01:40Z"}]})",
    // c2: clean: greeting, emoji, closing line, the agent ends it.
    R"({"conversationId":"c2","agentId":"a2","turns":[)"
    R"({"role":"CUSTOMER","text":"请问有货吗","ts":"2026-11-23T10:00:00Z"},)"
    R"({"role":"AGENT","text":"亲，您好，有货的哦😊","ts":"2026-11-23T10:00:10Z"},)"
    R"({"role":"CUSTOMER","text":"好的","ts":"2026-11-23T10:00:20Z"},)"
    R"({"role":"AGENT","text":"感谢您的支持，祝您生活愉快😊","ts":"2026-11-23T10:00:30Z"}]})",
    // c3: rude and negative (critical): score 0.
    R"({"conversationId":"c3","agentId":"a1","turns":[)"
    R"({"role":"CUSTOMER","text":"怎么还没到","ts":"2026-11-23T10:00:00Z"},)"
    R"({"role":"AGENT","text":"不知道，你自己看吧","ts":"2026-11-23T10:00:05Z"}]})",
};

std::vector<v1::TranscriptReport> ParseReports(const std::string& jsonl) {
  std::vector<v1::TranscriptReport> out;
  for (absl::string_view line : absl::StrSplit(jsonl, '\n', absl::SkipEmpty())) {
    v1::TranscriptReport r;
    EXPECT_TRUE(FromJson(std::string(line), &r).ok()) << line;
    out.push_back(r);
  }
  return out;
}

std::vector<std::string> RuleIdsAt(const v1::TranscriptReport& r, uint32_t turn) {
  std::vector<std::string> ids;
  for (const auto& f : r.findings()) {
    if (f.turn_index() == turn) ids.push_back(f.finding().rule_id());
  }
  return ids;
}

void WriteGzip(const std::string& path, const std::string& content) {
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, content.data(), static_cast<unsigned>(content.size()));
  gzclose(f);
}

TEST(ScoreTest, ScoresGzipJsonlAndWritesEveryReport) {
  TempDir dir;
  std::string input;
  for (const char* c : kGood) input += std::string(c) + "\n";
  input += "{not json at all\n";                                            // line 4
  input += R"({"conversationId":"c5","turns":[],"bogus":1})" "\n";          // line 5
  input += std::string("{\"conversationId\":\"c6\",\"turns\":[{\"role\":\"AGENT\",\"text\":\"") +
           "\xFF\xFE" + "\"}]}\n";                                           // line 6
  input += "\n";                                                            // blank: skipped
  input += std::string(kGood[1]) + "\n";                                    // line 8
  WriteGzip(dir.path() + "/archive.jsonl.gz", input);

  auto r = RunCommand({kBin, "score", dir.path() + "/archive.jsonl.gz",
                       "--report=" + dir.path() + "/out"}, "");
  EXPECT_EQ(r.exit_code, 1) << r.err;  // something was rejected
  EXPECT_THAT(r.err, HasSubstr("archive.jsonl.gz:4: not a valid Transcript JSON"));
  EXPECT_THAT(r.err, HasSubstr("archive.jsonl.gz:5: "));
  EXPECT_THAT(r.err, HasSubstr("bogus"));
  EXPECT_THAT(r.err, HasSubstr("archive.jsonl.gz:6: not valid UTF-8"));
  EXPECT_THAT(r.err, HasSubstr("read 7 conversations = scored 4 + rejected 3"));

  auto reports = ParseReports(ReadFile(dir.path() + "/out/reports.jsonl"));
  ASSERT_EQ(reports.size(), 4u);
  EXPECT_EQ(reports[0].conversation_id(), "c1");
  EXPECT_EQ(reports[3].conversation_id(), "c2");
  EXPECT_EQ(reports[3].input_line(), 8u);
  EXPECT_THAT(RuleIdsAt(reports[0], 1), ::testing::Contains("slow-reply"));
  EXPECT_THAT(RuleIdsAt(reports[0], 2), ::testing::ElementsAre("no-closing-turn"));
  EXPECT_EQ(reports[1].findings_size(), 0) << reports[1].DebugString();
  EXPECT_EQ(reports[1].score(), 100);
  EXPECT_EQ(reports[2].score(), 0);
  EXPECT_THAT(RuleIdsAt(reports[2], 1),
              ::testing::IsSupersetOf({"banned-negative", "rude-phrase", "missing-apology"}));

  const std::string agents = ReadFile(dir.path() + "/out/agents.csv");
  EXPECT_THAT(agents, HasSubstr("agent_id,conversations,mean_score,agent_messages"));
  EXPECT_THAT(agents, HasSubstr("\na1,2,"));
  const std::string rules = ReadFile(dir.path() + "/out/rules.csv");
  EXPECT_THAT(rules, HasSubstr("rule_id,severity,hits,conversations,share_of_conversations"));
  // Each rule says what it checks, from its message: the first sentence, {match} as "…".
  EXPECT_THAT(rules, HasSubstr("rude-phrase,error,1,1,0.2500,“…”是服务禁语"));
  const std::string html = ReadFile(dir.path() + "/out/report.html");
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_THAT(html, HasSubstr("<mark title=\"rude-phrase"));
  EXPECT_THAT(html, HasSubstr("你自己看"));
  EXPECT_THAT(html, HasSubstr("<td>rude-phrase</td><td>“…”是服务禁语，会激化矛盾</td>"));
  EXPECT_THAT(html, HasSubstr("archive.jsonl.gz:4"));
  // The score distribution counts each scored conversation in its band.
  int bands[11] = {};
  for (const auto& rep : reports) ++bands[rep.score() / 10];
  for (int b = 0; b <= 10; ++b) {
    const std::string label = b == 10 ? "100" : absl::StrCat(b * 10, "–", b * 10 + 9);
    EXPECT_THAT(html, HasSubstr(absl::StrCat("<title>", label, ": ", bands[b], "</title>")))
        << label;
  }
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // no network
  // No temporary files left behind.
  for (const auto& e : std::filesystem::directory_iterator(dir.path() + "/out")) {
    EXPECT_NE(e.path().filename().string()[0], '.') << e.path();
  }
}

// An apology written after the solution is moved to the front by two findings (insert, and
// delete where it was). The QA lead's counts see one violation, not two.
TEST(ScoreTest, AMovedApologyCountsAsOneHit) {
  TempDir dir;
  const std::string input =
      R"({"conversationId":"m1","agentId":"a1","turns":[)"
      R"({"role":"CUSTOMER","text":"发错货了，我要投诉","ts":"2026-11-23T10:00:00Z"},)"
      R"({"role":"AGENT","text":"亲，您好，已为您补发，非常抱歉给您带来不便😊","ts":"2026-11-23T10:00:20Z"},)"
      R"({"role":"CUSTOMER","text":"好吧","ts":"2026-11-23T10:00:30Z"},)"
      R"({"role":"AGENT","text":"请问还有其他可以帮您的吗？祝您生活愉快😊","ts":"2026-11-23T10:00:40Z"}]})"
      "\n";
  auto r = RunCommand({kBin, "score", "-", "--report=" + dir.path() + "/out"}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto reports = ParseReports(ReadFile(dir.path() + "/out/reports.jsonl"));
  ASSERT_EQ(reports.size(), 1u);
  std::vector<bool> moved;
  for (const auto& tf : reports[0].findings()) {
    if (tf.finding().rule_id() == "missing-apology") moved.push_back(tf.finding().moved());
  }
  EXPECT_THAT(moved, ::testing::ElementsAre(false, true));
  EXPECT_THAT(ReadFile(dir.path() + "/out/rules.csv"),
              HasSubstr("\nmissing-apology,warning,1,1,1.0000,"));
}

TEST(ScoreTest, CsvWithChineseRolesUnixTimesAndQuotedNewlines) {
  TempDir dir;
  dir.Write("chats.csv",
            "text,role,ts,conversation_id,agent_id,channel\n"                    // 1
            "在吗,客户,1763892000,k1,小王,web\n"                                   // 2
            "\"亲，您好😊\n请问有什么可以帮您？\",客服,1763892010,k1,小王,web\n"   // 3-4
            "谢谢,顾客,1763892020,k1,小王,web\n"                                   // 5
            "\"不客气，祝您生活愉快😊\",坐席,1763892030,k1,小王,web\n"            // 6
            "你好,客户,1763892000,k2,小李,app\n"                                   // 7
            "嗯,boss,1763892005,k2,小李,app\n"                                     // 8 bad role
            "好的,客服,1763892009,k2,小李,app\n"                                   // 9
            "在吗,customer,2026-11-23T10:00:00+08:00,k3,小王,web\n"                // 10
            "亲，您好，在的哦😊,agent,2026-11-23T10:00:05+08:00,k3,小王,web\n");   // 11
  auto r = RunCommand({kBin, "score", dir.path() + "/chats.csv"}, "");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("chats.csv:8: row role 'boss'"));
  EXPECT_THAT(r.err, HasSubstr("read 3 conversations = scored 2 + rejected 1"));
  auto reports = ParseReports(r.out);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].conversation_id(), "k1");
  EXPECT_EQ(reports[0].agent_id(), "小王");
  EXPECT_EQ(reports[0].agent_turns(), 2u);
  EXPECT_EQ(reports[0].input_line(), 2u);
  EXPECT_EQ(reports[0].score(), 100) << reports[0].DebugString();
  EXPECT_EQ(reports[1].conversation_id(), "k3");
  EXPECT_EQ(reports[1].input_line(), 10u);
}

TEST(ScoreTest, PipeContractOneReportPerConversationInOrder) {
  std::string input;
  std::vector<std::string> ids;
  for (int i = 0; i < 300; ++i) {
    std::string line = kGood[i % 3];
    const std::string id = "p" + std::to_string(i);
    // kGood ids are c1..c3: replace the two characters after "conversationId":".
    const std::string key = "\"conversationId\":\"";
    line.replace(line.find(key) + key.size(), 2, id);
    ids.push_back(id);
    input += line + "\n";
  }
  auto r = RunCommand({kBin, "score", "--threads=2", "-"}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto reports = ParseReports(r.out);
  ASSERT_EQ(reports.size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(reports[i].conversation_id(), ids[i]) << i;
    EXPECT_EQ(reports[i].input(), "-");
  }
  EXPECT_EQ(r.err.find("\r"), std::string::npos);  // no progress bar when not a TTY
  // Usage errors.
  EXPECT_EQ(RunCommand({kBin, "score"}, "").exit_code, 2);
  EXPECT_EQ(RunCommand({kBin, "score", "/nonexistent.jsonl"}, "").exit_code, 2);
}

// Starts `replylint score` on 40,000 conversations in `dir` with its reports going to `out`,
// and returns its pid once it is writing them (its temporary file exists), or has finished.
// No fixed deadline: loading the rulesets runs every rule's examples first, which under a
// sanitizer on a loaded machine took over the second this once allowed, and a signal sent
// before the handlers are installed kills the process instead of testing them.
pid_t StartScoringInBackground(const TempDir& dir, const std::string& out) {
  std::string input;
  for (int i = 0; i < 40000; ++i) input += std::string(kGood[i % 3]) + "\n";
  dir.Write("big.jsonl", input);
  pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stderr);
    freopen("/dev/null", "w", stdout);
    execl(kBin.c_str(), kBin.c_str(), "score", (dir.path() + "/big.jsonl").c_str(),
          ("--report=" + out).c_str(), "--threads=1", static_cast<char*>(nullptr));
    _exit(127);
  }
  // 60 s at most, so a run that never writes fails the test rather than hanging it.
  for (int i = 0; i < 30000 && !std::filesystem::exists(out + "/.reports.jsonl.tmp") &&
                  !std::filesystem::exists(out + "/reports.jsonl");
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return pid;
}

TEST(ScoreTest, InterruptLeavesNoHalfWrittenReport) {
  TempDir dir;
  const std::string out = dir.path() + "/out";
  const pid_t pid = StartScoringInBackground(dir, out);
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 0) GTEST_SKIP() << "finished before the interrupt arrived";
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_FALSE(std::filesystem::exists(out + "/reports.jsonl"));
  EXPECT_FALSE(std::filesystem::exists(out + "/report.html"));
  EXPECT_FALSE(std::filesystem::exists(out + "/.reports.jsonl.tmp"));
}

// The disk fills up while the reports are written (simulated with a file-size limit, which
// fails write() the same way, with SIGXFSZ ignored): the run says why and leaves no report.
TEST(ScoreTest, DiskFullLeavesNoReportAndSaysWhy) {
  TempDir dir;
  std::string input;
  for (int i = 0; i < 3000; ++i) input += std::string(kGood[i % 3]) + "\n";
  dir.Write("in.jsonl", input);
  const std::string out = dir.path() + "/out";
  const std::string err_path = dir.path() + "/stderr";
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGXFSZ, SIG_IGN);
    freopen(err_path.c_str(), "w", stderr);
    freopen("/dev/null", "w", stdout);
    struct rlimit limit = {64 * 1024, 64 * 1024};
    setrlimit(RLIMIT_FSIZE, &limit);
    execl(kBin.c_str(), kBin.c_str(), "score", (dir.path() + "/in.jsonl").c_str(),
          ("--report=" + out).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  const std::string err = ReadFile(err_path);
  EXPECT_THAT(err, HasSubstr("cannot write the reports"));
  EXPECT_THAT(err, HasSubstr("File too large"));
  EXPECT_THAT(err, HasSubstr("no report file was written"));
  for (const char* name : {"reports.jsonl", ".reports.jsonl.tmp", "agents.csv", "rules.csv",
                           "report.html"}) {
    EXPECT_FALSE(std::filesystem::exists(out + "/" + name)) << name;
  }
}

// Killed outright (OOM killer, kill -9) mid-write: no report under its final name, and the next
// run writes complete ones over what the killed run left.
TEST(ScoreTest, KilledMidWriteLeavesNoReportAndTheNextRunRecovers) {
  TempDir dir;
  const std::string out = dir.path() + "/out";
  const pid_t pid = StartScoringInBackground(dir, out);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) GTEST_SKIP() << "finished before the kill arrived";
  for (const char* name : {"reports.jsonl", "agents.csv", "rules.csv", "report.html"}) {
    EXPECT_FALSE(std::filesystem::exists(out + "/" + name)) << name;
  }
  dir.Write("small.jsonl", std::string(kGood[0]) + "\n" + kGood[1] + "\n");
  const auto again =
      RunCommand({kBin, "score", dir.path() + "/small.jsonl", "--report=" + out}, "");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  const std::string reports = ReadFile(out + "/reports.jsonl");
  EXPECT_EQ(std::count(reports.begin(), reports.end(), '\n'), 2) << "stale lines were kept";
  EXPECT_FALSE(std::filesystem::exists(out + "/.reports.jsonl.tmp"));
}

TEST(ScoreTest, HtmlReportRendersInHeadlessChromium) {
  const char* chromium = "/usr/bin/chromium";
  ASSERT_TRUE(std::filesystem::exists(chromium)) << "install Debian's chromium (.ci/deps does)";
  TempDir dir;
  std::string input;
  for (const char* c : kGood) input += std::string(c) + "\n";
  dir.Write("a.jsonl", input);
  ASSERT_EQ(RunCommand({kBin, "score", dir.path() + "/a.jsonl", "--report=" + dir.path()}, "")
                .exit_code,
            0);
  const std::string profile = dir.path() + "/profile";
  const std::vector<std::string> flags = {
      chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--user-data-dir=" + profile};
  std::vector<std::string> dump = flags;
  dump.push_back("--dump-dom");
  dump.push_back("file://" + dir.path() + "/report.html");
  auto dom = RunCommand(dump, "");
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  EXPECT_THAT(dom.out, HasSubstr("<svg"));
  EXPECT_THAT(dom.out, HasSubstr("<rect"));
  EXPECT_THAT(dom.out, HasSubstr("<mark"));
  std::vector<std::string> shot = flags;
  shot.push_back("--screenshot=" + dir.path() + "/report.png");
  shot.push_back("--window-size=1200,1600");
  shot.push_back("file://" + dir.path() + "/report.html");
  auto png = RunCommand(shot, "");
  ASSERT_EQ(png.exit_code, 0) << png.err;
  EXPECT_GT(std::filesystem::file_size(dir.path() + "/report.png"), 20000u);
}

}  // namespace
}  // namespace replylint
