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
  // 1. Trie over characters with map children (build time only).
  std::vector<std::map<uint32_t, uint32_t>> children(1);
  std::vector<std::vector<int32_t>> outputs(1);
  AhoCorasick ac;
  for (size_t id = 0; id < patterns_.size(); ++id) {
    const std::string& p = patterns_[id];
    ac.lengths_.push_back(static_cast<uint32_t>(p.size()));
    if (p.empty()) continue;
    const auto* s = reinterpret_cast<const unsigned char*>(p.data());
    uint32_t state = 0, chars = 0;
    for (size_t i = 0, len; i < p.size(); i += len, ++chars) {
      const uint32_t c = Decode(s, p.size(), i, &len);
      auto it = children[state].find(c);
      if (it == children[state].end()) {
        children.emplace_back();
        outputs.emplace_back();
        it = children[state].emplace(c, static_cast<uint32_t>(children.size() - 1)).first;
      }
      state = it->second;
    }
    outputs[state].push_back(static_cast<int32_t>(id));
    ac.max_pattern_chars_ = std::max(ac.max_pattern_chars_, chars);
  }
  const size_t n = children.size();

  // 2. The root's transitions: the first-character filter and a hash table at most half full.
  size_t slots = 16;
  while (slots < 2 * children[0].size()) slots *= 2;
  ac.root_.assign(slots, Edge{kNoChar, 0});
  ac.root_mask_ = static_cast<uint32_t>(slots - 1);
  for (auto [c, t] : children[0]) {
    ac.first_filter_[FirstHash(c) >> 6] |= uint64_t{1} << (FirstHash(c) & 63);
    uint32_t h = FirstHash(c) & ac.root_mask_;
    while (ac.root_[h].cp != kNoChar) h = (h + 1) & ac.root_mask_;
    ac.root_[h] = Edge{c, t};
  }
  auto root_next = [&](uint32_t c) {
    auto it = children[0].find(c);
    return it == children[0].end() ? 0u : it->second;
  };

  // 3. Failure links, breadth first; outputs inherit those of their failure state.
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

  // 4. DFA transitions: delta(s, c) = child, else delta(fail(s), c). Keep only those that
  // differ from the root's, so most states stay small.
  std::vector<std::map<uint32_t, uint32_t>> delta(n);
  for (uint32_t s : order) {
    delta[s] = delta[fail[s]];  // fail[s] is complete (earlier in BFS order, or the root)
    if (fail[s] == 0) delta[s].clear();
    for (auto [c, t] : children[s]) delta[s][c] = t;
    for (auto it = delta[s].begin(); it != delta[s].end();) {
      it = it->second == root_next(it->first) ? delta[s].erase(it) : std::next(it);
    }
  }
  ac.states_.resize(n + 1);
  for (size_t s = 0; s < n; ++s) {
    ac.states_[s].edge_begin = static_cast<uint32_t>(ac.edges_.size());
    ac.states_[s].out_begin = static_cast<uint32_t>(ac.out_ids_.size());
    ac.out_ids_.insert(ac.out_ids_.end(), outputs[s].begin(), outputs[s].end());
    if (s == 0) continue;  // the root's transitions are root_
    for (auto [c, t] : delta[s]) ac.edges_.push_back(Edge{c, t});
  }
  ac.states_[n] = {static_cast<uint32_t>(ac.edges_.size()),
                   static_cast<uint32_t>(ac.out_ids_.size())};
  return ac;
}

}  // namespace replylint
