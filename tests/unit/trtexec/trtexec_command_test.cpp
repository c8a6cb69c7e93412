#include "trtexec/command.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::trtexec {
namespace {

using Args = std::vector<std::string>;

TEST(trtexecCommand, DefaultsProfileInASeparateRun) {
  RunSettings settings;
  settings.engine = "/models/m.plan";
  validate(settings);
  EXPECT_EQ(trtexec_arguments(settings, "/out"),
            (Args{"--loadEngine=/models/m.plan", "--exportTimes=/out/times.json",
                  "--exportProfile=/out/profile.json", "--dumpProfile", "--separateProfileRun"}));
}

TEST(trtexecCommand, EverySetting) {
  RunSettings settings;
  settings.onnx = "/models/m.onnx";
  settings.shapes = {core::parse_shape_arg("input:1x3x224x224"), core::parse_shape_arg("mask:1x224x224")};
  settings.batch = 8;
  settings.forward_batch = true;
  settings.iterations = 500;
  settings.warmup_ms = 500;
  settings.duration_s = 2.5;
  settings.cuda_graph = true;
  settings.separate_profile_run = false;
  settings.extra_args = {"--fp16", "--noDataTransfers"};
  validate(settings);
  EXPECT_EQ(trtexec_arguments(settings, "/out dir"),
            (Args{"--onnx=/models/m.onnx", "--shapes=input:1x3x224x224,mask:1x224x224", "--batch=8",
                  "--iterations=500", "--warmUp=500", "--duration=2.5", "--useCudaGraph",
                  "--exportTimes=/out dir/times.json", "--exportProfile=/out dir/profile.json",
                  "--dumpProfile", "--fp16", "--noDataTransfers"}));
}

TEST(trtexecCommand, BatchIsRecordedNotForwardedByDefault) {
  RunSettings settings;
  settings.engine = "m.plan";
  settings.batch = 16;
  for (const std::string& arg : trtexec_arguments(settings, "o"))
    EXPECT_EQ(arg.find("--batch"), std::string::npos);
}

TEST(trtexecCommand, NoProfile) {
  RunSettings settings;
  settings.engine = "m.plan";
  settings.profile = false;
  EXPECT_EQ(trtexec_arguments(settings, "o"), (Args{"--loadEngine=m.plan", "--exportTimes=o/times.json"}));
}

TEST(trtexecCommand, ValidationNamesTheFlag) {
  const auto message = [](const RunSettings& settings) {
    try {
      validate(settings);
    } catch (const core::InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  RunSettings none;
  EXPECT_NE(message(none).find("--engine FILE"), std::string::npos);
  RunSettings both;
  both.engine = "a";
  both.onnx = "b";
  EXPECT_NE(message(both).find("exactly one model"), std::string::npos);
  RunSettings unnamed;
  unnamed.engine = "a";
  unnamed.shapes = {core::parse_shape_arg("1x3x8x8")};
  EXPECT_NE(message(unnamed).find("--shape input:1x3x8x8"), std::string::npos);
  RunSettings batch;
  batch.engine = "a";
  batch.batch = 0;
  EXPECT_NE(message(batch).find("--batch"), std::string::npos);
  RunSettings iterations;
  iterations.engine = "a";
  iterations.iterations = 0;
  EXPECT_NE(message(iterations).find("--iterations"), std::string::npos);
  RunSettings warmup;
  warmup.engine = "a";
  warmup.warmup_ms = -1;
  EXPECT_NE(message(warmup).find("--warmup-ms"), std::string::npos);
}

TEST(trtexecCommand, QuotingForTheLog) {
  EXPECT_EQ(quote_command({"/usr/bin/trtexec", "--loadEngine=/m/a.plan", "--shapes=x:1x3"}),
            "/usr/bin/trtexec --loadEngine=/m/a.plan --shapes=x:1x3");
  EXPECT_EQ(quote_command({"trtexec", "--exportTimes=/my dir/t.json", "it's", ""}),
            "trtexec '--exportTimes=/my dir/t.json' 'it'\\''s' ''");
  EXPECT_EQ(format_option_number(200), "200");
  EXPECT_EQ(format_option_number(0.25), "0.25");
  EXPECT_EQ(format_option_number(2.5), "2.5");
}

TEST(trtexecCommand, SplitWordsLikeAShellWithoutRunningOne) {
  EXPECT_EQ(split_words("  --fp16   --verbose\t"), (Args{"--fp16", "--verbose"}));
  EXPECT_EQ(split_words(""), Args{});
  EXPECT_EQ(split_words("--a='/my dir/x' \"b c\" d\\ e ''"), (Args{"--a=/my dir/x", "b c", "d e", ""}));
  // Nothing is expanded: variables, commands, globs and ~ reach trtexec as typed.
  EXPECT_EQ(split_words("$HOME `id` $(id) * ~"), (Args{"$HOME", "`id`", "$(id)", "*", "~"}));
  // In double quotes a backslash escapes only " \ $ `; elsewhere it stays. In single quotes nothing.
  EXPECT_EQ(split_words(R"("a\"b" "c\d" "\$x" 'e\f')"), (Args{"a\"b", "c\\d", "$x", "e\\f"}));
  EXPECT_EQ(split_words("pre'mid dle'post"), Args{"premid dlepost"});
  for (const char* bad : {"'open", "\"open", "end\\", "\"a\\\""}) {
    EXPECT_THROW((void)split_words(bad), core::InputError) << bad;
  }
  // quote_command is its inverse.
  const Args words{"--x=/my dir/it's", "", "$HOME", "a\"b"};
  EXPECT_EQ(split_words(quote_command(words)), words);
}

}  // namespace
}  // namespace ib::trtexec
