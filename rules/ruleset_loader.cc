#include "rules/ruleset_loader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "rules/conversation.h"
#include "rules/lexicon.h"
#include "rules/normalizer.h"
#include "rules/rewriter.h"
#include "rules/rule_kinds.h"
#include "rules/utf8.h"

namespace replylint {

namespace fs = std::filesystem;

std::string ContentHash(absl::string_view data) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return absl::StrFormat("%016x", h);
}

bool IsValidRulesetName(absl::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

namespace {

struct Section {
  std::string id;  // rule id; empty for [ruleset]
  std::string file;
  int line = 0;
  std::vector<std::pair<std::string, ConfigValue>> keys;  // in file order; "k+" = append
};

struct ParsedFile {
  std::vector<Section> rules;
  std::optional<ConfigValue> extends;
};

absl::Status FileError(absl::string_view file, int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(file, ":", line, ": ", what));
}

// Reads `rel` (relative to `dir`), refusing anything that resolves outside `dir`.
absl::StatusOr<std::string> ReadInside(const std::string& dir, absl::string_view rel,
                                       absl::string_view where) {
  if (rel.empty() || rel[0] == '/' || rel.find("..") != absl::string_view::npos ||
      rel.find('\\') != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, "'", rel, "' must be a path inside the lexicons directory (no '..', not absolute)"));
  }
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(fs::path(dir), ec);
  const fs::path full = fs::weakly_canonical(root / fs::path(std::string(rel)), ec);
  if (ec) return absl::NotFoundError(absl::StrCat(where, "cannot resolve '", rel, "'"));
  auto [root_end, unused] = std::mismatch(root.begin(), root.end(), full.begin(), full.end());
  if (root_end != root.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, "'", rel, "' resolves outside the lexicons directory"));
  }
  if (!fs::is_regular_file(full, ec)) {
    return absl::NotFoundError(absl::StrCat(where, "file '", rel, "' not found in ", dir,
                                            "; check the name"));
  }
  std::ifstream in(full, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return absl::UnavailableError(absl::StrCat(where, "cannot read '", rel, "'"));
  }
  return ss.str();
}

absl::StatusOr<ParsedFile> ParseRulesetFile(absl::string_view content, const std::string& file) {
  ParsedFile out;
  if (size_t bad = FindInvalidUtf8(content); bad != content.size()) {
    int line = 1;
    for (size_t i = 0; i < bad; ++i) line += content[i] == '\n';
    return FileError(file, line, "not valid UTF-8; save the file as UTF-8");
  }
  Section* current = nullptr;
  bool in_header = false;
  int line_no = 0;
  for (absl::string_view raw : absl::StrSplit(content, '\n')) {
    ++line_no;
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line_no == 1) absl::ConsumePrefix(&line, "\xEF\xBB\xBF");
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[') {
      if (line.back() != ']') {
        return FileError(file, line_no, "section header must end with ']'");
      }
      absl::string_view inner = absl::StripAsciiWhitespace(line.substr(1, line.size() - 2));
      if (inner == "ruleset") {
        in_header = true;
        current = nullptr;
        continue;
      }
      if (!absl::ConsumePrefix(&inner, "rule ")) {
        return FileError(file, line_no,
                         absl::StrCat("unknown section [", inner,
                                      "]; write [ruleset] or [rule RULE-ID]"));
      }
      std::string id(absl::StripAsciiWhitespace(inner));
      for (char c : id) {
        if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-') {
          return FileError(file, line_no,
                           absl::StrCat("rule id '", id,
                                        "' may only use a-z, 0-9 and '-' (e.g. banned-negative)"));
        }
      }
      for (const Section& s : out.rules) {
        if (s.id == id) {
          return FileError(file, line_no,
                           absl::StrCat("duplicate [rule ", id, "] (first at line ", s.line,
                                        "); merge the two sections"));
        }
      }
      out.rules.push_back(Section{id, file, line_no, {}});
      current = &out.rules.back();
      in_header = false;
      continue;
    }
    size_t eq = line.find('=');
    if (eq == absl::string_view::npos) {
      return FileError(file, line_no, absl::StrCat("expected 'key = value', got '", line, "'"));
    }
    std::string key(absl::StripAsciiWhitespace(line.substr(0, eq)));
    ConfigValue value{std::string(absl::StripAsciiWhitespace(line.substr(eq + 1))), file, line_no};
    if (key.empty()) return FileError(file, line_no, "missing key before '='");
    if (in_header) {
      if (key == "extends") {
        out.extends = value;
      } else if (key != "description") {
        return FileError(file, line_no,
                         absl::StrCat("unknown key '", key,
                                      "' in [ruleset]; expected one of [description, extends]"));
      }
      continue;
    }
    if (current == nullptr) {
      return FileError(file, line_no, "key outside a section; start with [rule RULE-ID]");
    }
    current->keys.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

