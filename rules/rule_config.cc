#include "rules/rule_config.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace replylint {

std::string RuleConfig::Where(const ConfigValue* v) const {
  if (v != nullptr) return absl::StrCat(v->file, ":", v->line, ": ");
  return absl::StrCat(file_, ":", line_, ": ");
}

std::vector<ConfigValue> RuleConfig::TakeAll(absl::string_view key) {
  understood_.emplace(key);
  auto it = keys_.find(key);
  if (it == keys_.end()) return {};
  std::vector<ConfigValue> out = std::move(it->second);
  keys_.erase(it);
  return out;
}

absl::StatusOr<std::optional<ConfigValue>> RuleConfig::TakeOne(absl::string_view key) {
  std::vector<ConfigValue> all = TakeAll(key);
  if (all.empty()) return std::nullopt;
  if (all.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        Where(&all[1]), "key '", key, "' given again in [rule ", id_, "] (first at line ",
        all[0].line, "); keep one"));
  }
  return std::move(all[0]);
}

absl::StatusOr<std::string> RuleConfig::TakeString(absl::string_view key,
                                                   absl::string_view fallback) {
  auto v = TakeOne(key);
  if (!v.ok()) return v.status();
  if (!v->has_value()) return std::string(fallback);
  return std::move((*v)->value);
}

namespace {

// Levenshtein distance, for "did you mean" hints on short keys.
size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

absl::StatusOr<std::string> RuleConfig::TakeRequired(absl::string_view key) {
  auto v = TakeOne(key);
  if (!v.ok()) return v.status();
  if (!v->has_value() || (*v)->value.empty()) {
    for (const auto& [other, values] : keys_) {
      if (EditDistance(other, key) <= 2 && !values.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            Where(&values[0]), "[rule ", id_, "] needs '", key, " = ...': is '", other,
            "' a typo for '", key, "'?"));
      }
    }
    return absl::InvalidArgumentError(absl::StrCat(
        Where(nullptr), "[rule ", id_, "] needs '", key, " = ...'; add that line"));
  }
  return std::move((*v)->value);
}

absl::StatusOr<int> RuleConfig::TakeInt(absl::string_view key, int fallback, int min, int max) {
  auto v = TakeOne(key);
  if (!v.ok()) return v.status();
  if (!v->has_value()) return fallback;
  int n;
  if (!absl::SimpleAtoi((*v)->value, &n) || n < min || n > max) {
    return absl::InvalidArgumentError(absl::StrCat(
        Where(&**v), "'", key, " = ", (*v)->value, "' is not a whole number from ", min,
        " to ", max));
  }
  return n;
}

absl::StatusOr<bool> RuleConfig::TakeBool(absl::string_view key, bool fallback) {
  auto v = TakeOne(key);
  if (!v.ok()) return v.status();
  if (!v->has_value()) return fallback;
  const std::string& s = (*v)->value;
  if (s == "yes" || s == "true" || s == "是") return true;
  if (s == "no" || s == "false" || s == "否") return false;
  return absl::InvalidArgumentError(
      absl::StrCat(Where(&**v), "'", key, " = ", s, "': write yes or no"));
}

absl::Status RuleConfig::CheckAllTaken(absl::string_view kind) const {
  if (keys_.empty()) return absl::OkStatus();
  const auto& [key, values] = *keys_.begin();
  return absl::InvalidArgumentError(absl::StrCat(
      Where(values.empty() ? nullptr : &values[0]), "unknown key '", key, "' in [rule ", id_,
      "] (kind ", kind, "); expected one of [", absl::StrJoin(understood_, ", "), "]"));
}

}  // namespace replylint
