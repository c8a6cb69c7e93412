// `inferbench run --metrics-port N --metrics-textfile FILE` with the fake backend: the endpoint scraped while
// the run goes (classic format and OpenMetrics, by the Accept header), each exposition read by a parser of
// the formats' grammar; the text file written once, whole, at the end; bad ports refused before measuring.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "../support/prometheus_text.hpp"
#include "../support/cli_test.hpp"
#include "../support/subprocess.hpp"

namespace {

namespace fs = std::filesystem;
using ib::testing::parse_exposition;
using ib::testing::ProcessResult;
using ib::testing::slurp;

// A socket bound to a free port of 127.0.0.1 (closed by the destructor): its port is free to reuse after.
class PortHolder {
 public:
  PortHolder() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    address.sin_port = 0;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(fd_, 1) != 0)
      throw std::runtime_error("no free port");
    socklen_t size = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
  }
  ~PortHolder() { close(); }
  PortHolder(const PortHolder&) = delete;
  PortHolder& operator=(const PortHolder&) = delete;
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  [[nodiscard]] int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

class MetricsCli : public ib::testing::CliTest {
 protected:
  MetricsCli() : CliTest("ib_metrics_cli_") {}

  std::vector<std::string> run_args(int port, std::int64_t iterations) {
    return {INFERBENCH_BIN,
            "run",
            "--warmup",
            "0",
            "--iterations",
            std::to_string(iterations),
            "--model",
            "fake:2",
            "--metrics-port",
            std::to_string(port),
            "--metrics-textfile",
            (work_ / "prom" / "inferbench.prom").string(),
            "--output-dir",
            (work_ / "out").string()};
  }
};

// GET /metrics; empty when nothing answers (yet).
std::string scrape(int port, const std::string& accept, std::string* content_type = nullptr) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1, 0);
  const auto response = client.Get("/metrics", {{"Accept", accept}});
  if (!response || response->status != 200) return {};
  if (content_type != nullptr) *content_type = response->get_header_value("Content-Type");
  return response->body;
}

TEST_F(MetricsCli, EndpointIsScrapedDuringTheRunAndTheTextFileWrittenAtTheEnd) {
  PortHolder holder;
  const int port = holder.port();
  holder.close();
  fs::create_directories(work_ / "prom");
  // 2000 x 2 ms of busy-waiting: about 4 s of speed pass to scrape.
  ib::testing::Subprocess run(run_args(port, 2000), work_ / "capture");

  ib::testing::ParsedExposition during;
  double seen = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until) {
    const std::string text = scrape(port, "text/plain");
    if (!text.empty()) {
      during = parse_exposition(text, false);
      const auto* progress = during.family("inferbench_run_in_progress");
      if (progress != nullptr && progress->samples.front().value == 1) {
        seen = during.value("inferbench_latency_seconds_count");
        if (seen > 0) break;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GT(seen, 0) << "no scrape saw the speed pass in progress";
  const std::map<std::string, std::string> labels = {
      {"run", "fake:2"}, {"model", "fake:2"}, {"backend", "fake"}, {"precision", "fp32"}, {"device", "cpu"}};
  EXPECT_EQ(during.family("inferbench_latency_seconds")->type, "summary");
  EXPECT_GT(during.value("inferbench_latency_seconds",
                         [&] {
                           auto l = labels;
                           l["quantile"] = "0.5";
                           return l;
                         }()),
            0.0019);
  EXPECT_EQ(during.value("inferbench_inferences_total", labels), seen);

  std::string type;
  const std::string openmetrics = scrape(port, "application/openmetrics-text; version=1.0.0", &type);
  EXPECT_EQ(type, "application/openmetrics-text; version=1.0.0; charset=utf-8");
  const auto parsed = parse_exposition(openmetrics, true);
  EXPECT_EQ(parsed.family("inferbench_latency_seconds")->unit, "seconds");
  EXPECT_EQ(parsed.family("inferbench_inferences")->type, "counter");

  const ProcessResult done = run.wait();
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_TRUE(scrape(port, "text/plain").empty()) << "the endpoint outlived the run";
  const auto file = parse_exposition(slurp(work_ / "prom" / "inferbench.prom"), false);
  EXPECT_EQ(file.value("inferbench_latency_seconds_count", labels), 2000);
  EXPECT_EQ(file.value("inferbench_inferences_total", labels), 2000);
  EXPECT_EQ(file.value("inferbench_run_in_progress", labels), 0);
  EXPECT_GT(file.value("inferbench_throughput_inferences_per_second", labels), 0);
  // Written atomically: the file alone, no temporary beside it.
  EXPECT_EQ(std::distance(fs::directory_iterator(work_ / "prom"), fs::directory_iterator()), 1);
}

TEST_F(MetricsCli, BadOrBusyPortsAreRefusedBeforeMeasuring) {
  ProcessResult result;
  for (const int port : {0, 70000}) {
    result = ib::testing::run_process(run_args(port, 10), work_ / ("range" + std::to_string(port)));
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("inferbench: error: --metrics-port must be 1..65535 (got " +
                              std::to_string(port) + ")"),
              std::string::npos)
        << result.err;
  }

  PortHolder busy;
  result = ib::testing::run_process(run_args(busy.port(), 10), work_ / "busy");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(
      result.err.find("inferbench: error: --metrics-port " + std::to_string(busy.port()) + ": cannot listen"),
      std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(work_ / "out" / "result.json"));
}

// This test is built only where cpp-httplib was found, so the endpoint is in the build and `info` says so.
TEST_F(MetricsCli, InfoSaysTheEndpointIsBuilt) {
  const ProcessResult result = inferbench({"info"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\nmetrics endpoint (--metrics-port): yes\n"), std::string::npos) << result.out;
}

}  // namespace