// Reads NAME.rules and its ancestors, merging child sections over parent sections.
absl::StatusOr<std::vector<Section>> ResolveSections(const std::string& dir, absl::string_view name,
                                                     std::vector<std::string>* chain,
                                                     std::vector<SourceFile>* files,
                                                     absl::string_view where) {
  if (!IsValidRulesetName(name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, "ruleset name '", name, "' may only use letters, digits, '-' and '_'"));
  }
  for (const std::string& seen : *chain) {
    if (seen == name) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, "'extends' loops: ", absl::StrJoin(*chain, " -> "), " -> ", name));
    }
  }
  chain->emplace_back(name);
  const std::string file = absl::StrCat(name, ".rules");
  auto content = ReadInside(dir, file, where);
  if (!content.ok()) return content.status();
  files->push_back({file, ContentHash(*content)});
  auto parsed = ParseRulesetFile(*content, file);
  if (!parsed.ok()) return parsed.status();
  if (!parsed->extends.has_value()) return std::move(parsed->rules);

  auto parent = ResolveSections(dir, parsed->extends->value, chain, files,
                                absl::StrCat(file, ":", parsed->extends->line, ": "));
  if (!parent.ok()) return parent.status();
  std::vector<Section> merged = std::move(*parent);
  for (Section& child : parsed->rules) {
    auto it = std::find_if(merged.begin(), merged.end(),
                           [&](const Section& s) { return s.id == child.id; });
    if (it == merged.end()) {
      merged.push_back(std::move(child));
      continue;
    }
    for (auto& [key, value] : child.keys) {
      if (key.back() == '+') {
        it->keys.emplace_back(key, std::move(value));
        continue;
      }
      // Replace: drop the parent's values of this key (first child value only).
      const std::string k = key;  // NOTE: clang 14 cannot capture structured bindings
      std::erase_if(it->keys, [&](const auto& kv) {
        return (kv.first == k || kv.first == k + "+") && kv.second.file != child.file;
      });
      it->keys.emplace_back(key, std::move(value));
    }
  }
  return merged;
}

}  // namespace

class RulesetBuilder {
 public:
  static absl::StatusOr<std::shared_ptr<const Ruleset>> Build(const std::string& dir,
                                                              absl::string_view name,
                                                              const LoadOptions& options) {
    std::shared_ptr<Ruleset> rs(new Ruleset());
    rs->name_ = std::string(name);
    rs->normalizer_ = &Normalizer::Default();
    std::vector<std::string> chain;
    auto sections = ResolveSections(dir, name, &chain, &rs->files_, "");
    if (!sections.ok()) return sections.status();

    RulesetBuilder builder(dir, rs.get());
    // Every rule is built even after one fails, so `replylint check` (and a failed reload's
    // log) lists each broken rule at once instead of one per run. The first failure's status
    // code stands for them all.
    std::vector<absl::Status> failures;
    for (Section& s : *sections) {
      if (absl::Status st = builder.AddRule(s); !st.ok()) failures.push_back(std::move(st));
    }
    if (failures.size() == 1) return failures[0];
    if (!failures.empty()) {
      std::vector<absl::string_view> messages;
      for (const absl::Status& st : failures) messages.push_back(st.message());
      return absl::Status(failures[0].code(), absl::StrJoin(messages, "\n"));
    }
    const AhoCorasick::Builder& avoid = builder.avoid_;
    const AhoCorasick::Builder& require = builder.require_;
    AhoCorasick::Builder both = avoid;
    both.AddAll(require);
    rs->both_ = std::move(both).Build();
    rs->avoid_patterns_ = static_cast<int>(avoid.size());
    std::string all;
    for (const SourceFile& f : rs->files_) absl::StrAppend(&all, f.path, "=", f.content_hash, ";");
    rs->version_ = ContentHash(all);

    if (options.run_examples) {
      std::vector<std::string> failures = RunExamples(*rs);
      if (!failures.empty()) {
        return absl::FailedPreconditionError(absl::StrCat(
            failures[0], failures.size() > 1
                             ? absl::StrCat(" (and ", failures.size() - 1, " more failing examples)")
                             : ""));
      }
    }
    return std::shared_ptr<const Ruleset>(std::move(rs));
  }

