// libFuzzer: the word-list parser and the example syntax on arbitrary bytes. Errors must be
// Status values naming a location, never crashes.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "rules/lexicon.h"

using namespace replylint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string content(reinterpret_cast<const char*>(data), size);
  auto lex = ParseLexicon(content, "fuzz.txt");
  if (!lex.ok() && std::string(lex.status().message()).rfind("fuzz.txt:", 0) != 0) std::abort();
  Example ex;
  (void)ParseExampleBody(content, "fuzz: ", &ex);
  return 0;
}
