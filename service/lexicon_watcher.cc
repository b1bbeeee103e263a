#include "service/lexicon_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace replylint {

namespace fs = std::filesystem;

constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                           IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB;

absl::StatusOr<std::unique_ptr<LexiconWatcher>> LexiconWatcher::Start(
    std::string dir, std::chrono::milliseconds debounce, std::function<void()> on_change) {
  std::unique_ptr<LexiconWatcher> w(new LexiconWatcher());
  w->dir_ = std::move(dir);
  w->debounce_ = debounce;
  w->on_change_ = std::move(on_change);
  w->inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  w->stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (w->inotify_fd_ < 0 || w->stop_fd_ < 0) {
    return absl::InternalError(absl::StrCat("inotify: ", strerror(errno)));
  }
  if (!w->AddWatches(w->dir_)) {
    return absl::NotFoundError(absl::StrCat("cannot watch ", w->dir_, ": ", strerror(errno)));
  }
  w->thread_ = std::thread([p = w.get()] { p->Run(); });
  return w;
}

LexiconWatcher::~LexiconWatcher() {
  if (stop_fd_ >= 0) {
    const uint64_t one = 1;
    (void)!write(stop_fd_, &one, sizeof one);
  }
  if (thread_.joinable()) thread_.join();
  if (inotify_fd_ >= 0) close(inotify_fd_);
  if (stop_fd_ >= 0) close(stop_fd_);
}

bool LexiconWatcher::AddWatches(const std::string& dir) {
  const int wd = inotify_add_watch(inotify_fd_, dir.c_str(), kMask);
  if (wd < 0) return false;
  watches_[wd] = dir;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::follow_directory_symlink,
                                           ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec)) {
      const int sub = inotify_add_watch(inotify_fd_, it->path().c_str(), kMask);
      if (sub >= 0) watches_[sub] = it->path().string();
    }
  }
  return true;
}

void LexiconWatcher::Run() {
  using Clock = std::chrono::steady_clock;
  bool pending = false;
  bool attached = true;  // the top directory is being watched
  Clock::time_point quiet_until;
  alignas(inotify_event) char buf[16 * 1024];
  for (;;) {
    int timeout_ms = -1;
    if (pending) {
      timeout_ms = static_cast<int>(std::max<int64_t>(
          0, std::chrono::duration_cast<std::chrono::milliseconds>(quiet_until - Clock::now())
                 .count()));
    } else if (!attached) {
      timeout_ms = 500;  // look for the directory to come back
    }
    pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    const int n = poll(fds, 2, timeout_ms);
    if (n < 0 && errno != EINTR) return;
    if (fds[1].revents & POLLIN) return;
    if (fds[0].revents & POLLIN) {
      for (;;) {
        const ssize_t len = read(inotify_fd_, buf, sizeof buf);
        if (len <= 0) break;
        for (ssize_t off = 0; off < len;) {
          const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
          off += sizeof(inotify_event) + ev->len;
          auto it = watches_.find(ev->wd);
          if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)) &&
              it != watches_.end()) {
            AddWatches(it->second + "/" + ev->name);
          }
          if (ev->mask & IN_IGNORED) {
            if (it != watches_.end() && it->second == dir_) attached = false;
            if (it != watches_.end()) watches_.erase(it);
          }
          if ((ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) && it != watches_.end() &&
              it->second == dir_) {
            attached = false;
          }
        }
        pending = true;
        quiet_until = Clock::now() + debounce_;
      }
    }
    if (!attached) {
      std::error_code ec;
      if (fs::is_directory(dir_, ec)) {
        for (const auto& [wd, path] : watches_) inotify_rm_watch(inotify_fd_, wd);
        watches_.clear();
        attached = AddWatches(dir_);
        if (attached) {
          pending = true;
          quiet_until = Clock::now() + debounce_;
        }
      }
    }
    if (pending && Clock::now() >= quiet_until) {
      pending = false;
      on_change_();
    }
  }
}

}  // namespace replylint
