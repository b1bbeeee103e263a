// RulesetRegistry: the rulesets a server answers with, swapped atomically on reload.
//
// Each request takes one snapshot (Current()) and finishes on it, however many reloads happen
// meanwhile. Reload() builds a complete new set off the request path — parse, compile, run
// every example — and swaps it in only if all of that succeeded; otherwise the old set keeps
// serving and the error ("file:line: ...") is kept for GetRuleset and the logs.
//
// Thread-safety: Current() is safe from any thread (an atomic shared_ptr load). Reload() may
// be called from any thread; concurrent reloads are serialized.
#ifndef REPLYLINT_SERVICE_RULESET_REGISTRY_H_
#define REPLYLINT_SERVICE_RULESET_REGISTRY_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include <mutex>
#include "rules/ruleset_loader.h"
#include "service/metrics.h"

namespace replylint {

// One loaded set of rulesets plus the per-rule hit counters of each.
struct ServedRulesets {
  struct Entry {
    std::shared_ptr<const Ruleset> ruleset;
    std::vector<ShardedCounter*> hits;  // by rule index
  };
  std::map<std::string, Entry, std::less<>> by_name;

  // nullptr when unknown.
  const Entry* Find(absl::string_view name) const;
  // "default, shop-a" for error messages.
  std::string Names() const;
};

class RulesetRegistry {
 public:
  RulesetRegistry(std::string dir, Metrics* metrics) : dir_(std::move(dir)), metrics_(metrics) {}

  // The current set; null before the first successful load.
  std::shared_ptr<const ServedRulesets> Current() const {
    std::lock_guard<std::mutex> lock(current_mu_);
    return current_;
  }

  // The current set for the request path, without touching a shared reference count: each
  // thread keeps its own snapshot and refreshes it only when a reload has happened since
  // (one relaxed read of a counter that changes only on reload). The pointer stays valid at
  // least until this thread's next call, so a request finishes on the set it started with.
  const ServedRulesets* CurrentForThisThread() const;

  // Loads every NAME.rules in the directory; see the class comment.
  absl::Status Reload();

  // The last failed reload's error; empty after a successful one.
  std::string LastError() const;
  const std::string& dir() const { return dir_; }

 private:
  const std::string dir_;
  Metrics* const metrics_;
  // A mutex, not std::atomic<std::shared_ptr>: it is taken on reload, when a stream opens and
  // when a thread refreshes its snapshot — never per draft — and, unlike libstdc++'s lock-bit
  // atomic<shared_ptr>, ThreadSanitizer understands it.
  mutable std::mutex current_mu_;
  std::shared_ptr<const ServedRulesets> current_;  // guarded by current_mu_
  std::atomic<uint64_t> generation_{0};  // bumped after every swap
  // std::mutex rather than absl::Mutex: Debian's abseil is not built with ThreadSanitizer,
  // which then cannot see absl::Mutex order anything (tests/sanitize.sh thread).
  mutable std::mutex mu_;        // serializes Reload; guards last_error_
  std::string last_error_;       // guarded by mu_
};

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_RULESET_REGISTRY_H_
