#include "rules/aho_corasick.h"

#include <algorithm>
#include <deque>
#include <map>

namespace replylint {

int AhoCorasick::Builder::Add(absl::string_view pattern) {
  patterns_.emplace_back(pattern);
  return static_cast<int>(patterns_.size() - 1);
}

AhoCorasick AhoCorasick::Builder::Build() && {
  // 1. Trie with map children (build time only).
  std::vector<std::map<unsigned char, uint32_t>> children(1);
  std::vector<std::vector<int32_t>> outputs(1);
  AhoCorasick ac;
  for (size_t id = 0; id < patterns_.size(); ++id) {
    const std::string& p = patterns_[id];
    ac.lengths_.push_back(static_cast<uint32_t>(p.size()));
    if (p.empty()) continue;
    uint32_t s = 0;
    for (unsigned char c : p) {
      auto it = children[s].find(c);
      if (it == children[s].end()) {
        children.emplace_back();
        outputs.emplace_back();
        it = children[s].emplace(c, static_cast<uint32_t>(children.size() - 1)).first;
      }
      s = it->second;
    }
    outputs[s].push_back(static_cast<int32_t>(id));
  }
  const size_t n = children.size();
  for (const std::string& p : patterns_) {
    if (p.empty()) continue;
    const auto c = static_cast<unsigned char>(p[0]);
    char32_t cp = 0;
    if (c < 0x80) {
      cp = c;
    } else if (c >= 0xC0 && c < 0xE0 && p.size() >= 2) {
      cp = ((c & 0x1F) << 6) | (p[1] & 0x3F);
    } else if (c >= 0xE0 && c < 0xF0 && p.size() >= 3) {
      cp = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    } else {
      continue;  // 4-byte first characters always take the byte path
    }
    ac.first_filter_[FirstHash(cp) >> 6] |= uint64_t{1} << (FirstHash(cp) & 63);
  }

  // 2. Failure links, breadth first; outputs inherit those of their failure state.
  std::vector<uint32_t> fail(n, 0);
  std::vector<uint32_t> order;  // BFS order
  {
    std::deque<uint32_t> queue;
    for (auto [c, t] : children[0]) queue.push_back(t);
    while (!queue.empty()) {
      const uint32_t s = queue.front();
      queue.pop_front();
      order.push_back(s);
      for (auto [c, t] : children[s]) {
        uint32_t f = fail[s];
        while (f != 0 && children[f].count(c) == 0) f = fail[f];
        auto it = children[f].find(c);
        fail[t] = (it != children[f].end() && it->second != t) ? it->second : 0;
        queue.push_back(t);
      }
    }
  }
  for (uint32_t s : order) {  // a state's failure state comes earlier in BFS order
    const auto& inherited = outputs[fail[s]];
    outputs[s].insert(outputs[s].end(), inherited.begin(), inherited.end());
  }

  // 3. DFA transitions: delta(s, c) = child, else delta(fail(s), c). Keep only those that
  // differ from the root's, so most states stay small.
  for (auto [c, t] : children[0]) ac.root_next_[c] = t;
  std::vector<std::map<unsigned char, uint32_t>> delta(n);
  for (uint32_t s : order) {
    delta[s] = delta[fail[s]];  // fail[s] is complete (earlier in BFS order, or the root)
    if (fail[s] == 0) delta[s].clear();
    for (auto [c, t] : children[s]) delta[s][c] = t;
    for (auto it = delta[s].begin(); it != delta[s].end();) {
      it = it->second == ac.root_next_[it->first] ? delta[s].erase(it) : std::next(it);
    }
  }
  ac.states_.resize(n + 1);
  for (size_t s = 0; s < n; ++s) {
    ac.states_[s].edge_begin = static_cast<uint32_t>(ac.edges_.size());
    ac.states_[s].out_begin = static_cast<uint32_t>(ac.out_ids_.size());
    ac.out_ids_.insert(ac.out_ids_.end(), outputs[s].begin(), outputs[s].end());
    if (s == 0) continue;  // the root is dense
    for (auto [c, t] : delta[s]) ac.edges_.push_back(uint64_t{t} << 8 | c);
  }
  ac.states_[n] = {static_cast<uint32_t>(ac.edges_.size()),
                   static_cast<uint32_t>(ac.out_ids_.size())};
  return ac;
}

}  // namespace replylint
