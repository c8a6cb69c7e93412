#pragma once
// `--metrics-port N`: an HTTP endpoint (cpp-httplib, Debian's libcpp-httplib-dev) serving GET /metrics from a
// LiveMetrics while the run lasts, in the format the scraper asks for (exposition.hpp). Listens on all
// interfaces, as an exporter in a pod must; nothing but /metrics is served, and nothing is read from requests
// beyond their Accept header.
#include <memory>
#include <string>

#include "metrics/live_metrics.hpp"

namespace ib::metrics {

class HttpEndpoint {
 public:
  /// Binds `host`:`port` and serves on a thread of its own. Throws core::InputError when the port cannot be
  /// bound (in use, privileged).
  HttpEndpoint(const LiveMetrics& metrics, const std::string& host, int port);
  ~HttpEndpoint();  ///< stops serving and joins the thread
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ib::metrics