 private:
  RulesetBuilder(const std::string& dir, Ruleset* rs) : dir_(dir), rs_(rs) {}

  // Builds the rule of one [rule ID] section into rs_ (nothing when it is disabled).
  absl::Status AddRule(Section& s) {
    RuleConfig config(s.id, s.file, s.line);
    for (auto& [key, value] : s.keys) {
      std::string k = key;
      if (k.back() == '+') {
        k = std::string(absl::StripAsciiWhitespace(k.substr(0, k.size() - 1)));
      }
      config.Append(k, std::move(value));
    }
    auto enabled = config.TakeBool("enabled", true);
    if (!enabled.ok()) return enabled.status();
    if (!*enabled) return absl::OkStatus();

    RuleBuildContext ctx;
    ctx.config = &config;
    ctx.normalizer = rs_->normalizer_;
    ctx.avoid = &avoid_;
    ctx.require = &require_;
    ctx.warnings = &rs_->warnings_;
    ctx.phrases_seen = &phrases_seen_;
    RuleInfo& info = ctx.info;
    info.id = s.id;
    info.file = s.file;
    info.line = s.line;
    // Errors about a value name the value's own line, not the section's.
    auto kind_value = config.TakeOne("kind");
    if (!kind_value.ok()) return kind_value.status();
    if (!kind_value->has_value()) return config.TakeRequired("kind").status();
    const ConfigValue& kind = **kind_value;
    const RuleKind* rk = FindRuleKind(kind.value);
    if (rk == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          config.Where(&kind), "[rule ", s.id, "] unknown kind '", kind.value,
          "'; expected one of [", RuleKindNames(), "]"));
    }
    info.kind = std::string(rk->name);
    auto severity = config.TakeOne("severity");
    if (!severity.ok()) return severity.status();
    if (severity->has_value() && !ParseSeverity((*severity)->value, &info.severity)) {
      return absl::InvalidArgumentError(absl::StrCat(
          config.Where(&**severity), "[rule ", s.id, "] severity '", (*severity)->value,
          "'; expected one of [info, warning, error]"));
    }
    if (!severity->has_value()) info.severity = Severity::kWarning;
    auto deduction = config.TakeInt("deduction", 0, 0, 100);
    if (!deduction.ok()) return deduction.status();
    info.deduction = *deduction;
    auto critical = config.TakeBool("critical", false);
    if (!critical.ok()) return critical.status();
    info.critical = *critical;
    auto message = config.TakeRequired("message");
    if (!message.ok()) return message.status();
    info.message = std::move(*message);
    std::vector<Example> examples;
    for (bool fire : {true, false}) {
      for (ConfigValue& v : config.TakeAll(fire ? "fire" : "nofire")) {
        Example ex;
        ex.fire = fire;
        ex.file = v.file;
        ex.line = v.line;
        if (absl::Status st =
                ParseExampleBody(v.value, absl::StrCat(v.file, ":", v.line, ": "), &ex);
            !st.ok()) {
          return st;
        }
        examples.push_back(std::move(ex));
      }
    }
    ctx.read_lexicon = [&](const ConfigValue& path) -> absl::StatusOr<Lexicon> {
      auto content = ReadInside(dir_, path.value, absl::StrCat(path.file, ":", path.line, ": "));
      if (!content.ok()) return content.status();
      if (std::find(lexicons_seen_.begin(), lexicons_seen_.end(), path.value) ==
          lexicons_seen_.end()) {
        lexicons_seen_.push_back(path.value);
        rs_->files_.push_back({path.value, ContentHash(*content)});
      }
      return ParseLexicon(*content, path.value);
    };
    auto rule = rk->factory(&ctx);
    if (!rule.ok()) return rule.status();
    if (absl::Status st = config.CheckAllTaken(info.kind); !st.ok()) return st;
    (*rule)->AddExamples(std::move(examples));
    rs_->triggers_.push_back((*rule)->trigger());
    rs_->rules_.push_back(std::move(*rule));
    return absl::OkStatus();
  }

  const std::string& dir_;
  Ruleset* const rs_;
  // Shared by all rules: the two automata every literal goes into, the word lists read so
  // far (each hashed into the ruleset's version once), and who listed which phrase first
  // (for `replylint check`'s duplicate and shadowing warnings).
  AhoCorasick::Builder avoid_, require_;
  std::vector<std::string> lexicons_seen_;
  std::map<std::string, std::string> phrases_seen_;
};

