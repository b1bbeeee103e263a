// RuleConfig: the keys of one [rule ID] section of a ruleset file, as the loader read them,
// with their line numbers. A rule kind's factory Takes the keys it understands; whatever is
// left is an error ("unknown key"), so a typo never silently disables a setting (the lesson
// of Vale's ErrorUnused).
//
// Lifecycle: built by the loader, consumed by one factory call. Not thread-safe.
#ifndef REPLYLINT_RULES_RULE_CONFIG_H_
#define REPLYLINT_RULES_RULE_CONFIG_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace replylint {

struct ConfigValue {
  std::string value;
  std::string file;  // file the value was written in (a shop ruleset or its parent)
  int line = 0;
};

class RuleConfig {
 public:
  RuleConfig(std::string id, std::string file, int line)
      : id_(std::move(id)), file_(std::move(file)), line_(line) {}

  const std::string& id() const { return id_; }
  const std::string& file() const { return file_; }
  int line() const { return line_; }

  // Loader side.
  void Set(const std::string& key, std::vector<ConfigValue> values) { keys_[key] = std::move(values); }
  void Append(const std::string& key, ConfigValue v) { keys_[key].push_back(std::move(v)); }
  bool Has(const std::string& key) const { return keys_.count(key) > 0; }

  // Factory side. Each records `key` as understood by this kind.
  std::vector<ConfigValue> TakeAll(absl::string_view key);
  // At most one value; error naming both lines if given twice.
  absl::StatusOr<std::optional<ConfigValue>> TakeOne(absl::string_view key);
  absl::StatusOr<std::string> TakeString(absl::string_view key, absl::string_view fallback);
  absl::StatusOr<std::string> TakeRequired(absl::string_view key);
  absl::StatusOr<int> TakeInt(absl::string_view key, int fallback, int min, int max);
  absl::StatusOr<bool> TakeBool(absl::string_view key, bool fallback);

  // Error for the first key nobody took: "file:line: unknown key 'x' in [rule id] (kind k);
  // expected one of [...]".
  absl::Status CheckAllTaken(absl::string_view kind) const;

  // "file:line: " of a value, or of the section when `v` is null.
  std::string Where(const ConfigValue* v) const;

 private:
  std::string id_;
  std::string file_;
  int line_;
  std::map<std::string, std::vector<ConfigValue>, std::less<>> keys_;
  std::set<std::string, std::less<>> understood_;
};

}  // namespace replylint

#endif  // REPLYLINT_RULES_RULE_CONFIG_H_
