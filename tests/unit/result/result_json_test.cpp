#include "result/result_json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace ib::result {
namespace {

using nlohmann::json;

// A result with every field set, including the optional ones, so a round trip exercises all of them.
Result full_result() {
  Result result;
  result.interrupted = false;
  Environment& env = result.environment;
  env.host = "bench-01";
  env.cpu_model = "AMD EPYC 9654 96-Core Processor";
  env.cpu_cores = 192;
  env.os = "Debian GNU/Linux 12 (bookworm)";
  env.kernel = "6.1.0-18-amd64 x86_64";
  env.compiler = "g++ 12.2.0";
  env.inferbench_version = "0.1.0";
  env.git_sha = "0123456789ab";
  env.command_line = {"inferbench", "run", "--model", "resnet 50.pt", "--percentiles", "99,50,99.9"};
  env.timestamp_utc = "2026-11-22T23:01:02Z";
  env.gpus = {GpuInfo{0, "NVIDIA H100 80GB HBM3", 85'520'809'984ULL, "9.0"},
              GpuInfo{1, "NVIDIA H100 80GB HBM3", 85'520'809'984ULL, "9.0"}};
  env.cuda_driver_version = "13.0";
  env.cuda_runtime_version = "13.0";
  env.gpu_driver_version = "580.65.06";
  env.backends = {BackendVersion{"libtorch", "2.11.0"}};

  Run run;
  run.name = "resnet50-b8-fp16";
  run.backend = "libtorch";
  run.device = "cuda:0";
  run.status = RunStatus::ok;
  run.model.path = "models/resnet 50.pt";
  run.model.size_bytes = 102'554'123;
  run.model.sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  run.model.mtime = "2026-11-01T10:00:00Z";
  run.model.inputs = {core::TensorSpec{"pixels", core::DType::fp16, {8, 3, 224, 224}},
                      core::TensorSpec{"aux_mask", core::DType::boolean, {8, 1}}};
  run.model.outputs = {core::TensorSpec{"logits", core::DType::fp32, {8, 1000}},
                       core::TensorSpec{"scalar", core::DType::int64, {}}};
  run.config.warmup = 10;
  run.config.iterations = 6;
  run.config.batch = 8;
  run.config.dtype = "fp16";
  // Not in alphabetical order: the object API must restore the model's input order.
  run.config.shapes = {NamedShape{"pixels", {8, 3, 224, 224}}, NamedShape{"aux_mask", {8, 1}}};
  // Not ascending, and not in the lexicographic order of their keys either ("p5" < "p50" < "p99" < "p99.9").
  run.config.percentiles = {99, 50, 99.9, 5};
  run.samples.latency_ms = {1.25, 1.5, 1.125, 2.0, 1.375, 1.0000000000000002};
  run.samples.timed_wall_s = 0.0123456789;
  run.latency = stats::summarize(run.samples.latency_ms, run.config.percentiles);
  run.throughput = Throughput{8 * 1000.0 / run.latency->mean, 6 * 8 / run.samples.timed_wall_s};
  run.warnings = {"too few samples for p99 (6 < 100)", "cv 19% above 5%"};
  result.runs.push_back(run);

  Run failed;
  failed.name = "second";
  failed.backend = "fake";
  failed.device = "cpu";
  failed.status = RunStatus::failed;
  failed.error = "backend 'fake' failed: scripted failure";
  failed.model.path = "builtin:demo";
  failed.config.percentiles = {50};
  result.runs.push_back(failed);
  return result;
}

std::string input_error_message(const json& object) {
  try {
    (void)result_from_json(object);
  } catch (const core::InputError& error) {
    return error.what();
  } catch (const std::exception& error) {
    return std::string("wrong exception type: ") + error.what();
  }
  return "no InputError";
}

std::string text_error_message(std::string_view text) {
  try {
    (void)parse_result(text);
  } catch (const core::InputError& error) {
    return error.what();
  } catch (const std::exception& error) {
    return std::string("wrong exception type: ") + error.what();
  }
  return "no InputError";
}

TEST(ResultJson, RoundTripThroughText) {
  const Result result = full_result();
  EXPECT_EQ(parse_result(serialize_result(result)), result);
}

TEST(ResultJson, RoundTripThroughObject) {
  const Result result = full_result();
  const Result back = result_from_json(to_json(result));
  EXPECT_EQ(back.runs[0].config.percentiles, result.runs[0].config.percentiles);
  EXPECT_EQ(back.runs[0].latency, result.runs[0].latency);
  EXPECT_EQ(back.runs[0].config.shapes, result.runs[0].config.shapes);
  EXPECT_EQ(back, result);
}

TEST(ResultJson, RoundTripOfAnEmptyResult) {
  const Result empty;
  EXPECT_EQ(parse_result(serialize_result(empty)), empty);
  EXPECT_EQ(result_from_json(to_json(empty)), empty);
}

TEST(ResultJson, PercentilesOutsideTheConfigComeBackToo) {
  Result result = full_result();
  ib::result::Run& run = result.runs[0];
  // A summary holding a percentile the config does not list: text keeps the written order exactly; the object
  // API puts config percentiles first, then the others ascending.
  run.latency = stats::summarize(run.samples.latency_ms, std::vector<double>{99, 75, 50, 99.9, 5, 12.5});
  EXPECT_EQ(parse_result(serialize_result(result)), result);
  const Result back = result_from_json(to_json(result));
  std::vector<double> order;
  for (const stats::Percentile& p : back.runs[0].latency->percentiles) order.push_back(p.p);
  EXPECT_EQ(order, (std::vector<double>{99, 50, 99.9, 5, 12.5, 75}));
}

TEST(ResultJson, KeyLayout) {
  const json j = to_json(full_result());
  EXPECT_EQ(j.at("schema_version"), "1.0.0");
  EXPECT_EQ(j.at("interrupted"), false);
  const json& env = j.at("environment");
  for (const char* key : {"host", "cpu_model", "cpu_cores", "os", "kernel", "compiler", "inferbench_version",
                          "git_sha", "command_line", "timestamp_utc", "gpus", "cuda_driver_version",
                          "cuda_runtime_version", "gpu_driver_version", "backends"}) {
    EXPECT_TRUE(env.contains(key)) << key;
  }
  EXPECT_EQ(env.size(), 15u);
  EXPECT_EQ(env.at("cpu_cores"), 192);
  EXPECT_EQ(env.at("gpus").at(1), (json{{"index", 1},
                                        {"name", "NVIDIA H100 80GB HBM3"},
                                        {"total_memory_bytes", 85'520'809'984ULL},
                                        {"compute_capability", "9.0"}}));
  EXPECT_EQ(env.at("backends"), (json::array({json{{"name", "libtorch"}, {"version", "2.11.0"}}})));

  const json& run = j.at("runs").at(0);
  EXPECT_EQ(run.at("status"), "ok");
  EXPECT_TRUE(run.at("error").is_null());
  EXPECT_EQ(run.at("model").at("inputs").at(0),
            (json{{"name", "pixels"}, {"dtype", "fp16"}, {"shape", {8, 3, 224, 224}}}));
  EXPECT_EQ(run.at("model").at("inputs").at(1).at("dtype"), "bool");
  EXPECT_EQ(run.at("model").at("outputs").at(1).at("shape"), json::array());
  EXPECT_EQ(run.at("config").at("shapes"), (json{{"pixels", {8, 3, 224, 224}}, {"aux_mask", {8, 1}}}));
  EXPECT_EQ(run.at("config").at("percentiles"), (json{99, 50, 99.9, 5}));
  EXPECT_EQ(run.at("samples").at("latency_ms").size(), 6u);
  EXPECT_DOUBLE_EQ(run.at("samples").at("timed_wall_s").get<double>(), 0.0123456789);

  const json& latency = run.at("stats").at("latency_ms");
  for (const char* key :
       {"count", "mean", "std", "cv", "min", "max", "median", "p99", "p50", "p99.9", "p5"}) {
    EXPECT_TRUE(latency.contains(key)) << key;
  }
  EXPECT_EQ(latency.size(), 11u);
  EXPECT_EQ(latency.at("count"), 6);
  EXPECT_EQ(latency.at("min"), 1.0000000000000002);  // written with enough digits to read back exactly
  EXPECT_EQ(latency.at("max"), 2.0);
  const json& throughput = run.at("stats").at("throughput");
  EXPECT_EQ(throughput.size(), 2u);
  EXPECT_DOUBLE_EQ(throughput.at("inferences_per_s").get<double>(), 48 / 0.0123456789);
  EXPECT_EQ(run.at("stats").at("method"), (json{{"percentile", "linear"},
                                                {"std", "population"},
                                                {"fps", "batch * 1000 / mean latency_ms"},
                                                {"inferences_per_s", "count * batch / timed_wall_s"}}));
  EXPECT_EQ(run.at("warnings").size(), 2u);

  const json& failed = j.at("runs").at(1);
  EXPECT_EQ(failed.at("status"), "failed");
  EXPECT_EQ(failed.at("error"), "backend 'fake' failed: scripted failure");
  EXPECT_TRUE(failed.at("model").at("mtime").is_null());
  EXPECT_FALSE(failed.contains("stats"));  // no latency -> no stats
}

TEST(ResultJson, TextIsPrettyOrderedAndEndsWithNewline) {
  const std::string text = serialize_result(full_result());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.substr(0, 30), "{\n  \"schema_version\": \"1.0.0\",");
  const auto at = [&text](const std::string& needle) { return text.find(needle); };
  EXPECT_LT(at("\"schema_version\""), at("\"interrupted\""));
  EXPECT_LT(at("\"interrupted\""), at("\"environment\""));
  EXPECT_LT(at("\"environment\""), at("\"runs\""));
  // Percentile keys in the order asked, not sorted.
  EXPECT_LT(at("\"p99\":"), at("\"p50\":"));
  EXPECT_LT(at("\"p50\":"), at("\"p99.9\":"));
  EXPECT_LT(at("\"p99.9\":"), at("\"p5\":"));
  EXPECT_LT(at("\"count\":"), at("\"median\":"));
  EXPECT_LT(at("\"pixels\": ["), at("\"aux_mask\": ["));
}

TEST(ResultJson, NonFiniteNumbersAreWrittenAsNull) {
  Result result = full_result();
  ib::result::Run& run = result.runs[0];
  run.samples.latency_ms = {1.0, std::numeric_limits<double>::quiet_NaN(),
                            std::numeric_limits<double>::infinity()};
  run.samples.timed_wall_s = 0;
  run.throughput =
      Throughput{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  run.latency->mean = std::numeric_limits<double>::quiet_NaN();

  const std::string text = serialize_result(result);
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_EQ(text.find("nan"), std::string::npos);
  EXPECT_EQ(text.find("Infinity"), std::string::npos);
  EXPECT_EQ(text.find(" inf"), std::string::npos);
  EXPECT_EQ(text.find("-inf"), std::string::npos);
  const json j = to_json(result);
  EXPECT_TRUE(j["runs"][0]["samples"]["latency_ms"][1].is_null());
  EXPECT_TRUE(j["runs"][0]["samples"]["latency_ms"][2].is_null());
  EXPECT_TRUE(j["runs"][0]["stats"]["throughput"]["fps"].is_null());
  EXPECT_TRUE(j["runs"][0]["stats"]["latency_ms"]["mean"].is_null());

  // Documented: null in a measured field reads back as NaN.
  const Result back = parse_result(text);
  const ib::result::Run& read = back.runs[0];
  EXPECT_EQ(read.samples.latency_ms[0], 1.0);
  EXPECT_TRUE(std::isnan(read.samples.latency_ms[1]));
  EXPECT_TRUE(std::isnan(read.samples.latency_ms[2]));
  EXPECT_EQ(read.samples.timed_wall_s, 0.0);
  EXPECT_TRUE(std::isnan(read.throughput->fps));
  EXPECT_TRUE(std::isnan(read.throughput->inferences_per_s));
  EXPECT_TRUE(std::isnan(read.latency->mean));
}

TEST(ResultJson, OptionalFieldsMayBeAbsent) {
  json j = to_json(full_result());
  j["environment"].erase("cuda_driver_version");
  j["runs"][0].erase("error");
  j["runs"][0]["model"].erase("mtime");
  j["runs"][0].erase("stats");
  const Result back = result_from_json(j);
  EXPECT_FALSE(back.environment.cuda_driver_version.has_value());
  EXPECT_FALSE(back.runs[0].error.has_value());
  EXPECT_FALSE(back.runs[0].model.mtime.has_value());
  EXPECT_FALSE(back.runs[0].latency.has_value());
  EXPECT_FALSE(back.runs[0].throughput.has_value());
}

TEST(ResultJson, UnknownKeysAndNewerMinorVersionsAreAccepted) {
  json j = to_json(full_result());
  j["schema_version"] = "1.7.2";
  j["future_field"] = {1, 2, 3};
  j["runs"][0]["telemetry"] = json::object();
  j["runs"][0]["stats"]["latency_ms"]["pretty"] = "not a percentile";
  const Result back = result_from_json(j);
  EXPECT_EQ(back.schema_version, "1.7.2");
  EXPECT_EQ(back.runs[0].latency, full_result().runs[0].latency);
}

TEST(ResultJson, MissingRequiredKeys) {
  const json valid = to_json(full_result());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/schema_version", "schema_version"},
      {"/interrupted", "interrupted"},
      {"/environment", "environment"},
      {"/environment/host", "environment.host"},
      {"/environment/cpu_cores", "environment.cpu_cores"},
      {"/environment/command_line", "environment.command_line"},
      {"/environment/gpus", "environment.gpus"},
      {"/environment/gpus/0/name", "environment.gpus[0].name"},
      {"/environment/backends/0/version", "environment.backends[0].version"},
      {"/runs", "runs"},
      {"/runs/0/name", "runs[0].name"},
      {"/runs/0/status", "runs[0].status"},
      {"/runs/0/model", "runs[0].model"},
      {"/runs/0/model/sha256", "runs[0].model.sha256"},
      {"/runs/0/model/inputs/0/dtype", "runs[0].model.inputs[0].dtype"},
      {"/runs/0/config/iterations", "runs[0].config.iterations"},
      {"/runs/0/config/shapes", "runs[0].config.shapes"},
      {"/runs/0/config/percentiles", "runs[0].config.percentiles"},
      {"/runs/0/samples/latency_ms", "runs[0].samples.latency_ms"},
      {"/runs/0/samples/timed_wall_s", "runs[0].samples.timed_wall_s"},
      {"/runs/0/stats/latency_ms/mean", "runs[0].stats.latency_ms.mean"},
      {"/runs/0/stats/latency_ms/count", "runs[0].stats.latency_ms.count"},
      {"/runs/0/stats/throughput/fps", "runs[0].stats.throughput.fps"},
      {"/runs/1/warnings", "runs[1].warnings"},
  };
  for (const auto& [pointer, path] : cases) {
    json broken = valid;
    const json::json_pointer where(pointer);
    broken.at(where.parent_pointer()).erase(where.back());
    EXPECT_EQ(input_error_message(broken), "result file: missing key '" + path + "'") << pointer;
  }
}

TEST(ResultJson, WrongTypesAndValues) {
  const json valid = to_json(full_result());
  const std::vector<std::pair<std::string, json>> cases = {
      {"/schema_version", 1},
      {"/schema_version", "2.0.0"},
      {"/schema_version", "1"},
      {"/interrupted", "no"},
      {"/environment", json::array()},
      {"/environment/host", nullptr},
      {"/environment/cpu_cores", -1},
      {"/environment/cpu_cores", 1.5},
      {"/environment/cpu_cores", 5'000'000'000ULL},
      {"/environment/command_line", "inferbench run"},
      {"/environment/command_line/0", 7},
      {"/environment/gpus/0", "H100"},
      {"/environment/gpus/0/index", 3'000'000'000LL},
      {"/environment/gpus/0/total_memory_bytes", -1},
      {"/environment/cuda_driver_version", 13.0},
      {"/runs", json::object()},
      {"/runs/0", 5},
      {"/runs/0/status", "done"},
      {"/runs/0/error", false},
      {"/runs/0/model/size_bytes", -5},
      {"/runs/0/model/size_bytes", "100"},
      {"/runs/0/model/mtime", 0},
      {"/runs/0/model/inputs/0/dtype", "float128"},
      {"/runs/0/model/inputs/0/shape", "8x3"},
      {"/runs/0/model/inputs/0/shape/0", "8"},
      {"/runs/0/model/inputs/0/shape/0", 8.5},
      {"/runs/0/config/iterations", "100"},
      {"/runs/0/config/warmup", 1e30},
      {"/runs/0/config/batch", std::numeric_limits<std::uint64_t>::max()},
      {"/runs/0/config/shapes", json::array()},
      {"/runs/0/config/shapes/pixels/1", nullptr},
      {"/runs/0/config/percentiles/0", 101},
      {"/runs/0/config/percentiles/0", -1},
      {"/runs/0/config/percentiles/0", nullptr},
      {"/runs/0/config/percentiles/0", std::numeric_limits<double>::quiet_NaN()},
      {"/runs/0/samples/latency_ms/0", "1.0"},
      {"/runs/0/samples/timed_wall_s", true},
      {"/runs/0/stats", 1},
      {"/runs/0/stats/latency_ms", json::array()},
      {"/runs/0/stats/latency_ms/p50", "1.0"},
      {"/runs/0/stats/latency_ms/count", -3},
      {"/runs/0/stats/throughput", "fast"},
      {"/runs/0/warnings", "one"},
      {"/runs/0/warnings/0", nullptr},
  };
  for (const auto& [pointer, value] : cases) {
    json broken = valid;
    broken[json::json_pointer(pointer)] = value;
    const std::string message = input_error_message(broken);
    EXPECT_TRUE(message.starts_with("result file: ")) << pointer << " = " << value.dump() << ": " << message;
  }
  EXPECT_EQ(input_error_message(json::array()), "result file: the top level must be a JSON object");
  EXPECT_EQ(input_error_message(json("text")), "result file: the top level must be a JSON object");
}

TEST(ResultJson, MessagesNameThePlace) {
  json broken = to_json(full_result());
  broken["runs"][0]["config"]["iterations"] = "100";
  EXPECT_EQ(input_error_message(broken), "result file: 'runs[0].config.iterations' must be an integer");
  broken = to_json(full_result());
  broken["runs"][0]["model"]["outputs"][1]["dtype"] = "complex64";
  EXPECT_NE(input_error_message(broken).find("'runs[0].model.outputs[1].dtype': unknown dtype 'complex64'"),
            std::string::npos)
      << input_error_message(broken);
  broken = to_json(full_result());
  broken["schema_version"] = "2.0.0";
  EXPECT_EQ(input_error_message(broken),
            "result file: schema_version '2.0.0' is not supported (this inferbench reads 1.x.x)");
}

TEST(ResultJson, MalformedText) {
  const std::string text = serialize_result(full_result());
  for (const std::string& bad :
       {std::string(), std::string("   "), text.substr(0, text.size() / 2), text.substr(0, text.size() - 3),
        std::string("{\"schema_version\": \"1.0.0\""), std::string("not json"), std::string("{} trailing")}) {
    const std::string message = text_error_message(bad);
    EXPECT_TRUE(message.starts_with("result file: not valid JSON (")) << message;
  }
  // A bare NaN (what some writers emit) is not JSON.
  std::string with_nan = text;
  const std::string wall = "\"timed_wall_s\": ";
  const std::size_t at = with_nan.find(wall) + wall.size();
  with_nan.replace(at, with_nan.find(',', at) - at, "NaN");
  EXPECT_TRUE(text_error_message(with_nan).starts_with("result file: not valid JSON (")) << with_nan;
  EXPECT_TRUE(text_error_message("{\"a\": Infinity}").starts_with("result file: not valid JSON ("));
  EXPECT_EQ(text_error_message("[]"), "result file: the top level must be a JSON object");
}

TEST(ResultJson, DeeplyNestedTextDoesNotCrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(text_error_message(deep), "result file: the top level must be a JSON object");
  const std::string unterminated(100000, '[');
  EXPECT_TRUE(text_error_message(unterminated).starts_with("result file: not valid JSON ("));
}

TEST(ResultJson, CorruptedTextGivesInputErrorOrAResultNeverACrash) {
  const std::string text = serialize_result(full_result());
  std::mt19937 random(12345);  // fixed seed: a failure reproduces
  std::uniform_int_distribution<std::size_t> position(0, text.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  int rejected = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string corrupted = text;
    for (int flips = 0; flips < 1 + trial % 4; ++flips) {
      corrupted[position(random)] = static_cast<char>(byte(random));
    }
    try {
      (void)parse_result(corrupted);
    } catch (const core::InputError&) {
      ++rejected;
    }  // any other exception escapes and fails the test
  }
  EXPECT_GT(rejected, 1000);
}

}  // namespace
}  // namespace ib::result
