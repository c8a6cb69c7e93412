// The HTTP endpoint of a build configured without cpp-httplib (IB_METRICS_HTTP): asking for one is a clear
// "not in this build", never a silent run without the metrics the user wanted scraped.
#include "metrics/http_endpoint.hpp"

#include "core/build_info.hpp"
#include "inferbench/errors.hpp"

namespace ib::metrics {

struct HttpEndpoint::Impl {};

HttpEndpoint::HttpEndpoint(const LiveMetrics& metrics, const std::string& host, int port) {
  static_cast<void>(metrics);
  static_cast<void>(host);
  static_cast<void>(port);
  throw core::UnavailableError(std::string("--metrics-port is not available in this build: ") +
                               core::kWhyNoMetricsHttp + "; --metrics-textfile works without it");
}

HttpEndpoint::~HttpEndpoint() = default;

}  // namespace ib::metrics
