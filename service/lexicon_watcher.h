// LexiconWatcher: notices edits under the lexicons directory (inotify) and calls back once
// they have settled, so the server reloads without a restart.
//
// Watches the directory and its subdirectories for writes, creations, deletions and renames
// (an editor's save-to-temp-then-rename shows up as IN_MOVED_TO), debounces bursts (an editor
// writes several files, `git checkout` many), and survives the directory itself being
// deleted or replaced (Kubernetes ConfigMap updates swap a symlink): it re-attaches when the
// directory reappears. The callback runs on the watcher's own thread, never on a request
// path. Lifecycle: Start() spawns the thread; the destructor stops and joins it.
#ifndef REPLYLINT_SERVICE_LEXICON_WATCHER_H_
#define REPLYLINT_SERVICE_LEXICON_WATCHER_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace replylint {

class LexiconWatcher {
 public:
  static absl::StatusOr<std::unique_ptr<LexiconWatcher>> Start(
      std::string dir, std::chrono::milliseconds debounce, std::function<void()> on_change);
  ~LexiconWatcher();

  LexiconWatcher(const LexiconWatcher&) = delete;
  LexiconWatcher& operator=(const LexiconWatcher&) = delete;

 private:
  LexiconWatcher() = default;
  void Run();
  // Watches `dir` and every directory below it; false if `dir` cannot be watched.
  bool AddWatches(const std::string& dir);

  std::string dir_;
  std::chrono::milliseconds debounce_{200};
  std::function<void()> on_change_;
  int inotify_fd_ = -1;
  int stop_fd_ = -1;
  std::map<int, std::string> watches_;  // watch descriptor -> directory
  std::thread thread_;
};

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_LEXICON_WATCHER_H_
