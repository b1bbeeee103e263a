// Shared test helpers: status matchers, the bundled ruleset, temp dirs, running the CLI.
#ifndef REPLYLINT_TESTS_TEST_UTIL_H_
#define REPLYLINT_TESTS_TEST_UTIL_H_

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <optional>
#include <set>
#include <memory>
#include <sstream>
#include <string>
#include <random>
#include <vector>

#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rules/ruleset.h"
#include "rules/ruleset_loader.h"
#include "rules/utf8.h"

#define ASSERT_OK(expr)                                   \
  do {                                                    \
    const auto& _st = (expr);                             \
    ASSERT_TRUE(_st.ok()) << #expr << ": " << _st;        \
  } while (0)
#define EXPECT_OK(expr)                                   \
  do {                                                    \
    const auto& _st = (expr);                             \
    EXPECT_TRUE(_st.ok()) << #expr << ": " << _st;        \
  } while (0)

namespace replylint::testing {

inline std::string SourceDir() { return REPLYLINT_SOURCE_DIR; }
inline std::string LexiconsDir() { return SourceDir() + "/lexicons"; }

// The bundled default ruleset, loaded once per test binary.
inline const Ruleset& DefaultRuleset() {
  static std::shared_ptr<const Ruleset> rs = [] {
    auto r = LoadRuleset(LexiconsDir(), "default");
    if (!r.ok()) {
      fprintf(stderr, "cannot load bundled lexicons: %s\n", r.status().ToString().c_str());
      std::abort();
    }
    return *r;
  }();
  return *rs;
}

inline LintResult Lint(const std::string& text, bool final = false,
                       const Ruleset& rs = DefaultRuleset()) {
  LintInput in;
  in.text = text;
  in.final = final;
  LintResult r;
  absl::Status st = rs.Lint(in, &r);
  EXPECT_TRUE(st.ok()) << st;
  return r;
}

// Lints an example's draft with its context, as RunExamples does.
inline LintResult LintExample(const Example& ex, const std::string& text, bool final) {
  LintInput in;
  in.text = text;
  in.final = final;
  in.context = ex.context;
  in.time_ms = ex.time_ms;
  LintResult r;
  absl::Status st = DefaultRuleset().Lint(in, &r);
  EXPECT_TRUE(st.ok()) << st;
  return r;
}

// For differential tests: up to `max_pieces` pieces drawn from `pieces`, concatenated.
inline std::string RandomPieces(std::mt19937& rng, absl::Span<const char* const> pieces,
                                int max_pieces) {
  std::string s;
  for (int i = std::uniform_int_distribution<int>(0, max_pieces)(rng); i > 0; --i) {
    s += pieces[rng() % pieces.size()];
  }
  return s;
}

// An edit that keeps a prefix of `text`: cut at a random byte (backed up until what is left
// is valid UTF-8), then up to `max_pieces` random pieces appended.
inline std::string RandomEdit(std::mt19937& rng, absl::Span<const char* const> pieces,
                              const std::string& text, int max_pieces) {
  std::string out = text.substr(0, text.empty() ? 0 : rng() % (text.size() + 1));
  while (!out.empty() && !IsValidUtf8(out)) out.pop_back();
  return out + RandomPieces(rng, pieces, max_pieces);
}

inline std::vector<std::string> RuleIds(const LintResult& r) {
  std::vector<std::string> ids;
  for (const Finding& f : r.findings) ids.push_back(f.rule->id);
  return ids;
}

inline bool Fires(const LintResult& r, const std::string& id) {
  for (const Finding& f : r.findings) {
    if (f.rule->id == id) return true;
  }
  return false;
}

// A fresh directory under the test's temp dir, removed at destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "replylint-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  void Write(const std::string& rel, const std::string& content) const {
    std::filesystem::path p = std::filesystem::path(path_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

// Polls `cond` every 20 ms for up to `limit`; returns how long it took to hold, or nullopt.
// For state a running server reaches by itself (a reload, a stream ended by the server).
template <typename F>
std::optional<std::chrono::milliseconds> WaitFor(F cond, std::chrono::milliseconds limit) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < limit) {
    if (cond()) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

// Runs `args` (argv[0] = program) with `input` on stdin; captures stdout and stderr.
inline CommandResult RunCommand(const std::vector<std::string>& args, const std::string& input) {
  TempDir tmp;
  const std::string in = tmp.path() + "/in", out = tmp.path() + "/out", err = tmp.path() + "/err";
  tmp.Write("in", input);
  CommandResult r;
  pid_t pid = fork();
  if (pid == 0) {
    freopen(in.c_str(), "rb", stdin);
    freopen(out.c_str(), "wb", stdout);
    freopen(err.c_str(), "wb", stderr);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

}  // namespace replylint::testing

#endif  // REPLYLINT_TESTS_TEST_UTIL_H_

namespace replylint::testing {

// A real `replylint serve` process on a free loopback port (port 0, read back from its first
// lines of output), stopped with SIGTERM at destruction.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extra_args = {},
                         std::string lexicons = LexiconsDir()) {
    int out[2];
    if (pipe(out) != 0) return;
    err_path_ = std::filesystem::temp_directory_path() /
                ("replylint-serve-" + std::to_string(getpid()) + "-" +
                 std::to_string(counter_++) + ".err");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      freopen(err_path_.c_str(), "wb", stderr);
      std::vector<std::string> args = {REPLYLINT_BINARY, "serve", "--listen=127.0.0.1:0",
                                       "--metrics-listen=127.0.0.1:0", "--http-listen=127.0.0.1:0",
                                       "--lexicons=" + lexicons};
      args.insert(args.end(), extra_args.begin(), extra_args.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    out_ = fdopen(out[0], "r");
    char line[512];
    while (fgets(line, sizeof line, out_) != nullptr) {
      std::string l(line);
      if (auto p = l.find("listening on 127.0.0.1:"); p != std::string::npos) {
        port_ = std::stoi(l.substr(p + strlen("listening on 127.0.0.1:")));
      }
      if (auto p = l.find("API on http://127.0.0.1:"); p != std::string::npos) {
        http_port_ = std::stoi(l.substr(p + strlen("API on http://127.0.0.1:")));
      }
      if (auto p = l.find("metrics on http://127.0.0.1:"); p != std::string::npos) {
        metrics_port_ = std::stoi(l.substr(p + strlen("metrics on http://127.0.0.1:")));
        break;
      }
    }
  }
  ~ServerProcess() {
    Stop();
    if (out_ != nullptr) fclose(out_);
    std::filesystem::remove(err_path_);
  }

  // SIGTERM; returns the exit code (or -1 if it died of a signal).
  int Stop() {
    if (pid_ <= 0) return exit_code_;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_code_;
  }
  void Signal(int sig) const { kill(pid_, sig); }

  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }
  int http_port() const { return http_port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string Stderr() const { return ReadFile(err_path_); }

 private:
  static inline int counter_ = 0;
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::string err_path_;
  int port_ = 0, metrics_port_ = 0, http_port_ = 0, exit_code_ = -1;
};

}  // namespace replylint::testing
