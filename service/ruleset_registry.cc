#include "service/ruleset_registry.h"

#include "absl/strings/str_join.h"

namespace replylint {

const ServedRulesets::Entry* ServedRulesets::Find(absl::string_view name) const {
  auto it = by_name.find(name);
  return it == by_name.end() ? nullptr : &it->second;
}

std::string ServedRulesets::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, entry] : by_name) names.push_back(name);
  return absl::StrJoin(names, ", ");
}

absl::Status RulesetRegistry::Reload() {
  std::lock_guard<std::mutex> lock(mu_);
  auto loaded = LoadRulesets(dir_);
  if (!loaded.ok()) {
    last_error_ = std::string(loaded.status().message());
    if (metrics_ != nullptr) metrics_->RecordReload(false);
    return loaded.status();
  }
  auto next = std::make_shared<ServedRulesets>();
  for (auto& [name, rs] : *loaded) {
    ServedRulesets::Entry e;
    for (const auto& rule : rs->rules()) {
      e.hits.push_back(metrics_ != nullptr ? metrics_->RuleHits(name, std::string(rule->id()))
                                           : nullptr);
    }
    e.ruleset = std::move(rs);
    next->by_name.emplace(name, std::move(e));
  }
  {
    std::lock_guard<std::mutex> swap(current_mu_);
    current_ = std::move(next);
  }
  generation_.fetch_add(1, std::memory_order_release);
  last_error_.clear();
  if (metrics_ != nullptr) metrics_->RecordReload(true);
  return absl::OkStatus();
}

const ServedRulesets* RulesetRegistry::CurrentForThisThread() const {
  struct Cache {
    const RulesetRegistry* owner = nullptr;
    uint64_t generation = 0;
    std::shared_ptr<const ServedRulesets> snapshot;
  };
  thread_local Cache cache;
  const uint64_t gen = generation_.load(std::memory_order_acquire);
  if (cache.owner != this || cache.generation != gen || cache.snapshot == nullptr) {
    cache.owner = this;
    cache.generation = gen;
    cache.snapshot = Current();
  }
  return cache.snapshot.get();
}

std::string RulesetRegistry::LastError() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_error_;
}

}  // namespace replylint
