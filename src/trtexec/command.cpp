#include "trtexec/command.hpp"

#include <fmt/format.h>

#include <cmath>

#include "inferbench/errors.hpp"
#include "trtexec/timing_mode.hpp"

namespace ib::trtexec {

void validate(const RunSettings& settings) {
  if (settings.engine.has_value() == settings.onnx.has_value()) {
    throw core::InputError("give exactly one model: --engine FILE (a serialized engine) or --onnx FILE");
  }
  for (const core::ShapeArg& shape : settings.shapes) {
    if (!shape.input_name || shape.input_name->empty()) {
      throw core::InputError(fmt::format("--shape {}: trtexec needs the input's name, e.g. --shape input:{}",
                                         core::shape_to_string(shape.shape),
                                         core::shape_to_string(shape.shape)));
    }
    if (shape.input_name->find(',') != std::string::npos) {
      throw core::InputError("--shape: an input name cannot hold ',' (trtexec separates shapes with it)");
    }
  }
  if (settings.batch < 1) throw core::InputError("--batch must be at least 1");
  if (settings.iterations && *settings.iterations < 1)
    throw core::InputError("--iterations must be at least 1");
  if (settings.warmup_ms && !(*settings.warmup_ms >= 0 && std::isfinite(*settings.warmup_ms))) {
    throw core::InputError("--warmup-ms must be 0 or more milliseconds");
  }
  if (settings.duration_s && !(*settings.duration_s >= 0 && std::isfinite(*settings.duration_s))) {
    throw core::InputError("--duration must be 0 or more seconds");
  }
}

std::string format_option_number(double value) {
  std::string text = fmt::format("{:.6f}", value);
  while (text.ends_with('0')) text.pop_back();
  if (text.ends_with('.')) text.pop_back();
  return text == "-0" ? "0" : text;
}

std::vector<std::string> trtexec_arguments(const RunSettings& settings,
                                           const std::filesystem::path& output_dir) {
  std::vector<std::string> args;
  if (settings.engine) args.push_back("--loadEngine=" + settings.engine->string());
  if (settings.onnx) args.push_back("--onnx=" + settings.onnx->string());
  if (!settings.shapes.empty()) {
    std::string shapes = "--shapes=";
    for (std::size_t i = 0; i < settings.shapes.size(); ++i) {
      if (i > 0) shapes += ",";
      shapes += fmt::format("{}:{}", settings.shapes[i].input_name.value_or(""),
                            core::shape_to_string(settings.shapes[i].shape));
    }
    args.push_back(shapes);
  }
  if (settings.forward_batch) args.push_back(fmt::format("--batch={}", settings.batch));
  if (settings.iterations) args.push_back(fmt::format("--iterations={}", *settings.iterations));
  if (settings.warmup_ms) args.push_back("--warmUp=" + format_option_number(*settings.warmup_ms));
  if (settings.duration_s) args.push_back("--duration=" + format_option_number(*settings.duration_s));
  const std::optional<int> major = major_version(settings.tensorrt_version);
  const TimingMode asked{settings.cuda_graph, settings.spin_wait, settings.data_transfers};
  for (std::string& flag : timing_flags(asked, major)) args.push_back(std::move(flag));
  args.push_back("--exportTimes=" + (output_dir / kTimesFile).string());
  if (settings.profile) {
    args.push_back("--exportProfile=" + (output_dir / kProfileFile).string());
    args.push_back("--dumpProfile");
    // Without it the profiler's synchronisation slows the timed run that times.json records.
    if (settings.separate_profile_run && !(major && *major >= 11)) args.push_back("--separateProfileRun");
  }
  args.insert(args.end(), settings.extra_args.begin(), settings.extra_args.end());
  return args;
}

std::string quote_command(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& arg : argv) {
    if (!out.empty()) out += ' ';
    const bool plain = !arg.empty() && arg.find_first_not_of(
                                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                           "@%+=:,./_-") == std::string::npos;
    if (plain) {
      out += arg;
      continue;
    }
    out += '\'';
    for (const char c : arg) {
      if (c == '\'') {
        out += "'\\''";
      } else {
        out += c;
      }
    }
    out += '\'';
  }
  return out;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;  // "" is a word too
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (++i == text.size()) throw core::InputError("--extra ends with a backslash: nothing to escape");
      word += text[i];
    } else if (c == '\'' || c == '"') {
      std::size_t end = i + 1;
      for (; end < text.size() && text[end] != c; ++end) {
        // In double quotes a backslash escapes only what the shell would: " \ $ `.
        if (c == '"' && text[end] == '\\' && end + 1 < text.size() &&
            std::string_view("\"\\$`").find(text[end + 1]) != std::string_view::npos) {
          ++end;
        }
        word += text[end];
      }
      if (end == text.size())
        throw core::InputError(fmt::format("--extra has an unclosed {} quote: {}", c, text));
      i = end;
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

}  // namespace ib::trtexec
