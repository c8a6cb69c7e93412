#include "metrics/http_endpoint.hpp"

#include <thread>

#include <fmt/format.h>
#include <httplib.h>

#include "inferbench/errors.hpp"

namespace ib::metrics {

struct HttpEndpoint::Impl {
  httplib::Server server;
  std::thread thread;
};

HttpEndpoint::HttpEndpoint(const LiveMetrics& metrics, const std::string& host, int port)
    : impl_(std::make_unique<Impl>()) {
  impl_->server.Get("/metrics", [&metrics](const httplib::Request& request, httplib::Response& response) {
    const Format format = negotiate(request.get_header_value("Accept"));
    response.set_content(metrics.render(format), std::string(content_type(format)));
  });
  if (!impl_->server.bind_to_port(host, port)) {
    throw core::InputError(
        fmt::format("--metrics-port {}: cannot listen on {}:{} (in use, or not allowed)", port, host, port));
  }
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
}

HttpEndpoint::~HttpEndpoint() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace ib::metrics
