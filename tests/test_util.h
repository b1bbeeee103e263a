// Shared test helpers: status matchers, the bundled ruleset, temp dirs, running the CLI.
#ifndef REPLYLINT_TESTS_TEST_UTIL_H_
#define REPLYLINT_TESTS_TEST_UTIL_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rules/ruleset.h"
#include "rules/ruleset_loader.h"

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
