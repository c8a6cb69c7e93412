#include "annotate/range_tree.hpp"

#include <chrono>
#include <utility>

#include "inferbench/errors.hpp"

namespace ib::annotate {
namespace {

// Closed ranges whose device times are read back together (a few hundred events at most in flight).
constexpr std::size_t kResolveEvery = 64;

[[nodiscard]] double unix_now_s() noexcept {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

Recorder::Recorder(std::string root_name, std::unique_ptr<core::Clock> clock, std::unique_ptr<GpuTimer> gpu,
                   bool nvtx)
    : clock_(std::move(clock)), gpu_(std::move(gpu)), nvtx_(nvtx) {
  RangeNode root;
  root.name = root_name;
  root.label = std::move(root_name);
  tree_.nodes.push_back(std::move(root));
  tree_.gpu_timed = gpu_ != nullptr;
  if (gpu_ != nullptr) {
    tree_.device_name = gpu_->device_name();
    tree_.device_index = gpu_->device_index();
  }
  open_.reserve(16);
}

std::int32_t Recorder::child(std::int32_t parent, std::string_view name, std::string_view label) {
  const auto& known = tree_.nodes[static_cast<std::size_t>(parent)].child_by_name;
  if (const auto found = known.find(name); found != known.end()) return found->second;
  RangeNode node;
  node.name = std::string(name);
  node.label = std::string(label);
  node.parent = parent;
  const auto index = static_cast<std::int32_t>(tree_.nodes.size());
  tree_.nodes.push_back(std::move(node));
  RangeNode& parent_node = tree_.nodes[static_cast<std::size_t>(parent)];
  parent_node.children.push_back(index);
  parent_node.child_by_name.emplace(std::string(name), index);
  return index;
}

void Recorder::push(std::string_view name, std::int64_t batch_idx) {
  if (batch_idx < -1)
    throw core::InputError("push_range('" + std::string(name) + "'): batch index " + std::to_string(batch_idx) +
                           " is negative");
  const std::int32_t parent = open_.empty() ? 0 : open_.back().node;
  std::int32_t node = 0;
  if (batch_idx >= 0) {
    scratch_.assign(name);
    scratch_ += '_';
    scratch_ += std::to_string(batch_idx);
    node = child(parent, scratch_, name);
    RangeNode& batch = tree_.nodes[static_cast<std::size_t>(node)];
    batch.batch = true;
    batch.batch_idx = batch_idx;
    if (batch.calls == 0) batch.start_unix_s = unix_now_s();
  } else {
    node = child(parent, name, name);
  }
  if (nvtx_) nvtx_push(tree_.nodes[static_cast<std::size_t>(node)].name.c_str());
  const std::size_t gpu_start = gpu_ != nullptr ? gpu_->record() : 0;
  open_.push_back({node, clock_->now_ns(), gpu_start});
}

void Recorder::pop(std::int64_t total_items, bool discard) {
  const std::int64_t end_ns = clock_->now_ns();
  if (open_.empty())
    throw core::InputError(total_items >= 0 ? "pop_range(" + std::to_string(total_items) + ") without an open range"
                                            : std::string("pop_range() without an open range"));
  const Open open = open_.back();
  RangeNode& node = tree_.nodes[static_cast<std::size_t>(open.node)];
  if (total_items >= 0 && !node.batch)
    throw core::InputError("pop_range(" + std::to_string(total_items) + ") closes a batch, but '" + node.name +
                           "' was pushed without a batch index");
  open_.pop_back();
  if (gpu_ != nullptr) {
    pending_.push_back({open.node, open.gpu_start, gpu_->record()});
    // Now and then, without waiting: a long pipeline then holds only the marks the GPU has not reached yet.
    if (pending_.size() >= kResolveEvery) resolve_pending(false);
  }
  if (nvtx_) nvtx_pop();
  node.cpu_ms += static_cast<double>(end_ns - open.start_ns) * 1e-6;
  node.calls += 1;
  if (total_items > 0) node.total_items += total_items;
  if (node.batch) node.end_unix_s = unix_now_s();
  if (discard) node.discarded = true;
}

const RangeTree& Recorder::resolve() {
  if (!open_.empty())
    throw core::InputError(std::to_string(open_.size()) + " range(s) still open, the innermost '" +
                           tree_.nodes[static_cast<std::size_t>(open_.back().node)].name +
                           "': pop every range before finalize()");
  if (gpu_ != nullptr) resolve_pending(true);
  return tree_;
}

void Recorder::resolve_pending(bool wait) {
  while (!pending_.empty()) {
    const PendingGpu pending = pending_.front();
    if (!wait && !gpu_->ready(pending.end)) return;
    tree_.nodes[static_cast<std::size_t>(pending.node)].gpu_ms += gpu_->elapsed_ms(pending.start, pending.end);
    gpu_->release(pending.start);
    gpu_->release(pending.end);
    pending_.pop_front();
  }
}

}  // namespace ib::annotate