absl::StatusOr<std::shared_ptr<const Ruleset>> LoadRuleset(const std::string& dir,
                                                           absl::string_view name,
                                                           const LoadOptions& options) {
  return RulesetBuilder::Build(dir, name, options);
}

absl::StatusOr<RulesetMap> LoadRulesets(const std::string& dir, const LoadOptions& options) {
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() == ".rules" && it->is_regular_file(ec)) names.push_back(p.stem().string());
  }
  if (ec) return absl::NotFoundError(absl::StrCat(dir, ": cannot list directory: ", ec.message()));
  if (names.empty()) {
    return absl::NotFoundError(absl::StrCat(dir, ": no NAME.rules file; add default.rules"));
  }
  std::sort(names.begin(), names.end());
  RulesetMap out;
  for (const std::string& name : names) {
    if (!IsValidRulesetName(name)) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ".rules: ruleset file names may only use letters, digits, '-' and '_'"));
    }
    auto rs = LoadRuleset(dir, name, options);
    if (!rs.ok()) return rs.status();
    out.emplace(name, std::move(*rs));
  }
  return out;
}

std::vector<std::string> RunExamples(const Ruleset& ruleset, const Rule* only) {
  std::vector<std::string> failures;
  LintResult result;
  ConversationResult scored;
  for (const auto& rule : ruleset.rules()) {
    if (only != nullptr && rule.get() != only) continue;
    for (const Example& ex : rule->examples()) {
      bool fired = false;
      absl::Status st;
      if (ex.conversation) {
        st = ScoreConversation(ruleset, ex.context, ScoreOptions(), &scored);
        for (const TurnFinding& tf : scored.findings) fired |= tf.finding.rule == &rule->info();
      } else {
        LintInput in;
        in.text = ex.text;
        in.final = rule->ExamplesAreFinal();
        in.context = ex.context;
        in.time_ms = ex.time_ms;
        in.first_agent_turn = IsFirstAgentTurn(ex.context);
        st = ruleset.Lint(in, &result);
        for (const Finding& f : result.findings) fired |= f.rule == &rule->info();
      }
      if (!st.ok()) {
        failures.push_back(absl::StrCat(ex.file, ":", ex.line, ": example cannot be linted: ",
                                        st.message()));
        continue;
      }
      const std::string shown = ex.conversation ? "(conversation)" : ex.text;
      if (fired != ex.fire) {
        if (ex.fire && !ex.conversation) {
          if (std::string why = rule->ExplainMiss(ex.text); !why.empty()) {
            failures.push_back(absl::StrCat(ex.file, ":", ex.line, ": example '", ex.text,
                                            "' is not flagged by ", rule->id(), ": ", why));
            continue;
          }
        }
        failures.push_back(absl::StrCat(
            ex.file, ":", ex.line, ": example '", shown, "'",
            ex.context.empty() || ex.conversation
                ? ""
                : absl::StrCat(" (after ", ex.context.size(), " turns)"),
            " should ", ex.fire ? "" : "not ", "be flagged by ", rule->id(), " but ",
            ex.fire ? "is not" : "is",
            ex.fire ? "; add or fix the entry, or check word boundaries (boundary: none)"
                    : "; add an exception (unless: WORD) or fix the example"));
        continue;
      }
      if (ex.rewrite.has_value() && !ex.conversation) {
        std::string got = ApplySuggestions(ex.text, result.findings, rule->id());
        if (got != *ex.rewrite) {
          failures.push_back(absl::StrCat(ex.file, ":", ex.line, ": example '", ex.text,
                                          "' rewrites to '", got, "', expected '", *ex.rewrite,
                                          "'; fix the suggestion or the expected text"));
        }
      }
    }
  }
  return failures;
}

}  // namespace replylint
