// Fuzz-style checks of every trtexec artefact parser: each prefix of each fixture (a file cut short by a full
// disk or a killed trtexec), seeded random byte flips, insertions and deletions, and a few hostile inputs.
// A parser may accept what it is given or throw ParseError; any other exception, a crash or a hang fails.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "trtexec/exporters.hpp"
#include "report/layer_profile.hpp"
#include "trtexec/json_text.hpp"
#include "trtexec/log.hpp"
#include "trtexec/parse_error.hpp"
#include "trtexec/profile.hpp"
#include "trtexec/side_files.hpp"
#include "trtexec/times.hpp"
#include "trtexec/to_result.hpp"

namespace ib::trtexec {
namespace {

using testing::fixture;
using Parser = std::function<void(std::string_view)>;

// Parses and, when that works, runs everything downstream of the parser on the result.
void times_pipeline(std::string_view text) {
  Times times = parse_times(text);
  (void)summarize_times(times, 2);
  (void)latency_series_csv(times);
  (void)latency_percentiles_csv(times);
  if (!times.latency_ms.empty()) (void)to_result(times, {});
  if (!times.compute_start_ms.empty()) {
    try {
      (void)drop_warmup(times, 201);
    } catch (const ParseError&) {
    }
  }
}

void profile_pipeline(std::string_view text) {
  const Profile profile = parse_profile(text);
  (void)report::layer_profile_csv(to_layer_profile(profile));
  (void)to_json_text(profile_summary_json(profile, 3));
}

void log_pipeline(std::string_view text) {
  (void)to_json_text(log_summary_json(parse_log(text)));
}

// Runs `parse` on `text`: returns normally or throws ParseError, nothing else.
void expect_handled(const Parser& parse, const std::string& text, const std::string& what) {
  try {
    parse(text);
  } catch (const ParseError&) {
  } catch (const std::exception& error) {
    ADD_FAILURE() << what << ": unexpected " << typeid(error).name() << ": " << error.what()
                  << "\ninput: " << text;
  }
}

struct Case {
  const char* file;
  Parser parse;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"times_v10.json", times_pipeline},
      {"times_v8_2.json", times_pipeline},
      {"times_v7_1.json", times_pipeline},
      {"times_v7_0.json", times_pipeline},
      {"times_streams.json", times_pipeline},
      {"times_wrapped.json", times_pipeline},
      {"profile_v8_2.json", profile_pipeline},
      {"profile_v10.json", profile_pipeline},
      {"profile_nested.json", profile_pipeline},
      {"trtexec_v10.log", log_pipeline},
      {"trtexec_v8_2.log", log_pipeline},
      {"trtexec_v7.log", log_pipeline},
      {"compare.csv", [](std::string_view text) { (void)parse_comparison_csv(text); }},
      {"output_diff.json", [](std::string_view text) { (void)parse_output_diff(text); }},
  };
  return all;
}

TEST(trtexecFuzzParsers, EveryTruncationIsHandled) {
  for (const Case& c : cases()) {
    const std::string text = fixture(c.file);
    for (std::size_t length = 0; length < text.size(); ++length) {
      expect_handled(c.parse, text.substr(0, length),
                     std::string(c.file) + " cut at " + std::to_string(length));
    }
  }
}

TEST(trtexecFuzzParsers, TruncatedJsonSaysWhere) {
  const std::string text = fixture("times_v10.json");
  try {
    (void)parse_times(text.substr(0, text.size() / 2));
    ADD_FAILURE();
  } catch (const ParseError& error) {
    EXPECT_EQ(std::string(error.what()).rfind("not valid JSON: parse error at line 3", 0), 0u)
        << error.what();
  }
}

TEST(trtexecFuzzParsers, RandomGarblingIsHandled) {
  std::mt19937 random(20240611);  // fixed seed: a failure reproduces
  const std::string alphabet = "{}[]\",:.-+eE0123456789 \n\tnaifrstul\\\x80\xff\x00";
  for (const Case& c : cases()) {
    const std::string original = fixture(c.file);
    for (int round = 0; round < 300; ++round) {
      std::string text = original;
      const int edits = 1 + static_cast<int>(random() % 4);
      for (int e = 0; e < edits && !text.empty(); ++e) {
        const std::size_t at = random() % text.size();
        const char c_new = alphabet[random() % alphabet.size()];
        switch (random() % 3) {
          case 0:
            text[at] = c_new;
            break;
          case 1:
            text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c_new);
            break;
          default:
            text.erase(at, 1 + random() % 8);
            break;
        }
      }
      expect_handled(c.parse, text, std::string(c.file) + " round " + std::to_string(round));
    }
  }
}

TEST(trtexecFuzzParsers, HostileInputs) {
  const std::vector<std::string> inputs = {
      std::string(1'000'000, '['),
      std::string(100'000, '{'),
      "[" + std::string(70, '[') + std::string(70, ']') + "]",
      "[{\"computeMs\": 1e400}]",
      "[{\"computeMs\": -1e400}]",
      "[{\"computeMs\": 1}, {\"computeMs\": 18446744073709551617}]",
      "[{\"count\": 99999999999999999999}, {\"name\": \"a\", \"timeMs\": 1}]",
      "[{\"name\": \"\xff\xfe\", \"averageMs\": 1}]",
      "\xef\xbb\xbf[{\"computeMs\": 1}]",
      std::string("[{\"computeMs\": 1}]") + std::string(1, '\0') + "garbage",
      "[{\"computeMs\": NaN}, {\"computeMs\": Infinity}, {\"computeMs\": -inf}]",
      "[{\"computeMs\": nan}]",
      "nan",
      "\"just a string\"",
      "null",
      "[null]",
      "[[], [[]]]",
      "{\"times\": {\"times\": {\"times\": []}}}",
  };
  for (const std::string& text : inputs) {
    for (const Case& c : cases()) expect_handled(c.parse, text, std::string(c.file) + " parser");
    expect_handled([](std::string_view t) { (void)parse_run_config(t); }, text, "run config");
    expect_handled([](std::string_view t) { (void)parse_engine_metadata(t); }, text, "engine metadata");
  }
  try {
    (void)parse_times(std::string(1'000'000, '['));
    ADD_FAILURE();
  } catch (const ParseError& error) {
    EXPECT_NE(std::string(error.what()).find("nested deeper than 64 levels"), std::string::npos)
        << error.what();
  }
}

TEST(trtexecJsonText, NonFiniteWordsReadAsNullOutsideStrings) {
  const JsonText json = parse_json_text(R"([nan, -nan, inf, -Infinity, "nan", {"k": NaN}, true, null, 1e5])");
  EXPECT_EQ(json.non_finite_words, 5u);
  EXPECT_EQ(json.value.dump(), R"([null,null,null,null,"nan",{"k":null},true,null,100000.0])");
  EXPECT_THROW((void)parse_json_text("[nope]"), ParseError);
  EXPECT_THROW((void)parse_json_text("   \n"), ParseError);
}

}  // namespace
}  // namespace ib::trtexec
