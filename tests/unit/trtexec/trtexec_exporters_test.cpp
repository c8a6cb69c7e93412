#include "trtexec/exporters.hpp"
#include "report/layer_profile.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace ib::trtexec {
namespace {

using testing::fixture;
using Json = nlohmann::ordered_json;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out(1);
  for (const char c : line) {
    if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> out;
  for (const auto& [key, value] : object.items()) out.push_back(key);
  return out;
}

TimesReport v10_report() {
  TimesReport report;
  const Times times = parse_times(fixture("times_v10.json"));
  report.source = "results/times.json";
  report.layout = times.layout;
  report.summary = summarize_times(times, 2);
  return report;
}

TEST(trtexecExporters, SummaryJsonLayoutAndNumbers) {
  const Json json = summary_json(v10_report());
  EXPECT_EQ(keys(json),
            (std::vector<std::string>{"source", "layout", "records", "batch", "span_ms", "throughput_qps",
                                      "throughput_ips", "latency_ms", "gpu_compute_ms", "enqueue_ms",
                                      "h2d_ms", "d2h_ms", "method", "warnings"}));
  EXPECT_EQ(json["records"], 4);
  EXPECT_EQ(json["batch"], 2);
  EXPECT_NEAR(json["throughput_qps"].get<double>(), 4 / 0.0061, 1e-6);  // 4 records over 6.1 ms
  EXPECT_NEAR(json["throughput_ips"].get<double>(), 8 / 0.0061, 1e-6);  // x batch 2
  EXPECT_EQ(keys(json["latency_ms"]),
            (std::vector<std::string>{"min", "max", "mean", "median", "std", "p90", "p95", "p99"}));
  EXPECT_NEAR(json["latency_ms"]["p90"].get<double>(), 1.64, 1e-12);
  EXPECT_NEAR(json["gpu_compute_ms"]["median"].get<double>(), 1.1, 1e-12);
  EXPECT_EQ(json["method"]["percentile"], "linear interpolation (numpy default)");
}

TEST(trtexecExporters, MissingThroughputIsNullNeverNaN) {
  TimesReport report;
  report.summary = summarize_times(parse_times(fixture("times_streams.json")), 1);
  const std::string text = to_json_text(summary_json(report));
  EXPECT_NE(text.find("\"throughput_qps\": null"), std::string::npos) << text;
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_EQ(text.find("nan"), std::string::npos);
  const std::vector<std::string> csv = lines(summary_csv(report));
  ASSERT_EQ(csv.size(), 2u);
  EXPECT_EQ(csv[1].rfind("3,1,,,,", 0), 0u) << csv[1];  // records, batch, then no span or throughput
}

TEST(trtexecExporters, SummaryCsvFlattensTheJson) {
  const std::vector<std::string> csv = lines(summary_csv(v10_report()));
  ASSERT_EQ(csv.size(), 2u);
  const std::vector<std::string> header = cells(csv[0]);
  const std::vector<std::string> values = cells(csv[1]);
  ASSERT_EQ(header.size(), values.size());
  ASSERT_EQ(header.size(), 5u + 5 * 8);  // five series of eight statistics
  EXPECT_EQ(header[0], "records");
  EXPECT_EQ(header[5], "latency_ms.min");
  EXPECT_EQ(header[12], "latency_ms.p99");
  EXPECT_EQ(header[13], "gpu_compute_ms.min");
  EXPECT_EQ(values[0], "4");
  EXPECT_EQ(values[1], "2");
  EXPECT_NEAR(std::stod(values[12]), 1.694, 1e-12);
}

TEST(trtexecExporters, LatencySeriesCsv) {
  // TensorRT 7.0 fixture: binary-exact values, so the text is exact.
  EXPECT_EQ(latency_series_csv(parse_times(fixture("times_v7_0.json"))),
            "index,start_ms,end_ms,latency_ms,gpu_compute_ms,h2d_ms,d2h_ms,end_to_end_ms\n"
            "0,0,1.5,1.5,1,0.25,0.25,1.5\n"
            "1,1.5,3.5,2,1.5,0.25,0.25,2\n");
  EXPECT_EQ(lines(latency_series_csv(parse_times(fixture("times_streams.json"))))[0],
            "index,latency_ms,gpu_compute_ms,h2d_ms,d2h_ms");
}

TEST(trtexecExporters, LatencyPercentilesCsv) {
  const std::vector<std::string> csv =
      lines(latency_percentiles_csv(parse_times(fixture("times_v7_0.json"))));
  ASSERT_EQ(csv.size(), 1u + table_percentiles().size());
  EXPECT_EQ(csv[0], "percentile,latency_ms,gpu_compute_ms,h2d_ms,d2h_ms,end_to_end_ms");
  EXPECT_EQ(csv[1], "0,1.5,1,0.25,0.25,1.5");
  EXPECT_EQ(csv[6], "50,1.75,1.25,0.25,0.25,1.75");  // midway between the two records
  EXPECT_EQ(csv[14], "100,2,1.5,0.25,0.25,2");
  // p90 of {1.5, 2}: 1.5 + 0.9 * 0.5 = 1.95.
  EXPECT_EQ(cells(csv[8])[0], "90");
  EXPECT_NEAR(std::stod(cells(csv[8])[1]), 1.95, 1e-12);
}

TEST(trtexecExporters, PerLayerCsvSortedByAverageWithQuoting) {
  const std::vector<std::string> v82 = lines(report::layer_profile_csv(to_layer_profile(parse_profile(fixture("profile_v8_2.json")))));
  ASSERT_EQ(v82.size(), 5u);
  EXPECT_EQ(v82[0], "name,time_ms,average_ms,median_ms,percentage");
  EXPECT_EQ(v82[1], "conv2,8,0.8,,40");  // average_ms is averageMs, not the total timeMs
  EXPECT_EQ(v82[2], "fc,6,0.6,,30");
  EXPECT_EQ(v82[3], "conv1 + relu1,5,0.5,,25");
  EXPECT_EQ(v82[4], "pool,1,0.1,,5");
  const std::string v10 = report::layer_profile_csv(to_layer_profile(parse_profile(fixture("profile_v10.json"))));
  EXPECT_NE(v10.find("\n{ForeignNode[conv2...fc]},10,2.5,2.4,50\n"), std::string::npos) << v10;
  EXPECT_NE(v10.find("\n\"PWN(PWN(Sigmoid_3), Mul_4)\",1.6,0.4,0.4,8"), std::string::npos) << v10;
}

TEST(trtexecExporters, ProfileSummaryJson) {
  const Json json = profile_summary_json(parse_profile(fixture("profile_v8_2.json")), 2);
  EXPECT_EQ(json["layers"], 4);
  EXPECT_EQ(json["iterations"], 10);
  EXPECT_NEAR(json["total_average_ms"].get<double>(), 2.0, 1e-12);  // 0.5 + 0.8 + 0.1 + 0.6
  ASSERT_EQ(json["top"].size(), 2u);
  EXPECT_EQ(json["top"][0], (Json{{"name", "conv2"}, {"average_ms", 0.8}, {"percentage", 40}}));
  EXPECT_EQ(json["top"][1]["name"], "fc");
}

TEST(trtexecExporters, LogSummaryJsonKeysMatchTheTimesSummary) {
  const Json json = log_summary_json(parse_log(fixture("trtexec_v10.log")));
  for (const char* key : {"latency_ms", "enqueue_ms", "h2d_ms", "gpu_compute_ms", "d2h_ms"}) {
    ASSERT_TRUE(json.contains(key)) << key;
    EXPECT_EQ(keys(json[key]),
              (std::vector<std::string>{"min", "max", "mean", "median", "p90", "p95", "p99"}));
  }
  EXPECT_DOUBLE_EQ(json["latency_ms"]["p99"].get<double>(), 2.71289);
  EXPECT_DOUBLE_EQ(json["throughput_qps"].get<double>(), 478.258);
  EXPECT_DOUBLE_EQ(json["total_host_walltime_s"].get<double>(), 3.00461);
  EXPECT_EQ(json["tensorrt_version"], "10.3.0");
  EXPECT_EQ(json["percentile_method"], "as printed by trtexec (nearest rank)");
  const std::string table = log_table(parse_log(fixture("trtexec_v10.log")));
  EXPECT_NE(table.find("gpu_compute_ms"), std::string::npos);
  EXPECT_NE(table.find("p99=2.7129"), std::string::npos) << table;
}

}  // namespace
}  // namespace ib::trtexec
